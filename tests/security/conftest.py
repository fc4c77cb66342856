"""What the security tests share: an app per database, a bearer token for any role and region
(signed by the app itself, so no password hashing per role), and the audit records written."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from valvo.adapters.db import tables as t
from valvo.bootstrap import Valvo
from valvo.services.auth import Principal
from valvo.web.app import create_app
from valvo.web.auth import issue_token

Headers = dict[str, str]
TokenFor = Callable[..., Headers]


def bearer(valvo: Valvo, role: str, region: str | None = None, name: str | None = None) -> Headers:
    who = Principal(str(uuid.uuid4()), name or f"{role}-{region or 'all'}", role, region)
    return {"Authorization": f"Bearer {issue_token(valvo, who, valvo.clock())}"}


@pytest.fixture
def client(valvo: Valvo) -> Iterator[TestClient]:
    with TestClient(create_app(valvo), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture
def token_for(valvo: Valvo) -> TokenFor:
    def make(role: str, region: str | None = None, name: str | None = None) -> Headers:
        return bearer(valvo, role, region, name)

    return make


def audit_rows(valvo: Valvo, **equal: Any) -> list[dict[str, Any]]:
    a = t.audit_records
    query = select(a).order_by(a.c.id)
    for column, value in equal.items():
        query = query.where(a.c[column] == value)
    with valvo.db.connect() as conn:
        return [dict(r) for r in conn.execute(query).mappings()]

"""What the security tests share: an app per database, a bearer token for any role and region
(signed by the app itself, so no password hashing per role), and the audit records written."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from valvo.adapters.db import tables as t
from valvo.bootstrap import Valvo
from valvo.services import sessions
from valvo.services.auth import Principal
from valvo.web.app import create_app
from valvo.web.auth import issue_token

Headers = dict[str, str]
TokenFor = Callable[..., Headers]


def bearer(valvo: Valvo, role: str, region: str | None = None, name: str | None = None) -> Headers:
    """A user of ``role`` (stored without a usable password: nobody logs in as it) and a live
    session, so the token passes the per-request session check."""
    now = valvo.clock()
    who = Principal(
        str(uuid.uuid4()), name or f"{role}-{region or 'all'}-{uuid.uuid4().hex[:6]}", role, region
    )
    with valvo.uow() as uow:
        uow.users.insert(
            {
                "id": who.user_id,
                "username": who.username,
                "password_hash": "!",
                "role": role,
                "region": region,
                "active": True,
                "created_at": now,
            }
        )
        grant = sessions.start(uow, who, now, timedelta(hours=12), None)
        uow.commit()
    return {"Authorization": f"Bearer {issue_token(valvo, grant.principal, now)}"}


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

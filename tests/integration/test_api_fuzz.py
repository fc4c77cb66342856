"""Schemathesis over the whole OpenAPI of the app (ASGI, SQLite seeded with the demo's people,
staff and partners, an administrator's token, a fixed seed, two valid examples per operation):
no request may end in a server error. ``bench/api_fuzz.py`` runs the same with a bigger budget,
invalid examples too, and once per role."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.conftest import FakeClock, make_valvo
from tests.support.api_fuzz import fuzz, known_ids, seed_rows
from valvo.web.app import create_app


@pytest.mark.timeout(900)  # ~60 s alone on the 2-core machine; more when it is shared
def test_no_operation_answers_with_a_server_error(tmp_path: Path, clock: FakeClock) -> None:
    valvo = make_valvo(f"sqlite:///{tmp_path / 'valvo.db'}", tmp_path, clock)
    seed_rows(valvo, clock())
    app = create_app(valvo)
    with TestClient(app) as client:

        def headers() -> dict[str, str]:
            login = client.post(
                "/api/auth/token", data={"username": "admin", "password": "valvo-demo"}
            )
            return {"Authorization": f"Bearer {login.json()['access_token']}"}

        report = fuzz(
            app, headers, known_ids(valvo), max_examples=2, negative_examples=0, seed_value=20261123
        )
    assert report.operations > 150  # the whole API was covered
    assert report.statuses[200] + report.statuses[201] > 40  # and many requests got through
    assert not report.errors, "server errors:\n" + "\n".join(report.lines())

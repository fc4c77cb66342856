"""A route that fails answers 500 and leaves a log line naming the exception's type and place,
never its message or a traceback, which could quote the personal data the request carried."""

from __future__ import annotations

import logging

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.testclient import TestClient
from structlog.testing import capture_logs

from valvo.web.request_guard import RequestGuard


async def failing(request: Request) -> Response:
    body = (await request.body()).decode()
    raise ValueError(f"cannot store {body}")  # a library quoting its input


def test_a_failing_route_logs_no_request_body(caplog: pytest.LogCaptureFixture) -> None:
    app = Starlette(routes=[Route("/subjects", failing, methods=["POST"])])
    app.add_middleware(RequestGuard)
    with caplog.at_level(logging.DEBUG), capture_logs() as events, TestClient(app) as client:
        response = client.post("/subjects", json={"name": "Aino Virtanen"})
    assert (response.status_code, response.json()) == (500, {"detail": "internal error"})
    assert "Aino" not in caplog.text + repr(events)
    (failure,) = [e for e in events if e["event"] == "request failed"]
    assert failure["error"].startswith("ValueError at test_request_guard.py:")
    assert "exc_info" not in failure

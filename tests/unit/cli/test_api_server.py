"""The API server believes X-Forwarded-For only from the configured proxies: rotating the header
from the same host must neither change the client address (rate limits) nor the audit peer."""

from __future__ import annotations

import asyncio
import resource

import httpx
import pytest
import uvicorn
from starlette.types import Receive, Scope, Send

from valvo.cli.api_protocol import guarded_h11
from valvo.cli.runtime import api_config
from valvo.gateway.connection_budget import ConnectionBudget, FdLimitTooLow, fd_budget
from valvo.settings import Settings


async def echo_client(scope: Scope, receive: Receive, send: Send) -> None:
    """Answers with the client address the server settled on."""
    assert scope["type"] == "http"
    host = scope["client"][0] if scope.get("client") else ""
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": host.encode()})


async def client_seen(settings: Settings, forwarded: str) -> str:
    server = uvicorn.Server(api_config(echo_client, settings))
    task = asyncio.create_task(server.serve())
    try:
        while not server.started:  # uvicorn exposes readiness only as a flag
            if task.done():
                await task  # it could not start: raise its error
            await asyncio.sleep(0.01)
        port = server.servers[0].sockets[0].getsockname()[1]
        async with httpx.AsyncClient() as client:
            answer = await client.get(
                f"http://127.0.0.1:{port}/", headers={"X-Forwarded-For": forwarded}
            )
        return answer.text
    finally:
        server.should_exit = True
        await task


async def test_forwarded_for_from_an_unconfigured_local_peer_is_ignored() -> None:
    settings = Settings(api_host="127.0.0.1", api_port=0)
    assert await client_seen(settings, "203.0.113.7") == "127.0.0.1"


async def test_forwarded_for_from_a_configured_proxy_names_the_client() -> None:
    settings = Settings(api_host="127.0.0.1", api_port=0, trusted_proxies=["127.0.0.1"])
    assert await client_seen(settings, "203.0.113.7") == "203.0.113.7"


async def test_the_api_closes_slow_headers_and_caps_connections_per_address() -> None:
    budget = ConnectionBudget(total=100, per_address=2)
    config = uvicorn.Config(echo_client, host="127.0.0.1", port=0, log_level="warning")
    config.http = guarded_h11(budget, header_timeout_s=0.5)
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    try:
        while not server.started:
            if task.done():
                await task
            await asyncio.sleep(0.01)
        port = server.servers[0].sockets[0].getsockname()[1]
        slow = [await asyncio.open_connection("127.0.0.1", port) for _ in range(2)]
        for _, writer in slow:
            writer.write(b"GET / HTTP/1.1\r\nHost: x\r\n")  # the head never ends
        late, _ = await asyncio.open_connection("127.0.0.1", port)
        assert await asyncio.wait_for(late.read(), 5) == b""  # over the address's share
        for reader, _ in slow:
            assert await asyncio.wait_for(reader.read(), 5) == b""  # past the head's deadline
        assert budget.open == 0
        async with httpx.AsyncClient() as client:
            assert (await client.get(f"http://127.0.0.1:{port}/")).text == "127.0.0.1"
    finally:
        server.should_exit = True
        await task


def test_start_up_raises_the_open_file_limit_or_refuses_clearly() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard < 2048:
        pytest.skip("the hard open-file limit leaves no room to lower the soft one")
    resource.setrlimit(resource.RLIMIT_NOFILE, (1024, hard))
    try:
        assert fd_budget(reserve=256) == hard - 256
        assert resource.getrlimit(resource.RLIMIT_NOFILE)[0] == hard
        with pytest.raises(FdLimitTooLow, match=r"raise it \(ulimit -n"):
            fd_budget(reserve=hard)
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))

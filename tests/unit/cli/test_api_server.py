"""The API server believes X-Forwarded-For only from the configured proxies: rotating the header
from the same host must neither change the client address (rate limits) nor the audit peer."""

from __future__ import annotations

import asyncio

import httpx
import uvicorn
from starlette.types import Receive, Scope, Send

from valvo.cli.runtime import api_config
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

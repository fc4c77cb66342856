"""The Valvo protocol over HTTP: ``POST /valvo/v1/messages`` with the signed message as body.

The answer is 200 with the signed ACK only after the message is stored; 400, 401 and 409 carry
the reason and mean "do not send this again"; 503 means "not stored, send it again".
"""

from __future__ import annotations

from urllib.parse import urlsplit

from valvo.gateway.http_server import HttpRequest, HttpResponse
from valvo.gateway.valvo_ingest import ValvoIngest

PATH = "/valvo/v1/messages"


class ValvoHttpEndpoint:
    def __init__(self, ingest: ValvoIngest) -> None:
        self._ingest = ingest

    async def __call__(self, request: HttpRequest) -> HttpResponse:
        if urlsplit(request.target).path != PATH:
            return HttpResponse(404, f"post messages to {PATH}".encode())
        if request.method != "POST":
            return HttpResponse(405, b"use POST")
        reply = await self._ingest.handle(request.body, request.peer)
        return HttpResponse(reply.status, reply.body)

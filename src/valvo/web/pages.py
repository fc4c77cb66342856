"""The console's pages and static files, found from one place (a route module that moves
does not move them)."""

from __future__ import annotations

from pathlib import Path

from fastapi.responses import FileResponse

UI = Path(__file__).parent / "ui"


def page(name: str) -> FileResponse:
    """A console page (``ui/<name>``) as the answer of its route."""
    return FileResponse(UI / name)

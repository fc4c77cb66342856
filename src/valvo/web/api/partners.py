"""The partner registry's API (issue 7) as one router for the app to include."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

from valvo.web.api import (
    partner_portal,
    partners_dashboards,
    partners_places,
    partners_public,
    partners_records,
    partners_workflows,
)

router = APIRouter()
# Specific routes first, then the generic per-kind record routes.
for _module in (
    partners_dashboards,
    partners_places,
    partners_workflows,
    partners_public,
    partner_portal,
    partners_records,
):
    router.include_router(_module.router)

UI = Path(__file__).resolve().parent.parent / "ui"


@router.get("/partners", include_in_schema=False)
def partners_page() -> FileResponse:
    """The partner registry's console page (the main console's login is reused)."""
    return FileResponse(UI / "partners.html")

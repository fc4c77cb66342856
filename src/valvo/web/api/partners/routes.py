"""The partner registry's API (issue 7) as one router for the app to include."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import FileResponse

from valvo.web.api.partners import dashboards as partners_dashboards
from valvo.web.api.partners import network as partners_network
from valvo.web.api.partners import places as partners_places
from valvo.web.api.partners import portal as partner_portal
from valvo.web.api.partners import public as partners_public
from valvo.web.api.partners import records as partners_records
from valvo.web.api.partners import workflows as partners_workflows
from valvo.web.pages import page

router = APIRouter()
# Specific routes first, then the generic per-kind record routes.
for _module in (
    partners_dashboards,
    partners_places,
    partners_workflows,
    partners_network,
    partners_public,
    partner_portal,
    partners_records,
):
    router.include_router(_module.router)


@router.get("/partners", include_in_schema=False)
def partners_page() -> FileResponse:
    """The partner registry's console page (the main console's login is reused)."""
    return page("partners.html")

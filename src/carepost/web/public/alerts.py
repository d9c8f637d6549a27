"""Public alert pages of an organisation: the list, one alert, RSS, Atom and a CAP 1.2 feed.

No login, read-only. Drills and unsent alerts never appear. The CAP feed (`cap.xml`) is an
Atom index whose entries link each alert's CAP message (`<id>.cap.xml`), the shape public alert
aggregators poll.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response

from carepost.services.alerts import feeds
from carepost.services.errors import NotFound
from carepost.storage.db import read_only
from carepost.web.deps import state
from carepost.web.templating import render, render_error

router = APIRouter(include_in_schema=False)
Org = Annotated[str, Path(max_length=64, pattern=r"^[a-z0-9][a-z0-9-]*$")]
FEED_ITEMS = 50


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def _not_found(request: Request) -> Response:
    return render_error(request, 404, heading="Not found",
                        message="There is no such alert page.")


# Always with the trailing slash: "/alerts/<number>" is the staff's alert screen.
@router.get("/alerts/{org}/")
def public_list(request: Request, org: Org) -> Response:
    """The organisation's public alerts, newest first, with links to the feeds."""
    # Rendered inside the session: the rows stay loaded while the template reads them.
    with read_only(state(request).factory) as db:
        try:
            row = feeds.org_by_slug(db, org)
        except NotFound:
            return _not_found(request)
        return render(request, "alerts_public.html", title=f"{row.name}: alerts", org=row,
                      alerts=feeds.public_alerts(db, row), one=None)


def _feed(request: Request, org: str, kind: str) -> Response:
    with read_only(state(request).factory) as db:
        try:
            row = feeds.org_by_slug(db, org)
        except NotFound:
            return _not_found(request)
        alerts = feeds.public_alerts(db, row, FEED_ITEMS)
        if kind == "rss":
            return Response(feeds.rss(row, alerts, _base(request)),
                            media_type="application/rss+xml")
        return Response(feeds.atom(row, alerts, _base(request), cap_links=kind == "cap"),
                        media_type="application/atom+xml")


@router.get("/alerts/{org}/rss.xml")
def public_rss(request: Request, org: Org) -> Response:
    """RSS 2.0 of the public alerts."""
    return _feed(request, org, "rss")


@router.get("/alerts/{org}/feed.atom")
def public_atom(request: Request, org: Org) -> Response:
    """Atom of the public alerts."""
    return _feed(request, org, "atom")


@router.get("/alerts/{org}/cap.xml")
def public_cap_feed(request: Request, org: Org) -> Response:
    """The CAP feed: Atom entries linking each alert's CAP 1.2 message."""
    return _feed(request, org, "cap")


@router.get("/alerts/{org}/{alert_id:int}.cap.xml")
def public_cap(request: Request, org: Org, alert_id: int) -> Response:
    """One public alert as CAP 1.2 XML."""
    try:
        with read_only(state(request).factory) as db:
            row = feeds.org_by_slug(db, org)
            alert = feeds.public_alert(db, row, alert_id)
            data = feeds.cap_xml(db, alert, f"{_base(request)}/alerts/{org}/{alert.id}")
    except NotFound:
        return _not_found(request)
    return Response(data, media_type="application/cap+xml")


@router.get("/alerts/{org}/{alert_id:int}")
def public_one(request: Request, org: Org, alert_id: int) -> Response:
    """One public alert, with the rest of its chain (updates, all-clear)."""
    with read_only(state(request).factory) as db:
        try:
            row = feeds.org_by_slug(db, org)
            alert = feeds.public_alert(db, row, alert_id)
        except NotFound:
            return _not_found(request)
        alerts = feeds.public_alerts(db, row, 100, root_id=alert.parent_id or alert.id)
        return render(request, "alerts_public.html", title=alert.headline, org=row,
                      alerts=sorted(alerts, key=lambda a: a.id), one=alert)

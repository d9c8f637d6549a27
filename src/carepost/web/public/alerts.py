"""Public alert pages of an organisation: the list, one alert, RSS, Atom and a CAP 1.2 feed.

No login, read-only. Drills and unsent alerts never appear. The CAP feed (`cap.xml`) is an
Atom index whose entries link each alert's CAP message (`<id>.cap.xml`), the shape public alert
aggregators poll. Absolute links come from the `public_url` setting only; without it the feeds
answer 404 and CAP messages carry no <web> link.
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


def _base(request: Request) -> str | None:
    """The configured public address (CAREPOST_PUBLIC_URL), or None.

    Never the request's Host header: a client chooses it, and a caching proxy would serve the
    feed or CAP message built from a forged one to every reader and alert aggregator.
    """
    return state(request).settings.public_url or None


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
                      alerts=feeds.public_alerts(db, row), one=None,
                      feeds_on=_base(request) is not None)


def _feed(request: Request, org: str, kind: str) -> Response:
    with read_only(state(request).factory) as db:
        try:
            row = feeds.org_by_slug(db, org)
        except NotFound:
            return _not_found(request)
        base = _base(request)
        if base is None:  # feeds need absolute links, which only the setting may give
            return render_error(request, 404, heading="No feeds here",
                                message="This site's public address is not configured, so it "
                                        "serves no alert feeds.")
        alerts = feeds.public_alerts(db, row, FEED_ITEMS)
        if kind == "rss":
            return Response(feeds.rss(row, alerts, base), media_type="application/rss+xml")
        return Response(feeds.atom(row, alerts, base, cap_links=kind == "cap"),
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
            base = _base(request)
            # CAP's <web> is optional: without a configured address the message goes without.
            data = feeds.cap_xml(db, alert, f"{base}/alerts/{org}/{alert.id}" if base else None)
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
                      alerts=sorted(alerts, key=lambda a: a.id), one=alert,
                      feeds_on=_base(request) is not None)

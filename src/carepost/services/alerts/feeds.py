"""What the public sees: an organisation's sent alerts, their CAP messages, RSS and Atom feeds.

Drills never appear here (they are exercises for the team, not the public). Feeds are built
with ElementTree, so every text is escaped, and characters XML 1.0 forbids are dropped first
(`cap.xml_text`).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from email.utils import format_datetime

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from carepost.services.alerts import cap
from carepost.services.alerts.compose import chain
from carepost.services.errors import NotFound
from carepost.storage.alerts import Alert
from carepost.storage.models import Organization

ATOM = "http://www.w3.org/2005/Atom"
PUBLIC_STATUSES = ("sent", "partial", "sending")


def sender(org: Organization) -> str:
    """The CAP sender of an organisation's alerts (no spaces, commas, < or &)."""
    return f"carepost:{org.slug}"


def message(session: Session, alert: Alert, page_url: str | None = None) -> cap.Message:
    """The CAP view of an alert; updates reference every earlier sent message of the chain."""
    org = session.get(Organization, alert.org_id)
    assert org is not None
    refs = []
    if alert.parent_id is not None:
        refs = [(sender(org), a.identifier, a.sent_at) for a in chain(session, alert.parent_id)
                if a.id != alert.id and a.sent_at is not None and a.id < alert.id]
    return cap.Message(
        identifier=alert.identifier, sender=sender(org), sent=alert.sent_at or alert.created_at,
        exercise=alert.drill, msg_type=alert.msg_type, category=alert.cap_category,
        event=alert.cap_event, urgency=alert.cap_urgency, severity=alert.cap_severity,
        certainty=alert.cap_certainty, headline=alert.headline, description=alert.text,
        instruction=alert.instruction, sender_name=org.name, web=page_url, area=alert.area,
        references=refs,
    )


def cap_xml(session: Session, alert: Alert, page_url: str | None = None) -> bytes:
    """The alert as a CAP 1.2 document."""
    return cap.to_xml(message(session, alert, page_url))


def org_by_slug(session: Session, slug: str) -> Organization:
    """The organisation whose public alert page this is."""
    org = session.execute(select(Organization).where(Organization.slug == slug)).scalar()
    if org is None:
        raise NotFound("no such organisation")
    return org


def _public(org: Organization) -> tuple[ColumnElement[bool], ...]:
    return (Alert.org_id == org.id, Alert.drill.is_(False), Alert.status.in_(PUBLIC_STATUSES),
            Alert.sent_at.is_not(None))


def public_alerts(session: Session, org: Organization, limit: int = 50,
                  root_id: int | None = None) -> list[Alert]:
    """Sent, non-drill alerts, newest first (only one chain's, given its first alert)."""
    query = select(Alert).where(*_public(org))
    if root_id is not None:
        query = query.where((Alert.id == root_id) | (Alert.parent_id == root_id))
    return list(session.execute(
        query.order_by(Alert.sent_at.desc(), Alert.id.desc()).limit(limit)).scalars())


def public_alert(session: Session, org: Organization, alert_id: int) -> Alert:
    """One public alert, or NotFound (drills and unsent alerts included)."""
    row = session.execute(select(Alert).where(Alert.id == alert_id, *_public(org))).scalar()
    if row is None:
        raise NotFound(f"alert {alert_id} not found")
    return row


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    child = ET.SubElement(parent, tag, {k: cap.xml_text(v) for k, v in attrs.items()})
    if text is not None:
        child.text = cap.xml_text(text)
    return child


def atom(org: Organization, alerts: list[Alert], base: str, cap_links: bool = False) -> bytes:
    """An Atom feed; with `cap_links` each entry also links its CAP message (a CAP index feed)."""
    # Unqualified tags under an xmlns attribute: the default namespace without ET's global
    # prefix registry (which CAP's writer uses too).
    feed = ET.Element("feed", {"xmlns": ATOM})
    _el(feed, "id", f"{base}/alerts/{org.slug}/")
    _el(feed, "title", f"{org.name}: public health alerts")
    updated = alerts[0].sent_at if alerts else None
    _el(feed, "updated", cap.cap_time(updated) if updated else
        "1970-01-01T00:00:00+00:00")
    _el(feed, "link", rel="self",
        href=f"{base}/alerts/{org.slug}/{'cap.xml' if cap_links else 'feed.atom'}")
    author = _el(feed, "author")
    _el(author, "name", org.name)
    for row in alerts:
        assert row.sent_at is not None
        entry = _el(feed, "entry")
        _el(entry, "id", f"urn:carepost:alert:{row.identifier}")
        _el(entry, "title", row.headline)
        _el(entry, "updated", cap.cap_time(row.sent_at))
        _el(entry, "link", rel="alternate", type="text/html",
            href=f"{base}/alerts/{org.slug}/{row.id}")
        if cap_links:
            _el(entry, "link", rel="alternate", type="application/cap+xml",
                href=f"{base}/alerts/{org.slug}/{row.id}.cap.xml")
        _el(entry, "summary", row.text)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def rss(org: Organization, alerts: list[Alert], base: str) -> bytes:
    """An RSS 2.0 feed of the same alerts."""
    root = ET.Element("rss", {"version": "2.0"})
    channel = _el(root, "channel")
    _el(channel, "title", f"{org.name}: public health alerts")
    _el(channel, "link", f"{base}/alerts/{org.slug}/")
    _el(channel, "description", f"Public health alerts from {org.name}")
    for row in alerts:
        assert row.sent_at is not None
        item = _el(channel, "item")
        _el(item, "title", row.headline)
        _el(item, "link", f"{base}/alerts/{org.slug}/{row.id}")
        _el(item, "guid", f"urn:carepost:alert:{row.identifier}", isPermaLink="false")
        _el(item, "pubDate", format_datetime(row.sent_at))
        _el(item, "description", row.text)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)

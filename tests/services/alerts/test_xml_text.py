"""Any alert text gives well-formed RSS, Atom and CAP (and CAP still passes the XSD): characters
XML 1.0 forbids, such as a vertical tab pasted from Word, are dropped (review #8)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carepost.services.alerts import cap, feeds
from carepost.storage.alerts import Alert
from carepost.storage.models import Organization
from tests.conftest import in_ci

try:
    from lxml import etree
except ImportError:  # pragma: no cover - the dev extra installs it; CI must have it
    if in_ci():
        raise
    pytest.skip("lxml is not installed: pip install -e '.[dev]'", allow_module_level=True)

XSD = Path(__file__).with_name("CAP-v1.2.xsd")
SCHEMA = etree.XMLSchema(etree.parse(str(XSD)))
SENT = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)
# Every code point, surrogates and C0/C1 controls included.
ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=60)


def _alert(text: str) -> Alert:
    return Alert(id=7, identifier="carepost-7", headline=text, text=text, sent_at=SENT)


def _cap(text: str) -> bytes:
    return cap.to_xml(cap.Message(
        identifier="carepost-7", sender="carepost:plainview", sent=SENT, exercise=False,
        msg_type="alert", category="Health", event="Boil water notice", urgency="Immediate",
        severity="Severe", certainty="Observed", headline=text, description=text,
        instruction=text, sender_name=text, area=text))


def test_a_vertical_tab_from_word_no_longer_breaks_the_feeds() -> None:
    org = Organization(name="Plainview Care", slug="plainview")
    text = "Boil water\x0bnow"
    for document in (feeds.rss(org, [_alert(text)], "https://care.example"),
                     feeds.atom(org, [_alert(text)], "https://care.example"), _cap(text)):
        assert b"Boil water now" in document
        ET.fromstring(document)
    description = etree.fromstring(_cap(text)).findtext(
        "cap:info/cap:description", namespaces={"cap": cap.NS})
    assert description == "Boil water now"


@settings(max_examples=150, deadline=None)
@given(text=ANY_TEXT, name=ANY_TEXT)
def test_any_text_gives_well_formed_feeds_and_valid_cap(text: str, name: str) -> None:
    org = Organization(name=name, slug="plainview")
    alert = _alert(text)
    for document in (feeds.rss(org, [alert], "https://care.example"),
                     feeds.atom(org, [alert], "https://care.example", cap_links=True)):
        ET.fromstring(document)  # raises on anything not well-formed
    tree = etree.fromstring(_cap(text))
    assert SCHEMA.validate(tree), str(SCHEMA.error_log)
    # Only forbidden characters go: everything XML can carry arrives as written.
    # (XML parsers read a CR or CRLF as one LF.)
    kept = cap.xml_text(text).replace("\r\n", "\n").replace("\r", "\n")
    assert tree.findtext("cap:info/cap:headline", namespaces={"cap": cap.NS}) == kept


@given(text=ANY_TEXT)
def test_xml_text_keeps_every_allowed_character(text: str) -> None:
    allowed = [c for c in text if c in "\t\n\r" or "\x20" <= c <= "\ud7ff"
               or "\ue000" <= c <= "\ufffd" or c >= "\U00010000"]
    assert [c for c in cap.xml_text(text) if c != " "] == [c for c in allowed if c != " "]

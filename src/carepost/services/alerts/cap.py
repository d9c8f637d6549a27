"""CAP 1.2 (OASIS Common Alerting Protocol) XML for an alert, and the checks on its values.

Built with the standard library's ElementTree in the order the CAP 1.2 schema requires; the
tests validate the output against the official XSD. A value outside CAP's lists raises
`CapError` naming the CAP field, so a wrong template default is caught when it is saved, not
when a public alert network rejects the message.

Mapping: an alert is msgType Alert; an update is Update; the all-clear is Update with
responseType AllClear (CAP 1.2: "the subject event no longer poses a threat"); both reference
every earlier message of the chain. A drill is status Exercise, scope Public.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from carepost.services.errors import ValidationFailed

NS = "urn:oasis:names:tc:emergency:cap:1.2"
CATEGORIES = ("Geo", "Met", "Safety", "Security", "Rescue", "Fire", "Health", "Env",
              "Transport", "Infra", "CBRNE", "Other")
URGENCIES = ("Immediate", "Expected", "Future", "Past", "Unknown")
SEVERITIES = ("Extreme", "Severe", "Moderate", "Minor", "Unknown")
CERTAINTIES = ("Observed", "Likely", "Possible", "Unlikely", "Unknown")
_RESTRICTED = re.compile(r"[\s,<&]")
# XML 1.0 allows tab, LF, CR and these ranges only. Anything else (a vertical tab or form feed
# pasted from Word, a NUL, a lone surrogate) makes the document not well-formed, and one such
# alert would break every feed that lists it for aggregators.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_LINE_LIKE = "\x0b\x0c"


def xml_text(text: str) -> str:
    """`text` without the characters XML 1.0 forbids (vertical tab and form feed become spaces).

    Every alert text written into XML (CAP messages, the RSS and Atom feeds) goes through here.
    """
    return _NOT_XML.sub(lambda m: " " if m.group() in _LINE_LIKE else "", text)


class CapError(ValidationFailed):
    """A value CAP 1.2 does not allow; `field` is the CAP element's name."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"cap.{field}", message)


def check_values(category: str, event: str, urgency: str, severity: str, certainty: str) -> None:
    """Refuse values outside the CAP 1.2 lists, naming the field and the allowed values."""
    for name, value, allowed in (("category", category, CATEGORIES),
                                 ("urgency", urgency, URGENCIES),
                                 ("severity", severity, SEVERITIES),
                                 ("certainty", certainty, CERTAINTIES)):
        if value not in allowed:
            raise CapError(name, f"must be one of {', '.join(allowed)}")
    if not event.strip():
        raise CapError("event", "must not be empty")
    if len(event) > 100:
        raise CapError("event", "must be at most 100 characters")


def cap_time(moment: datetime) -> str:
    """CAP's dateTime form: seconds, an explicit offset, never 'Z' (the schema's pattern)."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class Message:
    """Everything a CAP message says, in CAP's own terms."""

    identifier: str
    sender: str
    sent: datetime
    exercise: bool
    msg_type: str  # alert, update or all_clear
    category: str
    event: str
    urgency: str
    severity: str
    certainty: str
    headline: str
    description: str
    instruction: str = ""
    sender_name: str = ""
    web: str | None = None
    area: str = ""
    references: Sequence[tuple[str, str, datetime]] = ()
    language: str = "en-US"


def _sub(parent: ET.Element, name: str, text: str) -> ET.Element:
    child = ET.SubElement(parent, f"{{{NS}}}{name}")
    child.text = xml_text(text)
    return child


def to_xml(msg: Message) -> bytes:
    """The CAP 1.2 document for `msg` (UTF-8, with an XML declaration)."""
    for name, value in (("identifier", msg.identifier), ("sender", msg.sender)):
        if not value or _RESTRICTED.search(value):
            raise CapError(name, "must be non-empty, without spaces, commas, < or &")
    check_values(msg.category, msg.event, msg.urgency, msg.severity, msg.certainty)
    if msg.msg_type not in ("alert", "update", "all_clear"):
        raise CapError("msgType", "must be alert, update or all_clear")
    if msg.msg_type != "alert" and not msg.references:
        raise CapError("references", "an update or all-clear must reference the first alert")
    if msg.web is not None and not re.fullmatch(r"https?://\S+", msg.web):
        raise CapError("web", "must be a full http(s) address")
    root = ET.Element(f"{{{NS}}}alert")
    _sub(root, "identifier", msg.identifier)
    _sub(root, "sender", msg.sender)
    _sub(root, "sent", cap_time(msg.sent))
    _sub(root, "status", "Exercise" if msg.exercise else "Actual")
    _sub(root, "msgType", "Alert" if msg.msg_type == "alert" else "Update")
    _sub(root, "scope", "Public")
    if msg.exercise:
        _sub(root, "note", "DRILL - EXERCISE: this message is a test, no action is needed.")
    if msg.references:
        _sub(root, "references",
             " ".join(f"{s},{i},{cap_time(t)}" for s, i, t in msg.references))
    info = ET.SubElement(root, f"{{{NS}}}info")
    _sub(info, "language", msg.language)
    _sub(info, "category", msg.category)
    _sub(info, "event", msg.event)
    if msg.msg_type == "all_clear":
        _sub(info, "responseType", "AllClear")
    _sub(info, "urgency", "Past" if msg.msg_type == "all_clear" else msg.urgency)
    _sub(info, "severity", msg.severity)
    _sub(info, "certainty", msg.certainty)
    if msg.sender_name:
        _sub(info, "senderName", msg.sender_name)
    _sub(info, "headline", msg.headline)
    _sub(info, "description", msg.description)
    if msg.instruction:
        _sub(info, "instruction", msg.instruction)
    if msg.web:
        _sub(info, "web", msg.web)
    if msg.area.strip():
        area = ET.SubElement(info, f"{{{NS}}}area")
        _sub(area, "areaDesc", msg.area.strip())
    # CAP readers expect the default namespace, not "ns0:" prefixes.
    return ET.tostring(root, encoding="utf-8", xml_declaration=True, default_namespace=NS)

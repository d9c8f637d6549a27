"""The built-in alert kinds: a starter template for each, with CAP defaults. Pure data.

An organisation starts from these (`carepost alert template add --kind boil_water`) and edits
the wording; the starter texts pass the guard as written. CAP values are from the CAP 1.2
value lists (category Health, Met, Infra...; urgency, severity, certainty).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Kind:
    """A starter template for one kind of alert."""

    label: str
    headline: str
    body: str
    instruction: str
    fields: tuple[dict[str, Any], ...]
    cap: dict[str, str]


def _f(name: str, type_: str = "text", label: str = "", required: bool = True) -> dict[str, Any]:
    return {"name": name, "type": type_, "label": label, "required": required}


KINDS: dict[str, Kind] = {
    "outbreak": Kind(
        "Outbreak",
        "{disease} cases confirmed in {area}",
        "Public health notice: cases of {disease} have been confirmed in {area}. "
        "Free vaccination is available at {site}. Information line: {phone}.",
        "Check your vaccination record and call the information line with questions.",
        (_f("disease", label="Disease"), _f("area", label="Area affected"),
         _f("site", label="Vaccination site"), _f("phone", "phone", "Information line")),
        {"category": "Health", "event": "Disease outbreak", "urgency": "Expected",
         "severity": "Moderate", "certainty": "Observed"},
    ),
    "vaccine_clinic_change": Kind(
        "Vaccine clinic change",
        "Vaccine clinic moved: {site} on {day}",
        "Change of plan: the vaccine clinic on {day} takes place at {site} from {start}, "
        "not at the usual location. Bookings are kept. Questions: {phone}.",
        "Go to the new location at your booked time.",
        (_f("day", "date", "Clinic day"), _f("site", label="New site"),
         _f("start", "time", "Opening time"), _f("phone", "phone", "Contact number")),
        {"category": "Health", "event": "Vaccine clinic change", "urgency": "Future",
         "severity": "Minor", "certainty": "Observed"},
    ),
    "facility_closure": Kind(
        "Facility closure",
        "{facility} closed until further notice",
        "{facility} is closed because of {reason}. Services are available at {alternative}. "
        "Updates: {phone}.",
        "Use the alternative site; in an emergency call your local emergency number.",
        (_f("facility", label="Facility"), _f("reason", label="Reason"),
         _f("alternative", label="Alternative site"), _f("phone", "phone", "Update line")),
        {"category": "Health", "event": "Facility closure", "urgency": "Immediate",
         "severity": "Moderate", "certainty": "Observed"},
    ),
    "boil_water": Kind(
        "Boil-water notice",
        "Boil-water notice for {area}",
        "Boil-water notice for {area}: bring tap water to a rolling boil for one minute before "
        "drinking, cooking or brushing teeth, until the all-clear. Information: {phone}.",
        "Boil tap water for one minute before use until the all-clear is given.",
        (_f("area", label="Area affected"), _f("phone", "phone", "Information line")),
        {"category": "Health", "event": "Boil water notice", "urgency": "Immediate",
         "severity": "Severe", "certainty": "Observed"},
    ),
    "heat_emergency": Kind(
        "Heat emergency",
        "Heat emergency in {area} until {until}",
        "Heat emergency in {area} until {until}. Cooling centres are open at {centres}. "
        "Drink water, stay out of the midday sun and check on neighbours. Help line: {phone}.",
        "Go to a cooling centre if your home is hot; check on neighbours who live alone.",
        (_f("area", label="Area affected"), _f("until", "date", "Until"),
         _f("centres", label="Cooling centres"), _f("phone", "phone", "Help line")),
        {"category": "Met", "event": "Heat emergency", "urgency": "Expected",
         "severity": "Severe", "certainty": "Likely"},
    ),
}

"""Typed template fields: their declarations, the values an incident lead fills in, the text.

Pure Python (no database): a template declares fields such as `{"name": "site", "type": "text",
"label": "Clinic site", "required": true}`; its headline and body hold `{site}` placeholders.
Filling validates every value against its type, so a half-filled template is refused with the
names of the fields still missing, never sent with a placeholder showing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime, time

from carepost.services.errors import ValidationFailed

FIELD_TYPES = ("text", "date", "time", "datetime", "phone", "url", "number")
PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]{0,39})\}")
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ().-]{2,24}$")
MAX_VALUE = 500


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One field of a template: its placeholder name, type, label and whether it is required."""

    name: str
    type: str = "text"
    label: str = ""
    required: bool = True

    @property
    def title(self) -> str:
        """What a person sees next to the input."""
        return self.label or self.name.replace("_", " ").capitalize()


def parse_specs(raw: Sequence[Mapping[str, object]]) -> tuple[FieldSpec, ...]:
    """Validate field declarations; errors name the field."""
    specs: list[FieldSpec] = []
    for index, item in enumerate(raw):
        name = str(item.get("name", "")).strip()
        if not _NAME.match(name):
            raise ValidationFailed(f"fields[{index}].name",
                                   "must be lowercase letters, digits and _ (start with a letter)")
        kind = str(item.get("type", "text"))
        if kind not in FIELD_TYPES:
            raise ValidationFailed(f"fields[{index}].type",
                                   f"must be one of {', '.join(FIELD_TYPES)}")
        unknown = set(item) - {"name", "type", "label", "required"}
        if unknown:
            raise ValidationFailed(f"fields[{index}]", f"unknown key {sorted(unknown)[0]}")
        if any(s.name == name for s in specs):
            raise ValidationFailed(f"fields[{index}].name", f"{name} is declared twice")
        specs.append(FieldSpec(name, kind, str(item.get("label", ""))[:100],
                               bool(item.get("required", True))))
    return tuple(specs)


def dump_specs(specs: Sequence[FieldSpec]) -> str:
    """The JSON stored on the template."""
    return json.dumps([asdict(s) for s in specs])


def load_specs(text: str) -> tuple[FieldSpec, ...]:
    """Field declarations from their stored JSON."""
    return tuple(FieldSpec(**item) for item in json.loads(text or "[]"))


def check_placeholders(specs: Sequence[FieldSpec], **texts: str) -> None:
    """Every `{placeholder}` in the texts must be a declared field (a typo would show up live)."""
    names = {s.name for s in specs}
    for where, text in texts.items():
        for match in PLACEHOLDER.finditer(text):
            if match.group(1) not in names:
                raise ValidationFailed(where, f"placeholder {{{match.group(1)}}} is not a declared "
                                              "field")


def _check_value(spec: FieldSpec, value: str) -> str:
    value = value.strip()
    if len(value) > MAX_VALUE:
        raise ValidationFailed(spec.name, f"must be at most {MAX_VALUE} characters")
    if "{" in value or "}" in value:
        raise ValidationFailed(spec.name, "must not contain { or }")
    try:
        if spec.type == "date":
            return date.fromisoformat(value).strftime("%A %-d %B %Y")
        if spec.type == "time":
            return time.fromisoformat(value).strftime("%H:%M")
        if spec.type == "datetime":
            return datetime.fromisoformat(value).strftime("%A %-d %B %Y, %H:%M")
    except ValueError:
        example = {"date": "2026-12-01", "time": "09:30", "datetime": "2026-12-01T09:30"}
        raise ValidationFailed(spec.name,
                               f"must be a {spec.type} like {example[spec.type]}") from None
    if spec.type == "number":
        if not re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", value):
            raise ValidationFailed(spec.name, "must be a number")
    elif spec.type == "phone":
        if not _PHONE.match(value):
            raise ValidationFailed(spec.name, "must be a phone number (digits, spaces, + ( ) - .)")
    elif spec.type == "url":
        if not re.fullmatch(r"https?://[^\s<>\"]+", value):
            raise ValidationFailed(spec.name, "must be an http(s) address")
    return value


def fill(specs: Sequence[FieldSpec], values: Mapping[str, str], **texts: str) -> dict[str, str]:
    """The texts with every placeholder replaced; refuses missing, unknown or malformed values.

    A missing required field raises one error naming every missing field at once, so the form
    can show them all.
    """
    unknown = sorted(set(values) - {s.name for s in specs})
    if unknown:
        raise ValidationFailed(unknown[0], "is not a field of this template")
    missing = [s.name for s in specs if s.required and not str(values.get(s.name, "")).strip()]
    if missing:
        if len(missing) == 1:
            raise ValidationFailed(missing[0], "required, still empty")
        raise ValidationFailed("fields", "required, still empty: " + ", ".join(missing))
    shown = {s.name: _check_value(s, str(values.get(s.name, ""))) for s in specs}
    return {where: PLACEHOLDER.sub(lambda m: shown.get(m.group(1), ""), text).strip()
            for where, text in texts.items()}

"""Policy packs: commented YAML files deciding what blocks, what warns, which disclaimers apply.

A pack is data, not code. The shipped packs live in `carepost/guard/policies/*.yaml`; an
organisation may point at its own file (which can `extends:` a shipped pack) and add terms.
Every key is checked: an unknown key or a bad value raises `PolicyError` naming the key and
the file, so a typo never silently weakens the guard. See docs/policies.md.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from carepost.guard.types import DIRECTIONS, GuardInputError

PACK_DIR = Path(__file__).with_name("policies")
DEFAULT_PACK = "us-provider"
SEVERITIES: tuple[str, ...] = ("block", "warn", "info", "off")

# What each direction's `severity:` table may name: the labels of that direction, plus
# "identifier" (any span), "authorized_story" (PHI with consent wording), and term hits.
SEVERITY_KEYS: dict[str, tuple[str, ...]] = {
    "outbound": ("identifier", "phi_disclosure", "authorized_story", "patient_relationship",
                 "medical_advice", "unsafe_claim", "blocked_term", "warned_term"),
    "inbound": ("identifier", "phi_disclosure", "adverse_event", "emergency", "complaint",
                "misinformation", "blocked_term", "warned_term"),
}
# Which disclaimers exist, and when each is proposed.
DISCLAIMER_KEYS: tuple[str, ...] = ("general_health", "fair_balance", "endorsement")
REPLY_KEYS: tuple[str, ...] = ("safe_review_reply", "phone_placeholder", "crisis_resources",
                               "complaint_reply", "misinformation_reply", "adverse_event_reply")
# Term lists an organisation may extend; each is a list of plain phrases (case-insensitive).
TERM_KEYS: tuple[str, ...] = ("blocked", "warned", "products", "claims", "crisis", "brands")
TOP_KEYS: tuple[str, ...] = ("name", "description", "extends", "severity", "disclaimers",
                             "replies", "terms")


class PolicyError(GuardInputError):
    """A policy pack that cannot be used; the message names the key and the file."""


@dataclass(frozen=True)
class Policy:
    """A loaded, validated policy pack."""

    name: str
    description: str
    source: str
    severity: Mapping[str, Mapping[str, str]]
    disclaimers: Mapping[str, str | None]
    replies: Mapping[str, str]
    terms: Mapping[str, tuple[str, ...]]
    _term_res: dict[str, re.Pattern[str] | None] = field(default_factory=dict, repr=False,
                                                          compare=False)

    def severity_of(self, direction: str, kind: str) -> str:
        """Severity ("block", "warn", "info" or "off") of a finding kind in a direction."""
        table = self.severity.get(direction, {})
        return table.get(kind, "warn")

    def identifier_severity(self, direction: str) -> str:
        """Severity of an identifier (span) finding in this direction."""
        return self.severity_of(direction, "identifier")

    def term_pattern(self, key: str) -> re.Pattern[str] | None:
        """One precompiled, word-bounded, case-insensitive regex for a term list (or None)."""
        return self._term_res.get(key)

    def disclaimer(self, key: str) -> str | None:
        """The text of a disclaimer this pack requires, or None when it requires none."""
        return self.disclaimers.get(key)


def _fail(source: str, key: str, problem: str) -> PolicyError:
    return PolicyError(f"policy {source}: key {key!r} {problem}")


def _read(path: Path) -> dict[str, Any]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PolicyError(f"policy {path}: cannot be read ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise PolicyError(f"policy {path}: not valid YAML{where}") from None
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise PolicyError(f"policy {path}: the top level must be a mapping of keys")
    return raw


def _resolve(name: str) -> Path:
    if "/" in name or name.endswith((".yaml", ".yml")):
        return Path(name)
    path = PACK_DIR / f"{name}.yaml"
    if not path.is_file():
        known = ", ".join(shipped_packs())
        raise PolicyError(f"policy {name!r}: no such shipped pack (known: {known})")
    return path


def shipped_packs() -> list[str]:
    """Names of the packs shipped with carepost."""
    return sorted(p.stem for p in PACK_DIR.glob("*.yaml"))


def _check_mapping(value: Any, source: str, key: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _fail(source, key, "must be a mapping")
    return value


def _str_list(value: Any, source: str, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str) or not isinstance(value, list):
        raise _fail(source, key, "must be a list of phrases")
    out = []
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise _fail(source, key, "must contain only non-empty strings")
        out.append(item.strip())
    return tuple(out)


def _merge(base: dict[str, Any], raw: dict[str, Any], source: str) -> dict[str, Any]:
    """Validate `raw` (one file) and lay it over `base` (what it extends)."""
    for key in raw:
        if key not in TOP_KEYS:
            raise _fail(source, key, f"is unknown (allowed: {', '.join(TOP_KEYS)})")
    out = {
        "severity": {d: dict(base.get("severity", {}).get(d, {})) for d in DIRECTIONS},
        "disclaimers": dict(base.get("disclaimers", {})),
        "replies": dict(base.get("replies", {})),
        "terms": {k: tuple(v) for k, v in base.get("terms", {}).items()},
    }
    for meta in ("name", "description"):
        if meta in raw:
            if not isinstance(raw[meta], str) or not raw[meta].strip():
                raise _fail(source, meta, "must be a non-empty string")
            out[meta] = raw[meta].strip()
        elif meta in base:
            out[meta] = base[meta]
    severity = _check_mapping(raw.get("severity"), source, "severity")
    for direction, table in severity.items():
        if direction not in DIRECTIONS:
            raise _fail(source, f"severity.{direction}", "is unknown (allowed: outbound, inbound)")
        table = _check_mapping(table, source, f"severity.{direction}")
        for kind, level in table.items():
            dotted = f"severity.{direction}.{kind}"
            if kind not in SEVERITY_KEYS[direction]:
                allowed = ", ".join(SEVERITY_KEYS[direction])
                raise _fail(source, dotted, f"is unknown (allowed: {allowed})")
            if level not in SEVERITIES:
                raise _fail(source, dotted, f"must be one of {', '.join(SEVERITIES)}")
            out["severity"][direction][kind] = level
    for section, allowed_keys in (("disclaimers", DISCLAIMER_KEYS), ("replies", REPLY_KEYS)):
        table = _check_mapping(raw.get(section), source, section)
        for key, value in table.items():
            dotted = f"{section}.{key}"
            if key not in allowed_keys:
                raise _fail(source, dotted, f"is unknown (allowed: {', '.join(allowed_keys)})")
            if value is not None and (not isinstance(value, str) or not value.strip()):
                raise _fail(source, dotted, "must be a non-empty string or null")
            if section == "replies" and value is None:
                raise _fail(source, dotted, "must be a non-empty string")
            out[section][key] = value.strip() if isinstance(value, str) else None
    terms = _check_mapping(raw.get("terms"), source, "terms")
    for key, value in terms.items():
        dotted = f"terms.{key}"
        if key not in TERM_KEYS:
            raise _fail(source, dotted, f"is unknown (allowed: {', '.join(TERM_KEYS)})")
        out["terms"][key] = out["terms"].get(key, ()) + _str_list(value, source, dotted)
    return out


def _load_raw(name: str, seen: tuple[str, ...]) -> tuple[dict[str, Any], str]:
    path = _resolve(name)
    source = str(path)
    if source in seen:
        raise _fail(source, "extends", "forms a cycle")
    raw = _read(path)
    base: dict[str, Any] = {}
    parent = raw.get("extends")
    if parent is not None:
        if not isinstance(parent, str) or not parent.strip():
            raise _fail(source, "extends", "must name a pack or a file")
        parent_name = parent.strip()
        # a relative file path in `extends:` is relative to the file that names it
        is_file = "/" in parent_name or parent_name.endswith((".yaml", ".yml"))
        if is_file and not Path(parent_name).is_absolute():
            parent_name = str(path.parent / parent_name)
        base, _ = _load_raw(parent_name, seen + (source,))
    return _merge(base, raw, source), source


def _compile_terms(terms: Mapping[str, tuple[str, ...]]) -> dict[str, re.Pattern[str] | None]:
    out: dict[str, re.Pattern[str] | None] = {}
    for key in TERM_KEYS:
        phrases = sorted(set(terms.get(key, ())), key=len, reverse=True)
        if not phrases:
            out[key] = None
            continue
        # whitespace inside a phrase matches any run of whitespace
        alts = "|".join(r"\s+".join(map(re.escape, p.split())) for p in phrases)
        out[key] = re.compile(rf"(?<!\w)(?:{alts})(?!\w)", re.IGNORECASE)
    return out


@lru_cache(maxsize=64)
def _load_cached(name: str, extra: tuple[tuple[str, tuple[str, ...]], ...]) -> Policy:
    data, source = _load_raw(name, ())
    for key, values in extra:
        if key not in TERM_KEYS:
            raise PolicyError(f"extra terms: key {key!r} is unknown (allowed: "
                              f"{', '.join(TERM_KEYS)})")
        data["terms"][key] = data["terms"].get(key, ()) + values
    if "name" not in data:
        raise _fail(source, "name", "is missing")
    return Policy(
        name=data["name"],
        description=data.get("description", ""),
        source=source,
        severity={d: dict(t) for d, t in data["severity"].items()},
        disclaimers=dict(data["disclaimers"]),
        replies=dict(data["replies"]),
        terms=dict(data["terms"]),
        _term_res=_compile_terms(data["terms"]),
    )


def load_policy(name: str | None = None,
                extra_terms: Mapping[str, list[str] | tuple[str, ...]] | None = None) -> Policy:
    """Load a shipped pack by name (default "us-provider") or a YAML file by path."""
    extra: list[tuple[str, tuple[str, ...]]] = []
    for key, values in (extra_terms or {}).items():
        extra.append((str(key), _str_list(list(values), "extra terms", str(key))))
    return _load_cached(name or DEFAULT_PACK, tuple(sorted(extra)))

"""An organisation's guard settings, and the guard as each organisation runs it.

Every guard call in the product (composer, review, publishing, inbox triage and replies, the
check page and API) goes through `checker(session, org_id)`, so it uses the organisation's
policy pack (us-provider, pharma-brand, public-health) and its profile: the names, phone and
fax numbers, addresses, domains, handles, staff and public events it publishes on purpose,
which are then not flagged as patient identifiers, plus the terms it adds to the pack.
Only shipped packs can be chosen here: a pack given by file path is an operator's tool (CLI
`carepost check --policy FILE`), never something a web form may point the server at.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from carepost import guard
from carepost.guard.policy import DEFAULT_PACK, TERM_KEYS, PolicyError, load_policy, shipped_packs
from carepost.guard.types import OrgProfile, Verdict
from carepost.services.actor import Actor, require
from carepost.services.audit import record
from carepost.services.errors import ValidationFailed
from carepost.storage.guard_settings import OrgGuardSettings
from carepost.storage.models import Organization, utcnow

# The profile's lists, in the order the settings page shows them, with what each holds.
PROFILE_FIELDS: dict[str, str] = {
    "names": "Other names of the organisation and its sites",
    "phones": "Published phone numbers",
    "faxes": "Published fax numbers",
    "emails": "Published email addresses",
    "addresses": "Street addresses of its sites",
    "zips": "ZIP codes of its sites",
    "domains": "Web domains",
    "handles": "Social media handles",
    "staff": "Staff who appear in posts in their professional role",
    "public_events": "Public events (name and date as posts write them)",
}
MAX_ENTRIES = 500
MAX_ENTRY_CHARS = 300

Check = Callable[[str, str, str], Verdict]


@dataclass(frozen=True)
class GuardSettings:
    """What the guard uses for one organisation."""

    policy: str
    profile: dict[str, Any]  # OrgProfile.from_dict data, as saved (without the org's name)
    saved: bool

    def org_profile(self, org_name: str | None) -> OrgProfile:
        """The OrgProfile the guard gets: the saved lists plus the organisation's own name."""
        data = {k: (dict(v) if isinstance(v, Mapping) else list(v))
                for k, v in self.profile.items()}
        if org_name:
            data["names"] = [org_name, *data.get("names", [])]
        return OrgProfile.from_dict(data)


def get(session: Session, org_id: int) -> GuardSettings:
    """The organisation's saved settings, or the defaults (default pack, empty profile)."""
    row = session.get(OrgGuardSettings, org_id)
    if row is None:
        return GuardSettings(DEFAULT_PACK, {}, False)
    return GuardSettings(row.policy, json.loads(row.profile or "{}"), True)


def _clean_list(key: str, values: Any) -> list[str]:
    if isinstance(values, str) or not isinstance(values, list | tuple):
        raise ValidationFailed(key, "must be a list of texts")
    out: list[str] = []
    for value in values:
        if not isinstance(value, str):
            raise ValidationFailed(key, "must be a list of texts")
        text = " ".join(value.split())
        if not text or text in out:
            continue
        if len(text) > MAX_ENTRY_CHARS:
            raise ValidationFailed(key, f"each entry at most {MAX_ENTRY_CHARS} characters")
        out.append(text)
    if len(out) > MAX_ENTRIES:
        raise ValidationFailed(key, f"at most {MAX_ENTRIES} entries")
    if key in ("phones", "faxes"):
        for text in out:
            if sum(ch.isdigit() for ch in text) < 7:
                raise ValidationFailed(key, "each number needs at least 7 digits")
    return out


def clean_profile(data: Mapping[str, Any]) -> dict[str, Any]:
    """Validated, normalised profile data; an unknown key or a bad value names itself."""
    unknown = sorted(set(data) - set(PROFILE_FIELDS) - {"extra_terms"})
    if unknown:
        raise ValidationFailed("profile", f"unknown key(s): {', '.join(unknown)}")
    out: dict[str, Any] = {}
    for key in PROFILE_FIELDS:
        values = _clean_list(key, data.get(key, []))
        if values:
            out[key] = values
    terms = data.get("extra_terms", {}) or {}
    if not isinstance(terms, Mapping):
        raise ValidationFailed("extra_terms", "must map a term list name to texts")
    bad = sorted(set(terms) - set(TERM_KEYS))
    if bad:
        raise ValidationFailed(
            "extra_terms", f"unknown list(s): {', '.join(map(str, bad))}; "
            f"use {', '.join(TERM_KEYS)}")
    cleaned = {k: _clean_list(f"extra_terms.{k}", terms[k]) for k in TERM_KEYS if k in terms}
    cleaned = {k: v for k, v in cleaned.items() if v}
    if cleaned:
        out["extra_terms"] = cleaned
    return out


def update(session: Session, actor: Actor, policy: str,
           profile: Mapping[str, Any]) -> GuardSettings:
    """Save the organisation's pack and profile (privacy officers and admins), audited."""
    require(actor, "policy.manage", session)
    org_id = actor.org_id
    if org_id is None:
        raise ValidationFailed("org", "choose an organisation first")
    if policy not in shipped_packs():
        raise ValidationFailed("policy", f"choose one of {', '.join(shipped_packs())}")
    clean = clean_profile(profile)
    try:  # the pack with the organisation's terms must load: a bad term fails here, not later
        load_policy(policy, clean.get("extra_terms"))
    except PolicyError as exc:
        raise ValidationFailed("extra_terms", str(exc)) from None
    before = get(session, org_id)
    row = session.get(OrgGuardSettings, org_id)
    if row is None:
        row = OrgGuardSettings(org_id=org_id)
        session.add(row)
    row.policy = policy
    row.profile = json.dumps(clean, sort_keys=True)
    row.updated_at = utcnow()
    row.updated_by = actor.user_id
    session.flush()
    changed = sorted(k for k in (*PROFILE_FIELDS, "extra_terms")
                     if before.profile.get(k) != clean.get(k))
    # Which lists changed and how long they are; never their contents (staff names, numbers).
    record(session, actor, "guard.settings_changed", f"org:{org_id}",
           {"policy": policy, "previous_policy": before.policy, "changed": changed,
            "sizes": [f"{k}={len(clean.get(k, []))}" for k in changed]})
    return GuardSettings(policy, clean, True)


def checker(session: Session, org_id: int | None) -> Check:
    """The guard as this organisation runs it: `check(text, direction, context) -> Verdict`.

    Reads the settings once; the caller may use the function for many texts (a page of inbox
    items, every variant of a post). Without an organisation it is the plain default guard.
    """
    if org_id is None:
        return lambda text, direction, context: guard.check(text, direction, context)
    settings = get(session, org_id)
    name = session.scalar(select(Organization.name).where(Organization.id == org_id))
    profile = settings.org_profile(name)
    policy = load_policy(settings.policy)  # the rules add profile.extra_terms themselves

    def check(text: str, direction: str, context: str) -> Verdict:
        return guard.check(text, direction, context, policy=policy, profile=profile)

    return check

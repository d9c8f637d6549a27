"""Policy packs: shipped packs load, inheritance works, bad packs fail loudly by key and file."""

from __future__ import annotations

from pathlib import Path

import pytest

from carepost.guard.policy import (
    DISCLAIMER_KEYS,
    REPLY_KEYS,
    SEVERITY_KEYS,
    TERM_KEYS,
    TOP_KEYS,
    PolicyError,
    load_policy,
    shipped_packs,
)
from carepost.guard.rules import judge
from carepost.guard.types import Document, OrgProfile

DOCS = Path(__file__).resolve().parents[2] / "docs" / "policies.md"


def test_shipped_packs_are_the_three_documented_ones() -> None:
    assert shipped_packs() == ["pharma-brand", "public-health", "us-provider"]


@pytest.mark.parametrize("name", ["us-provider", "pharma-brand", "public-health"])
def test_each_pack_loads_and_blocks_identifiers_outbound(name: str) -> None:
    pol = load_policy(name)
    assert pol.name == name
    assert pol.identifier_severity("outbound") == "block"
    assert "{phone}" in pol.replies["safe_review_reply"]
    assert pol.replies["crisis_resources"].count("988") == 1


def test_default_is_us_provider() -> None:
    assert load_policy().name == "us-provider"
    assert load_policy(None).name == "us-provider"


def test_pharma_inherits_and_overrides() -> None:
    pharma, provider = load_policy("pharma-brand"), load_policy("us-provider")
    assert pharma.disclaimer("fair_balance") and not provider.disclaimer("fair_balance")
    assert pharma.severity_of("inbound", "adverse_event") == "block"
    assert provider.severity_of("inbound", "adverse_event") == "warn"
    # not overridden: inherited
    assert pharma.replies["crisis_resources"] == provider.replies["crisis_resources"]


def test_public_health_drops_general_disclaimer() -> None:
    assert load_policy("public-health").disclaimer("general_health") is None


def _write(tmp_path: Path, text: str, name: str = "org.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("body", "key"), [
    ("name: x\nseverty: {}\n", "'severty'"),
    ("name: x\nseverity:\n  outbound:\n    medical_adivce: warn\n",
     "'severity.outbound.medical_adivce'"),
    ("name: x\nseverity:\n  sideways: {}\n", "'severity.sideways'"),
    ("name: x\nseverity:\n  outbound:\n    medical_advice: maybe\n",
     "'severity.outbound.medical_advice'"),
    ("name: x\ndisclaimers:\n  legal: hi\n", "'disclaimers.legal'"),
    ("name: x\nreplies:\n  safe_reply: hi\n", "'replies.safe_reply'"),
    ("name: x\nterms:\n  banned: [a]\n", "'terms.banned'"),
    ("name: x\nterms:\n  blocked: nope\n", "'terms.blocked'"),
    ("name: x\nterms:\n  blocked: [1]\n", "'terms.blocked'"),
    ("description: no name\n", "'name'"),
])
def test_bad_keys_fail_naming_key_and_file(tmp_path: Path, body: str, key: str) -> None:
    path = _write(tmp_path, body)
    with pytest.raises(PolicyError) as err:
        load_policy(str(path))
    message = str(err.value)
    assert key in message
    assert str(path) in message


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "name: x\nseverity: [unclosed\n")
    with pytest.raises(PolicyError, match="line"):
        load_policy(str(path))


def test_unknown_pack_lists_known_ones() -> None:
    with pytest.raises(PolicyError, match="us-provider"):
        load_policy("no-such-pack")


def test_org_file_extends_a_shipped_pack(tmp_path: Path) -> None:
    path = _write(tmp_path, "extends: us-provider\nname: acme\nseverity:\n  outbound:\n"
                            "    unsafe_claim: warn\nterms:\n  blocked: [Project Falcon]\n")
    pol = load_policy(str(path))
    assert pol.name == "acme"
    assert pol.severity_of("outbound", "unsafe_claim") == "warn"
    assert pol.severity_of("outbound", "patient_relationship") == "block"
    j = judge(Document.plain("Sneak peek at project   falcon!", "outbound", "post"), (), pol)
    assert j.action == "block"
    assert any(f.rule == "policy.terms.blocked" for f in j.findings)


def test_extends_cycle_is_an_error(tmp_path: Path) -> None:
    _write(tmp_path, "extends: b.yaml\nname: a\n", "a.yaml")
    _write(tmp_path, "extends: a.yaml\nname: b\n", "b.yaml")
    with pytest.raises(PolicyError, match="cycle"):
        load_policy(str(tmp_path / "a.yaml"))


def test_extra_terms_extend_lists_and_unknown_keys_fail() -> None:
    pol = load_policy("us-provider", extra_terms={"warned": ["free iPad"]})
    j = judge(Document.plain("Win a FREE iPad at our health fair!", "outbound", "post"), (), pol)
    assert j.action == "warn"
    with pytest.raises(PolicyError, match="'bogus'"):
        load_policy("us-provider", extra_terms={"bogus": ["x"]})


def test_off_keeps_the_label_but_drops_the_finding(tmp_path: Path) -> None:
    path = _write(tmp_path, "extends: us-provider\nname: quiet\nseverity:\n  inbound:\n"
                            "    complaint: 'off'\n")
    j = judge(Document.plain("Waited 4 hours and nobody called us back. Unacceptable.",
                             "inbound", "review"), (), load_policy(str(path)))
    assert j.labels["complaint"]
    assert "answer_complaint" not in j.actions
    assert not any(f.kind == "complaint" for f in j.findings)


def test_safe_reply_uses_the_org_number_or_the_placeholder() -> None:
    text = "So sorry about the wait at your appointment on Monday."
    pol = load_policy()
    plain = judge(Document.plain(text, "outbound", "review_reply"), (), pol)
    assert plain.safe_reply is not None and "[our published phone number]" in plain.safe_reply
    org = OrgProfile(phones=("555-0100",))
    doc = Document(text, text, tuple(range(len(text) + 1)), "outbound", "review_reply", org)
    reply = judge(doc, (), pol).safe_reply
    assert reply is not None and "555-0100" in reply


def test_every_policy_key_is_documented() -> None:
    if not DOCS.exists():
        pytest.fail("docs/policies.md is missing")
    doc = DOCS.read_text(encoding="utf-8")
    keys = set(TOP_KEYS) | set(DISCLAIMER_KEYS) | set(REPLY_KEYS) | set(TERM_KEYS)
    for table in SEVERITY_KEYS.values():
        keys |= set(table)
    missing = sorted(k for k in keys if f"`{k}`" not in doc)
    assert not missing, f"undocumented policy keys: {missing}"


def test_org_profile_extra_terms_reach_the_rules() -> None:
    text = "the glowpen left a nasty rash on my arm"
    profile = OrgProfile(extra_terms={"products": ("Glowpen",)})
    doc = Document(text, text, tuple(range(len(text) + 1)), "inbound", "comment", profile)
    j = judge(doc, (), load_policy())
    assert j.adverse_event is not None and j.adverse_event.suspect_product == "glowpen"
    bad = OrgProfile(extra_terms={"slogans": ("x",)})
    with pytest.raises(PolicyError, match="'slogans'"):
        judge(Document(text, text, doc.offsets, "inbound", "comment", bad), (), load_policy())

"""Cutting a verdict's text into highlighted segments."""

from __future__ import annotations

from carepost.guard.types import Finding, Verdict
from carepost.web.checkview import build, segments


def verdict(text: str, *findings: Finding) -> Verdict:
    return Verdict(
        text=text,
        direction="outbound",
        context="post",
        spans=(),
        labels={"phi_disclosure": True},
        findings=findings,
        action="block",
        actions=("block",),
        redacted=text,
    )


def test_segments_cover_the_text_and_share_overlaps() -> None:
    text = "Call Jane at 555-0134 today"
    v = verdict(
        text,
        Finding("identifier:NAME", "warn", "a name", "name.x", evidence=((5, 9),)),
        Finding("phi_disclosure", "block", "phi", "phi.x", evidence=((5, 21),)),
    )
    parts = segments(v)
    assert "".join(p.text for p in parts) == text
    assert [(p.text, p.refs, p.severity) for p in parts] == [
        ("Call ", (), ""),
        ("Jane", (1, 2), "block"),
        (" at 555-0134", (2,), "block"),
        (" today", (), ""),
    ]


def test_out_of_range_evidence_is_ignored_and_no_findings_is_one_segment() -> None:
    v = verdict("short", Finding("x", "warn", "m", "r", evidence=((3, 99),)))
    assert [(p.text, p.refs) for p in segments(v)] == [("short", ())]
    view = build(verdict("fine"))
    assert view.findings == () and view.action_label == "Blocked"
    assert view.labels_on == ("phi_disclosure",)

"""Triage: the guard's inbound verdict picks the queue, most urgent label first."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from carepost import guard
from carepost.services.inbox import triage


@pytest.mark.parametrize(("text", "queue"), [
    ("I want to kill myself tonight", "urgent"),
    ("My MRN is 12345678, please look at my chart", "phi"),
    ("I took Zestra and got a terrible rash", "adverse_event"),
    ("Your staff were rude and I waited four hours, awful service", "complaint"),
    ("Vaccines cause autism, everyone knows it", "misinformation"),
    ("When does the pharmacy open on Sunday?", "question"),
    ("how do I get to the east entrance", "question"),
    ("Great article, shared it with my mum", "other"),
])
def test_queue_for_each_kind_of_comment(text: str, queue: str) -> None:
    assert triage.triage(text, "comment").queue == queue


def test_an_emergency_outranks_the_phi_it_also_holds() -> None:
    judged = triage.triage("I'm Ann Lee, MRN 12345678, and I want to end my life tonight",
                           "comment")
    assert judged.verdict.labels["phi_disclosure"] and judged.verdict.labels["emergency"]
    assert judged.queue == "urgent"


def test_the_report_leaves_the_text_out_and_says_how_much_was_checked() -> None:
    text = "Is parking free? " * 2000
    judged = triage.triage(text, "mention")
    report = json.loads(judged.report)
    assert "text" not in report and report["context"] == "mention"
    assert report["checked_chars"] == triage.GUARD_LIMIT and report["total_chars"] == len(text)


def test_item_kinds_map_to_guard_contexts() -> None:
    assert [triage.context_for(k) for k in ("reply", "quote", "mention", "review", "dm", "x")] \
        == ["comment", "comment", "mention", "review", "dm_request", "comment"]


def _corpus_texts() -> list[str]:
    corpus = Path(__file__).resolve().parents[2] / "guard" / "corpus"
    return [json.loads(line)["text"] for path in sorted(corpus.glob("*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_fast_report_is_exactly_the_verdicts_own_dict() -> None:
    texts = _corpus_texts()
    verdicts = [guard.check(t, "inbound", "comment") for t in texts]
    # The comparison must cover what the fast path copies field by field.
    assert sum(bool(v.spans) for v in verdicts) > 20
    assert sum(any(f.evidence for f in v.findings) for v in verdicts) > 20
    assert sum(v.adverse_event is not None for v in verdicts) > 5
    for verdict in verdicts:
        assert triage.report_of(verdict) == verdict.to_dict(), verdict.text


def test_a_page_triaged_at_once_gets_what_each_item_gets_alone() -> None:
    corpus = _corpus_texts()
    texts = [*corpus[::max(1, len(corpus) // 150)], "I want to kill myself tonight",
             "My MRN is 12345678, please look at my chart", "Great article, shared it with my mum",
             "Is parking free? " * 2000, ""]
    kinds = ["comment", "mention", "review", "dm", "reply"]
    items = [(text, kinds[i % len(kinds)]) for i, text in enumerate(texts)]
    page = triage.triage_many(items)
    assert len(page) == len(items)
    for (text, kind), judged in zip(items, page, strict=True):
        alone = triage.triage(text, kind)
        assert (judged.queue, judged.report, judged.checked_chars) == \
            (alone.queue, alone.report, alone.checked_chars), text[:80]
    assert {judged.queue for judged in page} >= {"urgent", "phi", "question", "other"}
    assert triage.triage_many([]) == []

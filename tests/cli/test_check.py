"""`carepost check`: the readable report, --json, exit codes, and the --jsonl contract that
/work/shared/eval/score.py reads (fed to a copy of the scorer's contract, run as a subprocess)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from carepost.cli import cli

ROOT = Path(__file__).resolve().parents[2]
SCORER = ROOT.parent / "shared" / "eval" / "score.py"


def run(*args: str, stdin: bytes | None = None) -> tuple[int, str, str]:
    proc = subprocess.run([sys.executable, "-m", "carepost", "check", *args], input=stdin,
                          capture_output=True, cwd=ROOT, timeout=120)
    return proc.returncode, proc.stdout.decode(), proc.stderr.decode()


def test_report_shows_findings_with_fix_and_redaction() -> None:
    res = CliRunner().invoke(cli, ["check", "--direction", "inbound", "--context", "comment",
                                   "call me at 617-555-0134 about my biopsy"])
    assert res.exit_code == 10
    assert "action: hide_and_move_private" in res.output
    assert "identifier:PHONE" in res.output and "fix:" in res.output
    assert "redacted: call me at [PHONE] about my biopsy" in res.output


@pytest.mark.parametrize(("args", "code"), [
    (["Flu shots are here! Walk in Saturday, no appointment needed."], 0),
    (["@sam take an extra 0.5mg of your lorazepam tonight", "--context", "reply"], 20),
    (["--direction", "inbound", "--context", "comment",
      "i have all my pills in front of me and im going to take them tonight"], 20),
    (["--direction", "sideways", "x"], 2),
    ([], 2),
    (["--policy", "no-such-pack", "hello"], 1),
])
def test_exit_codes(args: list[str], code: int) -> None:
    res = CliRunner().invoke(cli, ["check", *args])
    assert res.exit_code == code, res.output


def test_json_output_is_the_verdict() -> None:
    res = CliRunner().invoke(cli, ["check", "--json", "--direction", "inbound", "--context",
                                   "dm_request", "my MRN is 44772746"])
    data = json.loads(res.output)
    assert data["spans"][0]["type"] == "MRN"
    assert data["labels"]["phi_disclosure"] is True
    assert "text" not in data


RECORDS = [
    {"id": "g1", "direction": "inbound", "context": "dm_request", "text": "my MRN is 44772746",
     "spans": [{"start": 10, "end": 18, "type": "MRN"}],
     "labels": {"phi_disclosure": True}},
    {"id": "g2", "direction": "outbound", "context": "post",
     "text": "Flu shots are here! Walk in Saturday, no appointment needed.", "spans": [],
     "labels": {}},
    {"id": "g3", "direction": "outbound", "context": "reply",
     "text": "@jdoe88 we faxed your MRI report to 617.379.0578",
     "spans": [{"start": 0, "end": 7, "type": "HANDLE"}, {"start": 36, "end": 48, "type": "FAX"}],
     "labels": {"phi_disclosure": True, "patient_relationship": True}},
]


def _gold(tmp_path: Path) -> Path:
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    return gold


def test_jsonl_writes_one_line_per_record_with_errors_by_line_number(tmp_path: Path) -> None:
    good = "".join(json.dumps({k: r[k] for k in ("id", "direction", "context", "text")}) + "\n"
                   for r in RECORDS)
    lines = good.splitlines(keepends=True)
    data = (lines[0] + "{not json\n" + lines[1] + '{"id": "nt"}\n' + "\xff\n"
            ).encode("utf-8").replace(b"\xc3\xbf", b"\xff") + lines[2].encode()
    code, out, err = run("--jsonl", "-", stdin=data)
    rows = [json.loads(x) for x in out.splitlines()]
    assert code == 1
    assert [r.get("id") for r in rows] == ["g1", None, "g2", "nt", None, "g3"]
    assert [r["line"] for r in rows if "error" in r] == [2, 4, 5]
    assert all("error" in r and str(r["line"]) in r["error"] for r in rows if "line" in r)
    for r in rows:
        if "error" not in r:
            assert set(r) >= {"id", "spans", "labels", "action"}
            assert all(set(s) >= {"start", "end", "type"} for s in r["spans"])


@pytest.mark.skipif(not SCORER.is_file(), reason="shared/eval/score.py is not beside the project")
def test_jsonl_output_is_what_the_scorer_reads(tmp_path: Path) -> None:
    gold = _gold(tmp_path)
    code, out, _ = run("--jsonl", str(gold))
    assert code == 0
    pred = tmp_path / "pred.jsonl"
    pred.write_text(out, encoding="utf-8")
    proc = subprocess.run([sys.executable, str(SCORER), str(gold), str(pred), "--json"],
                          capture_output=True, text=True, timeout=120)
    res = json.loads(proc.stdout.strip().splitlines()[-1])
    assert res["missing_predictions"] == 0
    assert res["identifier_recall"] == 1.0 and res["identifier_precision"] == 1.0
    assert res["false_block_rate"] == 0.0


def test_jsonl_missing_file_is_a_clear_error() -> None:
    code, out, err = run("--jsonl", "/nonexistent/records.jsonl")
    assert code == 1
    assert "cannot open" in err and "Traceback" not in err

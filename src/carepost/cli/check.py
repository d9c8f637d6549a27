"""`carepost check`: run the guard on one text, or on a JSONL file of records.

Exit codes (documented in docs/cli/check.md): 0 nothing to act on, 10 warn (outbound) or an
inbound triage action, 20 block (outbound) or an emergency (inbound), 1 bad input, 2 usage.
With --jsonl the exit code is 0 when every line was checked and 1 when any line was malformed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import IO, Any

import click

from carepost.guard.types import CONTEXTS, DIRECTIONS

EXIT_ALLOW, EXIT_ERROR, EXIT_WARN, EXIT_BLOCK = 0, 1, 10, 20


def _exit_code(verdict: Any) -> int:
    if verdict.direction == "outbound":
        return {"allow": EXIT_ALLOW, "warn": EXIT_WARN}.get(verdict.action, EXIT_BLOCK)
    if verdict.action == "escalate_emergency":
        return EXIT_BLOCK
    return EXIT_ALLOW if verdict.action == "none" else EXIT_WARN


def _load_profile(path: str | None) -> Any:
    if path is None:
        return None
    import yaml

    from carepost.guard.types import GuardInputError, OrgProfile

    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise GuardInputError(f"cannot read org profile {path}: {type(exc).__name__}") from None
    if not isinstance(data, dict):
        raise GuardInputError(f"org profile {path} must be a mapping of keys to lists")
    return OrgProfile.from_dict(data)


def _report(verdict: Any) -> str:
    """A readable report: the action, the labels, each finding with its fix."""
    lines = [f"action: {verdict.action}" + (f"  ({', '.join(verdict.actions)})"
                                            if len(verdict.actions) > 1 else ""),
             f"policy: {verdict.policy}   direction: {verdict.direction}   "
             f"context: {verdict.context}"]
    true_labels = [k for k, v in verdict.labels.items() if v]
    lines.append("labels: " + (", ".join(true_labels) if true_labels else "none"))
    if verdict.spans:
        lines.append(f"redacted: {verdict.redacted}")
    if not verdict.findings:
        lines.append("findings: none")
    for f in verdict.findings:
        where = ", ".join(f"{a}-{b}" for a, b in f.evidence)
        lines.append(f"- [{f.severity}] {f.kind}: {f.message}")
        lines.append(f"    rule {f.rule}" + (f", cue '{f.cue}'" if f.cue else "")
                     + (f", at {where}" if where else "") + f", score {f.score:.2f}")
        if f.fix:
            lines.append(f"    fix: {f.fix}")
    if verdict.safe_reply:
        lines.append(f"safe reply: {verdict.safe_reply}")
    if verdict.disclaimer:
        lines.append(f"disclaimer: {verdict.disclaimer}")
    return "\n".join(lines)


def _record_line(rec_id: Any, verdict: Any) -> dict[str, Any]:
    return {
        "id": rec_id,
        "spans": [{"start": s.start, "end": s.end, "type": s.type, "rule": s.rule,
                   "score": s.score} for s in verdict.spans],
        "labels": dict(verdict.labels),
        "action": verdict.action,
        "actions": list(verdict.actions),
        "findings": [{"kind": f.kind, "severity": f.severity, "rule": f.rule}
                     for f in verdict.findings],
    }


def run_jsonl(stream: IO[bytes], out: IO[str], direction: str, context: str, policy: Any,
              profile: Any) -> int:
    """Check every record of a JSONL byte stream; one output line per input record."""
    from carepost.guard import GuardInputError, check

    failed = False
    for number, raw in enumerate(stream, start=1):
        if not raw.strip():
            continue
        rec_id: Any = None
        try:
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise GuardInputError("not valid UTF-8") from None
            try:
                rec = json.loads(line)
            except json.JSONDecodeError:
                raise GuardInputError("not valid JSON") from None
            if not isinstance(rec, dict):
                raise GuardInputError("a record must be a JSON object")
            rec_id = rec.get("id")
            if "text" not in rec:
                raise GuardInputError("the record has no 'text'")
            verdict = check(rec["text"], rec.get("direction", direction),
                            rec.get("context", context), policy, profile)
        except GuardInputError as exc:
            failed = True
            out.write(json.dumps({"id": rec_id, "line": number,
                                  "error": f"line {number}: {exc}"}) + "\n")
            continue
        except Exception as exc:  # noqa: BLE001 - one bad record must not sink the others
            # the type only: an exception's text could quote the record
            failed = True
            out.write(json.dumps({"id": rec_id, "line": number, "error":
                                  f"line {number}: internal error ({type(exc).__name__})"}) + "\n")
            continue
        out.write(json.dumps(_record_line(rec_id, verdict)) + "\n")
    out.flush()
    return EXIT_ERROR if failed else EXIT_ALLOW


@click.command("check")
@click.argument("text", required=False)
@click.option("--direction", type=click.Choice(DIRECTIONS), default="outbound", show_default=True,
              help="outbound: written by the organisation; inbound: written by the public.")
@click.option("--context", type=click.Choice(CONTEXTS), default="post", show_default=True,
              help="Where the text appears.")
@click.option("--policy", default=None, metavar="NAME|PATH",
              help="Policy pack name (us-provider, pharma-brand, public-health) or a YAML file.")
@click.option("--profile", "profile_path", default=None, metavar="PATH",
              help="YAML file of the organisation's public names, phones, addresses, handles.")
@click.option("--json", "as_json", is_flag=True, help="Print the verdict as JSON.")
@click.option("--jsonl", "jsonl", default=None, metavar="FILE|-",
              help="Check every record (id, text, direction, context) of a JSONL file or stdin.")
def check(text: str | None, direction: str, context: str, policy: str | None,
          profile_path: str | None, as_json: bool, jsonl: str | None) -> None:
    """Check a text (or a JSONL file) for PHI and compliance problems."""
    from carepost.guard import GuardInputError
    from carepost.guard import check as guard_check

    try:
        profile = _load_profile(profile_path)
        pol = _policy(policy)
        if jsonl is not None:
            if text is not None:
                raise click.UsageError("give either TEXT or --jsonl, not both")
            if jsonl == "-":
                code = run_jsonl(sys.stdin.buffer, sys.stdout, direction, context, pol, profile)
            else:
                try:
                    stream = open(jsonl, "rb")  # noqa: SIM115 - closed below
                except OSError as exc:
                    raise GuardInputError(f"cannot open {jsonl}: {exc.strerror}") from None
                with stream:
                    code = run_jsonl(stream, sys.stdout, direction, context, pol, profile)
            sys.exit(code)
        if text is None:
            raise click.UsageError("give a TEXT to check, or --jsonl FILE")
        verdict = guard_check(text, direction, context, pol, profile)
    except GuardInputError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    if as_json:
        click.echo(json.dumps(verdict.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(_report(verdict))
    sys.exit(_exit_code(verdict))


def _policy(name: str | None) -> Any:
    try:
        from carepost.guard.policy import load_policy
    except ImportError:
        return name
    return load_policy(name)

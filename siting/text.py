"""User text made inert on its way out: CSV cells that a spreadsheet would run, and control characters that a
terminal would obey.

CSV: a text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a formula to Excel,
LibreOffice and Google Sheets (``=HYPERLINK(...)``, ``-2+3+cmd|...``). Every CSV the tool writes goes through
:func:`write_csv`, which prefixes such a cell with ``'`` (the spreadsheets' own "this is text" mark). Numbers stay
numbers: a numeric cell is never touched, and neither is a text cell that is just a signed number (``-5``,
``+1.5e3``). Column names are treated like cells.

Terminal: :func:`printable` writes control characters (ESC sequences, carriage returns, bidirectional overrides)
as visible escapes (``\\x1b``), so an id or a file name can neither recolour nor rewrite what the terminal
shows; :func:`cell` does the same for a Rich table cell and escapes Rich markup.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_RISKY_START = r"[=+\-@\t\r]"
_SIGNED_NUMBER = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def neutralise_cell(value: object) -> object:
    """``value`` with a ``'`` in front when it is text a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _SIGNED_NUMBER.fullmatch(value):
        return "'" + value
    return value


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells and column names cannot run as spreadsheet formulas."""
    out = pd.DataFrame(frame).copy()
    for col in out.columns:
        dtype = out[col].dtype
        if pd.api.types.is_object_dtype(dtype) or pd.api.types.is_string_dtype(dtype):
            # only the cells that start like a formula are looked at one by one
            risky = _risky(out[col])
            if risky.any():
                out.loc[risky, col] = out.loc[risky, col].map(neutralise_cell)
    out.columns = [neutralise_cell(c) for c in out.columns]
    return out


def _risky(values: pd.Series) -> pd.Series:
    """Text cells whose first character starts a formula (non-text cells are never risky)."""
    try:
        return values.str.match(_RISKY_START, na=False).astype(bool)
    except AttributeError:  # an object column with no text at all
        return pd.Series(False, index=values.index)


def no_negative_zero(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every ``-0.0`` written as ``0.0`` (a rounded -1e-9 is no signed quantity)."""
    out = frame
    for col in frame.columns:
        values = frame[col]
        if pd.api.types.is_float_dtype(values.dtype):
            fixed = values + 0.0  # -0.0 + 0.0 is 0.0; every other value is unchanged
        elif pd.api.types.is_object_dtype(values.dtype):
            fixed = values.map(lambda v: v + 0.0 if isinstance(v, float) else v)
        else:
            continue
        if out is frame:
            out = frame.copy()
        out[col] = fixed
    return out


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """Write ``frame`` as UTF-8 CSV (no index, ``\\n`` line ends) with its text neutralised and no ``-0.0``."""
    no_negative_zero(neutralise(frame)).to_csv(path, index=False, lineterminator="\n")


def printable(text: object) -> str:
    """``text`` with every control character written as a visible escape (``\\x1b``, ``\\n``, ``\\u202e``)."""

    def esc(m: re.Match[str]) -> str:
        c = m.group(0)
        return _NAMED.get(c) or (f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}")

    return _CONTROL.sub(esc, str(text))


def cell(text: object) -> str:
    """``text`` for a Rich table or console line: control characters escaped, then Rich markup escaped."""
    from rich.markup import escape

    return escape(printable(text))

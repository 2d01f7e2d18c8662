"""Numbers and years as municipalities write them, parsed -- or rejected by name, never dropped.

A cell is NFKC-normalised first (full-width digits, ``，``, ``㎡`` and ``～`` become ASCII). Then:

numbers
    ``1000``, ``1,000`` (thousands separators in groups of three), ``1.5万`` (万 = 10^4, 千 = 10^3,
    億 = 10^8), ``約2万`` / ``およそ300`` / ``~300`` / ``300程度`` (an approximate figure is taken as
    written), and a unit the field allows: ``MW``, ``GW``, ``kW`` and ``万kW`` for MW fields
    (``30万kW`` = 300 MW), ``ha``, ``km2``, ``m2`` for areas, ``m3/日``, ``m3/day``, ``トン/日`` for
    water. ``inf`` and ``nan`` are not numbers here: a field is finite.
years
    ``2034``, ``2034年``, ``2034年度`` / ``FY2034`` (a fiscal year is taken as its calendar year), and
    the eras ``令和12年`` (= 2030; 令和元年 = 2019), ``平成31年`` (= 2019), ``R12``, ``H31``. Years in
    kanji numerals (``令和十二年``) are rejected with the fix.

:func:`parse_numbers` and :func:`parse_years` return the values and, for every cell that is given but cannot be
read, the reason: the reader rejects that proposal naming the field and the value.
"""

from __future__ import annotations

import math
import re
import unicodedata

import numpy as np
import pandas as pd

_MULTIPLIERS = {"": 1.0, "千": 1e3, "万": 1e4, "億": 1e8}
#: Unit (lower case, after NFKC) -> factor to the field's unit, per kind of field.
UNITS: dict[str, dict[str, float]] = {
    "mw": {"": 1.0, "mw": 1.0, "gw": 1000.0, "kw": 1e-3},
    "ha": {"": 1.0, "ha": 1.0, "ヘクタール": 1.0, "km2": 100.0, "m2": 1e-4},
    "m3_per_day": {"": 1.0, "m3/日": 1.0, "m3/day": 1.0, "m3/d": 1.0, "トン/日": 1.0, "t/日": 1.0, "t/day": 1.0},
}
_APPROX = re.compile(r"^(約|およそ|概ね|~)\s*|\s*(程度|前後)$")
_NUMBER = re.compile(r"^(?P<num>([-+]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?|[-+]?\.\d+)([eE][-+]?\d+)?)\s*"
                     r"(?P<mult>[千万億]?)\s*(?P<unit>.*)$")
_ERAS = {"令和": 2018, "r": 2018, "平成": 1988, "h": 1988, "昭和": 1925, "s": 1925}
_ERA = re.compile(r"^(?P<era>令和|平成|昭和|[rhs])\s*(?P<n>元|\d{1,2})\s*(年度|年)?$", re.IGNORECASE)
_YEAR = re.compile(r"^(fy)?\s*(?P<y>\d{4})(\.0+)?\s*(年度|年)?$", re.IGNORECASE)
_KANJI_DIGITS = re.compile(r"[〇一二三四五六七八九十百]")


def _norm(value: object) -> str:
    return unicodedata.normalize("NFKC", str(value)).strip()


def parse_number(value: object, kind: str) -> tuple[float | None, str | None]:
    """(number, None), or (None, why it is not one) for a given cell; ``kind`` names the allowed units."""
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        x = float(value)
        return (x, None) if math.isfinite(x) else (None, f"is not a finite number ({value!r})")
    text = _APPROX.sub("", _norm(value)).strip()
    if text.lower().lstrip("+-") in ("inf", "infinity", "nan"):
        return None, f"is not a finite number ({value!r})"
    m = _NUMBER.match(text)
    if not m:
        return None, f"is not a number ({value!r})"
    unit = m["unit"].strip().lower().replace(" ", "")
    if unit and not unit[0].isalpha():
        return None, f"is not a number ({value!r})"
    mult = _MULTIPLIERS[m["mult"]]
    if kind == "mw" and m["mult"] == "万" and unit == "kw":  # 万kW, the unit of Japanese grid statistics
        mult, unit = 10.0, ""
    factors = UNITS[kind]
    if unit not in factors:
        allowed = ", ".join(u for u in factors if u)
        return None, f"has a unit that is not allowed here ({value!r}; units: {allowed})"
    return float(m["num"].replace(",", "")) * mult * factors[unit], None


def parse_year(value: object) -> tuple[int | None, str | None]:
    """(year, None), or (None, why it is not a year) for a given cell."""
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        x = float(value)
        if not math.isfinite(x) or x != math.floor(x):
            return None, f"is not a year ({value!r})"
        return int(x), None
    text = _norm(value)
    if m := _YEAR.match(text):
        return int(m["y"]), None
    if m := _ERA.match(text):
        n = 1 if m["n"] == "元" else int(m["n"])
        return _ERAS[m["era"].lower()] + n, None
    if _KANJI_DIGITS.search(text):
        return None, f"is a year in kanji numerals ({value!r}); write digits, e.g. 令和12年 or 2030"
    return None, f"is not a year ({value!r})"


def _given(series: pd.Series) -> pd.Series:
    return series.notna() & (series.map(lambda v: _norm(v) != "" if isinstance(v, str) else True))


def parse_numbers(series: pd.Series, kind: str) -> tuple[pd.Series, pd.Series]:
    """Numbers of a column and, per row, why a given cell is not one (None where it is, or is empty).

    A column of whole numbers with no gap comes back as integers (as ``pandas.to_numeric`` reads it), floats
    otherwise."""
    errors = pd.Series(None, index=series.index, dtype=object)
    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        values = series.astype(float)
        infinite = values.notna() & ~np.isfinite(values)
        errors[infinite] = [f"is not a finite number ({v!r})" for v in values[infinite]]
        return _whole(values.where(~infinite)), errors
    values = pd.Series(np.nan, index=series.index, dtype=float)
    for i, v in series[_given(series)].items():
        x, why = parse_number(v, kind)
        values[i], errors[i] = (np.nan if x is None else x), why
    return _whole(values), errors


def _whole(values: pd.Series) -> pd.Series:
    ok = values.notna().all() and len(values) and (values.abs() < 2**53).all() and (values == values.round()).all()
    return values.astype("int64") if ok else values


def parse_years(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Years of a column and, per row, why a given cell is not one."""
    values = pd.Series(np.nan, index=series.index, dtype=float)
    errors = pd.Series(None, index=series.index, dtype=object)
    for i, v in series[_given(series)].items():
        y, why = parse_year(v)
        values[i], errors[i] = (np.nan if y is None else float(y)), why
    return values, errors

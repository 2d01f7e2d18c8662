"""Check a layer against its schema once, at load: CRS, Japan's bounds, columns, types, values, ids, geometry.

Every failure becomes a :class:`~siting.errors.Problem` naming the file, the layer kind, the offending row ids
and the fix; all problems of a layer are collected and raised together as one :class:`InputError`. A layer
that passes is returned typed (numbers as floats, flags as booleans, codes zero-padded) and reprojected to
:data:`WORK_CRS`, the one projected CRS every distance in the tool is measured in.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from siting.errors import InputError, Problem
from siting.layers.read import RawLayer, clash_problem, clashing_columns
from siting.layers.schema import SCHEMAS, Column, LayerSchema

#: The projected CRS of all geometry inside the tool: JGD2011 / UTM zone 53N (central meridian 135°E).
#: Scale error stays under 0.2 % on Honshu and under 1 % at Japan's far ends; long distances (fibre RTT)
#: are computed geodesically instead.
WORK_CRS = "EPSG:6690"
#: Lon/lat box that holds all of Japan, Okinotorishima (20.4°N) and Minamitorishima (154.0°E) included.
JAPAN_LON = (122.0, 154.5)
JAPAN_LAT = (20.0, 46.0)

_TRUE = {"true", "t", "yes", "y", "1", "はい", "○"}
_FALSE = {"false", "f", "no", "n", "0", "いいえ", "×"}
_MAN_KW = re.compile(r"^\s*([-+]?\d+(\.\d+)?)\s*万\s*kw\s*$", re.IGNORECASE)


@dataclass
class CheckedLayer:
    """A layer that passed its contract: typed, in :data:`WORK_CRS`, with what was noticed on the way."""

    kind: str
    path: Path
    format: str
    frame: pd.DataFrame
    crs_in: str | None
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return len(self.frame)


class _Collector:
    def __init__(self, raw: RawLayer, schema: LayerSchema):
        self.where = f"{raw.path} [{schema.kind}]"
        self.problems: list[Problem] = []

    def add(self, what: str, fix: str, items: tuple[object, ...] = (), label: str = "rows") -> None:
        self.problems.append(Problem(self.where, what, fix, items, label))


def row_labels(frame: pd.DataFrame, schema: LayerSchema) -> pd.Series:
    """Label rows by their id where it exists, else by their 1-based row number in the file."""
    numbers = pd.Series([f"row {i + 1}" for i in range(len(frame))], index=frame.index)
    if schema.id_column and schema.id_column in frame.columns:
        ids = frame[schema.id_column].astype("string")
        return ids.where(ids.notna() & (ids.str.len() > 0), numbers).astype(str)
    return numbers


def check_layer(raw: RawLayer, kind: str) -> CheckedLayer:
    """Check ``raw`` against the schema of ``kind``; return it typed and reprojected, or raise InputError."""
    if kind not in SCHEMAS:
        raise InputError(Problem(str(raw.path), f"unknown layer kind '{kind}'",
                                 f"use one of {', '.join(SCHEMAS)}"))
    schema = SCHEMAS[kind]
    out = _Collector(raw, schema)
    frame = raw.frame.copy()
    clashes = clashing_columns(frame.columns, lambda c: unicodedata.normalize("NFKC", c).strip())
    if clashes:
        raise InputError(clash_problem(out.where, clashes))
    frame.columns = [unicodedata.normalize("NFKC", str(c)).strip() for c in frame.columns]
    if len(frame) == 0:
        out.add("layer has no rows", "the file has a header or schema but no features; export it again")
        raise InputError(out.problems)
    warnings = list(raw.notes)
    if raw.format.startswith("Shapefile"):
        frame = _untruncate(frame, schema, warnings)
    labels = row_labels(frame, schema)

    _check_columns(frame, schema, out)
    typed = _coerce(frame, schema, labels, out)
    _check_ids(typed, schema, out)
    crs_in = None
    if schema.geometry is not None:
        crs_in, reprojected = _check_geometry(typed, schema, labels, out, warnings)
        typed = reprojected if reprojected is not None else typed
    elif isinstance(typed, gpd.GeoDataFrame):
        typed = pd.DataFrame(typed.drop(columns=typed.geometry.name))
    if out.problems:
        raise InputError(out.problems)
    warnings.extend(_estimate_notes(typed))
    return CheckedLayer(kind, raw.path, raw.format, typed, crs_in, raw.encoding, warnings)


def _untruncate(frame: pd.DataFrame, schema: LayerSchema, warnings: list[str]) -> pd.DataFrame:
    """Shapefiles cut field names to 10 characters ('headroom_mw' -> 'headroom_m'); restore the contract's
    names where the cut name is unambiguous."""
    names = [c.name for c in schema.all_columns if len(c.name) > 10]
    cut: dict[str, list[str]] = {}
    for n in names:
        cut.setdefault(n[:10], []).append(n)
    renames = {short: full[0] for short, full in cut.items()
               if len(full) == 1 and short in frame.columns and full[0] not in frame.columns}
    if renames:
        warnings.append("Shapefile field names restored: " + ", ".join(f"{a}->{b}" for a, b in renames.items()))
    return frame.rename(columns=renames)


def _check_columns(frame: pd.DataFrame, schema: LayerSchema, out: _Collector) -> None:
    present = list(frame.columns)
    for col in schema.all_columns:
        if col.required and col.name not in present:
            close = difflib.get_close_matches(col.name, present, n=1, cutoff=0.6)
            hint = f"rename '{close[0]}' to '{col.name}'" if close else f"add a column '{col.name}' ({col.doc})"
            out.add(f"required column '{col.name}' is missing", hint, tuple(present), "columns found")
    if schema.one_of and not any(c in present for c in schema.one_of):
        out.add(f"needs one of the columns {', '.join(schema.one_of)}", "add one of them")
    if schema.column_pattern and schema.column_pattern_required and not schema.pattern_columns(present):
        out.add(f"has no column like '{schema.column_pattern}'", f"add {schema.column_pattern_doc}")


def _coerce(frame: pd.DataFrame, schema: LayerSchema, labels: pd.Series, out: _Collector) -> pd.DataFrame:
    specs = [c for c in schema.all_columns if c.name in frame.columns]
    specs += [Column(n, "float", "", nonnegative=True, nullable=schema.column_pattern_nullable)
              for n in schema.pattern_columns(list(frame.columns))]
    for col in specs:
        values = frame[col.name]
        bad = pd.Series(False, index=frame.index)
        if col.type == "str":
            frame[col.name] = _as_str(values)
        elif col.type in ("float", "int"):
            frame[col.name], bad = _as_number(values, col, labels, out)
        elif col.type == "bool":
            frame[col.name], bad = _as_bool(values, col, labels, out)
        _check_values(frame[col.name], col, labels, out, already_bad=bad)
    for code, width in (("pref_code", 2), ("muni_code", 5)):
        if code in frame.columns:
            # JIS codes lose their leading zero in spreadsheets: '1' is '01', '1101' is '01101' (N03_007 rule).
            s = frame[code]
            frame[code] = s.where(s.isna(), s.str.replace(r"\.0$", "", regex=True).str.zfill(width))
    have = [c for c in schema.one_of if c in frame.columns]
    if have:
        none = frame[have].isna().all(axis=1)
        if none.any():
            out.add(f"rows have none of {', '.join(schema.one_of)}",
                    f"fill in one of {', '.join(schema.one_of)}", tuple(labels[none]))
    return frame


def _as_str(values: pd.Series) -> pd.Series:
    s = values.astype("string").str.strip()
    return s.where(s.str.len() > 0).astype(object).where(lambda x: x.notna(), None)


def _as_number(values: pd.Series, col: Column, labels: pd.Series,
               out: _Collector) -> tuple[pd.Series, pd.Series]:
    """Parse numbers (full-width digits and thousands separators allowed); return them and the unparseable
    rows."""
    if pd.api.types.is_bool_dtype(values):
        values = values.astype(float)
    if pd.api.types.is_numeric_dtype(values):
        numbers = values.astype(float)
        unparsed = pd.Series(False, index=values.index)
    else:
        text = values.astype("string").str.normalize("NFKC").str.replace(",", "").str.strip()
        numbers = pd.to_numeric(text, errors="coerce").astype(float)
        bad = (numbers.isna() & text.notna() & (text.str.len() > 0)).fillna(False).astype(bool)
        unparsed = bad.copy()
        man = text[bad].astype(str).str.match(_MAN_KW)
        if man.any():
            example = text[bad][man].iloc[0]
            mw = float(_MAN_KW.match(example).group(1)) * 10  # type: ignore[union-attr]
            out.add(f"column '{col.name}' holds 万kW values such as '{example}'",
                    f"convert to MW (1 万kW = 10 MW, so '{example}' is {mw:g}) and drop the unit",
                    tuple(labels[bad[bad].index[man.to_numpy()]]))
            bad = bad & ~bad.index.isin(bad[bad].index[man.to_numpy()])
        if bad.any():
            samples = ", ".join(repr(v) for v in text[bad].head(3))
            out.add(f"column '{col.name}' has values that are not numbers ({samples})",
                    f"write plain numbers in {col.doc or col.name}", tuple(labels[bad]))
    if col.type == "int":
        frac = numbers.notna() & (numbers != np.floor(numbers.fillna(0)))
        if frac.any():
            out.add(f"column '{col.name}' must hold whole numbers", "round the values", tuple(labels[frac]))
        return (numbers.astype("Int64") if not frac.any() and not numbers.isna().all() else numbers), unparsed
    return numbers, unparsed


def _as_bool(values: pd.Series, col: Column, labels: pd.Series,
             out: _Collector) -> tuple[pd.Series, pd.Series]:
    if pd.api.types.is_bool_dtype(values):
        return values.astype("boolean"), pd.Series(False, index=values.index)
    text = values.astype("string").str.strip().str.lower()
    result = pd.Series(None, index=values.index, dtype=object)
    result[text.isin(_TRUE)] = True
    result[text.isin(_FALSE)] = False
    if pd.api.types.is_numeric_dtype(values):
        result[values == 1] = True
        result[values == 0] = False
    bad = (result.isna() & text.notna()).fillna(False).astype(bool)
    if bad.any():
        out.add(f"column '{col.name}' must be true or false", "write true/false (or 1/0, yes/no)",
                tuple(labels[bad]))
    return (result.astype("boolean") if not bad.any() else result), bad


def _check_values(values: pd.Series, col: Column, labels: pd.Series, out: _Collector,
                  already_bad: pd.Series) -> None:
    missing = values.isna() & ~already_bad
    if not col.nullable and missing.any():
        out.add(f"column '{col.name}' is empty", f"fill in {col.doc or col.name}", tuple(labels[missing]))
    present = values[~values.isna()]
    if col.choices is not None and len(present):
        for old, fix in col.retired:
            hit = present == old
            if hit.any():
                out.add(f"column '{col.name}' uses '{old}', a value this version no longer has", fix,
                        tuple(labels[present[hit].index]))
                present = present[~hit]
        bad = ~present.isin(col.choices)
        if bad.any():
            found = ", ".join(sorted({repr(v) for v in present[bad]})[:3])
            out.add(f"column '{col.name}' has values outside the allowed set ({found})",
                    f"use one of {', '.join(col.choices)}", tuple(labels[present[bad].index]))
    if col.type in ("float", "int") and len(present):
        numeric = pd.to_numeric(present, errors="coerce")
        if col.nonnegative:
            neg = numeric < 0
            if neg.any():
                vals = ", ".join(f"{v:g}" for v in numeric[neg].head(3))
                out.add(f"column '{col.name}' has negative values ({vals})",
                        f"{col.name} cannot be negative: correct the sign or leave the cell empty if unknown",
                        tuple(labels[numeric[neg].index]))
            nan_like = ~np.isfinite(numeric.astype(float))
            if nan_like.any():
                out.add(f"column '{col.name}' has infinite values", "write a finite number",
                        tuple(labels[numeric[nan_like].index]))
        for bound, op, word in ((col.low, numeric < (col.low or 0), "below"),
                                (col.high, numeric > (col.high or 0), "above")):
            if bound is not None and op.any():
                out.add(f"column '{col.name}' has values {word} {bound:g} ({numeric[op].iloc[0]:g})",
                        f"{col.doc or col.name} must lie in [{col.low:g}, {col.high:g}]"
                        if col.low is not None and col.high is not None else f"check {col.name}",
                        tuple(labels[numeric[op].index]))


def _check_ids(frame: pd.DataFrame, schema: LayerSchema, out: _Collector) -> None:
    if not schema.id_column or schema.id_column not in frame.columns:
        return
    ids = frame[schema.id_column]
    dup = ids.notna() & ids.duplicated(keep=False)
    if dup.any():
        out.add(f"'{schema.id_column}' is not unique", f"give every row its own {schema.id_column}",
                tuple(dict.fromkeys(ids[dup])), "duplicate ids")


def _check_geometry(frame: pd.DataFrame, schema: LayerSchema, labels: pd.Series, out: _Collector,
                    warnings: list[str]) -> tuple[str | None, gpd.GeoDataFrame | None]:
    if not isinstance(frame, gpd.GeoDataFrame) or frame.geometry is None or frame.geometry.isna().all():
        out.add("layer has no geometry", "give the features a geometry (for CSV, 'lon' and 'lat' columns)")
        return None, None
    geom = frame.geometry.values
    if frame.crs is None:
        out.add("layer has no CRS", "declare the CRS in the file (a .prj for Shapefiles; JGD2011 lon/lat is "
                "EPSG:6668) or reproject to EPSG:4326 before loading")
        return None, None
    crs_in = frame.crs.to_string()
    missing = shapely.is_missing(geom) | shapely.is_empty(geom)
    if missing.any():
        out.add("features have no or empty geometry", "draw the feature or delete the row",
                tuple(labels[missing]))
    names = frame.geometry.geom_type
    wrong = ~missing & ~names.isin(schema.geometry)
    if wrong.any():
        found = ", ".join(sorted(set(names[wrong].astype(str))))
        out.add(f"geometry must be {' or '.join(schema.geometry or ())}, found {found}",
                "export the right geometry type (e.g. centroids for point layers)", tuple(labels[wrong]))
    valid = shapely.is_valid(geom) | missing
    if not valid.all():
        reasons = shapely.is_valid_reason(geom[~valid])
        out.add(f"invalid geometry ({reasons[0]})",
                "repair it (QGIS 'Fix geometries' or shapely.make_valid) and load again", tuple(labels[~valid]))
    ok = ~missing
    if not ok.any():
        return crs_in, None
    # Coordinates must lie in Japan. Checked in lon/lat so swapped axes and mislabelled CRSs show up.
    if frame.crs.is_geographic:
        lonlat = geom
        raw_b = shapely.bounds(geom[ok])
        absurd = (np.abs(raw_b[:, [0, 2]]) > 180).any(axis=1) | (np.abs(raw_b[:, [1, 3]]) > 90).any(axis=1)
        swapped = ((raw_b[:, 1] >= JAPAN_LON[0]) & (raw_b[:, 3] <= JAPAN_LON[1]) & (raw_b[:, 0] >= JAPAN_LAT[0])
                   & (raw_b[:, 2] <= JAPAN_LAT[1]))
        if (absurd & ~swapped).any():
            absurd = absurd & ~swapped
            out.add(f"coordinates such as ({raw_b[absurd][0, 0]:.0f}, {raw_b[absurd][0, 1]:.0f}) are not degrees "
                    f"but the CRS says {crs_in}",
                    "the numbers look projected (metres): declare the real CRS (e.g. EPSG:6677 for JGD2011 "
                    "zone IX) instead of a lon/lat CRS", tuple(labels[ok][absurd]))
            return crs_in, None
    else:
        try:
            lonlat = frame.geometry.to_crs("EPSG:4326").values
        except Exception as exc:
            out.add(f"cannot reproject from {crs_in} ({exc})", "check the CRS declared in the file")
            return crs_in, None
    b = shapely.bounds(lonlat)
    inside = ((b[:, 0] >= JAPAN_LON[0]) & (b[:, 2] <= JAPAN_LON[1]) & (b[:, 1] >= JAPAN_LAT[0])
              & (b[:, 3] <= JAPAN_LAT[1]))
    outside = ok & ~inside
    if outside.any():
        sw = b[outside]
        swapped = ((sw[:, 1] >= JAPAN_LON[0]) & (sw[:, 3] <= JAPAN_LON[1]) & (sw[:, 0] >= JAPAN_LAT[0])
                   & (sw[:, 2] <= JAPAN_LAT[1]))
        x, y = sw[0, 0], sw[0, 1]
        if swapped.all():
            out.add(f"coordinates lie outside Japan: latitude and longitude look swapped (x={x:.4f}, y={y:.4f})",
                    "swap the lon and lat columns (lon is 122-154, lat is 20-46 in Japan)",
                    tuple(labels[outside]))
        else:
            out.add(f"coordinates lie outside Japan (first: x={x:.4f}, y={y:.4f} in lon/lat)",
                    f"check the CRS declared ({crs_in}) and the coordinates; Japan spans lon "
                    f"{JAPAN_LON[0]:g}-{JAPAN_LON[1]:g}, lat {JAPAN_LAT[0]:g}-{JAPAN_LAT[1]:g}",
                    tuple(labels[outside]))
    if out.problems:
        return crs_in, None
    if crs_in != WORK_CRS:
        warnings.append(f"reprojected {crs_in} -> {WORK_CRS}")
    return crs_in, frame.to_crs(WORK_CRS)


def _estimate_notes(frame: pd.DataFrame) -> list[str]:
    notes = []
    for flag in [c for c in frame.columns if c.endswith("_is_estimate")]:
        n = int(frame[flag].fillna(False).astype(bool).sum())
        if n:
            notes.append(f"{flag.removesuffix('_is_estimate')} estimated in {n}/{len(frame)} rows")
    if "estimated" in frame.columns:
        n = int(frame["estimated"].notna().sum())
        if n:
            notes.append(f"{n}/{len(frame)} rows carry estimates (column 'estimated')")
    return notes

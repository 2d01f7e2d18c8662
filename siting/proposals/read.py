"""Read municipal GX data-centre proposals (GeoJSON, GeoPackage or CSV with lon/lat) and check each row.

One row per site; a proposal (``proposal_id``) may have several sites. The file is read with
:func:`siting.layers.read.read_file` (UTF-8 or CP932 CSV), reprojected to the working CRS (EPSG:6690) and
checked row by row, all vectorised. A row that breaks the contract rejects its whole proposal with a
:class:`~siting.errors.Problem` naming the proposal (or the row), the field and the fix; the valid proposals of
the same file are still evaluated. The format is documented in ``models/PROPOSALS.md``.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from siting.errors import InputError, Problem
from siting.layers.checks import WORK_CRS
from siting.layers.japan import NAME_EN, NAME_JA, pref_code
from siting.layers.load import LayerSet
from siting.layers.read import clash_problem, clashing_columns, read_file
from siting.proposals.fields import parse_numbers, parse_years
from siting.proposals.grid import within_one
from siting.scenario import Scenario

REQUIRED = ("proposal_id", "prefecture", "requested_mw")
#: Numeric fields: the kind of units they take (siting.proposals.fields) and the largest plausible value.
NUMBERS: dict[str, tuple[str, float]] = {"requested_mw": ("mw", 100_000.0), "site_area_ha": ("ha", 100_000.0),
                                         "water_m3_per_day": ("m3_per_day", 10_000_000.0),
                                         "decarbonised_mw": ("mw", 100_000.0)}
EXAMPLES = {"requested_mw": "300 (IT MW)", "site_area_ha": "120 (ha)", "water_m3_per_day": "20000 (m3/day)",
            "decarbonised_mw": "200 (MW)"}
YEARS = (2000, 2100)
OPTIONAL_STR = ("name", "municipality", "notes")
#: Every column longer than the 10 characters a Shapefile's .dbf keeps: ``proposal_i`` is read as ``proposal_id``.
SHAPEFILE_NAMES = tuple(c for c in (*REQUIRED, *NUMBERS, *OPTIONAL_STR, "first_year", "full_year", "fibre_redundant")
                        if len(c) > 10)
_TRUE = {"true", "yes", "y", "1", "t", "はい", "有", "あり", "○"}
_FALSE = {"false", "no", "n", "0", "f", "いいえ", "無", "なし", "×"}


@dataclass
class Proposals:
    """Checked proposal sites and the rejected proposals.

    Attributes
    ----------
    sites
        One row per site of a valid proposal, EPSG:6690, geometry a polygon (a point site becomes a circle of
        its ``site_area_ha``); columns ``proposal_id``, ``site_id``, ``row``, ``pref_code`` (stated),
        ``located_pref_code``, ``requested_mw``, ``site_area_ha``, the optional fields, ``point_site``.
    proposals
        One row per valid proposal: sums over its sites (requested_mw, site_area_ha, water_m3_per_day,
        decarbonised_mw), the earliest first_year and latest full_year, and ``fibre_redundant`` true only when
        every site says so.
    rejected
        One row per problem: ``proposal_id``, ``row``, ``field``, ``problem``, ``fix``.
    problems
        The same problems as :class:`~siting.errors.Problem` (what the CLI prints).
    """

    source: str
    sites: gpd.GeoDataFrame
    proposals: pd.DataFrame
    rejected: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)

    @property
    def rejected_ids(self) -> list[str]:
        return sorted({str(p) for p in self.rejected["proposal_id"] if str(p)})


def _column(name: str) -> str:
    return unicodedata.normalize("NFKC", name).strip().lower()


def _text(series: pd.Series, normalise: bool = True) -> pd.Series:
    """Stripped text, NFKC-normalised when ``normalise`` (values matched against a list); empty strings become
    NA. Names and ids are kept as written (（第1区画） stays full-width)."""
    out = series.map(lambda v: (unicodedata.normalize("NFKC", str(v)) if normalise else str(v)).strip()
                     if pd.notna(v) else pd.NA)
    return out.mask(out == "", pd.NA)


def _bool(series: pd.Series) -> pd.Series:
    t = _text(series).str.lower()
    out = pd.Series(pd.NA, index=series.index, dtype="boolean")
    out[t.isin(_TRUE)] = True
    out[t.isin(_FALSE)] = False
    return out


def read_proposals(path: str | Path, layers: LayerSet, sc: Scenario) -> Proposals:
    """Read and check a proposal file against the scenario's prefectures layer.

    Raises
    ------
    InputError
        The file cannot be read, has no geometry, no CRS or lacks a required column (nothing can be
        evaluated). Per-row problems do not raise: they reject their proposal (see :class:`Proposals`).
    """
    path = Path(path)
    raw = read_file(path)
    frame = raw.frame
    src = path.name
    if not isinstance(frame, gpd.GeoDataFrame) or frame.geometry.isna().all():
        raise InputError(Problem(src, "proposals have no geometry", "give a polygon per site (GeoJSON/GeoPackage) "
                                 "or 'lon'/'lat' columns with 'site_area_ha' (CSV)"))
    if frame.crs is None:
        raise InputError(Problem(src, "proposal file has no CRS", "save it with a CRS (EPSG:4326 or 6668)"))
    clashes = clashing_columns(frame.columns, _column)
    if clashes:
        raise InputError(clash_problem(src, clashes))
    frame = frame.rename(columns={c: _column(str(c)) for c in frame.columns})
    if raw.format == "Shapefile":  # a .dbf keeps 10 characters of a column name
        frame = frame.rename(columns={c: full for full in SHAPEFILE_NAMES for c in frame.columns
                                      if c == full[:10] and full not in frame.columns})
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise InputError(Problem(src, f"required column(s) missing: {', '.join(missing)}",
                                 "add them (see models/PROPOSALS.md)", tuple(missing), "columns"))
    frame, swapped, off_globe = check_coordinates(frame.reset_index(drop=True))
    frame = frame.to_crs(WORK_CRS)
    df = gpd.GeoDataFrame({"row": np.arange(1, len(frame) + 1)}, geometry=frame.geometry.values, crs=WORK_CRS)
    df["proposal_id"] = _text(frame["proposal_id"], normalise=False)
    df["prefecture_given"] = _text(frame["prefecture"], normalise=False)
    df["pref_code"] = df["prefecture_given"].map(lambda v: pref_code(v) if pd.notna(v) else None)
    for col in OPTIONAL_STR:
        df[col] = _text(frame[col], normalise=False) if col in frame.columns else pd.NA
    df["fibre_redundant"] = _bool(frame["fibre_redundant"]) if "fibre_redundant" in frame.columns else pd.NA
    issues: list[tuple[pd.Series, str, str | pd.Series, str]] = []  # (mask, field, problem, fix)

    def flag(mask: pd.Series, fld: str, what: str | pd.Series, fix: str) -> None:
        issues.append((mask.fillna(False).astype(bool), fld, what, fix))

    flag(df["proposal_id"].isna(), "proposal_id", "proposal_id is empty",
         "give every row the id of its proposal (rows of one proposal share it)")
    flag(df["pref_code"].isna(), "prefecture", "unknown prefecture",
         "write a Japanese name (千葉県), an English name (Chiba) or a JIS code (12)")
    _numbers(frame, df, flag)
    if "fibre_redundant" in frame.columns:
        given = _text(frame["fibre_redundant"]).notna()
        flag(given & df["fibre_redundant"].isna(), "fibre_redundant", "fibre_redundant is not true/false",
             "write true or false")
    flag(swapped.notna(), "geometry", swapped.fillna(""),
         "write the longitude first: [lon, lat] in GeoJSON, lon then lat in a CSV")
    flag(off_globe.notna(), "geometry", off_globe.fillna(""), "check the coordinates and the file's CRS")
    is_point, is_poly = _geometry(df, flag, off_globe.notna())
    _locate(df, layers, sc, flag)
    _duplicates(df, flag)
    # Geometry: polygons keep their measured area; a point becomes a circle of its stated area.
    geom = df.geometry
    poly_area_ha = geom.area / 1e4
    df["point_site"] = is_point
    df.loc[is_poly, "site_area_ha"] = poly_area_ha[is_poly]
    radius_m = np.sqrt(df["site_area_ha"].fillna(0).to_numpy() * 1e4 / np.pi)
    circles = shapely.buffer(shapely.centroid(geom.values), np.where(is_point, radius_m, 0.0))
    df["geometry"] = np.where(is_point, circles, geom.values)
    return _assemble(src, df, issues)


def _numbers(frame: pd.DataFrame, df: gpd.GeoDataFrame, flag) -> None:  # type: ignore[no-untyped-def]
    """Parse the numeric fields and years (:mod:`siting.proposals.fields`); a given value that is not a finite
    number or a year, or lies outside its plausible range, rejects the proposal naming the field."""
    unreadable = pd.Series(False, index=df.index)
    for col, (kind, limit) in NUMBERS.items():
        if col not in frame.columns:
            df[col] = np.nan
            continue
        df[col], why = parse_numbers(frame[col], kind)
        if col == "requested_mw":
            unreadable = why.notna()
        flag(why.notna(), col, col + " " + why.fillna(""), f"write a number such as {EXAMPLES[col]}")
        flag(df[col] < 0, col, f"{col} is negative", "write a number >= 0" + ("" if col == "requested_mw"
                                                                              else " or leave it empty"))
        flag(df[col] > limit, col, f"{col} is above {limit:,.0f}, more than any one site can be",
             f"check the unit: {col} is in {col.rsplit('_', 1)[-1] if col != 'water_m3_per_day' else 'm3/day'}")
    flag(df["requested_mw"].isna() & ~unreadable, "requested_mw", "requested_mw is empty",
         "write the IT MW requested at the site, e.g. 300")
    for col in ("first_year", "full_year"):
        if col not in frame.columns:
            df[col] = np.nan
            continue
        df[col], why = parse_years(frame[col])
        flag(why.notna(), col, col + " " + why.fillna(""), "write a year such as 2030 (or 令和12年)")
        flag((df[col] < YEARS[0]) | (df[col] > YEARS[1]), col, f"{col} lies outside {YEARS[0]}-{YEARS[1]}",
             "write the calendar year, e.g. 2030")
    flag(df["full_year"] < df["first_year"], "full_year", "full_year comes before first_year",
         "full_year is when the whole requested load runs: on or after first_year")


#: Japan's extent in degrees (lon, lat), with Okinotorishima, Minamitorishima and Yonaguni inside.
JAPAN_LON, JAPAN_LAT = (122.0, 154.0), (20.0, 46.0)


def check_coordinates(frame: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, pd.Series, pd.Series]:
    """Sites in degrees whose longitude and latitude are swapped (swapped back, they lie in Japan's extent;
    as given, they do not) and sites off the globe (beyond +-180 / +-90). The swapped ones are swapped back and
    the ones off the globe dropped, so nothing downstream projects an impossible point; both come back as the
    problem per row (None where there is none) for the reader to reject."""
    swapped = pd.Series(None, index=frame.index, dtype=object)
    off = swapped.copy()
    if frame.crs is None or not frame.crs.is_geographic:
        return frame, swapped, off
    b = frame.geometry.bounds  # NaN for a missing or empty geometry: neither mask
    x0, y0, x1, y1 = (b[c].to_numpy() for c in ("minx", "miny", "maxx", "maxy"))

    def japan(lo0: np.ndarray, lo1: np.ndarray, la0: np.ndarray, la1: np.ndarray) -> np.ndarray:
        return (lo0 >= JAPAN_LON[0]) & (lo1 <= JAPAN_LON[1]) & (la0 >= JAPAN_LAT[0]) & (la1 <= JAPAN_LAT[1])

    swap = japan(y0, y1, x0, x1) & ~japan(x0, x1, y0, y1)
    globe = ~swap & ((x0 < -180) | (x1 > 180) | (y0 < -90) | (y1 > 90))
    for i in np.flatnonzero(swap):
        swapped.iloc[i] = (f"longitude and latitude are swapped: lon {x0[i]:.6g}, lat {y0[i]:.6g} lies outside "
                           f"Japan, lon {y0[i]:.6g}, lat {x0[i]:.6g} inside")
    for i in np.flatnonzero(globe):
        off.iloc[i] = f"the coordinates lon {x0[i]:.6g}, lat {y0[i]:.6g} are not on the globe (lon -180 to 180, " \
                      "lat -90 to 90)"
    if swap.any() or globe.any():
        geoms = frame.geometry.to_numpy().copy()
        geoms[swap] = shapely.transform(geoms[swap], lambda xy: xy[:, ::-1])
        geoms[globe] = None
        frame = frame.set_geometry(gpd.GeoSeries(geoms, index=frame.index, crs=frame.crs))
    return frame, swapped, off


def _geometry(df: gpd.GeoDataFrame, flag, dropped: pd.Series) -> tuple[pd.Series, pd.Series]:  # type: ignore[no-untyped-def]
    """Flag sites with no, the wrong or an invalid geometry (hole outside the shell, spike, self-intersection);
    return which rows are points and which polygons. ``dropped``: rows whose geometry was taken out for a
    problem already flagged."""
    geom = df.geometry
    missing = geom.isna() | geom.is_empty
    flag(missing & ~dropped, "geometry", "the site has no geometry", "give a polygon, or a point with site_area_ha")
    kind = geom.geom_type.fillna("")
    is_point = kind.isin(["Point", "MultiPoint"])
    is_poly = kind.isin(["Polygon", "MultiPolygon"])
    flag(~missing & ~is_point & ~is_poly, "geometry", "the site is neither a point nor a polygon",
         "draw the site as a polygon or give its centre point")
    flag(is_point & ~(df["site_area_ha"] > 0), "site_area_ha", "a point site needs site_area_ha",
         "give the usable site area in ha, or draw the site as a polygon")
    invalid = is_poly & ~geom.is_valid
    if invalid.any():
        reasons = pd.Series("", index=df.index)
        reasons[invalid] = [r.split("[")[0] for r in shapely.is_valid_reason(geom[invalid].values)]
        flag(invalid, "geometry", "the site polygon is invalid (" + reasons + ")",
             "redraw the polygon, or repair it (QGIS 'Fix geometries') and send it again")
    return is_point, is_poly


def _locate(df: gpd.GeoDataFrame, layers: LayerSet, sc: Scenario, flag) -> None:  # type: ignore[no-untyped-def]
    """``located_pref_code``: the prefecture polygon holding the site's point (or within the coast tolerance);
    a site farther than that from every prefecture is in the sea."""
    df["located_pref_code"] = None
    ok = ~(df.geometry.isna() | df.geometry.is_empty)
    if "prefectures" not in layers or not ok.any():
        return
    prefs = layers.geo("prefectures")[["pref_code", "geometry"]].rename(columns={"pref_code": "located"})
    pts = gpd.GeoDataFrame(geometry=df.loc[ok].geometry.representative_point(), crs=WORK_CRS)
    inside = within_one(pts.geometry, prefs, "located")  # most sites: inside one prefecture, no distances needed
    df.loc[inside.index, "located_pref_code"] = inside
    rest = pts[inside.isna()]
    if len(rest):
        tol_m = sc.evaluation.coast_tolerance_km * 1000
        joined = gpd.sjoin_nearest(rest, prefs, how="left", max_distance=tol_m, distance_col="dist_m")
        joined = joined.sort_values("dist_m")
        joined = joined[~joined.index.duplicated(keep="first")]
        df.loc[joined.index, "located_pref_code"] = joined["located"].where(joined["located"].notna(), None)
    sea = ok & df["located_pref_code"].isna()
    flag(sea, "geometry", f"the site lies in the sea (more than {sc.evaluation.coast_tolerance_km:g} km from "
         "every prefecture)", "check the coordinates (lon/lat swapped? wrong sign?) and the CRS")


def _duplicates(df: gpd.GeoDataFrame, flag) -> None:  # type: ignore[no-untyped-def]
    """The same proposal_id with conflicting prefectures, or the same site twice in one proposal."""
    has = df["proposal_id"].notna()
    n_pref = df[has].groupby("proposal_id")["pref_code"].transform("nunique")  # nunique leaves out NA
    conflict = pd.Series(False, index=df.index)
    conflict[n_pref.index] = n_pref > 1
    flag(conflict, "proposal_id", "duplicate proposal_id: its rows name different prefectures",
         "give each proposal its own id, or correct the prefecture of its rows")
    wkb = df.geometry.map(lambda g: None if g is None or g.is_empty else shapely.to_wkb(shapely.normalize(g)))
    dup = has & wkb.notna() & pd.DataFrame({"p": df["proposal_id"], "w": wkb}).duplicated(keep=False)
    flag(dup, "proposal_id", "duplicate proposal_id: the same site is listed twice",
         "delete the repeated row (one row per site)")


def _assemble(src: str, df: gpd.GeoDataFrame, issues: list[tuple[pd.Series, str, str | pd.Series, str]]) -> Proposals:
    rej_rows = []
    for mask, fld, what, fix in issues:
        for i in np.flatnonzero(mask.to_numpy()):
            pid = df.at[i, "proposal_id"]
            rej_rows.append({"proposal_id": "" if pd.isna(pid) else str(pid), "row": int(df.at[i, "row"]),
                             "field": fld, "problem": what if isinstance(what, str) else what.iloc[i], "fix": fix})
    rejected = pd.DataFrame(rej_rows, columns=["proposal_id", "row", "field", "problem", "fix"])
    rejected = rejected.sort_values(["row", "field"], kind="stable").reset_index(drop=True)
    problems = [Problem(f"{src} " + (f"proposal '{r.proposal_id}' row {r.row}" if r.proposal_id
                                     else f"row {r.row}"), r.problem, r.fix, (r.field,), "field")
                for r in rejected.itertuples()]
    bad_ids = set(rejected["proposal_id"]) - {""}
    bad_rows = set(rejected.loc[rejected["proposal_id"] == "", "row"])
    keep = ~df["proposal_id"].isin(bad_ids) & ~df["row"].isin(bad_rows) & df["proposal_id"].notna()
    sites = df[keep].copy()
    sites["proposal_id"] = sites["proposal_id"].astype(str)
    sites["site_id"] = "prop-" + sites["proposal_id"] + "-" + (sites.groupby("proposal_id").cumcount() + 1).astype(str)
    sites = gpd.GeoDataFrame(sites, geometry="geometry", crs=WORK_CRS).reset_index(drop=True)
    return Proposals(src, sites, aggregate(sites), rejected, problems)


def aggregate(sites: gpd.GeoDataFrame) -> pd.DataFrame:
    """One row per proposal from its sites (see :class:`Proposals`)."""
    cols = ["proposal_id", "name", "municipality", "pref_code", "located_pref_code", "n_sites", "requested_mw",
            "site_area_ha", "largest_site_ha", "first_year", "full_year", "water_m3_per_day", "decarbonised_mw",
            "fibre_redundant", "notes"]
    if sites.empty:
        return pd.DataFrame(columns=cols)
    g = sites.groupby("proposal_id", sort=False)
    out = g.agg(name=("name", "first"), municipality=("municipality", "first"), pref_code=("pref_code", "first"),
                n_sites=("site_id", "size"), requested_mw=("requested_mw", "sum"),
                site_area_ha=("site_area_ha", "sum"), largest_site_ha=("site_area_ha", "max"),
                first_year=("first_year", "min"), full_year=("full_year", "max"),
                water_m3_per_day=("water_m3_per_day", "sum"), decarbonised_mw=("decarbonised_mw", "sum"),
                notes=("notes", "first")).reset_index()
    # the prefecture most of the proposal's area lies in (the first site's on a tie)
    loc = sites.assign(a=sites["site_area_ha"]).groupby(["proposal_id", "located_pref_code"], dropna=False)["a"].sum()
    loc = loc.reset_index().sort_values("a", ascending=False).drop_duplicates("proposal_id")
    out["located_pref_code"] = out["proposal_id"].map(loc.set_index("proposal_id")["located_pref_code"])
    # fibre: true when every site says so, NA when no site says anything
    fib = sites["fibre_redundant"].astype("boolean")
    unknown = fib.isna().groupby(sites["proposal_id"]).all()
    every = fib.fillna(False).groupby(sites["proposal_id"]).all().astype(object).where(~unknown, pd.NA)
    out["fibre_redundant"] = out["proposal_id"].map(every)
    out["name"] = out["name"].fillna(out["proposal_id"])
    return out[cols]


def pref_label(code: object, lang: str = "en") -> str:
    """``Chiba (千葉県)`` / ``千葉県`` for a JIS code; ``?`` when unknown."""
    if not isinstance(code, str) or code not in NAME_EN:
        return "?"
    return NAME_JA[code] if lang == "ja" else f"{NAME_EN[code]} ({NAME_JA[code]})"

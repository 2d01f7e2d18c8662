"""Adapter for MLIT 国土数値情報 N03 administrative boundaries (行政区域データ).

N03 files carry ``N03_001`` (prefecture), ``N03_002`` (sub-prefecture bureau), ``N03_003`` (district or
designated city), ``N03_004`` (municipality), ``N03_005`` (ward, 2026 editions) and ``N03_007`` (5-digit
municipal code, which spreadsheets and old files store without its leading zero). Land of undetermined
affiliation (所属未定地) has no ``N03_007`` and is dropped. Editions since 2016 are JGD2011 (EPSG:6668);
the geometry is checked like any other layer after this adapter has renamed the columns.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from siting.layers.japan import MAIN_AREA, NAME_EN, pref_code

N03_COLUMNS = ("N03_001", "N03_007")


def is_n03(frame: pd.DataFrame) -> bool:
    """True if ``frame`` looks like an N03 administrative-boundary table."""
    return all(c in frame.columns for c in N03_COLUMNS)


def n03_municipalities(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Municipality polygons with ``muni_code`` (5 digits), ``pref_code``, ``name_ja`` and the N03 names.

    Several N03 rows (islands, exclaves) of one municipality are dissolved into one multipolygon.
    """
    code = frame["N03_007"].astype("string").str.strip().str.replace(r"\.0$", "", regex=True)
    keep = code.notna() & (code.str.len() > 0)
    out = frame.loc[keep].copy()
    out["muni_code"] = code[keep].str.zfill(5)
    out["pref_code"] = out["muni_code"].str[:2]
    parts = [c for c in ("N03_003", "N03_004", "N03_005") if c in out.columns]
    out["name_ja"] = out[parts].fillna("").astype(str).agg("".join, axis=1) if parts else out["N03_001"]
    cols = ["muni_code", "pref_code", "name_ja", "N03_001", *parts]
    return out[[*cols, out.geometry.name]].dissolve(by="muni_code", as_index=False, aggfunc="first")


def n03_prefectures(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Prefecture polygons (the ``prefectures`` layer contract) dissolved from N03 rows.

    The prefecture code is taken from ``N03_007`` where present and from the name ``N03_001`` otherwise,
    so 所属未定地 rows still count towards their prefecture.
    """
    code = frame["N03_007"].astype("string").str.strip().str.replace(r"\.0$", "", regex=True).str.zfill(5)
    by_name = frame["N03_001"].map(pref_code)
    pref = code.str[:2].where(code.notna() & (code.str.len() == 5), by_name)
    work = gpd.GeoDataFrame({"pref_code": pref, "name_ja": frame["N03_001"]}, geometry=frame.geometry.values,
                            crs=frame.crs)
    out = work.dissolve(by="pref_code", as_index=False, aggfunc="first")
    out["name_en"] = out["pref_code"].map(NAME_EN)
    out["grid_area"] = out["pref_code"].map(MAIN_AREA)
    return out[["pref_code", "name_ja", "name_en", "grid_area", "geometry"]]

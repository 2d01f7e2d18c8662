"""The decarbonised-supply layer (nuclear units, geothermal, large hydro, offshore wind zones) and its
hand-compiled tables; written by :mod:`geodata.build.compile_grid`."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from geodata.build.grid_helpers import join_estimated, on_grid, slug
from geodata.build.grid_tables import FACTS_LICENCE, GEONUCLEAR_LICENCE, OSM_LICENCE
from siting.layers.japan import MAIN_AREA

# --------------------------------------------------------------------------------------------------------
# Decarbonised supply
# --------------------------------------------------------------------------------------------------------
#: Capacity factors (modelled estimates): nuclear 0.8 (Japanese PWR/BWR fleet after restart, assumed),
#: geothermal 0.7, conventional hydro 0.35, offshore wind 0.33 (project brief).
CAPACITY_FACTOR = {"nuclear": 0.80, "geothermal": 0.70, "hydro": 0.35, "wind": 0.33}
#: Nuclear status text (facts `status`) -> schema status; first match wins.
NUCLEAR_STATUS_RULES: tuple[tuple[str, str], ...] = (
    (r"construction", "planned"),                 # under construction / construction suspended
    (r"^restarted|^operating", "operating"),      # restarted since 2015
    (r"restart-pending|suspended|rejected|不許可|review", "restart-pending"),
)
#: Expected first year for units that have not restarted (modelled estimates, marked in `estimated`):
#: approved by the NRA -> operator target or 2030; no approval (under review, review halted, suspended without
#: review, rejected) -> 2035; under construction -> 2035; Higashidori (TEPCO) 1 construction suspended -> unknown.
NUCLEAR_ONLINE_ESTIMATE: dict[tuple[str, int], int | None] = {
    ("Tomari", 3): 2027,               # NRA approval 2025-07, governor consent 2025-12, operator targets early 2027
    ("Kashiwazaki-Kariwa", 7): 2029,   # NRA approval 2017-12; expected after unit 6
    ("Tokai No.2", 1): 2030,           # NRA approval 2018-07; seawall works and local consent outstanding
    ("Higashidori (TEPCO)", 1): None,  # construction suspended since 2011
}
NUCLEAR_ONLINE_DEFAULT = 2035
#: Restart years for operating units whose status text gives none (general knowledge; marked estimated).
NUCLEAR_RESTART_YEAR_FALLBACK: dict[tuple[str, int], int] = {
    ("Ohi", 3): 2018, ("Ohi", 4): 2018, ("Genkai", 3): 2018, ("Genkai", 4): 2018,
}
#: Higashidori (TEPCO) 1 has no PRIS net capacity; the OSM tag gives 1,385 MW per ABWR unit (estimate).
NUCLEAR_CAPACITY_FALLBACK_MW: dict[tuple[str, int], float] = {("Higashidori (TEPCO)", 1): 1385.0}
#: Commissioning years of geothermal / hydro plants (general knowledge unless the facts give one: Wasabizawa
#: 2019, Shin-Ojiya 1990, Ojiya 1951, Senju 1939); marked estimated where not in the facts table.
PLANT_ONLINE_YEAR: dict[str, tuple[int, bool]] = {
    "Mori": (1982, True), "Kakkonda": (1978, True), "Matsukawa": (1966, True), "Appi": (2024, True),
    "Onikobe": (1975, True), "Sumikawa": (1995, True), "Onuma": (1974, True), "Uenotai": (1994, True),
    "Wasabizawa": (2019, False), "Yanaizu-Nishiyama": (1995, True), "Hatchobaru": (1977, True),
    "Otake": (1967, True), "Takigami": (1996, True), "Ogiri": (1996, True), "Yamagawa": (1995, True),
    "Okutadami": (1960, True), "Tagokura": (1959, True), "Sakuma": (1956, True), "Kurobe No.4": (1961, True),
    "Shin-Ojiya": (1990, False), "Otori": (1963, True), "Ojiya": (1951, False), "Senju": (1939, False),
}
#: Plants not yet confirmed in operation whose status is itself an estimate.
PLANT_STATUS_ESTIMATED = {"Appi"}   # construction from 2019-08, operation targeted 2024 (start not verified)
#: Plants that feed another area's network than the one they stand in (facts notes).
SUPPLY_AREA_OVERRIDES: dict[str, str] = {"Kurobe No.4": "Kansai"}
#: Offshore wind CODs where the facts give none or the plan has slipped (modelled estimates).
WIND_COD_ESTIMATE: dict[str, int] = {
    "Off Murakami City and Tainai City": 2030,  # offshore works delayed 1 year, COD unclear (plan 2029-06)
}
WIND_COD_BY_ROUND: dict[str, int] = {
    "Round 1": 2032,               # consortium withdrew 2025-08; re-tender 2026 + ~6 yr to COD
    "Round 4 (expected)": 2033,    # designated 2025-07, tender pending
}
PREF_EN_TO_CODE: dict[str, str] = {}   # filled from the prefecture file at run time



# ========================================================================================================
# decarbonised supply
# ========================================================================================================
def _nuclear(sources: Path) -> gpd.GeoDataFrame:
    nu = pd.read_csv(sources / "facts/nuclear_units.csv")
    key = list(zip(nu.plant_name_en, nu.unit, strict=True))
    status = pd.Series(None, index=nu.index, dtype=object)
    for rx, value in NUCLEAR_STATUS_RULES:
        status = status.where(status.notna(), pd.Series(value, index=nu.index).where(
            nu.status.str.contains(rx, case=False, regex=True)))
    if status.isna().any():
        raise ValueError(f"unmapped nuclear status: {nu.status[status.isna()].tolist()}")
    # 'restarted 2021', 'restarted: reactor restarted 2024-10-29'; not 'restarted under post-2011 rules'
    restart = pd.to_numeric(nu.status.str.extract(r"restarted\s+((?:19|20)\d\d)")[0], errors="coerce")
    fallback = pd.Series([NUCLEAR_RESTART_YEAR_FALLBACK.get(k) for k in key], index=nu.index, dtype="float")
    pending = pd.Series([NUCLEAR_ONLINE_ESTIMATE.get(k, NUCLEAR_ONLINE_DEFAULT) for k in key], index=nu.index,
                        dtype="float")
    operating = status == "operating"
    online = restart.where(operating).fillna(fallback.where(operating))
    online = online.where(operating, pending)
    online_est = (~operating) | (operating & restart.isna())
    cap_fb = pd.Series([NUCLEAR_CAPACITY_FALLBACK_MW.get(k) for k in key], index=nu.index, dtype="float")
    capacity = nu.capacity_mw.fillna(cap_fb)
    osm_coords = nu.coord_source.str.contains("OSM") & ~nu.coord_source.str.contains("GeoNuclearData")
    licence = GEONUCLEAR_LICENCE + pd.Series("", index=nu.index).where(
        ~osm_coords, "; coordinates " + OSM_LICENCE)
    return gpd.GeoDataFrame({
        "supply_id": "nuc-" + slug(nu.plant_name_en) + "-" + nu.unit.astype(str),
        "name": nu.plant_name_en + " unit " + nu.unit.astype(str),
        "kind": "nuclear",
        "capacity_mw": capacity,
        "capacity_factor": CAPACITY_FACTOR["nuclear"],
        "status": status,
        "online_year": online.astype("Int64"),
        "area": nu.grid_area,
        "source": nu.source,
        "licence": licence,
        "estimated": join_estimated({"capacity_mw": nu.capacity_mw.isna(),
                                      "capacity_factor": pd.Series(True, nu.index),
                                      "online_year": online_est}, nu.index),
    }, geometry=gpd.points_from_xy(nu.lon, nu.lat), crs="EPSG:4326")


def _geothermal_hydro(sources: Path) -> gpd.GeoDataFrame:
    gh = pd.read_csv(sources / "facts/geothermal_large_hydro.csv")
    kind = gh.kind.str.split().str[0]                      # 'geothermal' or 'hydro'
    # the schema bounds online_year to 1950..2100: older plants (Senju, 1939) are written as 1950,
    # which is equivalent for any model horizon ("already delivering")
    year = gh.name_en.map(lambda n: PLANT_ONLINE_YEAR[n][0]).clip(lower=1950)
    year_est = gh.name_en.map(lambda n: PLANT_ONLINE_YEAR[n][1])
    status_est = gh.name_en.isin(PLANT_STATUS_ESTIMATED)
    osm = gh.coord_basis.str.contains("OpenStreetMap")
    licence = pd.Series(FACTS_LICENCE + "; coordinates estimated from place names", index=gh.index).where(
        ~osm, FACTS_LICENCE + "; coordinates " + OSM_LICENCE)
    prefix = kind.map({"geothermal": "geo-", "hydro": "hyd-"})
    return gpd.GeoDataFrame({
        "supply_id": prefix + slug(gh.name_en),
        "name": gh.name_en + " (" + gh.name_ja + ")",
        "kind": kind,
        "capacity_mw": gh.capacity_mw.astype(float),
        "capacity_factor": kind.map(CAPACITY_FACTOR),
        "status": "operating",
        "online_year": year.astype("Int64"),
        "area": gh.name_en.map(SUPPLY_AREA_OVERRIDES).fillna(gh.grid_area),
        "source": gh.source,
        "licence": licence,
        "estimated": join_estimated({"capacity_factor": pd.Series(True, gh.index), "status": status_est,
                                      "online_year": year_est}, gh.index),
    }, geometry=gpd.points_from_xy(gh.lon, gh.lat), crs="EPSG:4326")


def _offshore_wind(sources: Path) -> gpd.GeoDataFrame:
    ow = pd.read_csv(sources / "facts/offshore_wind_zones.csv")
    operating = ow.status.str.startswith("operating")
    cod = pd.to_numeric(ow.expected_cod.astype(str).str.extract(r"((?:19|20)\d\d)")[0], errors="coerce")
    est = ow.zone_name_en.map(WIND_COD_ESTIMATE).fillna(ow["round"].map(WIND_COD_BY_ROUND))
    online = est.fillna(cod)
    area = ow.prefecture.map(PREF_EN_TO_CODE).map(MAIN_AREA)
    return gpd.GeoDataFrame({
        "supply_id": "wind-" + slug(ow.zone_name_en.str.replace(r"^Off ", "", regex=True)),
        "name": ow.zone_name_en + " (" + ow.zone_name_ja + ") offshore wind promotion zone",
        "kind": "wind",
        "capacity_mw": ow.capacity_mw.astype(float),
        "capacity_factor": CAPACITY_FACTOR["wind"],
        "status": np.where(operating, "operating", "planned"),
        "online_year": online.astype("Int64"),
        "area": area,
        "source": ow.source,
        "licence": FACTS_LICENCE + "; zone centre estimated from coastal place names",
        "estimated": join_estimated({"capacity_factor": pd.Series(True, ow.index), "online_year": est.notna(),
                                      # a range in the zone list, of which the upper bound is taken
                                      "capacity_mw": ow.capacity_basis.str.contains("upper bound")}, ow.index),
    }, geometry=gpd.points_from_xy(ow.lon, ow.lat), crs="EPSG:4326")


def build_supply(sources: Path) -> gpd.GeoDataFrame:
    out = pd.concat([_nuclear(sources), _geothermal_hydro(sources), _offshore_wind(sources)], ignore_index=True)
    out = gpd.GeoDataFrame(out, geometry="geometry", crs="EPSG:4326")
    out["geometry"] = on_grid(out.geometry.values)
    return out

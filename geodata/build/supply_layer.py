"""The decarbonised-supply layer (nuclear units, geothermal, large hydro, offshore wind zones, solar / wind /
hydro by grid area) and its hand-compiled tables; written by :mod:`geodata.build.compile_grid`."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from geodata.build.dates import dated
from geodata.build.grid_helpers import join_estimated, on_grid, slug
from geodata.build.grid_tables import FACTS_LICENCE, GEONUCLEAR_LICENCE, OSM_LICENCE
from siting.layers.japan import MAIN_AREA

# --------------------------------------------------------------------------------------------------------
# Decarbonised supply
# --------------------------------------------------------------------------------------------------------
#: Capacity factors (modelled estimates): nuclear 0.8 (Japanese PWR/BWR fleet after restart, assumed),
#: geothermal 0.7, conventional hydro 0.35, offshore wind 0.33 (project brief).
CAPACITY_FACTOR = {"nuclear": 0.80, "geothermal": 0.70, "hydro": 0.35, "wind": 0.33}
#: Nuclear status: the facts' ``status_2026`` (the regulator's status, vintage 2026-12), except that a unit
#: which never applied for the NRA review (facts ``nra_application`` = "not applied": Onagawa 3, KK1-5,
#: Hamaoka 5, Shika 1, Higashidori (TEPCO) 1) is ``not-applied``: the facts map these to review-halted for want
#: of a value, but no review of theirs was ever opened or halted.
NOT_APPLIED = "not applied"
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
#: renewables_by_area.csv kinds -> layer kinds and names (pumped storage is not in the table: it stores).
AREA_KINDS = {"solar_plus_wind": "solar_wind", "solar": "solar", "onshore_wind": "wind", "hydro_general": "hydro"}
AREA_KIND_NAMES = {"solar_wind": "solar and onshore wind", "solar": "solar", "wind": "onshore wind",
                   "hydro": "general hydro"}
#: Area rows deliver today: online_year is the year of their statistics (FY2024).
AREA_ONLINE_YEAR = 2024



# ========================================================================================================
# decarbonised supply
# ========================================================================================================
def _nuclear(sources: Path) -> gpd.GeoDataFrame:
    """Every unit of nuclear_units.csv with its regulator status (vintage 2026-12). ``online_year``: the restart
    year of operating units; the announced year of units approved or under review where one was announced
    (Tomari 3 2027, Kashiwazaki-Kariwa 7 2029, Ohma 1 2030); empty otherwise. Which statuses supply, and from
    when, is the scenario's ``decarbonised.nuclear_earliest_year``."""
    nu = pd.read_csv(sources / "facts/nuclear_units.csv")
    key = list(zip(nu.plant_name_en, nu.unit, strict=True))
    status = nu.status_2026.where(nu.nra_application.str.strip() != NOT_APPLIED, "not-applied")
    operating = status == "operating"
    online = nu.restart_year.where(operating, nu.expected_year)
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
        "source": nu.source + " ; status: " + nu.status_source,
        "licence": licence,
        "estimated": join_estimated({"capacity_mw": nu.capacity_mw.isna(),
                                      "capacity_factor": pd.Series(True, nu.index)}, nu.index),
        "as_of": dated(nu.status_as_of),
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
        "as_of": dated(gh.as_of),
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
        "as_of": dated(ow.as_of),
    }, geometry=gpd.points_from_xy(ow.lon, ow.lat), crs="EPSG:4326")


def _area_renewables(sources: Path, grid_areas: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Solar, onshore wind and general hydro by grid area (renewables_by_area.csv): one row per area and kind
    whose annual energy is known, at a representative point of the area. An area with a solar+wind figure
    gets that row only (its separate solar and wind rows, where estimated from shares, would count twice);
    rows of unknown energy are left out (they would contribute nothing)."""
    re = pd.read_csv(sources / "facts/renewables_by_area.csv")
    re = re[re.annual_gwh.notna()]
    combined = set(re.area[re.kind == "solar_plus_wind"])
    re = re[~(re.kind.isin(["solar", "onshore_wind"]) & re.area.isin(combined))].copy()
    kind = re.kind.map(AREA_KINDS)
    point = grid_areas.set_index("area").geometry.representative_point()
    estimated = re.is_estimate.astype(str).str.lower() == "true"
    return gpd.GeoDataFrame({
        "supply_id": "area-" + slug(re.area) + "-" + kind.str.replace("_", "-"),
        "name": re.area + " area " + kind.map(AREA_KIND_NAMES),
        "kind": kind,
        "capacity_mw": re.installed_mw.astype(float),
        "capacity_factor": np.nan,
        "annual_gwh": re.annual_gwh.astype(float),
        "status": "operating",
        "online_year": pd.Series(AREA_ONLINE_YEAR, index=re.index).astype("Int64"),
        "area": re.area,
        "source": re.source,
        "licence": FACTS_LICENCE + "; point = representative point of the grid area, not a plant",
        "estimated": join_estimated({"annual_gwh": estimated, "geometry": pd.Series(True, re.index)}, re.index),
        "as_of": dated(re.as_of),
    }, geometry=re.area.map(point).to_numpy(), crs="EPSG:4326")


def build_supply(sources: Path, grid_areas: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The layer. A large hydro plant of an area whose general hydro is given as an area total is inside that total
    and left out, so no energy counts twice (Kurobe No.4, which feeds Kansai from Toyama, is in the Hokuriku total,
    where the regional statistic puts it)."""
    plants = _geothermal_hydro(sources)
    area_rows = _area_renewables(sources, grid_areas)
    hydro_areas = set(area_rows.loc[area_rows["kind"] == "hydro", "area"])
    plants = plants[~((plants["kind"] == "hydro") & plants["area"].isin(hydro_areas))]
    out = pd.concat([_nuclear(sources), plants, _offshore_wind(sources), area_rows], ignore_index=True)
    out = gpd.GeoDataFrame(out, geometry="geometry", crs="EPSG:4326")
    out["geometry"] = on_grid(out.geometry.values)
    return out

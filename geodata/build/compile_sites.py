"""Compile the bundled site-side reference layers: land, water, communications, hazards, demand.

This script is the single place where the five GeoJSON files in ``geodata/`` are made. It reads the
fact tables and MLIT N03 boundaries in ``geodata/sources/`` and combines them with the hand-compiled tables
of :mod:`geodata.build.land_table` and :mod:`geodata.build.site_tables`, each row carrying one source.

Usage (from the repository root)::

    python -m geodata.build.compile_sites                    # sources = geodata/sources
    python -m geodata.build.compile_sites --sources /path/to/sources --out geodata

What it is responsible for
--------------------------
* ``land.geojson``: candidate sites; municipality/prefecture codes by point-in-polygon against N03
  (points outside the simplified coastline are nudged inland and flagged).
* ``water.geojson``: industrial-water systems with spare supply (published or modelled).
* ``communications.geojson``: IXs, cable landing stations, schematic backbone routes.
* ``hazards.geojson``: coarse, illustrative flood / tsunami / landslide zones (stand-ins for MLIT
  A31 / A40 / A33, which are too large to bundle).
* ``demand.geojson``: compute-demand nodes with new IT load by year, derived from OCCTO's forecast.

Nothing here reads the TeleGeography submarine-cable data (non-commercial licence); it is not bundled.
All numbers that are modelled rather than published are named in each row's ``estimated`` column.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import Polygon, box

from geodata.build.committed import committed_columns
from geodata.build.dates import N03, OCCTO_DEMAND, READ, dated, water_as_of
from geodata.build.grid_helpers import join_flags
from geodata.build.land_table import DC_FROM_FACTS, SITES
from geodata.build.manifest import update_manifest
from geodata.build.site_tables import (
    AICHI_CONTRACTED_TOTAL_M3_PER_DAY,
    BACKBONE,
    BACKBONE_SOURCE,
    DEMAND_SOURCES,
    EXTRA_LANDINGS,
    EXTRA_WATER,
    HAND_ZONES,
    HAZARD_SOURCES,
    IT_MW_2040,
    LANDING_IDS,
    NODES,
    OCCTO_DC_PEAK_MW_2034,
    TSUNAMI_COASTS,
    TSUNAMI_STRIP_KM,
    WATER_IDS,
    reach_km_for,
)

#: Lon/lat CRS of every written file (RFC 7946).
WGS84 = "EPSG:4326"
#: Equal-area azimuthal projection centred on Japan; distance error < ~2 % over the archipelago,
#: good enough for the km-scale buffers and nudges used here.
JAPAN_LAEA = "+proj=laea +lat_0=36 +lon_0=137 +x_0=0 +y_0=0 +ellps=GRS80 +units=m +no_defs"

#: Power usage effectiveness used to turn grid (receiving) MW into IT MW everywhere in this script.
PUE = 1.4

LICENCE_FACTS = "facts from the cited public page (single facts, no database rights claimed)"
LICENCE_MLIT = ("derived from MLIT 国土数値情報 N03 (processed; CC BY 4.0-compatible, attribution "
                "required: 出典：「国土数値情報（行政区域データ）」（国土交通省）を加工して作成)")

REPO_ROOT = Path(__file__).resolve().parents[2]


# --------------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------------

def _points(df: pd.DataFrame) -> gpd.GeoDataFrame:
    """GeoDataFrame of points from ``lat``/``lon`` columns (dropped afterwards)."""
    geom = gpd.points_from_xy(df["lon"], df["lat"], crs=WGS84)
    return gpd.GeoDataFrame(df.drop(columns=["lat", "lon"]), geometry=geom, crs=WGS84)


def assign_municipality(sites: gpd.GeoDataFrame, munis: gpd.GeoDataFrame,
                        inland_m: float = 400.0) -> gpd.GeoDataFrame:
    """Give each point its N03 municipality; nudge points outside the simplified coast inland.

    Points inside a polygon keep their position. A point outside every polygon is moved onto the nearest
    municipality boundary and ``inland_m`` metres further along the same direction (vectorised), then
    re-checked; ``nudged_m`` records the move.
    """
    sites_p = sites.to_crs(JAPAN_LAEA)
    munis_p = munis.to_crs(JAPAN_LAEA)
    hit = gpd.sjoin(sites_p, munis_p[["muni_code", "pref_code", "N03_004", "geometry"]],
                    predicate="within", how="left")
    hit = hit[~hit.index.duplicated(keep="first")]
    outside = hit["muni_code"].isna().to_numpy()
    geoms = sites_p.geometry.to_numpy().copy()
    nudged = np.zeros(len(sites_p))
    if outside.any():
        near = gpd.sjoin_nearest(sites_p.loc[outside, ["geometry"]], munis_p[["geometry"]], how="left")
        near = near[~near.index.duplicated(keep="first")]
        polys = munis_p.geometry.loc[near["index_right"]].to_numpy()
        lines = shapely.shortest_line(near.geometry.to_numpy(), polys)
        coords = shapely.get_coordinates(lines).reshape(-1, 2, 2)  # (n, [start, end], xy)
        start, end = coords[:, 0], coords[:, 1]
        step = end - start
        unit = step / np.maximum(np.linalg.norm(step, axis=1, keepdims=True), 1e-9)
        moved = shapely.points(end + unit * inland_m)
        geoms[outside] = moved
        nudged[outside] = np.linalg.norm(step, axis=1) + inland_m
    fixed = gpd.GeoDataFrame(sites_p.drop(columns="geometry"), geometry=geoms, crs=JAPAN_LAEA)
    hit2 = gpd.sjoin(fixed, munis_p[["muni_code", "pref_code", "N03_004", "geometry"]],
                     predicate="within", how="left")
    hit2 = hit2[~hit2.index.duplicated(keep="first")]
    if hit2["muni_code"].isna().any():
        bad = hit2.index[hit2["muni_code"].isna()].tolist()
        raise ValueError(f"points still outside every municipality after nudging: {bad}; "
                         "move them inland in the site table")
    out = fixed.to_crs(WGS84)
    out["muni_code"] = hit2["muni_code"].to_numpy()
    out["pref_code"] = hit2["pref_code"].to_numpy()
    out["muni_name_ja"] = hit2["N03_004"].to_numpy()
    out["nudged_m"] = np.round(nudged)
    return out


def _round_geoms(gdf: gpd.GeoDataFrame, grid_deg: float = 1e-5) -> gpd.GeoDataFrame:
    """Snap coordinates to ``grid_deg`` and repair any polygon the snapping made invalid."""
    geom = shapely.set_precision(gdf.geometry.to_numpy(), grid_deg)
    geom = shapely.make_valid(geom)
    out = gdf.copy()
    out["geometry"] = geom
    return out


def write_geojson(gdf: gpd.GeoDataFrame, path: Path) -> None:
    """Write RFC 7946 GeoJSON (EPSG:4326, 5-decimal coordinates, UTF-8) with pyogrio."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.unlink()
    gdf = _round_geoms(gdf.to_crs(WGS84))
    # Numeric columns carry their unit in the name; make sure mixed None/float columns are written as
    # numbers (null where empty), not strings.
    numeric = [c for c in gdf.columns
               if c.endswith(("_mw", "_ha", "_m3_per_day", "_km")) or c.startswith(("it_mw_", "committed_it_mw_"))]
    gdf[numeric] = gdf[numeric].apply(pd.to_numeric).astype(float)
    gdf.to_file(path, driver="GeoJSON", engine="pyogrio", RFC7946="YES", COORDINATE_PRECISION=5,
                WRITE_NAME="NO")


# --------------------------------------------------------------------------------------------------
# Layer builders
# --------------------------------------------------------------------------------------------------

def build_land(facts: Path, munis: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Candidate sites: facts DC rows (overridden/completed) plus the hand table."""
    dc = pd.read_csv(facts / "dc_clusters.csv")
    over = pd.DataFrame(DC_FROM_FACTS)
    missing = set(over["facts_name"]) - set(dc["name"])
    if missing:
        raise ValueError(f"dc_clusters.csv lacks rows {sorted(missing)}; update DC_FROM_FACTS")
    m = over.merge(dc, left_on="facts_name", right_on="name", suffixes=("", "_facts"))
    area_pub = m["area_ha_facts"]
    area = m["area_ha"].where(m["area_ha"].notna(), area_pub) if "area_ha" in m else area_pub
    it_pub = m.get("it_mw", pd.Series(np.nan, index=m.index))
    grid = m.get("grid_mw", pd.Series(np.nan, index=m.index))
    grid_existing = m.get("existing_grid_mw", pd.Series(np.nan, index=m.index))
    dc_rows = pd.DataFrame({
        "site_id": m["site_id"], "name": m["name"], "name_ja": m["name_ja"],
        "lat": m["lat"], "lon": m["lon"], "status": m["status"],
        "area_ha": area.astype(float),
        "area_is_estimate": m.get("area_is_estimate", pd.Series(False, index=m.index)).fillna(False).astype(bool),
        "max_it_mw": it_pub.where(it_pub.notna(), (grid / PUE).round(0)),
        "existing_it_mw": (grid_existing / PUE).round(0),
        "mw_is_estimate": it_pub.isna() & grid.notna(),
        "existing_is_estimate": grid_existing.notna(),
        "operators": m["operators"],
        "source": m["source"].str.split(" ; ").str[0],
        "notes": (m["notes"].fillna("") + " [from geodata/sources/facts/dc_clusters.csv; all sources: "
                  + m["source"] + "]"),
        "as_of": dated(m["as_of"]),
        **stated_density(m),
    })
    hand = pd.DataFrame([s.__dict__ for s in SITES])
    hand_rows = hand.assign(mw_is_estimate=False, existing_is_estimate=False, ha_per_mw=np.nan,
                            ha_per_mw_basis=None, density_is_estimate=False)[dc_rows.columns]
    rows = pd.concat([dc_rows, hand_rows], ignore_index=True)
    if rows["area_ha"].isna().any():
        raise ValueError(f"sites without area_ha: {rows.loc[rows['area_ha'].isna(), 'site_id'].tolist()}")

    gdf = assign_municipality(_points(rows), munis)
    flags = pd.DataFrame({
        "area_ha": gdf["area_is_estimate"],
        "max_it_mw": gdf["mw_is_estimate"],
        "existing_it_mw": gdf["existing_is_estimate"],
        "ha_per_mw": gdf["density_is_estimate"],
        "geometry": gdf["nudged_m"] > 0,
    })
    gdf["estimated"] = join_flags(flags)
    nudge_note = np.where(gdf["nudged_m"] > 0,
                          " [point nudged " + gdf["nudged_m"].astype(int).astype(str)
                          + " m inland to fall inside its N03 municipality]", "")
    gdf["notes"] = (gdf["notes"].fillna("") + nudge_note).str.strip()
    gdf["licence"] = LICENCE_FACTS + "; muni_code/pref_code " + LICENCE_MLIT
    committed = committed_columns(gdf, facts)
    years = [c for c in committed.columns if c.startswith("committed_it_mw_")]
    gdf = pd.concat([gdf, committed], axis=1)
    has = gdf[years].notna().any(axis=1)
    gdf.loc[has, "estimated"] = [",".join(filter(None, [e, *years])) for e in gdf.loc[has, "estimated"]]
    cols = ["site_id", "name", "name_ja", "status", "area_ha", "max_it_mw", "existing_it_mw", "ha_per_mw",
            "ha_per_mw_basis", *years, "committed_source", "operators", "pref_code", "muni_code", "muni_name_ja",
            "source", "licence", "estimated", "as_of", "notes", "geometry"]
    return gdf[cols]


def stated_density(m: pd.DataFrame) -> dict[str, pd.Series]:
    """Land per IT MW where a project states both its MW and its area (dc_clusters.csv ``ha_per_mw`` on the
    stated MW basis): area / IT MW where IT MW is stated, else area / (receiving MW / PUE) -- the PUE
    conversion marks the value estimated. Other sites: empty (the scenario's candidates.ha_per_mw)."""
    it_mw = m["announced_it_mw"].astype(float)
    grid_mw = m["announced_grid_mw"].astype(float)
    stated = m["ha_per_mw"].notna() & m["area_ha_facts"].notna()
    per_it = (m["area_ha_facts"] / it_mw.where(it_mw.notna(), grid_mw / PUE)).round(3).where(stated)
    converted = stated & it_mw.isna()
    basis = (m["ha_per_mw_basis"].where(stated) + pd.Series(f"; per IT MW = x PUE {PUE:g}", index=m.index)
             .where(converted, "; IT MW stated"))
    return {"ha_per_mw": per_it, "ha_per_mw_basis": basis.where(stated), "density_is_estimate": converted}


def build_water(facts: Path) -> gpd.GeoDataFrame:
    """Industrial-water systems with spare supply (published difference or modelled estimate)."""
    w = pd.read_csv(facts / "industrial_water.csv")
    unknown = set(w["system_name_en"]) - set(WATER_IDS)
    if unknown:
        raise ValueError(f"industrial_water.csv rows without a water_id: {sorted(unknown)}")
    rows = pd.DataFrame({
        "water_id": w["system_name_en"].map(WATER_IDS), "name": w["system_name_en"],
        "name_ja": w["system_name_ja"], "lat": w["lat"], "lon": w["lon"],
        "capacity_m3_per_day": w["capacity_m3_per_day"].astype(float),
        "contracted_m3_per_day": w["contracted_m3_per_day"].astype(float),
        "published_spare_m3_per_day": np.nan,
        "source": w["source"].str.split(" ; ").str[0],
        "notes": "data date " + w["data_date"].fillna("n/a").astype(str) + "; " + w["notes"].fillna(""),
    })
    # Chiba: the 7-district total also contains the Chiba and Tokatsu-Katsunan rows; keep the remainder
    # (Goi-Ichihara, Goi-Anesaki, Boso-Rinkai, Kisarazu-Nanbu, Hokuso) so capacities do not double-count.
    agg = rows["water_id"] == "w-kan-chiba-other-districts"
    parts = rows["water_id"].isin(["w-kan-chiba-district", "w-kan-tokatsu-katsunan"])
    rows.loc[agg, "capacity_m3_per_day"] -= rows.loc[parts, "capacity_m3_per_day"].sum()
    rows.loc[agg, "name"] = "Chiba prefecture industrial water, other five districts (derived)"
    rows.loc[agg, ["lat", "lon"]] = (35.490, 140.070)  # moved from the Chiba-district point to Ichihara
    rows.loc[agg, "notes"] = ("capacity = 7-district total 1,130,000 minus Chiba 121,200 and Tokatsu-Katsunan "
                              "111,200 (derived); point moved to the Ichihara coast")
    extra = pd.DataFrame([x.__dict__ for x in EXTRA_WATER])
    rows = pd.concat([rows, extra[rows.columns]], ignore_index=True)

    cap, con, pub = rows["capacity_m3_per_day"], rows["contracted_m3_per_day"], rows["published_spare_m3_per_day"]
    # Aichi: contracted volume is published only for the four systems together -> pro-rata (estimate on a
    # published total). Everything else without a published remainder or published capacity and contract is
    # UNKNOWN (empty): no placeholder, no rule of thumb; the model cools its sites dry.
    aichi = rows["water_id"].str.startswith(("w-chb-aichi", "w-chb-nishi-mikawa", "w-chb-higashi-mikawa",
                                             "w-chb-owari"))
    aichi_spare = (cap[aichi].sum() - AICHI_CONTRACTED_TOTAL_M3_PER_DAY) * cap / cap[aichi].sum()
    known = [pub.notna(), cap.notna() & con.notna(), aichi]
    spare = pd.Series(np.select(known, [pub, cap - con, aichi_spare], default=np.nan),
                      index=rows.index).round(-1)
    is_est = aichi & ~(pub.notna() | (cap.notna() & con.notna()))
    method = np.select(
        known,
        ["spare = published remainder", "spare = capacity - contracted (published figures)",
         "spare = Aichi 4-system planned capacity minus 1,210,000 contracted, split pro rata by capacity (estimate)"],
        default="spare unknown: no published capacity and contracted volume (empty; the model cools sites here dry)")
    rows["spare_m3_per_day"] = spare.clip(lower=0.0)
    rows["spare_is_estimate"] = is_est.astype(bool)
    rows["reach_km"] = [reach_km_for(c) for c in cap]
    moved = agg.reindex(rows.index, fill_value=False)  # only the derived Chiba row (the added rows are not)
    rows["estimated"] = join_flags(pd.DataFrame({
        "spare_m3_per_day": is_est, "capacity_m3_per_day": moved, "reach_km": True, "geometry": moved}))
    rows["notes"] = method + "; reach_km by capacity class (estimate); " + rows["notes"].fillna("")
    rows["licence"] = LICENCE_FACTS
    gdf = _points(rows)
    cols = ["water_id", "name", "name_ja", "capacity_m3_per_day", "spare_m3_per_day", "spare_is_estimate",
            "reach_km", "source", "licence", "estimated", "notes", "geometry"]
    return gdf[cols]


def build_communications(facts: Path) -> gpd.GeoDataFrame:
    """IXs and landing stations (points) and schematic backbone routes (lines)."""
    ix = pd.read_csv(facts / "internet_exchanges.csv")
    ix_rows = pd.DataFrame({
        "comm_id": "ix-" + ix["ix_name"].str.lower().str.replace(r"[^a-z0-9]+", "-", regex=True).str.strip("-"),
        "kind": "internet_exchange", "name": ix["ix_name"], "name_ja": None, "status": "operating",
        "operator": ix["operator"], "lat": ix["lat"], "lon": ix["lon"],
        "source": ix["source"].str.split(" ; ").str[0],
        "notes": ix["building_or_area"] + "; coordinate: " + ix["coord_basis"],
        "estimated": "geometry",
        "as_of": dated(ix["as_of"]),
    })
    ls = pd.read_csv(facts / "landing_stations.csv")
    ls_status = np.where(ls["status"].str.startswith("planned"), "planned", "operating")
    ls_rows = pd.DataFrame({
        "comm_id": ls["name_en"].map(LANDING_IDS), "kind": "landing_station", "name": ls["name_en"],
        "name_ja": ls["name_ja"], "status": ls_status, "operator": ls["operator"],
        "lat": ls["lat"], "lon": ls["lon"], "source": ls["source"].str.split(" ; ").str[0],
        "notes": "cables: " + ls["notable_cables"].fillna("n/a") + "; status: " + ls["status"]
                 + "; coordinate: " + ls["coord_basis"],
        "estimated": "geometry",
        "as_of": dated(ls["as_of"]),
    })
    ex = pd.DataFrame(EXTRA_LANDINGS)
    ex_est = np.where(ex.get("status_is_estimate", False).fillna(False).astype(bool), "geometry,status", "geometry")
    ex_rows = ex.assign(kind="landing_station", estimated=ex_est)[ls_rows.columns]
    points = _points(pd.concat([ix_rows, ls_rows, ex_rows], ignore_index=True))

    node_xy = {n.key: (n.lon, n.lat) for n in NODES}
    lines = gpd.GeoDataFrame({
        "comm_id": [b[0] for b in BACKBONE], "kind": "backbone",
        "name": [f"{a.title()} - {b.title()} backbone (schematic)" for _, a, b in BACKBONE],
        "name_ja": None, "status": "operating", "operator": "various carriers (schematic)",
        "source": BACKBONE_SOURCE,
        "notes": "schematic straight line between IX/metro points; real routes follow roads/rail "
                 "(about 1.3x longer) and are redundant",
        "estimated": "geometry",
        "as_of": READ,
    }, geometry=shapely.linestrings([[node_xy[a], node_xy[b]] for _, a, b in BACKBONE]), crs=WGS84)
    gdf = pd.concat([points, lines], ignore_index=True)
    gdf["licence"] = LICENCE_FACTS
    cols = ["comm_id", "kind", "name", "name_ja", "status", "operator", "source", "licence", "estimated",
            "as_of", "notes", "geometry"]
    return gpd.GeoDataFrame(gdf[cols], geometry="geometry", crs=WGS84)


def build_hazards(prefs: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Coarse tsunami strips (coastline buffer) and hand-drawn flood / landslide zones, clipped to land."""
    prefs_p = prefs.to_crs(JAPAN_LAEA)
    prefs_p["geometry"] = shapely.make_valid(prefs_p.geometry.to_numpy())
    # Neighbouring simplified prefectures do not share borders exactly: close slivers with a +-100 m
    # buffer and drop interior rings, so that only the sea coast is left as the land boundary.
    grown = shapely.buffer(prefs_p.geometry.to_numpy(), 100.0)
    parts = shapely.get_parts(shapely.buffer(shapely.union_all(grown), -100.0))
    land = shapely.union_all(shapely.polygons(shapely.get_exterior_ring(parts)))
    coast_band = shapely.intersection(shapely.buffer(shapely.boundary(land), TSUNAMI_STRIP_KM * 1000.0), land)

    def to_laea(geom_ll: shapely.Geometry) -> shapely.Geometry:
        return gpd.GeoSeries([geom_ll], crs=WGS84).to_crs(JAPAN_LAEA).iloc[0]

    recs: list[dict] = []
    for hz_id, name, klass, codes, bbox in TSUNAMI_COASTS:
        pref_geom = shapely.union_all(prefs_p.loc[prefs_p["pref_code"].isin(codes), "geometry"].to_numpy())
        geom = shapely.intersection(shapely.intersection(coast_band, pref_geom), to_laea(box(*bbox)))
        recs.append(dict(hazard_id=hz_id, hazard="tsunami", hazard_class=klass, name=name, geometry=geom, as_of=N03,
                         notes=f"~{TSUNAMI_STRIP_KM:g} km inland strip of the N03 prefecture coastline "
                               f"(prefectures {', '.join(codes)}) inside a lon/lat box"))
    for hz_id, hazard, klass, name, ring in HAND_ZONES:
        geom = shapely.intersection(to_laea(Polygon(ring)), land)
        recs.append(dict(hazard_id=hz_id, hazard=hazard, hazard_class=klass, name=name, geometry=geom, as_of=READ,
                         notes="hand-drawn simplified polygon, clipped to land"))
    gdf = gpd.GeoDataFrame(recs, geometry="geometry", crs=JAPAN_LAEA)
    gdf["geometry"] = shapely.make_valid(gdf.geometry.simplify(150.0).to_numpy())
    gdf = gdf.to_crs(WGS84)
    gdf["source"] = gdf["hazard"].map(HAZARD_SOURCES)
    gdf["licence"] = "illustrative estimate; coastline " + LICENCE_MLIT
    gdf["estimated"] = "geometry,hazard_class"
    return gdf[["hazard_id", "hazard", "hazard_class", "name", "source", "licence", "estimated", "as_of",
                "notes", "geometry"]]


def build_demand() -> gpd.GeoDataFrame:
    """Demand nodes: new DC IT load (MW, vs FY2024) by year, consistent with OCCTO's +6.16 GW by FY2034."""
    it_2034 = OCCTO_DC_PEAK_MW_2034 / PUE  # 4,400 MW IT nationally
    national = {  # linear path from FY2024 (0) to FY2034 along OCCTO's 10-year forecast; 2040 assumed
        2028: it_2034 * (2028 - 2024) / (2034 - 2024),
        2030: it_2034 * (2030 - 2024) / (2034 - 2024),
        2034: it_2034,
        2040: IT_MW_2040,
    }
    nodes = pd.DataFrame([n.__dict__ for n in NODES])
    for year, total in national.items():
        nodes[f"it_mw_{year}"] = (total * nodes["region_share"]).round(1)
    nodes["source"] = DEMAND_SOURCES
    nodes["estimated"] = ",".join(f"it_mw_{y}" for y in national)
    nodes["notes"] = ("share " + (nodes["region_share"] * 100).round(1).astype(str)
                      + " % of national new DC IT load; IT = OCCTO DC peak load / PUE 1.4")
    nodes["licence"] = "derived estimate (this project)"
    nodes["as_of"] = OCCTO_DEMAND
    gdf = _points(nodes)
    cols = ["node_id", "name"] + [f"it_mw_{y}" for y in national] + ["source", "licence", "estimated",
                                                                       "as_of", "notes", "geometry"]
    return gdf[cols]


def _with_water_as_of(water: gpd.GeoDataFrame, facts: Path) -> gpd.GeoDataFrame:
    """The water layer refreshed by ``industrial_water_2026.csv`` (one row per water_id, vintage 2026-12): its
    published capacity and its spare (published, or capacity less contracted volume when both are published)
    replace the older figures; a system it gives no spare for stays as the older table has it (unknown, or the
    Aichi estimate). ``as_of`` is that table's date (the older of the figures it combines), else
    :func:`geodata.build.dates.water_as_of`; it goes before ``notes``."""
    new = pd.read_csv(facts / "industrial_water_2026.csv").set_index("water_id")
    ids = water["water_id"]
    cap = ids.map(new["capacity_m3_per_day"]).astype(float)
    spare = ids.map(new["spare_m3_per_day"]).astype(float).round(-1)
    water = water.copy()
    water["capacity_m3_per_day"] = cap.fillna(water["capacity_m3_per_day"])
    refreshed = spare.notna()
    water.loc[refreshed, "spare_m3_per_day"] = spare[refreshed]
    water.loc[refreshed, "spare_is_estimate"] = ids[refreshed].map(new["is_estimate"]).astype(bool)
    water.loc[refreshed, "notes"] = ("spare from industrial_water_2026.csv (" + ids[refreshed].map(
        new["spare_basis"]).fillna("published") + "); " + water.loc[refreshed, "notes"].fillna("").str.replace(
        r"^spare unknown:.*?dry\); ", "", regex=True))
    water.loc[refreshed, "source"] = ids[refreshed].map(new["source"]).str.split(" ; ").str[0]
    old_as_of = ids.map(water_as_of(pd.read_csv(facts / "industrial_water.csv"), WATER_IDS))
    as_of = ids.map(new["as_of"].dropna()).fillna(old_as_of)
    return water.assign(as_of=as_of)[[*water.columns[:-2], "as_of", *water.columns[-2:]]]


# --------------------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sources", type=Path, default=REPO_ROOT / "geodata" / "sources",
                        help="folder with facts/ and japan-boundaries/ (default: geodata/sources)")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "geodata", help="output folder")
    args = parser.parse_args(argv)
    facts = args.sources / "facts"
    bounds = args.sources / "japan-boundaries"
    munis = gpd.read_file(bounds / "municipalities_s0001.geojson")
    munis = munis[munis["muni_code"].notna()]
    prefs = gpd.read_file(bounds / "prefectures_s0010.geojson")

    layers = {
        "land": build_land(facts, munis),
        "water": _with_water_as_of(build_water(facts), facts),
        "communications": build_communications(facts),
        "hazards": build_hazards(prefs),
        "demand": build_demand(),
    }
    for name, gdf in layers.items():
        path = args.out / f"{name}.geojson"
        write_geojson(gdf, path)
        print(f"wrote {path} ({len(gdf)} features, {path.stat().st_size / 1024:.1f} KiB)")
    update_manifest(args.out, {f"{name}.geojson": gdf for name, gdf in layers.items()})


if __name__ == "__main__":
    main()

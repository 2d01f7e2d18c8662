"""Compile the bundled grid and supply layers of ``geodata/`` from the sources in ``geodata/sources/``.

Regenerates, deterministically, from ``geodata/sources/`` (fact tables, MLIT boundaries, the OSM grid extract)::

    geodata/prefectures.geojson          47 prefectures (MLIT N03 via SmartNews) + main grid area
    geodata/grid_areas.geojson           10 grid areas dissolved from prefectures / municipalities
    geodata/interconnectors.csv          inter-area links, one row per facility
    geodata/substations.geojson          named OSM substations >= 154 kV with a MODELLED demand headroom
    geodata/lines.geojson                OSM high-voltage lines >= 154 kV (straight 2-point segments)
    geodata/reinforcements.csv           reinforcement steps per voltage class (calibrated estimates)
    geodata/decarbonised_supply.geojson  nuclear units, geothermal, large hydro, offshore wind zones

Usage (from the repository root)::

    python -m geodata.build.compile_grid [SOURCES] [--out geodata]

``SOURCES`` defaults to ``geodata/sources``. Every hand-compiled constant
(free fractions, transformer sizes, reinforcement steps, status mappings, year estimates) is in a commented
table with its source: :mod:`geodata.build.grid_tables` (grid) and :mod:`geodata.build.supply_layer`
(decarbonised supply); ``geodata/README.md`` documents the outputs.
"""

from __future__ import annotations

import argparse
import math
import unicodedata
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geodata.build import dates
from geodata.build.committed import area_headroom
from geodata.build.grid_helpers import join_estimated, max_kv, on_grid, polygonal, round5, slug, write_geojson
from geodata.build.grid_tables import (
    AREA_TSO,
    BANK_JPY_PER_KW,
    BANK_LEAD_YEARS,
    CUSTOMER_OPERATORS,
    DEDUP_RADIUS_KM,
    FACTS_LICENCE,
    FREE_FRACTION,
    GENERIC_NAME,
    GRID_AREA_NAME_JA,
    GRID_COST_SOURCES,
    INZAI_ADDED_MW,
    INZAI_JPY,
    INZAI_LEAD_YEARS,
    INZAI_LONLAT,
    INZAI_RADIUS_KM,
    METRIC_CRS,
    MIN_VOLTAGE_KV,
    MLIT_LICENCE,
    MUNI_AREA_OVERRIDES,
    NEW_SUBSTATION_JPY,
    NEW_SUBSTATION_LEAD_YEARS,
    OSM_LICENCE,
    OSM_SOURCE,
    REPO_ROOT,
    STATION_KINDS,
    TRANSFORMER_MW,
)
from geodata.build.manifest import update_manifest
from geodata.build.supply_layer import PREF_EN_TO_CODE, build_supply
from siting.layers.japan import MAIN_AREA
from siting.layers.schema import AREA_FREQUENCY_HZ, GRID_AREAS


# ========================================================================================================
# boundaries
# ========================================================================================================
def build_prefectures(sources: Path) -> gpd.GeoDataFrame:
    pref = gpd.read_file(sources / "japan-boundaries/prefectures_s0010.geojson").sort_values("pref_code")
    geoms = on_grid(pref.geometry.values)
    geoms = np.array([polygonal(g) for g in geoms], dtype=object)
    out = gpd.GeoDataFrame({
        "pref_code": pref["pref_code"].values,
        "name_ja": pref["name_ja"].values,
        "name_en": pref["name_en"].values,
        "grid_area": pref["pref_code"].map(MAIN_AREA).values,
        "licence": MLIT_LICENCE,
        "estimated": None,
        "as_of": dates.N03,
    }, geometry=geoms, crs="EPSG:4326")
    PREF_EN_TO_CODE.update(dict(zip(out.name_en, out.pref_code, strict=True)))
    return out


def _split_prefecture(p_geom: shapely.Geometry, munis: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Cut one prefecture polygon (1 % simplification) into grid-area parts along municipality borders.

    The municipalities (0.1 % simplification) cover the prefecture only roughly: each area gets
    P ∩ union(its municipalities), and every leftover piece of P (coastal slivers, small gaps between the two
    simplifications) goes to the area of the municipality nearest to the piece's representative point.
    """
    munis = munis.assign(geometry=on_grid(munis.geometry.values))
    by_area = munis.dissolve(by="grid_area")
    inside = gpd.GeoDataFrame({"area": by_area.index.values},
                              geometry=shapely.intersection(p_geom, by_area.geometry.values), crs="EPSG:4326")
    leftover = shapely.get_parts(shapely.difference(p_geom, shapely.union_all(munis.geometry.values)))
    leftover = leftover[shapely.get_type_id(leftover) == 3]            # polygons only
    left = gpd.GeoDataFrame(geometry=leftover, crs="EPSG:4326")
    probe = gpd.GeoDataFrame(geometry=left.representative_point(), crs="EPSG:4326").to_crs(METRIC_CRS)
    near = gpd.sjoin_nearest(probe, munis[["grid_area", "geometry"]].to_crs(METRIC_CRS), how="left")
    left["area"] = near[~near.index.duplicated(keep="first")]["grid_area"]
    return pd.concat([inside, left], ignore_index=True)


def build_grid_areas(sources: Path, prefectures: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Dissolve prefectures into grid areas; split Shizuoka, Fukui and Mie along municipality borders."""
    muni = gpd.read_file(sources / "japan-boundaries/municipalities_s0001.geojson")
    muni["grid_area"] = muni["muni_code"].map(MUNI_AREA_OVERRIDES).fillna(muni["pref_code"].map(MAIN_AREA))
    split_codes = sorted({c[:2] for c in MUNI_AREA_OVERRIDES})
    whole = prefectures[~prefectures.pref_code.isin(split_codes)]
    pieces = [gpd.GeoDataFrame({"area": whole.grid_area.values}, geometry=whole.geometry.values, crs="EPSG:4326")]
    for code in split_codes:
        p_geom = prefectures.loc[prefectures.pref_code == code].geometry.iloc[0]
        pieces.append(_split_prefecture(p_geom, muni[muni.pref_code == code]))
    parts = pd.concat(pieces, ignore_index=True)
    dissolved = parts.dissolve(by="area")
    geoms = on_grid(dissolved.geometry.values)
    geoms = np.array([polygonal(g, min_area=1e-7) for g in geoms], dtype=object)
    out = gpd.GeoDataFrame({
        "area": dissolved.index.values,
        "frequency_hz": [AREA_FREQUENCY_HZ[a] for a in dissolved.index],
        "name_ja": [GRID_AREA_NAME_JA[a] for a in dissolved.index],
        "licence": MLIT_LICENCE,
        "estimated": "geometry",
        "notes": "service-area boundary approximated at municipality level (MLIT N03 2021 boundaries); "
                 "see geodata/README.md for the municipalities moved between areas",
        "as_of": dates.N03,
    }, geometry=geoms, crs="EPSG:4326")
    out["order"] = out["area"].map({a: i for i, a in enumerate(GRID_AREAS)})
    return out.sort_values("order").drop(columns="order").reset_index(drop=True)


# ========================================================================================================
# interconnectors
# ========================================================================================================
def build_interconnectors(sources: Path) -> pd.DataFrame:
    """One row per facility. Planned totals in the facts become additions: added = planned total − today.

    Dropped: the OCCTO Master Plan 6 GW Hokkaido–Honshu concept row (a 2050 concept, not a project, whose
    2 GW Japan Sea part is already its own row; its far end 'Tohoku/Tokyo' is not one area).
    """
    ic = pd.read_csv(sources / "facts/interconnectors.csv")
    ic = ic[ic.from_area.isin(GRID_AREAS) & ic.to_area.isin(GRID_AREAS)].copy()
    ic["year"] = pd.to_numeric(ic.planned_year.astype(str).str.extract(r"((?:19|20)\d\d)")[0], errors="coerce")
    planned_total = pd.to_numeric(ic.planned_capacity_mw, errors="coerce")
    # Shin-Kitahon's planned figure is the Hokkaido–Tohoku pair total (900 -> 1,200 MW).
    pair_total = ic.name.str.contains("Shin-Kitahon")
    pair_today = ic.groupby(["from_area", "to_area"]).capacity_mw.transform("sum")
    base = ic.capacity_mw.where(~pair_total, pair_today)
    added = (planned_total - base).where(planned_total.notna())
    # id: areas + the facility's name up to its first bracket or '+', at most 5 words
    short = slug(ic.name.str.split(r"\s*[(+]", regex=True).str[0]).str.split("-").str[:5].str.join("-")
    ic_id = slug(ic.from_area) + "-" + slug(ic.to_area) + "-" + short
    notes = (ic.type + "; owner " + ic.owner.fillna("n/a") + "; capacity basis: " + ic.capacity_basis.fillna("")
             + ic.planned_note.fillna("").map(lambda s: f"; plan: {s}" if s else "")
             + ic.notes.fillna("").map(lambda s: f"; {s}" if s else "")
             + "; confidence " + ic.confidence)
    estimated = pd.Series(None, index=ic.index, dtype=object)
    estimated[ic.notes.fillna("").str.contains("general knowledge")] = "capacity_mw"
    out = pd.DataFrame({
        "interconnector_id": "ic-" + ic_id,
        "name": ic.name + " / " + ic.name_ja,
        "from_area": ic.from_area,
        "to_area": ic.to_area,
        "capacity_mw": ic.capacity_mw.astype(float),
        "planned_added_mw": added,
        "planned_year": ic.year.astype("Int64"),
        "source": ic.source,
        "notes": notes,
        "licence": FACTS_LICENCE,
        "estimated": estimated,
        "as_of": dates.dated(ic.as_of),
    })
    return out.reset_index(drop=True)


# ========================================================================================================
# substations and lines (OSM via ComplexNetTSP/Power_grids)
# ========================================================================================================
def _area_of_points(points: gpd.GeoDataFrame, grid_areas: gpd.GeoDataFrame, max_km: float = 25.0) -> pd.Series:
    """Grid area by point-in-polygon; coastal points just outside the simplified coast take the nearest area."""
    pts = points[[points.geometry.name]].to_crs(METRIC_CRS)
    polys = grid_areas[["area", "geometry"]].to_crs(METRIC_CRS)
    hit = gpd.sjoin_nearest(pts, polys, how="left", max_distance=max_km * 1000, distance_col="dist_m")
    hit = hit[~hit.index.duplicated(keep="first")]
    return hit["area"].reindex(points.index)


def _station_kinds(names: pd.Series, operators: pd.Series) -> pd.DataFrame:
    """``station_kind``, ``kind_factor`` and ``ineligible_reason`` (None: eligible) of each station: the
    operator rule first (customer-owned railway and waterworks stations), then the name rules."""
    out = pd.DataFrame({"station_kind": None, "kind_factor": np.nan, "ineligible_reason": None}, index=names.index)
    for kind, rx, reason in CUSTOMER_OPERATORS:
        hit = out["station_kind"].isna() & operators.fillna("").str.contains(rx, regex=True)
        out.loc[hit, ["station_kind", "kind_factor", "ineligible_reason"]] = kind, 0.0, reason
    for kind, rx, factor, reason in STATION_KINDS:
        hit = out["station_kind"].isna() & names.str.contains(rx, regex=True)
        out.loc[hit, ["station_kind", "kind_factor", "ineligible_reason"]] = kind, factor, reason
    return out


def build_substations(sources: Path, grid_areas: gpd.GeoDataFrame,
                      prefectures: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    osm = sources / "japan-grid-osm"
    nodes = gpd.read_file(osm / "heuristic_nodes.geojson")      # superset of highvoltage_nodes (same v_id)
    lines = pd.concat([gpd.read_file(osm / f) for f in ("highvoltage_lines.geojson", "heuristic_lines.geojson")])
    lines = lines.drop_duplicates("l_id")
    st = nodes[nodes.typ.isin(["substation", "sub_station", "station"]) & nodes.name.notna()].copy()

    # voltage: OSM tag, else the highest voltage of the lines ending at the node (marked estimated)
    st["v_tag"] = max_kv(st.voltage)
    ends = pd.concat([lines[["v_id_1", "voltage"]].rename(columns={"v_id_1": "v_id"}),
                      lines[["v_id_2", "voltage"]].rename(columns={"v_id_2": "v_id"})], ignore_index=True)
    ends["kv"] = max_kv(ends.voltage)
    st["v_lines"] = st.v_id.map(ends.groupby("v_id").kv.max())
    st["voltage_kv"] = st.v_tag.fillna(st.v_lines)
    st["voltage_estimated"] = st.v_tag.isna() & st.v_lines.notna()
    st = st[st.voltage_kv >= MIN_VOLTAGE_KV]

    # names: 'X変電所 (X Hendensho)' -> name 'X変電所', name_en 'X Hendensho'
    raw = st.name.map(lambda s: unicodedata.normalize("NFKC", s).strip())
    latin = raw.str.extract(r"\(([A-Za-z][^()]*)\)\s*$")[0]
    st["name_clean"] = raw.str.replace(r"\s*\([A-Za-z][^()]*\)\s*$", "", regex=True).str.strip()
    st["name_en"] = latin.str.strip()
    # drop names that identify nothing: no letters, or only a generic word ('変電所', '開閉所')
    specific = st.name_clean.str.replace(GENERIC_NAME, "", regex=True)
    st = st[specific.str.contains(r"[^\W\d_]", regex=True)]

    # deduplicate same-name nodes within DEDUP_RADIUS_KM: keep the tagged, highest-voltage, lowest-id one
    st = st.sort_values(["voltage_estimated", "voltage_kv", "v_id"], ascending=[True, False, True])
    st["rank"] = np.arange(len(st))
    m = st[["v_id", "name_clean", "rank", "geometry"]].to_crs(METRIC_CRS)
    pairs = gpd.sjoin(m, m.assign(geometry=m.buffer(DEDUP_RADIUS_KM * 1000)), predicate="within")
    dup = pairs[(pairs.name_clean_left == pairs.name_clean_right) & (pairs.rank_right < pairs.rank_left)]
    st = st[~st.v_id.isin(dup.v_id_left)]

    st["grid_area"] = _area_of_points(st, grid_areas)
    st = st[st.grid_area.notna()]
    freq = pd.to_numeric(st.frequency.astype(str).str.split(";").str[0], errors="coerce")
    st["freq_mismatch"] = freq.notna() & (freq != st.grid_area.map(AREA_FREQUENCY_HZ))

    # headroom (MODELLED): class transformer MW x area free fraction x station-kind factor; Inzai -> 0
    classes = np.array(sorted(TRANSFORMER_MW))
    cls = classes[np.searchsorted(classes, st.voltage_kv.to_numpy(), side="right") - 1]
    st["voltage_class_kv"] = cls
    kinds = _station_kinds(st.name_clean, st.operator)
    factor = kinds["kind_factor"].astype(float)
    st["station_kind"] = kinds["station_kind"]
    x, y = gpd.GeoSeries(gpd.points_from_xy([INZAI_LONLAT[0]], [INZAI_LONLAT[1]]), crs="EPSG:4326") \
        .to_crs(METRIC_CRS).iloc[0].coords[0]
    dist_inzai_km = st.to_crs(METRIC_CRS).distance(shapely.Point(x, y)) / 1000.0
    base_mw = pd.Series(cls, index=st.index).map(TRANSFORMER_MW)
    headroom = round5(base_mw * st.grid_area.map(FREE_FRACTION) * factor)
    st["headroom_mw"] = headroom.where(dist_inzai_km > INZAI_RADIUS_KM, 0.0)
    st["eligible"] = kinds["ineligible_reason"].isna()
    pref_of = _area_of_points(st, prefectures.rename(columns={"pref_code": "area"})[["area", "geometry"]])
    added = area_headroom(st.rename(columns={"grid_area": "area"}), pref_of, base_mw,
                          sources / "facts", dist_inzai_km <= INZAI_RADIUS_KM)

    operator = st.operator.where(st.operator.notna(), st.grid_area.map(AREA_TSO))
    estimated = join_estimated({"voltage_kv": st.voltage_estimated, "headroom_mw": pd.Series(True, st.index),
                                 "operator": st.operator.isna(),
                                 "headroom_added_mw": added["headroom_added_mw"].notna()}, st.index)
    out = gpd.GeoDataFrame({
        "substation_id": "osm-" + st.v_id.astype(str),
        "name": st.name_clean,
        "name_en": st.name_en,
        "voltage_kv": st.voltage_kv.astype(float),
        "area": st.grid_area,
        "headroom_mw": st.headroom_mw.astype(float),
        "headroom_is_estimate": True,
        "operator": operator,
        "station_kind": st.station_kind,
        "eligible": st.eligible.astype(bool),
        "ineligible_reason": kinds["ineligible_reason"],
        "headroom_added_mw": added["headroom_added_mw"],
        "headroom_added_year": added["headroom_added_year"],
        "headroom_added_source": added["headroom_added_source"],
        "frequency_hz_osm": freq.astype("Int64"),
        "source": OSM_SOURCE + " node " + st.v_id.astype(str) + "; headroom_mw modelled (geodata/README.md)",
        "licence": OSM_LICENCE,
        "estimated": estimated,
        "as_of": dates.OSM,
    }, geometry=on_grid(st.geometry.values), crs="EPSG:4326")
    mism = st[st.freq_mismatch]
    if len(mism):
        print(f"  note: {len(mism)} substations whose OSM frequency tag disagrees with their area: "
              + ", ".join(f"{n} ({a})" for n, a in zip(mism.name_clean, mism.grid_area, strict=True)))
    return out.sort_values("substation_id", key=lambda s: s.str[4:].astype(int)).reset_index(drop=True)


def build_lines(sources: Path) -> gpd.GeoDataFrame:
    hv = gpd.read_file(sources / "japan-grid-osm/highvoltage_lines.geojson")
    hv["voltage_kv"] = max_kv(hv.voltage)
    hv = hv[hv.voltage_kv >= MIN_VOLTAGE_KV].copy()
    geoms = on_grid(hv.geometry.values)
    keep = ~shapely.is_empty(geoms) & (shapely.length(geoms) > 0)
    hv, geoms = hv[keep], geoms[keep]
    out = gpd.GeoDataFrame({
        "line_id": "osm-" + hv.l_id.astype(str),
        "voltage_kv": hv.voltage_kv.astype(float),
        "name": hv.name,
        "operator": hv.operator,
        "length_km": (hv.length_m / 1000.0).round(2),
        "source": OSM_SOURCE + " link " + hv.l_id.astype(str) + " (straight segment between end nodes)",
        "licence": OSM_LICENCE,
        "estimated": None,
        "as_of": dates.OSM,
    }, geometry=geoms, crs="EPSG:4326")
    return out.sort_values("line_id", key=lambda s: s.str[4:].astype(int)).reset_index(drop=True)


# ========================================================================================================
# reinforcements
# ========================================================================================================
def build_reinforcements() -> pd.DataFrame:
    rows = []
    src = GRID_COST_SOURCES
    for kv, class_mw in sorted(TRANSFORMER_MW.items()):
        bank_mw = class_mw / 2.0
        rows.append(dict(
            voltage_kv=float(kv), step=1, added_mw=bank_mw, cost_jpy=bank_mw * 1000 * BANK_JPY_PER_KW,
            lead_time_years=BANK_LEAD_YEARS[kv],
            description=(f"Add one {kv} kV transformer bank at the existing substation: +{bank_mw:.0f} MW "
                         f"(half the assumed {class_mw:.0f} MW firm capacity of a {kv} kV station). Cost = "
                         f"{bank_mw:.0f} MW x JPY 40,000/kW, the rate derived from Kansai T&D's 4-substation "
                         f"programme (> JPY 150 bn for +30 % capacity, assumed ~3,000 MW per substation). Lead "
                         f"time = transformer delivery 140-160 weeks (~3 yr) plus installation."),
            source=f"{src['A2']} ; {src['L1']}", as_of=dates.COST_ANCHOR["A2"],
            estimated="added_mw,cost_jpy,lead_time_years"))
        if kv == 500:
            step2 = dict(added_mw=1500.0, cost_jpy=1500.0 * 1000 * BANK_JPY_PER_KW,
                         description=("Echigo-type expansion of the 500 kV substation: 2-3 more 500 kV banks and "
                                      "500 kV circuits added/uprated: +1,500 MW at JPY 40,000/kW (Kansai-derived "
                                      "rate). Lead time 5.5 yr = Tohoku NW Echigo (3 transformers + 2 lines "
                                      "uprated to 500 kV, works 2025-05 -> service 2030-11)."),
                         source=f"{src['A2']} ; {src['L3']}", as_of=dates.COST_ANCHOR["A2"],
                         estimated="added_mw,cost_jpy,lead_time_years")
        else:
            cost = round(NEW_SUBSTATION_JPY * math.sqrt(class_mw / 600.0) / 0.5e9) * 0.5e9
            step2 = dict(added_mw=class_mw, cost_jpy=cost,
                         description=(f"New {kv} kV substation with its line connection (~10 km loop-in), sized "
                                      f"at the class capacity {class_mw:.0f} MW. Cost = JPY 26 bn x "
                                      f"sqrt({class_mw:.0f}/600) rounded to JPY 0.5 bn; JPY 26 bn = TEPCO PG's "
                                      f"JPY 470 bn for 18 large substations incl. lines (derived); the square "
                                      f"root is an assumed economy of scale. Lead time: Chiba-nishi new EHV "
                                      f"substation took 4.75 yr (decided 2019-09, energised 2024), smaller "
                                      f"classes assumed shorter."),
                         source=f"{src['A1']} ; {src['L2']}", as_of=dates.COST_ANCHOR["A1"],
                         estimated="added_mw,cost_jpy,lead_time_years")
        rows.append(dict(voltage_kv=float(kv), step=2, lead_time_years=NEW_SUBSTATION_LEAD_YEARS[kv], **step2))
        rows.append(dict(
            voltage_kv=float(kv), step=3, added_mw=INZAI_ADDED_MW, cost_jpy=INZAI_JPY,
            lead_time_years=INZAI_LEAD_YEARS,
            description=("Inzai-type new 500 kV injection substation, trunk connection and downstream network: "
                         "TEPCO PG's Inzai programme, JPY 220 bn for supply capacity 1.1 GW (2022) -> 2.3 GW "
                         "(2027) = +1,200 MW (JPY 183,000/kW). Lead time 8 yr = the normal lead time quoted for "
                         "an Inzai EHV substation (built in ~half that with a cable tunnel)."),
            source=f"{src['A3']} ; {src['L4']}", as_of=dates.COST_ANCHOR["A3"],
            # a programme total applied to one generic step: all three numbers are modelled
            estimated="added_mw,cost_jpy,lead_time_years"))
    out = pd.DataFrame(rows)
    out.insert(0, "substation_id", None)
    out["licence"] = FACTS_LICENCE
    return out[["substation_id", "voltage_kv", "step", "added_mw", "cost_jpy", "lead_time_years", "description",
                "source", "licence", "estimated", "as_of"]]


# ========================================================================================================
def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sources", nargs="?", default=str(REPO_ROOT / "geodata" / "sources"),
                        help="folder of the source data (default: geodata/sources)")
    parser.add_argument("--out", default=str(REPO_ROOT / "geodata"), help="output folder (default: geodata/)")
    args = parser.parse_args(argv)
    sources, out = Path(args.sources).resolve(), Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)

    prefectures = build_prefectures(sources)
    grid_areas = build_grid_areas(sources, prefectures)
    substations = build_substations(sources, grid_areas, prefectures)
    tables = {
        "prefectures.geojson": prefectures,
        "grid_areas.geojson": grid_areas,
        "interconnectors.csv": build_interconnectors(sources),
        "substations.geojson": substations,
        "lines.geojson": build_lines(sources),
        "reinforcements.csv": build_reinforcements(),
        "decarbonised_supply.geojson": build_supply(sources, grid_areas),
    }
    for name, frame in tables.items():
        path = out / name
        if name.endswith(".geojson"):
            write_geojson(frame, path)
        else:
            frame.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
        print(f"  {name}: {len(frame)} rows, {path.stat().st_size / 1e6:.2f} MB")
    update_manifest(out, tables)


if __name__ == "__main__":
    main()

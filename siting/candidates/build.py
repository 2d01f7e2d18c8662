"""Candidates: land becomes candidate sites with their attributes, grouped into candidate regions.

All geoprocessing is vectorised (shapely STRtree queries, geopandas spatial joins); nothing loops over the
site x substation product. Distances are in the working CRS (metres, JGD2011 / UTM 53N) except fibre RTT
(:mod:`siting.candidates.fibre`), which is geodesic because demand nodes can be 1,000 km away.

Every site that is not a candidate keeps its row with ``screened_reason`` saying why (hazard zone, excluded
grid area, too small, no substation within reach), so results and maps can show it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from siting.candidates.arc_rules import apply_rules, eligible, longest_sea_km
from siting.candidates.committed import add_committed, committed_column, excluded_existing, hold_to_committed
from siting.candidates.fibre import fibre_pairs
from siting.errors import Problem, ScenarioError
from siting.layers.japan import MAIN_AREA, NAME_EN, NAME_JA
from siting.layers.load import LayerSet
from siting.scenario import Scenario
from siting.units import FLOAT_EPS


@dataclass
class Candidates:
    """Everything the model-data builder needs, as tables (sites keep their geometry for results/maps)."""

    sites: gpd.GeoDataFrame  # all land rows; candidates have screened_reason == None
    regions: pd.DataFrame  # region_id, name, n_sites, cap_mw
    arcs: pd.DataFrame  # site_id, substation_id, dist_km, voltage_kv, cost_jpy, lead_years
    pairs: pd.DataFrame  # node_id, site_id, route_km, rtt_ms, cost_jpy_per_mw_year
    steps: pd.DataFrame  # substation_id, step, added_mw, cost_jpy, lead_time_years
    #: Pre-check notes of this stage (what the arc rules removed, clusters held to committed capacity).
    warnings: list[str] = field(default_factory=list)
    #: Arcs each rule of :mod:`siting.candidates.arc_rules` removed, and how many there would be without them.
    arcs_removed: dict[str, int] = field(default_factory=dict)

    @property
    def candidates(self) -> gpd.GeoDataFrame:
        return self.sites[self.sites["screened_reason"].isna()]


def voltage_class(voltage_kv: pd.Series | np.ndarray, classes: list[float]) -> np.ndarray:
    """The largest class <= each voltage (the smallest class for voltages below all of them)."""
    cls = np.sort(np.asarray(classes, dtype=float))
    v = np.asarray(voltage_kv, dtype=float)
    pos = np.searchsorted(cls, v + FLOAT_EPS, side="right") - 1
    return cls[np.clip(pos, 0, len(cls) - 1)]


def _class_table(values: dict[str, float]) -> tuple[list[float], dict[float, float]]:
    table = {float(k): float(v) for k, v in values.items()}
    return sorted(table), table


def build_candidates(layers: LayerSet, sc: Scenario) -> Candidates:
    """Turn the land layer into screened candidate sites, regions, connection arcs and fibre pairs."""
    cand = sc.candidates
    sites = layers.geo("land").copy()
    sites["screened_reason"] = None
    sites["screened_reason_ja"] = None
    sites["point"] = sites.geometry.representative_point()
    # land per IT MW: the site's own project density where the land layer states one, else the scenario's
    stated = sites["ha_per_mw"] if "ha_per_mw" in sites.columns else pd.Series(np.nan, index=sites.index)
    cap = sites["area_ha"] / stated.astype(float).fillna(cand.ha_per_mw)
    if "max_it_mw" in sites.columns:
        cap = np.minimum(cap, sites["max_it_mw"].fillna(np.inf))
    sites["cap_mw"] = cap.astype(float)
    add_committed(sites, sc)
    sites["area"] = site_grid_area(sites, layers)
    sites["water_id"] = site_water_system(sites, layers)
    _screen(sites, layers, sc)
    warnings = hold_to_committed(sites, sc)
    removed: dict[str, int] = {}
    arcs = connection_arcs(sites, layers, sc, removed)
    held = excluded_existing(sites, sc)
    arcs = arcs[~arcs["site_id"].isin(sites.loc[held, "site_id"])]  # held to committed capacity: no new line
    committed = sites[committed_column(sc.years.planning[-1])] > 0
    no_arc = sites["screened_reason"].isna() & ~sites["site_id"].isin(arcs["site_id"]) & ~committed
    sites.loc[no_arc, "screened_reason"] = "no substation within the connection radius"
    sites.loc[no_arc, "screened_reason_ja"] = "接続半径内に変電所がない"
    arcs = arcs[arcs["site_id"].isin(sites.loc[sites["screened_reason"].isna(), "site_id"])].reset_index(drop=True)
    warnings += arc_rule_notes(removed)
    sites["region_id"], regions = _regions(sites, layers, sc)
    pairs = fibre_pairs(sites, layers, sc)
    steps = reinforcement_steps(arcs, layers)
    _check_policy_regions(regions, sc)
    return Candidates(sites.drop(columns="point"), regions, arcs, pairs, steps, warnings, removed)


def arc_rule_notes(removed: dict[str, int]) -> list[str]:
    """One pre-check line saying how many arcs the connection rules removed (none when nothing was removed)."""
    gone = {rule: n for rule, n in removed.items() if rule != "arcs without the rules" and n}
    if not gone:
        return []
    parts = ", ".join(f"{n} {rule}" for rule, n in gone.items())
    return [f"connection rules removed {sum(gone.values())} of the {removed['arcs without the rules']} arcs the "
            f"nearest-substation selection would make ({parts}): a customer connects over land to an eligible "
            "substation of its own grid area's TSO"]


def site_grid_area(sites: gpd.GeoDataFrame, layers: LayerSet) -> pd.Series:
    """Grid area each site lies in (nearest area polygon for coastal points); by prefecture if no layer."""
    if "grid_areas" in layers:
        pts = gpd.GeoDataFrame(geometry=sites["point"], crs=sites.crs)
        joined = gpd.sjoin_nearest(pts, layers.geo("grid_areas")[["area", "geometry"]], how="left")
        joined = joined[~joined.index.duplicated(keep="first")]
        return joined["area"].reindex(sites.index)
    return sites["pref_code"].map(MAIN_AREA)


def site_water_system(sites: gpd.GeoDataFrame, layers: LayerSet) -> pd.Series:
    """The nearest industrial-water system whose service polygon holds the site or whose reach covers it."""
    out = pd.Series(None, index=sites.index, dtype=object)
    if "water" not in layers:
        return out
    water = layers.geo("water").reset_index(drop=True)
    reach_m = water["reach_km"].fillna(15.0).to_numpy() * 1000 if "reach_km" in water else np.full(len(water), 15e3)
    tree = shapely.STRtree(water.geometry.values)
    si, wi = tree.query(sites["point"].values, predicate="dwithin", distance=float(reach_m.max()))
    if len(si) == 0:
        return out
    dist = shapely.distance(sites["point"].values[si], water.geometry.values[wi])
    ok = dist <= reach_m[wi]
    df = pd.DataFrame({"site": si[ok], "water": wi[ok], "dist": dist[ok]}).sort_values(["site", "dist"])
    nearest = df.drop_duplicates("site")
    out.iloc[nearest["site"].to_numpy()] = water["water_id"].to_numpy()[nearest["water"].to_numpy()]
    return out


#: Hazard kinds in Japanese, for the Japanese screening reason.
_HAZARD_JA = {"flood": "洪水", "tsunami": "津波", "landslide": "土砂災害"}


def _screen(sites: gpd.GeoDataFrame, layers: LayerSet, sc: Scenario) -> None:
    """Record why a site is not a candidate: hazard zone, excluded grid area, too small (``screened_reason``,
    and the same in Japanese in ``screened_reason_ja``)."""
    cand = sc.candidates
    reasons = pd.Series(None, index=sites.index, dtype=object)
    reasons_ja = pd.Series(None, index=sites.index, dtype=object)
    if "hazards" in layers and cand.exclude_hazard_classes:
        hz = layers.geo("hazards")
        hz = hz[(hz["hazard"] + ":" + hz["hazard_class"]).isin(cand.exclude_hazard_classes)]
        if len(hz):
            joined = gpd.sjoin(sites[["site_id", "geometry"]], hz[["hazard_id", "hazard", "hazard_class", "geometry"]],
                               how="inner", predicate="intersects")
            first = joined[~joined.index.duplicated(keep="first")]
            reasons.loc[first.index] = ("in " + first["hazard"] + ":" + first["hazard_class"] + " zone "
                                        + first["hazard_id"].astype(str))
            reasons_ja.loc[first.index] = (first["hazard"].map(_HAZARD_JA).fillna(first["hazard"]) + "区域（"
                                           + first["hazard"] + ":" + first["hazard_class"] + "、"
                                           + first["hazard_id"].astype(str) + "）内")
    # Today's clusters keep running in an excluded area; the rule stops new designations there.
    excluded = (sites["area"].isin(sc.policy.excluded_areas) & reasons.isna()
                & ~sites["status"].isin(cand.existing_statuses))
    reasons[excluded] = "grid area " + sites.loc[excluded, "area"] + " excluded by policy"
    reasons_ja[excluded] = "政策で除外された系統エリア（" + sites.loc[excluded, "area"] + "）"
    small = (sites["cap_mw"] < cand.min_site_mw) & reasons.isna()
    reasons[small] = sites.loc[small, "cap_mw"].map(lambda v: f"land allows only {v:.0f} MW (< min_site_mw)")
    reasons_ja[small] = sites.loc[small, "cap_mw"].map(lambda v: f"用地で可能なのは {v:.0f} MW のみ"
                                                                 "（min_site_mw 未満）")
    sites["screened_reason"] = reasons
    sites["screened_reason_ja"] = reasons_ja


def connection_arcs(sites: gpd.GeoDataFrame, layers: LayerSet, sc: Scenario,
                    removed: dict[str, int] | None = None) -> pd.DataFrame:
    """Sparse connection arcs: per site the k nearest substations within the radius of their voltage class,
    plus the nearest one of >= 275 kV within reach (a GW region needs an EHV connection), among the eligible
    substations of the site's own grid area that a line can reach without crossing the sea
    (:mod:`siting.candidates.arc_rules`; ``removed`` receives what each rule removed). ``sites`` needs ``area``
    (its grid area); the arcs carry ``site_area`` and ``substation_area``."""
    cand = sc.candidates
    subs = layers.geo("substations").reset_index(drop=True)
    live = sites[sites["screened_reason"].isna()]
    cols = ["site_id", "substation_id", "dist_km", "voltage_kv", "cost_jpy", "lead_years", "site_area",
            "substation_area"]
    if removed is not None:
        removed.clear()
    if live.empty or subs.empty:
        return pd.DataFrame(columns=cols)
    classes, radius = _class_table(cand.connection_radius_km)
    _, per_km = _class_table(cand.connection_cost_jpy_per_km)
    _, fixed = _class_table(cand.connection_fixed_jpy)
    sub_cls = voltage_class(subs["voltage_kv"], classes)
    tree = shapely.STRtree(subs.geometry.values)
    si, bi = tree.query(live["point"].values, predicate="dwithin", distance=max(radius.values()) * 1000)
    dist_km = shapely.distance(live["point"].values[si], subs.geometry.values[bi]) / 1000
    rad = np.array([radius[c] for c in sub_cls[bi]])
    ok = dist_km <= rad
    si, bi = si[ok], bi[ok]
    df = pd.DataFrame({"site": si, "sub": bi, "dist_km": dist_km[ok], "cls": sub_cls[bi],
                       "voltage_kv": subs["voltage_kv"].to_numpy()[bi],
                       "site_area": live["area"].to_numpy()[si], "substation_area": subs["area"].to_numpy()[bi]})
    sea = longest_sea_km(live["point"].values[si], subs.geometry.values[bi], layers)
    df["other grid area"] = df["site_area"].to_numpy() != df["substation_area"].to_numpy()
    df["ineligible substation"] = ~eligible(subs)[bi]
    df["sea crossing"] = sea > cand.max_sea_crossing_km

    def select(pairs: pd.DataFrame) -> pd.DataFrame:
        pairs = pairs.sort_values(["site", "dist_km", "sub"], kind="stable")
        nearest = pairs.groupby("site", sort=False).head(cand.max_arcs_per_site)
        ehv = pairs[pairs["voltage_kv"] >= 275].groupby("site", sort=False).head(1)
        return pd.concat([nearest, ehv]).drop_duplicates(["site", "sub"]).sort_values(["site", "dist_km", "sub"])

    df = apply_rules(df, select, removed)
    df["site_id"] = live["site_id"].to_numpy()[df["site"].to_numpy()]
    df["substation_id"] = subs["substation_id"].to_numpy()[df["sub"].to_numpy()]
    df["cost_jpy"] = df["cls"].map(fixed) + df["cls"].map(per_km) * df["dist_km"]
    df["lead_years"] = cand.connection_lead_years + cand.connection_lead_years_per_km * df["dist_km"]
    existing = live["status"].isin(cand.existing_statuses).to_numpy()[df["site"].to_numpy()]
    df.loc[existing, "lead_years"] = cand.existing_connection_lead_years
    return df[cols].reset_index(drop=True)


def _regions(sites: gpd.GeoDataFrame, layers: LayerSet, sc: Scenario) -> tuple[pd.Series, pd.DataFrame]:
    """Group candidate sites into regions by prefecture, proposal or spatial clustering."""
    live = sites["screened_reason"].isna()
    by = sc.candidates.region_by
    region = pd.Series(None, index=sites.index, dtype=object)
    names: dict[str, str] = {}
    if by == "prefecture":
        region[:] = "pref-" + sites["pref_code"]
        for code in sites["pref_code"].unique():
            names[f"pref-{code}"] = f"{NAME_EN.get(code, code)} ({NAME_JA.get(code, code)})"
    elif by == "proposal":
        if "proposal_id" not in sites.columns:
            raise ScenarioError(Problem("scenario [candidates] region_by", "'proposal' needs a proposal_id column "
                                        "in the land layer", "use region_by = \"prefecture\" or \"cluster\""))
        region[:] = "prop-" + sites["proposal_id"].astype(str)
        names = {f"prop-{p}": str(p) for p in sites["proposal_id"].unique()}
    else:
        pts = sites["point"].values
        tree = shapely.STRtree(pts)
        a, b = tree.query(pts, predicate="dwithin", distance=sc.candidates.cluster_km * 1000)
        n = len(sites)
        graph = coo_matrix((np.ones(len(a)), (a, b)), shape=(n, n))
        _, label = connected_components(graph, directed=False)
        # Each cluster is named after its largest site.
        lead = sites.assign(label=label).sort_values(["label", "cap_mw"], ascending=[True, False]) \
            .drop_duplicates("label").set_index("label")
        rid_of = "cluster-" + lead["site_id"]
        region[:] = rid_of.reindex(label).to_numpy()
        names.update(dict(zip(rid_of, lead["name"] + " cluster", strict=True)))
    existing = sites["status"].isin(sc.candidates.existing_statuses)
    if existing.any():
        region[existing] = "existing-" + sites.loc[existing, "pref_code"]
        for code in sites.loc[existing, "pref_code"].unique():
            names[f"existing-{code}"] = f"Existing clusters, {NAME_EN.get(code, code)} ({NAME_JA.get(code, code)})"
    return region, region_table(sites[live].assign(region_id=region[live]), names)


def region_table(live: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """One row per region of the candidate sites ``live`` (with their ``region_id``): sites, capacity, and the
    grid area and prefecture of its largest site (clusters may straddle a border)."""
    members = live.sort_values(["region_id", "cap_mw"], ascending=[True, False])
    table = (members.groupby("region_id", sort=True)
             .agg(n_sites=("site_id", "size"), cap_mw=("cap_mw", "sum"), area=("area", "first"),
                  pref_code=("pref_code", "first")).reset_index())
    table["name"] = table["region_id"].map(names).fillna(table["region_id"])
    table["existing"] = table["region_id"].str.startswith("existing-")
    return table[["region_id", "name", "existing", "n_sites", "cap_mw", "area", "pref_code"]]


def reinforcement_steps(arcs: pd.DataFrame, layers: LayerSet) -> pd.DataFrame:
    """Reinforcement steps of the substations that have arcs: their own rows, else their voltage class's."""
    cols = ["substation_id", "step", "added_mw", "cost_jpy", "lead_time_years"]
    if "reinforcements" not in layers or arcs.empty:
        return pd.DataFrame(columns=cols)
    table = layers["reinforcements"]
    subs = layers["substations"].set_index("substation_id")
    used = pd.Index(arcs["substation_id"].unique())
    own = table[table["substation_id"].isin(used)] if "substation_id" in table else table.iloc[0:0]
    by_class = table[table["substation_id"].isna()] if "substation_id" in table else table
    rest = used.difference(own["substation_id"].unique() if len(own) else [])
    frames = [own[cols]] if len(own) else []
    if len(by_class) and len(rest):
        classes = sorted(by_class["voltage_kv"].unique())
        cls = pd.Series(voltage_class(subs.loc[rest, "voltage_kv"], classes), index=rest, name="voltage_kv")
        merged = cls.rename_axis("substation_id").reset_index().merge(
            by_class.drop(columns=["substation_id"], errors="ignore"), on="voltage_kv")
        frames.append(merged[cols])
    if not frames:
        return pd.DataFrame(columns=cols)
    return pd.concat(frames).sort_values(["substation_id", "step"]).reset_index(drop=True)


def _check_policy_regions(regions: pd.DataFrame, sc: Scenario) -> None:
    known = set(regions["region_id"])
    for key in ("forced_in", "forced_out"):
        bad = [r for r in getattr(sc.policy, key) if r not in known]
        if bad:
            sample = ", ".join(sorted(known)[:8])
            raise ScenarioError(Problem(f"scenario [policy] {key}", f"names regions that are not candidates: "
                                        f"{', '.join(bad)}", f"use region ids such as {sample} (siting run lists "
                                        "them in regions.csv); a screened-out region cannot be forced in"))


__all__ = [
    "Candidates",
    "build_candidates",
    "connection_arcs",
    "region_table",
    "reinforcement_steps",
    "site_grid_area",
    "site_water_system",
    "voltage_class",
]

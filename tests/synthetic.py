"""Seeded synthetic national instances shaped like the real layers, as :class:`ModelData` (and GeoDataFrames).

The recipe is the one every national-scale figure in ``benchmarks/`` was measured on, with a grid scarcer than
the real one so that reinforcement and delay matter:

- a 1,500 x 200 km strip cut into 10 grid areas of 150 km (areas 0..9 west to east);
- regions are spatial clusters of ~10 sites (sites ~ N(region centre, 6 km)); site capacity log-uniform
  50-1,500 IT MW; a designated region needs 500 MW, costs 50-150 oku-yen; at most 8 regions;
- substations uniform on the strip, headroom U(0, 300) grid MW, 3 ordered reinforcement steps
  (+500 / +1,000 / +2,000 MW, ~100 / 300 / 800 oku-yen, lead times 3 / 5 / 8 years);
- arcs: each site's k nearest substations, k ~ U{3..5}; cost 3 + 0.8 oku-yen/km; lead time U(2, 4) years;
- years 2028/2030/2034/2040 (decided 2026, horizon to 2045); national IT demand 1,500/3,000/6,200/12,000 MW over
  6 metros along the strip; (metro, site) pairs within a 500 km latency cut; fibre 1e-4 oku-yen per MW-km-year;
- decarbonised energy per area and year (share 50 -> 100 %), 9 interconnectors (both directions);
- one industrial-water system per pair of neighbouring regions (inert: no ``pue_dry`` is set, so dry cooling costs
  nothing more and water never binds); no area takes more than 35 % of the load;
- delay penalty 1 oku-yen per MW-year; reinforcement costs discounted at 3 %.

    python benchmarks/synthetic.py 1000 300      # prints the instance's size
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree

from siting.model.data import ModelData
from siting.units import GWH_PER_MW_YEAR

OKU = 1e8  # JPY per oku-yen
STRIP_KM = (1500.0, 200.0)
N_AREAS = 10
YEARS = [2028, 2030, 2034, 2040]
NATIONAL_DEMAND_MW = [1500.0, 3000.0, 6200.0, 12000.0]
METRO_X_KM = [120.0, 380.0, 640.0, 900.0, 1160.0, 1420.0]
METRO_WEIGHT = [0.30, 0.22, 0.16, 0.13, 0.11, 0.08]
DECARB_SHARE = [0.5, 0.6, 0.8, 1.0]
#: Sizes of the national-scale issue: (sites, substations).
SIZES = {"300x100": (300, 100), "1kx300": (1000, 300), "5kx1000": (5000, 1000), "20kx3000": (20000, 3000)}
#: Origin of the strip in JGD2011 / UTM zone 53N (EPSG:6691) for the GeoDataFrames.
ORIGIN_M = (150_000.0, 3_750_000.0)
CRS = "EPSG:6691"


@dataclass
class Instance:
    """A synthetic instance: the model data plus the coordinates the GeoDataFrames are made from (km)."""

    data: ModelData
    site_xy_km: np.ndarray
    sub_xy_km: np.ndarray
    metro_xy_km: np.ndarray
    seed: int


def instance(n_sites: int, n_subs: int, seed: int = 20260611, k_range: tuple[int, int] = (3, 5)) -> Instance:
    """Build the seeded synthetic instance of ``n_sites`` sites and ``n_subs`` substations."""
    rng = np.random.default_rng([seed, n_sites, n_subs])
    length, width = STRIP_KM
    # --- regions and sites -------------------------------------------------------------------------------
    n_reg = max(1, n_sites // 10)
    centre = np.column_stack([rng.uniform(0, length, n_reg), rng.uniform(10, width - 10, n_reg)])
    site_region = np.sort(np.arange(n_sites) % n_reg)
    site_xy = centre[site_region] + rng.normal(0.0, 6.0, (n_sites, 2))
    site_xy[:, 0] = np.clip(site_xy[:, 0], 0, length - 1e-6)
    site_xy[:, 1] = np.clip(site_xy[:, 1], 0, width)
    site_cap = np.exp(rng.uniform(np.log(50.0), np.log(1500.0), n_sites))
    site_area = np.minimum((site_xy[:, 0] // (length / N_AREAS)).astype(int), N_AREAS - 1)
    # --- substations, steps, arcs --------------------------------------------------------------------------
    sub_xy = np.column_stack([rng.uniform(0, length, n_subs), rng.uniform(0, width, n_subs)])
    headroom = rng.uniform(0.0, 300.0, n_subs)
    k_max = min(k_range[1], n_subs)
    dist, near = cKDTree(sub_xy).query(site_xy, k=k_max)
    dist, near = np.atleast_2d(dist), np.atleast_2d(near)
    k_site = rng.integers(min(k_range[0], k_max), k_max + 1, n_sites)
    keep = np.arange(k_max)[None, :] < k_site[:, None]
    arc_site = np.repeat(np.arange(n_sites), k_max).reshape(n_sites, k_max)[keep]
    arc_sub, arc_km = near[keep], dist[keep]
    arc_cost = (3.0 + 0.8 * arc_km) * OKU
    arc_lead = rng.uniform(2.0, 4.0, len(arc_site))
    step_sub = np.repeat(np.arange(n_subs), 3)
    step_order = np.tile([1, 2, 3], n_subs)
    step_mw = np.tile([500.0, 1000.0, 2000.0], n_subs)
    step_cost = np.tile([100.0, 300.0, 800.0], n_subs) * rng.uniform(0.8, 1.2, 3 * n_subs) * OKU
    step_lead = np.tile([3.0, 5.0, 8.0], n_subs)
    # --- demand nodes and latency pairs --------------------------------------------------------------------
    metro_xy = np.column_stack([METRO_X_KM, np.full(len(METRO_X_KM), width / 2)])
    demand = [[w * d for d in NATIONAL_DEMAND_MW] for w in METRO_WEIGHT]
    d_ns = np.hypot(metro_xy[:, None, 0] - site_xy[None, :, 0], metro_xy[:, None, 1] - site_xy[None, :, 1])
    pn, ps = np.nonzero(d_ns <= 500.0)
    order = np.lexsort((pn, ps))  # pairs grouped by site
    pn, ps = pn[order], ps[order]
    pair_cost = 1e-4 * OKU * d_ns[pn, ps]
    # --- areas: decarbonised energy and interconnectors ----------------------------------------------------
    e = GWH_PER_MW_YEAR * 0.8 * 1.4
    area_w = rng.uniform(0.3, 1.7, N_AREAS)
    decarb = [[float(area_w[a] * 1.5 * e * NATIONAL_DEMAND_MW[t] / N_AREAS) for t in range(len(YEARS))]
              for a in range(N_AREAS)]
    link_from, link_to, link_gwh = [], [], []
    for a in range(N_AREAS - 1):
        cap = rng.uniform(0.05, 0.15)
        for i, j in ((a, a + 1), (a + 1, a)):
            link_from.append(i)
            link_to.append(j)
            link_gwh.append([float(cap * e * d) for d in NATIONAL_DEMAND_MW])
    # --- water: one system per pair of neighbouring regions ------------------------------------------------
    rank = np.empty(n_reg, dtype=int)
    rank[np.argsort(centre[:, 0])] = np.arange(n_reg)
    region_water = rank // 2
    n_water = int(region_water.max()) + 1
    region_cap = np.bincount(site_region, weights=site_cap, minlength=n_reg)
    water_cap = np.bincount(region_water, weights=region_cap, minlength=n_water)
    wue = 43.0
    water_q = rng.uniform(0.2, 0.6, n_water) * water_cap * wue
    data = ModelData(
        years=list(YEARS), decision_year=2026, end_year=2045,
        region_ids=[f"R{g:05d}" for g in range(n_reg)],
        region_fixed_cost_jpy=(rng.uniform(50.0, 150.0, n_reg) * OKU).tolist(),
        region_min_mw=[500.0] * n_reg,
        site_ids=[f"S{s:06d}" for s in range(n_sites)], site_region=site_region.tolist(),
        site_cap_mw=site_cap.tolist(),
        node_ids=[f"metro{n}" for n in range(len(METRO_X_KM))], demand_mw=demand,
        pair_node=pn.tolist(), pair_site=ps.tolist(), pair_cost_jpy_per_mw_year=pair_cost.tolist(),
        substation_ids=[f"B{b:05d}" for b in range(n_subs)], headroom_mw=headroom.tolist(),
        arc_site=arc_site.tolist(), arc_sub=arc_sub.tolist(), arc_cost_jpy=arc_cost.tolist(),
        arc_lead_years=arc_lead.tolist(),
        step_sub=step_sub.tolist(), step_order=step_order.tolist(), step_added_mw=step_mw.tolist(),
        step_cost_jpy=step_cost.tolist(), step_lead_years=step_lead.tolist(),
        area_ids=[f"area{a}" for a in range(N_AREAS)], site_area=site_area.tolist(), decarb_gwh=decarb,
        decarb_share=list(DECARB_SHARE), link_from=link_from, link_to=link_to, link_gwh=link_gwh,
        gwh_per_it_mw_year=e, max_area_share=0.35,
        water_ids=[f"W{w:04d}" for w in range(n_water)], water_spare_m3_per_day=water_q.tolist(),
        site_water=region_water[site_region].tolist(), water_m3_per_day_per_mw=wue,
        pue=1.4, max_regions=8, delay_cost_jpy_per_mw_year=1.0 * OKU, discount_rate=0.03, cost_scale=1e-8,
    )
    return Instance(data, site_xy, sub_xy, metro_xy, seed)


def model_data(n_sites: int, n_subs: int, seed: int = 20260611) -> ModelData:
    """Only the :class:`ModelData` of :func:`instance`."""
    return instance(n_sites, n_subs, seed).data


def geoframes(inst: Instance) -> dict[str, object]:
    """The instance as layer-like GeoDataFrames (EPSG:6691, metres) for the candidate stage.

    ``sites`` has the columns :func:`siting.candidates.build._arcs` / ``_regions`` / ``_pairs`` read
    (site_id, point, screened_reason, status, cap_mw, name, area, pref_code, area_ha); ``substations`` has
    substation_id, name, voltage_kv; ``demand`` has node_id.
    """
    import geopandas as gpd

    d = inst.data
    ox, oy = ORIGIN_M

    def pts(xy: np.ndarray) -> gpd.GeoSeries:
        return gpd.GeoSeries(gpd.points_from_xy(ox + 1000 * xy[:, 0], oy + 1000 * xy[:, 1]), crs=CRS)

    site_pts = pts(inst.site_xy_km)
    sites = gpd.GeoDataFrame({
        "site_id": d.site_ids, "name": d.site_ids, "status": "candidate", "pref_code": "01",
        "cap_mw": d.site_cap_mw, "area_ha": np.asarray(d.site_cap_mw) * 0.23,
        "area": [d.area_ids[a] for a in d.site_area], "screened_reason": None,
    }, geometry=site_pts, crs=CRS)
    sites["point"] = site_pts.values
    rng = np.random.default_rng(inst.seed)
    subs = gpd.GeoDataFrame({"substation_id": d.substation_ids, "name": d.substation_ids,
                             "voltage_kv": rng.choice([154.0, 275.0, 500.0], len(d.substation_ids))},
                            geometry=pts(inst.sub_xy_km), crs=CRS)
    demand = gpd.GeoDataFrame({"node_id": d.node_ids}, geometry=pts(inst.metro_xy_km), crs=CRS)
    return {"sites": sites, "substations": subs, "demand": demand}


def describe(d: ModelData) -> str:
    ix = d.index()
    return (f"{len(d.site_ids)} sites, {len(d.region_ids)} regions, {len(d.substation_ids)} substations, "
            f"{len(d.arc_site)} arcs, {len(ix.arc_time)} (arc, year), {len(d.step_sub)} steps, "
            f"{len(d.pair_node)} pairs, {len(d.water_ids)} water systems")


if __name__ == "__main__":
    n_s, n_b = (int(a) for a in sys.argv[1:3]) if len(sys.argv) >= 3 else (300, 100)
    print(describe(model_data(n_s, n_b)))

r"""Region ranking without the LP relaxation: the ``screened`` strategy's fallback when the LP cannot finish.

At 20,000 sites the LP relaxation alone did not finish in 30 minutes on the 2-core benchmark machine
(``benchmarks/RESULTS.md``, fifth session), and without its ranking the strategy had no plan to offer. This
ranking needs no solve: each region is priced **standalone**, as if it alone served a fair share of the last
year's demand,

.. math::

    q_g = \min\Big(cap_g,\; \max\big(m_g,\; D_{T} / K\big)\Big), \qquad
    \text{score}_g = \frac{F_g + C^{conn}_g + C^{steps}_g + C^{fibre}_g}{\min(q_g,\; R_g / PUE)}

with :math:`cap_g` the capacity of its sites that have a fibre pair to some demand node, :math:`m_g` its minimum
size, :math:`K` the most regions that may be designated, :math:`R_g` the grid MW its substations can reach
(free headroom plus every step), :math:`C^{conn}_g` the cheapest connection of each site it needs (largest sites
first), :math:`C^{steps}_g` the steps it needs beyond the free headroom (cheapest per MW first, each paid whole,
discounted to its first possible year) and :math:`C^{fibre}_g` its sites' cheapest fibre cost per MW-year over the
horizon. A region that cannot reach its minimum size scores last. The ranking only decides which regions the
restricted MIP may choose from; it never enters a bound.
"""

from __future__ import annotations

import numpy as np

from siting.model.data import ModelData


def standalone_rank(d: ModelData) -> list[int]:
    """Region indices, best (lowest standalone cost per IT MW) first; see the module docstring."""
    n_reg = len(d.region_ids)
    site_region = np.asarray(d.site_region, dtype=np.int64)
    cap = np.asarray(d.site_cap_mw, dtype=float)
    n_t = len(d.years)
    served = np.zeros(len(cap), dtype=bool)
    if d.pair_site:
        served[np.asarray(d.pair_site, dtype=np.int64)] = True
    fibre = np.full(len(cap), np.inf)
    if d.pair_site:
        np.minimum.at(fibre, np.asarray(d.pair_site, dtype=np.int64), np.asarray(d.pair_cost_jpy_per_mw_year))
    fibre = np.where(np.isfinite(fibre), fibre, 0.0) * float(sum(d.dur_years))
    demand_last = float(sum(row[n_t - 1] for row in d.demand_mw))
    share = demand_last / max(1, d.max_regions or n_reg)
    conn = np.full(len(cap), np.inf)
    if d.grid and d.arc_site:
        np.minimum.at(conn, np.asarray(d.arc_site, dtype=np.int64), np.asarray(d.arc_cost_jpy, dtype=float))
    subs_of_region: list[set[int]] = [set() for _ in range(n_reg)]
    for s, b in zip(d.arc_site, d.arc_sub, strict=True):
        subs_of_region[d.site_region[s]].add(b)
    steps_of_sub: dict[int, list[tuple[float, float]]] = {}
    last_year = d.years[-1]
    for b, mw, cost, lead in zip(d.step_sub, d.step_added_mw, d.step_cost_jpy, d.step_lead_years, strict=True):
        year = next((y for y in d.years if y >= d.decision_year + lead), None)
        if year is not None and year <= last_year:
            steps_of_sub.setdefault(b, []).append((mw, cost * d.discount(d.years.index(year))))
    order = np.argsort(-cap, kind="stable")
    sites_of_region: list[list[int]] = [[] for _ in range(n_reg)]
    usable = served & np.isfinite(conn) if d.grid else served  # a site needs a demand pair (and a connection)
    for s in order.tolist():
        if usable[s]:
            sites_of_region[site_region[s]].append(s)
    score = np.full(n_reg, np.inf)
    for g in range(n_reg):
        sites = sites_of_region[g]
        cap_g = float(cap[sites].sum()) if sites else 0.0
        target = min(cap_g, max(d.region_min_mw[g], share))
        cost = float(d.region_fixed_cost_jpy[g])
        if d.grid:
            subs = subs_of_region[g]
            free = float(sum(d.headroom_mw[b] for b in subs))
            steps = sorted((c / mw, mw, c) for b in subs for mw, c in steps_of_sub.get(b, []))
            reach = free + sum(mw for _r, mw, _c in steps)
            target = min(target, reach / d.pue)
            need = target * d.pue - free
            for _rate, mw, c in steps:
                if need <= 0:
                    break
                cost += c
                need -= mw
        if target <= 0 or target < d.region_min_mw[g] - 1e-9:
            continue
        got = 0.0
        for s in sites:
            if got >= target:
                break
            take = min(cap[s], target - got)
            cost += (conn[s] if d.grid else 0.0) + fibre[s] * take
            got += take
        score[g] = cost / target
    return sorted(range(n_reg), key=lambda g: (score[g], g))

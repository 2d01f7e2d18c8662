r"""Region ranking without the LP relaxation: the ``screened`` strategy's fallback when the LP cannot finish.

At 20,000 sites the LP relaxation alone did not finish in 30 minutes on the 2-core benchmark machine
(``benchmarks/RESULTS.md``, 2026-11-30), and without its ranking the strategy had no plan to offer. This
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
    headroom = np.asarray(d.headroom_mw, dtype=float)
    fibre = np.full(len(cap), np.inf)  # each site's cheapest fibre cost per MW-year; inf: no demand pair
    np.minimum.at(fibre, np.asarray(d.pair_site, dtype=np.int64), np.asarray(d.pair_cost_jpy_per_mw_year))
    served = np.isfinite(fibre)
    fibre = np.where(served, fibre, 0.0) * float(sum(d.dur_years))
    demand_last = float(sum(row[n_t - 1] for row in d.demand_mw))
    share = demand_last / max(1, d.max_regions or n_reg)
    conn = np.full(len(cap), np.inf)
    arc_site, arc_sub = np.asarray(d.arc_site, dtype=np.int64), np.asarray(d.arc_sub, dtype=np.int64)
    if d.grid and len(arc_site):
        np.minimum.at(conn, arc_site, np.asarray(d.arc_cost_jpy, dtype=float))
    usable = served & np.isfinite(conn) if d.grid else served  # a site needs a demand pair (and a connection)
    # each region's usable sites, largest first; its distinct substations
    sites_of_region = _groups(site_region[usable], np.nonzero(usable)[0], -cap[usable], n_reg)
    pairs = np.unique(np.column_stack([site_region[arc_site], arc_sub]), axis=0) if len(arc_site) else \
        np.zeros((0, 2), dtype=np.int64)
    subs_of_region = _groups(pairs[:, 0], pairs[:, 1], pairs[:, 1], n_reg)
    # the steps of each substation that can be in service by the last year (Index: lead times and step order),
    # paid whole and discounted to that first year
    ix = d.index()
    steps_of_sub = [[(d.step_added_mw[k], d.step_cost_jpy[k] * d.discount(ix.step_first_t[k]))  # type: ignore[arg-type]
                     for k in ks if ix.step_first_t[k] is not None] for ks in ix.steps_of_sub]
    score = np.full(n_reg, np.inf)
    for g in range(n_reg):
        sites = sites_of_region[g].tolist()
        cap_g = float(cap[sites].sum())
        target = min(cap_g, max(d.region_min_mw[g], share))
        cost = float(d.region_fixed_cost_jpy[g])
        if d.grid:
            subs = subs_of_region[g]
            free = float(headroom[subs].sum())
            steps = sorted((c / mw, mw, c) for b in subs.tolist() for mw, c in steps_of_sub[b])
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


def _groups(keys: np.ndarray, values: np.ndarray, order: np.ndarray, n: int) -> list[np.ndarray]:
    """``values`` split by integer ``keys`` in ``0 .. n-1``, each group sorted by ``order`` (stable)."""
    idx = np.lexsort((order, keys))
    return np.split(values[idx], np.searchsorted(keys[idx], np.arange(1, n)))

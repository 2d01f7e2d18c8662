r"""Valid inequalities for facility-location-like models: they cut LP solutions, never integer ones.

**Minimum number of designated regions** (``min_region_count_cut``). If no demand may go unserved
(``allow_unserved`` off), the regions designated must have the land to serve the whole demand
:math:`D_t = \sum_n D_{n,t}`, so at least :math:`p_t` of them are designated, where :math:`p_t` is the
smallest k whose k largest region capacities :math:`cap_g = \sum_{s \in g} cap_s` add up to :math:`D_t`:

.. math::

    \sum_g z_g \ge p = \max_t p_t

Every integer solution satisfies it (any p_t - 1 regions have at most the p_t - 1 largest capacities, which
fall short of D_t). It is the cardinality form of the ``capacity_cover`` row
(:mod:`siting.model.constraints.sites`) and much stronger in the LP: on OR-Library capa @ 8000 (equal
capacities, D = 50886, p = 7) the LP bound rises from 2.1 % to 0.06 % below the optimum
(benchmarks/RESULTS-orlib.md). With unserved demand allowed (the siting model's default) it is not valid and
is not added.

**Strong linking on chosen pairs** (``link_pairs``). The row :math:`y_{p,t} \le \min(D_{n,t}, cap_s)
z_{g(s)}` of :mod:`siting.model.constraints.demand` (``strong_linking``), for the listed pairs only. Any
subset of these rows is valid; listing only the pairs the LP would use (e.g. those with a negative Lagrangian
reduced cost, :func:`benchmarks.orlib_cfl.lagrangian_pairs`) keeps almost all of the bound at a fraction of
the rows.
"""

from __future__ import annotations

import pyomo.environ as pyo

from siting.model.data import ModelData


def minimum_regions(d: ModelData) -> int:
    """p = max over years of the smallest number of regions whose capacities can cover the year's demand."""
    ix = d.index()
    caps = sorted((sum(d.site_cap_mw[s] for s in ix.sites_of_region[g]) for g in range(len(d.region_ids))),
                  reverse=True)
    p = 0
    for t in range(len(d.years)):
        need = sum(d.demand_mw[n][t] for n in range(len(d.node_ids)))
        covered, k = 0.0, 0
        while k < len(caps) and covered < need * (1 - 1e-12):
            covered += caps[k]
            k += 1
        p = max(p, k)
    return p


def add(m: pyo.ConcreteModel, d: ModelData) -> None:
    if d.min_region_count_cut and not d.allow_unserved:
        p = minimum_regions(d)
        if p > 0:
            m.region_cover = pyo.Constraint(expr=sum(m.z[g] for g in m.G) >= p)
    if d.link_pairs and not d.strong_linking:
        pairs = sorted(set(d.link_pairs))

        def link(_m: pyo.ConcreteModel, p: int, t: int) -> pyo.Expression:
            s = d.pair_site[p]
            bound = min(d.demand_mw[d.pair_node[p]][t], d.site_cap_mw[s])
            return m.y[p, t] <= bound * m.z[d.site_region[s]]

        m.pair_link = pyo.Constraint(pairs, m.T, rule=link)

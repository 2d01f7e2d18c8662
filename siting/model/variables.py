"""Decision variables of the siting model, created only where they can be non-zero.

``f[a,t]`` exists only from the first planning year the connection's lead time allows, ``r[k,t]`` only from
the first year reinforcement step k (and every step before it) can be in service: a variable that lead
times force to zero is never created. ``x[s,t]`` is at least the site's committed IT MW; ``xe[s,t]`` (the IT MW
that cools evaporatively) exists only for the sites that may use industrial water (``Index.evap_sites``).
"""

from __future__ import annotations

import pyomo.environ as pyo

from siting.model.data import ModelData


def define_sets(m: pyo.ConcreteModel, d: ModelData) -> None:
    """Integer index sets; ``m.AT`` and ``m.KT`` are the sparse (arc, year) and (step, year) pairs."""
    ix = d.index()
    m.T = pyo.Set(initialize=range(len(d.years)), ordered=True)
    m.G = pyo.Set(initialize=range(len(d.region_ids)), ordered=True)
    m.S = pyo.Set(initialize=range(len(d.site_ids)), ordered=True)
    m.N = pyo.Set(initialize=range(len(d.node_ids)), ordered=True)
    m.P = pyo.Set(initialize=range(len(d.pair_node)), ordered=True)
    m.B = pyo.Set(initialize=range(len(d.substation_ids)), ordered=True)
    m.A = pyo.Set(initialize=range(len(d.arc_site)), ordered=True)
    m.K = pyo.Set(initialize=range(len(d.step_sub)), ordered=True)
    m.AT = pyo.Set(initialize=ix.arc_time, dimen=2, ordered=True)
    m.KT = pyo.Set(initialize=ix.step_time, dimen=2, ordered=True)


def define_variables(m: pyo.ConcreteModel, d: ModelData) -> None:
    """z[g], x[s,t], xe[s,t], y[p,t], u[n,t]; on the grid v[a], f[a,t], r[k,t]."""
    m.z = pyo.Var(m.G, domain=pyo.Binary)
    ix = d.index()

    def x_bounds(_m: pyo.ConcreteModel, s: int, t: int) -> tuple[float, float]:
        # Committed capacity runs whatever the plan; beyond it, on the grid, a site runs only once one of its
        # connections can be in service.
        low = d.committed(s, t)
        if d.grid and (ix.site_first_t[s] is None or t < ix.site_first_t[s]):  # type: ignore[operator]
            return (low, low)
        return (low, d.site_cap_mw[s])

    m.x = pyo.Var(m.S, m.T, domain=pyo.NonNegativeReals, bounds=x_bounds)
    m.SE = pyo.Set(initialize=ix.evap_sites, ordered=True)
    m.xe = pyo.Var(m.SE, m.T, domain=pyo.NonNegativeReals,
                   bounds=lambda _m, s, t: (0.0, d.site_cap_mw[s] - d.committed(s, t)))
    m.y = pyo.Var(m.P, m.T, domain=pyo.NonNegativeReals)
    m.u = pyo.Var(m.N, m.T, domain=pyo.NonNegativeReals,
                  bounds=lambda _m, n, t: (0, d.demand_mw[n][t] if d.allow_unserved else 0.0))
    if d.grid:
        domain = pyo.Binary if d.connection_binaries else pyo.UnitInterval
        m.v = pyo.Var(m.A, domain=domain)
        # No upper bound on f: f[a,t] <= M[a,t] v[a] <= M[a,t] (connection.py, M = Index.arc_max_mw) implies it.
        m.f = pyo.Var(m.AT, domain=pyo.NonNegativeReals)
        m.r = pyo.Var(m.KT, domain=pyo.Binary)
    for g in d.forced_in:
        m.z[g].fix(1)
    for g in range(len(d.region_ids)):
        if d.is_existing(g):
            m.z[g].fix(1)
    for g in d.forced_out:
        m.z[g].fix(0)

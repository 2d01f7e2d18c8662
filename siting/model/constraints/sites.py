r"""Site and land: a site runs only in a designated region, up to what its land allows, and never shrinks.

.. math::

    x_{s,t} \le cap_s \, z_{g(s)}          \quad \forall s, t    \qquad (cap_s = area\_ha_s / ha\_per\_mw) \\
    x_{s,t-1} \le x_{s,t}                    \quad \forall s, t > 0

With ``capacity_cover_cut`` the valid inequality "capacity of what is designated covers the demand that is
served" is added per year; it is implied by the other rows but not by their LP relaxation, and lets HiGHS
prove facility-location optima far sooner (the OR-Library runs of benchmarks/RESULTS-orlib.md use it):

.. math::

    \sum_g \Big(\sum_{s \in g} cap_s\Big) z_g + \sum_n u_{n,t} \ge \sum_n D_{n,t}    \quad \forall t
"""

from __future__ import annotations

import pyomo.environ as pyo

from siting.model.data import ModelData
from siting.model.linear import at_most, lin, never_shrinks, var_dict


def add(m: pyo.ConcreteModel, d: ModelData) -> None:
    ix = d.index()
    x, z = var_dict(m.x), var_dict(m.z)

    def land(_m: pyo.ConcreteModel, s: int, t: int) -> pyo.Expression:
        return at_most(lin((1.0, -d.site_cap_mw[s]), (x[s, t], z[d.site_region[s]])), 0.0)

    m.site_land = pyo.Constraint(m.S, m.T, rule=land)
    m.site_monotone = pyo.Constraint(m.S, m.T, rule=never_shrinks(x))
    if d.capacity_cover_cut:
        cap_g = [sum(d.site_cap_mw[s] for s in ix.sites_of_region[g]) for g in range(len(d.region_ids))]

        def cover(_m: pyo.ConcreteModel, t: int) -> pyo.Expression:
            total = sum(d.demand_mw[n][t] for n in range(len(d.node_ids)))
            return sum(cap_g[g] * m.z[g] for g in m.G) + sum(m.u[n, t] for n in m.N) >= total

        m.capacity_cover = pyo.Constraint(m.T, rule=cover)

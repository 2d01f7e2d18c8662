r"""Decarbonised supply: per grid area and year, a share of data-centre energy is matched by decarbonised
energy available in the area or imported over interconnectors within their limits.

.. math::

    share_t \cdot e \sum_{s \in a} x_{s,t} \le E_{a,t} + \sum_{i \to a} q_{i,t} - \sum_{a \to i} q_{i,t}
        \quad \forall a, t \\
    0 \le q_{i,t} \le Q_{i,t}

with ``e = 8.76 * load_factor * PUE`` GWh per IT MW-year, ``E[a,t]`` the decarbonised GWh per year that new
data centres may claim in area a (supply online by year t), and ``Q[i,t]`` the GWh an interconnector direction
can carry for them. Family off when ``decarb_gwh`` is empty.
"""

from __future__ import annotations

import pyomo.environ as pyo

from siting.model.data import ModelData


def add(m: pyo.ConcreteModel, d: ModelData) -> None:
    if not d.decarb_gwh:
        return
    ix = d.index()
    m.L = pyo.Set(initialize=range(len(d.link_from)), ordered=True)
    m.q = pyo.Var(m.L, m.T, domain=pyo.NonNegativeReals, bounds=lambda _m, i, t: (0, d.link_gwh[i][t]))
    m.AR = pyo.Set(initialize=range(len(d.area_ids)), ordered=True)

    def match(_m: pyo.ConcreteModel, a: int, t: int) -> pyo.Expression:
        sites = ix.sites_of_area[a]
        links = ix.links_in[a] + ix.links_out[a]
        if not links and (not sites or d.decarb_share[t] <= 0):
            return pyo.Constraint.Skip
        # An area without data centres still balances: it cannot export more than it has.
        load = d.decarb_share[t] * d.gwh_per_it_mw_year * sum(m.x[s, t] for s in sites)
        net_in = sum(m.q[i, t] for i in ix.links_in[a]) - sum(m.q[i, t] for i in ix.links_out[a])
        return load <= d.decarb_gwh[a][t] + net_in

    m.decarbonised = pyo.Constraint(m.AR, m.T, rule=match)

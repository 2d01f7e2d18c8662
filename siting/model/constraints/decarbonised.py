r"""Decarbonised supply: per grid area and year, a share of data-centre energy is matched by decarbonised
energy available in the area or imported over interconnectors within their limits.

.. math::

    share_t \cdot e \sum_{s \in a} \text{grid MW}_{s,t} \le E_{a,t} + \sum_{i \to a} q_{i,t}
        - \sum_{a \to i} q_{i,t}   \quad \forall a, t \\
    0 \le q_{i,t} \le Q_{i,t}

with ``e = 8.76 * load_factor`` GWh per grid MW-year (``gwh_per_it_mw_year / PUE``; 8.76 GWh is a MW drawn all
year, :data:`siting.units.GWH_PER_MW_YEAR`), the grid MW of each site as
in the connection rows (its IT MW beyond committed capacity at the PUE of its cooling, so dry cooling needs
more decarbonised energy: :func:`siting.model.constraints.cooling.draw_terms`), ``Q[i,t]`` the GWh an
interconnector direction can carry for them, and ``E[a,t]`` the decarbonised GWh per year that new data centres
may claim in area a (supply online by year t) **less what committed capacity claims first**:
:math:`E_{a,t} = \max(0, E^{supply}_{a,t} - share_t \cdot e \cdot PUE \sum_{s \in a} c_{s,t})`. Committed
capacity runs whatever the plan; it takes the area's decarbonised energy before any new load, and what it needs
beyond the area's supply is not the plan's to cover. Family off when ``decarb_gwh`` is empty.
"""

from __future__ import annotations

from typing import Any

import pyomo.environ as pyo

from siting.model.constraints.cooling import draw_terms
from siting.model.data import ModelData
from siting.model.linear import at_most, lin, var_dict


def add(m: pyo.ConcreteModel, d: ModelData) -> None:
    if not d.decarb_gwh:
        return
    ix = d.index()
    m.L = pyo.Set(initialize=range(len(d.link_from)), ordered=True)
    m.q = pyo.Var(m.L, m.T, domain=pyo.NonNegativeReals, bounds=lambda _m, i, t: (0, d.link_gwh[i][t]))
    m.AR = pyo.Set(initialize=range(len(d.area_ids)), ordered=True)
    x, xe, q = var_dict(m.x), var_dict(m.xe), var_dict(m.q)
    gwh_per_grid_mw = d.gwh_per_it_mw_year / d.pue

    def match(_m: pyo.ConcreteModel, a: int, t: int) -> pyo.Expression:
        sites = ix.sites_of_area[a]
        links = ix.links_in[a] + ix.links_out[a]
        if not links and (not sites or d.decarb_share[t] <= 0):
            return pyo.Constraint.Skip
        # An area without data centres still balances: it cannot export more than it has.
        factor = d.decarb_share[t] * gwh_per_grid_mw
        coefs: list[float] = []
        variables: list[Any] = []
        for s in sites:
            c_s, v_s, _const = draw_terms(d, x, xe, s, t)
            coefs += [factor * c for c in c_s]
            variables += v_s
        committed = d.pue * sum(d.committed(s, t) for s in sites)  # its grid MW (supply / PUE when derived)
        coefs += [-1.0] * len(ix.links_in[a]) + [1.0] * len(ix.links_out[a])
        variables += [q[i, t] for i in ix.links_in[a]] + [q[i, t] for i in ix.links_out[a]]
        # committed capacity takes the area's decarbonised energy first; what it needs beyond that is not the
        # plan's to cover (it runs whatever the plan)
        return at_most(lin(coefs, variables), max(0.0, d.decarb_gwh[a][t] - factor * committed))

    m.decarbonised = pyo.Constraint(m.AR, m.T, rule=match)

r"""Diversity: no grid area takes more than ``max_area_share`` of the new IT load in any year.

.. math::

    X_t = \sum_s x_{s,t}                                  \quad \forall t \\
    \sum_{s \in a} (x_{s,t} - c_{s,t}) \le share_{max} \Big(X_t - \sum_s c_{s,t}\Big)        \quad \forall a, t

Committed capacity ``c`` (today's clusters, whatever the plan) is not the plan's new load and is left out of
the shares.

The national total :math:`X_t` is a column of its own: written into every area row, the sum over all sites
would repeat |sites| nonzeros |areas| times per year (200k of them at 5,000 sites), which tripled the time of
the LP relaxation at national scale (benchmarks/RESULTS.md).

Excluded areas (the GX data-centre type asks for sites away from the Tokyo area) and hazard screening act
earlier: their sites are not candidates at all (:mod:`siting.candidates`).
"""

from __future__ import annotations

import pyomo.environ as pyo

from siting.model.data import ModelData
from siting.model.linear import at_most, equal, lin, var_dict


def add(m: pyo.ConcreteModel, d: ModelData) -> None:
    if d.max_area_share is None or d.max_area_share >= 1 or not d.site_area:
        return
    ix = d.index()
    if not hasattr(m, "AR"):
        m.AR = pyo.Set(initialize=range(len(d.area_ids)), ordered=True)

    m.x_total = pyo.Var(m.T, domain=pyo.NonNegativeReals)
    x = var_dict(m.x)
    n_s = len(d.site_ids)
    committed = [sum(d.committed(s, t) for s in range(n_s)) for t in range(len(d.years))]

    def national(_m: pyo.ConcreteModel, t: int) -> pyo.Expression:
        return equal(lin([1.0] + [-1.0] * n_s, [m.x_total[t]] + [x[s, t] for s in range(n_s)]), 0.0)

    def share(_m: pyo.ConcreteModel, a: int, t: int) -> pyo.Expression:
        sites = ix.sites_of_area[a]
        if not sites:
            return pyo.Constraint.Skip
        rhs = sum(d.committed(s, t) for s in sites) - d.max_area_share * committed[t]  # type: ignore[operator]
        return at_most(lin([1.0] * len(sites) + [-d.max_area_share], [x[s, t] for s in sites] + [m.x_total[t]]), rhs)  # type: ignore[operator]

    m.national_total = pyo.Constraint(m.T, rule=national)

    m.area_share = pyo.Constraint(m.AR, m.T, rule=share)

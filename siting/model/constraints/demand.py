r"""Demand: every node's IT demand is served from sites within the latency limit, or counted as delay.

.. math::

    \sum_{p \in P(n)} y_{p,t} + u_{n,t} = D_{n,t}            \quad \forall n, t \\
    \sum_{p \in P(s)} y_{p,t} = x_{s,t}                      \quad \forall s, t

Only (node, site) pairs whose round-trip time is within the latency limit exist in ``P``, so the latency
limit cuts pairs rather than adding rows. ``u`` is the connection delay in MW; ``sum_t dur_t u_{n,t}`` is
MW-years of delay. A site runs exactly the load it serves (no idle MW is reported as built).
With ``strong_linking`` the facility-location cut :math:`y_{p,t} \le \min(D_{n,t},
cap_s) z_{g(s)}` is added (it tightens OR-Library instances; on the siting model it costs more than it saves).
"""

from __future__ import annotations

import pyomo.environ as pyo

from siting.model.data import ModelData
from siting.model.linear import equal, lin, total, var_dict


def add(m: pyo.ConcreteModel, d: ModelData) -> None:
    ix = d.index()
    x, y, u = var_dict(m.x), var_dict(m.y), var_dict(m.u)

    def balance(_m: pyo.ConcreteModel, n: int, t: int) -> pyo.Expression:
        pairs = ix.pairs_of_node[n]
        return equal(total([y[p, t] for p in pairs] + [u[n, t]]), d.demand_mw[n][t])

    def served(_m: pyo.ConcreteModel, s: int, t: int) -> pyo.Expression:
        pairs = ix.pairs_of_site[s]
        if not pairs:
            return m.x[s, t] == 0
        return equal(lin([1.0] * len(pairs) + [-1.0], [y[p, t] for p in pairs] + [x[s, t]]), 0.0)

    m.demand_balance = pyo.Constraint(m.N, m.T, rule=balance)
    m.demand_served = pyo.Constraint(m.S, m.T, rule=served)
    if d.strong_linking:
        def link(_m: pyo.ConcreteModel, p: int, t: int) -> pyo.Expression:
            s = d.pair_site[p]
            bound = min(d.demand_mw[d.pair_node[p]][t], d.site_cap_mw[s])
            return m.y[p, t] <= bound * m.z[d.site_region[s]]

        m.demand_link = pyo.Constraint(m.P, m.T, rule=link)

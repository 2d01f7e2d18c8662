r"""Connection: a site's grid draw flows over the connections built to it, after their lead time.

.. math::

    \text{grid MW}_{s,t} \le \sum_{a \in A(s),\, t \ge t_a} f_{a,t}       \quad \forall s, t \\
    f_{a,t} \le M_{a,t} \, v_a                                        \quad \forall (a,t) \in AT \\
    v_a \le z_{g(s(a))}                                               \quad \forall a

``f[a,t]`` does not exist before the connection's lead time has passed (``t_a``), so a site with no
connection in service in year t cannot run beyond its committed capacity. The grid MW of a site is its IT MW
beyond committed capacity times the PUE of its cooling (:func:`siting.model.constraints.cooling.draw_terms`).
``M[a,t]`` is the tightest big-M: the smaller of the site's largest draw (dry cooling) and the headroom its
substation can reach by year t, committed and planned reinforcement included. Arcs exist only to eligible
substations of the site's own grid area (:mod:`siting.candidates`).
"""

from __future__ import annotations

import pyomo.environ as pyo

from siting.model.constraints.cooling import draw_terms
from siting.model.data import ModelData
from siting.model.linear import at_most, lin, var_dict


def add(m: pyo.ConcreteModel, d: ModelData) -> None:
    ix = d.index()
    first = ix.arc_first_t
    x, xe, f, v, z = var_dict(m.x), var_dict(m.xe), var_dict(m.f), var_dict(m.v), var_dict(m.z)

    def draw(_m: pyo.ConcreteModel, s: int, t: int) -> pyo.Expression:
        arcs = [a for a in ix.arcs_of_site[s] if first[a] is not None and first[a] <= t]  # type: ignore[operator]
        if not arcs:
            return pyo.Constraint.Skip  # x[s,t] is bounded to its committed capacity (variables.py)
        coefs, variables, const = draw_terms(d, x, xe, s, t)
        return at_most(lin(coefs + [-1.0] * len(arcs), variables + [f[a, t] for a in arcs]), const)

    def capacity(_m: pyo.ConcreteModel, a: int, t: int) -> pyo.Expression:
        return at_most(lin((1.0, -ix.arc_max_mw[a, t]), (f[a, t], v[a])), 0.0)

    def only_designated(_m: pyo.ConcreteModel, a: int) -> pyo.Expression:
        return at_most(lin((1.0, -1.0), (v[a], z[d.site_region[d.arc_site[a]]])), 0.0)

    m.connection_draw = pyo.Constraint(m.S, m.T, rule=draw)
    m.connection_capacity = pyo.Constraint(m.AT, rule=capacity)
    m.connection_designated = pyo.Constraint(m.A, rule=only_designated)

r"""Headroom cover: valid inequalities that make free headroom cost a connection or a designation in the LP.

The headroom rows (:mod:`siting.model.constraints.headroom`) let the LP relaxation draw a substation's whole
free headroom :math:`H_b` through connections opened by a sliver (``v`` = f / M) in regions designated by a
sliver (``z``): the relaxation spreads load over dozens of fractional regions and its bound is far below any
plan (benchmarks/RESULTS.md: 4,076 against 6,183 on the synthetic 1k-site instance). Two families of rows,
per substation b and year t, tie the free headroom to the binaries that unlock it:

.. math::

    \sum_{a \in A_t(b)} f_{a,t} \le \sum_{a \in A_t(b)} \min(M_{a,t}, H_b)\, v_a
        + \sum_{k \in K_t(b)} \Delta H_k\, r_{k,t}                        \qquad \text{(per connection)} \\
    \sum_{a \in A_t(b)} f_{a,t} \le \sum_{g \in G_t(b)} \min(H_b, D_{g,b,t})\, z_g
        + \sum_{k \in K_t(b)} \Delta H_k\, r_{k,t}                        \qquad \text{(per region)}

with :math:`A_t(b)` the connections to b in service in year t, :math:`K_t(b)` its reinforcement steps in
service, :math:`M_{a,t}` the connection's big-M, :math:`G_t(b)` the regions with a site on such a connection,
and :math:`D_{g,b,t} = PUE_{dry} \sum (cap_s - c_{s,t})` over those sites of g (the most they can draw beyond
committed capacity).
:math:`H_b` is the substation's free headroom in year t (today's plus committed additions).

**Both are valid for every integer plan.** Per connection: if an open connection has :math:`M_{a,t} \ge H_b`
the right-hand side is at least :math:`H_b + \sum \Delta H_k r_{k,t}`, which bounds the left (headroom row);
otherwise every open connection carries :math:`f_{a,t} \le M_{a,t} v_a` and the sum of those is on the right.
Per region: the same argument with :math:`\sum_{a \text{ of } g} f_{a,t} \le D_{g,b,t} z_g` (a connection
carries at most its site's draw and only in a designated region). They cut off only fractional points, so the
optimum is unchanged; measured on the synthetic instances they lift the LP bound by a third (1k sites: 4,076
to 5,593) for 2 x |substations| x |years| rows. ``headroom_cover = false`` in ``[solver]`` leaves them out.
"""

from __future__ import annotations

import pyomo.environ as pyo

from siting.model.data import ModelData
from siting.model.linear import at_most, lin, var_dict


def add(m: pyo.ConcreteModel, d: ModelData) -> None:
    if not d.headroom_cover:
        return
    ix = d.index()
    f, v, r, z = var_dict(m.f), var_dict(m.v), var_dict(m.r), var_dict(m.z)

    def per_connection(_m: pyo.ConcreteModel, b: int, t: int) -> pyo.Expression:
        arcs, steps = ix.arcs_of_sub_at(b, t), ix.steps_of_sub_at(b, t)
        if not arcs:
            return pyo.Constraint.Skip
        h = d.free_headroom(b, t)
        return at_most(lin([1.0] * len(arcs) + [-min(ix.arc_max_mw[a, t], h) for a in arcs]
                           + [-d.step_added_mw[k] for k in steps],
                           [f[a, t] for a in arcs] + [v[a] for a in arcs] + [r[k, t] for k in steps]), 0.0)

    def per_region(_m: pyo.ConcreteModel, b: int, t: int) -> pyo.Expression:
        arcs, steps = ix.arcs_of_sub_at(b, t), ix.steps_of_sub_at(b, t)
        if not arcs:
            return pyo.Constraint.Skip
        draw: dict[int, float] = {}
        for a in arcs:
            s = d.arc_site[a]
            draw[d.site_region[s]] = draw.get(d.site_region[s], 0.0) + d.max_draw_mw(s, t)
        h = d.free_headroom(b, t)
        return at_most(lin([1.0] * len(arcs) + [-min(h, dg) for dg in draw.values()]
                           + [-d.step_added_mw[k] for k in steps],
                           [f[a, t] for a in arcs] + [z[g] for g in draw] + [r[k, t] for k in steps]), 0.0)

    m.headroom_cover_connection = pyo.Constraint(m.B, m.T, rule=per_connection)
    m.headroom_cover_region = pyo.Constraint(m.B, m.T, rule=per_region)

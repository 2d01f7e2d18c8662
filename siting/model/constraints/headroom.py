r"""Headroom: what substations deliver is limited by today's headroom plus reinforcements in service.

.. math::

    \sum_{a \in A(b)} f_{a,t} \le H_{b,t} + \sum_{k \in K(b), t \ge t_k} dH_k r_{k,t}  \quad \forall b, t \\
    r_{k,t-1} \le r_{k,t}                 \quad \text{(built stays built)} \\
    r_{k,t} \le r_{k-1,t}                 \quad \text{(steps in order)}

``r[k,t]`` does not exist while ``t < t0 + L_k`` (nor before the previous step can exist): a site that needs
a reinforcement cannot run before the reinforcement is in service. This is what makes delay real.
``H[b,t]`` is today's headroom plus what the TSO has committed to add by year t, at no cost to the plan
(:meth:`siting.model.data.ModelData.free_headroom`).
The dual of ``headroom`` with the binaries fixed is the value of 1 MW more headroom at b in year t.
"""

from __future__ import annotations

import pyomo.environ as pyo

from siting.model.data import ModelData
from siting.model.linear import at_most, lin, var_dict


def add(m: pyo.ConcreteModel, d: ModelData) -> None:
    ix = d.index()
    # (k, t) is in KT iff step_first_t[k] <= t: compare integers instead of asking the Pyomo set per step (the
    # in-service arcs and steps of (b, t) come from the same comparison, in Index).
    k_first = ix.step_first_t
    f, r = var_dict(m.f), var_dict(m.r)

    def headroom(_m: pyo.ConcreteModel, b: int, t: int) -> pyo.Expression:
        arcs = ix.arcs_of_sub_at(b, t)
        if not arcs:
            return pyo.Constraint.Skip
        steps = ix.steps_of_sub_at(b, t)
        return at_most(lin([1.0] * len(arcs) + [-d.step_added_mw[k] for k in steps],
                           [f[a, t] for a in arcs] + [r[k, t] for k in steps]), d.free_headroom(b, t))

    def built_stays(_m: pyo.ConcreteModel, k: int, t: int) -> pyo.Expression:
        if t - 1 < k_first[k]:  # type: ignore[operator]  # (k, t-1) not in KT
            return pyo.Constraint.Skip
        return at_most(lin((1.0, -1.0), (r[k, t - 1], r[k, t])), 0.0)

    def in_order(_m: pyo.ConcreteModel, k: int, t: int) -> pyo.Expression:
        prev = ix.step_prev[k]
        if prev is None:
            return pyo.Constraint.Skip
        return at_most(lin((1.0, -1.0), (r[k, t], r[prev, t])), 0.0)

    m.headroom = pyo.Constraint(m.B, m.T, rule=headroom)
    m.reinforcement_monotone = pyo.Constraint(m.KT, rule=built_stays)
    m.reinforcement_order = pyo.Constraint(m.KT, rule=in_order)

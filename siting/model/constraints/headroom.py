r"""Headroom: what substations deliver is limited by today's headroom plus reinforcements in service.

.. math::

    \sum_{a \in A(b)} f_{a,t} \le H_b + \sum_{k \in K(b), t \ge t_k} dH_k r_{k,t}  \quad \forall b, t \\
    r_{k,t-1} \le r_{k,t}                 \quad \text{(built stays built)} \\
    r_{k,t} \le r_{k-1,t}                 \quad \text{(steps in order)}

``r[k,t]`` does not exist while ``t < t0 + L_k`` (nor before the previous step can exist): a site that needs
a reinforcement cannot run before the reinforcement is in service. This is what makes delay real.
The dual of ``headroom`` with the binaries fixed is the value of 1 MW more headroom at b in year t.
"""

from __future__ import annotations

import pyomo.environ as pyo

from siting.model.data import ModelData


def add(m: pyo.ConcreteModel, d: ModelData) -> None:
    ix = d.index()
    # (k, t) is in KT iff step_first_t[k] <= t: compare integers instead of asking the Pyomo set per step (the
    # in-service arcs and steps of (b, t) come from the same comparison, in Index).
    k_first = ix.step_first_t

    def headroom(_m: pyo.ConcreteModel, b: int, t: int) -> pyo.Expression:
        arcs = ix.arcs_of_sub_at(b, t)
        if not arcs:
            return pyo.Constraint.Skip
        steps = ix.steps_of_sub_at(b, t)
        return sum(m.f[a, t] for a in arcs) <= d.headroom_mw[b] + sum(d.step_added_mw[k] * m.r[k, t] for k in steps)

    def built_stays(_m: pyo.ConcreteModel, k: int, t: int) -> pyo.Expression:
        if t - 1 < k_first[k]:  # (k, t-1) not in KT
            return pyo.Constraint.Skip
        return m.r[k, t - 1] <= m.r[k, t]

    def in_order(_m: pyo.ConcreteModel, k: int, t: int) -> pyo.Expression:
        prev = ix.step_prev[k]
        if prev is None:
            return pyo.Constraint.Skip
        return m.r[k, t] <= m.r[prev, t]

    m.headroom = pyo.Constraint(m.B, m.T, rule=headroom)
    m.reinforcement_monotone = pyo.Constraint(m.KT, rule=built_stays)
    m.reinforcement_order = pyo.Constraint(m.KT, rule=in_order)

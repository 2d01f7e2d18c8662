r"""Objective: designation + connections + reinforcement + fibre + delay, each a named expression.

.. math::

    \min \; \sum_g F_g z_g + \sum_a c_a v_a
          + \sum_{k} C_k \sum_t \delta_t (r_{k,t} - r_{k,t-1})
          + \sum_{p,t} c_p \, dur_t \, y_{p,t} + \lambda \sum_{n,t} dur_t \, u_{n,t}

``delta_t`` discounts a reinforcement's cost to the decision year by its first year in service, so the model
prefers to build late what is not needed early. Every term is in JPY times ``cost_scale`` (oku-yen by
default); :mod:`siting.results` reports each term in JPY.

For the cost-delay Pareto front (epsilon-constraint) the objective's two weights are mutable parameters and
MW-years of delay have a mutable cap, so each front point is a re-solve with three numbers changed:

.. math::

    \min \; w_{cost} \cdot (\text{cost terms}) + w_{delay} \cdot \sum_{n,t} dur_t u_{n,t}
    \quad \text{s.t.} \quad \sum_{n,t} dur_t u_{n,t} \le \varepsilon

**The objective's floor.** ``objective_floor`` = :math:`w_{delay} \cdot \sum_t dur_t U_t`, the cost of the delay
no plan can avoid (:mod:`siting.model.unavoidable`). It is part of every plan's objective; the *avoidable cost*
is the objective minus the floor, and the solver measures its gap on that
(:class:`siting.solve.highs.PersistentSolver` hands HiGHS the objective less the floor).
"""

from __future__ import annotations

import pyomo.environ as pyo

from siting.model.data import ModelData
from siting.model.linear import lin, var_dict
from siting.model.unavoidable import unavoidable_delay_mw_years

TERMS = ("designation", "connection", "reinforcement", "fibre", "delay")


def add(m: pyo.ConcreteModel, d: ModelData) -> None:
    sc = d.cost_scale
    dur = d.dur_years
    m.cost_designation = pyo.Expression(expr=sum(sc * d.region_fixed_cost_jpy[g] * m.z[g] for g in m.G))
    if d.grid:
        ix = d.index()
        m.cost_connection = pyo.Expression(expr=lin([sc * c for c in d.arc_cost_jpy], m.v.values()))
        # cost C_k * delta_t paid in the first year in service: C_k * (delta_t - delta_{t+1}) * r_{k,t}
        # ((k, t+1) is in KT whenever t+1 is a planning year: r exists from its first year on)
        paid = [d.discount(t) - (d.discount(t + 1) if t + 1 < len(d.years) else 0.0) for t in range(len(d.years))]
        r = var_dict(m.r)
        m.cost_reinforcement = pyo.Expression(expr=lin([sc * d.step_cost_jpy[k] * paid[t] for k, t in ix.step_time],
                                                       [r[k, t] for k, t in ix.step_time]))
    else:
        m.cost_connection = pyo.Expression(expr=0.0)
        m.cost_reinforcement = pyo.Expression(expr=0.0)
    y, u = var_dict(m.y), var_dict(m.u)
    pt = [(p, t) for p in m.P for t in m.T]
    m.cost_fibre = pyo.Expression(expr=lin([sc * d.pair_cost_jpy_per_mw_year[p] * dur[t] for p, t in pt],
                                           [y[p, t] for p, t in pt]))
    nt = [(n, t) for n in m.N for t in m.T]
    m.delay_mw_years = pyo.Expression(expr=lin([dur[t] for _n, t in nt], [u[n, t] for n, t in nt]))
    m.cost_delay = pyo.Expression(expr=sc * d.delay_cost_jpy_per_mw_year * m.delay_mw_years)
    total_demand = sum(dur[t] * d.demand_mw[n][t] for n in range(len(d.node_ids)) for t in range(len(d.years)))
    m.weight_cost = pyo.Param(initialize=1.0, mutable=True)
    m.weight_delay = pyo.Param(initialize=sc * d.delay_cost_jpy_per_mw_year, mutable=True)
    m.delay_cap = pyo.Param(initialize=total_demand + 1.0, mutable=True)
    m.delay_epsilon = pyo.Constraint(expr=m.delay_mw_years <= m.delay_cap)
    m.unavoidable_delay_mw_years = pyo.Param(initialize=unavoidable_delay_mw_years(d), mutable=True)
    m.objective_floor = pyo.Expression(expr=m.weight_delay * m.unavoidable_delay_mw_years)
    costs = sum(getattr(m, f"cost_{t}") for t in TERMS if t != "delay")
    m.total_cost = pyo.Objective(expr=m.weight_cost * costs + m.weight_delay * m.delay_mw_years,
                                 sense=pyo.minimize)

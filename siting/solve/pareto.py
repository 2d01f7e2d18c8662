"""Cost-delay Pareto front by the epsilon-constraint method, on one persistent HiGHS instance.

1. Least delay: minimise MW-years of delay (cost weighted :data:`TIE_BREAK_WEIGHT` to break ties) -> ``delay_min``.
2. Least cost: minimise cost with delay (nearly) free -> ``delay_max``.
3. For N values of epsilon between them: minimise cost subject to delay <= epsilon.

Every point changes three mutable parameters (cost weight, delay weight, delay cap) and is re-solved without
rebuilding or re-sending the model. Each point keeps its own status and gap: a point stopped by the time
limit is marked so, never reported as optimal.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyomo.environ as pyo

from siting.model.data import ModelData
from siting.model.objective import TERMS
from siting.solve.highs import PersistentSolver, SolveResult
from siting.units import is_on

#: Weight of the other objective when one is minimised, to break ties: small enough that it never trades a unit
#: of the minimised one (costs are in 1e8 JPY, delays in MW-years, both up to about 1e5), large enough to be seen
#: above HiGHS's optimality tolerance (1e-7).
TIE_BREAK_WEIGHT = 1e-6


@dataclass
class ParetoPoint:
    label: str
    epsilon_mw_years: float | None
    cost_jpy: float  # every objective term except delay
    delay_mw_years: float
    status: str
    gap: float | None
    designated: list[str]
    solve_s: float


def _point(m: pyo.ConcreteModel, d: ModelData, label: str, eps: float | None, res: SolveResult) -> ParetoPoint:
    cost = sum(float(pyo.value(getattr(m, f"cost_{t}"))) for t in TERMS if t != "delay") / d.cost_scale
    delay = float(pyo.value(m.delay_mw_years))
    regions = [d.region_ids[g] for g in m.G if is_on(m.z[g].value) and not d.is_existing(g)]
    return ParetoPoint(label, eps, cost, delay, res.status, res.gap, regions, res.solve_s)


def pareto_front(m: pyo.ConcreteModel, d: ModelData, solver: PersistentSolver, n_points: int) -> list[ParetoPoint]:
    """Solve ``n_points`` epsilon-constraint points (plus the two ends) and restore the model's weights."""
    saved = (pyo.value(m.weight_cost), pyo.value(m.weight_delay), pyo.value(m.delay_cap))
    points: list[ParetoPoint] = []
    try:
        m.weight_cost.set_value(TIE_BREAK_WEIGHT)
        m.weight_delay.set_value(1.0)
        solver.update_parameters()
        res = solver.solve()
        if not res.has_solution:
            return points
        points.append(_point(m, d, "least delay", None, res))
        delay_min = points[-1].delay_mw_years
        m.weight_cost.set_value(1.0)
        m.weight_delay.set_value(TIE_BREAK_WEIGHT * saved[1])  # breaks ties towards less delay at equal cost
        solver.update_parameters()
        res = solver.solve()
        points.append(_point(m, d, "least cost", None, res))
        delay_max = points[-1].delay_mw_years
        for i in range(n_points):
            eps = delay_min + (delay_max - delay_min) * (i + 1) / (n_points + 1)
            m.delay_cap.set_value(eps)
            solver.update_parameters()
            res = solver.solve()
            if res.has_solution:
                points.append(_point(m, d, f"epsilon {i + 1}", eps, res))
    finally:
        m.weight_cost.set_value(saved[0])
        m.weight_delay.set_value(saved[1])
        m.delay_cap.set_value(saved[2])
        solver.update_parameters()
    # Keep one point per distinct (delay, cost): two epsilons can land on the same plan.
    unique: dict[tuple[float, float], ParetoPoint] = {}
    for p in sorted(points, key=lambda p: (p.delay_mw_years, p.cost_jpy)):
        unique.setdefault((round(p.delay_mw_years, 6), round(p.cost_jpy, 0)), p)
    return list(unique.values())

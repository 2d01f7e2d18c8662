r"""Near-optimal alternatives (modelling to generate alternatives, as PyPSA's MGA): plans whose designated new
regions differ from every plan found before, each within a slack of the optimum's avoidable cost.

After the optimum (plan 0) each round adds one integer no-good cut on the designation variables of the
regions that are free to choose (new regions, neither forced in nor out), excluding the plan just found:

.. math::

    \sum_{g \in F \setminus Z_j} z_g - \sum_{g \in Z_j} z_g \ge 1 - |Z_j| \qquad (Z_j \text{: the regions of plan } j)

and re-solves the same HiGHS instance for the least cost. The k-th plan is then the k-th best designation (to
within the re-solve's gap), so the alternatives come cheapest first and the search stops at the first plan whose
avoidable cost lies beyond :math:`(1 + slack)` times the optimum's (none can follow), or when no other plan
exists; the alternatives found are then numbered cheapest first. Each re-solve asks for a relative gap of
``max(solver gap, slack / 5)`` on the avoidable cost (1 % for the default slack of 5 %): enough to rank plans the
slack is about (two plans closer than that may come in either order), and it halves the time of the reference's five
alternatives (benchmarks/RESULTS-alternatives.md). Warm start: HiGHS keeps its instance and the rows added so far
between re-solves, and gets the previous plan as a start (``setSolution``; it violates the new cut, and HiGHS uses
what it can of it): five alternatives on the reference took 14.1-15.0 s with it and 16.6-17.1 s without. The cuts
are removed afterwards and the optimum's values put back into the model. An explicit row
"avoidable cost <= cutoff" was measured and dropped: the dense row slowed every re-solve (8-11 s against 4 s).

``robust_core`` are the regions every plan designates; ``interchangeable`` the others that some plan designates.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import highspy
import numpy as np
import pyomo.environ as pyo

from siting.model.data import ModelData
from siting.solve.highs import PersistentSolver, SolveResult
from siting.units import FLOAT_EPS, is_on


@dataclass
class Plan:
    """One plan: its designated new regions, objective and avoidable cost (the model's cost unit)."""

    index: int
    regions: list[str]
    objective: float
    avoidable: float
    status: str
    gap: float | None
    solve_s: float


@dataclass
class Alternatives:
    plans: list[Plan]
    slack: float
    stopped: str  # why the search ended
    seconds: float
    core: list[str] = field(default_factory=list)
    interchangeable: list[str] = field(default_factory=list)


def free_regions(m: pyo.ConcreteModel, d: ModelData) -> list[int]:
    """New regions whose designation is a choice (not existing, not forced in or out)."""
    return [g for g in range(len(d.region_ids)) if not d.is_existing(g) and not m.z[g].fixed]


def designated_new(m: pyo.ConcreteModel, d: ModelData) -> list[str]:
    """Designated new regions of the plan loaded in the model (forced-in ones included), sorted."""
    return sorted(d.region_ids[g] for g in range(len(d.region_ids))
                  if not d.is_existing(g) and is_on(m.z[g].value))


def _plan(m: pyo.ConcreteModel, d: ModelData, i: int, res: SolveResult) -> Plan:
    assert res.objective is not None
    return Plan(i, designated_new(m, d), res.objective, res.objective - res.floor, res.status, res.gap, res.solve_s)


def near_optimal(m: pyo.ConcreteModel, d: ModelData, solver: PersistentSolver, optimum: SolveResult, n: int,
                 slack: float, time_limit_s: float | None = None, mip_gap: float | None = None,
                 progress: Callable[[str], None] | None = None) -> Alternatives:
    """Up to ``n`` alternatives to the plan ``optimum`` (loaded in the model) within ``slack`` of its avoidable
    cost; see the module docstring. ``time_limit_s`` bounds each re-solve; ``mip_gap`` is its relative gap
    (default ``max(solver gap, slack / 5)``)."""
    t0 = time.perf_counter()
    say = progress or (lambda _line: None)
    first = _plan(m, d, 0, optimum)
    plans = [first]
    h = solver.highs
    free = free_regions(m, d)
    if not free or n <= 0:
        return _finish(plans, slack, "no free region to choose" if not free else "none asked", t0)
    cols = solver.columns([m.z[g] for g in free])
    optimum_values = solver.values()
    start = highspy.HighsSolution()
    start.col_value = optimum_values.tolist()
    n_rows = h.getNumRow()
    cutoff = (1.0 + slack) * max(first.avoidable, 0.0)
    gap = max(solver.options.mip_gap, slack / 5) if mip_gap is None else mip_gap
    stopped = f"{n} alternatives found"
    try:
        for i in range(1, n + 1):
            chosen = {d.region_ids[g] for g in free} & set(plans[-1].regions)
            coefs = np.array([-1.0 if d.region_ids[g] in chosen else 1.0 for g in free])
            h.addRow(1.0 - len(chosen), highspy.kHighsInf, len(cols), cols, coefs)
            h.setSolution(start)  # warm start: the last plan (HiGHS repairs or drops it)
            say(f"alternative {i} of {n}")
            res = solver.solve(time_limit_s=time_limit_s, mip_gap=gap)
            if not res.has_solution:
                stopped = ("no other designation is feasible" if res.status == "infeasible"
                           else f"stopped at alternative {i}: {res.termination}")
                break
            plan = _plan(m, d, i, res)
            if plan.avoidable > cutoff * (1 + FLOAT_EPS) + FLOAT_EPS:
                stopped = f"the next plan lies beyond {100 * slack:g} % of the optimum's avoidable cost"
                break
            plans.append(plan)
            start = h.getSolution()
    finally:
        extra = h.getNumRow() - n_rows
        if extra:
            h.deleteRows(extra, np.arange(n_rows, n_rows + extra, dtype=np.int32))
        solver.load_values(optimum_values)
    return _finish(plans, slack, stopped, t0)


def _finish(plans: list[Plan], slack: float, stopped: str, t0: float) -> Alternatives:
    """The plans, the alternatives numbered cheapest first (each re-solve is optimal only to within its gap, so
    the search may find a cheaper one after a dearer one), with the core and the interchangeable regions."""
    rest = sorted(plans[1:], key=lambda p: (p.avoidable, p.index))
    plans = [plans[0], *(replace(p, index=i) for i, p in enumerate(rest, start=1))]
    sets = [set(p.regions) for p in plans]
    core = sorted(set.intersection(*sets)) if sets else []
    every = sorted(set.union(*sets)) if sets else []
    return Alternatives(plans, slack, stopped, time.perf_counter() - t0, core, [r for r in every if r not in core])

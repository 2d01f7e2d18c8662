"""What a solve reached and how to say it honestly: the solver settings, the result with its gap on the
avoidable cost, and the errors for a model without a plan.

"optimal" is said only when HiGHS proved the optimum to within the gap asked for, and the gap is always reported.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from siting.errors import InfeasibleError, Problem, SitingError
from siting.scenario import Scenario

#: HiGHS's ``mip_feasibility_tolerance`` in every solve (its default is 1e-6): the OR-Library optima are reproduced
#: to a relative 1e-6 (tests/test_orlib.py), which needs the rows met more tightly than that.
MIP_FEASIBILITY_TOL = 1e-7


@dataclass
class SolveOptions:
    """Solver settings (scenario ``[solver]`` or CLI)."""

    time_limit_s: float = 120.0
    mip_gap: float = 0.01
    threads: int = 2
    seed: int = 0
    log: bool = False
    #: Extra HiGHS options by name (e.g. ``{"mip_heuristic_effort": 0.3}``), passed through unchanged.
    highs_options: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_scenario(cls, sc: Scenario) -> SolveOptions:
        """The scenario's ``[solver]`` settings: the one place they become solver options (runs, sweeps and the
        proposal portfolio alike)."""
        s = sc.solver
        return cls(time_limit_s=s.time_limit_s, mip_gap=s.mip_gap, threads=s.threads, seed=s.seed,
                   highs_options=dict(s.highs_options))


@dataclass
class SolveResult:
    """What the solver reached. ``status`` is one of ``optimal`` (proven within ``mip_gap``),
    ``time_limit`` (incumbent returned, gap open), ``interrupted`` (stopped with Ctrl+C: incumbent returned, gap
    open), ``infeasible``, ``no_solution``."""

    status: str
    objective: float | None
    bound: float | None
    gap: float | None
    handoff_s: float
    solve_s: float
    termination: str
    mip_gap_asked: float
    extra: dict[str, Any] = field(default_factory=dict)
    #: The objective's floor (the unavoidable delay, :mod:`siting.model.unavoidable`) in the model's cost unit;
    #: ``objective`` and ``bound`` include it, ``gap`` is measured on the avoidable cost (objective - floor).
    floor: float = 0.0

    @property
    def has_solution(self) -> bool:
        return self.objective is not None

    @property
    def absolute_gap(self) -> float | None:
        """objective - bound, in the model's cost unit."""
        if self.objective is None or self.bound is None:
            return None
        return max(0.0, self.objective - self.bound)

    def describe(self) -> str:
        """One line for the summary: never 'optimal' without the gap."""
        gap = "n/a" if self.gap is None else f"{100 * self.gap:.3g} %"
        if self.floor > 0:
            gap += " of the avoidable cost"
        if self.status == "optimal":
            return f"optimal within the requested gap (gap {gap} <= {100 * self.mip_gap_asked:.3g} %)"
        if self.status == "time_limit":
            return f"time limit reached: best plan found, NOT proven optimal (gap {gap} to the proven bound)"
        if self.status == "interrupted":
            return f"interrupted (Ctrl+C): best plan found so far, NOT proven optimal (gap {gap} to the proven bound)"
        return self.status


def relative_gap(objective: float | None, bound: float | None, floor: float = 0.0) -> float | None:
    """HiGHS's definition on the cost above ``floor`` (the avoidable cost): |objective - bound| /
    |objective - floor| (0 when both are 0)."""
    if objective is None or bound is None or not math.isfinite(bound):
        return None
    objective, bound = objective - floor, bound - floor
    if abs(objective) < 1e-12:
        return 0.0 if abs(bound) < 1e-12 else math.inf
    return abs(objective - bound) / abs(objective)


def raise_for_status(result: SolveResult, hints: list[str] | None = None) -> None:
    """Raise :class:`InfeasibleError` if HiGHS proved the model infeasible, :class:`SitingError` if it stopped
    without any plan; ``hints`` are the pre-check findings, quoted so the user sees the numbers."""
    if result.status == "infeasible":
        problems: list[Problem | str] = [Problem("siting model", "HiGHS proved the model infeasible",
                                                 "relax the forced-in regions, the minimum region size or the "
                                                 "decarbonised share; the pre-checks below name the numbers")]
        problems += [f"pre-check: {h}" for h in hints or []]
        raise InfeasibleError(problems)
    if not result.has_solution and "nterrupt" in result.termination:
        raise KeyboardInterrupt  # Ctrl+C before any plan: handled as Ctrl+C anywhere else (exit 130)
    if not result.has_solution:
        raise SitingError(Problem("siting model", f"HiGHS stopped without any plan (termination "
                                  f"{result.termination}) after {result.solve_s:.0f} s",
                                  "raise the time limit (--time-limit S) or loosen the gap (--gap)"))

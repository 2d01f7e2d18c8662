"""Solve the siting model with HiGHS through Pyomo's persistent interface, and say honestly how well.

The model is handed to HiGHS once (``set_instance``); re-solves after forcing a region in or out, or after
moving the delay cap of a Pareto point, push only what changed (``update_variables`` / ``update_parameters``),
never the whole model again. A solve that stops at its time limit returns its incumbent marked ``time_limit``
with the gap against the proven bound; "optimal" is said only when HiGHS proved the optimum to within the gap
asked for, and the gap is always reported.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pyomo.environ as pyo
from pyomo.common.collections import ComponentMap
from pyomo.contrib.solver.common.results import SolutionStatus, TerminationCondition
from pyomo.contrib.solver.solvers.highs import Highs

from siting.errors import InfeasibleError, Problem, SitingError

_NO_AUTO_UPDATES = (
    "check_for_new_or_removed_constraints", "check_for_new_or_removed_vars", "check_for_new_or_removed_params",
    "check_for_new_objective", "update_constraints", "update_vars", "update_parameters",
    "update_named_expressions", "update_objective",
)


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


@dataclass
class SolveResult:
    """What the solver reached. ``status`` is one of ``optimal`` (proven within ``mip_gap``),
    ``time_limit`` (incumbent returned, gap open), ``infeasible``, ``no_solution``."""

    status: str
    objective: float | None
    bound: float | None
    gap: float | None
    handoff_s: float
    solve_s: float
    termination: str
    mip_gap_asked: float
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def has_solution(self) -> bool:
        return self.objective is not None

    def describe(self) -> str:
        """One line for the summary: never 'optimal' without the gap."""
        gap = "n/a" if self.gap is None else f"{100 * self.gap:.3g} %"
        if self.status == "optimal":
            return f"optimal within the requested gap (gap {gap} <= {100 * self.mip_gap_asked:.3g} %)"
        if self.status == "time_limit":
            return f"time limit reached: best plan found, NOT proven optimal (gap {gap} to the proven bound)"
        return self.status


_THREADS_IN_USE: list[int] = []


def _use_threads(threads: int) -> None:
    """HiGHS keeps one global thread pool per process; a run asking for another thread count than the pool's
    returns without solving. Reset the pool when the count changes (tests and sweeps mix counts)."""
    if _THREADS_IN_USE and _THREADS_IN_USE[0] != threads:
        import highspy

        highspy.Highs.resetGlobalScheduler(True)
    _THREADS_IN_USE[:] = [threads]


def relative_gap(objective: float | None, bound: float | None) -> float | None:
    """HiGHS's definition: |objective - bound| / |objective| (0 when both are 0)."""
    if objective is None or bound is None or not math.isfinite(bound):
        return None
    if abs(objective) < 1e-12:
        return 0.0 if abs(bound) < 1e-12 else math.inf
    return abs(objective - bound) / abs(objective)


class PersistentSolver:
    """One HiGHS instance bound to one Pyomo model, for a solve and cheap re-solves."""

    def __init__(self, model: pyo.ConcreteModel, options: SolveOptions | None = None):
        self.model = model
        self.options = options or SolveOptions()
        self.opt = Highs()
        t0 = time.perf_counter()
        self.opt.set_instance(model)
        self.handoff_s = time.perf_counter() - t0
        for flag in _NO_AUTO_UPDATES:
            setattr(self.opt.config.auto_updates, flag, False)

    def _binaries(self) -> list[pyo.Var]:
        return [v for v in self.model.component_data_objects(pyo.Var, descend_into=True) if v.is_binary()]

    def solve(self, *, time_limit_s: float | None = None, mip_gap: float | None = None) -> SolveResult:
        """Solve (or re-solve after targeted updates) and load the solution into the model."""
        o = self.options
        gap = o.mip_gap if mip_gap is None else mip_gap
        _use_threads(o.threads)
        t0 = time.perf_counter()
        res = self.opt.solve(
            self.model, tee=o.log, time_limit=time_limit_s or o.time_limit_s, rel_gap=gap, threads=o.threads,
            load_solutions=False, raise_exception_on_nonoptimal_result=False,
            solver_options={"random_seed": o.seed, "mip_feasibility_tolerance": 1e-7, **o.highs_options},
        )
        solve_s = time.perf_counter() - t0
        term = res.termination_condition
        has = res.solution_status in (SolutionStatus.optimal, SolutionStatus.feasible)
        if has:
            res.solution_loader.load_vars()
        objective = res.incumbent_objective if has else None
        bound = res.objective_bound
        bound = float(bound) if bound is not None and math.isfinite(bound) else None
        if term in (TerminationCondition.provenInfeasible, TerminationCondition.locallyInfeasible,
                    TerminationCondition.infeasibleOrUnbounded):
            status = "infeasible"
        elif not has:
            status = "no_solution"
        elif term == TerminationCondition.convergenceCriteriaSatisfied:
            status = "optimal"
        else:
            status = "time_limit"
        if status == "optimal" and bound is None:
            bound = objective  # an LP, or a MIP solved at the root
        return SolveResult(status, objective, bound, relative_gap(objective, bound), self.handoff_s, solve_s,
                           str(term.name), gap)

    # ----- targeted updates ------------------------------------------------------------------------------
    def fix_variables(self, values: ComponentMap | Iterable[tuple[Any, float]]) -> None:
        """Fix variables (e.g. ``z[g]`` to force a region in or out) and push only those to HiGHS.

        ``values`` is a :class:`pyomo.common.collections.ComponentMap` or (variable, value) pairs: Pyomo
        variables cannot be dict keys.
        """
        pairs = list(values.items()) if isinstance(values, ComponentMap) else list(values)
        for var, value in pairs:
            var.fix(value)
        self.opt.update_variables([var for var, _ in pairs])

    def unfix_variables(self, variables: list[pyo.Var]) -> None:
        for var in variables:
            var.unfix()
        self.opt.update_variables(variables)

    def update_parameters(self) -> None:
        """Push changed mutable parameters (e.g. the delay cap of a Pareto point)."""
        self.opt.update_parameters()

    def fixed_lp_duals(self, constraints: list[pyo.Constraint],
                       loosen: list[tuple[Any, float]] | None = None) -> dict[Any, float]:
        """Duals of ``constraints`` in the LP with every binary fixed at its solution value.

        ``loosen`` lists (mutable parameter, temporary value) pairs (e.g. big-Ms that repeat a right-hand side,
        which would otherwise take the dual). The model is restored afterwards (binaries unfixed, integrality
        and parameters back), so it can be re-solved.
        """
        binaries = self._binaries()
        was_fixed = [v.fixed for v in binaries]
        for v in binaries:
            v.fix(round(v.value or 0.0))
            v.domain = pyo.Reals
        self.opt.update_variables(binaries)
        saved = [(p, pyo.value(p)) for p, _ in (loosen or [])]
        for p, val in loosen or []:
            p.set_value(val)
        if loosen:
            self.opt.update_parameters()
        try:
            _use_threads(self.options.threads)
            res = self.opt.solve(self.model, load_solutions=False, raise_exception_on_nonoptimal_result=False,
                                 time_limit=self.options.time_limit_s, threads=self.options.threads)
            if res.termination_condition != TerminationCondition.convergenceCriteriaSatisfied:
                return {}
            wanted = [c for comp in constraints for c in comp.values()]
            return {c: float(val) for c, val in res.solution_loader.get_duals(wanted).items()}
        finally:
            for p, val in saved:
                p.set_value(val)
            if saved:
                self.opt.update_parameters()
            for v, fixed in zip(binaries, was_fixed, strict=True):
                v.domain = pyo.Binary
                if not fixed:
                    v.unfix()
            self.opt.update_variables(binaries)


def raise_for_status(result: SolveResult, hints: list[str] | None = None) -> None:
    """Raise :class:`InfeasibleError` if HiGHS proved the model infeasible, :class:`SitingError` if it stopped
    without any plan; ``hints`` are the pre-check findings, quoted so the user sees the numbers."""
    if result.status == "infeasible":
        problems: list[Problem | str] = [Problem("siting model", "HiGHS proved the model infeasible",
                                                 "relax the forced-in regions, the minimum region size or the "
                                                 "decarbonised share; the pre-checks below name the numbers")]
        problems += [f"pre-check: {h}" for h in hints or []]
        raise InfeasibleError(problems)
    if not result.has_solution:
        raise SitingError(Problem("siting model", f"HiGHS stopped without any plan (termination "
                                  f"{result.termination}) after {result.solve_s:.0f} s",
                                  "raise the time limit (--time-limit S) or loosen the gap (--gap)"))


def solve_model(model: pyo.ConcreteModel, options: SolveOptions | None = None,
                hints: list[str] | None = None) -> tuple[SolveResult, PersistentSolver]:
    """Hand ``model`` to HiGHS and solve it monolithically (see :func:`raise_for_status` for the errors)."""
    solver = PersistentSolver(model, options)
    result = solver.solve()
    raise_for_status(result, hints)
    return result, solver

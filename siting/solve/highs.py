"""Solve the siting model with HiGHS, keeping one HiGHS instance per model, and say honestly how well.

The model is compiled to sparse arrays once (:mod:`siting.solve.compile`: the arrays of Pyomo's
``LinearStandardFormCompiler``) and handed to HiGHS with ``passModel``; re-solves after forcing a region in or
out, or after moving the weights or the delay cap of a Pareto point, push only what changed (column bounds,
costs, one row), never the whole model again. A solve that stops at its time limit returns its incumbent marked
``time_limit`` with the gap against the proven bound (:mod:`siting.solve.result` says what was reached).
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Sequence
from typing import Any

import highspy
import numpy as np
import pyomo.environ as pyo
from pyomo.common.collections import ComponentMap
from pyomo.common.gc_manager import PauseGC
from pyomo.common.tee import capture_output
from pyomo.repn.standard_repn import generate_standard_repn

from siting.errors import Problem, SitingError
from siting.model.linear import RowRecord
from siting.solve.compile import StandardForm, compile_model
from siting.solve.result import MIP_FEASIBILITY_TOL, SolveOptions, SolveResult, raise_for_status, relative_gap

_INF = highspy.kHighsInf
_MS = highspy.HighsModelStatus

_THREADS_IN_USE: list[int] = []


def _use_threads(threads: int) -> None:
    """HiGHS keeps one global thread pool per process; a run asking for another thread count than the pool's
    returns without solving. Reset the pool when the count changes (tests and sweeps mix counts)."""
    if _THREADS_IN_USE and _THREADS_IN_USE[0] != threads:
        highspy.Highs.resetGlobalScheduler(True)
    _THREADS_IN_USE[:] = [threads]


class PersistentSolver:
    """One HiGHS instance bound to one Pyomo model, for a solve and cheap re-solves.

    The hand-off compiles the whole model at once (:func:`siting.solve.compile.compile_model`: the rows recorded
    by the build, ``rows``, copied from their records, the rest read by Pyomo) and passes the arrays to HiGHS
    with ``passModel``: no per-constraint solver objects (``benchmarks/RESULTS.md``).
    Variables fixed in Pyomo (existing regions, forced regions) stay columns, with equal bounds, so that forcing
    a region in or out later is a bound change of one column, never a rebuild. Mutable parameters enter as
    numbers; :meth:`update_parameters` re-reads the objective and the rows named in ``parametric_rows``.
    """

    def __init__(self, model: pyo.ConcreteModel, options: SolveOptions | None = None, *,
                 rows: RowRecord | None = None, parametric_rows: Sequence[str] = ("delay_epsilon",)):
        self.model = model
        self.options = options or SolveOptions()
        #: Set once the user pressed Ctrl+C during a solve (:meth:`run`).
        self.interrupted = False
        #: The last LP relaxation (:func:`siting.solve.strategy.lp_relaxation`) stopped at its time limit.
        self.lp_timed_out = False
        t0 = time.perf_counter()
        with PauseGC():
            self._pass_model(model, rows, parametric_rows)
        self.handoff_s = time.perf_counter() - t0

    def _pass_model(self, model: pyo.ConcreteModel, rows: RowRecord | None, parametric_rows: Sequence[str]) -> None:
        form = compile_model(model, rows)
        self._cols: list[Any] = form.columns
        self._col_of: dict[int, int] = {id(v): j for j, v in enumerate(self._cols)}
        self._row_cons: list[Any] = form.rows
        self._rows_of: dict[int, list[int]] | None = None  # built on first use by rows(): only duals need it
        self._row_lower, self._row_upper = form.row_lower, form.row_upper  # +-inf is HiGHS's infinity
        self._objective = form.objective
        self._parametric = [getattr(model, name) for name in parametric_rows if hasattr(model, name)]
        self._floor_expr = getattr(model, "objective_floor", None)
        #: The objective's floor now (model cost unit): HiGHS minimises the objective less it, so that its
        #: relative gap is the gap on the avoidable cost; results add it back.
        self.floor = self._floor_value()
        self.highs = _new_highs()
        lp, integer = self._lp(form)
        self.highs.passModel(lp)
        self.integer_columns = np.nonzero(integer)[0].astype(np.int32)
        if len(self.integer_columns):
            self.highs.changeColsIntegrality(len(self.integer_columns), self.integer_columns,
                                             np.full(len(self.integer_columns), highspy.HighsVarType.kInteger))

    def _lp(self, form: StandardForm) -> tuple[highspy.HighsLp, np.ndarray]:
        """The compiled arrays as a HiGHS LP, and which columns are integer (one pass over the columns)."""
        n = len(self._cols)
        # v.lb / v.ub: the same numbers as v.bounds, about 4x faster per variable (measured, Pyomo 6.10)
        bounds = [(v.value, v.value) if v.fixed else (v.lb, v.ub) for v in self._cols]
        lb = np.array([-_INF if lo is None else lo for lo, _up in bounds], dtype=float)
        ub = np.array([_INF if up is None else up for _lo, up in bounds], dtype=float)
        integer = np.fromiter((v.is_integer() for v in self._cols), dtype=bool, count=n)
        a = form.a
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = n, len(self._row_lower)
        lp.col_cost_ = form.cost
        lp.offset_ = form.offset - self.floor
        lp.col_lower_, lp.col_upper_ = lb, ub
        lp.row_lower_, lp.row_upper_ = self._row_lower, self._row_upper
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_, lp.a_matrix_.index_, lp.a_matrix_.value_ = a.indptr, a.indices, a.data
        return lp, integer

    def _floor_value(self) -> float:
        return 0.0 if self._floor_expr is None else float(pyo.value(self._floor_expr))

    # ----- index maps ------------------------------------------------------------------------------------
    def columns(self, variables: Iterable[Any]) -> np.ndarray:
        """HiGHS column of each Pyomo variable (``KeyError`` for a variable the model never uses)."""
        return np.fromiter((self._col_of[id(v)] for v in variables), dtype=np.int32)

    def rows(self, constraint: Any) -> list[int]:
        """HiGHS rows of one Pyomo constraint (two for a ranged constraint, none for a trivial one)."""
        if self._rows_of is None:
            self._rows_of = {}
            for i, con in enumerate(self._row_cons):
                self._rows_of.setdefault(id(con), []).append(i)
        return self._rows_of.get(id(constraint), [])

    def values(self) -> np.ndarray:
        """The Pyomo variables' current values, one per HiGHS column (0 where a variable has none)."""
        return np.array([v.value or 0.0 for v in self._cols], dtype=float)

    def load_values(self, values: np.ndarray) -> None:
        """Put column values into the Pyomo variables (fixed variables keep their values)."""
        for var, val in zip(self._cols, values.tolist(), strict=True):
            if not var.fixed:
                var.set_value(val, skip_validation=True)

    # ----- solve -----------------------------------------------------------------------------------------
    def set_options(self, time_limit_s: float, mip_gap: float) -> None:
        """Options of the next ``run`` (they persist in the HiGHS instance, so every solve sets them all)."""
        o = self.options
        _use_threads(o.threads)
        h = self.highs
        h.setOptionValue("output_flag", bool(o.log))
        h.setOptionValue("log_to_console", bool(o.log))
        settings = {"time_limit": float(time_limit_s), "mip_rel_gap": float(mip_gap), "threads": o.threads,
                    "random_seed": o.seed, "mip_feasibility_tolerance": MIP_FEASIBILITY_TOL, **o.highs_options}
        for name, val in settings.items():
            if h.setOptionValue(name, val) != highspy.HighsStatus.kOk:
                raise SitingError(Problem("solver.highs_options", f"HiGHS rejected option {name} = {val!r}",
                                          "use an option name and type from the HiGHS documentation"))

    def solve(self, *, time_limit_s: float | None = None, mip_gap: float | None = None) -> SolveResult:
        """Solve (or re-solve after targeted updates) and load the solution into the model."""
        gap = self.options.mip_gap if mip_gap is None else mip_gap
        self.set_options(time_limit_s or self.options.time_limit_s, gap)
        h = self.highs
        t0 = time.perf_counter()
        self.run()
        status = h.getModelStatus()
        info = h.getInfo()
        has = info.primal_solution_status == 2  # kSolutionStatusFeasible
        objective = float(info.objective_function_value) + self.floor if has else None
        bound: float | None = float(info.mip_dual_bound) + self.floor if info.mip_node_count >= 0 else None
        if bound is not None and not math.isfinite(bound):
            bound = None
        if status in (_MS.kInfeasible, _MS.kUnboundedOrInfeasible):
            verdict = "infeasible"
        elif not has:
            verdict = "no_solution"
        elif status == _MS.kOptimal:
            verdict = "optimal"
        elif status == _MS.kInterrupt:
            verdict = "interrupted"
        else:
            verdict = "time_limit"
        if has:
            self.load_values(np.asarray(h.getSolution().col_value))
        if verdict == "optimal" and bound is None:
            bound = objective  # an LP, or a MIP solved at the root
        solve_s = time.perf_counter() - t0
        return SolveResult(verdict, objective, bound, relative_gap(objective, bound, self.floor), self.handoff_s,
                           solve_s, h.modelStatusToString(status), gap, floor=self.floor)

    def run(self) -> None:
        """``Highs.run`` in HiGHS's own thread, so that Ctrl+C reaches Python while HiGHS works.

        The first Ctrl+C asks HiGHS to stop: it returns what it has (status ``kInterrupt``; :meth:`solve` then
        reports ``interrupted`` with the best plan and the proven bound) and :attr:`interrupted` stays set, so a
        strategy skips its remaining phases. A second Ctrl+C while HiGHS winds down stops the program.
        HiGHS checks for the request at every simplex iteration and at its MIP checkpoints (seconds apart at
        the root of a national model)."""
        h = self.highs
        h.startSolve()
        try:
            while not h.wait(0.2)[0]:
                pass
        except KeyboardInterrupt:
            self.interrupted = True
            h.cancelSolve()
            while not h.wait(0.2)[0]:
                pass

    # ----- targeted updates ------------------------------------------------------------------------------
    def fix_variables(self, values: ComponentMap | Iterable[tuple[Any, float]]) -> None:
        """Fix variables (e.g. ``z[g]`` to force a region in or out): Pyomo ``fix`` plus equal column bounds
        in HiGHS, nothing else pushed.

        ``values`` is a :class:`pyomo.common.collections.ComponentMap` or (variable, value) pairs: Pyomo
        variables cannot be dict keys.
        """
        pairs = list(values.items()) if isinstance(values, ComponentMap) else list(values)
        for var, value in pairs:
            var.fix(value)
        if pairs:
            cols = self.columns(var for var, _ in pairs)
            vals = np.array([float(value) for _, value in pairs])
            self.highs.changeColsBounds(len(cols), cols, vals, vals)

    def unfix_variables(self, variables: list[Any]) -> None:
        """Free variables again: their declared bounds go back to HiGHS."""
        for var in variables:
            var.unfix()
        if variables:
            cols = self.columns(variables)
            lb = np.array([-_INF if v.lb is None else v.lb for v in variables], dtype=float)
            ub = np.array([_INF if v.ub is None else v.ub for v in variables], dtype=float)
            self.highs.changeColsBounds(len(cols), cols, lb, ub)

    def update_parameters(self) -> None:
        """Push changed mutable parameters: the objective's coefficients and the ``parametric_rows``
        (e.g. the weights and the delay cap of a Pareto point)."""
        fixed = [v for v in self._cols if v.fixed]
        for v in fixed:
            v.unfix()  # read as variables, not constants
        try:
            if self._objective is not None:
                repn = generate_standard_repn(self._objective.expr, compute_values=True, quadratic=False)
                cost = np.zeros(len(self._cols))
                for var, coef in zip(repn.linear_vars, repn.linear_coefs, strict=True):
                    cost[self._col_of[id(var)]] += float(coef)
                idx = np.arange(len(cost), dtype=np.int32)
                self.highs.changeColsCost(len(idx), idx, cost)
                self.floor = self._floor_value()
                self.highs.changeObjectiveOffset(float(repn.constant) - self.floor)
            for comp in self._parametric:
                for con in comp.values():
                    self._refresh_row(con)
        finally:
            for v in fixed:
                v.fix()

    def _refresh_row(self, con: Any) -> None:
        rows = self.rows(con)  # one row, or two for a ranged row Pyomo's compiler split: each takes both bounds
        if not rows:
            return
        repn = generate_standard_repn(con.body, compute_values=True, quadratic=False)
        for var, coef in zip(repn.linear_vars, repn.linear_coefs, strict=True):
            for i in rows:
                self.highs.changeCoeff(i, self._col_of[id(var)], float(coef))
        lo = -_INF if con.lower is None else pyo.value(con.lower) - repn.constant
        up = _INF if con.upper is None else pyo.value(con.upper) - repn.constant
        for i in rows:
            self.highs.changeRowBounds(i, lo, up)

    def fixed_lp_duals(self, constraints: list[Any],
                       row_upper: dict[Any, float] | None = None) -> dict[Any, float]:
        """Duals of ``constraints`` in the LP with every integer column fixed at its solution value.

        ``row_upper`` gives temporary upper bounds of single-row constraints (e.g. big-M rows that repeat a
        right-hand side, which would otherwise take the dual). HiGHS is restored afterwards (bounds,
        integrality, row bounds), so the model can be re-solved.
        """
        h = self.highs
        idx = self.integer_columns
        lp = h.getLp()  # a copy: read each array once (indexing lp.row_lower_ copies the whole array each time)
        col_lower, col_upper = np.asarray(lp.col_lower_), np.asarray(lp.col_upper_)
        row_lower, row_upper_now = np.asarray(lp.row_lower_), np.asarray(lp.row_upper_)
        lower, upper = col_lower[idx], col_upper[idx]
        current = np.array([self._cols[j].value or 0.0 for j in idx.tolist()], dtype=float).round()
        pairs = [(rows[0], val) for con, val in (row_upper or {}).items() if len(rows := self.rows(con)) == 1]
        loose_rows = np.array([i for i, _ in pairs], dtype=np.int32)
        loose_upper = np.array([val for _, val in pairs], dtype=float)
        saved_values = [v.value for v in self._cols]
        try:
            if len(idx):
                h.changeColsBounds(len(idx), idx, current, current)
                h.changeColsIntegrality(len(idx), idx, np.full(len(idx), highspy.HighsVarType.kContinuous))
            if len(loose_rows):
                h.changeRowsBounds(len(loose_rows), loose_rows, row_lower[loose_rows], loose_upper)  # type: ignore[attr-defined]
            self.set_options(self.options.time_limit_s, self.options.mip_gap)
            self.run()
            if h.getModelStatus() != _MS.kOptimal:
                return {}
            dual = np.asarray(h.getSolution().row_dual)
            return {c: float(sum(dual[i] for i in self.rows(c))) for comp in constraints for c in comp.values()
                    if self.rows(c)}
        finally:
            if len(loose_rows):
                h.changeRowsBounds(len(loose_rows), loose_rows, row_lower[loose_rows], row_upper_now[loose_rows])  # type: ignore[attr-defined]
            if len(idx):
                h.changeColsBounds(len(idx), idx, lower, upper)
                h.changeColsIntegrality(len(idx), idx, np.full(len(idx), highspy.HighsVarType.kInteger))
            for var, val in zip(self._cols, saved_values, strict=True):
                if not var.fixed:
                    var.set_value(val, skip_validation=True)


def _new_highs() -> highspy.Highs:
    """A silent HiGHS instance (its constructor prints a banner on the C stdout)."""
    with capture_output(capture_fd=True):
        h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.HandleUserInterrupt = True  # cancelSolve() reaches HiGHS through its interrupt callbacks (PersistentSolver.run)
    return h


def solve_model(model: pyo.ConcreteModel, options: SolveOptions | None = None,
                hints: list[str] | None = None, *,
                rows: RowRecord | None = None) -> tuple[SolveResult, PersistentSolver]:
    """Hand ``model`` (with the ``rows`` recorded by its build) to HiGHS and solve it monolithically (see
    :func:`raise_for_status` for the errors)."""
    solver = PersistentSolver(model, options, rows=rows)
    result = solver.solve()
    raise_for_status(result, hints)
    return result, solver


__all__ = ["MIP_FEASIBILITY_TOL", "PersistentSolver", "SolveOptions", "SolveResult", "raise_for_status",
           "relative_gap", "solve_model"]

"""National-scale solution strategy that always keeps a proven GLOBAL lower bound.

``screened`` (measured in ``benchmarks/RESULTS.md``):

1. **LP relaxation of the full model** (integrality dropped in HiGHS, nothing rebuilt): its optimum is a proven
   lower bound of the full MILP, and the IT MW the LP runs in each region ranks the regions. It gets at most
   :data:`LP_MAX_SHARE` of the budget; an LP that has not finished by then gives no bound, and the regions are
   ranked standalone instead (:mod:`siting.solve.ranking`), so that the phases below still find a plan.
2. **Restricted MIP, fix and optimise**: every region outside the ``keep_regions`` best is fixed to ``z = 0``
   (targeted update of those columns only). (a) With the connection and reinforcement binaries ``v``, ``r``
   relaxed in HiGHS, the MIP over ``z`` picks the regions; (b) those ``z`` are fixed, ``v`` and ``r`` are
   binary again, and the MILP over the picked regions gives a plan that is feasible for the full model: the
   incumbent. Their bounds are valid **only for the restricted model** and are reported as such.
3. **Full MIP for the global bound.** With two or more threads allowed (the default) and a second core, it runs
   in a process of its own from the start, on one core, for the whole budget (:mod:`siting.solve.concurrent`),
   while this process runs steps 1-2 on the other core: its dual bound is a proven bound of the full model and
   its plan competes with the restricted one. Otherwise it runs here after step 2, warm-started from the
   incumbent (HiGHS ``setSolution``), and is skipped when the time left for it is under twice the LP's time (it
   could not finish its own root LP): the restricted MIP then keeps the whole budget and the LP bound is the
   global bound.

The gap reported is ``(incumbent - global bound) / incumbent`` with global bound = max(LP bound, full-MIP
bound) -- never the restricted gap alone. ``monolithic`` is one full MIP solve; ``auto`` picks ``monolithic`` up
to :data:`MONOLITHIC_MAX_SITES` candidate sites (siting-calibration.md: a monolithic solve to 1 % in two
minutes stops between 150 and 300 sites) and ``screened`` above.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import highspy
import numpy as np
import pyomo.environ as pyo
from pyomo.common.collections import ComponentMap

from siting.model.data import ModelData
from siting.model.linear import RowRecord
from siting.solve.concurrent import GRACE_S, FullMip, can_run
from siting.solve.highs import PersistentSolver, SolveOptions, SolveResult, relative_gap
from siting.solve.ranking import standalone_rank

#: ``auto`` solves monolithically up to this many sites. On the synthetic 300 x 100 instance the monolithic MIP
#: ended at a 10.5 % global gap in 120 s where ``screened`` reached 2.1 % (benchmarks/RESULTS.md, load 3).
MONOLITHIC_MAX_SITES = 150
#: The restricted MIP keeps the ``KEPT_PER_REGION`` x ``max_regions`` best regions of the ranking, and at least
#: ``MIN_KEPT_REGIONS`` (also without a limit on the number of regions). On the 1k x 300 instance keeping 48
#: regions instead of 24 gave a worse plan in the same time (6,222.2 against 6,130.6, benchmarks/RESULTS.md).
MIN_KEPT_REGIONS, KEPT_PER_REGION = 24, 3
#: Share of the time left after the LP that goes to the restricted MIP; the rest improves the global bound.
#: 1k x 300, 120 s, one run each (benchmarks/RESULTS.md): 0.5 -> 1.61 %, 0.3 -> 1.46 %, 0.15 -> 1.66 % global gap.
RESTRICTED_SHARE = 0.3
#: The full-MIP phase runs only if it gets at least this many times the LP relaxation's seconds (it re-solves
#: the root LP first); otherwise the restricted MIP keeps the time (5k x 1,000: the LP alone takes 1-2 minutes).
FULL_MIP_MIN_LP_TIMES = 2.0
#: Relative gap the two restricted MIPs (pick, then plan) are solved to: tighter than a user's usual 1 %, since the
#: plan's quality bounds the global gap from above (1k x 300: plan 5,919.1 at 1 %, 5,887.0 at 0.1 %).
RESTRICTED_GAP = 1e-3
#: Seconds before the end of the budget at which the full-MIP process stops, to report its bound and plan.
CHILD_MARGIN_S = 1.0
#: When the restricted MIP is the last phase in this process it stops this much before the budget ends (the
#: smaller of the two): HiGHS overran its limit by 3.6 s (5,000 sites) and 4.8 s (1,000 sites) (RESULTS.md).
END_MARGIN_S, END_MARGIN_SHARE = 8.0, 0.04
#: The LP relaxation gets at most this share of the budget; if it has not finished by then, regions are ranked
#: standalone (:mod:`siting.solve.ranking`) so that a plan is still found (20,000 sites: the LP did not finish
#: in 30 minutes). 5,000 sites, 300 s: the LP takes 127-171 s, under the 210 s this leaves it.
LP_MAX_SHARE = 0.7


def solve_with_strategy(model: pyo.ConcreteModel, data: ModelData, options: SolveOptions | None = None,
                        strategy: str = "auto", *, keep_regions: int | None = None,
                        restricted_share: float = RESTRICTED_SHARE, rows: RowRecord | None = None,
                        progress: Callable[[str], None] | None = None) -> tuple[SolveResult, PersistentSolver]:
    """Solve ``model`` (built from ``data``, with the ``rows`` its build recorded) with ``strategy`` in
    ``options.time_limit_s`` seconds in all.

    ``progress`` receives one line as each phase starts, with the bound and plan known so far (``siting run``
    shows it beside its spinner: a national run spends minutes in this function).

    Returns the result of the whole strategy (objective = best plan, bound = proven global bound, gap against
    it) and the persistent solver, with the best plan loaded into the model. ``result.extra`` holds each
    phase: ``lp_bound``, ``restricted_objective``, ``restricted_bound``, ``restricted_gap`` (vs the restricted
    bound, NOT a global statement), ``full_bound``, ``global_bound``, ``global_gap`` and the seconds of each phase.
    """
    options = options or SolveOptions()
    if strategy == "auto":
        strategy = "monolithic" if len(data.site_ids) <= MONOLITHIC_MAX_SITES else "screened"
    say = progress or (lambda _line: None)
    say("handing the model to HiGHS")
    solver = PersistentSolver(model, options, rows=rows)
    if strategy == "monolithic":
        say(f"MIP ({options.time_limit_s:.0f} s at most)")
        result = solver.solve()
        result.extra.update(strategy="monolithic", global_bound=result.bound, global_gap=result.gap)
        return result, solver
    if strategy != "screened":
        raise ValueError(f"unknown solver strategy {strategy!r}; use 'auto', 'monolithic' or 'screened'")
    return _screened(solver, model, data, options, keep_regions, restricted_share, say), solver


def lp_relaxation(solver: PersistentSolver, time_limit_s: float) -> tuple[float | None, np.ndarray | None, float]:
    """Optimum and column values of the LP relaxation (integrality restored afterwards), and its seconds.

    The bound is returned only when HiGHS proved the LP optimal: a time-limited LP value is not a bound.
    :attr:`PersistentSolver.lp_timed_out` tells a time limit from an LP that has no optimum.
    """
    h = solver.highs
    idx = solver.integer_columns
    t0 = time.perf_counter()
    h.changeColsIntegrality(len(idx), idx, np.full(len(idx), highspy.HighsVarType.kContinuous))
    solver.set_options(time_limit_s, solver.options.mip_gap)
    try:
        solver.run()
        status = h.getModelStatus()
        ok = status == highspy.HighsModelStatus.kOptimal
        solver.lp_timed_out = status == highspy.HighsModelStatus.kTimeLimit
        bound = h.getInfo().objective_function_value + solver.floor if ok else None
        values = np.asarray(h.getSolution().col_value) if ok else None
    finally:
        h.changeColsIntegrality(len(idx), idx, np.full(len(idx), highspy.HighsVarType.kInteger))
    return bound, values, time.perf_counter() - t0


def rank_regions(model: pyo.ConcreteModel, data: ModelData, solver: PersistentSolver, lp_values: np.ndarray
                 ) -> list[int]:
    """Regions by the IT MW the LP runs in them in the last year (ties: LP ``z``), best first.

    The LP spreads ``z`` thinly over many regions (sum z ~ 3 for K = 8 on the synthetic 1,000-site instance),
    so MW is the more telling signal of where the national optimum wants load."""
    z = lp_values[solver.columns([model.z[g] for g in model.G])]
    last = len(data.years) - 1
    x_cols = solver.columns([model.x[s, last] for s in model.S])
    mw = np.bincount(np.asarray(data.site_region), weights=lp_values[x_cols], minlength=len(data.region_ids))
    return sorted(range(len(z)), key=lambda g: (-round(float(mw[g]), 3), -float(z[g])))


def _set_integrality(solver: PersistentSolver, variables: list[Any], integer: bool) -> None:
    """Change integrality in HiGHS only (Pyomo's domains are untouched; restore before returning)."""
    if not variables:
        return
    idx = solver.columns(variables)
    kind = highspy.HighsVarType.kInteger if integer else highspy.HighsVarType.kContinuous
    solver.highs.changeColsIntegrality(len(idx), idx, np.full(len(idx), kind))


def _screened(solver: PersistentSolver, model: pyo.ConcreteModel, data: ModelData, options: SolveOptions,
              keep_regions: int | None, restricted_share: float, say: Callable[[str], None]) -> SolveResult:
    """The phases in this process, and the full MIP in another one when a second core is there to run it."""
    job = None
    if options.threads >= 2 and can_run():
        try:
            job = FullMip(solver.highs, solver.integer_columns, max(1.0, options.time_limit_s - CHILD_MARGIN_S),
                          options.mip_gap, options.seed, options.highs_options)
        except OSError:  # no process could be started here (limits, sandbox): the phases below do it all
            job = None
        else:
            solver.options = replace(options, threads=options.threads - 1)  # one core each
    try:
        return _phases(solver, model, data, options, keep_regions, restricted_share, say, job)
    finally:
        solver.options = options
        if job is not None:
            job.close()


class _Clock:
    """The strategy's time budget, from its start."""

    def __init__(self, budget_s: float) -> None:
        self.budget = budget_s
        self.start = time.perf_counter()

    def left(self) -> float:
        return self.budget - (time.perf_counter() - self.start)

    def spent(self) -> float:
        return time.perf_counter() - self.start


def _phases(solver: PersistentSolver, model: pyo.ConcreteModel, data: ModelData, options: SolveOptions,
            keep_regions: int | None, restricted_share: float, say: Callable[[str], None],
            job: FullMip | None) -> SolveResult:
    clock = _Clock(options.time_limit_s)
    extra: dict[str, Any] = {"strategy": "screened"}
    # (i) LP relaxation: global bound + ranking
    say("LP relaxation (the global bound)")
    lp_bound, lp_values, lp_s = lp_relaxation(solver, LP_MAX_SHARE * clock.budget)
    extra.update(lp_bound=lp_bound, lp_s=lp_s)
    if solver.interrupted:  # Ctrl+C during the LP: no plan, and nothing more is solved
        return SolveResult("no_solution", None, lp_bound, None, solver.handoff_s, clock.spent(),
                           "screened (Interrupted by user during the LP relaxation)", options.mip_gap, extra)
    if lp_values is None and solver.lp_timed_out:  # too big for its LP: rank without it, keep the other process
        say(f"LP relaxation unfinished in {lp_s:.0f} s: regions ranked standalone")
        ranking = standalone_rank(data)
        extra.update(ranking="standalone")
    elif lp_values is None:
        if job is not None:
            job.close()  # the full MIP below is the same solve
            solver.options = options
        result = solver.solve(time_limit_s=max(1.0, clock.left()))
        result.extra.update(extra, global_bound=result.bound, global_gap=result.gap)
        return result
    else:
        ranking = rank_regions(model, data, solver, lp_values)
    lp_text = "no LP bound" if lp_bound is None else f"LP bound {lp_bound:,.1f}"
    n_keep = keep_regions or max(MIN_KEPT_REGIONS, KEPT_PER_REGION * (data.max_regions or 0))
    # (ii) restricted MIPs over the best regions: the incumbent
    restricted, freed, skip_full = _restricted(solver, model, data, options, ranking, n_keep, restricted_share,
                                               lp_s, job, clock, extra, say, lp_text)
    h = solver.highs
    start = h.getSolution() if restricted.has_solution else None
    best_values = np.asarray(start.col_value) if start is not None else None
    # (iii) full MIP from the incumbent: its dual bound is global
    solver.unfix_variables(freed)
    plan = "no plan yet" if restricted.objective is None else f"plan {restricted.objective:,.1f}"
    full, full_values = _full(solver, options, job, clock, extra, say, skip_full, start, f"{plan}, {lp_text}")
    return _best(solver, options, clock, extra, lp_bound, restricted, full, full_values, best_values)


def _restricted(solver: PersistentSolver, model: pyo.ConcreteModel, data: ModelData, options: SolveOptions,
                ranking: list[int], n_keep: int, restricted_share: float, lp_s: float, job: FullMip | None,
                clock: _Clock, extra: dict[str, Any], say: Callable[[str], None], lp_text: str
                ) -> tuple[SolveResult, list[Any], bool]:
    """(a) Every region outside the ``n_keep`` best fixed out, ``v`` and ``r`` relaxed: the MIP over ``z`` picks
    the regions; (b) those fixed, ``v`` and ``r`` binary again: a plan of the full model. Returns the plan, the
    ``z`` columns to free again afterwards, and whether the full MIP in this process is skipped."""
    free = [g for g in ranking if not model.z[g].fixed]
    kept, dropped = free[:n_keep], free[n_keep:]
    extra.update(regions_kept=len(kept), regions_dropped=len(dropped))
    solver.fix_variables(ComponentMap((model.z[g], 0) for g in dropped))
    relaxed = [*model.v.values(), *model.r.values()] if data.grid else []
    restricted_gap = min(RESTRICTED_GAP, options.mip_gap)
    _set_integrality(solver, relaxed, integer=False)
    say(f"choosing regions among the {len(kept)} best ({lp_text})")
    try:
        pick = solver.solve(time_limit_s=max(1.0, 0.5 * restricted_share * clock.left()), mip_gap=restricted_gap)
    finally:
        _set_integrality(solver, relaxed, integer=True)
    extra.update(pick_objective=pick.objective, pick_s=pick.solve_s, pick_status=pick.status)
    fixed_z = [model.z[g] for g in kept]
    if pick.has_solution:
        solver.fix_variables(ComponentMap((model.z[g], round(model.z[g].value or 0.0)) for g in kept))
    else:
        fixed_z = []
    # The full MIP (iii) first re-solves the root LP; when the time it would get is under FULL_MIP_MIN_LP_TIMES x
    # the LP's own time it cannot lift the bound above the LP's, so the restricted MIP takes all the time left.
    skip_full = job is not None or (1.0 - restricted_share) * clock.left() < FULL_MIP_MIN_LP_TIMES * lp_s
    if solver.interrupted:  # Ctrl+C while choosing regions: no plan yet, and nothing more is solved
        restricted = SolveResult("no_solution", None, None, None, solver.handoff_s, 0.0, "Interrupted by user",
                                 restricted_gap)
    else:
        say(f"plan over the chosen regions ({lp_text})")
        last = clock.left() - min(END_MARGIN_S, END_MARGIN_SHARE * clock.budget)  # HiGHS may overrun a little
        restricted = solver.solve(time_limit_s=max(1.0, last if skip_full else restricted_share * clock.left()),
                                  mip_gap=restricted_gap)
    extra.update(full_skipped=skip_full, restricted_objective=restricted.objective, restricted_bound=restricted.bound,
                 restricted_gap=restricted.gap, restricted_s=restricted.solve_s,
                 restricted_status=restricted.status)
    return restricted, [model.z[g] for g in dropped] + fixed_z, skip_full


def _full(solver: PersistentSolver, options: SolveOptions, job: FullMip | None, clock: _Clock,
          extra: dict[str, Any], say: Callable[[str], None], skip_full: bool, start: Any, known: str
          ) -> tuple[SolveResult | None, np.ndarray | None]:
    """The full MIP's result (its bound is global) and, when it ran in the other process, its plan's column
    values (a full MIP run here loads its own)."""
    if clock.left() > 1.0 and not skip_full and not solver.interrupted:
        if start is not None:
            solver.highs.setSolution(start)
        say(f"full MIP: lifting the bound ({known})")
        full = solver.solve(time_limit_s=clock.left())
        extra.update(full_objective=full.objective, full_bound=full.bound, full_s=full.solve_s,
                     full_status=full.status)
        return full, None
    if job is None or solver.interrupted:
        return None, None
    say(f"full MIP on the second core: its bound ({known})")
    t_wait = time.perf_counter()
    try:
        other = job.result(wait_s=max(0.0, clock.left()) + GRACE_S)
    except KeyboardInterrupt:  # Ctrl+C while waiting: keep the plan found here, as in any phase
        solver.interrupted, other = True, None
    if other is None:
        return None, None
    # the other process reports HiGHS's values: the objective less its floor
    other = replace(other, objective=None if other.objective is None else other.objective + solver.floor,
                    bound=None if other.bound is None else other.bound + solver.floor)
    extra.update(full_objective=other.objective, full_bound=other.bound, full_status=other.status,
                 full_nodes=other.nodes, full_s=clock.spent(), full_concurrent=True,
                 full_wait_s=time.perf_counter() - t_wait)
    return SolveResult(other.status, other.objective, other.bound, None, solver.handoff_s, clock.spent(),
                       other.status, options.mip_gap), other.values


def _best(solver: PersistentSolver, options: SolveOptions, clock: _Clock, extra: dict[str, Any],
          lp_bound: float | None, restricted: SolveResult, full: SolveResult | None,
          full_values: np.ndarray | None, best_values: np.ndarray | None) -> SolveResult:
    """The better plan of the restricted and the full MIP, loaded into the model, against the global bound
    (the larger of the LP's and the full MIP's)."""
    bounds = [b for b in (lp_bound, full.bound if full else None) if b is not None and math.isfinite(b)]
    global_bound = max(bounds) if bounds else None
    objective = restricted.objective
    if full is not None and full.objective is not None and (objective is None or full.objective < objective):
        objective = full.objective
        if full_values is not None:
            solver.load_values(full_values)
    elif best_values is not None:
        solver.load_values(best_values)
    gap = relative_gap(objective, global_bound, solver.floor)
    extra.update(global_bound=global_bound, global_gap=gap, lp_gap=relative_gap(objective, lp_bound, solver.floor))
    status = "no_solution" if objective is None else ("optimal" if gap is not None and gap <= options.mip_gap
                                                      else "interrupted" if solver.interrupted else "time_limit")
    phase = "Interrupted by user" if solver.interrupted else extra.get("full_status", restricted.status)
    return SolveResult(status, objective, global_bound, gap, solver.handoff_s, clock.spent(),
                       f"screened ({phase})", options.mip_gap, extra, floor=solver.floor)

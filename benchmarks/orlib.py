"""Proof against published optima: solve OR-Library ``cap*`` instances through the project's model code.

With one year, no grid/water/decarbonised layers and demand nodes as customers, the siting model is the
classic capacitated facility location problem, so the project's code must reproduce Beasley's optima
(``capopt.txt``). One line per (instance, capacity); exit code 1 if any does not match to a relative 1e-6.

    python benchmarks/orlib.py tests/data/orlib-cap/instances/cap41.txt
    python benchmarks/orlib.py tests/data/orlib-cap/instances/capa.txt --capacity 8000 --gap 1e-7
    python benchmarks/orlib.py tests/data/orlib-cap/instances/capb.txt --all-capacities --time-limit 300
    python benchmarks/orlib.py tests/data/orlib-cap/instances/cap[abc].txt --all-capacities --fixing --gap 1e-6

``--fixing`` (:func:`solve_with_fixing`) is the route that proves capa/capb/capc in seconds: Lagrangian bounds,
a small core solve for a starting plan, facilities fixed by the bounds against that plan, then the proof by
HiGHS on what is left (benchmarks/RESULTS-orlib.md).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import highspy
import numpy as np

from benchmarks.orlib_cfl import (
    LagrangianBounds,
    OrlibInstance,
    lagrangian_bounds,
    lagrangian_pairs,
    orlib_model_data,
    read_orlib,
)
from siting.errors import SitingError
from siting.model.build import build_model
from siting.solve.highs import PersistentSolver, SolveOptions, SolveResult, raise_for_status, solve_model
from siting.units import is_on

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CAPOPT = REPO / "tests" / "data" / "orlib-cap" / "capopt.txt"
TOLERANCE = 1e-6
#: --formulation: the switches of orlib_model_data (default: all three cuts, as orlib_model_data itself).
FORMULATIONS = {
    "strong+cover+count": {"strong_linking": True, "capacity_cover_cut": True, "min_region_count_cut": True},
    "strong+cover": {"strong_linking": True, "capacity_cover_cut": True, "min_region_count_cut": False},
    "strong": {"strong_linking": True, "capacity_cover_cut": False, "min_region_count_cut": False},
    "cover": {"strong_linking": False, "capacity_cover_cut": True, "min_region_count_cut": False},
    "weak": {"strong_linking": False, "capacity_cover_cut": False, "min_region_count_cut": False},
}
HEADER = (f"{'instance':<10} {'capacity':>9} {'objective':>16} {'published':>16} {'rel.diff':>9} "
          f"{'status':<10} {'gap':>9} {'prep s':>7} {'build s':>8} {'hand-off s':>10} {'solve s':>8} {'total s':>8} "
          f"{'runs':>4} {'load':>9} formulation")


@dataclass
class Row:
    name: str
    capacity: float | None
    result: SolveResult
    published: float | None
    build_s: float
    handoff_s: float
    solve_s: float
    runs: int
    formulation: str
    prep_s: float = 0.0  # --fixing: Lagrangian rounds + core solve before the final model is built
    load: str = ""  # 1-minute load average before / after (the machine is shared)

    @property
    def rel_diff(self) -> float | None:
        if self.result.objective is None or self.published is None:
            return None
        return abs(self.result.objective - self.published) / abs(self.published)

    @property
    def matched(self) -> bool:
        return self.rel_diff is not None and self.rel_diff <= TOLERANCE

    def line(self) -> str:
        def num(v: float | None, fmt: str) -> str:
            return "-" if v is None else format(v, fmt)

        cap = "-" if self.capacity is None else f"{self.capacity:g}"
        r = self.result
        return (f"{self.name:<10} {cap:>9} {num(r.objective, '16.3f')} {num(self.published, '16.3f')} "
                f"{num(self.rel_diff, '9.1e')} {r.status:<10} {num(r.gap, '9.1e')} {self.prep_s:7.2f} "
                f"{self.build_s:8.2f} {self.handoff_s:10.2f} {self.solve_s:8.2f} {self.total_s:8.2f} {self.runs:4d} "
                f"{self.load:>9} {self.formulation}")

    @property
    def total_s(self) -> float:
        return self.prep_s + self.build_s + self.handoff_s + self.solve_s


def read_capopt(path: Path) -> dict[str, list[tuple[float, float]]]:
    """``capopt.txt`` as {instance: [(capacity, optimum), ...]} in file order."""
    table: dict[str, list[tuple[float, float]]] = {}
    for line in path.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _m, _n, cap, opt = line.split()
            table.setdefault(name, []).append((float(cap), float(opt)))
    return table


def file_capacity(path: Path) -> float | None:
    """The capacity written in the file (the first facility's), or None if it is the word ``capacity``."""
    token = path.read_text().split()[2]
    return None if token.lower() == "capacity" else float(token)


#: HiGHS options of the final proof in solve_with_fixing: it starts from the core plan, so primal heuristics
#: (40 s of sub-MIPs on capb @ 6000 that found nothing better) are switched off.
PROOF_HIGHS: dict[str, object] = {
    "mip_heuristic_effort": 0.0, "mip_heuristic_run_rins": False, "mip_heuristic_run_rens": False,
    "mip_heuristic_run_root_reduced_cost": False, "mip_heuristic_run_feasibility_jump": False,
}


@dataclass
class Fixing:
    """What :func:`solve_with_fixing` did before the final proof."""

    bound: float  # best Lagrangian bound
    incumbent: float  # objective of the starting plan
    closed: int
    opened: int
    prep_s: float  # Lagrangian rounds + core solve (wall)
    lagrangian_s: float  # both Lagrangian rounds
    core_s: float  # core solve incl. its build and hand-off


def _start_from(solver: PersistentSolver, region_ids: list[str], open_ids: set[str]) -> None:
    """Hand HiGHS a starting plan: z of every facility (HiGHS completes y, x by an LP with z fixed)."""
    zs = [(var, 1.0 if region_ids[g] in open_ids else 0.0) for g, var in solver.model.z.items()]
    cols = solver.columns(var for var, _ in zs)
    solver.highs.setSolution(len(cols), cols, np.asarray([val for _, val in zs], dtype=float))


def solve_with_fixing(inst: OrlibInstance, options: SolveOptions, switches: dict[str, bool],
                      core_size: int = 12, core_time_s: float = 30.0, core_gap: float = 1e-3,
                      final_highs: dict[str, object] | None = None,
                      sparse_linking: bool = True) -> tuple[SolveResult, Fixing, float, float]:
    """Lagrangian bounds, a core solve for an incumbent, fix facilities, then the proof by HiGHS.

    1. :func:`lagrangian_bounds` gives, for every facility, a lower bound on every plan that opens it and one
       on every plan that keeps it closed (plus multipliers and a rounded plan).
    2. Core solve: the instance restricted to the max(``core_size``, 2p) facilities with the lowest
       open-bound (plus the rounded plan's), solved through the project's model to ``core_gap`` within
       ``core_time_s``. It is only a primal heuristic: its plan is feasible for the full instance, so its
       objective U is an upper bound on the optimum.
    3. A second Lagrangian round aims its steps at U (bounds of both rounds are valid; the larger is kept).
       Facilities whose open-bound exceeds U are left out of the model, those whose closed-bound exceeds U are
       forced in (:meth:`LagrangianBounds.fixing`). Why this keeps the proof: every plan that opens a left-out
       facility costs more than U, and U is attained by the core plan, which the reduced model still contains
       (its facilities' open-bounds are <= U). So the optimum of the reduced model is the optimum of the
       instance, and HiGHS proving the reduced model optimal (status optimal, gap <= ``options.mip_gap``)
       proves the instance's optimum.
    4. The final model has the strong linking row only on the pairs with a Lagrangian reduced cost below 5 % of mu
       (``sparse_linking``, :func:`lagrangian_pairs`; any subset of these valid rows is valid): on capb @ 6000
       6,534 rows instead of 40,081 for a root bound 3e-6 lower. The minimum-facility-count cut stays on.
       HiGHS starts from the core plan with its primal heuristics off (``PROOF_HIGHS``, or ``final_highs``).

    Returns (result of the final solve, what was fixed, build s, hand-off s of the final model).
    """
    if sparse_linking:  # link_pairs replace the strong linking rows of every pair
        switches = {k: v for k, v in switches.items() if k != "strong_linking"}
    if final_highs is None:
        final_highs = dict(PROOF_HIGHS)
    t0 = time.perf_counter()
    lag = lagrangian_bounds(inst)
    ranked = sorted(range(len(inst.capacity)), key=lambda i: lag.if_open[i])
    core = set(ranked[:max(core_size, 2 * lag.min_open)]) | set(lag.upper_open)
    t_core = time.perf_counter()
    linked = lagrangian_pairs(inst, lag.multipliers) if sparse_linking else None
    core_data = orlib_model_data(inst, [i for i in ranked if i not in core], linked=linked, **switches)
    model, core_rows = build_model(core_data)
    core_opts = SolveOptions(time_limit_s=core_time_s, mip_gap=core_gap, threads=options.threads,
                             seed=options.seed, highs_options=dict(options.highs_options))
    core_res, _ = solve_model(model, core_opts, rows=core_rows)
    core_s = time.perf_counter() - t_core
    upper, open_ids = lag.upper, {f"facility-{i + 1}" for i in lag.upper_open}
    if core_res.objective is not None and core_res.objective < upper:
        upper = core_res.objective
        open_ids = {core_data.region_ids[g] for g in model.G if is_on(model.z[g].value)}
    lag2 = lagrangian_bounds(inst, target=upper, iterations=400, start=lag.multipliers)
    merged = LagrangianBounds(max(lag.bound, lag2.bound),
                              [max(a, b) for a, b in zip(lag.if_open, lag2.if_open, strict=True)],
                              [max(a, b) for a, b in zip(lag.if_closed, lag2.if_closed, strict=True)],
                              lag.min_open, upper, [], lag2.multipliers, lag.iterations + lag2.iterations, 0.0)
    closed, opened = merged.fixing(upper)
    prep_s = time.perf_counter() - t0
    t1 = time.perf_counter()
    linked = lagrangian_pairs(inst, lag2.multipliers) if sparse_linking else None
    data = orlib_model_data(inst, closed, opened, linked=linked, **switches)
    final, final_rows = build_model(data)
    build_s = time.perf_counter() - t1
    final_opts = SolveOptions(time_limit_s=options.time_limit_s, mip_gap=options.mip_gap, threads=options.threads,
                              seed=options.seed, log=options.log,
                              highs_options={**final_highs, **options.highs_options})
    solver = PersistentSolver(final, final_opts, rows=final_rows)
    _start_from(solver, data.region_ids, open_ids)
    result = solver.solve()
    raise_for_status(result)
    return result, Fixing(merged.bound, upper, len(closed), len(opened), prep_s,
                                  lag.seconds + lag2.seconds, core_s), build_s, solver.handoff_s


def run(path: Path, capacity: float | None, shown: float | None, published: float | None, formulation: str,
        options: SolveOptions, repeat: int, fixing: dict[str, float] | None = None) -> Row:
    """Solve one (instance, capacity) ``repeat`` times through the project's code; times are medians."""
    load_before = _load()
    inst = read_orlib(path, capacity)
    preps, builds, handoffs, solves = [], [], [], []
    result: SolveResult | None = None
    label = formulation
    for _ in range(repeat):
        if fixing is not None:
            result, fx, build_s, handoff_s = solve_with_fixing(inst, options, FORMULATIONS[formulation], **fixing)
            preps.append(fx.prep_s)
            builds.append(build_s)
            handoffs.append(handoff_s)
            label = (f"{formulation}+fixing ({fx.closed} closed, {fx.opened} opened; "
                     f"Lagrangian {fx.lagrangian_s:.1f} s, core {fx.core_s:.1f} s)")
        else:
            t0 = time.perf_counter()
            model, rows = build_model(orlib_model_data(inst, **FORMULATIONS[formulation]))
            builds.append(time.perf_counter() - t0)
            result, _ = solve_model(model, options, rows=rows)
            handoffs.append(result.handoff_s)
            preps.append(0.0)
        solves.append(result.solve_s)
    assert result is not None
    return Row(inst.name, shown, result, published, statistics.median(builds), statistics.median(handoffs),
               statistics.median(solves), repeat, label, statistics.median(preps), f"{load_before}/{_load()}")


def _load() -> str:
    """1-minute load average (Linux), '?' elsewhere."""
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "?"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("files", nargs="+", type=Path, metavar="FILE", help="OR-Library cap* instance files")
    p.add_argument("--capacity", type=float, help="capacity of every facility (required for capa/capb/capc)")
    p.add_argument("--all-capacities", action="store_true", help="every capacity listed in capopt.txt")
    p.add_argument("--time-limit", type=float, default=300.0, help="seconds per solve (default 300)")
    p.add_argument("--gap", type=float, default=1e-7, help="relative MIP gap to prove (default 1e-7)")
    p.add_argument("--repeat", type=int, default=1, help="runs per pair; times are medians (default 1)")
    p.add_argument("--threads", type=int, default=2, help="HiGHS threads (default 2)")
    p.add_argument("--formulation", choices=FORMULATIONS, default="strong+cover+count",
                   help="switches of orlib_model_data (default strong+cover+count, its own default)")
    p.add_argument("--fixing", action="store_true",
                   help="Lagrangian bounds + core solve, fix facilities, then prove (solve_with_fixing)")
    p.add_argument("--core-size", type=int, default=12,
                   help="--fixing: facilities in the core solve, at least 2p (default 12)")
    p.add_argument("--core-gap", type=float, default=1e-3, help="--fixing: MIP gap of the core solve (default 1e-3)")
    p.add_argument("--core-time", type=float, default=30.0, help="--fixing: core solve time limit s (default 30)")
    p.add_argument("--capopt", type=Path, default=DEFAULT_CAPOPT, help="published optima (capopt.txt)")
    p.add_argument("--highs", action="append", default=[], metavar="NAME=VALUE",
                   help="extra HiGHS option, e.g. --highs mip_heuristic_effort=0.3 (repeatable)")
    args = p.parse_args(argv)
    if args.capacity is not None and args.all_capacities:
        p.error("give --capacity or --all-capacities, not both")
    capopt = read_capopt(args.capopt)
    extra = {}
    for item in args.highs:
        name, _, value = item.partition("=")
        extra[name] = float(value) if value.replace(".", "", 1).replace("e-", "", 1).isdigit() else value
    options = SolveOptions(time_limit_s=args.time_limit, mip_gap=args.gap, threads=args.threads,
                           highs_options=extra)

    fixing = None
    if args.fixing:
        fixing = {"core_size": args.core_size, "core_gap": args.core_gap, "core_time_s": args.core_time}
    highspy.Highs()  # HiGHS prints its banner once per process: before the table, not inside it
    print(HEADER, flush=True)
    matched = failed = 0
    for path in args.files:
        listed = capopt.get(path.stem, [])
        if args.all_capacities:
            caps: list[float | None] = [c for c, _ in listed] or [args.capacity]
        else:
            caps = [args.capacity]
        for cap in caps:
            key = cap if cap is not None else file_capacity(path)
            published = next((opt for c, opt in listed if c == key), None)
            try:
                row = run(path, cap, key, published, args.formulation, options, args.repeat, fixing)
            except SitingError as exc:
                print(f"{path.stem:<10} error: {exc}", flush=True)
                failed += 1
                continue
            print(row.line(), flush=True)
            matched, failed = (matched + 1, failed) if row.matched else (matched, failed + 1)
    print(f"{matched} matched to {TOLERANCE:g}, {failed} did not")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

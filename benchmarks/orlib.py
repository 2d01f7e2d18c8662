"""Proof against published optima: solve OR-Library ``cap*`` instances through the project's model code.

With one year, no grid/water/decarbonised layers and demand nodes as customers, the siting model is the
classic capacitated facility location problem, so the project's code must reproduce Beasley's optima
(``capopt.txt``). One line per (instance, capacity); exit code 1 if any does not match to a relative 1e-6.

    python benchmarks/orlib.py ../shared/data/orlib-cap/instances/cap41.txt
    python benchmarks/orlib.py ../shared/data/orlib-cap/instances/capa.txt --capacity 8000 --gap 1e-7
    python benchmarks/orlib.py ../shared/data/orlib-cap/instances/capb.txt --all-capacities --time-limit 300
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import highspy

from siting.errors import SitingError
from siting.model.build import build_model
from siting.model.orlib import orlib_model_data, read_orlib
from siting.solve.highs import SolveOptions, SolveResult, solve_model

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CAPOPT = REPO / ".." / "shared" / "data" / "orlib-cap" / "capopt.txt"
TOLERANCE = 1e-6
#: --formulation: the switches of orlib_model_data (default: both, as orlib_model_data itself).
FORMULATIONS = {
    "strong+cover": {"strong_linking": True, "capacity_cover_cut": True},
    "strong": {"strong_linking": True, "capacity_cover_cut": False},
    "cover": {"strong_linking": False, "capacity_cover_cut": True},
    "weak": {"strong_linking": False, "capacity_cover_cut": False},
}
HEADER = (f"{'instance':<10} {'capacity':>9} {'objective':>16} {'published':>16} {'rel.diff':>9} "
          f"{'status':<10} {'gap':>9} {'build s':>8} {'hand-off s':>10} {'solve s':>8} {'runs':>4} formulation")


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
                f"{num(self.rel_diff, '9.1e')} {r.status:<10} {num(r.gap, '9.1e')} {self.build_s:8.2f} "
                f"{self.handoff_s:10.2f} {self.solve_s:8.2f} {self.runs:4d} {self.formulation}")


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


def run(path: Path, capacity: float | None, shown: float | None, published: float | None, formulation: str,
        options: SolveOptions, repeat: int) -> Row:
    """Solve one (instance, capacity) ``repeat`` times through the project's code; times are medians."""
    inst = read_orlib(path, capacity)
    builds, handoffs, solves = [], [], []
    result: SolveResult | None = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        model = build_model(orlib_model_data(inst, **FORMULATIONS[formulation]))
        builds.append(time.perf_counter() - t0)
        result, _ = solve_model(model, options)
        handoffs.append(result.handoff_s)
        solves.append(result.solve_s)
    assert result is not None
    return Row(inst.name, shown, result, published, statistics.median(builds), statistics.median(handoffs),
               statistics.median(solves), repeat, formulation)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("files", nargs="+", type=Path, metavar="FILE", help="OR-Library cap* instance files")
    p.add_argument("--capacity", type=float, help="capacity of every facility (required for capa/capb/capc)")
    p.add_argument("--all-capacities", action="store_true", help="every capacity listed in capopt.txt")
    p.add_argument("--time-limit", type=float, default=300.0, help="seconds per solve (default 300)")
    p.add_argument("--gap", type=float, default=1e-7, help="relative MIP gap to prove (default 1e-7)")
    p.add_argument("--repeat", type=int, default=1, help="runs per pair; times are medians (default 1)")
    p.add_argument("--threads", type=int, default=2, help="HiGHS threads (default 2)")
    p.add_argument("--formulation", choices=FORMULATIONS, default="strong+cover",
                   help="switches of orlib_model_data (default strong+cover, its own default)")
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
                row = run(path, cap, key, published, args.formulation, options, args.repeat)
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

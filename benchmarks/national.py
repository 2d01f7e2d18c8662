"""National scale: wall seconds and peak memory of every stage, per instance size, each in a FRESH process.

    python benchmarks/national.py run build,solve             # runs the plans (PLANS), appends to national.jsonl
    python benchmarks/national.py run solve1k 3               # the same with 3 repeats (HiGHS seeds 0, 1, 2)
    python benchmarks/national.py worker pyomo 5kx1000        # one measurement (prints one JSON line)
    python benchmarks/national.py report                      # medians as markdown tables (RESULTS.md)

Workers (one process each; imports and a 30-site warm-up happen before any timer starts; memory is
``ru_maxrss`` of the process after the stage, so it includes the interpreter and libraries and what earlier
stages of the same worker hold):

- ``candidates``: the vectorised candidate-attribute code of :mod:`siting.candidates.build` on synthetic
  GeoDataFrames: ``_arcs`` (STRtree, k nearest per site), ``_regions`` (region_by=cluster) and ``_pairs``
  (geodesic RTT per node-site). Layer loading and screening are not included.
- ``pyomo``: ``build_model`` then ``PersistentSolver``. Since the hand-off rewrite the solver compiles the model
  with Pyomo's ``LinearStandardFormCompiler`` and calls ``Highs.passModel`` (records tagged
  ``"handoff": "stdform"``); older records (no tag) measured contrib ``highs`` ``set_instance``, and the old
  ``stdform`` worker measured the compiler alone as a prototype.
- ``direct``: :mod:`benchmarks.studies.direct_highspy` (numpy CSC -> ``passModel``), the floor for build time.
- ``solve``: build, hand-off, :func:`siting.solve.strategy.solve_with_strategy`, then results extraction
  (:func:`siting.results.extract.extract` on synthetic candidates, headroom duals included).
- ``resolve``: build, hand-off, one short solve, then a region forced in and one forced out: the targeted
  update (``fix_variables``) and the re-solve wall time minus HiGHS's own run time (Pyomo's overhead).
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from tests.synthetic import SIZES, geoframes, instance, model_data  # noqa: E402

OUT = REPO / "benchmarks" / "national.jsonl"
#: Tag of new records: the same model and LP as ``stdform+linear+link``, handed off by copying the rows recorded
#: at build time (:mod:`siting.solve.compile`, 2026-11-30) instead of Pyomo's standard-form compiler.
#: Earlier tags: ``stdform+linear+link`` (2026-11-29: the headroom-link family, rows written as one
#: ``LinearExpression`` each, Pyomo's standard-form compiler), ``stdform+linear`` (2026-11-29, before the
#: headroom link), ``stdform`` (2026-11-29: cover rows and national-total column, rows built with ``sum``)
#: and none (contrib ``highs`` set_instance, before the cover rows).
HANDOFF = "records+link"
#: Tags shown in the report, oldest first.
TAGS = ("set_instance", "stdform", "stdform+linear", "stdform+linear+link", HANDOFF)


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _load() -> float:
    return os.getloadavg()[0]


def _warm_up() -> None:
    from siting.model.build import build_model
    from siting.solve.highs import PersistentSolver, SolveOptions

    d = model_data(30, 10, seed=1)
    m, rows = build_model(d)
    PersistentSolver(m, SolveOptions(time_limit_s=5), rows=rows).solve()


def _n_arcs(size: str) -> int:
    return len(model_data(*SIZES[size]).arc_site)


def _timed(fn: Any, *args: Any) -> tuple[Any, float, float]:
    """``fn(*args)``, its wall seconds and its CPU seconds (this process)."""
    t0, c0 = time.perf_counter(), time.process_time()
    out = fn(*args)
    return out, time.perf_counter() - t0, time.process_time() - c0


def worker_pyomo(size: str, **_: Any) -> dict[str, Any]:
    from siting.model.build import build_model
    from siting.solve.highs import PersistentSolver

    d = model_data(*SIZES[size])
    rss0 = _rss_mb()
    (m, rows), build_s, build_cpu = _timed(build_model, d)
    rss_build = _rss_mb()
    solver, handoff_s, handoff_cpu = _timed(lambda: PersistentSolver(m, rows=rows))
    h = solver.highs
    return {"build_s": build_s, "handoff_s": handoff_s, "build_cpu_s": build_cpu, "handoff_cpu_s": handoff_cpu,
            "rss_before_mb": rss0, "rss_build_mb": rss_build,
            "rss_handoff_mb": _rss_mb(), "rows": h.getNumRow(), "cols": h.getNumCol(), "arcs": len(d.arc_site)}


def worker_direct(size: str, **_: Any) -> dict[str, Any]:
    from benchmarks.studies.direct_highspy import build_arrays, pass_model

    d = model_data(*SIZES[size])
    rss0 = _rss_mb()
    dm, build_s, build_cpu = _timed(build_arrays, d)
    h, handoff_s, handoff_cpu = _timed(pass_model, dm)
    return {"build_s": build_s, "build_cpu_s": build_cpu, "handoff_s": handoff_s, "handoff_cpu_s": handoff_cpu,
            "rss_before_mb": rss0, "rss_handoff_mb": _rss_mb(), "rows": h.getNumRow(), "cols": h.getNumCol(),
            "arcs": len(d.arc_site)}


def worker_candidates(size: str, **_: Any) -> dict[str, Any]:
    from siting.candidates import build as cb
    from siting.candidates.fibre import fibre_pairs
    from siting.layers.checks import CheckedLayer
    from siting.layers.load import LayerSet
    from siting.scenario import Scenario

    inst = instance(*SIZES[size])
    g = geoframes(inst)
    layers = LayerSet({k: CheckedLayer(k, Path("synthetic"), "synthetic", g[src], None)  # type: ignore[arg-type]
                       for k, src in (("substations", "substations"), ("demand", "demand"))})
    # default connection radii by voltage class (25-80 km), 4 nearest per site, clusters of sites within 4 km
    sc = Scenario.model_validate({"candidates": {"region_by": "cluster", "cluster_km": 4.0, "max_arcs_per_site": 4},
                                  "network": {"latency_limit_ms": 10.0}})
    sites = g["sites"]
    rss0 = _rss_mb()
    out: dict[str, Any] = {"rss_before_mb": rss0}
    t0 = time.perf_counter()
    arcs = cb.connection_arcs(sites, layers, sc)
    out["arcs_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    _, regions = cb._regions(sites, layers, sc)
    out["regions_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    pairs = fibre_pairs(sites, layers, sc)
    out["pairs_s"] = time.perf_counter() - t0
    out.update(candidates_s=out["arcs_s"] + out["regions_s"] + out["pairs_s"], rss_mb=_rss_mb(), arcs=len(arcs),
               regions=len(regions), pairs=len(pairs))
    return out


def synthetic_candidates(inst: Any) -> tuple[Any, Any]:
    """Candidates and LayerSet matching the instance (for results extraction; not timed)."""
    import pandas as pd

    from siting.candidates import Candidates
    from siting.layers.checks import CheckedLayer
    from siting.layers.load import LayerSet

    d = inst.data
    g = geoframes(inst)
    sites = g["sites"].drop(columns="point")
    sites["region_id"] = [d.region_ids[r] for r in d.site_region]
    regions = pd.DataFrame({"region_id": d.region_ids, "name": d.region_ids, "existing": False})
    arcs = pd.DataFrame({"site_id": [d.site_ids[s] for s in d.arc_site],
                         "substation_id": [d.substation_ids[b] for b in d.arc_sub], "cost_jpy": d.arc_cost_jpy})
    steps = pd.DataFrame({"substation_id": [d.substation_ids[b] for b in d.step_sub], "step": d.step_order,
                          "added_mw": d.step_added_mw, "cost_jpy": d.step_cost_jpy})
    cand = Candidates(sites, regions, arcs, pd.DataFrame(), steps)
    layers = LayerSet({"substations": CheckedLayer("substations", Path("synthetic"), "synthetic", g["substations"],
                                                   None)})
    return cand, layers


def worker_solve(size: str, *, strategy: str = "auto", time_limit: float = 120.0, gap: float = 0.01,
                 seed: int = 0, duals: bool = True, restricted_share: float | None = None,
                 **_: Any) -> dict[str, Any]:
    from siting.model.build import build_model
    from siting.results.extract import extract
    from siting.solve.highs import SolveOptions
    from siting.solve.strategy import solve_with_strategy

    inst = instance(*SIZES[size])
    d = inst.data
    cand, layers = synthetic_candidates(inst)
    t0 = time.perf_counter()
    m, rows = build_model(d)
    build_s = time.perf_counter() - t0
    rss_build = _rss_mb()
    share = {} if restricted_share is None else {"restricted_share": restricted_share}
    res, solver = solve_with_strategy(m, d, SolveOptions(time_limit_s=time_limit, mip_gap=gap, seed=seed), strategy,
                                      rows=rows, **share)
    rss_solve = _rss_mb()
    t0 = time.perf_counter()
    if res.has_solution:  # no plan (20k before the standalone ranking): nothing to extract
        extract(m, d, cand, layers, res, solver, with_duals=duals)
    extract_s = time.perf_counter() - t0 if res.has_solution else None
    extra = {k: v for k, v in res.extra.items() if isinstance(v, int | float | str | type(None))}
    return {"build_s": build_s, "handoff_s": res.handoff_s, "solve_s": res.solve_s, "extract_s": extract_s,
            "rss_build_mb": rss_build, "rss_solve_mb": rss_solve, "rss_mb": _rss_mb(),
            "rss_children_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
            "objective": res.objective,
            "global_bound": res.bound, "global_gap": res.gap, "status": res.status, "strategy": strategy,
            "time_limit": time_limit, "seed": seed, "arcs": len(d.arc_site), **{f"x_{k}": v for k, v in extra.items()}}


def worker_resolve(size: str, *, time_limit: float = 20.0, **_: Any) -> dict[str, Any]:
    from pyomo.common.collections import ComponentMap

    from siting.model.build import build_model
    from siting.solve.highs import PersistentSolver, SolveOptions

    d = model_data(*SIZES[size])
    t0 = time.perf_counter()
    m, rows = build_model(d)
    build_s = time.perf_counter() - t0
    solver = PersistentSolver(m, SolveOptions(time_limit_s=time_limit, mip_gap=0.05), rows=rows)
    first = solver.solve()
    h = solver.highs
    out: dict[str, Any] = {"build_s": build_s, "handoff_s": solver.handoff_s, "first_solve_s": first.solve_s}
    for label, g, value in (("in", 0, 1.0), ("out", 1, 0.0)):
        t0 = time.perf_counter()
        solver.fix_variables(ComponentMap([(m.z[g], value)]))
        out[f"update_{label}_s"] = time.perf_counter() - t0
        run0 = h.getRunTime()  # HiGHS's run clock accumulates over runs: take the difference
        t0 = time.perf_counter()
        res = solver.solve()
        wall = time.perf_counter() - t0
        highs_s = h.getRunTime() - run0
        out[f"resolve_{label}_wall_s"] = wall
        out[f"resolve_{label}_highs_s"] = highs_s
        out[f"resolve_{label}_overhead_s"] = out[f"update_{label}_s"] + wall - highs_s
        out[f"resolve_{label}_status"] = res.status
        solver.unfix_variables([m.z[g]])
    out["arcs"] = len(d.arc_site)
    return out


WORKERS = {"pyomo": worker_pyomo, "direct": worker_direct,
           "candidates": worker_candidates, "solve": worker_solve, "resolve": worker_resolve}

#: (worker, size, repeats, keyword arguments) in the order they run.
PLANS: dict[str, list[tuple[str, str, int, dict[str, Any]]]] = {
    "build": [(w, s, r, {}) for s, r in (("300x100", 3), ("1kx300", 3), ("5kx1000", 2), ("20kx3000", 1))
              for w in ("direct", "pyomo")],
    "candidates": [("candidates", s, 3 if s != "20kx3000" else 1, {}) for s in SIZES],
    "solve": [("solve", "1kx300", 1, {"strategy": "screened", "time_limit": 120.0}),
              ("solve", "5kx1000", 1, {"strategy": "screened", "time_limit": 300.0}),
              ("solve", "300x100", 1, {"strategy": "monolithic", "time_limit": 120.0}),
              ("solve", "300x100", 1, {"strategy": "screened", "time_limit": 120.0})],
    "resolve": [("resolve", s, 1, {}) for s in ("1kx300", "5kx1000")],
    "solve1k": [("solve", "1kx300", 1, {"strategy": "screened", "time_limit": 120.0})],
    "solve5k": [("solve", "5kx1000", 1, {"strategy": "screened", "time_limit": 300.0})],
    # the largest size (2026-11-30): its LP did not finish in 1,800 s, so 1,200 s and the standalone ranking
    "solve20k": [("solve", "20kx3000", 1, {"strategy": "screened", "time_limit": 1200.0})],
}


def run_plan(name: str, repeat: int | None = None) -> None:
    for worker, size, reps, kw in PLANS[name]:
        for rep in range(repeat or reps):
            args = [sys.executable, __file__, "worker", worker, size, json.dumps({**kw, "seed": rep})]
            load = _load()
            proc = subprocess.run(args, capture_output=True, text=True, check=False)
            line = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""
            try:
                rec = json.loads(line)
            except json.JSONDecodeError:
                rec = {"error": proc.stderr[-2000:]}
            rec.update(worker=worker, size=size, rep=rep, load_before=load, load_after=_load(), kw=kw,
                       handoff=HANDOFF)
            with OUT.open("a") as fh:
                fh.write(json.dumps(rec) + "\n")
            print(json.dumps(rec), flush=True)


def _worker_main(worker: str, size: str, kw: dict[str, Any]) -> None:
    import io
    from contextlib import redirect_stdout

    with redirect_stdout(io.StringIO()):
        _warm_up()
        rec = WORKERS[worker](size, **kw)
    print(json.dumps(rec, default=float))


def _med(recs: list[dict[str, Any]], key: str) -> float | None:
    vals = [r[key] for r in recs if r.get(key) is not None]
    return statistics.median(vals) if vals else None


def report(path: Path = OUT) -> str:
    """Markdown tables of the medians per (worker, size), with the load and the log-log slopes vs arcs."""
    import numpy as np

    recs = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    recs = [r for r in recs if "error" not in r]
    lines = ["| size | hand-off | arcs | rows | cols | direct build s | direct passModel s | Pyomo build s | "
             "Pyomo hand-off s | Pyomo B+H / direct B+H (wall) | (CPU) | build µs/arc | hand-off µs/arc | "
             "peak RSS MB Pyomo (after hand-off) | peak RSS MB direct | load (1-min) |",
             "|" + "---|" * 16]
    fit: dict[str, list[tuple[float, float]]] = {"build": [], "handoff": [], "rss": [], "direct": []}
    for impl in TAGS:
        for size in SIZES:
            p = [r for r in recs if r["size"] == size and r["worker"] == "pyomo"
                 and r.get("handoff", "set_instance") == impl]
            dd = [r for r in recs if r["size"] == size and r["worker"] == "direct"]
            dd = [r for r in dd if r.get("handoff", "set_instance") == impl] or dd
            if not p or not dd:
                continue
            arcs = p[0]["arcs"]
            b, hnd = _med(p, "build_s"), _med(p, "handoff_s")
            db, dh = _med(dd, "build_s"), _med(dd, "handoff_s")
            ratio = (b + hnd) / (db + dh)
            bc, hc, dc = _med(p, "build_cpu_s"), _med(p, "handoff_cpu_s"), _med(dd, "build_cpu_s")
            cpu = f"{(bc + hc) / (dc + dh):.0f}x" if None not in (bc, hc, dc) else "—"
            loads = [r["load_before"] for r in p + dd]
            n = f"({len(p)})"
            rss_p, rss_d = _med(p, "rss_handoff_mb"), _med(dd, "rss_handoff_mb")
            lines.append(f"| {size} | {impl} | {arcs:,} | {p[0]['rows']:,} | {p[0]['cols']:,} | {db:.3f} "
                         f"({len(dd)}) | {dh:.3f} | {b:.2f} {n} | {hnd:.2f} {n} | {ratio:.0f}x | {cpu} | "
                         f"{1e6 * b / arcs:.0f} | {1e6 * hnd / arcs:.0f} | {rss_p:.0f} | {rss_d:.0f} | "
                         f"{min(loads):.1f}-{max(loads):.1f} |")
            if impl == HANDOFF:
                fit["build"].append((arcs, b))
                fit["handoff"].append((arcs, hnd))
                fit["rss"].append((arcs, _med(p, "rss_handoff_mb") - _med(p, "rss_before_mb")))
                fit["direct"].append((arcs, db))
    for key, pts in fit.items():
        if len(pts) >= 2:
            x, y = np.log([a for a, _ in pts]), np.log([v for _, v in pts])
            lines.append(f"\nlog-log slope vs arcs ({HANDOFF} hand-off), {key}: {np.polyfit(x, y, 1)[0]:.2f}")
    lines += ["", "| size | candidates s (arcs / regions / pairs) | peak RSS MB | load |", "|---|---|---|---|"]
    for size in SIZES:
        c = [r for r in recs if r["size"] == size and r["worker"] == "candidates"]
        if c:
            lines.append(f"| {size} | {_med(c, 'candidates_s'):.2f} ({_med(c, 'arcs_s'):.2f} / "
                         f"{_med(c, 'regions_s'):.2f} / {_med(c, 'pairs_s'):.2f}) ({len(c)}) | "
                         f"{_med(c, 'rss_mb'):.0f} | {min(r['load_before'] for r in c):.1f}-"
                         f"{max(r['load_before'] for r in c):.1f} |")
    lines += ["", "| size | model / hand-off | strategy, limit | build s | hand-off s | solve s | extract s | "
              "outside solver % | incumbent | LP bound | full-MIP bound | global bound | GLOBAL gap | restricted gap | "
              "peak RSS MB (+ second process) | load |", "|" + "---|" * 16]
    for r in (r for r in recs if r["worker"] == "solve"):
        total = r["build_s"] + r["handoff_s"] + r["solve_s"] + (r["extract_s"] or 0.0)
        outside = 100 * (total - r["solve_s"]) / total

        def f(v: Any, fmt: str = ",.1f") -> str:
            return "—" if v is None else format(v, fmt)

        children = f" + {r['rss_children_mb']:.0f}" if r.get("rss_children_mb") else ""
        tag = {"stdform": "cover / stdform", "stdform+linear+link": "cover+link / linear",
               HANDOFF: "cover+link / records"}.get(r.get("handoff", ""), "before / set_instance")
        lines.append(f"| {r['size']} | {tag} | {r['strategy']}, {r['time_limit']:.0f} s | {r['build_s']:.1f} | "
                     f"{r['handoff_s']:.1f} | {r['solve_s']:.1f} | {f(r['extract_s'])} | {outside:.0f} % | "
                     f"{f(r['objective'])} | {f(r.get('x_lp_bound'))} | {f(r.get('x_full_bound'))} | "
                     f"{f(r['global_bound'])} | {f(r['global_gap'], '.2%')} | {f(r.get('x_restricted_gap'), '.2%')} | "
                     f"{r['rss_mb']:.0f}{children} | {r['load_before']:.1f}-{r['load_after']:.1f} |")
    lines += ["", "| size | hand-off | fresh build + hand-off s | force in: update s / re-solve overhead s | "
              "force out: update s / "
              "re-solve overhead s | overhead / (build + hand-off) | load |", "|---|---|---|---|---|---|---|"]
    for r in (r for r in recs if r["worker"] == "resolve"):
        fresh = r["build_s"] + r["handoff_s"]
        worst = max(r["resolve_in_overhead_s"], r["resolve_out_overhead_s"])
        impl = r.get("handoff", "set_instance")
        lines.append(f"| {r['size']} | {impl} | {fresh:.1f} | {r['update_in_s']:.5f} / "
                     f"{r['resolve_in_overhead_s']:.2f} | "
                     f"{r['update_out_s']:.5f} / {r['resolve_out_overhead_s']:.2f} | {100 * worst / fresh:.1f} % | "
                     f"{r['load_before']:.1f}-{r['load_after']:.1f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else "report"
    if cmd == "worker":
        _worker_main(sys.argv[2], sys.argv[3], json.loads(sys.argv[4]) if len(sys.argv) > 4 else {})
    elif cmd == "run":  # run PLANS [REPEATS]: REPEATS overrides each entry's count (seeds 0 .. REPEATS-1)
        for plan in sys.argv[2].split(","):
            run_plan(plan, int(sys.argv[3]) if len(sys.argv) > 3 else None)
    else:
        print(report())

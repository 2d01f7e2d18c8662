"""Evaluation time per proposal: screening only, and with the portfolio re-solves.

Run:

* ``python benchmarks/evaluate_bench.py [PROPOSALS] [--set KEY=VALUE ...]`` (default: the bundled example):
  screening and portfolio time per proposal;
* ``python benchmarks/evaluate_bench.py --generate N [--seed S] [--stages]``: N synthetic proposals
  (:mod:`benchmarks.proposals_gen`), timed end to end as a user runs them,
  ``siting evaluate FILE --no-portfolio --out DIR`` in a fresh process; ``--stages`` adds the time of each stage
  (read, screen, write) measured in this process.

Results: ``benchmarks/RESULTS-evaluate.md``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.proposals_gen import generate  # noqa: E402
from siting.layers.load import load_layers  # noqa: E402
from siting.proposals.portfolio import evaluate_portfolio  # noqa: E402
from siting.proposals.read import read_proposals  # noqa: E402
from siting.proposals.scorecard import screen  # noqa: E402
from siting.scenario import load_scenario  # noqa: E402


def portfolio_bench(path: Path, overrides: list[str]) -> None:
    sc = load_scenario(REPO / "models" / "reference.toml", overrides)
    t0 = time.perf_counter()
    layers = load_layers(sc)
    t_layers = time.perf_counter() - t0
    t0 = time.perf_counter()
    props = read_proposals(path, layers, sc)
    screen(props, layers, sc)
    t_screen = time.perf_counter() - t0
    n = len(props.proposals)
    t0 = time.perf_counter()
    pf = evaluate_portfolio(layers, props, sc)
    t_pf = time.perf_counter() - t0
    print(f"proposals: {n} ({len(props.rejected_ids)} rejected); layers loaded in {t_layers:.2f} s")
    print(f"screening only: {t_screen:.2f} s total, {t_screen / n:.3f} s per proposal")
    print(f"portfolio: {t_pf:.1f} s total ({pf.resolves} re-solves, base {pf.base.describe()}), "
          f"{t_pf / n:.2f} s per proposal")
    statuses = ", ".join(f"{r.proposal_id}: in {r.status_in} / out {r.status_out}" for r in pf.table.itertuples())
    print(f"re-solve statuses: {statuses}")


def stages(path: Path, folder: Path) -> str:
    """Seconds of each stage of ``siting evaluate --no-portfolio`` (layers, read, screen, write)."""
    from siting.proposals.report import write_evaluation

    sc = load_scenario(REPO / "models" / "reference.toml")
    times = {}
    t0 = time.perf_counter()
    layers = load_layers(sc)
    times["layers"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    props = read_proposals(path, layers, sc)
    times["read"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    screening = screen(props, layers, sc)
    times["screen"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    folder.mkdir()
    write_evaluation(folder, props, screening, None, layers, list(sc.years.planning), "ja", sc.name)
    times["write"] = time.perf_counter() - t0
    return ", ".join(f"{k} {v:.1f} s" for k, v in times.items())


def _children_cpu() -> float:
    import resource

    use = resource.getrusage(resource.RUSAGE_CHILDREN)
    return use.ru_utime + use.ru_stime


def generated_bench(n: int, seed: int, with_stages: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"proposals-{n}.geojson"
        generate(n, seed).to_file(path, driver="GeoJSON")
        cmd = [sys.executable, "-m", "siting", "evaluate", str(path), "--no-portfolio", "--out", str(Path(tmp) / "o")]
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        cpu0 = _children_cpu()
        t0 = time.perf_counter()
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - t0
        cpu = _children_cpu() - cpu0
        if done.returncode != 0:
            print(done.stderr[-2000:])
            raise SystemExit(f"siting evaluate exited with {done.returncode}")
        print(f"siting evaluate --no-portfolio, {n:,} generated proposals (seed {seed}): {wall:.1f} s wall "
              f"({cpu:.1f} s CPU; load average {os.getloadavg()[0]:.1f}), {1000 * wall / n:.1f} ms per proposal")
        if with_stages:
            print(f"  stages in one process: {stages(path, Path(tmp) / 'stages')}")


def main(argv: list[str]) -> None:
    if "--generate" in argv:
        n = int(argv[argv.index("--generate") + 1])
        seed = int(argv[argv.index("--seed") + 1]) if "--seed" in argv else 0
        generated_bench(n, seed, "--stages" in argv)
        return
    path = Path(argv[0]) if argv and not argv[0].startswith("--") else REPO / "models" / "proposals-example.geojson"
    overrides = [a.split("=", 1)[1] if a.startswith("--set=") else a for a in argv if "=" in a]
    portfolio_bench(path, overrides)


if __name__ == "__main__":
    main(sys.argv[1:])

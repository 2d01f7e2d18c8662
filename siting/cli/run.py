"""``siting run``: solve a scenario and write its run folder (tables, GeoPackage, summary, map)."""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from siting.bundled import reference_scenario
from siting.cli.common import console, guarded, short_path
from siting.layers.load import parse_layer_options
from siting.outputs import check_folder, slug
from siting.pipeline import Run, add_alternatives, input_paths, run_scenario
from siting.reports.pareto import write_pareto
from siting.results.write import write_results
from siting.scenario import load_scenario
from siting.solve.pareto import pareto_front
from siting.text import cell

DEFAULT_OUT = Path("runs")


def _bn(jpy: float | None) -> str:
    return "-" if jpy is None else f"{jpy / 1e9:,.1f}"


def print_summary(run: Run, out: Path | None) -> None:
    s = run.results.summary
    years = run.data.years
    regions = run.results.regions[run.results.regions["designated"]]
    table = Table(title=f"Designated GX regions - scenario '{cell(run.scenario.name)}'")
    table.add_column("region")
    table.add_column("area")
    for y in years:
        table.add_column(f"IT MW {y}", justify="right")
    table.add_column("first year", justify="right")
    table.add_column("reinforcement bn JPY", justify="right")
    table.add_column("limited by")
    for r in regions.itertuples():
        fy = "-" if pd.isna(r.first_year) else str(int(r.first_year))
        table.add_row(cell(r.name), cell(r.area), *[f"{getattr(r, f'mw_{y}'):,.0f}" for y in years], fy,
                      _bn(r.reinforcement_cost_jpy), r.limited_by)
    console.print(table)
    terms = Table(title="Objective terms (bn JPY)")
    for k in s["objective_terms_jpy"]:
        terms.add_column(k, justify="right")
    terms.add_column("total", justify="right")
    terms.add_row(*[_bn(v) for v in s["objective_terms_jpy"].values()], _bn(s["objective_jpy"]))
    console.print(terms)
    unserved = ", ".join(f"{y}: {v:,.0f}" for y, v in s["unserved_it_mw_by_year"].items())
    console.print(f"delay: {s['mw_years_delay']:,.0f} MW-years (unserved IT MW by year: {unserved})")
    console.print(f"solver: {s['status_text']}")
    console.print(gap_line(s))
    secs = ", ".join(f"{k} {v:.2f} s" for k, v in s["seconds"].items())
    console.print(f"time: {secs}")
    if "robust_core" in s:
        print_alternatives(run)
    for note in run.checks.notes:
        console.print(f"[yellow]pre-check[/yellow]: {cell(note)}")
    if out is not None:
        console.print(f"results written to {cell(short_path(out))}/")


def gap_line(s: dict) -> str:  # type: ignore[type-arg]
    """Objective, bound, absolute gap and the gap on the avoidable cost, with the floor it is measured from."""
    rel = "n/a" if s.get("mip_gap") is None else f"{100 * s['mip_gap']:.3g} %"
    return (f"gap: objective {_bn(s['objective_jpy'])} bn JPY, bound {_bn(s['bound_jpy'])} bn JPY, absolute gap "
            f"{_bn(s['gap_jpy'])} bn JPY = {rel} of the avoidable cost {_bn(s['avoidable_cost_jpy'])} bn JPY "
            f"(the objective less the unavoidable delay: {s['unavoidable_delay_mw_years']:,.0f} MW-years, "
            f"{_bn(s['unavoidable_delay_jpy'])} bn JPY, in every plan)")


def _names(run: Run, ids: list[str]) -> str:
    names = run.results.regions.set_index("region_id")["name"]
    return ", ".join(str(names.get(r, r)) for r in ids) or "none"


def print_alternatives(run: Run) -> None:
    s = run.results.summary
    alt = run.results.alternatives
    if alt is not None:
        table = Table(title=f"Near-optimal plans within {100 * s['alternatives']['slack']:g} % of the optimum's "
                            "avoidable cost (alternatives.csv)")
        for col in ("plan", "designated new regions", "avoidable bn JPY", "above the optimum"):
            table.add_column(col)
        for r in alt.itertuples():
            table.add_row("optimum" if r.alternative == 0 else str(r.alternative),
                          _names(run, [x for x in str(r.regions).split(";") if x]), _bn(r.avoidable_cost_jpy),
                          f"+{_bn(r.delta_jpy)} bn ({100 * r.delta_share:.2f} %)")
        console.print(table)
    console.print(f"robust core (in every plan): {_names(run, s['robust_core'])}; interchangeable: "
                  f"{_names(run, s['interchangeable'])} ({s['alternatives']['stopped']})")


@guarded
def run(
    scenario: Annotated[Path | None, typer.Argument(help="scenario TOML (default: models/reference.toml)")] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="run folder (default: runs/<scenario name>)")] = None,
    set_: Annotated[list[str] | None, typer.Option("--set", help="override a scenario key: KEY=VALUE")] = None,
    layer: Annotated[list[str] | None, typer.Option("--layer", "-l", help="replace a layer: KIND=PATH")] = None,
    time_limit: Annotated[float | None, typer.Option("--time-limit", help="solver time limit, s")] = None,
    gap: Annotated[float | None, typer.Option("--gap", help="relative MIP gap, e.g. 0.01")] = None,
    threads: Annotated[int | None, typer.Option("--threads", help="solver threads")] = None,
    no_map: Annotated[bool, typer.Option("--no-map", help="do not render the interactive map")] = False,
    pareto: Annotated[int, typer.Option("--pareto", min=0, help="also solve N epsilon-constraint points of the "
                                        "cost-delay front (pareto.csv, pareto.png)")] = 0,
    alternatives: Annotated[int, typer.Option("--alternatives", min=0, help="also find up to N near-optimal plans "
                                              "with other designated regions (alternatives.csv)")] = 0,
    slack: Annotated[float, typer.Option("--slack", min=0.0, help="alternatives stay within this share of the "
                                         "optimum's avoidable cost")] = 0.05,
) -> None:
    """Solve SCENARIO: which GX regions to designate, how many MW each runs by year, which reinforcements."""
    overrides = list(set_ or [])
    if time_limit is not None:
        overrides.append(f"solver.time_limit_s={time_limit}")
    if gap is not None:
        overrides.append(f"solver.mip_gap={gap}")
    if threads is not None:
        overrides.append(f"solver.threads={threads}")
    sc = load_scenario(scenario or reference_scenario(), overrides)
    layer_refs = parse_layer_options(layer or [])
    out = check_folder(out or DEFAULT_OUT / slug(sc.name))  # refused or read-only: said now, not after the solve
    started = datetime.now(UTC).isoformat(timespec="seconds")
    t0 = time.perf_counter()
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=console,
                  transient=True) as bar:
        task = bar.add_task("starting", total=None)
        result = run_scenario(sc, layer_refs, progress=lambda st: bar.update(task, description=st))
        if alternatives and result.solve.status != "interrupted":
            add_alternatives(result, alternatives, slack,
                             progress=lambda line: bar.update(task, description=f"near-optimal plans: {line}"))
        bar.update(task, description="write")
        manifest = {"scenario": sc.model_dump(mode="json"), "overrides": overrides,
                    "layers": {k: str(v.path) for k, v in result.layers.layers.items()},
                    "layer_overrides": {k: v.path for k, v in layer_refs.items()}, "started_utc": started,
                    "status": result.solve.status, "mip_gap": result.solve.gap,
                    "seconds": result.results.summary["seconds"]}
        extras = [] if no_map else [_map(result)]
        points = []
        if pareto and result.solve.status != "interrupted":
            bar.update(task, description=f"Pareto front ({pareto} points)")
            points = pareto_front(result.model, result.data, result.solver, pareto)
            extras.append(lambda folder: write_pareto(points, folder, sc.name))
        write_results(result.results, out, manifest, input_paths(result),
                      extra=lambda folder: [fn(folder) for fn in extras if fn is not None])
    result.results.summary["seconds"]["total"] = time.perf_counter() - t0
    print_summary(result, out)
    if result.solve.status == "interrupted":
        sys.stderr.write("interrupted: the best plan found before Ctrl+C is written above, NOT proven optimal\n")
        raise typer.Exit(130)
    if points:
        table = Table(title="Cost-delay Pareto front (pareto.csv, pareto.png)")
        for col in ("point", "delay MW-years", "cost bn JPY", "regions", "status"):
            table.add_column(col)
        for p in points:
            table.add_row(p.label, f"{p.delay_mw_years:,.0f}", _bn(p.cost_jpy), str(len(p.designated)), p.status)
        console.print(table)


def _map(result: Run):  # type: ignore[no-untyped-def]
    """The map of the run, rendered into the run folder (none until the maps module exists)."""
    try:
        from siting.maps.render import render_run_map
    except ImportError:
        return None

    def write(folder: Path) -> None:
        render_run_map(result, folder / "map.html")

    return write

"""``siting sweep``: solve every scenario of a sweep file on dask and write the robustness tables."""

from __future__ import annotations

import shutil
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.table import Table

from siting.cli.common import Basemap, BasemapOpt, LangOpt, OfflineOpt, console, guarded, short_path
from siting.errors import Problem
from siting.i18n import Lang
from siting.maps.render import PageOptions
from siting.outputs import check_folder, scratch, slug
from siting.sweep import SweepError, load_sweep, region_footprints, robustness, run_sweep, write_sweep
from siting.sweep.runner import SOLVED
from siting.text import cell

DEFAULT_OUT = Path("runs")


def _bn(jpy: float | None) -> str:
    return "-" if jpy is None or pd.isna(jpy) else f"{jpy / 1e9:,.1f}"


def print_sweep(rows: pd.DataFrame, robust: pd.DataFrame, input_cols: list[str], title: str) -> None:
    table = Table(title=f"Scenarios - sweep '{cell(title)}'")
    for col in ("id", *input_cols, "status", "cost bn JPY", "delay MW-years", "regions"):
        table.add_column(col)
    for r in rows.to_dict("records"):
        delay = "-" if pd.isna(r["mw_years_delay"]) else f"{r['mw_years_delay']:,.0f}"
        regions = r["designated_regions"] if r["status"] in SOLVED else r["error"]
        table.add_row(cell(r["scenario_id"]), *[cell(r[c]) for c in input_cols], r["status"], _bn(r["cost_jpy"]),
                      delay, cell(regions))
    console.print(table)
    rob = Table(title="Robustness: how often each region is designated")
    for col in ("region", "name", "area", "designated", "share", "last-year IT MW min / median / max"):
        rob.add_column(col)
    for r in robust[robust["designated_count"] > 0].to_dict("records"):
        rob.add_row(cell(r["region_id"]), cell(r.get("name", "")), cell(r.get("area", "")),
                    f"{r['designated_count']} of {r['scenarios_solved']}", f"{100 * r['designated_share']:.0f} %",
                    f"{r['mw_last_year_min']:,.0f} / {r['mw_last_year_median']:,.0f} / {r['mw_last_year_max']:,.0f}")
    console.print(rob)


@guarded
def sweep(
    sweep_file: Annotated[Path, typer.Argument(metavar="SWEEP", help="sweep TOML (e.g. models/reference-sweep.toml)")],
    out: Annotated[Path | None, typer.Option("--out", "-o", help="sweep folder (default: runs/sweep-<name>)")] = None,
    workers: Annotated[int | None, typer.Option("--workers", "-w", min=0, help="local worker processes "
                                                "(default 2; 0 = serial in this process)")] = None,
    scheduler: Annotated[str | None, typer.Option("--scheduler", help="address of a running dask scheduler, "
                                                  "e.g. tcp://127.0.0.1:8786")] = None,
    time_limit: Annotated[float | None, typer.Option("--time-limit", help="solver time limit per scenario, s")]
    = None,
    write_runs: Annotated[bool, typer.Option("--write-runs", help="also write each scenario's run folder "
                                             "(runs/<scenario id>)")] = False,
    lang: LangOpt = Lang.ja,
    offline: OfflineOpt = False,
    basemap: BasemapOpt = Basemap.pale,
) -> None:
    """Solve every scenario of SWEEP (a grid or Monte Carlo around a base scenario) and write scenarios.csv,
    robustness.csv, cost_delay.png and map.html."""
    if workers is not None and scheduler is not None:
        raise SweepError(Problem("siting sweep", "--workers and --scheduler exclude each other",
                                 "give --workers N for a local cluster or --scheduler ADDRESS for a running one"))
    spec = load_sweep(sweep_file)
    out = check_folder(out or DEFAULT_OUT / f"sweep-{slug(spec.name)}")  # refused or read-only: said now
    footprints = region_footprints(spec)  # also checks the base scenario's layers before any worker starts
    runs_dir = scratch(out, "runs") if write_runs else None
    started = datetime.now(UTC).isoformat(timespec="seconds")
    t0 = time.perf_counter()
    where = f"scheduler {scheduler}" if scheduler else ("serially" if workers == 0 else
                                                        f"{2 if workers is None else workers} local workers")
    console.print(f"sweep '{cell(spec.name)}': {len(spec.scenarios)} scenarios of {cell(short_path(spec.base_path))} "
                  f"on {where}")
    try:
        rows = run_sweep(spec, workers=2 if workers is None else workers, scheduler=scheduler,
                         time_limit_s=time_limit, runs_dir=runs_dir)
        wall_s = time.perf_counter() - t0
        write_sweep(rows, out, spec, footprints, runs_dir=runs_dir,
                    info={"started_utc": started, "wall_s": round(wall_s, 3), "where": where},
                    lang=lang.value, page=PageOptions(offline, basemap.value))
    finally:
        if runs_dir is not None:
            shutil.rmtree(runs_dir, ignore_errors=True)
    inputs = [c for c in rows.columns if "." in c]
    print_sweep(rows, robustness(rows, footprints), inputs, spec.name)
    bad = rows[~rows["status"].isin(SOLVED)]
    if len(bad):
        console.print(f"[yellow]{len(bad)} of {len(rows)} scenarios have no plan[/yellow] "
                      "(status and reason in scenarios.csv, column error)")
    console.print(f"{len(rows)} scenarios in {wall_s:.1f} s; results written to {cell(short_path(out))}/")

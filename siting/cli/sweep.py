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

from siting.cli.common import Basemap, BasemapOpt, OfflineOpt, console, guarded, short_path
from siting.errors import Problem
from siting.i18n import Lang, money_number, money_unit, mw, region_name, tr, value, yes_no
from siting.maps.render import PageOptions
from siting.outputs import check_folder, scratch, slug
from siting.sweep import SweepError, load_sweep, region_footprints, robustness, run_sweep, write_sweep
from siting.sweep.dask_run import check_scheduler
from siting.sweep.runner import SOLVED
from siting.text import cell

DEFAULT_OUT = Path("runs")


def print_sweep(rows: pd.DataFrame, robust: pd.DataFrame, input_cols: list[str], title: str,
                lang: str = "en") -> None:
    """The scenario table and the robustness table (new regions first) in ``lang``: statuses, areas and region
    names translated, money in the language's unit, MW as whole numbers."""
    table = Table(title=tr("sw.title", lang, name=cell(title)))
    unit = money_unit(lang)
    for col in ("sw.id", *input_cols, "sw.status", "sw.cost", "sw.delay", "sw.regions"):
        table.add_column(tr(col, lang, unit=unit) if col.startswith("sw.") else col)
    for r in rows.to_dict("records"):
        regions = r["designated_regions"] if r["status"] in SOLVED else r["error"]
        table.add_row(cell(r["scenario_id"]), *[_input(r[c], lang) for c in input_cols], value(r["status"], lang),
                      money_number(r["cost_jpy"], lang), mw(r["mw_years_delay"]), cell(regions))
    console.print(table)
    rob = Table(title=tr("sw.robust_title", lang))
    for col in ("sw.region", "sw.name", "sw.area", "sw.designated", "sw.share", "sw.mw"):
        rob.add_column(tr(col, lang))
    for r in robust[robust["designated_count"] > 0].to_dict("records"):
        rob.add_row(cell(r["region_id"]), cell(region_name(r.get("name", ""), lang)),
                    cell(value(r.get("area", ""), lang)),
                    tr("sw.of", lang, n=r["designated_count"], m=r["scenarios_solved"]),
                    f"{100 * r['designated_share']:.0f} %",
                    f"{mw(r['mw_last_year_min'])} / {mw(r['mw_last_year_median'])} / {mw(r['mw_last_year_max'])}")
    console.print(rob)


def _input(x: object, lang: str) -> str:
    """An input cell: booleans as yes / no, area names in ``lang``."""
    if isinstance(x, bool):
        return yes_no(x, lang)
    if isinstance(x, list):
        return "[" + ", ".join(value(v, lang) for v in x) + "]"
    return cell(x)


def print_outcome(rows: pd.DataFrame, wall_s: float, out: Path, lang: str = "en") -> None:
    """What became of the scenarios and of the workers, and where the results are."""
    bad = rows[~rows["status"].isin(SOLVED)]
    if len(bad):
        console.print(f"[yellow]{tr('sw.no_plan', lang, bad=len(bad), n=len(rows))}[/yellow]")
    for key, label in (("workers_lost", "sw.lost"), ("workers_joined", "sw.joined")):
        if rows.attrs.get(key):
            console.print(f"[yellow]{tr(label, lang, n=len(rows.attrs[key]), which=cell(', '.join(rows.attrs[key])))}"
                          "[/yellow]")
    console.print(tr("sw.done", lang, n=len(rows), secs=wall_s, path=cell(short_path(out))))


@guarded
def sweep(
    sweep_file: Annotated[Path, typer.Argument(metavar="SWEEP", help="sweep TOML (e.g. models/reference-sweep.toml)")],
    out: Annotated[Path | None, typer.Option("--out", "-o", help="sweep folder (default: runs/sweep-<name>)")] = None,
    workers: Annotated[int | None, typer.Option("--workers", "-w", metavar="N", min=0, help="local worker processes "
                                                "(default 2; 0 = serial in this process)")] = None,
    scheduler: Annotated[str | None, typer.Option("--scheduler", metavar="ADDRESS", help="address of a running "
                                                  "dask scheduler, e.g. tcp://127.0.0.1:8786")] = None,
    time_limit: Annotated[float | None, typer.Option("--time-limit", metavar="S", help="solver time limit per "
                                                     "scenario, s")] = None,
    write_runs: Annotated[bool, typer.Option("--write-runs", help="also write each scenario's run folder "
                                             "(runs/<scenario id>)")] = False,
    lang: Annotated[Lang | None, typer.Option("--lang", help="language of the terminal and the map (default: "
                                              "terminal en, map ja)")] = None,
    offline: OfflineOpt = False,
    basemap: BasemapOpt = Basemap.pale,
) -> None:
    """Solve every scenario of SWEEP (a grid or Monte Carlo around a base scenario) and write scenarios.csv,
    robustness.csv, cost_delay.png and map.html."""
    if workers is not None and scheduler is not None:
        raise SweepError(Problem("siting sweep", "--workers and --scheduler exclude each other",
                                 "give --workers N for a local cluster or --scheduler ADDRESS for a running one"))
    spec = load_sweep(sweep_file)
    if scheduler is not None:
        check_scheduler(scheduler)  # unreachable: said now, not after the layers are loaded
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
                    info={"started_utc": started, "wall_s": round(wall_s, 3), "where": where,
                          **{k: v for k, v in rows.attrs.items() if k.startswith("workers_")}},
                    lang=lang.value if lang else "ja", page=PageOptions(offline, basemap.value))
    finally:
        if runs_dir is not None:
            shutil.rmtree(runs_dir, ignore_errors=True)
    inputs = [c for c in rows.columns if "." in c]
    text = lang.value if lang else "en"
    print_sweep(rows, robustness(rows, footprints), inputs, spec.name, text)
    print_outcome(rows, wall_s, out, text)

"""``siting evaluate``: score municipal GX data-centre proposals and value them in the national portfolio."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from siting.bundled import reference_scenario
from siting.cli.common import Basemap, BasemapOpt, OfflineOpt, console, err_console, guarded, short_path
from siting.errors import InputError
from siting.layers.load import load_layers
from siting.maps.render import PageOptions
from siting.outputs import check_folder, safe_folder
from siting.proposals.portfolio import evaluate_portfolio
from siting.proposals.read import read_proposals
from siting.proposals.report import TEXT, write_evaluation
from siting.proposals.scorecard import screen
from siting.results.write import manifest_fields, write_manifest
from siting.scenario import load_scenario
from siting.text import cell

DEFAULT_OUT = Path("runs/evaluation")


@guarded
def evaluate(
    proposals: Annotated[Path, typer.Argument(help="proposal file: GeoJSON, GeoPackage or CSV (models/PROPOSALS.md)")],
    scenario: Annotated[Path | None, typer.Option("--scenario", "-s", help="scenario TOML (default: the "
                                                  "bundled reference)")] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="output folder")] = DEFAULT_OUT,
    lang: Annotated[str, typer.Option("--lang", help="report language: ja or en")] = "ja",
    no_portfolio: Annotated[bool, typer.Option("--no-portfolio", help="scorecard only; skip the national "
                                               "re-solves")] = False,
    set_: Annotated[list[str] | None, typer.Option("--set", help="override a scenario key: KEY=VALUE")] = None,
    offline: OfflineOpt = False,
    basemap: BasemapOpt = Basemap.pale,
) -> None:
    """Evaluate PROPOSALS against the GX data-centre criteria and their value to the national plan."""
    if lang not in TEXT:
        raise InputError(f"--lang: unknown language '{lang}' -- fix: use ja or en")
    started = datetime.now(UTC).isoformat(timespec="seconds")
    sc = load_scenario(scenario or reference_scenario(), list(set_ or []))
    out = check_folder(out)  # refused or read-only: said before any work
    layers = load_layers(sc)
    props = read_proposals(proposals, layers, sc)
    if props.proposals.empty:
        raise InputError(props.problems or [f"{proposals}: the file has no proposals -- fix: add one row per site"])
    for problem in props.problems:
        err_console.print(f"[yellow]warning[/yellow]: rejected: {cell(problem)}", highlight=False)
    screening = screen(props, layers, sc)
    portfolio = None
    if not no_portfolio:
        n = len(props.proposals)
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=console, transient=True) as bar:
            task = bar.add_task("national optimum", total=n + 1)

            def tick(msg: str, done: int) -> None:
                bar.update(task, description=cell(msg), completed=done)

            portfolio = evaluate_portfolio(layers, props, sc, tick)
    with safe_folder(out, "evaluation") as tmp:
        rank = write_evaluation(tmp, props, screening, portfolio, layers, list(sc.years.planning), lang, sc.name,
                                PageOptions(offline, basemap.value))
        write_manifest(tmp, manifest_fields(sc, list(set_ or []), {k: str(v.path) for k, v in layers.layers.items()},
                                            started, proposals=str(proposals), lang=lang, portfolio=not no_portfolio),
                       [*(v.path for v in layers.layers.values()), Path(proposals)])
    _print(rank, portfolio is not None)
    if props.problems:
        ids = ", ".join(props.rejected_ids) or "rows " + ", ".join(str(r) for r in props.rejected["row"].unique())
        err_console.print(cell(f"warning: {len(props.rejected_ids) or len(props.rejected)} proposal(s) "
                               f"rejected ({ids}); see rejected.csv"), highlight=False)
    console.print(f"evaluation written to {cell(short_path(out))}/")


#: Rows of the ranking shown in the terminal; the whole ranking is in ranking.csv.
SHOWN_ROWS = 30


def _print(rank, with_portfolio: bool) -> None:  # type: ignore[no-untyped-def]
    table = Table(title="GX data-centre proposals")
    more = len(rank) - SHOWN_ROWS
    rank = rank.head(SHOWN_ROWS)
    cols = ["rank", "proposal", "overall", "pass", "warn", "fail", "failed criteria"]
    if with_portfolio:
        cols += ["selected", "value bn JPY"]
    for c in cols:
        table.add_column(c)
    for r in rank.to_dict("records"):
        cells = [str(r["rank"]), cell(r["proposal_id"]), r["overall"], str(r["pass"]), str(r["warn"]),
                 str(r["fail"]), r["failed"]]
        if with_portfolio:
            val = r["portfolio_value_jpy"]
            cells += [str(r["selected"]), "-" if val != val else f"{val / 1e9:+,.1f}"]
        table.add_row(*cells)
    if more > 0:
        table.caption = f"the first {SHOWN_ROWS} of {SHOWN_ROWS + more}; all of them in ranking.csv"
    console.print(table)

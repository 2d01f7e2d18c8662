"""``siting evaluate``: score municipal GX data-centre proposals and value them in the national portfolio."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from siting.bundled import reference_scenario
from siting.cli.common import (
    Basemap,
    BasemapOpt,
    LangOpt,
    OfflineOpt,
    SetOpt,
    console,
    err_console,
    guarded,
    short_path,
)
from siting.errors import InputError
from siting.i18n import Lang, check_lang, money_number, money_unit, tr, value, yes_no
from siting.i18n.problems import problem_text
from siting.layers.load import load_layers
from siting.maps.render import PageOptions
from siting.outputs import check_folder, safe_folder
from siting.proposals.portfolio import evaluate_portfolio
from siting.proposals.read import read_proposals
from siting.proposals.report import criterion_label, write_evaluation
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
    lang: LangOpt = Lang.ja,
    no_portfolio: Annotated[bool, typer.Option("--no-portfolio", help="scorecard only; skip the national "
                                               "re-solves")] = False,
    set_: SetOpt = None,
    offline: OfflineOpt = False,
    basemap: BasemapOpt = Basemap.pale,
) -> None:
    """Evaluate PROPOSALS against the GX data-centre criteria and their value to the national plan."""
    lang_code = check_lang(lang)
    started = datetime.now(UTC).isoformat(timespec="seconds")
    sc = load_scenario(scenario or reference_scenario(), list(set_ or []))
    out = check_folder(out)  # refused or read-only: said before any work
    layers = load_layers(sc)
    props = read_proposals(proposals, layers, sc)
    if props.proposals.empty:
        raise InputError([problem_text(x, lang_code) for x in props.problems]
                         or [f"{proposals}: the file has no proposals -- fix: add one row per site"])
    for problem in props.problems:
        err_console.print(f"[yellow]{tr('run.warning', lang_code)}[/yellow]: "
                          f"{cell(tr('ev.rejected_row', lang_code, problem=problem_text(problem, lang_code)))}",
                          highlight=False)
    screening = screen(props, layers, sc)
    portfolio = None
    if not no_portfolio:
        n = len(props.proposals)
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=console, transient=True) as bar:
            task = bar.add_task(tr("ev.national", lang_code), total=n + 1)

            def tick(msg: str, done: int) -> None:
                bar.update(task, description=cell(msg), completed=done)

            portfolio = evaluate_portfolio(layers, props, sc, tick, lang_code)
    with safe_folder(out, "evaluation") as tmp:
        rank = write_evaluation(tmp, props, screening, portfolio, layers, list(sc.years.planning), lang_code, sc.name,
                                PageOptions(offline, basemap.value))
        write_manifest(tmp, manifest_fields(sc, list(set_ or []), {k: str(v.path) for k, v in layers.layers.items()},
                                            started, proposals=str(proposals), lang=lang_code,
                                            portfolio=not no_portfolio),
                       [*(v.path for v in layers.layers.values()), Path(proposals)])
    _print(rank, portfolio is not None, lang_code)
    if props.problems:
        ids = ", ".join(props.rejected_ids) or tr("ev.rows", lang_code, rows=", ".join(
            str(r) for r in props.rejected["row"].unique()))
        err_console.print(cell(f"{tr('run.warning', lang_code)}: " + tr(
            "ev.rejected", lang_code, n=len(props.rejected_ids) or len(props.rejected), ids=ids)), highlight=False)
    console.print(tr("ev.written", lang_code, path=cell(short_path(out))))


#: Rows of the ranking shown in the terminal; the whole ranking is in ranking.csv.
SHOWN_ROWS = 30


def _print(rank: pd.DataFrame, with_portfolio: bool, lang: str) -> None:
    """The ranking: the rank with its ties (``=``) and the scorecard's result beside it."""
    table = Table(title=tr("ev.title", lang))
    more = len(rank) - SHOWN_ROWS
    shown = rank.head(SHOWN_ROWS)
    cols = ["ev.rank", "ev.overall", "ev.proposal", "ev.pass", "ev.warn", "ev.fail", "ev.failed"]
    if with_portfolio:
        cols += ["ev.selected", "ev.value"]
    for c in cols:
        table.add_column(tr(c, lang, unit=money_unit(lang)))
    tied = False
    for r in shown.to_dict("records"):
        mark = tr("ev.tied_mark", lang) if isinstance(r.get("tied_with"), str) and r["tied_with"] else ""
        tied = tied or bool(mark)
        cells = [f"{r['rank']}{mark}", value(r["overall"], lang),
                 cell(r["proposal_id"]), str(r["pass"]), str(r["warn"]), str(r["fail"]), _failed(r["failed"], lang)]
        if with_portfolio:
            cells += [yes_no(r["selected"], lang), money_number(r["portfolio_value_jpy"], lang, signed=True)]
        table.add_row(*cells)
    notes = [tr("ev.tied_caption", lang)] if tied else []
    if more > 0:
        notes.append(tr("ev.more", lang, shown=SHOWN_ROWS, n=len(rank)))
    table.caption = "\n".join(notes) or None
    console.print(table)


def _failed(criteria: object, lang: str) -> str:
    if not isinstance(criteria, str) or not criteria:
        return ""
    return "、".join(criterion_label(c.strip(), lang) for c in criteria.split(",")) if lang == "ja" else criteria

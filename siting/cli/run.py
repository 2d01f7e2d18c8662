"""``siting run``: solve a scenario and write its run folder (tables, GeoPackage, summary, map)."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import typer
from rich.table import Table

from siting.bundled import reference_scenario
from siting.cli.common import (
    Basemap,
    BasemapOpt,
    LayerOpt,
    OfflineOpt,
    SetOpt,
    Stages,
    console,
    guarded,
    keep_plan,
    narrow,
    short_path,
)
from siting.i18n import Lang, limited_by, money, money_number, money_unit, mw, region_name, stage, tr, value
from siting.layers.load import parse_layer_options
from siting.outputs import check_folder, slug
from siting.pipeline import MapOptions, Run, RunOptions, execute
from siting.scenario import load_scenario
from siting.text import cell

DEFAULT_OUT = Path("runs")


def print_regions(run: Run, lang: str) -> None:
    """The designated regions: a table, or one block per region on a narrow terminal."""
    years = run.data.years
    regions = run.results.regions[run.results.regions["designated"]]
    title = tr("run.title", lang, name=cell(run.scenario.name))
    heads = [tr("run.region", lang), tr("run.area", lang), *[tr("run.it_mw", lang, y=y) for y in years],
             tr("run.first_year", lang), tr("run.reinforcement", lang, unit=money_unit(lang)),
             tr("run.limited_by", lang)]
    rows = []
    for r in regions.itertuples():
        fy = "-" if pd.isna(r.first_year) else str(int(r.first_year))
        rows.append([cell(region_name(r.name, lang)), cell(value(r.area, lang)),
                     *[mw(getattr(r, f"mw_{y}")) for y in years], fy, money_number(r.reinforcement_cost_jpy, lang),
                     limited_by(r.limited_by, lang)])
    print_table(title, heads, rows, right=range(2, 3 + len(years) + 1))


def print_table(title: str, heads: list[str], rows: list[list[str]], right: Any = (), named: bool = True) -> None:
    """A Rich table; on a narrow terminal one block per row (``head: value`` lines) instead of squeezed columns,
    headed by the row's first cell when ``named``."""
    if narrow():
        console.print(f"[bold]{title}[/bold]")
        for row in rows:
            if named:
                console.print(f"- {row[0]}")
            for head, val in list(zip(heads, row, strict=True))[1 if named else 0:]:
                if val not in ("", None):
                    console.print(f"    {head}: {val}", overflow="fold")
        return
    table = Table(title=title)
    for i, head in enumerate(heads):
        table.add_column(head, justify="right" if i in right else "left")
    for row in rows:
        table.add_row(*row)
    console.print(table)


def print_summary(run: Run, out: Path | None, lang: str = "en") -> None:
    s = run.results.summary
    print_regions(run, lang)
    terms = s["objective_terms_jpy"]
    print_table(tr("run.terms", lang, unit=money_unit(lang)), [*[tr(f"term.{k}", lang) for k in terms],
                                                               tr("term.total", lang)],
                [[*[money_number(v, lang) for v in terms.values()], money_number(s["objective_jpy"], lang)]],
                right=range(len(terms) + 1), named=False)
    unserved = ", ".join(f"{y}: {mw(v)}" for y, v in s["unserved_it_mw_by_year"].items())
    console.print(tr("run.delay", lang, mwy=mw(s["mw_years_delay"]), unserved=unserved))
    console.print(tr("run.solver", lang, text=solver_text(s, lang)))
    console.print(gap_line(s, lang))
    secs = ", ".join(f"{stage(k, lang)} {v:.2f} s" for k, v in s["seconds"].items())
    console.print(tr("run.time", lang, secs=secs))
    if "robust_core" in s:
        print_alternatives(run, lang)
    for note in run.checks.notes:
        console.print(f"[yellow]{tr('run.precheck', lang)}[/yellow]: {cell(note)}")
    if run.screened is not None:
        sc = run.screened
        why = ("、" if lang == "ja" else ", ").join(f"{ja if lang == 'ja' else en} ({n})" for en, ja, n in sc.reasons)
        console.print(f"[bold yellow]{tr('run.warning', lang)}[/bold yellow]: " + cell(tr(
            "run.screened_most", lang, layers=", ".join(sc.layers), n=sc.sites, out=sc.out,
            share=f"{100 * sc.share:.0f}", why=why)))
    if out is not None:
        console.print(tr("run.written", lang, path=cell(short_path(out))))


def solver_text(s: dict[str, Any], lang: str) -> str:
    """The solver's status line; in Japanese the status translated, the gap with it."""
    if lang != "ja":
        return str(s["status_text"])
    gap = "n/a" if s.get("mip_gap") is None else f"{100 * s['mip_gap']:.3g} %"
    asked = s.get("mip_gap_requested")
    head = value(s["status"], "ja")
    tail = f"回避可能な費用に対するギャップ {gap}" + (f"（要求 {100 * asked:.3g} %）" if asked is not None else "")
    return f"{head}、{tail}"


def gap_line(s: dict[str, Any], lang: str = "en") -> str:
    """Objective, bound, absolute gap and the gap on the avoidable cost, with the floor it is measured from."""
    rel = "n/a" if s.get("mip_gap") is None else f"{100 * s['mip_gap']:.3g} %"
    return tr("run.gap", lang, obj=money(s["objective_jpy"], lang), bound=money(s["bound_jpy"], lang),
              gap=money(s["gap_jpy"], lang), rel=rel, avoidable=money(s["avoidable_cost_jpy"], lang),
              mwy=mw(s["unavoidable_delay_mw_years"]), unavoidable=money(s["unavoidable_delay_jpy"], lang))


def _names(run: Run, ids: list[str], lang: str) -> str:
    names = run.results.regions.set_index("region_id")["name"]
    return ", ".join(region_name(names.get(r, r), lang) for r in ids) or tr("run.none", lang)


def print_alternatives(run: Run, lang: str = "en") -> None:
    s = run.results.summary
    alt = run.results.alternatives
    if alt is not None:
        rows = [[tr("run.alt_optimum", lang) if r.alternative == 0 else str(r.alternative),
                 cell(_names(run, [x for x in str(r.regions).split(";") if x], lang)),
                 money_number(r.avoidable_cost_jpy, lang),
                 f"{money(r.delta_jpy, lang, signed=True)} ({100 * r.delta_share:.2f} %)"] for r in alt.itertuples()]
        print_table(tr("run.alt_title", lang, slack=f"{100 * s['alternatives']['slack']:g}"),
                    [tr("run.alt_plan", lang), tr("run.alt_regions", lang),
                     tr("run.alt_avoidable", lang, unit=money_unit(lang)), tr("run.alt_above", lang)], rows)
    console.print(tr("run.core", lang, core=cell(_names(run, s["robust_core"], lang)),
                     other=cell(_names(run, s["interchangeable"], lang)), stopped=s["alternatives"]["stopped"]))


def _overrides(set_: list[str] | None, time_limit: float | None, gap: float | None, threads: int | None) -> list[str]:
    overrides = list(set_ or [])
    for key, val in (("time_limit_s", time_limit), ("mip_gap", gap), ("threads", threads)):
        if val is not None:
            overrides.append(f"solver.{key}={val}")
    return overrides


@guarded
def run(
    scenario: Annotated[Path | None, typer.Argument(help="scenario TOML, or the name of a bundled one (default: "
                                                    "models/reference.toml)")] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="run folder (default: runs/<scenario name>)")] = None,
    set_: SetOpt = None,
    layer: LayerOpt = None,
    time_limit: Annotated[float | None, typer.Option("--time-limit", metavar="S", help="solver time limit, s")] = None,
    gap: Annotated[float | None, typer.Option("--gap", metavar="G", help="relative MIP gap on the avoidable cost, "
                                              "e.g. 0.01")] = None,
    threads: Annotated[int | None, typer.Option("--threads", metavar="N", help="solver threads")] = None,
    no_map: Annotated[bool, typer.Option("--no-map", help="do not render the interactive map")] = False,
    pareto: Annotated[int, typer.Option("--pareto", metavar="N", min=0, help="also solve N epsilon-constraint points "
                                        "of the cost-delay front (pareto.csv, pareto.png)")] = 0,
    alternatives: Annotated[int, typer.Option("--alternatives", metavar="N", min=0, help="also find up to N "
                                              "near-optimal plans with other designated regions "
                                              "(alternatives.csv)")] = 0,
    slack: Annotated[float, typer.Option("--slack", metavar="F", min=0.0, help="alternatives stay within this share "
                                         "of the optimum's avoidable cost")] = 0.05,
    lang: Annotated[Lang | None, typer.Option("--lang", help="language of the terminal and the map (default: "
                                              "terminal en, map ja)")] = None,
    offline: OfflineOpt = False,
    basemap: BasemapOpt = Basemap.pale,
) -> None:
    """Solve SCENARIO: which GX regions to designate, how many MW each runs by year, which reinforcements.

    The first Ctrl+C (or SIGTERM) while HiGHS works stops it and keeps its best plan (exit 130); a second one
    while that plan is written is ignored; a third stops at once."""
    text = lang.value if lang else "en"
    overrides = _overrides(set_, time_limit, gap, threads)
    sc = load_scenario(scenario or reference_scenario(), overrides)
    options = RunOptions(overrides, parse_layer_options(layer or []), alternatives, slack, pareto,
                         None if no_map else MapOptions(lang.value if lang else "ja", offline, basemap.value))
    out = check_folder(out or DEFAULT_OUT / slug(sc.name))  # refused or read-only: said now, not after the solve
    t0 = time.perf_counter()
    with keep_plan(tr("run.still_writing", text)), Stages(tr("stage.starting", text)) as say:
        result = execute(sc, out, options, progress=lambda line: say(_stage_line(line, text)))
    result.results.summary["seconds"]["total"] = time.perf_counter() - t0
    print_summary(result, out, text)
    if result.solve.status == "interrupted":
        sys.stderr.write(tr("run.interrupted", text) + "\n")
        raise typer.Exit(130)
    if result.pareto:
        print_table(tr("run.pareto_title", text),
                    [tr("run.point", text), tr("run.delay_mwy", text), tr("run.cost", text, unit=money_unit(text)),
                     tr("run.regions", text), tr("run.status", text)],
                    [[p.label, mw(p.delay_mw_years), money_number(p.cost_jpy, text), str(len(p.designated)),
                      value(p.status, text)] for p in result.pareto])


def _stage_line(line: str, lang: str) -> str:
    """A progress line of :func:`siting.pipeline.execute` in ``lang``."""
    head, _, rest = line.partition(": ")
    if head == "alternatives":
        return tr("stage.alternatives", lang, line=rest)
    if head == "Pareto front":
        return tr("stage.pareto", lang, n=rest)
    if line == "write":
        return tr("stage.write", lang)
    return stage(line, lang)

"""``siting map`` and ``siting compare``: interactive HTML maps of run folders, online or fully offline."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from siting.cli.common import Basemap, BasemapOpt, LangOpt, console, guarded, short_path
from siting.errors import InputError, Problem
from siting.i18n import Lang, money_number, money_unit, mw, region_name, tr
from siting.outputs import check_file
from siting.reports.compare import RunDiff
from siting.text import cell

LANGS = ("ja", "en")
BASEMAPS = ("pale", "std")


def _check(value: str, allowed: tuple[str, ...], option: str) -> str:
    if value not in allowed:
        raise InputError(Problem(option, f"unknown value {value!r}", f"use one of {', '.join(allowed)}"))
    return value


def _run_folder(path: Path) -> Path:
    if not path.is_dir():
        raise InputError(Problem(str(path), "run folder not found", "give a run folder written by 'siting run'"))
    return path


@guarded
def map_(
    run_dir: Annotated[Path, typer.Argument(help="run folder written by 'siting run'")],
    out: Annotated[Path | None, typer.Option("--out", "-o", help="HTML file (default: RUN_DIR/map.html; maps "
                                             "shared with others go in the repository's maps/ folder)")] = None,
    offline: Annotated[bool, typer.Option("--offline", help="no internet needed: Leaflet inlined, no tiles, "
                                          "prefectures as the base map")] = False,
    lang: LangOpt = Lang.ja,
    basemap: BasemapOpt = Basemap.pale,
) -> None:
    """Render RUN_DIR as an interactive map (default RUN_DIR/map.html; share maps from the maps/ folder)."""
    from siting.maps.render import render_map

    _check(lang, LANGS, "--lang")
    _check(basemap, BASEMAPS, "--basemap")
    target = check_file(out or _run_folder(run_dir) / "map.html")  # refused or read-only: said before any work
    path = render_map(run_dir, target, offline=offline, lang=lang, basemap=basemap)
    size_mb = path.stat().st_size / 1e6
    console.print(f"map written to {cell(short_path(path))} ({size_mb:.1f} MB{', offline' if offline else ''})")


@guarded
def compare(
    run_a: Annotated[Path, typer.Argument(help="first run folder (A)")],
    run_b: Annotated[Path, typer.Argument(help="second run folder (B)")],
    out: Annotated[Path | None, typer.Option("--out", "-o", help="HTML file (default: RUN_B/compare.html; "
                                             "maps shared with others go in the repository's maps/ folder)")] = None,
    offline: Annotated[bool, typer.Option("--offline", help="no internet needed: Leaflet inlined, no tiles")] = False,
    lang: Annotated[Lang | None, typer.Option("--lang", help="language of the terminal and the map (default: "
                                              "terminal en, map ja)")] = None,
    basemap: BasemapOpt = Basemap.pale,
    no_map: Annotated[bool, typer.Option("--no-map", help="print the differences only")] = False,
) -> None:
    """Print what differs between two runs (scenario keys, --set overrides, regions, IT MW by year, costs) and map
    their designated regions as switchable layers."""
    from siting.maps.compare import render_compare
    from siting.maps.inputs import read_run
    from siting.reports.compare import diff_runs

    text = lang.value if lang else "en"
    target = None if no_map else check_file(out or _run_folder(run_b) / "compare.html")
    print_diff(diff_runs(read_run(_run_folder(run_a), background=False), read_run(_run_folder(run_b),
                                                                               background=False)), text)
    if target is not None:
        path = render_compare(run_a, run_b, target, offline=offline, lang=lang.value if lang else "ja",
                              basemap=basemap.value)
        console.print(f"comparison map written to {cell(short_path(path))}")


def print_diff(diff: RunDiff, lang: str) -> None:
    """The differences of run B against run A, as tables (stacked on a narrow terminal)."""
    from siting.cli.run import print_table

    console.print(f"A = {cell(diff.label_a)}, B = {cell(diff.label_b)}")
    same = tr("cmp.same", lang)
    keys = [[cell(k), cell(_text(va)), cell(_text(vb))] for k, va, vb in diff.scenario_keys]
    keys += [["--set", cell(" ".join(diff.overrides_a) or "-"), cell(" ".join(diff.overrides_b) or "-")]] \
        if diff.overrides_a or diff.overrides_b else []
    if keys:
        print_table(tr("cmp.scenario_keys", lang), [tr("cmp.key", lang), "A", "B"], keys)
    else:
        console.print(f"{tr('cmp.scenario_keys', lang)}: {same}")
    none = tr("cmp.none", lang)
    sep = "、" if lang == "ja" else ", "
    console.print(tr("cmp.regions", lang, added=cell(sep.join(region_name(n, lang) for _, n in diff.added) or none),
                     removed=cell(sep.join(region_name(n, lang) for _, n in diff.removed) or none)))
    print_table(tr("cmp.mw_year", lang), [tr("cmp.year", lang), "A", "B", "Δ"],
                [[str(y), mw(a), mw(b), "-" if a is None or b is None else f"{round(b) - round(a) + 0:+,}"]
                 for y, a, b in diff.mw_by_year], right=(1, 2, 3))
    print_table(tr("cmp.costs", lang, unit=money_unit(lang)), [tr("cmp.term", lang), "A", "B", "Δ"],
                [[tr(f"term.{k}", lang), money_number(a, lang), money_number(b, lang),
                  "-" if a is None or b is None else money_number(b - a, lang, signed=True)]
                 for k, a, b in diff.costs], right=(1, 2, 3))


def _text(v: object) -> str:
    """A scenario value as TOML-like text (lists and tables as JSON)."""
    return "-" if v is None else json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict, bool)) else str(v)

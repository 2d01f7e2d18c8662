"""``siting map`` and ``siting compare``: interactive HTML maps of run folders, online or fully offline."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from siting.cli.common import console, guarded, short_path
from siting.errors import InputError, Problem
from siting.outputs import check_file
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
    lang: Annotated[str, typer.Option("--lang", help="ja or en")] = "ja",
    basemap: Annotated[str, typer.Option("--basemap", help="GSI tiles: pale or std (online only)")] = "pale",
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
    lang: Annotated[str, typer.Option("--lang", help="ja or en")] = "ja",
    basemap: Annotated[str, typer.Option("--basemap", help="GSI tiles: pale or std (online only)")] = "pale",
) -> None:
    """Map two runs' designated regions and MW as switchable layers, with a table of what changed."""
    from siting.maps.compare import render_compare

    _check(lang, LANGS, "--lang")
    _check(basemap, BASEMAPS, "--basemap")
    target = check_file(out or _run_folder(run_b) / "compare.html")
    path = render_compare(run_a, run_b, target, offline=offline, lang=lang, basemap=basemap)
    console.print(f"comparison map written to {cell(short_path(path))}")

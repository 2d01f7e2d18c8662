"""``siting validate`` and ``siting layers``: check and summarise a scenario's layers."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from siting.bundled import reference_scenario
from siting.candidates.arc_rules import ineligible_counts
from siting.cli.common import LayerOpt, console, guarded, short_path
from siting.errors import InputError, Problem
from siting.layers.checks import WORK_CRS, CheckedLayer
from siting.layers.load import LayerSet, load_layer, missing_required, parse_layer_options
from siting.layers.schema import LAYER_KINDS, SCHEMAS
from siting.layers.vintage import bundled_manifest, bundled_vintage, estimated_share
from siting.scenario import Scenario, load_scenario
from siting.text import cell

ScenarioArg = Annotated[Path | None, typer.Argument(help="scenario TOML (default: the bundled models/reference.toml)")]


def _scenario(path: Path | None) -> Scenario:
    return load_scenario(path or reference_scenario())


def _check_all(sc: Scenario, layer_opts: list[str] | None) -> tuple[dict[str, CheckedLayer], list[Problem | str],
                                                                   list[str]]:
    """Check every layer, keeping going after failures so the table shows them all."""
    refs = {k: sc.layer_ref(k) for k in LAYER_KINDS}
    refs.update(parse_layer_options(layer_opts or []))
    ok: dict[str, CheckedLayer] = {}
    problems: list[Problem | str] = list(missing_required(refs))  # what 'siting run' requires, validate requires
    failed: list[str] = []
    with console.status("checking layers") as status:
        for kind in LAYER_KINDS:
            ref = refs.get(kind)
            if ref is None:
                continue
            status.update(f"checking {kind}")
            try:
                ok[kind] = load_layer(kind, ref.path, ref.layer, ref.encoding)
            except InputError as exc:
                problems.extend(exc.problems)
                failed.append(kind)
    if not problems:
        from siting.layers.consistency import cross_check

        try:
            LayerSet(ok).warnings = cross_check(ok)
        except InputError as exc:
            problems.extend(exc.problems)
    return ok, problems, failed


@guarded
def validate(scenario: ScenarioArg = None, layer: LayerOpt = None) -> None:
    """Check every layer of SCENARIO against its contract; exit 0 when all are valid, 2 otherwise."""
    sc = _scenario(scenario)
    ok, problems, failed = _check_all(sc, layer)
    table = Table(title=f"layers of scenario '{cell(sc.name)}'")
    for col in ("kind", "file", "rows", "CRS", "contents", "notes"):
        table.add_column(col, overflow="fold")
    for kind in LAYER_KINDS:
        if kind in ok:
            lay = ok[kind]
            crs = f"{lay.crs_in} -> {WORK_CRS}" if lay.crs_in and lay.crs_in != WORK_CRS else (lay.crs_in or "table")
            notes = "; ".join(w for w in lay.warnings if not w.startswith("reprojected")) or "ok"
            table.add_row(kind, cell(short_path(lay.path)), str(lay.rows), cell(crs), cell(summarise(kind, lay)),
                          cell(notes))
        elif kind in failed:
            table.add_row(kind, "", "", "", "", "[red]INVALID[/red] (see errors below)")
    console.print(table)
    if problems:
        raise InputError(problems)
    from siting.layers.consistency import cross_check

    for w in cross_check(ok):
        console.print(f"warning: {cell(w)}")
    console.print(f"[green]valid[/green]: {len(ok)} layers")


@guarded
def layers(scenario: ScenarioArg = None, layer: LayerOpt = None,
           schema: Annotated[bool, typer.Option("--schema", help="print the layer contract instead")] = False) -> None:
    """Summarise what SCENARIO loads: rows, geometry, extent and key figures per layer."""
    if schema:
        _print_schema()
        return
    sc = _scenario(scenario)
    ok, problems, _ = _check_all(sc, layer)
    if problems:
        raise InputError(problems)
    manifest = bundled_manifest()
    vintage = manifest.get("vintage", "unknown")
    table = Table(title=f"layers of scenario '{cell(sc.name)}'; bundled data vintage {vintage}")
    for col in ("kind", "rows", "geometry", "vintage", "estimated rows", "summary"):
        table.add_column(col, overflow="fold")
    for kind, lay in ok.items():
        geom = ", ".join(sorted(set(lay.frame.geom_type))) if hasattr(lay.frame, "geom_type") else "table"
        share = estimated_share(lay.frame)
        table.add_row(kind, str(lay.rows), geom, bundled_vintage(lay.path, manifest=manifest) or "user file",
                      "not stated" if share is None else f"{100 * share:.0f} %", cell(summarise(kind, lay)))
    console.print(table)
    console.print("vintage: the bundled file unchanged (geodata/manifest.json); estimated rows: rows whose "
                  "'estimated' column names a modelled value")


def summarise(kind: str, lay: CheckedLayer) -> str:
    """One line of key figures for a layer."""
    f = lay.frame
    if kind == "substations":
        by_v = f.groupby("voltage_kv").size().sort_index(ascending=False)
        volts = ", ".join(f"{v:g} kV: {n}" for v, n in by_v.items())
        out = ineligible_counts(f)
        excluded = (f"; not connectable: {sum(out.values())} (" + ", ".join(f"{k} {v}" for k, v in out.items())
                    + ")") if out else "; all connectable"
        added = f["headroom_added_mw"].fillna(0).sum() if "headroom_added_mw" in f.columns else 0.0
        committed = f"; +{added:,.0f} MW committed by the TSOs" if added else ""
        return f"{volts}; headroom {f['headroom_mw'].sum():,.0f} MW in {f['area'].nunique()} areas{committed}{excluded}"
    if kind == "decarbonised_supply":
        by_k = f.groupby("kind")["capacity_mw"].sum()
        parts = ", ".join(f"{k} {v:,.0f} MW" for k, v in by_k.items())
        nuclear = f[f["kind"] == "nuclear"]
        plants = nuclear["name"].str.replace(r"\s+unit.*$", "", regex=True).nunique()
        units = ", ".join(f"{k} {v}" for k, v in nuclear["status"].value_counts().items())
        return f"{parts}; {plants} nuclear plants, units by status: {units}"
    if kind == "land":
        cols = SCHEMAS["land"].pattern_columns(list(f.columns))
        committed = (f"; committed capacity {f[max(cols)].fillna(0).sum():,.0f} IT MW by {max(cols)[-4:]} at "
                     f"{int(f[cols].notna().any(axis=1).sum())} sites") if cols else ""
        return f"{f['area_ha'].sum():,.0f} ha in {f['pref_code'].nunique()} prefectures; " + ", ".join(
            f"{k} {v}" for k, v in f["status"].value_counts().items()) + committed
    if kind == "water":
        unknown = int(f["spare_m3_per_day"].isna().sum())
        return (f"spare {f['spare_m3_per_day'].sum():,.0f} m3/day known in {len(f) - unknown} systems; "
                f"{unknown} unknown (their sites cool dry)")
    if kind == "communications":
        return ", ".join(f"{k} {v}" for k, v in f["kind"].value_counts().items()) + " (" + ", ".join(
            f"{k} {v}" for k, v in f["status"].value_counts().items()) + ")"
    if kind == "demand":
        cols = SCHEMAS["demand"].pattern_columns(list(f.columns))
        return ", ".join(f"{c[-4:]}: {f[c].sum():,.0f} IT MW" for c in sorted(cols))
    if kind == "interconnectors":
        return f"{f['capacity_mw'].sum():,.0f} MW today, +{f['planned_added_mw'].fillna(0).sum():,.0f} MW planned" \
            if "planned_added_mw" in f.columns else f"{f['capacity_mw'].sum():,.0f} MW"
    if kind == "reinforcements":
        return f"{len(f)} steps, {f['added_mw'].sum():,.0f} MW"
    if kind == "hazards":
        return ", ".join(f"{k} {v}" for k, v in f["hazard"].value_counts().items())
    if kind in ("prefectures", "grid_areas"):
        col = "name_en" if kind == "prefectures" else "area"
        return f"{f[col].nunique()} distinct"
    return ""


def _print_schema() -> None:
    for kind, sch in SCHEMAS.items():
        table = Table(title=f"{kind}: {sch.doc}", title_justify="left")
        for col in ("column", "type", "required", "meaning"):
            table.add_column(col, overflow="fold")
        for c in sch.all_columns:
            req = "yes" if c.required else "no"
            meaning = c.doc + (f" [{', '.join(c.choices)}]" if c.choices else "") + (" (>= 0)" if c.nonnegative else "")
            table.add_row(c.name, c.type, req, meaning)
        if sch.column_pattern:
            table.add_row(sch.column_pattern, "float", "yes (>= 1)" if sch.column_pattern_required else "no",
                          sch.column_pattern_doc)
        geom = " or ".join(sch.geometry) if sch.geometry else "none (table)"
        table.caption = f"id: {sch.id_column or '-'}; geometry: {geom}"
        console.print(table)

"""Stages only look backwards: every import of every module in ``siting/`` against the direction ARCHITECTURE.md
writes down (its stage table, in order, and the rules under it)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "siting"
#: Rows of the stage table that are applications of the stages: they may import any stage and each other, and no
#: stage imports them (ARCHITECTURE.md, "What may import what").
APPLICATIONS = ("proposals, sweep", "web app", "orchestration")
#: Imported by the configuration modules although it is the layers' (ARCHITECTURE.md says so).
LAYER_NAMES = "siting.layers.schema"


def stage_table(text: str) -> list[tuple[str, list[str]]]:
    """(stage, module prefixes) per row of the first table of ARCHITECTURE.md, in order: ``siting/layers/``
    becomes ``siting.layers``, ``siting/scenario.py`` becomes ``siting.scenario``."""
    rows = []
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 3 or not cells[1].startswith("`siting"):
            continue
        paths = re.findall(r"`(siting/[^`]*)`", cells[1])
        rows.append((cells[0], [p.removesuffix("/").removesuffix(".py").replace("/", ".") for p in paths]))
        if cells[0] == APPLICATIONS[-1]:
            break
    return rows


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every ``siting`` module ``path`` imports, at any depth (inside functions too)."""
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
    return {m for m in out if m == "siting" or m.startswith("siting.")}


def third_party(path: Path) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module.split(".")[0])
    return out


def rank_of(module: str, table: list[tuple[str, list[str]]]) -> tuple[int, str] | None:
    """The row of ``module`` (the longest prefix that names it) and its stage."""
    best: tuple[int, int, str] | None = None
    for i, (stage, prefixes) in enumerate(table):
        for p in prefixes:
            if (module == p or module.startswith(p + ".")) and (best is None or len(p) > best[1]):
                best = (i, len(p), stage)
    return None if best is None else (best[0], best[2])


def violations(table: list[tuple[str, list[str]]], modules: dict[str, set[str]]) -> list[str]:
    """``importer -> imported`` for every import against the direction."""
    apps = {i for i, (stage, _) in enumerate(table) if stage in APPLICATIONS}
    out = []
    for importer, targets in sorted(modules.items()):
        mine = rank_of(importer, table)
        assert mine is not None, f"{importer} belongs to no stage of ARCHITECTURE.md"
        for target in sorted(targets):
            theirs = rank_of(target, table)
            if theirs is None or (mine[0] == 0 and target == LAYER_NAMES):
                continue  # the package itself (siting/__init__.py re-exports the API), or the layer names
            if mine[0] not in apps and (theirs[0] > mine[0] or theirs[0] in apps):
                out.append(f"{importer} ({mine[1]}) -> {target} ({theirs[1]})")
    return out


def _modules() -> dict[str, set[str]]:
    return {module_name(p): imports(p) for p in sorted(PACKAGE.rglob("*.py"))
            if module_name(p) not in ("siting", "siting.__main__")}


def test_the_check_sees_an_import_against_the_direction() -> None:
    table = [("configuration", ["siting.scenario"]), ("layers", ["siting.layers"]), ("model", ["siting.model"]),
             ("orchestration", ["siting.pipeline"])]
    assert violations(table, {"siting.layers.read": {"siting.model.data"}}) == [
        "siting.layers.read (layers) -> siting.model.data (model)"]
    assert violations(table, {"siting.model.data": {"siting.pipeline"}}) != []
    assert violations(table, {"siting.pipeline": {"siting.model.data", "siting.scenario"}}) == []


def test_imports_follow_the_documented_direction() -> None:
    table = stage_table((REPO / "ARCHITECTURE.md").read_text(encoding="utf-8"))
    assert [stage for stage, _ in table][1:3] == ["layers", "candidates"]
    assert violations(table, _modules()) == []


def test_model_imports_neither_pandas_nor_layers() -> None:
    for path in sorted((PACKAGE / "model").rglob("*.py")):
        assert not third_party(path) & {"pandas", "geopandas", "shapely"}, path
        assert not any(m.startswith("siting.layers") for m in imports(path)), path

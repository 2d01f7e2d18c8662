"""Load the layers a scenario names: read, adapt (N03), check once, and collect every problem.

This is the only entry point the later stages use; they receive :class:`LayerSet` and never read files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd

from siting.errors import InputError, Problem
from siting.layers.checks import CheckedLayer, check_layer
from siting.layers.consistency import cross_check
from siting.layers.n03 import is_n03, n03_prefectures
from siting.layers.read import RawLayer, read_file
from siting.layers.schema import LAYER_KINDS, SCHEMAS
from siting.scenario import LayerRef, Scenario

#: Layers every siting run needs; the others are optional and switch their constraint family off if absent.
REQUIRED_KINDS = ("land", "substations", "demand")


@dataclass
class LayerSet:
    """The checked layers of one scenario, keyed by kind, plus what was noticed across layers."""

    layers: dict[str, CheckedLayer] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def __contains__(self, kind: str) -> bool:
        return kind in self.layers

    def __getitem__(self, kind: str) -> pd.DataFrame:
        return self.layers[kind].frame

    def get(self, kind: str) -> pd.DataFrame | None:
        layer = self.layers.get(kind)
        return None if layer is None else layer.frame

    def geo(self, kind: str) -> gpd.GeoDataFrame:
        frame = self[kind]
        assert isinstance(frame, gpd.GeoDataFrame)
        return frame


def load_layer(kind: str, path: str | Path, layer: str | None = None, encoding: str | None = None) -> CheckedLayer:
    """Read and check one layer file of ``kind`` (raises :class:`InputError` with every problem found)."""
    raw = read_file(path, layer=layer, encoding=encoding)
    if kind == "prefectures" and is_n03(raw.frame) and isinstance(raw.frame, gpd.GeoDataFrame):
        raw = RawLayer(raw.path, raw.format + " (MLIT N03)", n03_prefectures(raw.frame), raw.encoding,
                       [*raw.notes, "MLIT N03 boundaries dissolved to prefectures"])
    return check_layer(raw, kind)


def parse_layer_options(options: Iterable[str]) -> dict[str, LayerRef]:
    """Parse ``--layer KIND=PATH`` options."""
    out: dict[str, LayerRef] = {}
    for text in options:
        kind, sep, path = text.partition("=")
        kind = kind.strip()
        if not sep or not path:
            raise InputError(Problem("--layer", f"'{text}' is not KIND=PATH", "write e.g. --layer land=my_sites.gpkg"))
        if kind not in SCHEMAS:
            raise InputError(Problem("--layer", f"unknown layer kind '{kind}'", f"use one of {', '.join(LAYER_KINDS)}"))
        out[kind] = LayerRef(path=str(Path(path).resolve()))
    return out


def missing_required(refs: dict[str, LayerRef | None], require: Iterable[str] = REQUIRED_KINDS) -> list[Problem]:
    """One problem per required layer kind the scenario (and ``--layer`` options) leave out."""
    return [Problem(f"scenario [layers] {kind}", f"the '{kind}' layer is required",
                    f"add {kind} = \"path/to/file\" under [layers] or pass --layer {kind}=PATH")
            for kind in require if refs.get(kind) is None]


def load_layers(scenario: Scenario, overrides: dict[str, LayerRef] | None = None, *,
                kinds: Iterable[str] | None = None, require: Iterable[str] = REQUIRED_KINDS,
                progress: Callable[[str], None] | None = None) -> LayerSet:
    """Load every layer the scenario names (``overrides`` replace single layers).

    All layers are read and checked before anything fails, so one run reports every problem at once.

    Raises
    ------
    InputError
        One problem per line, each naming its file, layer, rows and fix.
    """
    refs = {k: scenario.layer_ref(k) for k in LAYER_KINDS}
    refs.update(overrides or {})
    wanted = list(kinds) if kinds is not None else [k for k in LAYER_KINDS if refs.get(k) is not None]
    problems: list[Problem | str] = list(missing_required(refs, require))
    result = LayerSet()
    for kind in wanted:
        ref = refs.get(kind)
        if ref is None:
            continue
        if progress:
            progress(kind)
        try:
            result.layers[kind] = load_layer(kind, ref.path, ref.layer, ref.encoding)
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    result.warnings = cross_check(result.layers)
    return result

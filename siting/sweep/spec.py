"""Sweep files (TOML): a base scenario and the overrides that make each scenario of a sweep.

A sweep file names its ``base`` scenario (path relative to the sweep file) and EITHER a ``[grid]`` of values per
dotted scenario key, expanded as a Cartesian product, OR a ``[monte_carlo]`` table with ``samples``, ``seed``
and one distribution per dotted key. Each scenario is the base plus its overrides, applied with
:func:`siting.scenario.apply_overrides` and validated by :func:`siting.scenario.scenario_from_dict`, so a sweep
value gets exactly the checks a ``--set`` value gets.

Overrides are applied to the base scenario *as resolved* (every default filled in), which is what makes a
nested key such as ``candidates.connection_cost_jpy_per_km.275`` change one voltage class and keep the others
(on the raw TOML, ``apply_overrides`` would create a one-class table and drop the defaults of the rest).

Values
------
``"policy.max_regions" = [4, 6]``
    sets the key to each value.
``"candidates.connection_lead_years" = [{ plus = 0.0 }, { plus = 2.0 }]``
    shifts the base value (here: lead times two years longer).
``"demand.multiplier" = [{ times = 0.8 }, { times = 1.2 }]``
    scales the base value.
``"candidates.connection_cost_jpy_per_km.*" = [0.8, 1.5]``
    ``.*`` on a table of values (cost, radius, lead by voltage class, share by year) scales every entry; a
    plain number is a multiplier, ``{ plus = x }`` shifts every entry.

``models/reference-sweep.toml`` is the annotated example.
"""

from __future__ import annotations

import itertools
import json
import math
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from siting.errors import Problem, ScenarioError, validation_problems
from siting.scenario import Scenario, apply_overrides, load_scenario, scenario_from_dict
from siting.scenario_checks import base_scenario_path
from siting.scenario_files import read_toml

Op = Literal["set", "times", "plus"]
_STRICT = ConfigDict(extra="forbid")
_FIX = "see models/reference-sweep.toml"


class SweepError(ScenarioError):
    """The sweep file is missing, not TOML, or has an unknown key, a wrong type or an unknown scenario key."""


# --- the file ---------------------------------------------------------------------------------------------------
class Uniform(BaseModel):
    """Uniform on [low, high]."""

    model_config = _STRICT
    dist: Literal["uniform"]
    low: float
    high: float
    apply: Op = "set"

    @model_validator(mode="after")
    def _ordered(self) -> Uniform:
        if self.high < self.low:
            raise ValueError(f"high ({self.high}) must not be below low ({self.low})")
        return self


class Normal(BaseModel):
    """Normal(mean, sd), optionally clipped to [clip[0], clip[1]]."""

    model_config = _STRICT
    dist: Literal["normal"]
    mean: float
    sd: float = Field(ge=0)
    clip: tuple[float, float] | None = None
    apply: Op = "set"


class Choice(BaseModel):
    """One of ``values``, each equally likely (use it for integers and lists)."""

    model_config = _STRICT
    dist: Literal["choice"]
    values: list[Any] = Field(min_length=1)


Distribution = Annotated[Uniform | Normal | Choice, Field(discriminator="dist")]


class MonteCarlo(BaseModel):
    """``samples`` scenarios drawn with ``seed``; every dotted key in the table is a distribution."""

    model_config = _STRICT
    samples: int = Field(ge=1, le=100_000)
    seed: int = 0
    draws: dict[str, Distribution] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _collect_draws(cls, data: Any) -> Any:
        if isinstance(data, dict):
            data = dict(data)
            draws = {k: data.pop(k) for k in list(data) if "." in k}
            data.setdefault("draws", {}).update(draws)
        return data


class SweepFile(BaseModel):
    """What a sweep file may contain."""

    model_config = _STRICT
    name: str | None = Field(None, description="sweep name (default: the file name without .toml)")
    description: str = ""
    base: str = Field(description="base scenario TOML, relative to the sweep file")
    time_limit_s: float | None = Field(None, gt=0, description="solver time limit per scenario, s")
    fixed: dict[str, Any] = Field(default_factory=dict, description="overrides applied to every scenario")
    grid: dict[str, list[Any]] | None = None
    monte_carlo: MonteCarlo | None = None

    @model_validator(mode="after")
    def _one_design(self) -> SweepFile:
        if (self.grid is None) == (self.monte_carlo is None):
            raise ValueError("give exactly one of [grid] or [monte_carlo]")
        if self.grid is not None and not self.grid:
            raise ValueError("[grid] has no keys")
        return self


# --- overrides --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Override:
    """One scenario key changed: ``op`` is ``set`` (value), ``times`` (base x value) or ``plus`` (base + value)."""

    key: str
    op: Op
    value: Any

    @property
    def column(self) -> str:
        """The column of the sweep table that records it."""
        return self.key if self.op == "set" else f"{self.key} ({self.op})"

    @property
    def cell(self) -> Any:
        """The value as a table cell: scalars as they are, lists and tables as compact JSON."""
        if isinstance(self.value, (list, dict)):
            return json.dumps(self.value, ensure_ascii=False, separators=(",", ":"))
        return self.value


def _field_type(model: type[BaseModel], name: str) -> Any:
    return model.model_fields[name].annotation


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _is_table(tp: Any) -> bool:
    """A dict-valued field (e.g. cost by voltage class) whose entries a dotted key may name."""
    if typing.get_origin(tp) is dict:
        return True
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        return any(_is_table(a) for a in typing.get_args(tp))
    return False


def check_key(key: str) -> str | None:
    """Why ``key`` names no scenario value (``None`` when it does)."""
    parts = key.split(".")
    model: type[BaseModel] = Scenario
    for i, part in enumerate(parts):
        names = [n for n in model.model_fields if n != "base_dir"]
        if part not in names:
            return f"'{key}': '{part}' is not a key of {'the scenario' if i == 0 else parts[i - 1]} " \
                   f"(keys: {', '.join(names)})"
        tp = _field_type(model, part)
        if _is_model(tp):
            model = tp
            continue
        rest = parts[i + 1:]
        if not rest:
            return None
        if _is_table(tp) and len(rest) == 1:
            return None
        return f"'{key}': '{part}' is a value, not a table with key '{'.'.join(rest)}'"
    return f"'{key}' names the section [{key}], not a value; name a key inside it"


def _ops(key: str, values: list[Any]) -> list[Override]:
    """Grid values of one key as overrides; the same kind of change for every value of a key."""
    wildcard = key.endswith(".*")
    out = []
    for v in values:
        if isinstance(v, dict) and len(v) == 1 and next(iter(v)) in ("times", "plus"):
            (op, x), = v.items()
            if not isinstance(x, (int, float)) or isinstance(x, bool):
                raise ValueError(f"'{key}': {{ {op} = ... }} needs a number, got {x!r}")
            out.append(Override(key, op, x))
        elif wildcard:
            if not isinstance(v, (int, float)) or isinstance(v, bool):
                raise ValueError(f"'{key}': a '.*' key takes multipliers (numbers), got {v!r}")
            out.append(Override(key, "times", v))
        else:
            out.append(Override(key, "set", v))
    if len({o.op for o in out}) > 1:
        raise ValueError(f"'{key}' mixes plain values, {{ times = x }} and {{ plus = x }}; use one kind per key")
    return out


@dataclass(frozen=True)
class ScenarioTask:
    """Everything needed to run one scenario of a sweep; a plain, picklable value (a task's whole input).

    ``base`` is the base scenario as resolved (defaults filled in), ``fixed`` the ``KEY=VALUE`` texts applied
    before ``overrides`` (sweep-wide settings: solver threads, time limit, the scenario name).
    """

    scenario_id: str
    base: dict[str, Any]
    base_dir: str
    source: str
    overrides: tuple[Override, ...]
    fixed: tuple[str, ...] = ()
    runs_dir: str | None = None

    def inputs(self) -> dict[str, Any]:
        """Column -> value of every override (the input half of a sweep row)."""
        return {o.column: o.cell for o in self.overrides}

    def override_texts(self) -> list[str]:
        """``KEY=VALUE`` texts for :func:`siting.scenario.apply_overrides`, relative values resolved."""
        texts = list(self.fixed)
        for o in self.overrides:
            keys = _expand(o.key, self.base)
            for k in keys:
                if o.op == "set":
                    value = o.value
                else:
                    base = _get(self.base, k)
                    if not isinstance(base, (int, float)) or isinstance(base, bool):
                        raise ScenarioError(Problem(self.source, f"'{k}' has no number to scale or shift "
                                                    f"(base value {base!r})", "use a plain value for this key"))
                    value = base * o.value if o.op == "times" else base + o.value
                texts.append(f"{k}={toml_value(value)}")
        return texts

    def scenario(self) -> Scenario:
        """The scenario: base + fixed settings + overrides, with every scenario check."""
        import copy

        data = apply_overrides(copy.deepcopy(self.base), self.override_texts())
        return scenario_from_dict(data, f"{self.source} [{self.scenario_id}]", Path(self.base_dir))


def _get(data: dict[str, Any], key: str) -> Any:
    node: Any = data
    for k in key.split("."):
        if not isinstance(node, dict) or k not in node:
            return None
        node = node[k]
    return node


def _expand(key: str, base: dict[str, Any]) -> list[str]:
    if not key.endswith(".*"):
        return [key]
    table = _get(base, key[:-2])
    if not isinstance(table, dict) or not table:
        raise ScenarioError(Problem(key, "'.*' needs a table of values in the base scenario",
                                    "use '.*' on keys such as candidates.connection_cost_jpy_per_km"))
    return [f"{key[:-2]}.{k}" for k in sorted(table)]


def toml_value(value: Any) -> str:
    """A Python value as a TOML value (what ``apply_overrides`` parses back)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        v = float(value)
        return ("nan" if math.isnan(v) else ("inf" if v > 0 else "-inf")) if not math.isfinite(v) else repr(v)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{json.dumps(str(k))} = {toml_value(v)}" for k, v in value.items()) + " }"
    raise ScenarioError(Problem("sweep", f"value {value!r} cannot be written as TOML",
                                "use numbers, strings, booleans, lists or tables"))


# --- the resolved sweep -----------------------------------------------------------------------------------------
@dataclass
class SweepSpec:
    """A validated sweep: its base scenario (resolved) and one override list per scenario."""

    name: str
    path: Path
    base_path: Path
    base: dict[str, Any]
    time_limit_s: float | None
    fixed: list[str]
    scenarios: list[tuple[str, tuple[Override, ...]]]
    description: str = ""
    design: dict[str, Any] = field(default_factory=dict)

    def base_scenario(self) -> Scenario:
        return scenario_from_dict(dict(self.base), str(self.base_path), self.base_path.parent)

    def tasks(self, time_limit_s: float | None = None, runs_dir: Path | None = None) -> list[ScenarioTask]:
        """One task per scenario; ``time_limit_s`` (e.g. from the CLI) beats the sweep file's."""
        limit = time_limit_s if time_limit_s is not None else self.time_limit_s
        fixed = ["solver.threads=1", *self.fixed]  # one HiGHS thread per scenario: workers do not oversubscribe
        if limit is not None:
            fixed.append(f"solver.time_limit_s={toml_value(float(limit))}")
        base_name = str(self.base.get("name", "scenario"))
        return [ScenarioTask(sid, self.base, str(self.base_path.parent), str(self.base_path), ovs,
                             (*fixed, f"name={toml_value(f'{base_name}-{sid}')}"),
                             None if runs_dir is None else str(runs_dir))
                for sid, ovs in self.scenarios]


def _draw(dist: Uniform | Normal | Choice, rng: np.random.Generator, n: int) -> list[tuple[Op, Any]]:
    if isinstance(dist, Choice):
        picks = rng.integers(0, len(dist.values), size=n)
        return [("set", dist.values[int(i)]) for i in picks]
    if isinstance(dist, Uniform):
        xs = rng.uniform(dist.low, dist.high, size=n)
    else:
        xs = rng.normal(dist.mean, dist.sd, size=n)
        if dist.clip is not None:
            xs = np.clip(xs, *dist.clip)
    return [(dist.apply, float(x)) for x in xs]


def expand(sweep: SweepFile) -> list[tuple[str, tuple[Override, ...]]]:
    """Scenario ids and their overrides: the grid's Cartesian product in file order, or the Monte Carlo draws."""
    if sweep.grid is not None:
        axes = [_ops(k, v) for k, v in sweep.grid.items()]
        combos = list(itertools.product(*axes))
    else:
        mc = sweep.monte_carlo
        assert mc is not None
        rng = np.random.default_rng(mc.seed)
        columns = []
        for key in mc.draws:  # file order, so the same file and seed give the same draws
            draws = _draw(mc.draws[key], rng, mc.samples)
            op = "times" if key.endswith(".*") and draws[0][0] == "set" else None
            columns.append([Override(key, op or o, v) for o, v in draws])  # type: ignore[arg-type]
        combos = list(zip(*columns, strict=True)) if columns else [() for _ in range(mc.samples)]
    width = max(2, len(str(len(combos) - 1)))
    return [(f"s{i:0{width}d}", tuple(c)) for i, c in enumerate(combos)]


def parse_sweep(data: dict[str, Any], path: Path) -> SweepSpec:
    """Validate sweep data read from ``path`` and resolve its base scenario and scenarios."""
    source = str(path)
    try:
        sweep = SweepFile.model_validate(data)
    except ValidationError as exc:
        raise SweepError(validation_problems(source, exc, _FIX, skip=("draws",))) from None
    except ValueError as exc:  # raised while collecting draws
        raise SweepError(Problem(source, str(exc), f"correct the sweep file ({_FIX})")) from None
    keys = list(sweep.grid or {}) + list(sweep.monte_carlo.draws if sweep.monte_carlo else {}) + list(sweep.fixed)
    bad = [msg for k in keys if (msg := check_key(k.removesuffix(".*") if k.endswith(".*") else k))]
    if bad:
        raise SweepError([Problem(source, msg, f"use a dotted scenario key such as policy.max_regions ({_FIX})")
                          for msg in bad])
    try:
        scenarios = expand(sweep)
    except ValueError as exc:
        raise SweepError(Problem(source, str(exc), f"correct the [grid] values ({_FIX})")) from None
    base_path = base_scenario_path(path, sweep.base)  # a file beside the sweep, or a bundled scenario's name
    base = load_scenario(base_path).model_dump(mode="json")
    fixed = [f"{k}={toml_value(v)}" for k, v in sweep.fixed.items()]
    design = {"grid": sweep.grid} if sweep.grid is not None else {
        "monte_carlo": sweep.monte_carlo.model_dump(mode="json") if sweep.monte_carlo else None}
    return SweepSpec(sweep.name or path.stem, path.resolve(), base_path, base, sweep.time_limit_s, fixed,
                     scenarios, sweep.description, design)


def load_sweep(path: str | Path) -> SweepSpec:
    """Read and validate a sweep TOML file.

    Raises
    ------
    SweepError
        The file is missing or not TOML, or has unknown keys, wrong types or keys that name no scenario value;
        one line per problem. A broken base scenario raises :class:`ScenarioError`.
    """
    path = Path(path)
    data = read_toml(path, "sweep", "models/reference-sweep.toml", SweepError)
    return parse_sweep(data, path)

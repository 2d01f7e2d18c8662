"""Scenario value types and checks beyond pydantic's own: year bounds, the keys of year and voltage tables, and
the voltage tables that must agree (:mod:`siting.scenario` uses them; each error names the key and the fix)."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Annotated, Any, get_args, get_origin

from pydantic import AfterValidator, BaseModel, Field

from siting.errors import Problem, ScenarioError

#: Planning years a scenario may name (the model's horizon and the data's tables end well inside it).
YEAR_RANGE = (2000, 2100)
Year = Annotated[int, Field(ge=YEAR_RANGE[0], le=YEAR_RANGE[1])]


def _is_kv(key: str) -> bool:
    try:
        return 0 < float(key) <= 1500
    except ValueError:
        return False


def voltage_keys(v: dict[str, float]) -> dict[str, float]:
    """The keys of a table by voltage class must be kV numbers (``"275"``)."""
    bad = [k for k in v if not _is_kv(k)]
    if bad:
        raise ValueError(f"unknown key(s) {bad}: the keys are voltage classes in kV, e.g. \"275\"")
    if not v:
        raise ValueError("needs at least one voltage class, e.g. { \"275\" = ... }")
    return v


def year_keys(v: dict[str, float]) -> dict[str, float]:
    """The keys of a table by year must be years in :data:`YEAR_RANGE` (``"2030"``)."""
    bad = [k for k in v if not (k.isdigit() and YEAR_RANGE[0] <= int(k) <= YEAR_RANGE[1])]
    if bad:
        raise ValueError(f"unknown key(s) {bad}: the keys are years {YEAR_RANGE[0]}-{YEAR_RANGE[1]}, e.g. \"2030\"")
    return v


#: A table by substation voltage class (keys: kV as text).
ByVoltage = Annotated[dict[str, Annotated[float, Field(ge=0)]], AfterValidator(voltage_keys)]


def check_voltage_tables(radius: dict[str, float], cost: dict[str, float], fixed: dict[str, float]) -> None:
    """Every class with a connection radius has a cost per km and a fixed cost; radii are positive; costs are
    below any real value (a thousand-fold unit slip is named)."""
    missing = sorted(set(radius) - (set(cost) & set(fixed)), key=float)
    if missing:
        raise ValueError(f"voltage class(es) {missing} have a connection_radius_km but no "
                         "connection_cost_jpy_per_km or connection_fixed_jpy; give each class all three")
    zero = sorted((k for k, v in radius.items() if v <= 0), key=float)
    if zero:
        raise ValueError(f"connection_radius_km of class(es) {zero} must be > 0 (leave a class out instead)")
    for name, table, high in (("connection_cost_jpy_per_km", cost, 1e11), ("connection_fixed_jpy", fixed, 1e12)):
        big = sorted((k for k, v in table.items() if v > high), key=float)
        if big:
            raise ValueError(f"{name} of class(es) {big} is above {high:.0e} JPY: check the unit (JPY, not "
                             "thousand JPY)")


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model a field holds, if it holds one (``Policy``, ``Policy | None``)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if get_origin(annotation) in (dict, list, tuple):  # a table of free keys, or a list: not one model
        return None
    for arg in get_args(annotation):
        found = _model_of(arg)
        if found is not None:
            return found
    return None


def unknown_key(root: type[BaseModel], keys: list[str]) -> tuple[str, list[str]] | None:
    """``None`` when the dotted key ``keys`` names a field of ``root`` (or lies inside a free-form table);
    otherwise (the first unknown part as a dotted key, the close matches among its siblings)."""
    model: type[BaseModel] | None = root
    for i, key in enumerate(keys):
        if model is None:  # a table with free keys (layers, years, voltage classes): its own checks apply
            return None
        fields = model.model_fields
        if key not in fields:
            prefix = ".".join(keys[:i])
            close = difflib.get_close_matches(key, list(fields), n=3, cutoff=0.6)
            return ".".join(keys[: i + 1]), [f"{prefix}.{c}" if prefix else c for c in close]
        model = _model_of(fields[key].annotation)
    return None


def did_you_mean(close: list[str]) -> str:
    """``did you mean 'policy.max_regions'?`` or the empty string."""
    return "did you mean " + " or ".join(f"'{c}'" for c in close) + "? " if close else ""


def base_scenario_path(path: Path, base: str) -> Path:
    """The file ``base`` names: a path relative to the scenario's folder, or the name of a bundled scenario
    (``"reference"``, ``"reference-unconstrained"``)."""
    own = (path.resolve().parent / base).resolve()
    if own.exists() or "/" in base or "\\" in base:
        return own
    from siting.bundled import models_dir

    bundled = models_dir() / (base if base.endswith(".toml") else f"{base}.toml")
    if bundled.exists():
        return bundled.resolve()
    names = ", ".join(sorted(p.stem for p in models_dir().glob("*.toml") if not p.stem.endswith("-sweep")))
    raise ScenarioError(Problem(str(path), f"'base' = {base!r} is neither a file beside the scenario nor a bundled "
                                "scenario", f"give a path relative to the scenario, or one of: {names}"))

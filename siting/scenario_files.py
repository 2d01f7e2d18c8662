"""Reading scenario and sweep files: TOML with one clear line per syntax or encoding problem, ``--set KEY=VALUE``
overrides applied to the raw data before validation, and the key-by-key merge of a scenario over its ``base``."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from siting.errors import Problem, ScenarioError, SitingError
from siting.scenario_checks import did_you_mean


def parse_override(text: str) -> tuple[list[str], Any]:
    """Parse ``KEY=VALUE`` from ``--set``; the value is read as TOML (``2``, ``0.5``, ``["Tokyo"]``, ``true``)
    and taken as a plain string when it is not valid TOML."""
    if "=" not in text:
        raise ScenarioError(Problem("--set", f"'{text}' is not KEY=VALUE", "write e.g. --set policy.max_regions=4"))
    key, raw = text.split("=", 1)
    try:
        value = tomllib.loads(f"v = {raw.strip()}")["v"]
    except tomllib.TOMLDecodeError:
        value = raw.strip()
    return [k.strip() for k in key.split(".")], value


def apply_overrides(data: dict[str, Any], overrides: list[str],
                    unknown: Callable[[list[str]], tuple[str, list[str]] | None] | None = None) -> dict[str, Any]:
    """Apply ``--set`` overrides to raw data (before validation, so the same checks apply). ``unknown`` (e.g.
    :func:`siting.scenario_checks.unknown_key` of the scenario schema) names a key that does not exist and the
    keys it may have meant: an error of the override."""
    for text in overrides:
        keys, value = parse_override(text)
        wrong = unknown(keys) if unknown is not None else None
        if wrong is not None:
            raise ScenarioError(Problem(f"--set {text}", f"unknown key '{wrong[0]}'",
                                        f"{did_you_mean(wrong[1])}see models/reference.toml for the keys"))
        node = data
        for k in keys[:-1]:
            node = node.setdefault(k, {})
            if not isinstance(node, dict):
                raise ScenarioError(Problem("--set", f"'{'.'.join(keys)}': '{k}' is not a table",
                                            "set a key inside a section, e.g. policy.max_regions"))
        node[keys[-1]] = value
    return data


def merge_tables(base: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    """``child`` over ``base``: tables merge key by key, lists and values replace."""
    out = dict(base)
    for key, value in child.items():
        both = isinstance(value, dict) and isinstance(out.get(key), dict)
        out[key] = merge_tables(out[key], value) if both else value
    return out


def read_toml(path: Path, what: str, example: str, error: type[SitingError]) -> dict[str, Any]:
    """Parse a TOML file (scenario, sweep) or raise ``error`` with one line saying what is wrong and the fix."""
    if not path.exists():
        raise error(Problem(str(path), f"{what} file does not exist", f"check the path; {example} is the bundled "
                            "example"))
    try:
        return tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise error(Problem(str(path), f"{what} is not UTF-8 text", "save it as UTF-8")) from exc
    except tomllib.TOMLDecodeError as exc:
        raise error(Problem(str(path), f"not valid TOML ({exc})", "fix the syntax at the line named")) from exc

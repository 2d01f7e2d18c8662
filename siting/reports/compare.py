"""What differs between two run folders: scenario keys, ``--set`` overrides, designated regions, IT MW by year
and the cost terms. ``siting compare`` prints it and its map shows it; both name the runs by their folders.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from siting.maps.inputs import RunData

#: Scenario keys left out of the diff: free text.
IGNORED_KEYS = ("description",)


@dataclass(frozen=True)
class RunDiff:
    """Run B against run A. Values are as the runs wrote them (JPY, MW); ``None`` where a run has none."""

    label_a: str
    label_b: str
    scenario_keys: list[tuple[str, Any, Any]]  # (dotted key, A, B) where they differ
    overrides_a: list[str]  # --set overrides of A that B has not
    overrides_b: list[str]
    added: list[tuple[str, str]]  # (region id, name) designated in B only
    removed: list[tuple[str, str]]  # designated in A only
    mw_by_year: list[tuple[int, float | None, float | None]]
    costs: list[tuple[str, float | None, float | None]]  # objective terms, then "total"


def labels(a: RunData, b: RunData) -> tuple[str, str]:
    """The runs' folder names; their parent folder too where the names are the same."""
    la, lb = a.folder.name, b.folder.name
    if la == lb:
        la, lb = f"{a.folder.parent.name}/{la}", f"{b.folder.parent.name}/{lb}"
    return la, lb


def flatten(tree: Any, prefix: str = "") -> dict[str, Any]:
    """``{"a": {"b": 1}}`` -> ``{"a.b": 1}``; lists stay values."""
    if not isinstance(tree, dict):
        return {prefix: tree}
    out: dict[str, Any] = {}
    for k, v in tree.items():
        out.update(flatten(v, f"{prefix}.{k}" if prefix else str(k)))
    return out


def _designated(d: RunData) -> dict[str, str]:
    r = d.results["regions"]
    des = r[r["designated"].astype(bool)]
    return {str(i): str(n) for i, n in zip(des["region_id"], des["name"], strict=True)}


def _number(x: Any) -> float | None:
    return float(x) if isinstance(x, (int, float)) and not isinstance(x, bool) else None


def diff_runs(a: RunData, b: RunData) -> RunDiff:
    """Run B against run A."""
    sa, sb = flatten(a.manifest.get("scenario") or {}), flatten(b.manifest.get("scenario") or {})
    keys = [k for k in dict.fromkeys([*sa, *sb]) if k.split(".")[0] not in IGNORED_KEYS]
    changed = [(k, sa.get(k), sb.get(k)) for k in keys
               if json.dumps(sa.get(k), sort_keys=True, default=str) != json.dumps(sb.get(k), sort_keys=True,
                                                                                   default=str)]
    oa, ob = [str(o) for o in a.manifest.get("overrides") or []], [str(o) for o in b.manifest.get("overrides") or []]
    da, db = _designated(a), _designated(b)
    ya, yb = a.summary.get("mw_by_year") or {}, b.summary.get("mw_by_year") or {}
    years = sorted({int(y) for y in [*ya, *yb]})
    ta, tb = a.summary.get("objective_terms_jpy") or {}, b.summary.get("objective_terms_jpy") or {}
    costs = [(k, _number(ta.get(k)), _number(tb.get(k))) for k in dict.fromkeys([*ta, *tb])]
    costs.append(("total", _number(a.summary.get("objective_jpy")), _number(b.summary.get("objective_jpy"))))
    return RunDiff(*labels(a, b), changed, [o for o in oa if o not in ob], [o for o in ob if o not in oa],
                   [(r, db[r]) for r in db if r not in da], [(r, da[r]) for r in da if r not in db],
                   [(y, _number(ya.get(str(y))), _number(yb.get(str(y)))) for y in years], costs)

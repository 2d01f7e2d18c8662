"""Proof against published optima: the project's model code reproduces Beasley's OR-Library CFLP optima.

With one year, no grid/water/decarbonised layers and demand nodes as customers, the siting model is the
capacitated facility location problem (:mod:`siting.model.orlib`). Every small instance in
``shared/data/orlib-cap/instances`` is solved at its capacity in ``capopt.txt`` and must give the published
optimum to a relative 1e-6. The numbered instances that are not stored are rebuilt from cap7x/cap10x/cap13x by
substituting the capacity (PROVENANCE.md: same fixed costs, demands and costs within a size class); they are
checks of that derivation. capa/capb/capc (100 x 1000) are too slow for the test suite: benchmarks/orlib.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from siting.errors import InputError
from siting.model.build import build_model
from siting.model.orlib import orlib_model_data, read_orlib
from siting.solve.highs import SolveOptions, solve_model

ORLIB = Path(__file__).resolve().parents[2] / "shared" / "data" / "orlib-cap"
INSTANCES = ORLIB / "instances"
LARGE = {"capa", "capb", "capc"}
#: Instances not stored, rebuilt from a stored one by substituting the capacity of capopt.txt:
#: cap4k/cap6k from cap7k, cap51 from cap73 (fixed cost 17500, Beasley 1988 Table 1), cap8k/cap9k from cap10k,
#: cap11k/cap12k from cap13k.
DERIVED = {
    **{f"cap4{k}": f"cap7{k}" for k in (2, 3, 4)}, "cap51": "cap73", **{f"cap6{k}": f"cap7{k}" for k in (1, 2, 3, 4)},
    **{f"cap8{k}": f"cap10{k}" for k in (1, 2, 3, 4)}, **{f"cap9{k}": f"cap10{k}" for k in (2, 3, 4)},
    **{f"cap11{k}": f"cap13{k}" for k in (1, 2, 3, 4)}, **{f"cap12{k}": f"cap13{k}" for k in (1, 2, 3, 4)},
}


def capopt() -> list[tuple[str, float, float]]:
    """(instance, capacity, published optimum) rows of capopt.txt; empty if the shared data are missing."""
    path = ORLIB / "capopt.txt"
    if not path.exists():
        return []
    rows = []
    for line in path.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _m, _n, cap, opt = line.split()
            rows.append((name, float(cap), float(opt)))
    return rows


STORED = [(n, c, o) for n, c, o in capopt() if n not in LARGE and (INSTANCES / f"{n}.txt").exists()]
REBUILT = [(n, c, o) for n, c, o in capopt() if n in DERIVED]
needs_data = pytest.mark.skipif(not ORLIB.exists(), reason=f"shared data not found at {ORLIB}")


def solve_objective(path: Path, capacity: float) -> float:
    model = build_model(orlib_model_data(read_orlib(path, capacity)))
    result, _ = solve_model(model, SolveOptions(time_limit_s=60, mip_gap=1e-8, threads=1))
    assert result.status == "optimal", result.describe()
    assert result.objective is not None
    return result.objective


@needs_data
def test_every_small_instance_is_in_capopt() -> None:
    assert len(STORED) == 14  # cap41, cap71-74, cap91, cap101-104, cap131-134
    assert len(REBUILT) == 23


@needs_data
@pytest.mark.parametrize(("name", "capacity", "optimum"), STORED, ids=[n for n, _, _ in STORED])
def test_stored_instance_reaches_published_optimum(name: str, capacity: float, optimum: float) -> None:
    assert solve_objective(INSTANCES / f"{name}.txt", capacity) == pytest.approx(optimum, rel=1e-6)


@needs_data
@pytest.mark.parametrize(("name", "capacity", "optimum"), REBUILT, ids=[f"{n}<{DERIVED[n]}" for n, _, _ in REBUILT])
def test_rebuilt_instance_reaches_published_optimum(name: str, capacity: float, optimum: float) -> None:
    """Checks the derivation of PROVENANCE.md as much as the model."""
    assert solve_objective(INSTANCES / f"{DERIVED[name]}.txt", capacity) == pytest.approx(optimum, rel=1e-6)


@needs_data
def test_capa_without_capacity_names_the_fix() -> None:
    with pytest.raises(InputError, match=r"capacity.*fix: give the capacity to use, e\.g\. --capacity"):
        read_orlib(INSTANCES / "capa.txt")

"""Proof against published optima: the project's model code reproduces Beasley's OR-Library CFLP optima.

With one year, no grid/water/decarbonised layers and demand nodes as customers, the siting model is the
capacitated facility location problem (:mod:`benchmarks.orlib_cfl`). Every small instance in
``tests/data/orlib-cap/instances`` (J. E. Beasley's OR-Library, J. Oper. Res. Soc. 41 (1990) 1069-1072) is
solved at its capacity in ``capopt.txt`` and must give the published
optimum to a relative 1e-6. The numbered instances that are not stored are rebuilt from cap7x/cap10x/cap13x by
substituting the capacity (PROVENANCE.md: same fixed costs, demands and costs within a size class); they are
checks of that derivation. capa/capb/capc (100 x 1000) take 10-50 s each with Lagrangian fixing
(benchmarks/orlib.py --fixing); only capb @ 5000, the quickest, is in the suite (marked slow).
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from benchmarks.orlib import solve_with_fixing
from benchmarks.orlib_cfl import lagrangian_bounds, lagrangian_pairs, orlib_model_data, read_orlib
from siting.errors import InputError
from siting.model.build import build_model
from siting.model.constraints.cuts import minimum_regions
from siting.model.data import ModelData
from siting.solve.highs import SolveOptions, solve_model
from siting.units import is_on

ORLIB = Path(__file__).resolve().parent / "data" / "orlib-cap"  # Beasley's OR-Library (PROVENANCE.md)
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
    """(instance, capacity, published optimum) rows of capopt.txt."""
    path = ORLIB / "capopt.txt"
    rows = []
    for line in path.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _m, _n, cap, opt = line.split()
            rows.append((name, float(cap), float(opt)))
    return rows


STORED = [(n, c, o) for n, c, o in capopt() if n not in LARGE and (INSTANCES / f"{n}.txt").exists()]
REBUILT = [(n, c, o) for n, c, o in capopt() if n in DERIVED]


def solve_objective(path: Path, capacity: float) -> float:
    model, rows = build_model(orlib_model_data(read_orlib(path, capacity)))
    result, _ = solve_model(model, SolveOptions(time_limit_s=60, mip_gap=1e-8, threads=1), rows=rows)
    assert result.status == "optimal", result.describe()
    assert result.objective is not None
    return result.objective


def test_every_small_instance_is_in_capopt() -> None:
    assert len(STORED) == 14  # cap41, cap71-74, cap91, cap101-104, cap131-134
    assert len(REBUILT) == 23


@pytest.mark.parametrize(("name", "capacity", "optimum"), STORED, ids=[n for n, _, _ in STORED])
def test_stored_instance_reaches_published_optimum(name: str, capacity: float, optimum: float) -> None:
    assert solve_objective(INSTANCES / f"{name}.txt", capacity) == pytest.approx(optimum, rel=1e-6)


@pytest.mark.parametrize(("name", "capacity", "optimum"), REBUILT, ids=[f"{n}<{DERIVED[n]}" for n, _, _ in REBUILT])
def test_rebuilt_instance_reaches_published_optimum(name: str, capacity: float, optimum: float) -> None:
    """Checks the derivation of PROVENANCE.md as much as the model."""
    assert solve_objective(INSTANCES / f"{DERIVED[name]}.txt", capacity) == pytest.approx(optimum, rel=1e-6)


def test_capa_without_capacity_names_the_fix() -> None:
    with pytest.raises(InputError, match=r"capacity.*fix: give the capacity to use, e\.g\. --capacity"):
        read_orlib(INSTANCES / "capa.txt")


def test_minimum_facility_count_cut_is_in_the_model_and_keeps_the_optimum() -> None:
    inst = read_orlib(INSTANCES / "cap41.txt", 5000)
    data = orlib_model_data(inst)
    assert minimum_regions(data) == math.ceil(sum(inst.demand) / 5000)
    model = build_model(data).model
    assert model.region_cover.lower == minimum_regions(data)
    plain = build_model(orlib_model_data(inst, min_region_count_cut=False)).model
    assert not hasattr(plain, "region_cover")


def test_minimum_region_count_uses_the_largest_capacities_and_needs_served_demand() -> None:
    d = ModelData(years=[1], decision_year=0, end_year=2, region_ids=["a", "b", "c"],
                  region_fixed_cost_jpy=[1.0, 1.0, 1.0], region_min_mw=[0.0] * 3, site_ids=["a", "b", "c"],
                  site_region=[0, 1, 2], site_cap_mw=[50.0, 30.0, 20.0], node_ids=["n"], demand_mw=[[60.0]],
                  allow_unserved=False, min_region_count_cut=True)
    assert minimum_regions(d) == 2  # 50 alone falls short of 60; 50 + 30 covers it
    assert hasattr(build_model(d).model, "region_cover")
    d.allow_unserved = True  # unserved demand allowed: the cut would not be valid
    assert not hasattr(build_model(d).model, "region_cover")


@pytest.mark.parametrize(("name", "capacity"), [("cap41", 5000), ("cap91", 15000), ("cap131", 58268)])
def test_lagrangian_fixing_keeps_the_published_optimum(name: str, capacity: float) -> None:
    optimum = next(o for n, c, o in capopt() if n == name and c == capacity)
    inst = read_orlib(INSTANCES / f"{name}.txt", capacity)
    lag = lagrangian_bounds(inst, iterations=300)
    assert lag.bound <= optimum * (1 + 1e-9)
    assert lag.upper >= optimum * (1 - 1e-9)  # the rounded plan is a real plan
    full, rows = build_model(orlib_model_data(inst))
    solve_model(full, SolveOptions(time_limit_s=60, mip_gap=1e-8, threads=1), rows=rows)
    is_open = [is_on(full.z[g].value) for g in full.G]
    # Each bound holds for the optimal plan: it opens only facilities whose open-bound is <= its objective.
    for i, was_open in enumerate(is_open):
        assert (lag.if_open[i] if was_open else lag.if_closed[i]) <= optimum * (1 + 1e-9)
    closed, opened = lag.fixing(lag.upper)
    model, rows = build_model(orlib_model_data(inst, closed, opened))
    result, _ = solve_model(model, SolveOptions(time_limit_s=60, mip_gap=1e-8, threads=1), rows=rows)
    assert result.status == "optimal", result.describe()
    assert result.objective == pytest.approx(optimum, rel=1e-6)


def test_strong_linking_on_lagrangian_pairs_only_keeps_the_optimum() -> None:
    inst = read_orlib(INSTANCES / "cap131.txt", 58268)
    lag = lagrangian_bounds(inst, iterations=300)
    linked = lagrangian_pairs(inst, lag.multipliers)
    data = orlib_model_data(inst, linked=linked)
    assert not data.strong_linking
    assert 0 < len(data.link_pairs) == len(linked) < len(data.pair_node)
    model, rows = build_model(data)
    assert len(model.pair_link) == len(linked)
    result, _ = solve_model(model, SolveOptions(time_limit_s=60, mip_gap=1e-8, threads=1), rows=rows)
    assert result.objective == pytest.approx(793439.562, rel=1e-6)


@pytest.mark.slow
def test_capb_5000_is_proven_optimal_with_lagrangian_fixing() -> None:
    """The benchmark's route for capa/capb/capc (benchmarks/RESULTS-orlib.md), on its quickest pair (~10 s)."""
    inst = read_orlib(INSTANCES / "capb.txt", 5000)
    result, fixing, _build, _handoff = solve_with_fixing(inst, SolveOptions(time_limit_s=120, mip_gap=1e-6), {})
    assert result.status == "optimal", result.describe()
    assert result.gap is not None and result.gap <= 1e-6
    assert result.objective == pytest.approx(13656379.578, rel=1e-6)
    assert fixing.closed + fixing.opened > 0

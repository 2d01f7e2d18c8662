"""Decarbonised supply by regulator status (vintage 2026-12): which nuclear units supply, from when, and the
solar / wind / hydro rows by grid area."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

import siting
from siting.bundled import reference_scenario
from siting.candidates.model_data import decarbonised_gwh, supply_rows
from siting.cli.main import app
from siting.errors import InputError, ScenarioError
from siting.layers.load import LayerSet, load_layer
from siting.layers.schema import GRID_AREAS
from siting.scenario import scenario_from_dict

HEADER = "supply_id,name,kind,capacity_mw,capacity_factor,annual_gwh,status,online_year,area,lon,lat\n"
#: One unit per case, all in Kyushu; 1,000 MW at capacity factor 0.5 = 4,380 GWh a year.
ROWS = (
    "op,operating since 2015,nuclear,1000,0.5,,operating,2015,Kyushu,130.2,31.8\n"
    "appr-2029,approved with an announced year,nuclear,1000,0.5,,approved-awaiting-restart,2029,Kyushu,130.2,31.9\n"
    "appr,approved without a year,nuclear,1000,0.5,,approved-awaiting-restart,,Kyushu,130.2,32.0\n"
    "rev-2030,under review with a target,nuclear,1000,0.5,,under-review,2030,Kyushu,130.2,32.1\n"
    "halted,review halted,nuclear,1000,0.5,,review-halted,,Kyushu,130.3,31.8\n"
    "never,never applied,nuclear,1000,0.5,,not-applied,,Kyushu,130.3,31.9\n"
    "rejected,rejected,nuclear,1000,0.5,,rejected,,Kyushu,130.3,32.0\n"
    "wind,offshore zone,wind,100,0.5,,planned,2032,Kyushu,130.3,32.1\n"
    "area-re,area solar and wind,solar_wind,,,1000,operating,2024,Kyushu,130.4,32.2\n"
)
YEARS = [2028, 2030, 2034, 2040]


def _layers(tmp_path: Path, rows: str = ROWS) -> LayerSet:
    path = tmp_path / "supply.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    return LayerSet({"decarbonised_supply": load_layer("decarbonised_supply", path)})


def _kyushu(layers: LayerSet, **decarbonised: object) -> list[float]:
    sc = scenario_from_dict({"years": {"planning": YEARS}, "decarbonised": {"available_share": 0.5, **decarbonised}})
    return decarbonised_gwh(layers, sc, list(GRID_AREAS))[GRID_AREAS.index("Kyushu")]


def test_each_status_supplies_from_its_earliest_year(tmp_path: Path) -> None:
    """Default rule: operating 2026, approved-awaiting-restart 2028, under-review 2035, the rest never.
    By hand, x 0.5 share: 2028 op + appr + area 1,000 = 2 x 4,380 + 1,000 = 9,760 -> 4,880; 2030 adds appr-2029
    (14,140 -> 7,070); 2034 adds the wind zone (2032: 438 -> 7,289); 2040 adds rev-2030, whose floor is 2035
    (18,958 -> 9,479). The halted, never-applied and rejected units add nothing in any year."""
    assert _kyushu(_layers(tmp_path)) == pytest.approx([4880.0, 7070.0, 7289.0, 9479.0])


def test_a_scenario_can_let_a_halted_review_supply(tmp_path: Path) -> None:
    rule = {"operating": 2026, "approved-awaiting-restart": 2028, "under-review": 2035, "review-halted": 2034}
    got = _kyushu(_layers(tmp_path), nuclear_earliest_year=rule)
    assert got == pytest.approx([4880.0, 7070.0, 7289.0 + 2190.0, 9479.0 + 2190.0])
    # and a stricter one: only operating units, and no planned wind
    strict = _kyushu(_layers(tmp_path), nuclear_earliest_year={"operating": 2026}, count_statuses=["operating"])
    assert strict == pytest.approx([0.5 * (4380.0 + 1000.0)] * 4)


def test_no_halted_rejected_or_never_applied_unit_supplies_in_the_reference_run() -> None:
    sc = siting.load_scenario(reference_scenario())
    layers = siting.load_layers(sc)
    sup = layers["decarbonised_supply"]
    rows = supply_rows(layers, sc)
    nuclear = sup["kind"] == "nuclear"
    out = nuclear & sup["status"].isin(["review-halted", "not-applied", "rejected", "decommissioning"])
    named = dict(zip(sup["name"], sup["status"], strict=True))
    assert named["Hamaoka unit 3"] == named["Hamaoka unit 4"] == "review-halted"
    assert named["Tsuruga unit 2"] == "rejected"
    assert {named[f"Kashiwazaki-Kariwa unit {u}"] for u in range(1, 6)} == {"not-applied"}
    assert out.sum() == 12 and rows.loc[out, "first_year"].isna().all()
    # the model's table is the same without those rows: they contribute nothing in any year or area
    kept = LayerSet({**layers.layers, "decarbonised_supply": replace(layers.layers["decarbonised_supply"],
                                                                      frame=sup[~out])})
    assert np.allclose(decarbonised_gwh(layers, sc, list(GRID_AREAS)), decarbonised_gwh(kept, sc, list(GRID_AREAS)))
    # operating units do supply: Kyushu's four reactors and its solar+wind
    assert rows.loc[nuclear & (sup["area"] == "Kyushu"), "first_year"].max() <= YEARS[0]


def test_bundled_area_renewables_carry_published_energy() -> None:
    sup = siting.load_layers(siting.load_scenario(reference_scenario()))["decarbonised_supply"]
    area = sup[sup["supply_id"].str.startswith("area-")].set_index("supply_id")
    # METI's FY2024 curtailment figures give solar+wind energy for nine areas; Tokyo's solar is an estimate
    assert area.loc["area-kyushu-solar-wind", "annual_gwh"] == 14875
    assert area.loc["area-hokkaido-hydro", "annual_gwh"] == 5797
    # general hydro of the other areas: METI's regional table of developed sites (2004), an estimate by area
    chubu = area.loc["area-chubu-hydro"]
    assert chubu["annual_gwh"] == 24596 and "annual_gwh" in chubu["estimated"]
    assert not (sup["supply_id"].str.startswith("hyd-")).any()  # the large plants are inside the area totals
    assert "annual_gwh" in area.loc["area-tokyo-solar", "estimated"]
    assert set(area["area"]) == set(GRID_AREAS)
    assert area["capacity_mw"].isna().sum() == 15  # unknown capacity stays unknown (6 solar+wind, 9 hydro)


def test_retired_status_names_the_fix(tmp_path: Path) -> None:
    rows = "old,a unit,nuclear,1000,0.8,,restart-pending,2035,Kyushu,130.2,31.8\n"
    with pytest.raises(InputError) as err:
        _layers(tmp_path, rows)
    text = str(err.value)
    assert "'restart-pending'" in text and "approved-awaiting-restart" in text and "old" in text
    res = CliRunner().invoke(app, ["validate", "--layer", f"decarbonised_supply={tmp_path / 'supply.csv'}"])
    assert res.exit_code == 2 and "no longer has" in res.output


def test_retired_count_status_names_the_fix() -> None:
    with pytest.raises(ScenarioError, match="nuclear_earliest_year"):
        scenario_from_dict({"decarbonised": {"count_statuses": ["operating", "restart-pending", "planned"]}})
    with pytest.raises(ScenarioError, match=r"decarbonised\.nuclear_earliest_year"):
        scenario_from_dict({"decarbonised": {"nuclear_earliest_year": {"restart-pending": 2030}}})

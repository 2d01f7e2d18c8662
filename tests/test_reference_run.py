"""The national reference through the CLI: the honest gap on the terminal, no new region in the Tokyo area,
near-optimal alternatives with a robust core, and region rows that add up to the objective."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from siting.bundled import reference_scenario
from siting.cli.main import app


@pytest.fixture(scope="module")
def reference_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("ref") / "run"
    result = CliRunner().invoke(app, ["run", str(reference_scenario()), "--out", str(out), "--no-map",
                                      "--alternatives", "3"])
    assert result.exit_code == 0, result.output
    return out, result.output


def test_reference_prints_both_gaps_and_designates_nothing_new_in_tokyo(reference_run) -> None:  # type: ignore[no-untyped-def]
    out, text = reference_run
    s = json.loads((out / "summary.json").read_text())
    flat = " ".join(text.split())
    assert f"absolute gap {s['gap_jpy'] / 1e9:,.1f} bn JPY" in flat
    assert f"{100 * s['mip_gap']:.3g} % of the avoidable cost {s['avoidable_cost_jpy'] / 1e9:,.1f} bn JPY" in flat
    assert s["unavoidable_delay_jpy"] > 0 and s["mip_gap"] <= s["mip_gap_requested"]
    assert s["avoidable_cost_jpy"] == pytest.approx(s["objective_jpy"] - s["unavoidable_delay_jpy"])
    regions = pd.read_csv(out / "regions.csv")
    new = regions[regions["designated"] & ~regions["existing"]]
    assert len(new) and not (new["area"] == "Tokyo").any()
    tokyo = regions[regions["designated"] & (regions["area"] == "Tokyo")]
    assert (tokyo["mw_2040"] == tokyo["committed_mw_2040"]).all()  # today's clusters: committed capacity only
    costs = {"designation_jpy": "designation", "connection_cost_jpy": "connection",
             "reinforcement_pv_jpy": "reinforcement", "fibre_cost_jpy": "fibre"}
    for col, term in costs.items():
        assert regions[col].sum() == pytest.approx(s["objective_terms_jpy"][term], rel=1e-9, abs=1.0)


def test_reference_alternatives_differ_and_name_a_robust_core(reference_run) -> None:  # type: ignore[no-untyped-def]
    out, text = reference_run
    alt = pd.read_csv(out / "alternatives.csv")
    assert list(alt.columns[:5]) == ["alternative", "regions", "objective_jpy", "avoidable_cost_jpy", "delta_jpy"]
    assert alt["alternative"].tolist()[0] == 0 and alt["delta_jpy"].iloc[0] == 0
    sets = {frozenset(r.split(";")) for r in alt["regions"]}
    assert len(sets) == len(alt) >= 2
    assert (alt["delta_share"] <= 0.05 + 1e-9).all()
    s = json.loads((out / "summary.json").read_text())
    assert s["robust_core"] == sorted(frozenset.intersection(*sets))
    assert set(s["interchangeable"]) == set(frozenset.union(*sets)) - set(s["robust_core"])
    assert "robust core (in every plan)" in text

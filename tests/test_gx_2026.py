"""The public 2026 GX applications (models/proposals-gx-2026.geojson) as a worked example: the file matches the
fact table it is made from, and it evaluates."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
from typer.testing import CliRunner

from siting.bundled import models_dir
from siting.cli.main import app

REPO = Path(__file__).resolve().parents[1]
GX = models_dir() / "proposals-gx-2026.geojson"


def test_file_holds_the_facts_and_no_invented_mw() -> None:
    props = gpd.read_file(GX).set_index("proposal_id")
    facts = pd.read_csv(REPO / "geodata/sources/facts/gx_proposals_2026.csv")
    for pid, site in (("aomori-mutsu-ogawara", "Mutsu-Ogawara"), ("niigata-ojiya-chiya", "Chiya")):
        row = facts[facts["site_name"].str.contains(site)].iloc[0]
        assert pd.isna(row["planned_mw"]) and props.loc[pid, "requested_mw"] == 0  # no MW stated anywhere
        assert props.loc[pid, "site_area_ha"] == row["area_ha"]
        point = props.loc[pid, "geometry"]
        assert (point.x, point.y) == (row["lon"], row["lat"])
        assert "not stated" in props.loc[pid, "notes"]


def test_applications_evaluate(tmp_path: Path) -> None:
    res = CliRunner().invoke(app, ["evaluate", str(GX), "--out", str(tmp_path), "--lang", "en", "--no-portfolio"])
    assert res.exit_code == 0, res.output
    ev = pd.read_csv(tmp_path / "evaluation.csv").set_index(["proposal_id", "criterion"])["result"]
    assert ev["aomori-mutsu-ogawara", "site_area"] == "pass"   # 30 ha = the 30 ha threshold
    assert ev["niigata-ojiya-chiya", "site_area"] == "fail"    # 23 ha
    assert ev["aomori-mutsu-ogawara", "outside_excluded_area"] == "pass"

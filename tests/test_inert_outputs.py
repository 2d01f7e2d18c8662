"""Inert outputs: user text never runs as code -- in a spreadsheet (CSV formulas), a page (JavaScript) or a
terminal (control sequences)."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from typer.testing import CliRunner

from siting.bundled import models_dir
from siting.cli.main import app
from siting.text import neutralise, printable

runner = CliRunner()
TINY = models_dir() / "tiny.toml"
HOSTILE_IDS = ["=HYPERLINK(\"http://x\",\"y\")", "+cmd", "-2+3+cmd|' /C calc'!A0", "@SUM(A1)", "\tx", "\rx"]
JS_ID = "`${alert(1)}`"


def test_neutralise_text_only() -> None:
    frame = pd.DataFrame({"id": [*HOSTILE_IDS, "-5", "+1.5e3", "ok", None], "mw": [-1.5] * 10,
                          "=col": ["a"] * 10})
    out = neutralise(frame)
    assert out["id"].tolist()[:6] == ["'" + v for v in HOSTILE_IDS]
    assert out["id"].tolist()[6:9] == ["-5", "+1.5e3", "ok"] and out["id"].isna().iloc[9]
    assert out["mw"].tolist() == [-1.5] * 10 and out.columns.tolist() == ["id", "mw", "'=col"]
    mixed = neutralise(pd.DataFrame({"value": [-800.0, "=1+1", 3]}))  # an object column of numbers and text
    assert mixed["value"].tolist() == [-800.0, "'=1+1", 3]


def test_every_evaluation_csv_is_neutralised(tmp_path: Path) -> None:
    ids = HOSTILE_IDS[:4]  # the reader strips the leading tab and CR of the others
    n = len(ids)
    path = tmp_path / "p.geojson"
    gpd.GeoDataFrame({"proposal_id": [*ids, "=bad"], "name": [*ids, "x"], "prefecture": "北海道",
                      "site_area_ha": 100, "requested_mw": [300] * n + [-5]},
                     geometry=[shapely.Point(141.78, 42.6 + 0.01 * i) for i in range(n + 1)],
                     crs="EPSG:4326").to_file(path, driver="GeoJSON")
    out = tmp_path / "o"
    res = runner.invoke(app, ["evaluate", str(path), "--out", str(out), "--no-portfolio", "--lang", "en"])
    assert res.exit_code == 0, res.output
    for name in ("evaluation.csv", "metrics.csv", "ranking.csv", "rejected.csv"):
        cells = [c for row in pd.read_csv(out / name, dtype=str, keep_default_na=False).itertuples(index=False)
                 for c in row]
        risky = [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")
                 and not re.fullmatch(r"[-+]?[\d.]+(e[-+]?\d+)?", c)]
        assert not risky, (name, risky[:3])
    assert set(pd.read_csv(out / "ranking.csv", dtype=str)["proposal_id"]) == {"'" + v for v in ids}
    assert pd.read_csv(out / "rejected.csv", dtype=str)["proposal_id"].tolist() == ["'=bad"]


def test_run_tables_are_neutralised_and_numbers_stay_numbers(tmp_path: Path) -> None:
    land = pd.read_csv(TINY.parent.parent / "geodata" / "tiny" / "land.csv", dtype=str)
    land["name"] = "=1+2"
    land.to_csv(tmp_path / "land.csv", index=False)
    out = tmp_path / "r"
    res = runner.invoke(app, ["run", str(TINY), "--no-map", "--out", str(out), "--layer",
                              f"land={tmp_path / 'land.csv'}"])
    assert res.exit_code == 0, res.output
    sites = pd.read_csv(out / "sites.csv")
    assert set(sites["name"]) == {"'=1+2"}
    assert pd.api.types.is_numeric_dtype(sites["area_ha"])


def test_control_characters_never_reach_the_terminal(tmp_path: Path) -> None:
    evil = "evil\x1b]0;pwned\x07\x1b[2J\u202e"
    path = tmp_path / "p.csv"
    path.write_text("proposal_id,name,prefecture,lon,lat,site_area_ha,requested_mw\n"
                    f"{evil},x,北海道,141.78,42.665,100,-5\n", encoding="utf-8")
    res = runner.invoke(app, ["evaluate", str(path), "--out", str(tmp_path / "o"), "--no-portfolio"])
    assert res.exit_code == 2
    assert "\x1b" not in res.stderr and "\x07" not in res.stderr and "\u202e" not in res.stderr
    assert "evil\\x1b]0;pwned\\x07\\x1b[2J\\u202e" in res.stderr
    assert printable("a\nb\tc\x00") == "a\\nb\\tc\\x00"


def test_proposals_map_holds_user_text_as_data_only(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("proposal_id,name,municipality,prefecture,lon,lat,site_area_ha,requested_mw\n"
                    f'"{JS_ID}","{JS_ID}</script>","`${{x}}`",北海道,141.78,42.665,100,300\n', encoding="utf-8")
    out = tmp_path / "o"
    res = runner.invoke(app, ["evaluate", str(path), "--out", str(out), "--no-portfolio"])
    assert res.exit_code == 0, res.output
    page = (out / "map.html").read_text(encoding="utf-8")
    scripts = re.findall(r"<script>(.*?)</script>", page, flags=re.S)
    code = "\n".join(scripts)
    assert "alert(1)" in code  # the id is in the page ...
    # ... but only inside JSON data, never in JavaScript source (a template string or a bindTooltip argument)
    assert "bindTooltip(`" not in code and "$(`" not in code
    for s in scripts:
        for line in s.splitlines():
            if "alert(1)" in line:
                assert line.strip().startswith(("{", '"')) or "\"features\"" in line, line


@pytest.mark.parametrize("name", ["<b>x</b>"])
def test_compare_layer_names_are_escaped(name: str, tmp_path: Path) -> None:
    out = tmp_path / "r"
    assert runner.invoke(app, ["run", str(TINY), "--no-map", "--out", str(out),
                               "--set", f"name={json.dumps(name)}"]).exit_code == 0
    res = runner.invoke(app, ["compare", str(out), str(out), "--out", str(tmp_path / "c.html")])
    assert res.exit_code == 0, res.output
    page = (tmp_path / "c.html").read_text(encoding="utf-8")
    # Leaflet's layer control shows a layer name as HTML: the name must arrive escaped inside the JSON
    decoded = page.replace("\\u003c", "<").replace("\\u003e", ">").replace("\\u0026", "&")
    assert "<b>x</b>" not in decoded and f"r ({html.escape(name)})" in decoded

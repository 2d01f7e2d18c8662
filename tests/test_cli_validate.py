"""``siting validate`` and ``siting layers`` as a user runs them: exit codes, the table, one line per error."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from conftest import land_frame, substations_frame
from typer.testing import CliRunner

from siting.bundled import reference_scenario
from siting.cli.main import app
from siting.layers import load_layers
from siting.scenario import load_scenario

runner = CliRunner()


def test_validate_bundled_reference_data() -> None:
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 0, result.output
    assert "valid: 12 layers" in result.output


def test_bundled_layers_meet_the_minimum_counts() -> None:
    layers = load_layers(load_scenario(reference_scenario()))
    assert len(layers["prefectures"]) == 47
    assert sorted(layers["grid_areas"]["area"]) == sorted(
        ["Hokkaido", "Tohoku", "Tokyo", "Chubu", "Hokuriku", "Kansai", "Chugoku", "Shikoku", "Kyushu", "Okinawa"])
    subs = layers["substations"]
    assert len(subs[subs["voltage_kv"] >= 154]) >= 200 and subs["name"].notna().all()
    supply = layers["decarbonised_supply"]
    nuclear = supply[supply["kind"] == "nuclear"]
    plants = nuclear["name"].str.replace(r"\s+(unit|Unit).*$", "", regex=True).nunique()
    assert plants >= 15
    assert len(layers["land"]) >= 40 and len(layers["water"]) >= 20
    comm = layers["communications"]
    landing = comm[comm["kind"] == "landing_station"]
    assert len(landing) >= 12 and landing["source"].notna().all()
    # OCCTO: +6.16 GW of DC peak load by FY2034 = 4,400 IT MW at PUE 1.4.
    assert layers["demand"]["it_mw_2034"].sum() == pytest.approx(6160 / 1.4)
    ic = layers["interconnectors"]
    fc = ic[((ic["from_area"] == "Tokyo") & (ic["to_area"] == "Chubu"))
            | ((ic["from_area"] == "Chubu") & (ic["to_area"] == "Tokyo"))]
    assert fc["capacity_mw"].sum() == pytest.approx(2100)


def test_layers_command_summarises() -> None:
    result = runner.invoke(app, ["layers"])
    assert result.exit_code == 0, result.output
    assert "nuclear plants" in result.output and "IT MW" in result.output
    schema = runner.invoke(app, ["layers", "--schema"])
    assert schema.exit_code == 0 and "headroom_is_estimate" in schema.output


def _bad_files(tmp: Path) -> dict[str, tuple[str, Path, str]]:
    """One bad file per acceptance case: (kind, path, words the message must contain)."""
    cases: dict[str, tuple[str, Path, str]] = {}
    swapped = tmp / "swapped.csv"
    swapped.write_text("substation_id,name,voltage_kv,area,headroom_mw,headroom_is_estimate,lat,lon\n"
                       "S1,a,500,Tokyo,1,true,140.0,35.7\n")
    cases["swapped"] = ("substations", swapped, "swapped")
    nocrs = tmp / "nocrs.shp"
    land_frame().to_file(nocrs)
    nocrs.with_suffix(".prj").unlink()
    cases["no crs"] = ("land", nocrs, "no CRS")
    bowtie = land_frame()
    bowtie.loc[0, "geometry"] = shapely.Polygon([(140.1, 35.7), (140.2, 35.8), (140.2, 35.7), (140.1, 35.8)])
    selfx = tmp / "selfx.geojson"
    bowtie.to_file(selfx)
    cases["self-intersection"] = ("land", selfx, "Self-intersection")
    dup = substations_frame()
    dup.loc[1, "substation_id"] = "S1"
    dup_path = tmp / "dup.geojson"
    dup.to_file(dup_path)
    cases["duplicate id"] = ("substations", dup_path, "not unique")
    missing = tmp / "missing.geojson"
    substations_frame().drop(columns=["voltage_kv"]).to_file(missing)
    cases["missing column"] = ("substations", missing, "required column 'voltage_kv' is missing")
    neg = substations_frame()
    neg.loc[0, "headroom_mw"] = -5.0
    neg_path = tmp / "neg.geojson"
    neg.to_file(neg_path)
    cases["negative capacity"] = ("substations", neg_path, "negative")
    empty = tmp / "empty.geojson"
    empty.write_bytes(b"")
    cases["empty file"] = ("land", empty, "empty")
    return cases


def test_each_bad_file_gives_exit_2_and_one_line(tmp_path: Path) -> None:
    for name, (kind, path, words) in _bad_files(tmp_path).items():
        result = runner.invoke(app, ["validate", "--layer", f"{kind}={path}"])
        assert result.exit_code == 2, (name, result.output)
        lines = [ln for ln in result.stderr.splitlines() if ln.startswith("error:")]
        assert len(lines) == 1, (name, lines)
        assert path.name in lines[0] and words in lines[0], (name, lines[0])
        assert "Traceback" not in result.output


def test_cp932_csv_with_japanese_names_validates(tmp_path: Path) -> None:
    path = tmp_path / "subs.csv"
    frame = substations_frame()
    frame["lon"], frame["lat"] = frame.geometry.x, frame.geometry.y
    path.write_bytes(frame.drop(columns="geometry").to_csv(index=False).encode("cp932"))
    result = runner.invoke(app, ["validate", "--layer", f"substations={path}"])
    assert result.exit_code == 0, result.output
    assert "cp932" not in result.stderr


def test_real_process_exit_code_and_debug(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("substation_id,name,voltage_kv,area,headroom_mw,headroom_is_estimate,lat,lon\n"
                   "S1,a,500,Tokyo,-1,true,35.7,140.0\n")
    cmd = [sys.executable, "-m", "siting", "validate", "--layer", f"substations={bad}"]
    plain = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert plain.returncode == 2
    assert re.search(r"^error: .*bad\.csv \[substations\]: column 'headroom_mw' has negative values",
                     plain.stderr, re.M)
    assert "Traceback" not in plain.stderr
    debug = subprocess.run([sys.executable, "-m", "siting", "--debug", *cmd[3:]], capture_output=True, text=True,
                           check=False)
    assert debug.returncode == 2 and "Traceback" in debug.stderr


def test_unknown_layer_kind_option() -> None:
    result = runner.invoke(app, ["validate", "--layer", "substation=x.csv"])
    assert result.exit_code == 2 and "unknown layer kind 'substation'" in result.stderr


def test_geodataframe_api_for_notebooks() -> None:
    layers = load_layers(load_scenario(reference_scenario()), kinds=["substations", "land", "demand"])
    subs = layers.geo("substations")
    assert isinstance(subs, gpd.GeoDataFrame) and subs.crs == "EPSG:6690"

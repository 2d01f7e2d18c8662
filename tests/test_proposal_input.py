"""Proposal files as municipalities write them: 万kW, JSON booleans and はい, swapped coordinates named as such,
names kept exactly as written, and no library warning reaching the user."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from siting.cli.main import app
from siting.layers.load import load_layers
from siting.proposals.read import read_proposals
from siting.scenario import load_scenario

REPO = Path(__file__).resolve().parents[1]


def _feature(pid: str, lon: float, lat: float, **props: object) -> dict[str, object]:
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {"proposal_id": pid, "name": pid, "prefecture": "北海道", "site_area_ha": 100,
                           "requested_mw": 300, **props}}


@pytest.fixture(scope="module")
def ctx():  # type: ignore[no-untyped-def]
    sc = load_scenario(REPO / "models" / "reference.toml")
    return sc, load_layers(sc)


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A GeoJSON as written by hand: a number and 50万kW in one column, JSON true and はい in another, one site
    with [lat, lon], a name with full-width brackets."""
    path = tmp_path_factory.mktemp("mixed") / "p.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        _feature("tomakomai", 141.78, 42.665, requested_mw="50万kW", fibre_redundant=True,
                 name="苫小牧東部（第1区画）", municipality="苫小牧市"),
        _feature("ishikari", 141.33, 43.2, fibre_redundant="はい"),
        _feature("swapped", 42.665, 141.78, fibre_redundant=False),
    ]}, ensure_ascii=False), encoding="utf-8")
    return path


def test_amounts_booleans_and_names_as_written(mixed: Path, ctx) -> None:  # type: ignore[no-untyped-def]
    sc, layers = ctx
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no library warning: shapely never sees an impossible point
        props = read_proposals(mixed, layers, sc)
    p = props.proposals.set_index("proposal_id")
    assert p.loc["tomakomai", "requested_mw"] == 500  # 50万kW = 500,000 kW = 500 MW
    assert p.loc["tomakomai", "fibre_redundant"] == True and p.loc["ishikari", "fibre_redundant"] == True  # noqa: E712
    assert p.loc["tomakomai", "name"] == "苫小牧東部（第1区画）"  # full-width brackets kept


def test_swapped_coordinates_are_named_not_in_the_sea(mixed: Path, ctx) -> None:  # type: ignore[no-untyped-def]
    sc, layers = ctx
    props = read_proposals(mixed, layers, sc)
    rej = props.rejected.set_index("proposal_id")
    assert list(rej.index) == ["swapped"]
    assert rej.loc["swapped", "problem"] == ("longitude and latitude are swapped: lon 42.665, lat 141.78 lies "
                                             "outside Japan, lon 141.78, lat 42.665 inside")
    assert "lon" in rej.loc["swapped", "fix"] and "sea" not in rej.loc["swapped", "problem"]


def test_off_the_globe_is_said_once(ctx, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sc, layers = ctx
    path = tmp_path / "p.csv"
    path.write_text("proposal_id,prefecture,lon,lat,site_area_ha,requested_mw\nfar,北海道,141.78,95.0,100,300\n",
                    encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        props = read_proposals(path, layers, sc)
    assert list(props.rejected["problem"]) == [
        "the coordinates lon 141.78, lat 95 are not on the globe (lon -180 to 180, lat -90 to 90)"]


def test_cli_shows_no_library_warning_and_keeps_names(mixed: Path, tmp_path: Path) -> None:
    out = tmp_path / "ev"
    res = CliRunner().invoke(app, ["evaluate", str(mixed), "--out", str(out), "--no-portfolio", "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert "Warning" not in res.output and "pyogrio" not in res.output and "shapely" not in res.output
    assert "longitude and latitude are swapped" in res.output
    rank = pd.read_csv(out / "ranking.csv").set_index("proposal_id")
    assert rank.loc["tomakomai", "name"] == "苫小牧東部（第1区画）" and rank.loc["tomakomai", "requested_mw"] == 500
    page = next((out / "reports").glob("tomakomai-*.html")).read_text(encoding="utf-8")
    assert "苫小牧東部（第1区画）" in page

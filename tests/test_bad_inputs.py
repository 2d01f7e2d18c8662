"""The bad-input corpus: every file a government office might send, each answered by exit code 2 and one clear
line naming the file (or key), the item and the fix -- never a traceback.

Each case builds its input in a temporary folder and names the command line and the words the message must
contain. Proposal files have their own corpus in tests/test_proposals.py.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from conftest import land_frame, substations_frame
from typer.testing import CliRunner

import siting.layers.read as read_module
from siting.bundled import models_dir
from siting.cli.main import app

runner = CliRunner()
TINY = models_dir() / "tiny.toml"
SUBS_HEADER = "substation_id,name,voltage_kv,area,headroom_mw,headroom_is_estimate,lat,lon\n"


@dataclass
class Case:
    name: str
    make: Callable[[Path], list[str]]  # writes the input, returns the CLI arguments
    words: tuple[str, ...]
    one_line: bool = True
    absent: tuple[str, ...] = ()  # words the message must not contain (a misleading diagnosis)


def _csv(text: str, kind: str = "substations", encoding: str = "utf-8") -> Callable[[Path], list[str]]:
    def make(tmp: Path) -> list[str]:
        path = tmp / f"{kind}.csv"
        path.write_bytes(text.encode(encoding))
        return ["validate", str(TINY), "--layer", f"{kind}={path}"]
    return make


def _frame(build: Callable[[], gpd.GeoDataFrame], kind: str, suffix: str = ".geojson",
           after: Callable[[Path], None] | None = None) -> Callable[[Path], list[str]]:
    def make(tmp: Path) -> list[str]:
        path = tmp / f"{kind}{suffix}"
        build().to_file(path)
        if after:
            after(path)
        return ["validate", str(TINY), "--layer", f"{kind}={path}"]
    return make


def _raw(name: str, data: bytes, kind: str = "land") -> Callable[[Path], list[str]]:
    def make(tmp: Path) -> list[str]:
        path = tmp / name
        path.write_bytes(data)
        return ["validate", str(TINY), "--layer", f"{kind}={path}"]
    return make


def _scenario(text: str, command: str = "validate", extra: tuple[str, ...] = ()) -> Callable[[Path], list[str]]:
    def make(tmp: Path) -> list[str]:
        geodata = (TINY.parent.parent / "geodata" / "tiny").as_posix()
        path = tmp / "scenario.toml"
        path.write_text(text.replace("GEODATA", geodata), encoding="utf-8")
        return [command, str(path), *extra]
    return make


def _edit(frame: gpd.GeoDataFrame, **cells: object) -> gpd.GeoDataFrame:
    for key, value in cells.items():
        col, row = key.rsplit("__", 1)
        frame.loc[int(row), col] = value
    return frame


def _bowtie() -> gpd.GeoDataFrame:
    f = land_frame()
    f.loc[0, "geometry"] = shapely.Polygon([(140.1, 35.7), (140.2, 35.8), (140.2, 35.7), (140.1, 35.8)])
    return f


def _projected_geojson(tmp: Path) -> list[str]:
    data = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {
        "site_id": "x", "name": "x", "area_ha": 40, "pref_code": "12", "status": "vacant"},
        "geometry": {"type": "Point", "coordinates": [412345.0, 3961234.0]}}]}
    path = tmp / "land.geojson"
    path.write_text(json.dumps(data))
    return ["validate", str(TINY), "--layer", f"land={path}"]


def _null_geometry(tmp: Path) -> list[str]:
    data = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {
        "site_id": "x", "name": "x", "area_ha": 40, "pref_code": "12", "status": "vacant"}, "geometry": None}]}
    path = tmp / "land.geojson"
    path.write_text(json.dumps(data))
    return ["validate", str(TINY), "--layer", f"land={path}"]


def _two_layer_gpkg(tmp: Path) -> list[str]:
    path = tmp / "both.gpkg"
    land_frame().to_file(path, layer="a")
    land_frame().to_file(path, layer="b")
    return ["validate", str(TINY), "--layer", f"land={path}"]


def _folder(tmp: Path) -> list[str]:
    (tmp / "land.geojson").mkdir()
    return ["validate", str(TINY), "--layer", f"land={tmp / 'land.geojson'}"]


def _gpkg_as_csv(tmp: Path) -> list[str]:
    gpkg = tmp / "x.gpkg"
    substations_frame().to_file(gpkg)
    path = tmp / "subs.csv"
    path.write_bytes(gpkg.read_bytes())
    return ["validate", str(TINY), "--layer", f"substations={path}"]


def _crs_geojson(name: str) -> Callable[[Path], list[str]]:
    def make(tmp: Path) -> list[str]:
        data = {"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": name}},
                "features": [{"type": "Feature", "properties": {
                    "site_id": "x", "name": "x", "area_ha": 40, "pref_code": "12", "status": "vacant"},
                    "geometry": {"type": "Point", "coordinates": [140.1, 35.8]}}]}
        path = tmp / "land.geojson"
        path.write_text(json.dumps(data))
        return ["validate", str(TINY), "--layer", f"land={path}"]
    return make


def _late_nul(tmp: Path) -> list[str]:
    path = tmp / "subs.csv"
    rows = "".join(f"S{i},a,500,Tokyo,1,true,35.7,140.0\n" for i in range(200))  # > 4 KiB of good text first
    path.write_bytes((SUBS_HEADER + rows).encode() + b"S999,\x00,500,Tokyo,1,true,35.7,140.0\n")
    return ["validate", str(TINY), "--layer", f"substations={path}"]


def _shapefile_without(ext: str) -> Callable[[Path], list[str]]:
    def make(tmp: Path) -> list[str]:
        path = tmp / "land.shp"
        land_frame().to_file(path)
        path.with_suffix(ext).unlink()
        return ["validate", str(TINY), "--layer", f"land={path}"]
    return make


def _reinf_unknown_sub(tmp: Path) -> list[str]:
    path = tmp / "reinf.csv"
    path.write_text("substation_id,step,added_mw,cost_jpy,lead_time_years\nNOPE,1,100,1e9,3\n")
    return ["validate", str(TINY), "--layer", f"reinforcements={path}",
            "--layer", f"prefectures={TINY.parent.parent / 'geodata' / 'prefectures.geojson'}"]


def _land_unknown_pref(tmp: Path) -> list[str]:
    path = tmp / "land.csv"
    path.write_text("site_id,name,area_ha,pref_code,status,lon,lat\nx,x,40,48,vacant,140.1,35.8\n")
    prefs = TINY.parent.parent / "geodata" / "prefectures.geojson"
    return ["validate", str(TINY), "--layer", f"land={path}", "--layer", f"prefectures={prefs}"]


SCEN_OK = """
[layers]
land = "GEODATA/land.csv"
substations = "GEODATA/substations.csv"
demand = "GEODATA/demand.csv"
"""

CASES = [
    Case("swapped lat/lon", _csv(SUBS_HEADER + "S1,a,500,Tokyo,1,true,140.0,35.7\n"), ("swapped", "S1")),
    Case("missing CRS", _frame(land_frame, "land", ".shp", lambda p: p.with_suffix(".prj").unlink()),
         ("no CRS", "EPSG:6668")),
    Case("wrong CRS: metres labelled as degrees",
         _frame(lambda: land_frame().to_crs(6677).set_crs(4326, allow_override=True), "land", ".gpkg"),
         ("not degrees",)),
    Case("projected numbers in a GeoJSON", _projected_geojson, ("not degrees", "x")),
    Case("outside Japan (Hawaii)", _csv(SUBS_HEADER + "S1,a,500,Tokyo,1,true,21.3,-157.8\n"),
         ("outside Japan", "S1")),
    Case("empty file", _raw("land.geojson", b""), ("empty (0 bytes)",)),
    Case("header-only CSV", _csv(SUBS_HEADER), ("no rows",)),
    Case("empty FeatureCollection", _raw("land.geojson", b'{"type":"FeatureCollection","features":[]}'),
         ("no rows",)),
    Case("text named .gpkg", _raw("land.gpkg", b"hello, not a database"), ("cannot be read as GeoPackage",)),
    Case("GeoPackage named .csv", _gpkg_as_csv, ("binary",)),
    Case("JSON that is not GeoJSON", _raw("land.geojson", b'{"a": 1}'), ("cannot be read as GeoJSON",)),
    Case("neither UTF-8 nor CP932", _raw("land.csv", b"site_id,name\n\xeb\x40\x85\x40,x\n"), ("neither", "UTF-8")),
    Case("Shift_JIS headers and a broken row", _csv("site_id,名前\nx,印西\ny,白井,extra,more\n", "land", "cp932"),
         ("cannot be parsed",)),
    Case("full-width letters in a number", _csv(SUBS_HEADER + "S1,a,５００ＫＶ,Tokyo,1,true,35.7,140.0\n"),
         ("voltage_kv", "not numbers")),
    Case("万kW units", _csv(SUBS_HEADER + "S1,a,500,Tokyo,5万kW,true,35.7,140.0\n"), ("万kW", "is 50")),
    Case("NaN capacity (empty cell)", _csv(SUBS_HEADER + "S1,a,500,Tokyo,,true,35.7,140.0\n"),
         ("'headroom_mw' is empty", "S1")),
    Case("NaN written as text", _csv(SUBS_HEADER + "S1,a,500,Tokyo,nan,true,35.7,140.0\n"), ("headroom_mw",)),
    Case("negative capacity", _csv(SUBS_HEADER + "S1,a,500,Tokyo,-20,true,35.7,140.0\n"), ("negative", "-20")),
    Case("infinite capacity", _csv(SUBS_HEADER + "S1,a,500,Tokyo,inf,true,35.7,140.0\n"), ("infinite",)),
    Case("duplicate ids", _frame(lambda: _edit(substations_frame(), substation_id__1="S1"), "substations"),
         ("not unique", "S1")),
    Case("self-intersecting polygon", _frame(_bowtie, "land"), ("Self-intersection", "chiba-1")),
    Case("empty geometry", _frame(lambda: _edit(land_frame(), geometry__1=shapely.Polygon()), "land", ".gpkg"),
         ("empty geometry", "hok-1")),
    Case("null geometry", _null_geometry, ("no geometry",)),
    Case("wrong geometry type",
         _frame(lambda: _edit(substations_frame(), geometry__0=shapely.box(140, 35.7, 140.01, 35.71)),
                "substations"), ("must be Point", "S1")),
    Case("missing required column", _frame(lambda: substations_frame().drop(columns="area"), "substations"),
         ("required column 'area' is missing",)),
    Case("misspelled column",
         _frame(lambda: substations_frame().rename(columns={"voltage_kv": "voltage_k"}), "substations"),
         ("rename 'voltage_k'",)),
    Case("value outside the allowed set", _frame(lambda: _edit(substations_frame(), area__0="Kanto"), "substations"),
         ("'Kanto'", "Tokyo")),
    Case("flag that is not true/false", _csv(SUBS_HEADER + "S1,a,500,Tokyo,1,maybe,35.7,140.0\n"),
         ("true or false",)),
    Case("fractional step number", _csv("voltage_kv,step,added_mw,cost_jpy,lead_time_years\n275,1.5,1,1,1\n",
                                        "reinforcements"), ("whole numbers",)),
    Case("capacity factor above 1",
         _csv("supply_id,name,kind,capacity_mw,capacity_factor,status,online_year,area,lon,lat\n"
              "n1,x,nuclear,1000,1.5,operating,2020,Kyushu,130.2,31.8\n", "decarbonised_supply"), ("above 1",)),
    Case("neither substation nor voltage class",
         _csv("substation_id,voltage_kv,step,added_mw,cost_jpy,lead_time_years\n,,1,1,1,1\n", "reinforcements"),
         ("none of substation_id, voltage_kv",)),
    Case("layer path that does not exist", lambda tmp: ["validate", str(TINY), "--layer",
                                                         f"land={tmp / 'nope.geojson'}"], ("does not exist",)),
    Case("a folder instead of a file", _folder, ("is a folder",)),
    Case("unknown file type", _raw("land.xlsx", b"PK\x03\x04"), ("unknown file type",)),
    Case("GeoPackage with two layers", _two_layer_gpkg, ("has 2 layers",)),
    Case("lat without lon", _csv("substation_id,name,voltage_kv,area,headroom_mw,headroom_is_estimate,lat\n"
                                 "S1,a,500,Tokyo,1,true,35.7\n"), ("no lon column",)),
    Case("lon that is not a number", _csv(SUBS_HEADER + "S1,a,500,Tokyo,1,true,35.7,east\n"), ("not numbers",)),
    Case("reinforcement for an unknown substation", _reinf_unknown_sub, ("NOPE", "not in the substations layer")),
    Case("site in an unknown prefecture", _land_unknown_pref, ("48", "prefectures layer lacks")),
    Case("unknown layer kind option", lambda tmp: ["validate", str(TINY), "--layer", "sites=x.csv"],
         ("unknown layer kind 'sites'",)),
    Case("GeoJSON crs naming an unknown EPSG", _crs_geojson("EPSG:99999"), ("unknown CRS", "EPSG:99999")),
    Case("GeoJSON crs naming nothing known", _crs_geojson("my-local-grid"), ("unknown CRS", "my-local-grid")),
    Case("a NUL byte after the first 4 KiB", _late_nul, ("binary",)),
    Case("Shapefile without its .dbf", _shapefile_without(".dbf"), ("land.dbf is missing",),
         absent=("required column",)),
    Case("Shapefile without its .shx", _shapefile_without(".shx"), ("land.shx is missing",)),
    # --- scenarios ---------------------------------------------------------------------------------------
    Case("scenario: unknown key", _scenario(SCEN_OK + "[policy]\nmax_region = 3\n"),
         ("unknown key 'policy.max_region'",)),
    Case("scenario: wrong type", _scenario(SCEN_OK + "[solver]\ntime_limit_s = \"soon\"\n"),
         ("solver.time_limit_s", "soon")),
    Case("scenario: share above 1", _scenario(SCEN_OK + "[decarbonised]\nshare_by_year = { 2030 = 1.5 }\n"),
         ("decarbonised.share_by_year.2030",)),
    Case("scenario: bad TOML", _scenario("[policy\n"), ("not valid TOML",)),
    Case("scenario: not UTF-8", lambda tmp: (tmp / "s.toml").write_bytes("name = '印西'\n".encode("cp932"))
         and ["validate", str(tmp / "s.toml")], ("not UTF-8",)),
    Case("scenario: missing file", lambda tmp: ["validate", str(tmp / "none.toml")], ("does not exist",)),
    Case("scenario: unknown layer kind", _scenario("[layers]\nsubstation = \"x.csv\"\n"), ("unknown layer kind",)),
    Case("scenario: years out of order", _scenario(SCEN_OK + "[years]\nplanning = [2034, 2030]\n"),
         ("increase strictly",)),
    Case("scenario: unknown grid area", _scenario(SCEN_OK + "[policy]\nexcluded_areas = [\"Kanto\"]\n"),
         ("unknown grid area",)),
    Case("scenario: forced-in region that is not a candidate",
         _scenario(SCEN_OK + "[policy]\nforced_in = [\"pref-99\"]\n", "run", ("--no-map", "--out", "o")),
         ("pref-99", "not candidates")),
    Case("scenario: required layer missing",
         _scenario("[layers]\nland = \"GEODATA/land.csv\"\n", "run", ("--no-map", "--out", "o")),
         ("'substations' layer is required",), one_line=False),
    Case("scenario: infinite delay weight",
         _scenario(SCEN_OK + "[weights]\ndelay_jpy_per_mw_year = inf\n", "run", ("--no-map", "--out", "o")),
         ("weights.delay_jpy_per_mw_year", "finite"), absent=("time limit",)),
    Case("scenario: absurd delay weight",
         _scenario(SCEN_OK + "[weights]\ndelay_jpy_per_mw_year = 1e30\n", "run", ("--no-map", "--out", "o")),
         ("weights.delay_jpy_per_mw_year", "less than or equal"), absent=("time limit",)),
    Case("scenario: NaN PUE", _scenario(SCEN_OK + "[demand]\npue = nan\n"), ("demand.pue", "finite")),
    Case("scenario: planning year 9999", _scenario(SCEN_OK + "[years]\nplanning = [2030, 9999]\n"),
         ("years.planning.1", "2100")),
    Case("scenario: unknown key inside share_by_year",
         _scenario(SCEN_OK + "[decarbonised]\nshare_by_year = { 2030 = 0.5, \"20x0\" = 0.4 }\n"),
         ("decarbonised.share_by_year", "20x0")),
    Case("scenario: voltage class that is not a number",
         _scenario(SCEN_OK + "[candidates]\nconnection_radius_km = { \"EHV\" = 50.0 }\n", "run",
                   ("--no-map", "--out", "o")), ("candidates.connection_radius_km", "EHV")),
    Case("scenario: region forced in and out",
         _scenario(SCEN_OK + "[policy]\nforced_in = [\"pref-01\"]\nforced_out = [\"pref-01\", \"pref-02\"]\n"),
         ("pref-01", "both forced in and forced out"), absent=("pref-02",)),
    Case("validate: scenario without the layers run requires", _scenario("name = \"empty\"\n"),
         ("'land' layer is required",), one_line=False),
    Case("--set without a value", lambda tmp: ["run", str(TINY), "--set", "policy.max_regions", "--no-map"],
         ("not KEY=VALUE",)),
    Case("--set with a wrong type", lambda tmp: ["run", str(TINY), "--set", "policy.max_regions=many", "--no-map"],
         ("policy.max_regions",)),
    Case("infeasible scenario", lambda tmp: ["run", str(TINY.parent / "tiny-infeasible.toml"), "--no-map",
                                             "--out", str(tmp / "o")],
         ("infeasible", "minimum region size must give way", "pref-01", "400.0 MW"), one_line=False),
]


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    args = case.make(tmp_path)
    result = runner.invoke(app, args)
    assert result.exit_code == 2, (result.exit_code, result.output)
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("error:")]
    assert errors, result.output
    if case.one_line:
        assert len(errors) == 1, errors
    text = "\n".join(errors)
    for word in case.words:
        assert word in text, (word, text)
    for word in case.absent:
        assert word not in text, (word, text)
    assert "-- fix:" in errors[0]
    assert "Traceback" not in result.output


@pytest.mark.parametrize("limit,attr", [(100, "MAX_FILE_BYTES"), (1, "MAX_FEATURES")])
def test_enormous_files_are_refused(limit: int, attr: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Size and feature-count limits (lowered here so the test file stays small)."""
    monkeypatch.setattr(read_module, attr, limit)
    path = tmp_path / "land.gpkg"
    land_frame().to_file(path)
    result = runner.invoke(app, ["validate", str(TINY), "--layer", f"land={path}"])
    assert result.exit_code == 2
    assert "above the" in result.stderr and "limit" in result.stderr

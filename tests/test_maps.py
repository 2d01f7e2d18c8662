"""Maps: escaping of run data, offline pages with no external address, size, languages, and the CLI."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from conftest import XSS_NAME
from typer.testing import CliRunner

from siting.cli.main import app
from siting.i18n import LABELS, tr
from siting.maps.features import esc, popup_html
from siting.maps.offline import external_urls, leaflet_css, leaflet_js
from siting.maps.render import render_map

MAX_MB = 5.0
LAYER_KEYS = ("prefectures", "substations", "lines", "sites", "regions", "connections", "reinforcements",
              "headroom_value", "supply", "water", "comms", "hazards", "grid_areas")
TAG_REF = re.compile(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*[\"']?([^\"' >]+)", re.IGNORECASE)


@pytest.fixture(scope="module")
def offline_map(reference_run: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    out = render_map(reference_run, tmp_path_factory.mktemp("m") / "offline.html", offline=True)
    return out.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def online_map(reference_run: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    out = render_map(reference_run, tmp_path_factory.mktemp("m") / "online.html")
    return out.read_text(encoding="utf-8")


def test_esc_and_popup_escape_user_text() -> None:
    assert esc(XSS_NAME) == "&lt;img src=x onerror=alert(1)&gt;"
    assert esc(None) == "-" and esc(float("nan")) == "-"
    html = popup_html(XSS_NAME, [("<b>label</b>", "a & \"b\"")], subtitle="<script>x</script>")
    assert "<img" not in html and "<script>" not in html and "<b>label" not in html
    assert "&lt;b&gt;label&lt;/b&gt;" in html and "a &amp; &quot;b&quot;" in html


def test_malicious_site_name_is_text_in_the_page(xss_run: Path, tmp_path: Path) -> None:
    for offline in (False, True):
        page = render_map(xss_run, tmp_path / f"x{offline}.html", offline=offline).read_text(encoding="utf-8")
        assert "<img src=x" not in page.lower()
        # the escaped name sits in the GeoJSON, itself JSON-escaped by folium (& as \u0026)
        assert "&lt;img src=x onerror=alert(1)&gt;" in page.replace("\\u0026", "&")


def test_offline_page_references_nothing_outside(offline_map: str) -> None:
    refs = TAG_REF.findall(offline_map)
    assert not [r for r in refs if re.match(r"(?i)(https?:)?//", r)], refs
    assert not [r for r in refs if not r.lower().startswith("data:")], refs
    assert external_urls(offline_map) == []
    assert not re.search(r"url\(\s*[\"']?(?!data:|#)", offline_map), "a CSS url() that is not inline"
    # Leaflet itself is inline, not the CDN copy
    assert "L.version" in offline_map or "leaflet" in offline_map.lower()
    assert "cdn.jsdelivr" not in offline_map and "jquery" not in offline_map.lower()


def test_online_page_loads_no_script_or_stylesheet_from_the_web(online_map: str) -> None:
    # the run's default map.html must work on a network with no internet: only the tiles come from the web
    refs = TAG_REF.findall(online_map)
    assert not [r for r in refs if re.match(r"(?i)(https?:)?//", r)], refs
    assert "cdn.jsdelivr" not in online_map and "jquery" not in online_map.lower()
    assert "L.version" in online_map or "leaflet" in online_map.lower()


def test_leaflet_assets_come_inline_from_the_package() -> None:
    assert external_urls(leaflet_js()) == [] and external_urls(leaflet_css()) == []
    assert "data:image/png;base64," in leaflet_css()
    assert "sourceMappingURL" not in leaflet_js()


def test_online_page_has_gsi_and_osm_with_credits(online_map: str) -> None:
    assert "cyberjapandata.gsi.go.jp/xyz/pale/{z}/{x}/{y}.png" in online_map
    assert ("出典：" in online_map or json.dumps("出典：")[1:-1] in online_map)
    assert "https://maps.gsi.go.jp/development/ichiran.html" in online_map
    plain = online_map.replace("\\u003c", "<").replace("\\u003e", ">").replace("\\u0026", "&")
    assert "&copy; " in plain and "https://www.openstreetmap.org/copyright" in plain
    assert "OpenStreetMap</a> contributors" in plain


def test_std_basemap(reference_run: Path, tmp_path: Path) -> None:
    page = render_map(reference_run, tmp_path / "std.html", basemap="std").read_text(encoding="utf-8")
    assert "cyberjapandata.gsi.go.jp/xyz/std/" in page and "xyz/pale/" not in page


def test_reference_maps_are_under_5_mb(offline_map: str, online_map: str) -> None:
    for page in (offline_map, online_map):
        assert len(page.encode("utf-8")) / 1e6 < MAX_MB


def test_one_geojson_per_layer_and_no_markers(online_map: str) -> None:
    assert "L.marker(" not in online_map
    assert online_map.count("L.geoJson(") <= len(LAYER_KEYS)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_layer_names_in_each_language(reference_run: Path, tmp_path: Path, lang: str) -> None:
    page = render_map(reference_run, tmp_path / f"{lang}.html", lang=lang, offline=True).read_text(encoding="utf-8")
    for key in LAYER_KEYS:
        name = tr(f"layer.{key}", lang)
        assert json.dumps(name, ensure_ascii=False)[1:-1] in page or name in page, (lang, key)
    assert "凡例" in page if lang == "ja" else "Legend" in page


def test_labels_have_both_languages() -> None:
    assert all(ja and en for ja, en in LABELS.values())


def test_status_box_says_time_limit(reference_run: Path, tmp_path: Path) -> None:
    run = tmp_path / "tl"
    shutil.copytree(reference_run, run)
    summary = json.loads((run / "summary.json").read_text(encoding="utf-8"))
    text = "time limit reached: best plan found, NOT proven optimal (gap 7.34 % to the proven bound)"
    summary.update(status="time_limit", mip_gap=0.0734, status_text=text)
    (run / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    page = render_map(run, tmp_path / "tl-en.html", lang="en").read_text(encoding="utf-8")
    assert "time limit" in page and "NOT proven optimal" in page and "7.34 %" in page
    page = render_map(run, tmp_path / "tl-ja.html", lang="ja").read_text(encoding="utf-8")
    assert "時間制限到達：最適性は未証明" in page and "7.34 %" in page and "NOT proven optimal" not in page


def test_japanese_run_map_names_areas_rules_and_substations(reference_run: Path, tmp_path: Path) -> None:
    """In Japanese, the grid areas, a region's limiting rules and the substations it uses are named in Japanese
    (no English area name, no list of internal substation ids) in the legend and the popups."""
    page = render_map(reference_run, tmp_path / "ja.html", lang="ja", offline=True).read_text(encoding="utf-8")
    text = re.sub(r"\\u([0-9a-f]{4})", lambda m: chr(int(m.group(1), 16)), page)  # the popups' JSON escapes
    assert not re.search(r">(Hokkaido|Tohoku|Tokyo|Chubu|Hokuriku|Kansai|Chugoku|Shikoku|Kyushu|Okinawa)<", text)
    assert "headroom, decarbonised supply" not in text and not re.search(r"osm-\d+, osm-\d+", text)
    assert "<td>北海道</td>" in text and "空き容量" in text

def test_status_box_shows_the_gaps_and_the_robust_core(reference_run: Path, tmp_path: Path) -> None:
    run = tmp_path / "alt"
    shutil.copytree(reference_run, run)
    summary = json.loads((run / "summary.json").read_text(encoding="utf-8"))
    summary.update(robust_core=["pref-28"], interchangeable=["pref-04", "pref-33"], gap_jpy=3.9e9,
                   unavoidable_delay_jpy=423.8e9, region_names={"pref-28": "Hyogo (兵庫県)", "pref-04": "Miyagi",
                                                                "pref-33": "Okayama"})
    (run / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    page = render_map(run, tmp_path / "alt-en.html", lang="en").read_text(encoding="utf-8")
    for text in ("absolute gap", "3.9 bn JPY", "unavoidable delay (in every plan)", "423.8 bn JPY",
                 "robust core (in every near-optimal plan)", "Hyogo (兵庫県)", "interchangeable", "Miyagi, Okayama"):
        assert text in page
    page = render_map(run, tmp_path / "alt-ja.html", lang="ja").read_text(encoding="utf-8")
    assert "頑健な中核" in page and "入替可能" in page and "39 億円" in page


def test_cli_map_writes_default_file(reference_run: Path, tmp_path: Path) -> None:
    run = tmp_path / "r"
    shutil.copytree(reference_run, run)
    res = CliRunner().invoke(app, ["map", str(run), "--offline", "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert (run / "map.html").stat().st_size > 0


def test_cli_map_errors_are_one_line_exit_2(tmp_path: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(app, ["map", str(tmp_path / "missing")])
    assert res.exit_code == 2 and "run folder not found" in res.output
    assert "Traceback" not in res.output
    res = runner.invoke(app, ["map", str(tmp_path)])
    assert res.exit_code == 2 and "summary.json" in res.output
    res = runner.invoke(app, ["compare", str(tmp_path), str(tmp_path / "nope")])
    assert res.exit_code == 2


def test_cli_map_bad_option_exit_2(reference_run: Path, tmp_path: Path) -> None:
    res = CliRunner().invoke(app, ["map", str(reference_run), "--lang", "fr", "--out", str(tmp_path / "m.html")])
    assert res.exit_code == 2 and "--lang" in res.output


def test_cli_compare(reference_run: Path, xss_run: Path, tmp_path: Path) -> None:
    out = tmp_path / "cmp.html"
    res = CliRunner().invoke(app, ["compare", str(reference_run), str(xss_run), "--out", str(out), "--offline",
                                   "--lang", "en"])
    assert res.exit_code == 0, res.output
    page = out.read_text(encoding="utf-8")
    assert "regions added" in page and "objective terms" in page and "MW change per region" in page
    assert external_urls(page) == []


def test_a_run_writes_its_map_with_the_plan(tmp_path: Path) -> None:
    """The pipeline renders the run folder's own map: every designated region's name is on it, in the language
    asked for, and the map is left out when not asked for."""
    import pandas as pd

    from siting.bundled import models_dir
    from siting.pipeline import MapOptions, RunOptions, execute
    from siting.scenario import load_scenario

    sc = load_scenario(models_dir() / "tiny.toml")
    execute(sc, tmp_path / "with", RunOptions(map=MapOptions(lang="en", offline=True)))
    page = (tmp_path / "with" / "map.html").read_text(encoding="utf-8")
    regions = pd.read_csv(tmp_path / "with" / "regions.csv")
    names = regions.loc[regions["designated"], "name"].tolist()
    assert names and all(json.dumps(n)[1:-1] in page or n in page for n in names)
    assert external_urls(page) == []
    execute(sc, tmp_path / "without", RunOptions(map=None))
    assert not (tmp_path / "without" / "map.html").exists()


SHARED = Path(__file__).resolve().parents[1] / "maps"


@pytest.mark.parametrize(("page", "title"), [
    ("reference.html", "GX戦略地域の配置 - シナリオ「reference」"),
    ("reference-unconstrained.html", "GX戦略地域の配置 - シナリオ「reference-unconstrained」"),
    ("reference-vs-unconstrained.html", "比較：A = reference、B = reference-unconstrained")])
def test_bundled_maps_are_offline_pages(page: str, title: str) -> None:
    """maps/ holds the bundled scenarios' answer as offline pages: small, no web address, titled, no machine
    path; maps/remake.sh remakes each of them."""
    path = SHARED / page
    text = path.read_text(encoding="utf-8")
    assert path.stat().st_size < MAX_MB * 1e6
    assert external_urls(text) == [] and TAG_REF.findall(text) == []
    assert f"<title>{title}</title>" in text
    # no path of the machine that rendered it: the clone, the home folder, the temporary folder
    for place in (SHARED.parent, Path.home(), Path(tempfile.gettempdir())):
        assert str(place.resolve()) + "/" not in text, place
    assert page in (SHARED / "remake.sh").read_text(encoding="utf-8") or page.removesuffix(".html") in [
        "reference", "reference-unconstrained"]


def test_sweep_labels_keep_clear_of_each_other() -> None:
    from siting.maps.labels import label_sides

    assert label_sides([141.3], [43.1], ["既存集積地（北海道） 100 %"]) == ["right"]
    # Tokyo's label to the right would run over Chiba's marker 0.6 degrees east: it goes left, Chiba's right
    assert label_sides([139.5, 140.1], [35.7, 35.7], ["既存集積地（東京都） 50 %", "既存集積地（千葉県） 100 %"]) == [
        "left", "right"]


def test_same_run_renders_to_the_same_bytes(reference_run: Path, offline_map: str, tmp_path: Path) -> None:
    """Folium's random element ids are numbered, so a remade page in maps/ differs only where the map does."""
    again = render_map(reference_run, tmp_path / "again.html", offline=True).read_text(encoding="utf-8")
    assert again == offline_map
    assert re.search(r"map_0{28}\d{4}\b", again) and not re.search(r"geo_json_[0-9a-f]*[a-f][0-9a-f]*\b", again)

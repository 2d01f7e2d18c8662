"""Every kind of page the tool writes, opened offline in Chromium (Debian chromium via Playwright, every request
off the machine refused) at 1280 x 800: no console error, no request leaving the page, a <title>, every feature
drawn, no legend row and no feature under a panel or a control.

The run map (online and offline) is in tests/test_map_browser.py; here: the proposals overview, the proposal
reports, the sweep's selection-frequency map and the comparison map.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pytest
from test_map_browser import Page, browser  # noqa: F401  (the browser fixture)
from typer.testing import CliRunner

from siting.bundled import reference_scenario
from siting.cli.main import app
from siting.i18n import tr

pytestmark = pytest.mark.browser
EXAMPLE = Path(__file__).resolve().parents[1] / "models" / "proposals-example.geojson"
#: Kyushu's main island (lat, lon): the comparison panel used to cover it.
KYUSHU = [(31.3, 130.5), (33.8, 130.4), (33.0, 131.7), (32.0, 131.3), (32.8, 130.8), (33.5, 129.9)]


@pytest.fixture(scope="module")
def evaluation(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("evaluation") / "ev"
    res = CliRunner().invoke(app, ["evaluate", str(EXAMPLE), "--no-portfolio", "--offline", "--out", str(out)])
    assert res.exit_code == 0, res.output
    return out


def _label_clashes(page: Any) -> list[str]:
    """Map labels that overlap another label or lie under a panel or a control."""
    return page.evaluate("""() => {
        const els = [...document.querySelectorAll(".ws-label")], boxes = els.map(e => e.getBoundingClientRect());
        const out = [];
        boxes.forEach((a, i) => {
          boxes.slice(0, i).forEach((b, j) => {
            if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) {
              out.push(els[i].textContent + " / " + els[j].textContent); } });
          document.querySelectorAll(".ws-panel, .leaflet-control").forEach(c => { const r = c.getBoundingClientRect();
            if (a.left < r.right && r.left < a.right && a.top < r.bottom && r.top < a.bottom) {
              out.push(els[i].textContent + " under a panel"); } });
        });
        return out; }""")


def _offline_clean(pg: Page) -> None:
    assert pg.errors == [], pg.errors
    assert pg.outside() == [], pg.outside()
    assert pg.dialogs == []


def test_proposals_overview_shows_every_proposal(browser: Any, evaluation: Path) -> None:  # noqa: F811
    pg = Page(browser, evaluation / "map.html")
    page = pg.page
    assert page.title() == tr("page.proposals", "ja", name="reference")
    valid = set(pd.read_csv(evaluation / "ranking.csv")["proposal_id"])
    assert len(valid) == 11
    drawn, hidden = pg.hidden_points("proposals")
    popups = page.evaluate("(() => { const out = []; window.wattbit.overlays.proposals.eachLayer("
                           "l => out.push(l.feature.properties.popup)); return out; })()")
    shown = {pid for pid in valid if any(f"<td>{pid}</td>" in p for p in popups)}
    assert shown == valid and drawn >= len(valid)
    assert hidden == [] and pg.covered_legend_rows() == []
    assert page.locator(".ws-label").count() == len(valid) and _label_clashes(page) == []  # each named once
    assert page.locator("#ws-legend").inner_text().count("(") >= 3  # pass / warn / fail with their counts
    # the prefectures are the base map, and a click on a proposal opens its popup
    assert page.evaluate("window.wattbit.overlays.prefectures.getLayers().length") == 47
    for i in range(len(popups)):  # a real click on every proposal opens its popup (the page's own script runs)
        # the previous popup may still be panning the map into view: click once the map is still
        page.wait_for_function("(() => { const m = window.wattbit.map; return !m._animatingZoom && "
                               "!(m._panAnim && m._panAnim._inProgress); })()")
        x, y = page.evaluate(f"""(() => {{ const map = window.wattbit.map, l = window.wattbit.overlays.proposals
            .getLayers()[{i}], p = map.latLngToContainerPoint(l.getLatLng()), r = map.getContainer()
            .getBoundingClientRect(); map.closePopup(); return [r.left + p.x, r.top + p.y]; }})()""")
        page.mouse.click(x, y)
        page.locator(".leaflet-popup-content").wait_for(timeout=5000)
        assert tr("pr.overall", "ja") in page.locator(".leaflet-popup-content").inner_text()
    page.screenshot(path=str(evaluation.parent / "overview.png"))
    _offline_clean(pg)
    page.close()


def test_proposal_reports_open_offline(browser: Any, evaluation: Path) -> None:  # noqa: F811
    reports = sorted((evaluation / "reports").glob("*.html"))
    assert len(reports) == 11
    for path in reports:
        pg = Page(browser, path, ready="document.readyState === 'complete'")
        page = pg.page
        assert page.title() != ""
        # the site on its small map, the bar of each planning year
        assert page.locator("svg path[fill='#c0392b']").count() >= 1
        assert page.locator("figure svg rect").count() == 4
        # every substation in reach is named on the small map, and the map has a scale bar
        assert page.locator("svg text[fill='#7a3e00']").count() == page.locator("svg circle[fill='#e67e22']").count()
        assert page.locator("svg text", has_text=" km").count() == 1
        _offline_clean(pg)
        page.close()


@pytest.fixture(scope="module")
def sweep_map(reference_run: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str], int]:
    """The selection-frequency map of two made-up scenarios: the reference plan, and its first two regions."""
    from siting.maps.render import PageOptions
    from siting.sweep import load_sweep, region_footprints, robustness
    from siting.sweep.report import _prefectures, write_map

    base = tmp_path_factory.mktemp("sweep")
    (base / "s.toml").write_text(f'name = "two"\nbase = {json.dumps(str(reference_scenario()))}\n'
                                 '[grid]\n"policy.max_regions" = [4, 6]\n', encoding="utf-8")
    spec = load_sweep(base / "s.toml")
    regions = gpd.read_file(reference_run / "results.gpkg", layer="regions")
    des = regions[regions["designated"].astype(bool)]
    ids, mws = list(des["region_id"]), [f"{v:.1f}" for v in des["mw_2040"]]
    rows = pd.DataFrame({"scenario_id": ["s0", "s1"], "status": ["optimal", "optimal"],
                         "designated_regions": [" ".join(ids), " ".join(ids[:2])],
                         "designated_mw_last_year": [" ".join(mws), " ".join(mws[:2])]})
    footprints = region_footprints(spec)
    path = write_map(robustness(rows, footprints), footprints, base / "map.html", spec.name, lang="en",
                     prefectures=_prefectures(spec), page=PageOptions(offline=True))
    drawable = int((footprints.geometry.notna() & ~footprints.geometry.is_empty).sum())
    return path, ids, drawable


def test_sweep_map_offline(browser: Any, sweep_map: tuple[Path, list[str], int]) -> None:  # noqa: F811
    path, ids, drawable = sweep_map
    pg = Page(browser, path)
    page = pg.page
    assert page.title() == tr("page.sweep", "en", name="two")
    assert page.evaluate("window.wattbit.overlays.prefectures.getLayers().length") == 47
    drawn, hidden = pg.hidden_points("sweep_regions")
    assert drawn == drawable > 20 and hidden == []  # a marker for every candidate region of the reference
    labels = page.locator(".ws-label")
    assert labels.count() == len(ids)  # every region designated at least once is named on the map
    text = " ".join(labels.all_inner_texts())
    assert "100 %" in text and "50 %" in text
    assert _label_clashes(page) == []  # the labels keep clear of each other (Hyogo and Osaka are 50 km apart)
    assert pg.covered_legend_rows() == []
    page.screenshot(path=str(path.parent / "sweep.png"))
    _offline_clean(pg)
    page.close()


@pytest.fixture(scope="module")
def compare_map(reference_run: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("compare")
    res = CliRunner().invoke(app, ["run", "--no-map", "--out", str(base / "four"), "--set", "policy.max_regions=4"])
    assert res.exit_code == 0, res.output
    res = CliRunner().invoke(app, ["compare", str(reference_run), str(base / "four"), "--offline", "--out",
                                   str(base / "compare.html")])
    assert res.exit_code == 0, res.output
    return base / "compare.html"


def test_compare_map_offline(browser: Any, compare_map: Path, reference_run: Path) -> None:  # noqa: F811
    pg = Page(browser, compare_map)
    page = pg.page
    assert page.title() == tr("page.compare", "ja", a=reference_run.name, b="four")
    for key, run in (("regions_a", reference_run), ("regions_b", compare_map.parent / "four")):
        regions = gpd.read_file(run / "results.gpkg", layer="regions")
        drawn, hidden = pg.hidden_points(key)
        assert drawn == int(regions["designated"].astype(bool).sum()) and hidden == [], (key, hidden)
    covered = page.evaluate("""(pts) => { const map = window.wattbit.map, box = map.getContainer()
        .getBoundingClientRect(); return pts.filter(([lat, lon]) => { const p = map.latLngToContainerPoint([lat, lon]);
        const hit = document.elementFromPoint(box.left + p.x, box.top + p.y);
        return !hit || hit.closest('.ws-panel, .leaflet-control'); }); }""", KYUSHU)
    assert covered == []
    assert pg.covered_legend_rows() == []
    assert page.locator(".ws-label").count() >= 6 and _label_clashes(page) == []
    panel = page.locator("#ws-compare").inner_text()
    assert "policy.max_regions: 6 → 4" in panel and f"A = {reference_run.name}" in panel and "B = four" in panel
    page.screenshot(path=str(compare_map.parent / "compare.png"))
    _offline_clean(pg)
    page.close()

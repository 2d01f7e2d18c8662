"""The offline map in a real browser: Debian chromium driven by Playwright, from a file:// URL.

Asserts no console error, no request leaving the page, the Leaflet map and every overlay present, a click on a
designated region opening its popup with its MW, and a malicious site name showing as text; and that the
proposals overview map runs no script from proposal ids and names holding backticks and ``${...}``.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import geopandas as gpd
import pytest
from conftest import XSS_NAME

from siting.i18n import tr
from siting.maps.render import render_map

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOT_COPY = Path(tempfile.gettempdir()) / "map-offline.png"

pytestmark = pytest.mark.browser
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} not found (apt-get install chromium)", allow_module_level=True)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


class Page:
    """A page with every request, console error and dialog recorded; requests off the machine are aborted."""

    def __init__(self, browser: Any, html: Path, ready: str = "window.wattbit && window.wattbit.map"):
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page = browser.new_page(viewport=VIEWPORT)
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:"))
                        else route.abort())
        self.page.goto(html.resolve().as_uri())
        self.page.wait_for_function(ready, timeout=20000)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def outside(self) -> list[str]:
        return [u for u in self.requests if not u.startswith(("file:", "data:"))]

    def covered_legend_rows(self) -> list[str]:
        """Legend rows (of the sections shown, within their panel's scroll view) under anything else."""
        return self.page.evaluate(COVERED_ROWS_JS)

    def hidden_points(self, key: str) -> tuple[int, list[str]]:
        """How many point features of the overlay ``key`` are drawn, and the tooltips of those (inside the
        map's view) that a panel or a control covers."""
        return tuple(self.page.evaluate(HIDDEN_POINTS_JS, key))  # type: ignore[return-value]


#: The window the issue names: a 1280 x 800 laptop screen.
VIEWPORT = {"width": 1280, "height": 800}
COVERED_ROWS_JS = """() => { const out = [];
  document.querySelectorAll(".ws-panel .ws-row").forEach(el => {
    if (el.offsetParent === null) return;  // the section of a layer that is off
    const r = el.getBoundingClientRect(), pr = el.closest(".ws-panel").getBoundingClientRect();
    const x = r.left + Math.min(r.width / 2, 6), y = r.top + r.height / 2;
    if (y < pr.top || y > pr.bottom) return;  // scrolled out of its panel's view
    const hit = document.elementFromPoint(x, y);
    if (!hit || !(el.contains(hit) || hit.contains(el))) out.push(el.textContent.trim());
  });
  return out; }"""
HIDDEN_POINTS_JS = """(key) => { const map = window.wattbit.map, box = map.getContainer().getBoundingClientRect();
  let n = 0; const hidden = [];
  window.wattbit.overlays[key].eachLayer(l => {
    if (!l.getLatLng) return;
    n += 1;
    const p = map.latLngToContainerPoint(l.getLatLng()), x = box.left + p.x, y = box.top + p.y;
    if (x < box.left || y < box.top || x > box.right || y > box.bottom) return;
    const hit = document.elementFromPoint(x, y);
    if (hit && hit.closest(".ws-panel, .leaflet-control")) hidden.push(l.feature.properties.tip);
  });
  return [n, hidden]; }"""


@pytest.fixture(scope="module")
def offline_html(reference_run: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render_map(reference_run, tmp_path_factory.mktemp("browser") / "offline.html", offline=True)


def screen_point(page: Any, map_js: str, lat: float, lon: float, zoom: int) -> list[float]:
    """Centre the map ``map_js`` on (lat, lon) at ``zoom`` and return that point's page coordinates."""
    page.evaluate(f"{map_js}.setView([{lat}, {lon}], {zoom}, {{animate: false}})")
    page.wait_for_timeout(300)
    return page.evaluate(f"(() => {{ const p = {map_js}.latLngToContainerPoint([{lat}, {lon}]); "
                         f"const r = {map_js}.getContainer().getBoundingClientRect(); "
                         "return [r.left + p.x, r.top + p.y]; })()")


def _designated_point(run: Path) -> tuple[str, float, float, float]:
    regions = gpd.read_file(run / "results.gpkg", layer="regions")
    years = sorted(int(c[3:]) for c in regions.columns if c.startswith("mw_") and c[3:].isdigit())
    des = regions[regions["designated"].astype(bool)].copy()
    des = des.sort_values(f"mw_{years[-1]}", ascending=False).iloc[0]
    pt = gpd.GeoSeries([des.geometry], crs=regions.crs).representative_point().to_crs("EPSG:4326").iloc[0]
    return str(des["name"]), float(des[f"mw_{years[-1]}"]), pt.y, pt.x


def test_offline_map_in_chromium(browser: Any, offline_html: Path, reference_run: Path, tmp_path: Path) -> None:
    pg = Page(browser, offline_html)
    page = pg.page
    assert page.evaluate("typeof L !== 'undefined' && window.wattbit.map instanceof L.Map")
    labels = page.eval_on_selector_all(".leaflet-control-layers-overlays label > span > span",
                                       "els => els.map(e => e.textContent.trim())")
    keys = page.evaluate("Object.keys(window.wattbit.overlays)")
    assert len(keys) >= 12, keys
    assert [tr(f"layer.{k}", "ja") for k in keys] == labels
    # leave only the designated regions on, then click inside the region with the most MW
    for label in labels:
        if label != tr("layer.regions", "ja"):
            checkbox = page.locator(".leaflet-control-layers-overlays label", has_text=label).locator("input")
            if checkbox.is_checked():
                checkbox.click()
    name, mw, lat, lon = _designated_point(reference_run)
    xy = screen_point(page, "window.wattbit.map", lat, lon, 10)
    page.mouse.click(xy[0], xy[1])
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=5000)
    text = popup.inner_text()
    assert name in text and f"{mw:,.0f} MW" in text, text
    page.evaluate("window.wattbit.map.closePopup(); window.wattbit.map.fitBounds([[30.0, 128.5], [45.6, 146.0]])")
    for label in labels:  # everything back on for the screenshot
        checkbox = page.locator(".leaflet-control-layers-overlays label", has_text=label).locator("input")
        if not checkbox.is_checked():
            checkbox.click()
    page.wait_for_timeout(300)
    shot = tmp_path / "map-offline.png"
    page.screenshot(path=str(shot))
    shutil.copyfile(shot, SCREENSHOT_COPY)
    assert page.title() == tr("page.run", "ja", name="reference")
    assert pg.covered_legend_rows() == []
    for key in ("substations", "sites"):
        assert pg.hidden_points(key)[1] == [], key
    assert pg.errors == [], pg.errors
    assert pg.outside() == [], pg.outside()
    assert pg.dialogs == []
    page.close()


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_default_online_map_works_without_internet(browser: Any, reference_run: Path, tmp_path: Path,
                                                   lang: str) -> None:
    """The map.html that ``siting run`` writes, opened with every web request refused: the layers are there."""
    html = render_map(reference_run, tmp_path / "online.html", lang=lang)
    pg = Page(browser, html)
    page = pg.page
    assert page.evaluate("typeof L !== 'undefined' && window.wattbit.map instanceof L.Map")
    keys = page.evaluate("Object.keys(window.wattbit.overlays)")
    assert len(keys) >= 12, keys
    drawn = page.evaluate("Object.values(window.wattbit.overlays)"
                          ".reduce((n, g) => n + g.getLayers().length, 0)")
    assert drawn > 100, drawn
    # the GSI tiles (first base layer) are the one shown on opening, OpenStreetMap the alternative
    assert page.eval_on_selector_all(".leaflet-control-layers-base input", "els => els.map(e => e.checked)") == [
        True, False]
    assert pg.covered_legend_rows() == []
    for key in ("substations", "sites"):  # nothing under the legend, the status or the layer control
        assert pg.hidden_points(key)[1] == [], key
    scale = page.locator(".leaflet-control-scale").bounding_box()
    credit = page.locator(".leaflet-control-attribution").bounding_box()
    assert scale["x"] + scale["width"] < credit["x"]  # the credits (two lines here) leave the scale bar free
    # what tried to leave the page: background tiles only (refused here), never a script or stylesheet
    hosts = {u.split("/")[2] for u in pg.outside()}
    assert hosts <= {"cyberjapandata.gsi.go.jp", "tile.openstreetmap.org"}, hosts
    assert not [e for e in pg.errors if "Failed to load resource" not in e], pg.errors
    page.close()


def test_malicious_name_shows_as_text(browser: Any, xss_run: Path, tmp_path: Path) -> None:
    html = render_map(xss_run, tmp_path / "xss.html", offline=True)
    pg = Page(browser, html)
    page = pg.page
    # a real click on the first site, zoomed in so that nothing else lies under the pointer
    xy = page.evaluate("""(() => {
        const map = window.wattbit.map; let ll = null;
        window.wattbit.overlays.sites.eachLayer(l => { if (!ll) { ll = l.getLatLng(); } });
        map.setView(ll, 13, {animate: false});
        const p = map.latLngToContainerPoint(ll), r = map.getContainer().getBoundingClientRect();
        return [r.left + p.x, r.top + p.y]; })()""")
    page.wait_for_timeout(300)
    page.mouse.move(xy[0], xy[1])
    tooltip = page.locator(".leaflet-tooltip")
    tooltip.wait_for(timeout=5000)
    assert XSS_NAME in tooltip.inner_text()
    page.mouse.click(xy[0], xy[1])
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=5000)
    assert XSS_NAME in popup.inner_text()
    assert popup.locator("img").count() == 0 and tooltip.locator("img").count() == 0
    page.wait_for_timeout(500)
    assert page.evaluate("document.querySelectorAll('img[src=\"x\"]').length") == 0
    assert pg.dialogs == [], pg.dialogs
    assert pg.errors == [], pg.errors
    assert pg.outside() == [], pg.outside()
    page.close()


JS_IDS = ["`${alert(1)}`", "a`b${alert(2)}"]
JS_NAMES = ["`${alert(3)}`</script><script>alert(4)</script>", XSS_NAME]


@pytest.fixture(scope="module")
def hostile_proposals_map(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import shapely
    from typer.testing import CliRunner

    from siting.cli.main import app

    base = tmp_path_factory.mktemp("proposals-map")
    path = base / "p.geojson"
    gpd.GeoDataFrame({"proposal_id": JS_IDS, "name": JS_NAMES, "municipality": ["${alert(5)}", "`"],
                      "prefecture": "北海道", "site_area_ha": 100, "requested_mw": 300},
                     geometry=[shapely.Point(141.78, 42.665), shapely.Point(141.32, 43.205)],
                     crs="EPSG:4326").to_file(path, driver="GeoJSON")
    res = CliRunner().invoke(app, ["evaluate", str(path), "--no-portfolio", "--out", str(base / "o")])
    assert res.exit_code == 0, res.output
    return base / "o" / "map.html"


def test_proposals_map_runs_no_script_from_user_text(browser: Any, hostile_proposals_map: Path) -> None:
    pg = Page(browser, hostile_proposals_map, ready="document.querySelectorAll('path.leaflet-interactive').length >= 2")
    page = pg.page
    page.evaluate("window.ws_map = Object.values(window).find(v => v instanceof L.Map)")
    points = page.evaluate("""(() => { const out = [];
        window.wattbit.overlays.proposals.eachLayer(l => {
            if (l.feature && l.getLatLng) { const p = l.getLatLng(); out.push([p.lat, p.lng]); } });
        return out; })()""")
    assert len(points) == 2
    shown = []
    for lat, lon in points:
        xy = screen_point(page, "window.ws_map", lat, lon, 12)
        page.mouse.move(xy[0], xy[1])
        tooltip = page.locator(".leaflet-tooltip:not(.ws-label)")
        tooltip.wait_for(timeout=5000)
        shown.append(tooltip.inner_text())
        page.mouse.click(xy[0], xy[1])
        popup = page.locator(".leaflet-popup-content")
        popup.wait_for(timeout=5000)
        shown.append(popup.inner_text())
        page.evaluate("window.ws_map.closePopup()")
    shown += page.locator(".ws-label").all_inner_texts()  # the names beside the markers
    text = "\n".join(shown)
    for s in [*JS_IDS, *JS_NAMES, "${alert(5)}"]:
        assert s in text, (s, text)  # shown as text ...
    page.wait_for_timeout(500)
    assert pg.dialogs == [], pg.dialogs  # ... and never run
    assert page.evaluate("document.querySelectorAll('img[src=\"x\"]').length") == 0
    assert not [e for e in pg.errors if "Failed to load resource" not in e], pg.errors
    assert {u.split("/")[2] for u in pg.outside()} <= {"cyberjapandata.gsi.go.jp"}  # background tiles only
    page.close()

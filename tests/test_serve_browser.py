"""``siting serve`` in a real browser: Debian chromium driven by Playwright, every request off the machine refused.

The app runs as the command a reviewer types (``python -m siting serve --port N``, in a child process). The page
uploads the example proposals file and shows every proposal's verdict, opens one report, starts and cancels
its portfolio job, switches language,
screens a point clicked on the map whose name is ``<img src=x onerror=alert(1)>`` (it stays text: no image, no
dialog), runs that point's portfolio job to completion, and logs no console error. On Ctrl+C the app removes its
temporary folder.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import geopandas as gpd
import pytest
from conftest import XSS_NAME
from test_map_browser import browser  # noqa: F401  (the fixture: Debian chromium, skipped when it is missing)

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "models" / "proposals-example.geojson"
FAST = ["solver.mip_gap=0.05", "evaluation.resolve_time_limit_s=5", "solver.time_limit_s=20"]
SCREENSHOT_COPY = Path(tempfile.gettempdir()) / "serve-page.png"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, subprocess.Popen[str]]]:
    port = free_port()
    cmd = [sys.executable, "-m", "siting", "serve", "--port", str(port)]
    for kv in FAST:
        cmd += ["--set", kv]
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    url = f"http://127.0.0.1:{port}"
    end = time.monotonic() + 180
    while time.monotonic() < end and proc.poll() is None:
        try:
            with urllib.request.urlopen(f"{url}/api/health", timeout=2) as res:
                if res.status == 200:
                    break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail(f"siting serve did not start: {proc.communicate()[0]}")
    yield url, proc
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=40)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class Recorder:
    """Every request, console error and dialog of a browser context; requests leaving the app are aborted."""

    def __init__(self, chromium: Any, url: str):
        self.url = url
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.context = chromium.new_context(viewport={"width": 1500, "height": 950})
        self.context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
            (url + "/", "data:")) else route.abort())
        self.context.on("page", self.watch)

    def watch(self, page: Any) -> None:
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("console", lambda m: self.errors.append(f"{page.url}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"{page.url}: {e}"))
        page.on("dialog", self._dialog)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def outside(self) -> list[str]:
        return [u for u in self.requests if not u.startswith((self.url + "/", "data:"))]


def wait_js(page: Any, expression: str, timeout_s: float = 30) -> None:
    """Poll ``expression`` until it is true (``wait_for_function`` evaluates a string, which the page's
    Content-Security-Policy forbids)."""
    end = time.monotonic() + timeout_s
    while not page.evaluate(expression):
        if time.monotonic() > end:
            raise AssertionError(f"not true after {timeout_s:g} s: {expression}")
        page.wait_for_timeout(200)


def click_map(page: Any, lat: float, lon: float) -> None:
    """A real click on the map at (lat, lon), zoomed in so that the point is far from any drawn site."""
    page.evaluate(f"W.map.map.setView([{lat}, {lon}], 11, {{animate: false}})")
    page.wait_for_timeout(300)
    xy = page.evaluate(f"(() => {{ const m = W.map.map, p = m.latLngToContainerPoint([{lat}, {lon}]), "
                       "r = m.getContainer().getBoundingClientRect(); return [r.left + p.x, r.top + p.y]; })()")
    page.mouse.click(xy[0], xy[1])


def upload_example(page: Any) -> list[str]:
    """Load the example proposals file; every proposal gets its verdict and no row is rejected."""
    ids = list(dict.fromkeys(gpd.read_file(EXAMPLE)["proposal_id"]))
    page.set_input_files("#file", str(EXAMPLE))
    rows = page.locator("#proposals tbody tr")
    wait_js(page, f"document.querySelectorAll('#proposals tbody tr').length === {len(ids)}", 30)
    verdicts = rows.evaluate_all("rs => rs.map(r => r.getAttribute('data-verdict'))")
    assert set(verdicts) <= {"pass", "warn", "fail"} and len(verdicts) == len(ids), verdicts
    assert [rows.nth(i).locator(".id").inner_text() for i in range(len(ids))] == ids
    assert page.evaluate("W.map.layers.sites.getLayers().length") >= len(ids)
    return ids


def open_first_report(rec: Recorder, page: Any, proposal_id: str) -> None:
    """The first proposal's details, then its report in a new tab."""
    page.locator("#proposals tbody tr").nth(0).click()
    detail = page.locator("#detail")
    detail.locator("table.scorecard tbody tr").first.wait_for()
    assert detail.locator("table.scorecard tbody tr").count() >= 8
    assert detail.locator("svg.chart rect").count() == len(page.evaluate("W.DATA.info.years"))
    assert page.evaluate("W.map.layers.subs.getLayers().length") > 0, "the substations in reach are on the map"
    with rec.context.expect_page() as opened:
        detail.locator("#report-link").click()
    report = opened.value
    report.wait_for_load_state()
    assert proposal_id in report.content() and report.locator("table").count() >= 1
    report.close()


def job_state(page: Any, state: str, timeout_s: float) -> None:
    wait_js(page, f"document.getElementById('job').getAttribute('data-state') === '{state}'", timeout_s)


def add_hostile_point(page: Any) -> None:
    """Click the map near Tomakomai and add a point named ``<img src=x onerror=alert(1)>``: it stays text."""
    page.click("#point-box summary")
    click_map(page, 42.665, 141.80)
    assert page.locator("#point-pref").input_value() == "01", "the prefecture under the click is filled in"
    form = page.locator("#point-form")
    form.locator("input[name=name]").fill(XSS_NAME)
    form.locator("input[name=site_area_ha]").fill("100")
    form.locator("input[name=requested_mw]").fill("300")
    form.locator("#point-add").click()
    wait_js(page, "W.S.ev && W.S.ev.kind === 'points' && document.querySelectorAll('#proposals tbody tr').length "
                  "=== 1", 30)
    assert page.locator("#proposals tbody tr .name").first.inner_text() == XSS_NAME
    page.locator("#proposals tbody tr").first.click()
    assert XSS_NAME in page.locator("#detail h2").inner_text()
    assert "null" not in page.locator("#detail").inner_text(), "a part the point lacks (notes) is left out"
    assert page.evaluate("document.querySelectorAll('img[src=\"x\"]').length") == 0


def test_review_page_in_chromium(server: tuple[str, subprocess.Popen[str]], browser: Any,  # noqa: F811
                                 tmp_path: Path) -> None:
    url, proc = server
    rec = Recorder(browser, url)
    page = rec.context.new_page()
    page.goto(url + "/")
    wait_js(page, "window.W && W.map && W.map.layers.prefs.getLayers().length >= 47", 30)
    assert page.locator("#reference-line").inner_text().startswith("全国の基準計画")
    ids = upload_example(page)
    open_first_report(rec, page, ids[0])

    # the example's portfolio job started and cancelled from the page
    page.click("#run-portfolio")
    page.locator("#cancel-portfolio").wait_for(state="visible", timeout=10000)
    page.wait_for_timeout(3000)
    page.click("#cancel-portfolio")
    job_state(page, "cancelled", 40)
    assert page.locator("#run-portfolio").is_enabled() and page.locator("#cancel-portfolio").is_hidden()

    page.click("#lang-switch")
    assert page.locator("h1").inner_text() == "GX data-centre proposal review"
    add_hostile_point(page)

    # the point's portfolio value: a background job with progress, to completion
    page.click("#run-portfolio")
    page.locator("#cancel-portfolio").wait_for(state="visible", timeout=10000)
    job_state(page, "done", 240)
    wait_js(page, "W.S.ev && W.S.ev.portfolio !== null", 10)
    assert page.locator("#proposals tbody tr td.pf").nth(1).inner_text() == "1", "rank 1 of 1"
    assert page.locator("#cancel-portfolio").is_hidden()
    page.evaluate("W.map.map.fitBounds([[30.0, 128.5], [45.6, 146.0]])")
    page.wait_for_timeout(500)
    shot = tmp_path / "serve-page.png"
    page.screenshot(path=str(shot))
    shutil.copyfile(shot, SCREENSHOT_COPY)

    assert rec.dialogs == [], rec.dialogs
    assert rec.errors == [], rec.errors
    assert rec.outside() == [], rec.outside()
    rec.context.close()

    # Ctrl+C: the app stops and its temporary folder is gone
    proc.send_signal(signal.SIGINT)
    out = proc.communicate(timeout=40)[0]
    assert proc.returncode == 0, out
    assert list(Path(tempfile.gettempdir()).glob(f"wattbit-serve-{proc.pid}-*")) == []

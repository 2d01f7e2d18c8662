"""The web app: a Starlette application over :class:`siting.serve.state.App`.

Routes (every id is opaque; no request path or name reaches the file system):

=========================================  ============================================================================
``GET /``                                  the review page (Jinja2, autoescaped; its data as JSON, shown with
                                           ``textContent``)
``GET /assets/{name}``                     Leaflet (from the installed ``xstatic-leaflet``) and the page's script and
                                           style, looked up by name in a fixed table held in memory
``GET /api/info``, ``/api/base.geojson``,  scenario and reference plan; prefecture outlines (the offline base map);
``/api/reference.geojson``                 the reference plan's designated regions
``POST /api/evaluations?name=FILE``        the request body is the proposals file: stored, read and screened
``POST /api/points``                       ``{"base": id or null, "point": {...}}``: a clicked point, screened with
                                           the points before it
``GET /api/evaluations/{id}``              an evaluation as JSON
``POST /api/evaluations/{id}/portfolio``   start (or find) its portfolio job
``GET /api/jobs/{id}``, ``.../events``     the job's state; its progress as server-sent events
``POST /api/jobs/{id}/cancel``             stop it
``GET /api/evaluations/{id}/files/{f}``    ``evaluation.csv``, ``evaluation.json``, ``ranking.csv``, ``metrics.csv``,
                                           ``rejected.csv``, ``portfolio.json``, ``evaluation.zip`` (``?lang=ja|en``)
``GET /api/evaluations/{id}/reports/{i}``  the HTML report of proposal number ``i``
=========================================  ============================================================================

Every POST must carry the header ``X-Wattbit-Siting: 1``: a page of another site cannot send it without a CORS
pre-flight, which this app never grants, so no other site can make the app work. Hosts other than the one the app
is bound to are refused (DNS rebinding). Pages carry a Content-Security-Policy that allows no inline script.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import shutil
from collections.abc import AsyncIterator
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from siting.errors import SitingError
from siting.maps.offline import leaflet_css, leaflet_js
from siting.serve.evaluation import report_path, write_outputs
from siting.serve.state import App
from siting.serve.text import LANGS, all_text, prefectures, ui_text
from siting.serve.workspace import ID_PATTERN, UploadTooLargeError

GSI_TILES = "https://cyberjapandata.gsi.go.jp"
PAGE_CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            f"img-src 'self' data: {GSI_TILES}; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            "form-action 'none'; frame-ancestors 'none'")
REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"
CSRF_HEADER = "x-wattbit-siting"
#: The page's own files in ``siting/serve/static`` (loaded in this order by the page).
OWN_ASSETS = ("common.js", "map.js", "detail.js", "job.js", "app.js", "app.css")
MAX_JSON_BYTES = 64 * 1024
#: Downloads: the name a request gives -> (the file the app wrote, its media type).
FILES = {name: (name, media) for name, media in (
    ("evaluation.csv", "text/csv; charset=utf-8"), ("evaluation.json", "application/json"),
    ("ranking.csv", "text/csv; charset=utf-8"), ("metrics.csv", "text/csv; charset=utf-8"),
    ("rejected.csv", "text/csv; charset=utf-8"), ("portfolio.json", "application/json"),
    ("evaluation.zip", "application/zip"))}


def _assets() -> dict[str, tuple[bytes, str]]:
    """Every file the page loads, read once: Leaflet inlined by :mod:`siting.maps.offline` (images as data: URIs,
    no web address), and the page's own script and style."""
    own = resources.files("siting.serve") / "static"
    js, css = "text/javascript; charset=utf-8", "text/css; charset=utf-8"
    out = {"leaflet.js": (leaflet_js().encode("utf-8"), js), "leaflet.css": (leaflet_css().encode("utf-8"), css)}
    for name in OWN_ASSETS:
        out[name] = ((own / name).read_bytes(), js if name.endswith(".js") else css)
    return out


class Guard:
    """Security headers on every response; POST only with the app's own header (see the module docstring)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if scope["method"] not in ("GET", "HEAD") and headers.get(CSRF_HEADER) != "1":
            await _errors(["request refused: it lacks the app's header -- fix: use the page"], 403)(
                scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                raw = list(message.get("headers", []))
                names = {k.lower() for k, _ in raw}
                extra = {b"x-content-type-options": b"nosniff", b"referrer-policy": b"no-referrer",
                         b"x-frame-options": b"DENY", b"content-security-policy": PAGE_CSP.encode("ascii")}
                raw += [(k, v) for k, v in extra.items() if k not in names]
                message = {**message, "headers": raw}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _errors(lines: list[str], status: int) -> JSONResponse:
    return JSONResponse({"errors": lines}, status_code=status)


def _problem_lines(exc: SitingError, state: App) -> list[str]:
    return [state.workspace.shown(str(p)) for p in exc.problems]


def _lang(request: Request) -> str:
    lang = request.query_params.get("lang", "ja")
    return lang if lang in LANGS else "ja"


def _ident(request: Request, key: str) -> str:
    value = str(request.path_params.get(key, ""))
    return value if ID_PATTERN.match(value) else ""


class Handlers:
    """The routes' handlers over the shared state (see the module docstring for the routes)."""

    def __init__(self, state: App):
        self.state = state
        env = Environment(loader=PackageLoader("siting.serve", "templates"),
                          autoescape=select_autoescape(default=True, default_for_string=True))
        self.page = env.get_template("index.html.j2")
        self.assets = _assets()

    async def index(self, request: Request) -> Response:
        lang = _lang(request)
        data = {"text": all_text(), "prefectures": prefectures(), "info": self.state.info(), "lang": lang}
        return HTMLResponse(self.page.render(lang=lang, t=ui_text(lang), data=data))

    async def asset(self, request: Request) -> Response:
        found = self.assets.get(str(request.path_params["name"]))
        if found is None:
            return _errors(["asset not found"], 404)
        return Response(found[0], media_type=found[1], headers={"Cache-Control": "no-cache"})

    async def info(self, request: Request) -> Response:
        return JSONResponse(self.state.info())

    async def base(self, request: Request) -> Response:
        return Response(self.state.base_map_json, media_type="application/geo+json")

    async def reference(self, request: Request) -> Response:
        return Response(self.state.reference_json, media_type="application/geo+json")

    async def upload(self, request: Request) -> Response:
        name = request.query_params.get("name", "proposals")
        size = request.headers.get("content-length", "")
        if size.isdigit() and int(size) > self.state.workspace.max_upload_bytes:
            return _errors(_problem_lines(self.state.workspace.too_large(name, int(size)), self.state), 413)
        eid, folder = self.state.workspace.new_folder()
        try:
            path = await self.state.workspace.receive(request.stream(), folder, name)
        except UploadTooLargeError as exc:
            shutil.rmtree(folder, ignore_errors=True)
            return _errors(_problem_lines(exc, self.state), 413)
        try:
            out = await run_in_threadpool(lambda: self.state.payload(self.state.from_upload(folder, path, eid)))
        except SitingError as exc:
            return _errors(_problem_lines(exc, self.state), 422)
        return JSONResponse(out, status_code=201)

    async def point(self, request: Request) -> Response:
        body = await _json_body(request)
        if body is None:
            return _errors(["point: the request is not a JSON object -- fix: use the page's point form"], 400)
        base_id = body.get("base")
        try:
            out = await run_in_threadpool(lambda: self.state.payload(self.state.from_point(
                base_id if isinstance(base_id, str) else None, body.get("point"))))
        except SitingError as exc:
            return _errors(_problem_lines(exc, self.state), 422)
        return JSONResponse(out, status_code=201)

    async def evaluation(self, request: Request) -> Response:
        ev = self.state.get(_ident(request, "eid"))
        if ev is None:
            return _errors(["evaluation not found (the app keeps the most recent ones) -- fix: load the file "
                            "again"], 404)
        return JSONResponse(await run_in_threadpool(self.state.payload, ev))

    async def portfolio(self, request: Request) -> Response:
        ev = self.state.get(_ident(request, "eid"))
        if ev is None:
            return _errors(["evaluation not found -- fix: load the file again"], 404)
        try:
            job = self.state.start_portfolio(ev)
        except SitingError as exc:
            return _errors(_problem_lines(exc, self.state), 422)
        return JSONResponse(job.snapshot(), status_code=202)

    async def job(self, request: Request) -> Response:
        found = self.state.runner.get(_ident(request, "jid"))
        return JSONResponse(found.snapshot()) if found else _errors(["job not found"], 404)

    async def cancel(self, request: Request) -> Response:
        found = self.state.runner.cancel(_ident(request, "jid"))
        return JSONResponse(found.snapshot()) if found else _errors(["job not found"], 404)

    async def events(self, request: Request) -> Response:
        found = self.state.runner.get(_ident(request, "jid"))
        if found is None:
            return _errors(["job not found"], 404)
        return StreamingResponse(_progress(found, self.state), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})

    async def download(self, request: Request) -> Response:
        ev = self.state.get(_ident(request, "eid"))
        wanted = FILES.get(str(request.path_params["name"]))
        if ev is None or wanted is None:
            return _errors(["file not found"], 404)
        try:
            folder = await run_in_threadpool(write_outputs, ev, self.state.layers, self.state.sc, _lang(request))
        except SitingError as exc:
            return _errors(_problem_lines(exc, self.state), 422)
        path = folder / wanted[0]
        if not path.is_file():  # portfolio.json before the portfolio job
            return _errors([f"{wanted[0]}: not written yet -- fix: compute the portfolio value first"], 404)
        return FileResponse(path, media_type=wanted[1], filename=wanted[0])

    async def report(self, request: Request) -> Response:
        ev = self.state.get(_ident(request, "eid"))
        if ev is None or ev.screening is None:
            return _errors(["report not found"], 404)
        folder = await run_in_threadpool(write_outputs, ev, self.state.layers, self.state.sc, _lang(request))
        path = report_path(ev, folder, int(request.path_params["index"]))
        if path is None or not path.is_file():
            return _errors(["report not found"], 404)
        return HTMLResponse(path.read_text(encoding="utf-8"), headers={"Content-Security-Policy": REPORT_CSP})

    async def health(self, request: Request) -> Response:
        return JSONResponse({"ok": True})


def create_app(state: App, allowed_hosts: list[str] | None = None) -> Starlette:
    """The Starlette app over ``state``; ``allowed_hosts`` are the Host names accepted (default: localhost)."""
    h = Handlers(state)
    routes = [
        Route("/", h.index), Route("/assets/{name}", h.asset), Route("/api/health", h.health),
        Route("/api/info", h.info),
        Route("/api/base.geojson", h.base), Route("/api/reference.geojson", h.reference),
        Route("/api/evaluations", h.upload, methods=["POST"]), Route("/api/points", h.point, methods=["POST"]),
        Route("/api/evaluations/{eid}", h.evaluation),
        Route("/api/evaluations/{eid}/portfolio", h.portfolio, methods=["POST"]),
        Route("/api/evaluations/{eid}/files/{name}", h.download),
        Route("/api/evaluations/{eid}/reports/{index:int}", h.report),
        Route("/api/jobs/{jid}", h.job), Route("/api/jobs/{jid}/events", h.events),
        Route("/api/jobs/{jid}/cancel", h.cancel, methods=["POST"]),
    ]

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        yield
        state.closing = True
        await run_in_threadpool(state.close)  # cancels the running job, removes the temporary folder

    hosts = allowed_hosts or ["127.0.0.1", "localhost", "[::1]"]
    return Starlette(routes=routes, lifespan=lifespan,
                     middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=hosts), Middleware(Guard)])


async def _json_body(request: Request) -> dict[str, Any] | None:
    raw = b""
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > MAX_JSON_BYTES:
            return None
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    return body if isinstance(body, dict) else None


async def _progress(job: Any, state: App) -> AsyncIterator[str]:
    """Server-sent events: the job's state whenever it changes, and once a second (elapsed time), until it ends."""
    last, quiet = -1, 0.0
    while not state.closing:
        if job.version != last or quiet >= 1.0:
            last, quiet = job.version, 0.0
            yield f"data: {json.dumps(job.snapshot())}\n\n"
            if job.final:
                return
        await asyncio.sleep(0.2)
        quiet += 0.2

"""``siting serve``: the GX proposal review page as a local web app.

A reviewer uploads a proposals file (every format ``siting evaluate`` reads) or clicks a point on the map and
enters area, MW and prefecture; the page shows each proposal's scorecard with its reasons, the grid metrics, the
MW-by-year chart and the substations in reach on the map, runs the portfolio value (forced in / out re-solves) as a
background job with progress, and offers the CLI's files for download. The page needs no web access: Leaflet and
every asset come from installed packages and are served by the app, and the prefecture outlines are the base map.

Why Starlette and uvicorn: the app needs routes, a streamed request body (an upload is written to disk chunk by
chunk and refused as soon as it passes the size limit), server-sent events for the job's progress, middleware for
the Host check and the security headers, and a test client -- all in Starlette, a small, well-kept ASGI toolkit
(the base of FastAPI) with few dependencies. FastAPI would add pydantic request models and an OpenAPI schema the
page does not use; Flask or Django would need a thread per open progress stream and more machinery for the same
page. uvicorn is the reference ASGI server, runs in one process with the app's shared state, and stops cleanly
on Ctrl+C. The page's own JavaScript is plain (no build step, nothing from npm); Leaflet comes from the
``xstatic-leaflet`` package that the offline maps already use. Uploads are the raw request body (the page sends
the file with ``fetch``), so no multipart parser (``python-multipart``) is needed.

Modules: :mod:`~siting.serve.app` (Starlette routes and guards), :mod:`~siting.serve.state` (what requests
share), :mod:`~siting.serve.evaluation` (screening and the page's JSON), :mod:`~siting.serve.jobs` (portfolio
jobs in a child process), :mod:`~siting.serve.reference` (the national reference plan, the base map),
:mod:`~siting.serve.workspace` (the temporary folder and uploads), :mod:`~siting.serve.text` (the page's words).
"""

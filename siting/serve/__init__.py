"""``siting serve``: the GX proposal review page as a local web app.

A reviewer uploads a proposals file (every format ``siting evaluate`` reads) or clicks a point on the map and
enters area, MW and prefecture; the page shows each proposal's scorecard with its reasons, the grid metrics, the
MW-by-year chart and the substations in reach on the map, runs the portfolio value (forced in / out re-solves) as a
background job with progress, and offers the CLI's files for download. The page needs no web access: Leaflet and
every asset come from installed packages and are served by the app, and the prefecture outlines are the base map.

Modules: :mod:`~siting.serve.app` (Starlette routes and guards), :mod:`~siting.serve.state` (what requests
share), :mod:`~siting.serve.evaluation` (screening and the page's JSON), :mod:`~siting.serve.jobs` (portfolio
jobs in a child process), :mod:`~siting.serve.reference` (the national reference plan, the base map),
:mod:`~siting.serve.workspace` (the temporary folder and uploads), :mod:`~siting.serve.text` (the page's words).
"""

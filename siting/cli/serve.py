"""``siting serve``: the proposal review page as a local web app (:mod:`siting.serve`)."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Annotated

import typer

from siting.bundled import reference_scenario
from siting.cli.common import SetOpt, console, err_console, guarded
from siting.errors import InputError, Problem
from siting.scenario import load_scenario

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def check_port(host: str, port: int) -> None:
    """Refuse at once (before the reference solve) a port that cannot be listened on."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise InputError(Problem(f"--host {host}", f"unknown host ({exc})",
                                 "give an address such as 127.0.0.1")) from None
    family, _type, _proto, _name, addr = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(addr)
        except OSError as exc:
            raise InputError(Problem(f"{host}:{port}", f"cannot listen ({exc.strerror or exc})",
                                     "choose another port with --port, or stop what uses it")) from None


def allowed_hosts(host: str) -> list[str]:
    """The Host names a request may carry: the local names, and the bound address when it is another one."""
    local = ["127.0.0.1", "localhost", "[::1]"]
    if host in LOCAL_HOSTS:
        return local
    if host in ("0.0.0.0", "::"):
        return ["*"]
    return [*local, f"[{host}]" if ":" in host else host]


@guarded
def serve(
    scenario: Annotated[Path | None, typer.Option("--scenario", "-s", help="scenario TOML (default: the "
                                                  "bundled reference)")] = None,
    host: Annotated[str, typer.Option("--host", metavar="ADDRESS",
                                      help="address to listen on (default: this machine only)")
                    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", metavar="PORT", help="port to listen on")] = 8765,
    run: Annotated[Path | None, typer.Option("--run", help="run folder of the scenario ('siting run' wrote it): "
                                             "its plan is the reference, instead of solving it at start")] = None,
    max_upload_mb: Annotated[float, typer.Option("--max-upload-mb", metavar="MB",
                                                  help="largest proposals file accepted")
                             ] = 25.0,
    set_: SetOpt = None,
) -> None:
    """Review GX proposals in a browser: upload a file or click the map; scorecard, map and portfolio value."""
    import uvicorn

    from siting.layers.load import load_layers
    from siting.serve.app import create_app
    from siting.serve.reference import load_reference, solve_reference
    from siting.serve.state import App
    from siting.serve.workspace import Workspace

    if not 0 < port < 65536:
        raise InputError(Problem("--port", f"{port} is not a port number", "give a number from 1 to 65535"))
    if not max_upload_mb > 0:
        raise InputError(Problem("--max-upload-mb", f"{max_upload_mb:g} is not a size", "give a size in MB, e.g. 25"))
    sc = load_scenario(scenario or reference_scenario(), list(set_ or []))
    check_port(host, port)
    with console.status("loading the layers") as status:
        layers = load_layers(sc)
        if run is not None:
            status.update(f"reading the reference plan from {run}")
            reference = load_reference(run, sc)
        else:
            reference = solve_reference(sc, layers, lambda stage: status.update(f"reference plan: {stage}"))
    state = App(sc, layers, reference, Workspace(int(max_upload_mb * 1e6)))
    try:
        if host not in LOCAL_HOSTS:
            err_console.print(f"[yellow]warning[/yellow]: listening on {host}: other machines can reach the app, "
                              "which has no login", highlight=False)
        shown = f"[{host}]" if ":" in host else host
        console.print(f"reference plan: {reference.status_text or reference.status} ({reference.source})")
        console.print(f"open http://{shown}:{port}/ in a browser (Ctrl+C stops the app)")
        config = uvicorn.Config(create_app(state, allowed_hosts(host)), host=host, port=port, log_level="warning",
                                timeout_graceful_shutdown=3, lifespan="on")
        try:
            uvicorn.Server(config).run()
        except KeyboardInterrupt:  # uvicorn raises Ctrl+C again once it has shut down: the way to stop the app
            console.print("app stopped")
    finally:
        state.close()

"""``siting serve`` as a reviewer meets it: time to start, time to screen a 10-proposal file, and the portfolio
job's progress as the page receives it.

Run: ``python benchmarks/serve_bench.py [--proposals N] [--repeat R] [--set KEY=VALUE ...] [--no-portfolio]``.

The harness starts ``python -m siting serve --port P`` in a fresh process (the bundled reference scenario; the
reference plan is solved at start), waits for ``/api/health``, then uploads N synthetic proposals
(:mod:`benchmarks.proposals_gen`, seed 0) ``R`` times as the page does (``POST /api/evaluations``) and times each
answer: the first one is the first request after start. Then it starts the portfolio job of that evaluation and
reads its server-sent events (``/api/jobs/ID/events``), printing the time of each event that brings a new step,
until the job ends, and starts the job again to cancel it 10 s later (the time until it has ended is
printed). The app is stopped with Ctrl+C (SIGINT) at the end.

Results: ``benchmarks/RESULTS-serve.md``.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.proposals_gen import generate  # noqa: E402

HEADERS = {"X-Wattbit-Siting": "1"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _request(url: str, data: bytes | None = None, timeout_s: float = 600) -> dict[str, Any]:
    req = urllib.request.Request(url, data=data, headers=HEADERS if data is not None else {},
                                 method="POST" if data is not None else "GET")
    with urllib.request.urlopen(req, timeout=timeout_s) as res:
        return json.loads(res.read().decode("utf-8"))


def start(overrides: list[str]) -> tuple[subprocess.Popen[str], str, float]:
    """Start the app; return it, its URL and the seconds until it answered."""
    port = _free_port()
    cmd = [sys.executable, "-m", "siting", "serve", "--port", str(port)]
    for kv in overrides:
        cmd += ["--set", kv]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    while proc.poll() is None:
        try:
            _request(f"{url}/api/health", timeout_s=2)
            return proc, url, time.perf_counter() - t0
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"siting serve did not start: {proc.communicate()[0]}")


def follow(url: str, job_id: str) -> list[tuple[float, dict[str, Any]]]:
    """The job's server-sent events, each with the seconds since the stream opened."""
    t0 = time.perf_counter()
    out: list[tuple[float, dict[str, Any]]] = []
    with urllib.request.urlopen(f"{url}/api/jobs/{job_id}/events", timeout=3600) as res:
        for raw in res:
            line = raw.decode("utf-8").strip()
            if line.startswith("data: "):
                out.append((time.perf_counter() - t0, json.loads(line[len("data: "):])))
    return out


def cancel(url: str, evaluation_id: str, after_s: float) -> str:
    """Start the evaluation's portfolio job again, cancel it ``after_s`` seconds later (HiGHS is running then)
    and time how long the job takes to end."""
    job = _request(f"{url}/api/evaluations/{evaluation_id}/portfolio", b"")
    time.sleep(after_s)
    stage = _request(f"{url}/api/jobs/{job['id']}")["stage"]
    t0 = time.perf_counter()
    _request(f"{url}/api/jobs/{job['id']}/cancel", b"")
    while (state := _request(f"{url}/api/jobs/{job['id']}")["state"]) not in ("done", "cancelled", "failed"):
        time.sleep(0.1)
    return f"cancel {after_s:g} s after the start (stage {stage}): {state} {time.perf_counter() - t0:.1f} s later"


def main(argv: list[str]) -> None:
    n = int(argv[argv.index("--proposals") + 1]) if "--proposals" in argv else 10
    repeat = int(argv[argv.index("--repeat") + 1]) if "--repeat" in argv else 3
    overrides = [argv[i + 1] for i, a in enumerate(argv) if a == "--set"]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"proposals-{n}.geojson"
        generate(n, 0).to_file(path, driver="GeoJSON")
        body = path.read_bytes()
        proc, url, t_start = start(overrides)
        try:
            print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
            print(f"start (layers + reference plan solved, until /api/health answers): {t_start:.1f} s")
            ev: dict[str, Any] = {}
            for i in range(repeat):
                t0 = time.perf_counter()
                ev = _request(f"{url}/api/evaluations?name={path.name}", body)
                wall = time.perf_counter() - t0
                counts = {v: sum(p["overall"] == v for p in ev["proposals"]) for v in ("pass", "warn", "fail")}
                print(f"screen {n} proposals, request {i + 1}{' (first after start)' if i == 0 else ''}: "
                      f"{wall:.2f} s -> {len(ev['proposals'])} verdicts {counts}, {len(ev['rejected'])} rejected")
            if "--no-portfolio" in argv:
                return
            job = _request(f"{url}/api/evaluations/{ev['id']}/portfolio", b"")
            print(f"portfolio job: {job['total']} steps (the national optimum, then one per proposal)")
            last = None
            events = follow(url, job["id"])
            for t, e in events:
                key = (e["state"], e["stage"], e["done"])
                if key != last:
                    print(f"  {t:7.1f} s  {e['state']:<9} {e['stage']:<10} {e['done']:>3}/{e['total']}"
                          f"  {e['proposal'] or ''}")
                    last = key
            print(f"portfolio job: {events[-1][1]['state']} after {events[-1][0]:.1f} s, {len(events)} events")
            print(cancel(url, ev["id"], 10.0))
        finally:
            proc.send_signal(signal.SIGINT)
            proc.wait(timeout=60)


if __name__ == "__main__":
    main(sys.argv[1:])

"""Concurrent sessions against the running app: latency of warm reruns, errors and server memory.

Starts ``streamlit run app.py`` on 127.0.0.1 (a free port) over a data directory, then drives N
sessions at once through Streamlit's own websocket protocol (the BackMsg / ForwardMsg protobufs
a browser sends and receives), so every figure includes the server's real work: the script run,
the caches, the serialisation of every element. Per round, every session connects, runs the page
once (its first run), then makes R interactions (warm reruns). An interaction is what a user's click
sends (``--interaction clicks``, the default): the new value of one widget, and, when that widget
lies in a part of the page that reruns alone (``st.fragment``), that part's id. On Explore the
clicks go round: select a node in the network, show the partners, back to the network, depth 2,
depth 1 (the first three rerun the view part, the last two the whole page). A page without these
widgets, or ``--interaction rerun``, asks for a run with no widget changed (the whole page). Like a
browser, each session keeps the large messages it received and names their hashes in every
request, so that the server sends a reference to an unchanged large element instead of the element.
(A browser sends every widget's value with a click; the benchmark sends the one that changed, which
the server takes the same way: the others keep their values.)
Reported per round: p50 / p95 / max of the warm reruns, errors (exceptions shown in the page,
timeouts, dropped connections) and the server's resident memory after the round. Bounded: at
most ``--sessions`` x ``--reruns`` x ``--rounds`` runs and ``--timeout`` seconds overall.

    python -m benchmarks.sessions_bench --data-dir var/partnernet --sessions 20 --rounds 3
    python -m benchmarks.sessions_bench --csv ../shared/data/twin_cities.csv   # loads it first
    python -m benchmarks.sessions_bench --data-dir D --app-dir ../main --output /tmp/main.md  # another checkout
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from benchmarks.measure import percentile

REPO = Path(__file__).resolve().parents[1]
MAX_SESSIONS = 64
MARK_START, MARK_END = "<!-- sessions-bench:start -->", "<!-- sessions-bench:end -->"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _rss_mb(pid: int) -> float:
    """Resident memory of the server process, in MB."""
    text = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+)", text).group(1)) / 1024


def _rerun_message(page: str, cached: set[str] = frozenset(), change: tuple | None = None):
    """A rerun request as the browser sends it, with the hashes of the large messages it keeps
    (the server then sends a reference instead of an unchanged large element). ``change``:
    (widget id, value kind, value, fragment id) of a widget the user changed, or None."""
    from streamlit.proto.BackMsg_pb2 import BackMsg

    msg = BackMsg()
    msg.rerun_script.query_string = ""
    msg.rerun_script.page_name = page
    msg.rerun_script.cached_message_hashes.extend(sorted(cached))
    if change is not None:
        widget_id, kind, value, fragment_id = change
        state = msg.rerun_script.widget_states.widgets.add()
        state.id = widget_id
        if kind == "string_array_value":
            state.string_array_value.data.extend(value)
        else:
            setattr(state, kind, value)
        msg.rerun_script.fragment_id = fragment_id
    return msg.SerializeToString()


# The clicks of one session on Explore, in turn: (widget key, what it is set to).
EXPLORE_CLICKS = (("explore:network", "select a node"), ("explore:view", "Partners"), ("explore:view", "Network"),
                  ("explore:depth", "2"), ("explore:depth", "1"))


def _user_key(widget_id: str) -> str:
    """The key a page gave a widget: Streamlit's widget ids end with it ("$$ID-<hash>-explore:view")."""
    parts = widget_id.split("-", 2)
    return parts[2] if widget_id.startswith("$$ID-") and len(parts) == 3 else ""


def _click(widgets: dict, step: int, picks: int) -> tuple | None:
    """The request of the ``step``-th click on Explore (see EXPLORE_CLICKS), or None when the page
    shows no such widget. ``widgets``: user key -> (element type, element, fragment id)."""
    key, target = EXPLORE_CLICKS[step % len(EXPLORE_CLICKS)]
    if key not in widgets:
        return None
    kind, element, fragment_id = widgets[key]
    if kind == "bidi_component":
        page = json.loads(element.json or "{}").get("page", "")
        ids = [i for i in dict.fromkeys(re.findall(r'"id": ?"([^"]+)"', page)) if i]
        if not ids:
            return None
        return element.id, "json_value", json.dumps({"selected": ids[picks % len(ids)]}), fragment_id
    if kind == "radio":
        return element.id, "string_value", target, fragment_id
    if kind == "slider":
        return element.id, "string_array_value", [target], fragment_id
    return None


async def _one_run(ws, page: str, cached: set[str], timeout: float, change: tuple | None = None,
                   widgets: dict | None = None) -> tuple[float, str | None]:
    """Send one rerun request; wait for the script to finish. (seconds, error or None); ``cached``
    collects the hashes of the cacheable messages received, as the browser's message cache does,
    and ``widgets`` the widgets shown (user key -> (element type, element, fragment id))."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    started = time.perf_counter()
    await ws.send(_rerun_message(page, cached, change))
    error = None
    while True:
        raw = await asyncio.wait_for(ws.recv(), timeout)
        msg = ForwardMsg.FromString(raw)
        kind = msg.WhichOneof("type")
        if msg.metadata.cacheable and msg.hash:
            cached.add(msg.hash)
        if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            element_type = element.WhichOneof("type")
            if element_type == "exception":
                error = f"exception: {element.exception.message[:120]}"
            elif widgets is not None and element_type in ("bidi_component", "radio", "slider"):
                shown = getattr(element, element_type)
                if _user_key(shown.id):
                    widgets[_user_key(shown.id)] = (element_type, shown, msg.delta.fragment_id)
        if kind == "script_finished":
            if msg.script_finished in (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY):
                return time.perf_counter() - started, error
            if msg.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                return time.perf_counter() - started, "compile error"


async def _session(url: str, page: str, reruns: int, timeout: float, clicks: bool = True, number: int = 0) -> dict:
    import websockets

    cached: set[str] = set()
    widgets: dict = {}
    out = {"first": None, "warm": [], "part": [], "page": [], "errors": []}
    try:
        async with websockets.connect(url, subprotocols=["streamlit"], max_size=None,
                                      open_timeout=timeout) as ws:
            seconds, error = await _one_run(ws, page, cached, timeout, widgets=widgets)
            out["first"] = seconds
            if error:
                out["errors"].append(error)
            for step in range(reruns):
                change = _click(widgets, step, number) if clicks else None
                seconds, error = await _one_run(ws, page, cached, timeout, change, widgets)
                out["warm"].append(seconds)
                out["part" if change is not None and change[3] else "page"].append(seconds)
                if error:
                    out["errors"].append(error)
    except (asyncio.TimeoutError, OSError, Exception) as exc:  # noqa: BLE001  (counted, not raised)
        out["errors"].append(f"{type(exc).__name__}: {str(exc)[:120]}")
    return out


async def _round(url: str, page: str, sessions: int, reruns: int, timeout: float, clicks: bool = True) -> list[dict]:
    return await asyncio.gather(*(_session(url, page, reruns, timeout, clicks, n) for n in range(sessions)))


def _wait_healthy(port: int, proc: subprocess.Popen, limit: float) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"streamlit stopped at start (exit code {proc.returncode})")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"streamlit did not answer on port {port} within {limit:.0f} s")


def _cpu_s(pid: int) -> float:
    """CPU time the server process has used so far (user + system), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(data_dir: Path, sessions: int, rounds: int, reruns: int, page: str, timeout: float,
        app_dir: Path = REPO, clicks: bool = True) -> dict:
    """Start the app (of the checkout ``app_dir``) on ``data_dir`` and measure; returns the figures
    (see module docstring)."""
    port = _free_port()
    env = {**os.environ, "PARTNERNET_DATA_DIR": str(data_dir), "PARTNERNET_STORE": "embedded"}
    env.pop("PARTNERNET_LOAD", None)
    if app_dir != REPO:
        env["PYTHONPATH"] = str(app_dir)
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(app_dir / "app.py"), "--server.port",
                             str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
                             "--browser.gatherUsageStats", "false"], cwd=app_dir, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    started = time.monotonic()
    try:
        _wait_healthy(port, proc, 120)
        url = f"ws://127.0.0.1:{port}/_stcore/stream"
        # first start, and every click once: the caches are filled
        warmup = asyncio.run(_round(url, page, 1, len(EXPLORE_CLICKS), timeout, clicks))[0]
        results = {"sessions": sessions, "reruns": reruns, "page": page or "(default)", "rounds": [],
                   "interaction": "clicks" if clicks else "rerun",
                   "warmup_s": warmup["first"], "warmup_errors": warmup["errors"],
                   "rss_after_warmup_mb": round(_rss_mb(proc.pid), 1)}
        for number in range(1, rounds + 1):
            if time.monotonic() - started > timeout:
                results["stopped"] = f"time budget of {timeout:.0f} s used up after round {number - 1}"
                break
            t0, cpu0 = time.perf_counter(), _cpu_s(proc.pid)
            done = asyncio.run(_round(url, page, sessions, reruns, timeout, clicks))
            cpu = _cpu_s(proc.pid) - cpu0
            warm = [s for d in done for s in d["warm"]]
            by_kind = {kind: [s for d in done for s in d[kind]] for kind in ("part", "page")}
            first = [d["first"] for d in done if d["first"] is not None]
            errors = [e for d in done for e in d["errors"]]
            results["rounds"].append({
                "round": number, "wall_s": round(time.perf_counter() - t0, 2),
                "first_p50_ms": round(1000 * percentile(first, 50)), "first_p95_ms": round(1000 * percentile(first, 95)),
                "warm_runs": len(warm), "warm_p50_ms": round(1000 * percentile(warm, 50)),
                "warm_p95_ms": round(1000 * percentile(warm, 95)), "warm_max_ms": round(1000 * max(warm, default=0)),
                "errors": len(errors), "error_examples": sorted(set(errors))[:3],
                "rss_mb": round(_rss_mb(proc.pid), 1),
                # server CPU over the round, per run (first runs included)
                "server_cpu_per_run_ms": round(1000 * cpu / max(len(warm) + len(first), 1), 1),
                **{f"{kind}_{stat}": (round(1000 * percentile(runs, q)) if runs else None)
                   for kind, runs in by_kind.items() for stat, q in (("p50_ms", 50), ("p95_ms", 95))},
                "part_runs": len(by_kind["part"]), "page_runs": len(by_kind["page"]),
            })
            print(json.dumps(results["rounds"][-1]), file=sys.stderr)
        return results
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


def markdown(results: dict, stats: str) -> str:
    lines = [MARK_START, "## Concurrent sessions (app under load)", "",
             f"`python -m benchmarks.sessions_bench` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: "
             f"{results['sessions']} sessions at once through Streamlit's websocket protocol on 127.0.0.1, page "
             f"{results['page']}, {results['reruns']} warm reruns per session per round "
             f"({_INTERACTIONS[results.get('interaction', 'clicks')]}); store: {stats}. "
             f"First start (warm-up): {results['warmup_s']:.1f} s; server memory after it "
             f"{results['rss_after_warmup_mb']:,.0f} MB. The 2 cores are shared with other work.", "",
             "| round | first run p50 / p95 (ms) | warm rerun p50 (ms) | warm p95 (ms) | warm max (ms) | runs | errors | server RSS (MB) |",
             "|---|---|---|---|---|---|---|---|"]
    for r in results["rounds"]:
        lines.append(f"| {r['round']} | {r['first_p50_ms']:,} / {r['first_p95_ms']:,} | {r['warm_p50_ms']:,} | "
                     f"{r['warm_p95_ms']:,} | {r['warm_max_ms']:,} | {r['warm_runs']} | {r['errors']} | "
                     f"{r['rss_mb']:,.0f} |")
    lines += ["", "By kind: " + "; ".join(
        f"round {r['round']}: view part alone {_p(r, 'part')}, whole page {_p(r, 'page')}, server CPU "
        f"{r['server_cpu_per_run_ms']:,} ms per run" for r in results["rounds"]) + "."]
    examples = sorted({e for r in results["rounds"] for e in r["error_examples"]})
    if examples:
        lines += ["", "Errors seen: " + "; ".join(examples)]
    if results.get("stopped"):
        lines += ["", f"Stopped early: {results['stopped']}."]
    lines.append(MARK_END)
    return "\n".join(lines) + "\n"


_INTERACTIONS = {"clicks": "clicks: a node selected, partners shown, the network again, depth 2, depth 1",
                 "rerun": "reruns with no widget changed"}


def _p(r: dict, kind: str) -> str:
    """p50 / p95 of one kind of warm rerun, for the text under the table."""
    if not r.get(f"{kind}_runs"):
        return "none"
    return f"{r[f'{kind}_p50_ms']:,} / {r[f'{kind}_p95_ms']:,} ms ({r[f'{kind}_runs']} runs)"


def write_section(path: Path, section: str) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if MARK_START in text and MARK_END in text:
        before, rest = text.split(MARK_START, 1)
        text = before + section + rest.split(MARK_END, 1)[1].lstrip("\n")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, help="an embedded store to serve (default: a new one)")
    parser.add_argument("--csv", type=Path, help="twin-city CSV loaded into the new store first")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--reruns", type=int, default=5)
    parser.add_argument("--page", default="", help="url path of the page, e.g. regions (default: Explore)")
    parser.add_argument("--timeout", type=float, default=900, help="overall time budget in seconds")
    parser.add_argument("--interaction", choices=("clicks", "rerun"), default="clicks",
                        help="what a warm rerun is: a user's click (default) or a rerun with nothing changed")
    parser.add_argument("--output", type=Path, default=REPO / "BENCHMARKS.md")
    parser.add_argument("--app-dir", type=Path, default=REPO,
                        help="serve the app of another checkout (to compare two versions with the same command)")
    args = parser.parse_args(argv)
    if not 1 <= args.sessions <= MAX_SESSIONS or not 1 <= args.rounds <= 10 or not 1 <= args.reruns <= 50:
        parser.error(f"--sessions 1..{MAX_SESSIONS}, --rounds 1..10 and --reruns 1..50")
    from graph.store.embedded import EmbeddedStore

    data_dir = args.data_dir
    if data_dir is None:
        from graph.store.lock import writing
        from loaders.demo import ensure_demo
        from loaders.twin_cities import load_twin_cities

        data_dir = Path(tempfile.mkdtemp(prefix="partnernet-sessions-"))
        store = EmbeddedStore(data_dir)
        with writing(store):
            ensure_demo(store)
            if args.csv:
                load_twin_cities(store, args.csv)
    stats = EmbeddedStore(data_dir).stats()
    results = run(data_dir, args.sessions, args.rounds, args.reruns, args.page, args.timeout, args.app_dir.resolve(),
                  args.interaction == "clicks")
    described = f"{stats.node_count:,} nodes, {stats.edge_count:,} relationships"
    out = REPO / "benchmarks" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "sessions.json").write_text(json.dumps({**results, "store": described}, indent=2), encoding="utf-8")
    write_section(args.output, markdown(results, described))
    print(markdown(results, described))
    return 0


if __name__ == "__main__":
    sys.exit(main())

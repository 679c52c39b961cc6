"""Start-up time of the Streamlit app on the real dataset, with streamlit.testing's AppTest.

Each start runs in a fresh interpreter so that "cold" includes importing Streamlit and the
package, opening the store and rendering the first page, as a user's first visit after
``make app`` does. Three figures:

- first start: an empty data directory, the app loads the demo data and the real CSV
  ($PARTNERNET_LOAD) before it renders;
- cold start: a new process on the store the first start left behind;
- warm rerun: the same session rendered again (what every click costs at least).

    python -m benchmarks.app_bench ../shared/data/twin_cities.csv
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TIMEOUT_S = 900


def _one_start() -> dict:
    """Run inside the child process: render app.py twice and time both runs."""
    started = time.perf_counter()
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=TIMEOUT_S)
    at.run()
    first = time.perf_counter() - started
    errors = [str(e.value)[:200] for e in at.exception]
    warm_start = time.perf_counter()
    at.run()
    warm = time.perf_counter() - warm_start
    errors += [str(e.value)[:200] for e in at.exception]
    return {"start_s": round(first, 2), "rerun_s": round(warm, 2), "errors": errors[:3],
            "title_or_text": bool(at.title or at.markdown or at.header)}


def measure(csv: Path) -> dict:
    if not (REPO / "app.py").exists():
        return {"error": "not measured: app.py is missing"}
    if not csv.exists():
        return {"error": f"not measured: the real dataset {csv} is not here"}
    out: dict = {"dataset": csv.name}
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "PARTNERNET_DATA_DIR": tmp, "PARTNERNET_STORE": "embedded",
               "PARTNERNET_LOAD": str(csv.resolve())}
        for name, extra in (("first_start", {}), ("cold_start", {"PARTNERNET_LOAD": ""})):
            done = subprocess.run([sys.executable, "-m", "benchmarks.app_bench", "--child"], cwd=REPO,
                                  env={**env, **extra}, capture_output=True, text=True, timeout=TIMEOUT_S * 2)
            if done.returncode != 0:
                out[name] = {"error": f"not measured: {done.stderr.strip().splitlines()[-1:] or done.returncode}"}
                continue
            out[name] = json.loads(done.stdout.strip().splitlines()[-1])
        store_file = Path(tmp) / "graph.arrow"
        out["store_file_mb"] = round(store_file.stat().st_size / 2**20, 1) if store_file.exists() else None
    return out


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["--child"]:
        print(json.dumps(_one_start()))
        return
    csv = Path(args[0]) if args else REPO.parent / "shared" / "data" / "twin_cities.csv"
    print(json.dumps(measure(csv), indent=1))


if __name__ == "__main__":
    main()

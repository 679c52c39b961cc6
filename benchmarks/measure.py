"""Timing, percentiles and a description of the machine the figures were measured on."""

from __future__ import annotations

import os
import platform
import resource
import statistics
import sys
import time
from contextlib import contextmanager
from typing import Callable, Iterator


@contextmanager
def stopwatch() -> Iterator[dict]:
    """``with stopwatch() as t: ...`` then ``t["s"]`` holds the elapsed seconds."""
    out: dict = {}
    start = time.perf_counter()
    try:
        yield out
    finally:
        out["s"] = time.perf_counter() - start


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation, as numpy's default does."""
    if not values:
        return float("nan")
    data = sorted(values)
    pos = (len(data) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(data) - 1)
    return data[lo] + (data[hi] - data[lo]) * (pos - lo)


def latencies(call: Callable[[object], object], args: list, check: Callable[[object], bool] | None = None,
              warmup: int = 3, budget_s: float | None = None) -> dict:
    """Time ``call(arg)`` for every arg: p50, p95, max in milliseconds, and how many returned a
    non-empty answer (``check``), so a fast but empty answer cannot pass unnoticed. With a time
    budget, a slow kind stops early and says how many questions it got through."""
    for arg in args[:warmup]:
        call(arg)
    times, answered = [], 0
    deadline = time.perf_counter() + budget_s if budget_s else None
    for arg in args:
        if deadline is not None and time.perf_counter() > deadline and len(times) >= 20:
            break
        start = time.perf_counter()
        result = call(arg)
        times.append((time.perf_counter() - start) * 1000)
        if check is None or check(result):
            answered += 1
    return {
        "n": len(times), "p50_ms": round(percentile(times, 50), 2), "p95_ms": round(percentile(times, 95), 2),
        "max_ms": round(max(times), 2) if times else None,
        "mean_ms": round(statistics.fmean(times), 2) if times else None, "answered": answered,
        "asked": len(args),
    }


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (ru_maxrss is KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024, 1)


def current_rss_mb() -> float:
    try:
        with open("/proc/self/statm") as fh:
            pages = int(fh.read().split()[1])
        return round(pages * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024), 1)
    except OSError:
        return float("nan")


def machine() -> dict:
    """Cores, RAM, CPU model, OS, Python and key library versions."""
    info = {
        "cores": os.cpu_count(), "python": platform.python_version(), "os": platform.platform(),
        "cpu": platform.processor() or platform.machine(),
    }
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    info["cpu"] = line.split(":", 1)[1].strip()
                    break
        with open("/proc/meminfo") as fh:
            for line in fh:
                if line.startswith("MemTotal"):
                    info["ram_gb"] = round(int(line.split()[1]) / 1024 / 1024, 1)
                    break
        info["load_avg_at_start"] = [round(x, 2) for x in os.getloadavg()]
    except OSError:
        pass
    from importlib.metadata import PackageNotFoundError, version

    for package in ("networkx", "neo4j", "streamlit", "numpy"):
        try:
            info[package] = version(package)
        except PackageNotFoundError:
            info[package] = None
    return info

"""BENCHMARKS.md from the results of one run: tables side by side and the targets, met or not.

    python -m benchmarks.report benchmarks/out/results.json BENCHMARKS.md   # render again
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .workload import KINDS

LATENCY_TARGETS_MS = {"search": 100, "neighbourhood_2": 100, "partners_by_region": 100, "shortest_path": 100,
                      "suggestions": 500}
# why a target is missed, as the profile shows it (see the profile section)
WHY = {
    ("neighbourhood_2", "embedded"): "a walk through a country node finds tens of thousands of nodes two hops away, and at L the 200 nodes kept hold up to 17,000 relationships among them, each made a record when first read (every question here is asked once)",
    ("neighbourhood_2", "Neo4j"): "walked, ranked and capped on the server in one statement; ranking needs the relationship count of every node at the last hop (thousands where the walk crosses a country), which the best hand-written statement pays as well",
    ("partners_by_region", "embedded"): "every municipality of the origin and all its partnerships are read and filtered in Python",
    ("partners_by_region", "Neo4j"): "answered on the server through the country and subdivision indexes; resolving the two names takes a few small reads first",
    ("shortest_path", "embedded"): "breadth-first search from both ends over hubs with thousands of partners",
    ("shortest_path", "Neo4j"): "",
    ("suggestions", "embedded"): "every candidate of the country is read from the adjacency index and scored; a country of 10,000 municipalities at L",
    ("suggestions", "Neo4j"): "one statement returns what links each candidate and the origin's side, and every candidate of the country is scored at once; the server's own part (the hand-written statement's p95, in the table below) is most of it",
    ("search", "embedded"): "short prefixes collect every matching name first",
    ("search", "Neo4j"): "",
    ("load", "embedded"): "about half is building and validating the records; 2 shared cores",
}
LABELS = {
    "search": "search", "neighbourhood_1": "neighbourhood, depth 1", "neighbourhood_2": "neighbourhood, depth 2 (cap 200)",
    "partners_by_region": "partners by region", "suggestions": "suggestions", "shortest_path": "shortest path",
    "export": "export (depth-1 neighbourhood as CSV zip)",
}


def _n(value, digits: int = 0) -> str:
    if value is None:
        return "–"
    if isinstance(value, float) and digits:
        return f"{value:,.{digits}f}"
    return f"{round(value):,}"


def _ratio(a, b) -> str:
    return f"{a / b:,.1f}×" if a and b else "–"


def _latency(q: dict | None) -> str:
    if not q:
        return "not run"
    if "error" in q:
        return q["error"]
    empty = "" if q["answered"] == q["n"] else f" ({q['n'] - q['answered']} of {q['n']} empty)"
    short = f" (n={q['n']}, time budget)" if q.get("asked", q["n"]) > q["n"] + q.get("beyond_memory", 0) else ""
    beyond = (f" ({q['beyond_memory']} left out: beyond the server's transaction memory in one "
              "statement)") if q.get("beyond_memory") else ""
    return f"{q['p50_ms']:,.1f} / {q['p95_ms']:,.1f}{empty}{short}{beyond}"


def targets(results: dict) -> list[tuple[str, str, str]]:
    """(target, measured, verdict) rows. Size targets are judged at L; where a store did not reach L
    in this run, the largest size it did reach is shown, and the verdict says so."""
    rows = []
    sizes = results.get("sizes", {})

    def largest(store: str, key: str) -> tuple[str | None, dict]:
        for size in reversed(list(sizes)):
            entry = sizes[size].get(store) or {}
            if key in entry:
                return size, entry
        return None, {}

    def verdict(ok: bool | None, why: str = "") -> str:
        if ok is None:
            return "not measured" + (f": {why}" if why else "")
        return "met" if ok else "NOT met" + (f": {why}" if why else "")

    def at_l(size: str | None, ok: bool, why: str = "") -> str:
        if size == "L":
            return verdict(ok, why)
        return verdict(None, f"L not measured in this run, see Loading ({'met' if ok else 'not met'} at {size})")

    neo_size, neo = largest("neo4j", "batched")
    emb_size, emb = largest("embedded", "load")
    b, nv, lc = neo.get("batched", {}), neo.get("naive", {}), neo.get("load_csv", {})
    if b and nv:
        r = b["nodes_per_s"] / nv["nodes_per_s"]
        elsewhere = [f"{size}: {e['batched']['nodes_per_s'] / e['naive']['nodes_per_s']:,.0f}×" for size, e in
                     ((size, sizes[size].get("neo4j") or {}) for size in sizes)
                     if size != neo_size and e.get("batched") and e.get("naive")]
        rows.append(("batched ≥ 50× per-row, nodes", f"{r:,.0f}× at {neo_size}", verdict(
            r >= 50, "the per-row rate, timed on a sample of 500 nodes, moves between runs and sizes while the "
            "batched rate stays" + (f" (the same ratio in this run at {', '.join(elsewhere)})" if elsewhere else ""))))
        r = b["edges_per_s"] / nv["edges_per_s"]
        rows.append(("batched ≥ 20× per-row, relationships", f"{r:,.0f}× at {neo_size}", verdict(
            r >= 20, "each batch checks in the same statement that both ends exist with allowed labels, and reads back records that already exist to merge their properties exactly as the embedded store does")))
    else:
        reason = next((v.get("neo4j", {}).get("error") for v in sizes.values() if v.get("neo4j", {}).get("error")), "")
        rows.append(("batched vs per-row", "–", verdict(None, reason or "Neo4j not run")))
    if b and "nodes_per_s" in lc:
        r = max(lc["nodes_per_s"] / b["nodes_per_s"], lc["edges_per_s"] / b["edges_per_s"])
        rows.append(("batched within 3× of LOAD CSV", f"LOAD CSV {r:,.1f}× the batched rate at {neo_size} "
                     "(worse of nodes and relationships)",
                     verdict(r <= 3, "the store checks ends and labels and merges list properties per batch; LOAD CSV only writes")))
    else:
        rows.append(("batched within 3× of LOAD CSV", "–", verdict(None, lc.get("error", "Neo4j not run"))))
    if b:
        total = b["total_s_estimated_full"]
        server_own = lc["nodes_s"] + lc["edges_s"] if "nodes_s" in lc and "edges_s" in lc else None
        rows.append(("L into Neo4j ≤ 60 s", f"{total:,.1f} s at {neo_size}", at_l(neo_size, total <= 60, (
            f"the server's own import of the same network (LOAD CSV) took {server_own:,.1f} s in this run: the "
            "server's write speed on 2 shared cores is the limit") if server_own else "")))
    if emb:
        total, peak = emb["load"]["total_s"], emb["memory"]["peak_mb"]
        building = emb["load"].get("record_building_s", 0)
        rows.append(("L into the embedded store ≤ 30 s",
                     f"{total:,.1f} s at {emb_size}, of which {building:,.1f} s building and validating the records "
                     f"(the store itself ≈ {total - building:,.1f} s)", at_l(emb_size, total <= 30, WHY[("load", "embedded")])))
        rows.append(("L embedded peak memory ≤ 2 GB", f"{peak:,.0f} MB at {emb_size}", at_l(emb_size, peak <= 2048)))
    at_m = sizes.get("M", {}).get("embedded") or {}
    reopen = at_m.get("reopen_s")
    if reopen is not None and not at_m.get("reopen_ok", True):
        rows.append(("reopen of the embedded store ≤ 2 s at M", f"{reopen:,.2f} s at M",
                     verdict(False, "the reopened store did not hold what was saved")))
    else:
        rows.append(("reopen of the embedded store ≤ 2 s at M", "–" if reopen is None else f"{reopen:,.2f} s at M",
                     verdict(None if reopen is None else reopen <= 2, "" if reopen is not None else "M not run")))
    rows += _beside_hand_written(sizes, verdict)
    for kind, limit in LATENCY_TARGETS_MS.items():
        for store_name, key in (("embedded", "embedded"), ("Neo4j", "neo4j")):
            size, entry = largest(key, "queries")
            q = entry.get("queries", {}).get(kind) if entry else None
            if not q or "error" in q:
                rows.append((f"{LABELS[kind]} p95 ≤ {limit} ms, {store_name}", "–",
                             verdict(None, (q or {}).get("error", "not run"))))
                continue
            rows.append((f"{LABELS[kind]} p95 ≤ {limit} ms, {store_name}", f"{q['p95_ms']:,.1f} ms at {size}",
                         at_l(size, q["p95_ms"] <= limit, WHY.get((kind, store_name), ""))))
    return rows


def _beside_hand_written(sizes: dict, verdict) -> list[tuple[str, str, str]]:
    """The target row "within 1.5× of the hand-written Cypher" per size paired: the worst kind's p95 ratio."""
    rows = []
    for size, entry in sizes.items():
        pairs = (entry.get("neo4j") or {}).get("reference") or {}
        ratios = {kind: pair["partnernet"]["p95_ms"] / pair["reference"]["p95_ms"] for kind, pair in pairs.items()
                  if "error" not in pair and (pair.get("partnernet") or {}).get("p95_ms")
                  and (pair.get("reference") or {}).get("p95_ms")}
        if ratios:
            worst = max(ratios, key=ratios.get)
            unpaired = [LABELS[kind] for kind in pairs if kind not in ratios]
            rows.append((f"Neo4j p95 within 1.5× of the hand-written Cypher, every kind, {size}",
                         f"worst {ratios[worst]:,.2f}× ({LABELS[worst]})"
                         + (f"; not paired: {', '.join(unpaired)}" if unpaired else ""), verdict(ratios[worst] <= 1.5)))
    return rows


def reference_table(results: dict) -> list[str]:
    """Lines of the table that sets partnernet's Neo4j path beside the same questions through the
    primitives alone (before) and the best hand-written Cypher statement (the server's limit)."""
    sizes = [s for s, r in results.get("sizes", {}).items() if r.get("neo4j", {}).get("reference")]
    if not sizes:
        return []
    lines = ["", "### Neo4j beside hand-written Cypher", "",
             "The same questions in the same run: partnernet's Neo4j path and the single best hand-written Cypher "
             "statement for the same answer (`benchmarks/reference.py`; for partners by region both are given the "
             "areas resolved beforehand; for search it gives the exact and prefix matches only, since Cypher "
             "has no edit distance without a plugin and no index serves a prefix of a list element, so it reads "
             "every municipality's names), "
             "timed in pairs, one right after the other, taking turns at going first; and the same store "
             "answering through its primitives alone (as before the server-side answers), timed on its own. "
             "p50 / p95 ms; the last column is partnernet's p95 over the hand-written one's.", "",
             "| size | query | partnernet | primitives only (before) | hand-written Cypher | × hand-written (p95) |",
             "|---|---|---:|---:|---:|---:|"]
    for size in sizes:
        neo = results["sizes"][size]["neo4j"]
        for kind in KINDS:
            pair, before = neo.get("reference", {}).get(kind, {}), neo.get("queries_primitives", {}).get(kind)
            if "error" in pair:
                pair = {"partnernet": pair, "reference": pair}
            ours, ref = pair.get("partnernet") or neo.get("queries", {}).get(kind), pair.get("reference")
            ratio = _ratio(ours.get("p95_ms"), ref.get("p95_ms")) if ours and ref and "error" not in ref else "–"
            lines.append(f"| {size} | {LABELS[kind]} | {_latency(ours)} | {_latency(before) if before else '–'} | "
                         f"{_latency(ref) if ref else 'not written'} | {ratio} |")
    return lines


# Where the generated report ends in BENCHMARKS.md: what follows it (measurements of single changes,
# the back-test, the sessions benchmark) is kept when the report is written again.
GENERATED_END = "<!-- bench-report:end -->"


def merged(generated: str, existing: str | None) -> str:
    """The report ``generated`` followed by what ``existing`` holds after its generated part.

    Parameters
    ----------
    generated : str
        A report from :func:`markdown`.
    existing : str or None
        The file's text so far; None when there is none.

    Returns
    -------
    str
        ``generated``, the end marker and the rest of ``existing`` after its end marker (all of it,
        under a heading, when it has no marker).
    """
    if existing and GENERATED_END not in existing and existing.strip():
        # no marker: the whole earlier text is kept below, so no hand-written measurement is lost
        existing = GENERATED_END + "\n\n## Earlier text of this file (it had no end marker)\n\n" + existing
    rest = existing.split(GENERATED_END, 1)[1].lstrip("\n") if existing and GENERATED_END in existing else ""
    return f"{generated}{GENERATED_END}\n" + (f"\n{rest}" if rest else "")


def markdown(results: dict) -> str:
    m = results["machine"]
    server = results.get("neo4j_server", {})
    lines = [
        "# Benchmarks",
        "",
        "Measured by `make bench` (all sizes) or `make bench-quick` (tiny and S); the raw figures are in "
        "`benchmarks/out/results.json`. Networks come from `benchmarks/generate.py` (seed "
        f"{results['seed']}): municipalities in {results.get('countries', '?')} real countries weighted towards "
        "Europe, heavy-tailed partner counts (most 1–3, hubs 50+), conferences with attendees, organisations "
        "with members.",
        "",
        f"Run {results['started']} ({'quick' if results.get('quick') else 'full'}, {results['elapsed_s'] / 60:,.1f} min).",
        "",
        "## Machine",
        "",
        f"- {m.get('cores')} cores ({m.get('cpu')}), {m.get('ram_gb')} GB RAM, {m.get('os')}",
        f"- Python {m.get('python')}, networkx {m.get('networkx')}, neo4j driver {m.get('neo4j')}, "
        f"streamlit {m.get('streamlit')}",
        f"- Neo4j {server.get('version', 'not run')}"
        + (f" ({'started by the benchmark' if server.get('started') else 'given by NEO4J_URI'}); memory: "
           + ", ".join(f"{k} = {v}" for k, v in server.get("settings", {}).items()
                     if v is not None and ("memory" in k or "heap" in k))
           if server.get("version") else ""),
        f"- load average at start {m.get('load_avg_at_start')}, at end {results.get('load_avg_at_end')}: the "
        "2 cores are shared with other work, so absolute figures are pessimistic and vary between runs; "
        "ratios measured in the same run are steadier.",
        "",
        "## Targets",
        "",
        "| target | measured | verdict |",
        "|---|---|---|",
    ]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in targets(results)]
    lines += ["", "## Loading", "",
              "Rows per second. *Per-row* sends one auto-committed `MERGE` per record, timed on a sample and "
              "extrapolated to the whole size. *LOAD CSV* is Neo4j's server-side import "
              "(`CALL { … } IN TRANSACTIONS OF 10000 ROWS`) of the same network written as CSV. *Embedded* "
              "figures include building the records (as a loader reading a file does); *store only* subtracts it.",
              "",
              "| size | nodes | rels | store | nodes/s | rels/s | load s | × per-row (nodes / rels) | LOAD CSV ÷ batched (nodes / rels) |",
              "|---|---:|---:|---|---:|---:|---:|---:|---:|"]
    for size, r in results.get("sizes", {}).items():
        emb, neo = r.get("embedded", {}), r.get("neo4j", {})
        if "load" in emb:
            ld = emb["load"]
            lines.append(f"| {size} | {_n(emb['nodes'])} | {_n(emb['edges'])} | embedded | {_n(ld['nodes_per_s'])} "
                         f"(store only {_n(ld['store_only_nodes_per_s'])}) | {_n(ld['edges_per_s'])} (store only "
                         f"{_n(ld['store_only_edges_per_s'])}) | {ld['total_s']:,.1f} | | |")
        elif emb:
            lines.append(f"| {size} | | | embedded | {emb.get('error', '')} | | | | |")
        if "batched" in neo:
            b, nv, lc = neo["batched"], neo["naive"], neo.get("load_csv", {})
            lines.append(f"| {size} | {_n(neo['nodes'])} | {_n(neo['edges'])} | Neo4j batched ({neo['batch_size']:,}) | "
                         f"{_n(b['nodes_per_s'])} | {_n(b['edges_per_s'])} | {b['total_s_estimated_full']:,.1f} | "
                         f"{_ratio(b['nodes_per_s'], nv['nodes_per_s'])} / {_ratio(b['edges_per_s'], nv['edges_per_s'])} | "
                         + (f"{_ratio(lc['nodes_per_s'], b['nodes_per_s'])} / {_ratio(lc['edges_per_s'], b['edges_per_s'])} |"
                            if "nodes_per_s" in lc else "– |"))
            lines.append(f"| {size} | | | Neo4j per-row (sample {nv['node_sample']:,} + {nv['edge_sample']:,}) | "
                         f"{_n(nv['nodes_per_s'])} | {_n(nv['edges_per_s'])} | "
                         f"≈ {nv['nodes_extrapolated_s'] + nv['edges_extrapolated_s']:,.0f} (extrapolated) | | |")
            if "nodes_per_s" in lc:
                lines.append(f"| {size} | | | Neo4j LOAD CSV | {_n(lc['nodes_per_s'])} | {_n(lc['edges_per_s'])} | "
                             f"{lc['nodes_s'] + lc['edges_s']:,.1f} | | |")
            else:
                lines.append(f"| {size} | | | Neo4j LOAD CSV | {lc.get('error', '–')} | | | | |")
        elif neo:
            lines.append(f"| {size} | | | Neo4j | {neo.get('error', '')} | | | | |")
    sweep = results.get("batch_sweep", {})
    if sweep:
        lines += ["", f"### Batch size (size {sweep.get('size')})", "",
                  "The same network loaded into an emptied store with each batch size.", "",
                  "| batch size | Neo4j nodes/s | Neo4j rels/s | Neo4j total s | embedded total s |",
                  "|---:|---:|---:|---:|---:|"]
        emb_rows = {row["batch_size"]: row for row in sweep.get("embedded", [])}
        for row in sweep.get("neo4j", []) or [{"batch_size": s} for s in emb_rows]:
            e = emb_rows.get(row["batch_size"], {})
            if "error" in row:
                lines.append(f"| {row['batch_size']:,} | failed: {row['error'][:120]} | | | {e.get('total_s', '–')} |")
            else:
                lines.append(f"| {row['batch_size']:,} | {_n(row.get('nodes_per_s'))} | {_n(row.get('edges_per_s'))} | "
                             f"{row.get('total_s', '–')} | {e.get('total_s', '–')} |")
        if sweep.get("note"):
            lines += ["", sweep["note"]]
    lines += ["", "## Query latency", "",
              f"p50 / p95 in milliseconds over {results.get('queries', '?')} random questions per kind (after 3 warm-up "
              "questions), the same questions on both stores. Questions are about municipalities that have partners; "
              "partners by region asks subdivision → country or continent (resolving both names included); "
              "suggestions ask for a partner in a random country.", ""]
    sizes = list(results.get("sizes", {}))
    lines.append("| query | " + " | ".join(f"{s} embedded | {s} Neo4j" for s in sizes) + " |")
    lines.append("|---|" + "---:|---:|" * len(sizes))
    for kind in KINDS:
        cells = []
        for s in sizes:
            r = results["sizes"][s]
            cells.append(_latency(r.get("embedded", {}).get("queries", {}).get(kind)))
            cells.append(_latency(r.get("neo4j", {}).get("queries", {}).get(kind)))
        lines.append(f"| {LABELS[kind]} | " + " | ".join(cells) + " |")
    lines += reference_table(results)
    lines += ["", "## Memory and persistence (embedded store)", "",
              "Peak resident memory (`getrusage` maxrss) of a process that only loads the network, measured in a "
              "subprocess per size; *store* is the resident memory after loading minus that before (interpreter, "
              "imports, the generator's arrays and pycountry's tables).", "",
              "| size | peak MB | store MB | file MB | save s | reopen s |", "|---|---:|---:|---:|---:|---:|"]
    for size, r in results.get("sizes", {}).items():
        emb = r.get("embedded", {})
        if "memory" in emb:
            lines.append(f"| {size} | {_n(emb['memory']['peak_mb'])} | {_n(emb['memory']['store_mb'])} | "
                         f"{emb['file_mb']} | {emb['flush_s']} | {emb['reopen_s']} |")
    neo_rss = {s: r.get("neo4j", {}).get("server_peak_rss_mb") for s, r in results.get("sizes", {}).items()}
    if any(neo_rss.values()):
        lines += ["", "Neo4j server process peak resident memory (VmHWM) after each size: "
                  + ", ".join(f"{s}: {_n(v)} MB" for s, v in neo_rss.items() if v) + "."]
    app = results.get("app", {})
    lines += ["", "## App start (real dataset)", ""]
    if "error" in app or not app:
        lines.append(app.get("error", "not measured: skipped"))
    else:
        lines += ["`streamlit.testing` AppTest on `app.py`, each start in a fresh interpreter (imports included), "
                  f"embedded store, dataset `{app.get('dataset')}`.", "",
                  "| | first render s | rerun s | notes |", "|---|---:|---:|---|"]
        for name, label in (("first_start", "first start (empty store: loads demo + real data)"),
                            ("cold_start", "cold start (new process, store on disk)")):
            a = app.get(name, {})
            if "error" in a:
                lines.append(f"| {label} | {a['error']} | | |")
            else:
                lines.append(f"| {label} | {a.get('start_s')} | {a.get('rerun_s')} | "
                             f"{'; '.join(a.get('errors') or []) or 'rendered without exceptions'} |")
    profile = results.get("profile")
    if profile:
        lines += ["", "## Embedded store: profile and proposed changes", "", profile.get("summary", ""), "",
                  f"Same questions before and after at size {profile.get('size')} (p50 / p95 ms, answers compared "
                  "and equal):", "", "| query | now | with the changes |", "|---|---:|---:|"]
        for kind, row in profile.get("kinds", {}).items():
            lines.append(f"| {LABELS.get(kind, kind)} | {row['before']} | {row['after']} |")
    notes = results.get("notes", [])
    if notes:
        lines += ["", "## Notes", ""] + [f"- {n}" for n in notes]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    source = Path(args[0]) if args else Path("benchmarks/out/results.json")
    target = Path(args[1]) if len(args) > 1 else Path("BENCHMARKS.md")
    results = json.loads(source.read_text())
    profile = source.parent / "profile.json"
    if profile.exists():
        results["profile"] = json.loads(profile.read_text())
    existing = target.read_text(encoding="utf-8") if target.exists() else None
    target.write_text(merged(markdown(results), existing), encoding="utf-8")


if __name__ == "__main__":
    main()

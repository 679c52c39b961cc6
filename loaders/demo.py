"""The demo set the app starts with: the world's regions and the curated partnership data."""

from __future__ import annotations

import logging
from pathlib import Path

from graph.store.base import GraphStore

from .report import LoadReport

log = logging.getLogger(__name__)
CURATED_DIR = Path(__file__).resolve().parent.parent / "data" / "curated"


def load_regions(store: GraphStore) -> LoadReport:
    """Continents, UN M49 sub-regions, country groups (EU, ODA recipients) and their countries."""
    from graph.geo.regions import region_records

    nodes, edges = region_records()
    report = LoadReport("data/regions")
    log.info("writing %d regions and countries", len(nodes))
    result = store.upsert(nodes, edges)
    report.rows_read = report.rows_loaded = len(nodes)
    report.nodes_written, report.edges_written = result.nodes, result.edges
    return report


def load_demo(store: GraphStore, curated_dir: str | Path | None = None, *, strict: bool = False,
              with_regions: bool = True) -> list[LoadReport]:
    """Load regions (optional) and the curated data, then make the store durable.

    The curated files are checked before anything is written, regions included: a mistake in them
    raises :class:`loaders.curated.CuratedDataError` (file, line, entry and value) and the store is
    left as it was. Curated data is always loaded strictly, so ``strict`` (``partnernet load demo
    --strict``) changes nothing: there is no mode that skips a bad entry.
    """
    from graph.places.resolver import PlaceResolver

    from .curated import read_curated, write_curated

    directory = Path(curated_dir) if curated_dir else CURATED_DIR
    resolver = PlaceResolver()
    data = read_curated(directory, resolver=resolver)
    reports = [load_regions(store)] if with_regions else []
    reports.append(write_curated(store, data, directory, resolver=resolver))
    store.flush()
    return reports


def demo_missing(store: GraphStore) -> bool:
    """True when the store lacks the regions or the curated conferences (e.g. only a CSV was loaded)."""
    nodes = store.stats().nodes
    return not nodes.get("Region") or not nodes.get("Conference")


def ensure_demo(store: GraphStore) -> list[LoadReport]:
    """Load the parts of the demo set the store lacks: regions, and the curated data. A store that
    holds only a twin-city CSV gets both, so that region and conference views have what they need."""
    nodes = store.stats().nodes
    reports = []
    if not nodes.get("Region"):
        reports.append(load_regions(store))
    if not nodes.get("Conference"):
        from .curated import load_curated

        reports.append(load_curated(store, CURATED_DIR))
    if reports:
        store.flush()
    return reports

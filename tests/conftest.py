"""Shared fixtures: the real dataset, fresh stores of each kind, the demo data."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.store.embedded import EmbeddedStore
from neo4j_support import neo4j_driver, neo4j_server, neo4j_store  # noqa: F401  (fixtures)

REPO = Path(__file__).resolve().parents[1]
REAL_CSV = REPO.parent / "shared" / "data" / "twin_cities.csv"


@pytest.fixture(scope="session")
def real_csv() -> Path:
    if not REAL_CSV.exists():
        pytest.skip(f"the real dataset is not here ({REAL_CSV}); it lives in ../shared/data next to the repository")
    return REAL_CSV


@pytest.fixture
def memory_store() -> EmbeddedStore:
    return EmbeddedStore.memory()


@pytest.fixture(scope="session")
def real_embedded(real_csv, tmp_path_factory) -> EmbeddedStore:
    """The whole real dataset in an embedded store, loaded once per test session (read-only use)."""
    from loaders.twin_cities import load_twin_cities

    store = EmbeddedStore(tmp_path_factory.mktemp("real"))
    load_twin_cities(store, real_csv)
    return store


@pytest.fixture(scope="session")
def demo_store() -> EmbeddedStore:
    """The demo data (regions and the curated set) in a memory store, loaded once (read-only use)."""
    from loaders.demo import load_demo

    store = EmbeddedStore.memory()
    load_demo(store)
    return store


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request, tmp_path):
    """A fresh, empty store of each kind: the contract suite runs once per backend."""
    if request.param == "embedded":
        return EmbeddedStore(tmp_path / "store")
    return request.getfixturevalue("neo4j_store")

"""The cyclic garbage collector paused around large answers comes back on, whatever the threads do."""

import gc
import sys
import threading
import time

from graph.store.shared import cyclic_gc_paused, without_cyclic_gc


def test_the_collector_is_paused_inside_and_enabled_again_by_the_last_to_leave():
    assert gc.isenabled()
    with cyclic_gc_paused():
        assert not gc.isenabled()
        with cyclic_gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer one is still inside
    assert gc.isenabled()
    assert without_cyclic_gc(lambda: gc.isenabled())() is False and gc.isenabled()


def test_threads_entering_and_leaving_at_once_never_leave_the_collector_off():
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads switch as often as they can
    try:
        for _ in range(15):
            stop = time.monotonic() + 0.02

            def work():
                while time.monotonic() < stop:
                    with cyclic_gc_paused():
                        sum(range(50))

            threads = [threading.Thread(target=work) for _ in range(4)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            assert gc.isenabled()
    finally:
        sys.setswitchinterval(before)


def test_a_collector_disabled_before_stays_disabled():
    gc.disable()
    try:
        with cyclic_gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_network_picture_and_its_cache_key_are_built_with_the_collector_paused(monkeypatch):
    # a hub's picture holds thousands of edge dicts and tooltips: collections while building it were a third
    # of a depth-2 rerun in the app on Neo4j
    from app_pages.common import fingerprint
    from graph.export import network_page
    from graph.model import MUNICIPALITY, PARTNER_OF, Edge, Node
    from graph.store.base import Subgraph

    seen = []
    real = network_page.build_network
    monkeypatch.setattr(network_page, "build_network", lambda *a, **k: seen.append(gc.isenabled()) or real(*a, **k))
    a, b = (Node(MUNICIPALITY, f"mun:de:{k}", {"name": k, "country": "DE"}) for k in ("jena", "gera"))
    sub = Subgraph({a.id: a, b.id: b}, [Edge(PARTNER_OF, a.id, b.id, {"kind": "twin"})], 2)
    assert "jena" in network_page.network_html(sub) and seen == [False] and gc.isenabled()
    monkeypatch.setattr(gc, "disable", lambda: seen.append("paused"))
    fingerprint(sub)
    assert seen[-1] == "paused"

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

"""When the store cannot be reached: the answers the app already has, marked as possibly stale.

Every cached answer is keyed by the store's version (``app_pages.common.token``). When asking the
store for its version fails (Neo4j stopped, the network gone), the run goes on with the version
last confirmed in this process: the answers cached for it are shown, under one warning that says
what failed and as of when those answers hold. A question not answered before still needs the
store and ends in the one-line outage message. The store is asked again at most every
``RECHECK_SECONDS``, so that pages stay quick while it is down.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import streamlit as st

from graph.errors import StoreError
from graph.i18n import _
from graph.store.base import GraphStore

RECHECK_SECONDS = 15.0
_STALE_KEY = "partnernet:stale"


@dataclass
class _Known:
    token: str | None = None  # the last version confirmed, with the open store's id
    confirmed: float = 0.0  # when (time.time())
    failure: str | None = None  # the message of the last failed check, while the store is down
    failed_at: float = 0.0  # when (time.monotonic())


_KNOWN: dict[int, _Known] = {}
_LOCK = threading.Lock()


def checked_token(s: GraphStore) -> str:
    """The key of this run's cached answers: the store's version, or while it cannot be reached the
    last version confirmed (and the run marked stale, see ``stale_notice``).

    Parameters
    ----------
    s : GraphStore
        The open store.

    Returns
    -------
    str
        ``"<id of the store>:<version>"``.

    Raises
    ------
    StoreError
        The store cannot be reached and no version was ever confirmed in this process (nothing
        cached to show).
    """
    with _LOCK:
        known = _KNOWN.setdefault(id(s), _Known())
        recent_failure = known.failure and time.monotonic() - known.failed_at < RECHECK_SECONDS
    if not recent_failure:
        try:
            s.refresh()
            token = f"{id(s)}:{s.version()}"
        except StoreError as exc:
            with _LOCK:
                known.failure, known.failed_at = str(exc), time.monotonic()
            if known.token is None:
                raise
        else:
            with _LOCK:
                known.token, known.confirmed, known.failure = token, time.time(), None
            st.session_state.pop(_STALE_KEY, None)
            return token
    st.session_state[_STALE_KEY] = (known.failure, known.confirmed)
    return known.token


def stale_notice() -> None:
    """Say, once at the top of the page, that the store cannot be reached and the answers shown
    are those kept from the last time it answered."""
    stale = st.session_state.get(_STALE_KEY)
    if stale is None:
        return
    from graph.safe_text import markdown

    failure, confirmed = stale
    when = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(confirmed))
    st.warning(markdown(failure) + "  \n" + _("Showing answers kept from the data as of {time}: they may be out of "
                                        "date. Questions not asked before need the server again.").format(time=when),
               icon="⏳")


def is_stale() -> bool:
    """Whether this run shows kept answers because the store cannot be reached."""
    return _STALE_KEY in st.session_state

"""Parts of a view that rerun on their own (``st.fragment``).

A click inside such a part — a node of the network, another of a selection's views, the record whose
details are shown — runs that part alone, not the whole page: with many people on one server, each
click then costs a fraction of a page's run. The inputs above a part (what is chosen, depth,
filters) still run the page, and a part's own change of them ("centre the network on …") does too.

A part rerun alone has none of the page's run around it, so it takes up what that run would have
done: the language of the page, writing its inputs to the address bar, and showing a failure of
the store as one sentence.
"""

from __future__ import annotations

import functools
from typing import Callable

import streamlit as st

from app_pages import state
from graph import i18n, safe_text
from graph.errors import PartnernetError

_LANGUAGE = "part:language"
_MOVED = "part:moved"


def speak(lang: str) -> str:
    """Speak ``lang`` in this run of the page and in every part of it rerun alone (app.py)."""
    st.session_state[_LANGUAGE] = lang
    return i18n.set_language(lang)


def page_changed() -> None:
    """A callback changed an input above the parts (a node chosen to centre on): the page must run."""
    st.session_state[_MOVED] = True


def page_runs() -> None:
    """The whole page runs now (app.py, at its start): nothing is pending for it."""
    st.session_state.pop(_MOVED, None)


def _alone() -> bool:
    """Whether this run is a rerun of parts alone."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return bool(ctx is not None and ctx.fragment_ids_this_run)


def part(func: Callable[..., None]) -> Callable[..., None]:
    """``func`` (which draws one part of a view) as a part that reruns on its own."""
    @st.fragment
    @functools.wraps(func)
    def run(*args, **kwargs) -> None:
        alone = _alone()
        if alone:
            i18n.set_language(st.session_state.get(_LANGUAGE) or i18n.DEFAULT_LANGUAGE)
            if st.session_state.pop(_MOVED, False):
                st.rerun(scope="app")
        try:
            func(*args, **kwargs)
        except PartnernetError as exc:  # as app.py shows it (Streamlit would show the exception's type)
            st.error(safe_text.markdown(exc), icon="⚠️")
        finally:
            if alone:
                state.flush()

    return run

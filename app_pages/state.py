"""Views that stay put: every input of a view lives in the URL (``st.query_params``).

A widget made here takes its value from the URL when the URL names one (a reload, the back button,
a copied link), else from what the user last chose on this view in this session (switching views and
coming back), else from its default; and it writes its value back to the URL on every run, so that
the address bar always reproduces what is on screen. A value in the URL that the view cannot show
(``?depth=7``) is said once, with the allowed values, and the default is shown instead.

Examples
--------
In a page: ``depth = state.select_slider("Depth", "depth", [1, 2, 3], 1)`` — ``?depth=2`` opens
the view with depth 2, and choosing 3 makes the URL ``?depth=3``.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

import streamlit as st

from graph.i18n import _

_KEY, _KEEP, _LAST = "url:{}", "url:keep:{}", "url:last:{}"
_PENDING = "url:pending"


def url_text(param: str) -> str | None:
    """The raw value the URL gives ``param``, or None."""
    value = st.query_params.get(param)
    return None if value is None else str(value)


def _prepare(param: str, default: Any, decode: Callable[[str], Any], allowed: str, key: str | None = None,
             quiet: bool = False) -> str:
    """Put the value the widget must show into session state before the widget is made.

    ``quiet``: a value the widget cannot show is dropped without a word (it belongs to other inputs,
    e.g. the match chosen for a name that was changed since)."""
    key = key or _KEY.format(param)
    raw = url_text(param)
    if raw is not None and raw != st.session_state.get(_LAST.format(key)):
        try:
            st.session_state[key] = decode(raw)
        except (ValueError, KeyError, TypeError):
            st.session_state[key] = st.session_state.get(_KEEP.format(key), default)
            if not quiet:
                st.warning(_("The link gives {param}={value!r}, which this view cannot show ({allowed}); "
                             "showing {shown!r} instead.").format(param=param, value=raw, allowed=allowed,
                                                                  shown=_as_written(st.session_state[key])))
    elif key not in st.session_state:
        st.session_state[key] = st.session_state.get(_KEEP.format(key), default)
    return key


def _as_written(value: Any) -> Any:
    """A value as the address writes it (a switch as 1 or 0, not as a Python truth value)."""
    return ("1" if value else "0") if isinstance(value, bool) else value


def remember(param: str, value: Any, encode: Callable[[Any], str] = str, key: str | None = None) -> None:
    """Write ``value`` to the URL and keep it for this session (used by the widgets below)."""
    raw = encode(value)
    key = key or _KEY.format(param)
    st.session_state[_KEEP.format(key)] = value
    st.session_state[_LAST.format(key)] = raw
    st.session_state.setdefault(_PENDING, {})[param] = raw


def flush() -> None:
    """Write the inputs of this run to the URL at once (app.py calls it when a page has run): one new
    address per change, so the back button steps from view to view, not from input to input."""
    pending = st.session_state.pop(_PENDING, None) or {}
    changed = {param: raw for param, raw in pending.items() if st.query_params.get(param) != raw}
    if changed:
        st.query_params.update(changed)


def stop() -> None:
    """``st.stop()`` after writing this run's inputs to the URL (after ``st.stop`` nothing more is sent)."""
    flush()
    st.stop()


def put(param: str, value: Any, key: str | None = None) -> None:
    """Change a view's input from code (a button "explore this partner"): the next run shows it."""
    key = key or _KEY.format(param)
    st.session_state[key] = value
    st.session_state[_KEEP.format(key)] = value


def _choice(options: Sequence[Any]) -> Callable[[str], Any]:
    by_text = {str(o): o for o in options}

    def decode(raw: str) -> Any:
        return by_text[raw]

    return decode


def _allowed(options: Sequence[Any]) -> str:
    shown = [str(o) for o in options]
    return ", ".join(shown[:12]) + (" …" if len(shown) > 12 else "")


def text_input(label: str, param: str, default: str = "", *, key: str | None = None, **kwargs: Any) -> str:
    """``st.text_input`` kept in the URL as ``?param=text``."""
    key = _prepare(param, default, str, "", key)
    value = st.text_input(label, key=key, **kwargs)
    remember(param, value, key=key)
    return value


def selectbox(label: str, param: str, options: Sequence[Any], default: Any = None, *, widget=None,
              key: str | None = None, quiet: bool = False, **kwargs: Any) -> Any:
    """``st.selectbox`` (or ``st.radio`` / ``st.select_slider`` with ``widget=``) kept in the URL."""
    options = list(options)
    if not options:
        return None
    fallback = default if default in options else options[0]
    key = _prepare(param, fallback, _choice(options), _allowed(options), key, quiet)
    if st.session_state[key] not in options:
        st.session_state[key] = fallback
    if widget is None:  # Streamlit's own placeholder is English
        from graph.i18n import _

        kwargs.setdefault("placeholder", _("Choose one"))
    value = (widget or st.selectbox)(label, options, key=key, **kwargs)
    remember(param, value, key=key)
    return value


def radio(label: str, param: str, options: Sequence[Any], default: Any = None, **kwargs: Any) -> Any:
    """``st.radio`` kept in the URL."""
    return selectbox(label, param, options, default, widget=st.radio, **kwargs)


def select_slider(label: str, param: str, options: Sequence[Any], default: Any = None, **kwargs: Any) -> Any:
    """``st.select_slider`` kept in the URL."""
    return selectbox(label, param, options, default, widget=st.select_slider, **kwargs)


def slider(label: str, param: str, low: int, high: int, default: int, *, key: str | None = None,
           **kwargs: Any) -> int:
    """An integer ``st.slider`` kept in the URL."""
    def decode(raw: str) -> int:
        value = int(raw)
        if not low <= value <= high:
            raise ValueError(raw)
        return value

    key = _prepare(param, default, decode, f"{low}–{high}", key)
    value = st.slider(label, low, high, key=key, **kwargs)
    remember(param, value, key=key)
    return value


def multiselect(label: str, param: str, options: Sequence[Any], default: Sequence[Any] = (), *,
                key: str | None = None, **kwargs: Any) -> list:
    """``st.multiselect`` kept in the URL as ``?param=a,b,c`` (empty: ``?param=``)."""
    options = list(options)
    by_text = {str(o): o for o in options}

    def decode(raw: str) -> list:
        return [by_text[part] for part in raw.split(",") if part]

    key = _prepare(param, [o for o in default if o in by_text.values()], decode, _allowed(options), key)
    st.session_state[key] = [o for o in st.session_state[key] if o in options]
    from graph.i18n import _

    kwargs.setdefault("placeholder", _("Choose one or more"))  # Streamlit's own placeholder is English
    value = st.multiselect(label, options, key=key, **kwargs)
    remember(param, value, lambda v: ",".join(str(o) for o in v), key)
    return value


def toggle(label: str, param: str, default: bool = False, *, key: str | None = None, widget=None,
           **kwargs: Any) -> bool:
    """``st.toggle`` (or ``st.checkbox`` with ``widget=``) kept in the URL as ``?param=1`` / ``?param=0``."""
    def decode(raw: str) -> bool:  # 0/1 as written here, and the words people type into an address
        word = raw.strip().lower()
        if word in ("1", "true", "yes", "ja", "on"):
            return True
        if word in ("0", "false", "no", "nein", "off"):
            return False
        raise ValueError(raw)

    key = _prepare(param, default, decode, "0, 1", key)
    value = (widget or st.toggle)(label, key=key, **kwargs)
    remember(param, value, lambda v: "1" if v else "0", key)
    return value


def checkbox(label: str, param: str, default: bool = False, *, key: str | None = None, **kwargs: Any) -> bool:
    """``st.checkbox`` kept in the URL as ``?param=1`` / ``?param=0``."""
    return toggle(label, param, default, key=key, widget=st.checkbox, **kwargs)


def number_input(label: str, param: str, default: int = 0, *, min_value: int = 0, key: str | None = None,
                 **kwargs: Any) -> int:
    """An integer ``st.number_input`` kept in the URL."""
    def decode(raw: str) -> int:
        value = int(raw)
        if value < min_value:
            raise ValueError(raw)
        return value

    key = _prepare(param, default, decode, f"≥ {min_value}", key)
    value = st.number_input(label, min_value=min_value, key=key, **kwargs)
    remember(param, int(value), key=key)
    return int(value)

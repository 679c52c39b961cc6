"""The network picture as a Streamlit component: click a node to select it, double-click to re-centre.

A custom component (``st.components.v2``, no frontend build) holds the standalone network page of
``graph.export.visual`` in a sandboxed iframe (scripts only: it cannot reach the app or the network). The
page tells its parent which node was clicked (``postMessage``); the component passes that on to
Python as the state value ``selected`` (kept across reruns) or the trigger ``recentre`` (one rerun).
vis-network's script and stylesheet (700 kB) are sent with the first picture of a session only and kept
in the browser window; each page then carries just its network.
"""

from __future__ import annotations

from typing import Callable

import streamlit as st

_JS = """
export default function (component) {
  const { data, parentElement, setStateValue, setTriggerValue } = component;
  const host = parentElement.querySelector(".pn-host");
  let frame = host.querySelector("iframe");
  if (!frame) {
    frame = document.createElement("iframe");
    frame.setAttribute("sandbox", "allow-scripts");
    frame.setAttribute("title", "Network: click a node for its details, double-click to centre on it");
    frame.style.width = "100%";
    frame.style.border = "0";
    host.appendChild(frame);
  }
  frame.style.height = data.height + "px";
  // vis-network's script and stylesheet come once per session and are kept in this window
  const kept = (window.__partnernetVis = window.__partnernetVis || {});
  if (data.assets_js) kept[data.assets_key] = {js: data.assets_js, css: data.assets_css};
  const assets = kept[data.assets_key];
  if (!assets) {
    setTriggerValue("assets", data.assets_key);  // not here (a new window): ask for them again
    return;
  }
  if (frame.dataset.token !== data.token) {
    frame.dataset.token = data.token;
    frame.srcdoc = data.page.replace(data.css_mark, () => assets.css).replace(data.js_mark, () => assets.js);
  }
  const listen = (event) => {
    if (event.source !== frame.contentWindow || !event.data || typeof event.data.node !== "string") return;
    if (event.data.partnernet === "select") setStateValue("selected", event.data.node);
    if (event.data.partnernet === "recentre") setTriggerValue("recentre", event.data.node);
  };
  window.addEventListener("message", listen);
  return () => window.removeEventListener("message", listen);
}
"""


_SENT = "network:assets-sent"
_ASSETS_KEY = "vis-9.1.2"


def _resend() -> None:
    """The browser window lacks vis-network's files (a new window on this session): send them again."""
    st.session_state[_SENT] = False


@st.cache_resource(show_spinner=False)
def _component():
    return st.components.v2.component("partnernet_network", html='<div class="pn-host"></div>', js=_JS)


def clickable_network(page: str, token: str, height: int, key: str,
                      on_recentre: Callable[[str], None] | None = None) -> str | None:
    """Show ``page`` (from ``graph.export.network_page.network_html``); return the id of the node clicked last.

    Parameters
    ----------
    page : the standalone network page
    token : changes when the page does (the iframe is reloaded only then)
    height : pixels
    key : the widget key; the selection is kept under it across reruns
    on_recentre : called with the id of a double-clicked node, before the rerun that follows

    Returns
    -------
    str or None
        The selected node id, or None before any click.
    """
    def recentred() -> None:
        value = st.session_state.get(key)
        node_id = value.get("recentre") if hasattr(value, "get") else getattr(value, "recentre", None)
        if node_id and on_recentre is not None:
            on_recentre(node_id)

    from graph.export.network_page import ASSET_MARKS, vis_assets

    script, style = vis_assets()
    send = not st.session_state.get(_SENT)
    st.session_state[_SENT] = True
    # text and numbers only: a list or a mapping in the data would make Streamlit import pandas to look at it
    result = _component()(key=key, data={"page": page, "token": token, "height": height, "css_mark": ASSET_MARKS[0],
                                         "js_mark": ASSET_MARKS[1], "assets_key": _ASSETS_KEY,
                                         "assets_js": script if send else "", "assets_css": style if send else ""},
                          default={"selected": None}, height=height + 8, on_selected_change=lambda: None,
                          on_recentre_change=recentred, on_assets_change=_resend)
    selected = result.get("selected") if hasattr(result, "get") else getattr(result, "selected", None)
    return selected if isinstance(selected, str) else None

"""The network picture as a Streamlit component: click a node to select it, double-click to re-centre.

A custom component (``st.components.v2``, no frontend build) holds the standalone network page of
``graph.export.visual`` in a sandboxed iframe (scripts only: it cannot reach the app or the network). The
page tells its parent which node was clicked (``postMessage``); the component passes that on to
Python as the state value ``selected`` (kept across reruns) or the trigger ``recentre`` (one rerun).
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
  if (frame.dataset.token !== data.token) {
    frame.dataset.token = data.token;
    frame.srcdoc = data.page;
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

    result = _component()(key=key, data={"page": page, "token": token, "height": height},
                          default={"selected": None}, height=height + 8, on_selected_change=lambda: None,
                          on_recentre_change=recentred)
    selected = result.get("selected") if hasattr(result, "get") else getattr(result, "selected", None)
    return selected if isinstance(selected, str) else None

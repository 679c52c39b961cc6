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
    // the page comes without vis-network, which this module holds once (see without_assets)
    frame.srcdoc = data.page.replace("/*pn-vis-css*/", () => VIS.css).replace("/*pn-vis-js*/", () => VIS.js);
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


_CSS_MARK, _JS_MARK = "/*pn-vis-css*/", "/*pn-vis-js*/"


def without_assets(page: str) -> str:
    """The network page without vis-network's script and stylesheet (690 KB of the page), which the
    component's own script holds and puts back in the browser: each run then sends and encodes only
    the network itself.

    Parameters
    ----------
    page : str
        A page of ``graph.export.network_page.network_html``.

    Returns
    -------
    str
        The page with the two assets replaced by markers.
    """
    from graph.export.network_page import vis_assets

    vis_js, vis_css = vis_assets()
    return page.replace(vis_js, _JS_MARK, 1).replace(vis_css, _CSS_MARK, 1)


@st.cache_resource(show_spinner=False)
def _component():
    import json

    from graph.export.network_page import vis_assets

    vis_js, vis_css = vis_assets()
    assets = "const VIS = " + json.dumps({"js": vis_js, "css": vis_css}) + ";\n"
    return st.components.v2.component("partnernet_network", html='<div class="pn-host"></div>', js=assets + _JS)


def clickable_network(page: str, token: str, height: int, key: str,
                      on_recentre: Callable[[str], None] | None = None) -> str | None:
    """Show ``page`` (from ``graph.export.network_page.network_html``); return the id of the node clicked last.

    Parameters
    ----------
    page : the standalone network page, ``without_assets``
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

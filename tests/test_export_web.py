"""The interactive network page: offline (no CDN), names escaped, stable layout, physics that stops."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from graph.export import export
from graph.model import Node
from graph.store.base import Subgraph
from graph.export.network_page import network_html, script_json
from graph.export.visual import KIND_COLOURS, LABEL_COLOURS, LAYOUT_SEED
from test_export_samples import EVIL, KYIV, LEIPZIG, sample_context, sample_subgraph

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if shutil.os.path.exists("/usr/bin/chromium") else None)


@pytest.fixture(scope="module")
def sub():
    return sample_subgraph()


@pytest.fixture(scope="module")
def page(sub):
    return export(sub, "html", context=sample_context()).decode("utf-8")


def _data(page: str, name: str):
    match = re.search(rf"var {name} = (.*?);\n", page)
    assert match, name
    return json.loads(match.group(1))


def test_page_loads_nothing_from_the_network(page):
    assert not re.search(r"<script[^>]*\bsrc=", page, re.I)
    assert not re.search(r"<link[^>]*\bhref=", page, re.I)
    assert "cdnjs" not in page and "jsdelivr" not in page and "unpkg" not in page
    assert "default-src 'none'" in page  # and the browser is told to refuse anything external
    assert "vis.Network" in page and len(page) > 400_000  # vis-network is inlined


def test_names_cannot_become_markup(page):
    assert "<img" not in page
    assert "</script><script>alert" not in page
    nodes = _data(page, "nodeItems")
    evil = next(n for n in nodes if n["id"] == "mun:de:evil")
    assert evil["label"].startswith("<img src=x")  # drawn on the canvas as text
    assert evil["title"].startswith(EVIL)  # plain text, made a DOM text node in the page
    assert "textContent" in page and "innerHTML" not in page.split("<script>")[-1]


def test_the_network_is_the_one_pyvis_would_build(sub, monkeypatch):
    """The nodes and edges are made without importing pyvis; they must be exactly pyvis's."""
    from pyvis.network import Network

    from graph.export import visual

    ours = [network_html(sub, highlight=[LEIPZIG], max_nodes=n, physics=p) for n, p in ((1500, True), (3, False))]
    monkeypatch.setattr(visual, "VisNetwork", lambda: Network(directed=True, cdn_resources="in_line"))
    assert [network_html(sub, highlight=[LEIPZIG], max_nodes=n, physics=p) for n, p in ((1500, True), (3, False))] \
        == ours


def test_script_json_escapes_html_characters():
    text = script_json({"a": "</script><b>&'\u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"a": "</script><b>&'\u2028"}


def test_heading_and_legend_escaped():
    node = Node("Municipality", "mun:de:x", {"name": "X"})
    html = network_html(Subgraph({node.id: node}, [], 1, ""), title="<b>t</b>", subtitle="<i>s</i>")
    assert "&lt;b&gt;t&lt;/b&gt;" in html and "&lt;i&gt;s&lt;/i&gt;" in html
    assert "<b>t</b>" not in html


def test_colours_sizes_and_highlight(page, sub):
    nodes = {n["id"]: n for n in _data(page, "nodeItems")}
    assert nodes[LEIPZIG]["color"]["background"] == LABEL_COLOURS["Municipality"]
    assert nodes["org:skew"]["color"]["background"] == LABEL_COLOURS["Organisation"]
    assert nodes["conf:dt-ua-2024"]["color"]["background"] == LABEL_COLOURS["Conference"]
    assert nodes[LEIPZIG]["borderWidth"] > nodes[KYIV]["borderWidth"]  # highlighted
    assert nodes[KYIV]["size"] > nodes["mun:de:giessen"]["size"]  # more relationships, bigger dot
    edges = _data(page, "edgeItems")
    assert len(edges) == len(sub.edges)  # parallel partnerships are kept
    colours = {e["color"] for e in edges}
    assert {KIND_COLOURS["twin"], KIND_COLOURS["solidarity"], KIND_COLOURS["friendship"]} <= colours
    pair = [e for e in edges if {e["from"], e["to"]} == {LEIPZIG, KYIV}]
    assert len(pair) == 2 and sum("smooth" in e for e in pair) == 1  # the second one curves away


def test_layout_is_seeded_and_physics_stops(page):
    options = _data(page, "options")
    assert options["layout"]["randomSeed"] == LAYOUT_SEED
    assert options["physics"]["stabilization"]["iterations"] > 0
    assert 'network.once("stabilizationIterationsDone", settle)' in page
    assert "setOptions({physics: false})" in page


def test_same_page_every_time(sub):
    ctx = sample_context()
    assert export(sub, "html", context=ctx) == export(sub, "html", context=ctx)


def test_large_subgraph_is_capped_for_the_browser():
    nodes = {f"mun:de:n{i}": Node("Municipality", f"mun:de:n{i}", {"name": f"N{i}"}) for i in range(30)}
    html = network_html(Subgraph(nodes, [], 30, ""), max_nodes=10)
    assert len(_data(html, "nodeItems")) == 10
    assert "showing the 10 most connected of 30 nodes" in html


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (/usr/bin/chromium) to run the page")
def test_page_draws_offline_in_chromium(page, tmp_path):
    path = tmp_path / "network.html"
    path.write_text(page, encoding="utf-8")
    result = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}",
         "--virtual-time-budget=10000", "--dump-dom", path.as_uri()],
        capture_output=True, timeout=120, check=False,
    )
    dom = result.stdout.decode("utf-8", "replace")
    assert "<canvas" in dom, result.stderr[-500:]
    assert 'data-network="stable"' in dom  # physics ran, stabilised and was switched off
    assert "<img" not in dom

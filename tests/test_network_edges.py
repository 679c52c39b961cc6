"""A dense network picture stays readable: around a hub the best-connected places are linked thousands
of times, and the picture draws those that explain it, says how many it left out, and leaves the
subgraph (tables, downloads) whole."""

from __future__ import annotations

import itertools
import json
import random
import re

import pytest

from graph.export.netedges import MAX_DRAWN_EDGES, drawn_edges
from graph.export.network_page import network_html
from graph.export.visual import build_network
from graph.i18n import set_language
from graph.model import PARTNER_OF, Edge, Node
from graph.store.base import Subgraph


def _town(key: str, country: str = "PL") -> Node:
    return Node("Municipality", f"mun:{country.lower()}:{key}", {"name": key.title(), "country": country})


def _hub_neighbourhood(partners: int = 80, rings: int = 20):
    """A centre, ``partners`` direct partners all linked to each other, and ``rings`` places two hops away
    (each linked to one partner): 80·79/2 mutual partnerships, far more than a picture draws."""
    centre = _town("centre", "DE")
    near = [_town(f"p{i:03d}") for i in range(partners)]
    far = [_town(f"f{i:03d}", "UA") for i in range(rings)]
    edges = [Edge(PARTNER_OF, centre.id, n.id, {"kind": "twin"}) for n in near]
    edges += [Edge(PARTNER_OF, a.id, b.id, {"kind": "friendship"}) for a, b in itertools.combinations(near, 2)]
    edges += [Edge(PARTNER_OF, near[i].id, f.id, {"kind": "project"}) for i, f in enumerate(far)]
    nodes = {n.id: n for n in [centre, *near, *far]}
    return Subgraph(nodes, sorted(edges, key=lambda e: e.identity), len(nodes), ""), centre.id


def _page_items(page: str, name: str) -> list[dict]:
    return json.loads(re.search(rf"var {name} = (\[.*?\]);\n", page).group(1))


def test_a_dense_picture_draws_the_centre_one_link_per_place_and_the_best_connected_up_to_the_limit():
    sub, centre = _hub_neighbourhood()
    assert len(sub.edges) == 80 + 80 * 79 // 2 + 20 > MAX_DRAWN_EDGES
    set_language("en")
    page = network_html(sub, highlight=[centre])
    edges = _page_items(page, "edgeItems")
    assert len(edges) == MAX_DRAWN_EDGES
    ends = [(e["from"], e["to"]) for e in edges]
    assert sum(centre in pair for pair in ends) == 80  # every partnership of the centre
    linked = {n for pair in ends for n in pair}
    assert linked == set(sub.nodes)  # no place left without a line
    assert sum("mun:ua:" in e["to"] for e in edges) == 20  # each place two hops away hangs off its partner
    # what a reader is told, with the language's separators
    assert "1,500 of 3,260 relationships drawn" in page and "the tables and the Excel and CSV downloads list all" in page and "all of Centre, at least one" in page
    set_language("de")
    try:
        assert "1.500 von 3.260 Beziehungen gezeichnet" in network_html(sub, highlight=[centre])
    finally:
        set_language("en")
    assert len(sub.edges) == 3260  # the subgraph itself (tables, downloads) keeps every relationship


def test_edge_ids_do_not_change_with_what_is_drawn_and_tooltips_say_how_many_lines_a_place_has():
    sub, centre = _hub_neighbourhood(partners=30, rings=3)
    everything, notes = build_network(sub, highlight=[centre])  # 468 relationships: all drawn
    assert len(everything.edges) == len(sub.edges) == 468 and not any("drawn" in n for n in notes)
    thinned, notes = build_network(sub, highlight=[centre], max_edges=100)
    assert len(thinned.edges) == 100 and any(n.startswith("100 of 468 relationships drawn") for n in notes)
    by_id = {e["id"]: (e["from"], e["to"], e["title"]) for e in everything.edges}
    assert all(by_id[e["id"]] == (e["from"], e["to"], e["title"]) for e in thinned.edges)
    # the same positions as drawn_edges gives, numbered in the subgraph's identity order
    kept = drawn_edges(sub.edges, [centre], sub.degrees(), limit=100)
    assert sorted(int(e["id"][1:]) for e in thinned.edges) == kept
    tips = {n["id"]: n["title"] for n in thinned.nodes}
    drawn_of_p005 = sum("mun:pl:p005" in (e["from"], e["to"]) for e in thinned.edges)
    assert drawn_of_p005 < 30 and f"30 relationships in this view, {drawn_of_p005} of them drawn" in tips["mun:pl:p005"]
    assert "30 relationships shown" in tips[centre]  # all of the centre's are drawn
    assert "30 relationships shown" in {n["id"]: n["title"] for n in everything.nodes}["mun:pl:p005"]


def test_a_path_between_two_highlighted_places_is_drawn_whole():
    ends = [_town("a", "DE"), _town("x"), _town("y"), _town("b", "UA")]
    crowd = [_town(f"c{i:02d}") for i in range(12)]
    edges = [Edge(PARTNER_OF, u.id, v.id, {"kind": "twin"}) for u, v in zip(ends, ends[1:])]
    # x and y each know every place of a crowd that also knows itself: many lines, none on the path
    edges += [Edge(PARTNER_OF, p.id, c.id, {"kind": "friendship"}) for p in ends[1:3] for c in crowd]
    edges += [Edge(PARTNER_OF, c.id, d.id, {"kind": "project"}) for c, d in itertools.combinations(crowd, 2)]
    sub = Subgraph({n.id: n for n in ends + crowd}, sorted(edges, key=lambda e: e.identity), 16, "")
    net, _ = build_network(sub, highlight=[ends[0].id, ends[3].id], max_edges=20)
    drawn = {frozenset((e["from"], e["to"])) for e in net.edges}
    assert {frozenset((u.id, v.id)) for u, v in zip(ends, ends[1:])} <= drawn and len(drawn) == 20
    loop = Edge.trusted(PARTNER_OF, "mun:pl:x", "mun:pl:x", {"kind": "twin"})  # never stored, still drawn
    assert 0 in drawn_edges([loop, *sub.edges], [], {}, limit=5)


def test_a_picture_without_a_centre_still_links_every_place_and_says_so():
    sub, _ = _hub_neighbourhood()
    net, notes = build_network(sub)
    assert len(net.edges) == MAX_DRAWN_EDGES
    assert {n for e in net.edges for n in (e["from"], e["to"])} == set(sub.nodes)
    assert any(n.startswith("1,500 of 3,260 relationships drawn: at least one of every place") for n in notes)


@pytest.mark.parametrize("seed", range(40))
def test_drawn_edges_keeps_the_rules_on_random_graphs(seed):
    rng = random.Random(seed)
    n = rng.randint(2, 40)
    towns = [f"t{i:02d}" for i in range(n)]
    pairs = sorted({tuple(sorted(rng.sample(towns, 2))) for _ in range(rng.randint(1, 200))})
    edges = [Edge.trusted(PARTNER_OF, a, b, {"kind": "twin"}) for a, b in pairs]
    degree = {t: sum(t in p for p in pairs) for t in towns}
    focus = rng.sample(towns, rng.randint(0, 2))
    limit = rng.randint(1, 60)
    kept = drawn_edges(edges, focus, degree, limit)
    assert kept == sorted(set(kept)) and all(0 <= i < len(edges) for i in kept)
    if len(edges) <= limit:
        assert kept == list(range(len(edges)))
        return
    drawn = [pairs[i] for i in kept]
    assert all(p in drawn for p in pairs if set(p) & set(focus))  # the focus's relationships, always
    linked = {t for p in pairs for t in p}
    assert {t for p in drawn for t in p} == linked  # every linked place keeps a line
    forced = {i for i, p in enumerate(pairs) if set(p) & set(focus)}
    # the limit is reached, and passed only by the focus's relationships and one line per place
    assert limit <= len(kept) <= max(limit, len(forced) + len(linked))
    with pytest.raises(ValueError):
        drawn_edges(edges, focus, degree, 0)



def _framed_page(tmp_path, page: str):
    """A page holding ``page`` in a frame as the app does (sandboxed, 630 px high), and a chromium to open it."""
    import html

    from test_browser import CHROMIUM, CHROMIUM_ARGS

    if not CHROMIUM.exists():
        pytest.skip(f"no chromium at {CHROMIUM} (Debian: apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    host = tmp_path / "framed.html"
    host.write_text(f'<!DOCTYPE html><html><body style="margin:0"><iframe id="f" sandbox="allow-scripts" '
                    f'style="width:100%;height:630px;border:0" srcdoc="{html.escape(page)}"></iframe></body></html>',
                    encoding="utf-8")
    return host, sync_api, lambda pw: pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


@pytest.mark.browser
def test_in_the_apps_frame_every_legend_note_is_visible_below_the_network(tmp_path):
    """The app shows the page in a frame of fixed height (the network's height and 70 px): the legend
    takes the room its notes need and the network the rest, at a narrow width too."""
    sub, centre = _hub_neighbourhood()
    sub.total_nodes = 58245
    sub.rule = "101 of 58,245 nodes within 2 hops: nearest first, then most connected"
    set_language("en")
    host, sync_api, launch = _framed_page(tmp_path, network_html(sub, highlight=[centre], height="560px"))
    with sync_api.sync_playwright() as pw:
        browser = launch(pw)
        try:
            for width in (1400, 520):
                view = browser.new_page(viewport={"width": width, "height": 900})
                view.goto(host.as_uri())
                frame = view.frame_locator("#f")
                note = frame.locator(".pn-note").last
                sync_api.expect(note).to_contain_text("relationships drawn", timeout=30_000)
                note_box, frame_box = note.bounding_box(), view.locator("#f").bounding_box()
                network_box = frame.locator("#pn-network").bounding_box()
                assert note_box["y"] + note_box["height"] <= frame_box["y"] + frame_box["height"] + 0.5, width
                assert network_box["height"] >= 400, (width, network_box)
                view.close()
        finally:
            browser.close()


def test_the_reports_network_drawing_is_thinned_the_same_way_and_says_so():
    from graph.export.drawing import network_svg

    sub, centre = _hub_neighbourhood()
    svg = network_svg(sub, highlight=[centre])
    assert svg.count("<path ") == MAX_DRAWN_EDGES
    assert "(1,500 of 3,260 relationships drawn)" in svg.split("</title>")[0]
    set_language("de")
    try:
        assert "Netzwerk der Auswahl (1.500 von 3.260 Beziehungen gezeichnet)" in network_svg(sub, highlight=[centre])
    finally:
        set_language("en")
    small, centre = _hub_neighbourhood(partners=10, rings=2)
    assert network_svg(small, highlight=[centre]).count("<path ") == len(small.edges)


@pytest.mark.browser
def test_in_a_narrow_frame_the_ends_of_a_path_keep_their_names(tmp_path):
    """Fitted into a narrow frame the picture shrinks (here to 0.4): the highlighted places' names are
    still drawn, where vis-network would leave every label below its draw threshold out."""
    ends = [_town("tamberhau"), _town("sankow"), _town("yaonsu", "UA")]
    sub = Subgraph({n.id: n for n in ends}, [Edge(PARTNER_OF, a.id, b.id, {"kind": "twin"})
                                             for a, b in zip(ends, ends[1:])], 3, "")
    page = network_html(sub, highlight=[ends[0].id, ends[2].id], height="560px")
    host, sync_api, launch = _framed_page(tmp_path, page)
    with sync_api.sync_playwright() as pw:
        browser = launch(pw)
        try:
            view = browser.new_page(viewport={"width": 600, "height": 800})
            view.goto(host.as_uri())
            sync_api.expect(view.frame_locator("#f").locator("body[data-network]")).to_have_count(1, timeout=30_000)
            frame = next(f for f in view.frames if f != view.main_frame)
            scale = frame.evaluate("partnernetNetwork.getScale()")
            shown = dict(frame.evaluate(
                "Object.values(partnernetNetwork.body.nodes).map(n => [n.id, n.labelModule.visible()])"))
        finally:
            browser.close()
    assert scale * 17 < 9  # the large names would be below vis-network's threshold of 10 px
    assert shown == {n.id: True for n in ends}


def test_the_report_says_under_its_network_drawing_what_was_left_out():
    from graph.export.common import ExportContext
    from graph.export.report import report_html

    sub, centre = _hub_neighbourhood()
    page = report_html(sub, ExportContext(highlight=[centre]))
    caption = page.split("a dark ring marks the selection.", 1)[1].split("</figcaption>", 1)[0]
    assert caption.strip() == "(1,500 of 3,260 relationships drawn)"

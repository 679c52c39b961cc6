"""What a person sees in the pictures, in a real browser on the real twin-city data.

One app is started for the module (the first start loads the real CSV). Maps are read as pixels:
land, sea and border colours must be there, and every place dot must stay a few pixels wide at world
and at regional zoom. Networks are read through the page's vis-network object: which names are
drawn large, where each node lies on the canvas; a click on a node must select it in the app.
Screenshots go to var/screenshots/ for people to look at.
"""

from __future__ import annotations

import re
import time
from collections import deque

import pytest

from test_browser import CHROMIUM, CHROMIUM_ARGS, FIRST_LOAD_TIMEOUT, _keep, serve_app

pytestmark = [pytest.mark.browser, pytest.mark.realdata]

LAND, SEA, BORDER, PLACE = (246, 244, 238), (205, 222, 237), (150, 150, 140), (0, 114, 178)


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    yield from serve_app(tmp_path_factory.mktemp("pictures"))


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _open(browser, url: str, path: str = ""):
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1400, "height": 1400})
    page.goto(url + path)
    expect(page.get_by_test_id("stSidebarNav")).to_be_visible(timeout=FIRST_LOAD_TIMEOUT * 1000)
    return page


def _near(pixel, colour, tolerance: int) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel[:3], colour))


def _map_pixels(page, name: str, tmp_path):
    """The visible map as a picture; what share of it is land, sea, border; the place dots' widths."""
    from PIL import Image
    from playwright.sync_api import expect

    deck = page.locator('[data-testid="stDeckGlJsonChart"]:visible').first
    expect(deck.locator("canvas").first).to_be_visible(timeout=90_000)
    time.sleep(4)  # deck.gl draws on the next frames
    png = tmp_path / name
    deck.screenshot(path=str(png))
    _keep(png)
    image = Image.open(png).convert("RGB")
    width, height = image.size
    pixels = image.load()
    share = {key: sum(_near(pixels[x, y], colour, tol) for x in range(0, width, 3) for y in range(0, height, 3))
             / len(range(0, width, 3)) / len(range(0, height, 3))
             for key, colour, tol in (("land", LAND, 4), ("sea", SEA, 4), ("border", BORDER, 14))}
    mask = {(x, y) for x in range(width) for y in range(height) if _near(pixels[x, y], PLACE, 12)}
    widths = []
    while mask:  # connected blobs of the place colour: each is a dot (or a few touching dots)
        start = mask.pop()
        queue, xs = deque([start]), [start[0]]
        while queue:
            x, y = queue.popleft()
            for nxt in ((x + 1, y), (x - 1, y), (x, y + 1), (x, y - 1)):
                if nxt in mask:
                    mask.discard(nxt)
                    queue.append(nxt)
                    xs.append(nxt[0])
        if len(xs) >= 6:
            widths.append(max(xs) - min(xs) + 1)
    return share, widths


def test_maps_have_borders_and_pixel_sized_places_at_world_and_regional_zoom(app_url, browser, tmp_path):
    from playwright.sync_api import expect

    page = _open(browser, app_url)
    expect(page.get_by_text("around Leipzig")).to_be_visible(timeout=60_000)
    page.get_by_role("slider", name="Depth (hops)").press("ArrowRight")  # partners of partners: the world
    expect(page.get_by_text(re.compile(r"within 2 hops")).first).to_be_visible(timeout=60_000)
    # while the page still runs, the view switch of the run before may be shown beside the new one
    switch = page.get_by_test_id("stRadio").get_by_text("Map", exact=True)
    expect(switch).to_have_count(1, timeout=60_000)
    switch.click()
    world, world_dots = _map_pixels(page, "map-world.png", tmp_path)

    page = _open(browser, app_url, "/regions")  # Sachsen -> Ukraine: a region
    page.get_by_test_id("stRadio").get_by_text("Map", exact=True).click()
    region, region_dots = _map_pixels(page, "map-region.png", tmp_path)

    assert world["sea"] > 0.2, world  # the world's oceans
    for share in (world, region):
        assert share["land"] > 0.05 and share["sea"] > 0.005, share  # countries drawn on a sea
        assert share["border"] > 0.002, share  # with their borders
    # place dots stay a few pixels wide: at world zoom and at regional zoom (no giant discs)
    assert len(world_dots) >= 20 and max(world_dots) <= 60, sorted(world_dots)[-5:]
    assert len(region_dots) >= 3 and max(region_dots) <= 32, sorted(region_dots)


def _nodes(frame) -> list[dict]:
    """Each node of the network page: its name, label size and where it is inside the visible frame."""
    return frame.evaluate("""() => {
        const net = window.partnernetNetwork, box = document.getElementById("pn-network");
        const ids = net.body.data.nodes.getIds();
        const where = net.getPositions(ids);
        return ids.map(id => {
            const node = net.body.data.nodes.get(id), p = net.canvasToDOM(where[id]);
            return {id: id, name: node.label, font: (node.font && node.font.size) || 0, x: p.x, y: p.y,
                    inside: p.x >= 0 && p.y >= 0 && p.x <= box.clientWidth && p.y <= box.clientHeight};
        });
    }""")


def _network_frame(page):
    from playwright.sync_api import expect

    frame_element = page.locator("iframe:visible").first
    expect(frame_element).to_be_visible(timeout=90_000)
    frame = frame_element.element_handle().content_frame()
    expect(frame.locator("body[data-network]")).to_have_count(1, timeout=90_000)
    time.sleep(2)
    return frame_element, frame


def test_network_names_and_a_click_selects_then_a_double_click_recentres(app_url, browser, tmp_path):
    from playwright.sync_api import expect

    page = _open(browser, app_url)
    expect(page.get_by_text("around Leipzig")).to_be_visible(timeout=60_000)
    _, frame = _network_frame(page)
    nodes = _nodes(frame)
    named = {n["name"] for n in nodes if n["font"] >= 17}
    assert {"Leipzig", "Kraków", "Kyiv", "Houston"} <= named  # the centre and its direct partners are named
    assert all(n["inside"] for n in nodes)
    png = tmp_path / "network-leipzig.png"
    page.screenshot(path=str(png))
    _keep(png)

    krakow = next(n for n in nodes if n["name"] == "Kraków")
    inner = frame.locator("#pn-network").bounding_box()  # in the page's coordinates
    x, y = inner["x"] + krakow["x"], inner["y"] + krakow["y"]
    page.mouse.click(x, y)
    expect(page.get_by_text("Selected: Kraków")).to_be_visible(timeout=30_000)
    expect(page.get_by_role("button", name="Centre the network on Kraków")).to_be_visible()

    page.mouse.dblclick(x, y)
    expect(page.get_by_text("around Kraków")).to_be_visible(timeout=60_000)


def test_paths_network_shows_every_node_of_the_path(app_url, browser, tmp_path):
    from playwright.sync_api import expect

    page = _open(browser, app_url, "/paths")  # Münster -> Kyiv
    expect(page.get_by_text(re.compile(r"shortest paths?\b")).first).to_be_visible(timeout=120_000)
    page.get_by_test_id("stRadio").get_by_text("Network", exact=True).click()
    _, frame = _network_frame(page)
    nodes = _nodes(frame)
    assert {"Münster", "Kyiv"} <= {n["name"] for n in nodes} and len(nodes) >= 4
    assert all(n["inside"] for n in nodes), [n["name"] for n in nodes if not n["inside"]]
    assert all(n["font"] >= 17 for n in nodes)  # a path is short: every name is drawn
    xs = {n["name"]: n["x"] for n in nodes}
    assert xs["Münster"] < min(xs.values()) + 1 and xs["Kyiv"] > max(xs.values()) - 1  # read left to right
    png = tmp_path / "paths-network.png"
    page.screenshot(path=str(png))
    _keep(png)


def test_insights_network_names_its_hubs(app_url, browser, tmp_path):
    from playwright.sync_api import expect

    page = _open(browser, app_url, "/insights")  # Germany - Poland
    page.get_by_test_id("stRadio").get_by_text("Network", exact=True).click()
    expect(page.get_by_text("municipalities and")).to_be_visible(timeout=120_000)
    _, frame = _network_frame(page)
    nodes = _nodes(frame)
    named = [n for n in nodes if n["font"] >= 17]
    assert 5 <= len(named) <= 40 and all(n["inside"] for n in nodes)
    expect(frame.locator(".pn-legend")).to_contain_text("small groups")  # what is left out is said
    png = tmp_path / "insights-network.png"
    page.screenshot(path=str(png))
    _keep(png)


def _label_boxes(frame) -> list[tuple[str, tuple[float, float, float, float]]]:
    """The boxes vis-network drew the large names in (canvas units), as it measured them."""
    rows = frame.evaluate("""() => {
        const net = window.partnernetNetwork, out = [];
        for (const id of net.body.data.nodes.getIds()) {
            const node = net.body.nodes[id], font = net.body.data.nodes.get(id).font;
            if (!font || font.size < 17) continue;
            const s = node.labelModule.size;
            out.push([node.options.label, s.left, s.top, s.left + s.width, s.top + s.height]);
        }
        return out;
    }""")
    return [(name, (left, top, right, bottom)) for name, left, top, right, bottom in rows]


def test_insights_network_names_do_not_run_into_each_other(app_url, browser):
    from playwright.sync_api import expect

    page = _open(browser, app_url, "/insights?insights.view=Network")  # Germany - Poland
    expect(page.get_by_text("municipalities and")).to_be_visible(timeout=120_000)
    _, frame = _network_frame(page)
    labels = _label_boxes(frame)
    assert len(labels) >= 8, labels
    clashes = [(a[0], b[0]) for i, a in enumerate(labels) for b in labels[i + 1:]
               if a[1][0] < b[1][2] and b[1][0] < a[1][2] and a[1][1] < b[1][3] and b[1][1] < a[1][3]]
    assert not clashes, clashes


@pytest.mark.parametrize("scale", [1, 1.25])
def test_country_pair_heatmap_keeps_readable_cells_and_every_name(app_url, browser, tmp_path, scale):
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1400, "height": 900}, device_scale_factor=scale)
    page.goto(app_url + "/insights?insights.view=Country+pairs&insights.top=40&lang=de")
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    expect(chart.locator("canvas").first).to_be_visible(timeout=120_000)
    time.sleep(2)
    size = page.evaluate("""() => {
        const chart = document.querySelector('[data-testid="stVegaLiteChart"]');
        const canvas = chart.querySelector('canvas').getBoundingClientRect();
        let box = chart;
        while (box && getComputedStyle(box).overflowX !== 'auto') box = box.parentElement;
        box.scrollIntoView({block: 'start'});
        document.querySelector('[data-testid="stMain"]').scrollBy(0, -120);
        return {width: canvas.width, height: canvas.height, shown: box.clientWidth, wide: box.scrollWidth,
                tall: box.scrollHeight, high: box.clientHeight};
    }""")
    # 40 countries: cells of 36 x 26 px with the names beside and above them, whatever the page's width
    assert size["width"] >= 40 * 36 + 180 and size["height"] >= 40 * 26 + 180, size
    assert size["wide"] > size["shown"]  # the page is narrower: the matrix scrolls sideways, not squeezed
    assert size["tall"] <= size["high"] + 1  # and shows every row without a second scroll bar
    png = tmp_path / f"heatmap-{scale:g}.png"
    page.screenshot(path=str(png))
    _keep(png)
    page.close()

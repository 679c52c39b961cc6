"""The German explorer speaks German everywhere: no English product text left on any view.

The views are rendered in German with a marked catalogue: every message the German catalogue
translates comes out with its words wrapped in ⟦…⟧ (the placeholders left outside, so that what
is put into a message — a name, a number, a sentence from elsewhere — is checked in its own right). Then every text a person can see is collected — markdown,
captions, headings, alerts, widget labels, options, help and placeholders, tab and expander labels,
metrics, table headers and cells, chart titles, the network picture's legend and tooltips — and
each must be made of marked pieces and data only.

What counts as data (the clear rule): names and ids of the store's records (places, organisations,
conferences, sources, themes and their other names), countries, Länder and regions by their German
names, numbers, dates, punctuation, web addresses, and the few proper names of file formats and
products listed in ``PROPER``. Anything else — an English word such as "held", "shares partner" or
"Thuringia" — is product text that bypassed the catalogue, and the test names it with its view.
"""

from __future__ import annotations

import functools
import json
import os
import re
from pathlib import Path

import pytest

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest  # noqa: E402

from graph import i18n  # noqa: E402
import graph.i18n.core as i18n_core  # noqa: E402

APP = str(Path(__file__).resolve().parents[1] / "app.py")
TIMEOUT = 180
ENV_KEYS = ("PARTNERNET_DATA_DIR", "PARTNERNET_STORE", "PARTNERNET_LOAD", "NEO4J_URI", "NEO4J_USERNAME",
            "NEO4J_PASSWORD", "NEO4J_DATABASE")
OPEN, CLOSE = "⟦", "⟧"
PLACEHOLDER = re.compile(r"(\{[^{}]*\})")
# Proper names shown as they are in every language (file formats, products, units, the language switch).
PROPER = ("Sprache · Language", "Deutsch", "English", "partnernet", "Neo4j", "GraphML", "GEXF", "Excel", "CSV",
          "JSON", "HTML", "PDF", "GeoNames", "README", "BENCHMARKS.md", "UTF-8", "km",
          "utf-8", "utf-8-sig", "cp1252", "cp850", "iso-8859-2", "mac_roman", "latin-1")  # and character encodings
# 16,972 or 100.0 %: a number written the English way
ENGLISH_NUMBER = re.compile(r"(?<![\w.,])[1-9]\d{0,2}(?:,\d{3})+(?![\d,])|\d\.\d+\s?%")
# protobuf fields that hold what a person reads (not keys, ids, values typed by the user, or code)
VISIBLE_FIELDS = {"body", "label", "help", "placeholder", "options", "caption", "text", "message", "title",
                  "formatted_value", "delta"}


class Marked:
    """The German catalogue, with every translated message wrapped in ⟦…⟧."""

    def __init__(self, real) -> None:
        self.real = real
        self.known = real._catalog

    def _mark(self, text: str) -> str:
        """Each literal piece marked, the placeholders left open: what is put into a message is checked too."""
        return "".join(part if PLACEHOLDER.fullmatch(part) or not part else f"{OPEN}{part}{CLOSE}"
                       for part in PLACEHOLDER.split(text))

    def gettext(self, message: str) -> str:
        return self._mark(self.real.gettext(message)) if message in self.known else message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        text = self.real.ngettext(singular, plural, n)
        return self._mark(text) if (singular, 0) in self.known else text

    def pgettext(self, context: str, message: str) -> str:
        text = self.real.pgettext(context, message)
        return self._mark(text) if f"{context}\x04{message}" in self.known else text


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("german-complete")


@pytest.fixture(autouse=True)
def marked_german(data_dir, monkeypatch):
    """German messages marked, a demo store of its own; caches cleared so nothing marked outlives the test."""
    import streamlit as st

    saved = {k: os.environ.pop(k, None) for k in ENV_KEYS}
    os.environ["PARTNERNET_DATA_DIR"] = str(data_dir)
    os.environ["PARTNERNET_LOAD"] = "none"
    real = i18n_core.translations
    marked = Marked(real("de"))
    monkeypatch.setattr(i18n_core, "translations", lambda lang: marked if lang == "de" else real(lang))
    st.cache_data.clear()
    yield
    st.cache_data.clear()
    for key, value in saved.items():
        os.environ.pop(key, None)
        if value is not None:
            os.environ[key] = value


# -- what is data ---------------------------------------------------------------------------------


@functools.lru_cache(maxsize=2)
def _data_names(data_dir: Path) -> re.Pattern:
    """Every name the rule counts as data in the store at ``data_dir``."""
    from graph.store import open_store

    return names_pattern(open_store("embedded", str(data_dir)))


def names_pattern(store) -> re.Pattern:
    """Every name the rule counts as data, as whole words, longest first ("Frankfurt am Main" before "Frankfurt")."""
    import pycountry
    from babel import Locale

    from graph.geo import regions as region_data
    from graph.i18n import country_name, region_label, subdivision_name
    from graph.model import CONFERENCE, MUNICIPALITY, ORGANISATION, SOURCE, THEME

    names: set[str] = set()
    for node in (n for label in (MUNICIPALITY, ORGANISATION, CONFERENCE, SOURCE, THEME) for n in store.nodes(label)):
        names.add(node.id)
        for key in ("name", "title", "aliases", "series", "venue", "place", "url", "publisher"):
            value = node.get(key)
            for item in (value if isinstance(value, (list, tuple)) else [value]):
                if isinstance(item, str) and item:
                    names.add(item)
    with i18n.using("de"):
        for code in {c.alpha_2 for c in pycountry.countries} | {c for c in Locale("de").territories if c.isalpha()}:
            names.add(country_name(code))
            names.add(code)
        for sub in pycountry.subdivisions:
            if sub.country_code in {"DE", "PL", "UA", "FR", "GB", "RU", "IT", "CZ", "US", "IL", "ET", "GH", "AT", "HU"}:
                names.add(subdivision_name(sub.code))
                names.add(sub.code)
        for region in region_data.regions().values():
            names.add(region_label(region.name, region.name_de))
    names.update(PROPER)
    ordered = sorted((n for n in names if n), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in ordered) + r")(?!\w)")


def _unmarked(text: str) -> str:
    """What is left of ``text`` outside the marked pieces."""
    previous = None
    while previous != text:
        previous = text
        text = re.sub(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}", " ", text)
    return text


def leftover(text: str, data: re.Pattern, typed: tuple[str, ...] = ()) -> str:
    """The words of ``text`` that are neither marked nor data; "" when the text is all German.

    ``typed``: what the address gave the view (parameter names and values), shown back as it was typed."""
    rest = _unmarked(text.replace("\\", "").replace("\u2060", ""))
    if not re.search(r"[^\W\d_]", rest):
        return ""
    rest = data.sub(" ", rest)
    rest = re.sub(r"https?://\S+|<[^>]+>|[\w.~-]*/[\w./~-]+", " ", rest)  # web addresses, markup, file paths
    for value in sorted((t for t in typed if t), key=len, reverse=True):
        rest = re.sub(rf"(?<!\w){re.escape(value)}(?!\w)", " ", rest)
    words = re.findall(r"[^\W\d_][\w'’.-]*", rest)
    return " ".join(w for w in words if len(w.strip(".-'’")) > 1)


# -- what a person sees -----------------------------------------------------------------------------


def _proto_texts(message, field_names=VISIBLE_FIELDS):
    for field, value in message.ListFields():
        if field.type == field.TYPE_MESSAGE:
            for item in ([value] if hasattr(value, "ListFields") else value):
                yield from _proto_texts(item, field_names)
        elif field.type == field.TYPE_STRING and field.name in field_names:
            yield from ([value] if isinstance(value, str) else value)
        elif field.type == field.TYPE_STRING and field.name in ("spec", "json") and value:
            yield from _json_texts(json.loads(value))  # a chart, a map, the network component


def _json_texts(spec):
    """A chart's titles, a map's tooltips, the network component's page."""
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key == "page" and isinstance(value, str):
                yield from _page_texts(value)
            elif key in ("title", "tooltip") and isinstance(value, str):
                yield value
            else:
                yield from _json_texts(value)
    elif isinstance(spec, list):
        for item in spec:
            yield from _json_texts(item)


def _frame_texts(frame):
    yield from (str(c) for c in frame.columns)
    for column in frame.columns:
        for value in frame[column].dropna().unique()[:200]:
            if isinstance(value, str):
                yield value


def _page_texts(srcdoc: str):
    """The network picture: its visible text, legend, and every node's and edge's tooltip."""
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", srcdoc, flags=re.S)
    for text in re.split(r"<[^>]+>", body):
        if text.strip():
            yield text.strip()
    for match in re.finditer(r'"title":"((?:[^"\\]|\\.)*)"', srcdoc):
        yield json.loads(f'"{match.group(1)}"')


def visible_texts(at: AppTest):
    """(where, text) for every text of the rendered app a person can read."""
    from streamlit.testing.v1.element_tree import Dataframe

    for node in at._tree:
        proto = getattr(node, "proto", None)
        if proto is None:
            continue
        kind = type(node).__name__
        if isinstance(node, Dataframe):
            yield from ((kind, t) for t in _frame_texts(node.value))
            continue
        if hasattr(proto, "WhichOneof") and proto.DESCRIPTOR.name == "Block":
            yield from ((kind, t) for t in _proto_texts(proto))
            continue
        if getattr(proto, "DESCRIPTOR", None) is not None and proto.DESCRIPTOR.name == "IFrame":
            yield from ((kind, t) for t in _page_texts(proto.srcdoc))
            continue
        for text in _proto_texts(proto):
            yield kind, text


def english_left(at: AppTest, data: re.Pattern, typed: dict[str, str]) -> list[str]:
    found = []
    for where, text in visible_texts(at):
        rest = leftover(str(text), data, tuple(typed) + tuple(typed.values()))
        if rest:
            found.append(f"{where}: {rest!r} in {str(text)[:160]!r}")
    return sorted(set(found))


def open_url(page: str | None = None, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["lang"] = "de"
    for key, value in params.items():
        at.query_params[key] = value
    if page:
        at.switch_page(page)
    at.run()
    return at


VIEWS = [
    ("app_pages/explore.py", {"explore.view": "Network"}),
    ("app_pages/explore.py", {"explore.view": "Map"}),
    ("app_pages/explore.py", {"explore.view": "Partners"}),
    ("app_pages/explore.py", {"explore.view": "Details"}),
    ("app_pages/explore.py", {"explore.view": "Nodes shown"}),
    ("app_pages/explore.py", {"countries": "PL,UA", "explore.view": "Partners"}),
    ("app_pages/explore.py", {"focus": "", "overview": "1"}),
    ("app_pages/explore.py", {"focus": "Deutscher Städtetag", "explore.view": "Partners"}),
    ("app_pages/explore.py", {"depth": "7"}),
    ("app_pages/regions.py", {"regions.view": "Existing partnerships"}),
    ("app_pages/regions.py", {"regions.view": "Matrix"}),
    ("app_pages/regions.py", {"regions.view": "Map"}),
    ("app_pages/regions.py", {"regions.view": "Network"}),
    ("app_pages/regions.py", {"from": "Gießen", "to": "Polen", "regions.view": "Suggestions"}),
    ("app_pages/regions.py", {"from": "Leipzig", "to": "Ukraine", "regions.view": "Suggestions", "no_home": "1"}),
    ("app_pages/regions.py", {"from": "Leipzig", "to": "Ghana", "regions.view": "Suggestions"}),
    ("app_pages/regions.py", {"from": "Sachsen", "to": "Ukraine", "regions.view": "Suggestions"}),
    ("app_pages/regions.py", {"from": "Atlantis", "to": "Ukraine"}),
    ("app_pages/regions.py", {"from": "Leipzig", "to": "Polen", "regions.view": "Suggestions", "pop_min": "100000000",
                              "kind": "climate", "in_land": "1"}),
    ("app_pages/insights.py", {"insights.view": "Coverage gaps", "insights.gap_from": "EU"}),
    ("app_pages/conferences.py", {"conf.view": "List and timeline"}),
    ("app_pages/conferences.py", {"conf.view": "One conference"}),
    ("app_pages/conferences.py", {"conf.view": "Attendees without a partner"}),
    ("app_pages/conferences.py", {"conf.add": "1"}),
    ("app_pages/paths.py", {}),
    ("app_pages/paths.py", {"path_a": "Leipzig", "path_b": "Kraków"}),
    ("app_pages/paths.py", {"paths.view": "Network"}),
    ("app_pages/paths.py", {"paths.view": "Map"}),
    ("app_pages/paths.py", {"path_a": "Leipzig", "path_b": ""}),
    *[("app_pages/insights.py", {"insights.view": view}) for view in
      ("Hubs", "Brokers", "Communities", "Network", "Country pairs", "Coverage gaps")],
    ("app_pages/about.py", {}),
]


@pytest.mark.parametrize("page, params", VIEWS, ids=[f"{p.split('/')[-1][:-3]}-{'-'.join(v.values()) or 'default'}"
                                                      for p, v in VIEWS])
def test_every_view_is_german(page, params, data_dir):
    at = open_url(page, **params)
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] and all(OPEN in t.value for t in at.title)
    found = english_left(at, _data_names(data_dir), params)
    assert not found, "English on the German page:\n" + "\n".join(found)
    numbers = sorted({m.group() for _, text in visible_texts(at) for m in ENGLISH_NUMBER.finditer(str(text))})
    assert not numbers, f"English-formatted numbers on the German page: {numbers}"


# A spreadsheet as a coordinator's office keeps it: German headers, a kind and a status the loader does
# not know, a year that is no year, a coordinate off the globe, an empty town, a lost letter, a note in a cell.
UPLOAD = ("Stadt;Land;Partnerstadt;Partnerland;Art;Seit;Status;lat1\n"
          "Leipzig;Deutschland;Kraków;Polen;P;1973;aktiv;51.3\n"
          "Leipzig;Deutschland;Brno;Tschechien;Schulpartnerschaft;bald;ruht;51.3\n"
          "Gießen;Deutschland;Winchester (seit 1963);Vereinigtes Königreich;F;1963;irgendwie;95\n"
          ";Deutschland;Lyon;Frankreich;P;1981;;\n"
          "Hildesheim;Atlantis;G?d?ll?;Ungarn;K;1990;;\n"
          "Münster;;Kiew;Ukraine;P;;;\n").encode("utf-8")


def test_your_data_is_german(data_dir):
    at = open_url("app_pages/about.py")
    at.switch_page("app_pages/your_data.py").run()
    at.file_uploader(key="yours:file").set_value(("unsere_partner.csv", UPLOAD, "text/csv")).run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.dataframe) >= 3  # columns, problems, partnerships at least
    typed = {"unsere_partner.csv", "Atlantis", "irgendwie", "Schulpartnerschaft", "bald", "G?d?ll?", "Gödöllő",
             *UPLOAD.decode().splitlines()[0].lower().split(";")}  # the file's own words, and the place it names
    found = english_left(at, _data_names(data_dir), dict.fromkeys(typed, ""))
    at.button(key="yours:load").click().run()  # and what loading it says
    assert at.success and at.code
    found += [f"Code: {leftover(line, _data_names.__wrapped__(data_dir), tuple(typed))!r} in {line!r}"
              for line in at.code[0].value.splitlines() if leftover(line, _data_names.__wrapped__(data_dir), tuple(typed))]
    found += english_left(at, _data_names.__wrapped__(data_dir), dict.fromkeys(typed, ""))
    assert not found, "English on the German page:\n" + "\n".join(found)


@pytest.fixture(scope="module")
def suggest_store():
    from test_suggest import EDGES, HUB_PARTNERS, NODES

    from graph.store.embedded import EmbeddedStore

    store = EmbeddedStore.memory()
    store.upsert(NODES + HUB_PARTNERS, EDGES)
    return store


def test_suggestion_reasons_and_messages_are_german(suggest_store):
    """The library speaks the language it is asked for: reasons, criteria, the fit and the empty-list messages."""
    from test_suggest import GIESSEN

    from graph.queries.regional import resolve_area
    from graph.queries.suggest import Filters, suggest
    from graph.queries.suggest_reasons import criterion_label

    data = names_pattern(suggest_store)
    with i18n.using("de"):
        ghana = resolve_area(suggest_store, "Ghana")
        result = suggest(suggest_store, GIESSEN, ghana)
        texts = [result.message, *map(criterion_label, result.criteria)]
        texts += [t for s in result.suggestions for t in (s.fit, *s.reasons)]
        for filters in (Filters(min_population=10_000, max_population=100_000, kind="solidarity"),
                        Filters(without_partner_in_origin_country=True), Filters(with_partner_in_origin_land=True)):
            texts.append(suggest(suggest_store, GIESSEN, ghana, filters=filters).message)
        texts.append(suggest(suggest_store, GIESSEN, resolve_area(suggest_store, "Kenya")).message)
    assert len(result.suggestions) > 3 and any("Partner" in t for t in texts)
    found = [f"{leftover(t, data)!r} in {t!r}" for t in texts if leftover(t, data)]
    assert not found, "\n".join(found)


def test_network_picture_is_german(demo_store):
    """Legend, notes, every node's and edge's tooltip of the network picture (app and HTML export)."""
    from graph.export.network_page import network_html

    leipzig = demo_store.nodes("Municipality", name="Leipzig")[0].id
    with i18n.using("de"):
        sub = demo_store.neighbourhood(leipzig, depth=2, max_nodes=40)  # every kind of node, a rule in words
        page = network_html(sub)
    texts = list(_page_texts(page))
    assert any("Kommune" in t for t in texts) and 'lang="de"' in page
    data = names_pattern(demo_store)
    found = [f"{leftover(t, data)!r} in {t!r}" for t in texts if leftover(t, data)]
    assert not found, "\n".join(found)


def test_spinners_speak_the_page_language():
    """A spinner text fixed when a module is imported cannot follow the page's language: every one goes
    through the catalogue when it is shown (``app_pages.answers.spinner``)."""
    root = Path(__file__).resolve().parents[1]
    fixed = [f"{path.relative_to(root)}:{n}" for path in [root / "app.py", *sorted((root / "app_pages").glob("*.py"))]
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
             if re.search(r"show_spinner\s*=\s*[\"']|st\.spinner\(\s*[\"']", line)]
    assert not fixed, fixed


def test_an_attendee_list_report_is_german(tmp_path):
    """What loading a conference's attendee list says: personal columns left out, places kept as written,
    rows that name nobody, organisations created — in German, around the names from the list."""
    from test_attendees import CONF, ROWS, excel

    from graph.store.embedded import EmbeddedStore
    from loaders.attendees import load_attendees
    from loaders.curated import load_curated

    store = EmbeddedStore.memory()
    load_curated(store)
    rows = [*ROWS, ("X", "Y", "", "Kleinstbeispielhausen", "Deutschland"), ("X", "Y", "", "", ""),
            ("X", "Y", "Verein Neuland e.V.", "", ""), ("X", "Y", "", "Leipzig", "Narnia")]
    with i18n.using("de"):
        report = load_attendees(store, excel(tmp_path / "liste.xlsx", rows=rows), CONF)
        texts = [report.summary(), *report.notes, *map(str, report.problems)]
    data = names_pattern(store)
    header = ("Name", "Funktion", "Organisation/Institution", "Kommune/Stadt", "Land")  # the list's own words
    typed = ("Kleinstbeispielhausen", "Verein Neuland e.V.", "Narnia", *header, *(h.lower() for h in header))
    found = [f"{leftover(line, data, typed)!r} in {line!r}" for t in texts for line in t.splitlines()
             if leftover(line, data, typed)]
    assert len(texts) > 3 and not found, "\n".join(found)


CONFERENCE_PAGE = ("Städtepartnerkonferenz 2020\n\nFr 04 Jun 20\n\n"
                   "Die Konferenz findet vom 13. bis zum 15. November 2023 in Leipzig statt.\n").encode("utf-8")


def test_a_conference_page_draft_is_german(data_dir):
    """Uploading a conference page: the draft's problems, its fields and their source sentences, and what
    loading it says — German around the page's own words."""
    script = data_dir.parent / "upload_section.py"  # the section alone: the page's radio cannot be set here
    script.write_text("from app_pages import common as c\nfrom app_pages import conference_upload\nfrom graph import i18n\n"
                      "i18n.set_language('de')\nconference_upload.render(c.store())\n", encoding="utf-8")
    at = AppTest.from_file(str(script), default_timeout=TIMEOUT)
    at.run()
    at.file_uploader(key="conf:page").set_value(("seite.txt", CONFERENCE_PAGE, "text/plain")).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.warning and "Donnerstag" in at.warning[0].value
    page_words = set(re.findall(r"[^\W\d_][\w.-]*", CONFERENCE_PAGE.decode()))
    # the editable values are in the curated files' format (status: planned, {name: Leipzig, country: DE})
    # the draft's key (the curated conference it matches) is data, and so is a weekday babel writes in German
    typed = {"seite.txt", "seite-txt", "planned", "name", "country", *page_words, "Donnerstag",
             "deutsch-ukrainische-partnerschaftskonferenz-6"}
    found = english_left(at, _data_names.__wrapped__(data_dir), dict.fromkeys(typed, ""))
    at.button(key="conf:load_page").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.success, [e.value for e in at.error]
    found += english_left(at, _data_names.__wrapped__(data_dir), dict.fromkeys(typed, ""))
    assert not found, "English on the German page:\n" + "\n".join(found)

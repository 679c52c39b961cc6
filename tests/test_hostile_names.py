"""Hostile names are shown, never interpreted: every app view and CLI command on a store holding them.

What Streamlit would interpret in a Markdown string: an unescaped link ``[x](…)``, a bare URL
(GitHub autolinks), an HTML tag or entity, a shortcode (``:smile:``, ``:material/home:``,
``:red[…]``; Streamlit expands these after the Markdown is parsed, so backslashes do not stop
them); in a terminal: any control character (ESC clears the screen or sets the title).
"""

from __future__ import annotations

import io
import os
import re
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest  # noqa: E402

import cli  # noqa: E402
from graph.model import Edge, Node  # noqa: E402
from graph.safe_text import markdown, terminal  # noqa: E402
from graph.store.embedded import EmbeddedStore  # noqa: E402
from graph.store.lock import writing  # noqa: E402

APP = str(Path(__file__).resolve().parents[1] / "app.py")
HOSTILE = {
    "de-link": "[Visit partner site](http://evil.example)",
    "de-entity": "&lt;img src=x onerror=alert(1)&gt;",
    "de-icon": ":material/home: Heimstadt",
    "de-emoji": "Lachen :smile: :red[Rot]",
    "de-html": "<b>Fett</b><script>x</script>",
    "de-escape": "Bildschirm\x1b[2J\x1b]0;pwned\x07 Dorf",
    "de-url": "www.evil.example",
}
ENV_KEYS = ("PARTNERNET_DATA_DIR", "PARTNERNET_STORE", "PARTNERNET_LOAD", "NEO4J_URI")

_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")  # a backslash before ASCII punctuation


# Fragments of the hostile names that, standing unescaped in Markdown, would be interpreted.
RAW_FRAGMENTS = ("](http", "&lt;img", "<b>", "<script", "http://evil", "www.evil", "\x1b", "\x07")
# Shortcodes are expanded after parsing, where backslash escapes are gone.
SHORTCODES = (":material/home:", ":smile:", ":red[")


def interpreted(source: str) -> list[str]:
    """The fragments of the hostile names that Streamlit's Markdown would interpret in ``source``."""
    found = [f for f in RAW_FRAGMENTS if re.search(r"(?<!\\)" + re.escape(f), source)]
    text = _ESCAPED.sub(r"\1", source)  # what the shortcode plugins see after parsing
    return found + [code for code in SHORTCODES if code in text]


@pytest.mark.parametrize("name", HOSTILE.values())
def test_markdown_and_terminal_escaping_leave_nothing_to_interpret(name):
    assert interpreted(markdown(name)) == []
    assert not re.search(r"[\x00-\x1f\x7f-\x9f]", terminal(name))
    assert _ESCAPED.sub(r"\1", markdown(name)).replace("\u2060", "") == terminal(name)


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory):
    from loaders.demo import load_demo

    path = tmp_path_factory.mktemp("hostile")
    store = EmbeddedStore(path)
    with writing(store):
        load_demo(store)
        nodes = [Node("Municipality", i, {"name": n, "country": "DE"}) for i, n in HOSTILE.items()]
        nodes.append(Node("Municipality", "pl-partner", {"name": "Partnerowo", "country": "PL"}))
        edges = [Edge("PARTNER_OF", i, "pl-partner", {"kind": "twin", "sources": ["test"]}) for i in HOSTILE]
        store.upsert(nodes, edges)
    return path


@pytest.fixture
def app_env(hostile_dir):
    saved = {k: os.environ.get(k) for k in ENV_KEYS}
    for key in ENV_KEYS:
        os.environ.pop(key, None)
    os.environ["PARTNERNET_DATA_DIR"] = str(hostile_dir)
    yield hostile_dir
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


def shown(at: AppTest) -> list[str]:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [w.value for w in at.warning]
    parts += [i.value for i in at.info] + [e.value for e in at.error] + [s.value for s in at.success]
    parts += [x.label for x in at.expander]
    return [str(p) for p in parts]


def assert_nothing_interpreted(at: AppTest, where: str) -> None:
    assert not at.exception, [e.value for e in at.exception]
    bad = {text: interpreted(text) for text in shown(at) if interpreted(text)}
    assert bad == {}, where


def test_every_view_shows_hostile_names_as_text(app_env):
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert_nothing_interpreted(at, "start")
    seen = 0
    for name in HOSTILE.values():
        at.text_input(key="focus:input").input(name).run()
        assert_nothing_interpreted(at, f"explore {name!r}")
        seen += any(markdown(name) in text for text in shown(at))
    assert seen >= 5  # the names are there, shown literally

    at.switch_page("app_pages/paths.py").run()
    names = list(HOSTILE.values())
    for a, b in zip(names, names[1:] + names[:1]):
        at.text_input(key="path_a:input").input(a).run()
        at.text_input(key="path_b:input").input(b).run()
        assert_nothing_interpreted(at, f"paths {a!r} {b!r}")
    at.slider(key="paths:depth").set_value(2).run()  # two steps apart via Partnerowo: a path is drawn
    assert_nothing_interpreted(at, "paths found")

    at.switch_page("app_pages/regions.py").run()
    for name in names:
        at.text_input(key="regions:origin").input(name).run()
        assert_nothing_interpreted(at, f"regions from {name!r}")
        at.text_input(key="regions:origin").input("Deutschland").run()
        at.text_input(key="regions:target").input(name).run()
        assert_nothing_interpreted(at, f"regions to {name!r}")
    at.text_input(key="regions:target").input("Polen").run()
    assert_nothing_interpreted(at, "regions DE PL")
    at.text_input(key="regions:origin").input(HOSTILE["de-link"]).run()
    for view in ("Existing partnerships", "Matrix", "Suggestions"):
        at.radio(key="regions:view").set_value(view).run()
        assert_nothing_interpreted(at, f"regions {view}")

    at.switch_page("app_pages/insights.py").run()
    for view in ("Hubs", "Brokers", "Communities", "Country pairs", "Coverage gaps"):
        at.radio(key="insights:view").set_value(view).run()
        assert_nothing_interpreted(at, f"insights {view}")
    for name in names:
        at.text_input(key="insights:gap_t").input(name).run()
        assert_nothing_interpreted(at, f"insights gaps {name!r}")

    at.switch_page("app_pages/conferences.py").run()
    assert_nothing_interpreted(at, "conferences")
    at.switch_page("app_pages/about.py").run()
    assert_nothing_interpreted(at, "about")


def _cli(*args: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = cli.main(list(args))
    return code, out.getvalue() + err.getvalue()


def test_cli_prints_no_control_character(hostile_dir):
    data = ["--data-dir", str(hostile_dir)]
    outputs = []
    for node_id, name in HOSTILE.items():
        outputs.append(_cli(*data, "partners", name))
        outputs.append(_cli(*data, "search", name))
        outputs.append(_cli(*data, "path", name, "Leipzig"))
        outputs.append(_cli(*data, "region", name, "PL"))
        outputs.append(_cli(*data, "suggest", name, "PL"))
    outputs.append(_cli(*data, "region", "DE", "PL"))
    outputs.append(_cli(*data, "insights", "DE", "PL"))
    outputs.append(_cli(*data, "quality", "--all"))
    text = "\n".join(out for _, out in outputs)
    assert "Bildschirm␛[2J␛]0;pwned␇ Dorf (DE): 1 partnership" in text
    assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]", text)

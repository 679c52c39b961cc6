"""Names in a network picture that do not run into each other.

vis-network draws a dot's name centred under it and never moves it aside; in a crowded picture
(Insights Germany–Poland: dozens of small groups side by side) long names of neighbouring groups
overlap. The large names are therefore checked in order of importance, and one that would run into
a more important one is drawn small instead: it appears as the reader zooms in, and every name is in
the tooltip.
"""

from __future__ import annotations

from typing import Iterable

LETTER = 0.55  # a letter's width in the network's sans-serif font, as a share of the font size


def label_box(node: dict) -> tuple[float, float, float, float]:
    """The (left, top, right, bottom) box of a node's name in canvas units: vis-network draws the
    name of a dot centred under it.

    Parameters
    ----------
    node : dict
        A vis-network node dict with ``x`` and ``y`` (canvas units) and optionally ``size`` (the dot's
        radius, default 10), ``label`` and ``font`` (``{"size": …}``, default 14).

    Returns
    -------
    (float, float, float, float)
        (left, top, right, bottom) in canvas units: a letter is ``LETTER`` (0.55) × the font size
        wide, a line 1.25 × the font size high, starting 2 units under the dot.

    Example
    -------
    >>> label_box({"x": 0, "y": 0, "size": 10, "label": "Opole", "font": {"size": 10}})
    (-13.75, 12.0, 13.75, 24.5)
    """
    font = float((node.get("font") or {}).get("size", 14))
    width = LETTER * font * len(str(node.get("label", "")))
    top = node["y"] + float(node.get("size", 10)) + 2
    return (node["x"] - width / 2, top, node["x"] + width / 2, top + font * 1.25)


def legible(nodes: list[dict], focus: Iterable[str], degree: dict[str, int]) -> set[str]:
    """Of the nodes with large names, those whose names overlap no more important large name (the
    focus first, then by relationships); the focus keeps its name whatever it covers.

    Parameters
    ----------
    nodes : list of dict
        vis-network node dicts with ``id``, positions and fonts (see :func:`label_box`).
    focus : iterable of str
        Highlighted ids, checked first and always kept.
    degree : dict of str to int
        Relationships per node id; more comes first, ties broken by the label.

    Returns
    -------
    set of str
        The ids whose large names are kept; the others are to be drawn small.

    Example
    -------
    >>> a = {"id": "a", "x": 0, "y": 0, "size": 10, "label": "Wielkopolska", "font": {"size": 17}}
    >>> b = {**a, "id": "b", "x": 40}
    >>> c = {**a, "id": "c", "x": 400}
    >>> sorted(legible([a, b, c], [], {"a": 3, "b": 1, "c": 1}))
    ['a', 'c']
    """
    focus = set(focus)
    order = sorted(nodes, key=lambda n: (n["id"] not in focus, -degree.get(n["id"], 0), str(n.get("label"))))
    kept: set[str] = set()
    boxes: list[tuple[float, float, float, float]] = []
    for node in order:
        box = label_box(node)
        if node["id"] in focus or not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3]
                                          for b in boxes):
            kept.add(node["id"])
            boxes.append(box)
    return kept

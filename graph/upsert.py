"""The rules every store applies when it writes records: how the properties of a node or edge written
again merge with the stored ones, and which labels each relationship type may join."""

from __future__ import annotations

from typing import Any, Mapping

from graph.errors import ValidationError
from graph.model import LIST_MERGE_PROPERTIES, PARTNER_OF, REL_ENDPOINTS, Edge


def merge_props(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict:
    """Upsert rule shared by every store: new values win, list properties are united.

    Parameters
    ----------
    old : mapping of str to value
        The properties stored so far.
    new : mapping of str to value
        The properties being written.

    Returns
    -------
    dict
        A new dict: ``old`` updated with ``new``, except ``LIST_MERGE_PROPERTIES`` (aliases, sources,
        languages, spellings) present in both, which become the sorted union of both lists.
    """
    out = dict(old)
    for key, value in new.items():
        if key in LIST_MERGE_PROPERTIES and key in out:
            out[key] = sorted(set(out[key]) | set(value))
        else:
            out[key] = value
    return out


def check_endpoints(edge: Edge, source_label: str, target_label: str) -> None:
    """Raise if an edge joins labels the model does not allow (checked once both ends are known).

    Parameters
    ----------
    edge : Edge
        The relationship to write.
    source_label, target_label : str
        Node labels of its two ends; ``PARTNER_OF`` is checked in either direction, every other type
        against ``REL_ENDPOINTS`` as given.

    Raises
    ------
    ValidationError
        The pair of labels is not among those of ``REL_ENDPOINTS[edge.type]``.
    """
    if edge.type == PARTNER_OF:
        pairs = {(source_label, target_label), (target_label, source_label)}
    else:
        pairs = {(source_label, target_label)}
    if not pairs & REL_ENDPOINTS[edge.type]:
        raise ValidationError(
            f"{edge.type} cannot join {source_label} {edge.source!r} to {target_label} {edge.target!r}"
        )

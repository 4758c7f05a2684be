"""The import pages name the importers' counts in the page's language, not by their keys."""

from __future__ import annotations

from django.utils import translation

from ecc_atlas.web.registry.views_imports import _summary


def test_counts_have_translated_labels() -> None:
    data = {"counts": {"rows": 2, "organisations_created": 1, "some_new_count": 3, "zero": 0}}
    with translation.override("sv"):
        summary = _summary(data)
    assert summary is not None
    assert summary["counts"] == [
        ("lästa rader", 2),
        ("nya organisationer", 1),
        ("some new count", 3),  # an unknown key is still readable
    ]
    with translation.override("en"):
        summary = _summary(data)
    assert summary is not None
    assert summary["counts"][1] == ("organisations created", 1)

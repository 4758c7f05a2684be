"""Charts outside the browser: fixed print width and vector SVG without any fetch."""

from __future__ import annotations

import pytest

from ecc_atlas.charts import bar_chart, for_print, to_svg


def _bars() -> dict[str, object]:
    return bar_chart(
        [{"name": "A", "v": 3}, {"name": "B", "v": None}],
        category="name",
        value="v",
        title="T",
        value_title="V",
        lang="sv",
    )


def test_for_print_fixes_the_width_without_touching_the_original() -> None:
    spec = _bars()
    printed = for_print(spec, width=500)
    assert printed["width"] == 500
    assert spec["width"] == "container"


def test_to_svg_is_vector_with_text_and_the_suppressed_word() -> None:
    svg = to_svg(_bars(), width=480)
    assert svg.startswith("<svg")
    assert "<text" in svg
    assert "sekretess" in svg  # the withheld bar is written, not drawn as zero


def test_to_svg_never_fetches_a_url() -> None:
    spec = _bars()
    spec["data"] = {"url": "https://example.org/data.json"}
    with pytest.raises(ValueError, match=r"(?i)(not allowed|denied|url|permission)"):
        to_svg(spec)

"""The single disclosure door: every public table passes it, and tables showing the same
figures withhold the same cells."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from django.test import Client

from ecc_atlas.config import Settings
from ecc_atlas.web.dashboard import data, disclosure_seam
from ecc_atlas.web.dashboard.tables import TABLES, Filters, published
from ecc_atlas.web.dashboard.tables import base as tables_base


def _cells() -> pa.Table:
    return pa.table(
        {
            "kommun": ["A", "B", "C", "D"],
            "employees": [500, 2, 300, 400],
            "organisations": [10, 1, 8, 9],
            "share": [0.41, 0.002, 0.25, 0.33],
            "top2_share": [0.3, 1.0, 0.4, 0.5],
        }
    )


def test_publish_protects_nulls_derived_columns_and_drops_internal_ones() -> None:
    out = disclosure_seam.publish(
        _cells(),
        dimensions=["kommun"],
        values=["employees"],
        persons="employees",
        organisations="organisations",
        top2_share="top2_share",
        derived=["share"],
        internal=["top2_share"],
    )
    assert out.column_names == [
        "kommun", "employees", "organisations", "share", "suppressed", "suppression_reason",
    ]  # fmt: skip
    rows = {row["kommun"]: row for row in out.to_pylist()}
    assert rows["B"]["suppressed"]
    assert rows["B"]["suppression_reason"] == "frequency"
    assert rows["B"]["employees"] is None
    assert rows["B"]["share"] is None
    withheld = [row for row in rows.values() if row["suppressed"]]
    assert len(withheld) >= 2  # a lone suppressed cell could be recomputed from the total
    assert all(row["share"] is None for row in withheld)
    assert all(row["share"] is not None for row in rows.values() if not row["suppressed"])


def test_publish_marks_directories_as_published() -> None:
    out = disclosure_seam.publish(pa.table({"name": ["x", "y"]}), dimensions=[], values=[])
    assert out.column("suppressed").to_pylist() == [False, False]
    assert out.column("suppression_reason").to_pylist() == [None, None]


def test_publish_keeps_the_protection_of_a_slice() -> None:
    slice_ = pa.table(
        {
            "k": ["a", "b"],
            "v": [None, 7],
            "ratio": [0.5, 0.7],
            "suppressed": [True, False],
            "suppression_reason": ["secondary", None],
        }
    )
    out = disclosure_seam.publish(slice_, dimensions=["k"], values=["v"], derived=["ratio"])
    assert out.column("suppression_reason").to_pylist() == ["secondary", None]
    assert out.column("ratio").to_pylist() == [None, 0.7]
    with pytest.raises(ValueError, match="suppression_reason"):
        disclosure_seam.publish(slice_.drop_columns(["suppression_reason"]),
                                dimensions=["k"], values=["v"])  # fmt: skip


def test_the_seam_calls_the_trust_module_not_a_pass_through() -> None:
    from ecc_atlas import disclosure

    assert disclosure_seam.protect is disclosure.protect
    source = disclosure_seam.__file__
    assert source is not None
    assert "except ImportError" not in Path(source).read_text(encoding="utf-8")


@pytest.mark.django_db
def test_every_public_table_passes_the_seam(
    client: Client, demo: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []
    real = tables_base.publish

    def spy(table: pa.Table, **spec: Any) -> pa.Table:
        seen.append(",".join(table.column_names))
        return real(table, **spec)

    monkeypatch.setattr(tables_base, "publish", spy)
    data.clear_cache()  # every table is then built (and published) exactly once
    for name, definition in TABLES.items():
        result = published(name)
        assert result.column_names[-2:] == ["suppressed", "suppression_reason"]
        for row in result.rows():
            if row["suppressed"]:
                for column in definition.disclosure.values:
                    if column in row:
                        assert row[column] is None, (name, column)
    assert len(seen) >= len(TABLES), "a table bypassed the disclosure seam"
    data.clear_cache()


def _withheld(name: str, key: str, filters: Filters | None = None) -> set[Any]:
    return {r[key] for r in published(name, filters).rows() if r["suppressed"]}


@pytest.mark.django_db
def test_tables_of_the_same_figures_withhold_the_same_cells(client: Client, demo: Settings) -> None:
    year = data.resolve_year(None)
    trend = published("segment-trend").rows()
    size = published("segment-size", Filters(year=year)).rows()
    by_segment = {r["segment"]: r for r in trend if r["year"] == year}
    for row in size:
        other = by_segment[row["segment"]]
        assert row["suppressed"] == other["suppressed"], row["segment"]
        assert row["employees"] == other["employees"]
    occupations = _withheld("occupations", "ssyk", Filters(year=year))
    assert occupations, "the demo has small occupations"
    assert occupations <= _withheld("recruitment-occupations", "ssyk")
    assert occupations <= _withheld("shortages", "ssyk")
    hidden = {(r["year"], r["segment"]) for r in trend if r["suppressed"]}
    for row in published("shift-share").rows():
        if (row["start_year"], row["segment"]) in hidden or (
            row["end_year"],
            row["segment"],
        ) in hidden:
            assert row["suppressed"]
            assert row["change"] is None


@pytest.mark.django_db
def test_growth_rates_never_reveal_withheld_cells(client: Client, demo: Settings) -> None:
    year = data.resolve_year(None)
    trend = {(r["year"], r["segment"]): r for r in published("segment-trend").rows()}
    for row in published("segment-size", Filters(year=year)).rows():
        start = trend[(row["start_year"], row["segment"])]
        if start["suppressed"]:
            assert row["growth_since_start"] is None, row["segment"]

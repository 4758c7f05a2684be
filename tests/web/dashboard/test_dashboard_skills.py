"""The skills page: tables computed from the demo's job ads, their protection, the page."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from ecc_atlas.config import Settings
from ecc_atlas.disclosure import DisclosurePolicy, protect
from ecc_atlas.services import skills
from ecc_atlas.web.dashboard import data
from ecc_atlas.web.dashboard.tables import Filters, get_table

pytestmark = pytest.mark.django_db


def _rows(client: Client, name: str, query: str = "") -> list[dict[str, Any]]:
    response = client.get(f"/api/tables/{name}?lang=en&limit=1000{query}")
    assert response.status_code == 200, response.content[:300]
    rows: list[dict[str, Any]] = response.json()["rows"]
    return rows


def test_top_skills_are_the_service_figures_with_labels(client: Client, demo: Settings) -> None:
    rows = _rows(client, "skills-top")
    expected = data.memo("test-top", (), lambda ctx: skills.top_skills(ctx, limit=20)).to_pylist()
    assert [r["skill_id"] for r in rows] == [r["skill_id"] for r in expected]
    assert len(rows) == 20
    for row, want in zip(rows, expected, strict=True):
        assert row["share"] == pytest.approx(row["ads"] / row["ads_total"])
        assert row["share"] == pytest.approx(want["share"])
        assert row["skill"] == want["label_en"]
        assert row["suppressed"] is False
        if row["share_previous"] is not None:  # percentage points
            assert row["change_points"] == pytest.approx(
                (row["share"] - row["share_previous"]) * 100
            )
    shares = [r["share"] for r in rows]
    assert shares == sorted(shares, reverse=True)
    swedish = client.get("/api/tables/skills-top?lang=sv&limit=1").json()["rows"][0]
    assert swedish["skill"] == expected[0]["label_sv"]
    assert swedish["skill_group"] == expected[0]["group_sv"]


def test_the_year_filter_chooses_the_year_and_an_adless_year_is_unavailable(
    client: Client, demo: Settings
) -> None:
    rows = _rows(client, "skills-top", "&year=2021")
    assert {r["year"] for r in rows} == {2021}
    before = client.get("/api/tables/skills-top?year=2016")
    assert before.status_code in {404, 409, 422, 503}
    page = client.get("/en/skills/?year=2016")
    assert page.status_code == 200


def test_trend_follows_the_latest_top_skills(client: Client, demo: Settings) -> None:
    top = _rows(client, "skills-top")
    trend = _rows(client, "skills-trend")
    assert {r["skill_id"] for r in trend} == {r["skill_id"] for r in top[:8]}
    years = sorted({r["year"] for r in trend})
    assert years == list(range(years[0], years[-1] + 1))
    assert len(years) >= 5
    for row in trend:
        assert row["share"] == pytest.approx(row["ads"] / row["ads_total"])


def test_emerging_skills_meet_the_rule(client: Client, demo: Settings) -> None:
    rows = _rows(client, "skills-emerging")
    emerging = [r for r in rows if r["emerging"]]
    assert emerging, "the demo's ads were written with rising battery and hydrogen skills"
    assert {r["group_id"] for r in emerging} <= {r["group_id"] for r in rows}
    for row in emerging:
        assert row["recent_ads"] >= 10
        assert row["recent_share"] > row["baseline_share"]
    assert rows[: len(emerging)] == emerging  # emerging first


def test_occupation_grid_and_pairs(client: Client, demo: Settings) -> None:
    grid = _rows(client, "skills-occupations")
    occupations = {r["ssyk"] for r in grid}
    chosen = {r["skill_id"] for r in grid}
    assert 1 < len(occupations) <= 10
    assert 1 < len(chosen) <= 12
    assert len(grid) == len(occupations) * len(chosen)  # every cell, zeros included
    assert all(r["occupation"] and r["occupation"] != r["ssyk"] for r in grid)
    pairs = _rows(client, "skills-pairs")
    assert pairs
    assert all(r["ads_both"] >= 10 and r["skill_a"] < r["skill_b"] for r in pairs)
    lifts = [r["lift"] for r in pairs]
    assert lifts == sorted(lifts, reverse=True)


def test_cells_of_few_ads_are_withheld(demo: Settings) -> None:
    definition = get_table("skills-occupations")
    table = data.memo("test-grid", (), lambda ctx: definition.build(ctx, Filters(), "19"))
    totals = sorted(set(table["ads_total"].to_pylist()))
    threshold = totals[len(totals) // 2]  # half the occupations fall below it
    rules = definition.disclosure
    protected = protect(
        table,
        dimensions=list(rules.dimensions),
        values=list(rules.values),
        persons=rules.persons,
        policy=DisclosurePolicy(min_persons=threshold),
    )
    for row in protected.to_pylist():
        small = row["ads_total"] is None
        assert row["suppressed"] is small
        if small:
            assert row["ads"] is None
            assert row["suppression_reason"] == "frequency"
    assert any(row["suppressed"] for row in protected.to_pylist())
    assert not all(row["suppressed"] for row in protected.to_pylist())


def test_skills_page_in_both_languages(client: Client, demo: Settings) -> None:
    english = client.get("/en/skills/")
    assert english.status_code == 200
    text = english.content.decode()
    for heading in ("Skills in demand", "The most asked-for skills", "Emerging skills",
                    "Skills by occupation", "Skills asked together"[:12]):  # fmt: skip
        assert heading in text
    swedish = client.get("/skills/").content.decode()
    assert "Efterfrågad kompetens" in swedish or "Kompetenser" in swedish
    assert "/api/charts/skills-top" in text


class _Rows:
    """Stands in for a published table: only ``rows()`` is read by the summaries."""

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self._rows = rows

    def rows(self) -> list[dict[str, Any]]:
        return self._rows


def test_trend_summary_compares_only_shares_shown_in_both_years() -> None:
    from django.utils import translation

    from ecc_atlas.web.dashboard.visuals import skills as visuals

    def row(skill: str, year: int, share: float | None) -> dict[str, Any]:
        return {"skill_id": skill, "skill": skill.upper(), "year": year, "share": share}

    rows = [
        row("a", 2020, None),  # withheld (few ads): not a rise from 0
        row("a", 2024, 0.30),
        row("b", 2020, 0.10),
        row("b", 2024, 0.15),
        row("c", 2020, 0.20),
        row("c", 2024, 0.05),  # fell by 15 points: the largest change
    ]
    with translation.override("en"):
        text = visuals._trend_summary(_Rows(rows), "en", None)  # type: ignore[arg-type]
    assert "C changed most (-15.0 points)" in text or "C changed most (−15.0 points)" in text
    assert "A changed most" not in text
    # without any skill shown in both years there is no change to report
    with translation.override("en"):
        alone = visuals._trend_summary(_Rows(rows[:2]), "en", None)  # type: ignore[arg-type]
    assert "changed most" not in alone

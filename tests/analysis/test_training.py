"""Training-effort figures against values computed by hand."""

from __future__ import annotations

from datetime import date

import pyarrow as pa
import pytest

from ecc_atlas.analysis import training


def _row(effort_id, org, ssyk, women, men, hours, completed, *, start, end=None, effort=None):
    return {
        "effort_id": effort_id,
        "effort": effort or f"Effort {effort_id}",
        "project": "Programme P",
        "provider": "College",
        "starts_on": start,
        "ends_on": end,
        "org_number": org,
        "organisation": f"Company {org}",
        "ssyk": ssyk,
        "participants_women": women,
        "participants_men": men,
        "hours": hours,
        "completed": completed,
    }


ROWS = [
    # effort 1 (Jan–Mar 2024): company A, two occupations; company B
    _row(1, "A", "7411", 1, 4, 200, 5, start=date(2024, 1, 10), end=date(2024, 3, 1)),
    _row(1, "A", "3113", 2, 0, 80, 1, start=date(2024, 1, 10), end=date(2024, 3, 1)),
    _row(1, "B", "7411", 0, 3, 120, 2, start=date(2024, 1, 10), end=date(2024, 3, 1)),
    # effort 2 (autumn 2024, no end): company B again, company C
    _row(2, "B", "", 3, 1, 64, 4, start=date(2024, 9, 1)),
    _row(2, "C", "3113", 0, 0, 0, 0, start=date(2024, 9, 1)),
    # effort 3 (2022)
    _row(3, "D", "2143", 5, 5, 1000, 6, start=date(2022, 2, 1), end=date(2022, 12, 31)),
]


def test_figures_by_hand() -> None:
    figures = training.training_figures(ROWS)
    # women 1+2+0+3+0+5 = 11, men 4+0+3+1+0+5 = 13
    assert figures.women == 11
    assert figures.men == 13
    assert figures.participants == 24
    assert figures.hours == 200 + 80 + 120 + 64 + 0 + 1000
    assert figures.completed == 5 + 1 + 2 + 4 + 0 + 6
    assert figures.efforts == 3
    assert figures.companies == 4
    assert figures.completion_rate == pytest.approx(18 / 24)
    assert figures.hours_per_participant == pytest.approx(1464 / 24)


def test_arrow_input_gives_the_same_figures() -> None:
    table = pa.Table.from_pylist(ROWS)
    assert training.training_figures(table) == training.training_figures(ROWS)


def test_empty_rows() -> None:
    figures = training.training_figures([])
    assert (figures.efforts, figures.participants, figures.hours) == (0, 0, 0)
    assert figures.completion_rate is None


def test_period_overlap() -> None:
    rows_2024 = training.in_period(ROWS, date(2024, 1, 1), date(2024, 12, 31))
    assert {r["effort_id"] for r in rows_2024} == {1, 2}
    # an open-ended effort overlaps a later period; effort 1 ended in March
    later = training.in_period(ROWS, date(2025, 1, 1), date(2025, 6, 30))
    assert {r["effort_id"] for r in later} == {2}
    assert {r["effort_id"] for r in training.in_period(ROWS, None, date(2023, 1, 1))} == {3}
    with pytest.raises(ValueError, match="before it starts"):
        training.in_period(ROWS, date(2024, 2, 1), date(2024, 1, 1))


def test_by_occupation() -> None:
    rows = {r.ssyk: r for r in training.by_occupation(ROWS)}
    assert rows["7411"].participants == 1 + 4 + 0 + 3
    assert rows["7411"].hours == 320
    assert rows["3113"].women == 2
    assert rows[""].participants == 4
    order = [r.ssyk for r in training.by_occupation(ROWS)]
    assert order == ["2143", "7411", "", "3113"]  # 10, 8, 4 (no code last among equals), 2


def test_effort_company_rows_sum_occupations() -> None:
    lines = training.effort_company_rows(ROWS)
    assert [(r.effort_id, r.org_number) for r in lines] == [
        (3, "D"),
        (1, "A"),
        (1, "B"),
        (2, "B"),
        (2, "C"),
    ]
    a = lines[1]
    assert (a.women, a.men, a.hours, a.completed) == (3, 4, 280, 6)
    assert a.occupations == ("3113", "7411")
    assert sum(r.participants for r in lines) == training.training_figures(ROWS).participants


def test_invalid_rows_are_refused() -> None:
    bad = dict(ROWS[0], completed=99)
    with pytest.raises(ValueError, match="more completions"):
        training.training_figures([bad])
    with pytest.raises(ValueError, match="negative"):
        training.training_figures([dict(ROWS[0], hours=-1)])
    with pytest.raises(ValueError, match="lack the column"):
        training.training_figures([{"effort_id": 1}])

"""Survey models: constraints and validators of rounds, responses and answers."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ecc_atlas.web.survey.models import SurveyAnswer, SurveyResponse, SurveyRound

pytestmark = pytest.mark.django_db


def _answer(response: SurveyResponse, **changes: Any) -> SurveyAnswer:
    values: dict[str, Any] = {
        "response": response,
        "ssyk": "2143",
        "horizon_years": 5,
        "planned_recruitments": 4,
        "expected_retirements": 1,
        "difficulty": 3,
    }
    values.update(changes)
    return SurveyAnswer(**values)


def test_one_response_per_round_and_organisation(open_round: Any, org_a: Any) -> None:
    SurveyResponse.objects.create(round=open_round, organisation=org_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        SurveyResponse.objects.create(round=open_round, organisation=org_a)


def test_one_answer_per_occupation_and_horizon(open_round: Any, org_a: Any) -> None:
    response = SurveyResponse.objects.create(round=open_round, organisation=org_a)
    _answer(response).save()
    _answer(response, horizon_years=1).save()
    with pytest.raises(IntegrityError), transaction.atomic():
        _answer(response).save()
    assert response.answers.count() == 2


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ssyk": "9999"}, "ssyk"),
        ({"ssyk": "21"}, "ssyk"),
        ({"horizon_years": 2}, "horizon_years"),
        ({"difficulty": 0}, "difficulty"),
        ({"difficulty": 6}, "difficulty"),
        ({"planned_recruitments": -1}, "planned_recruitments"),
        ({"skills": ["no_such_skill"]}, "skills"),
        ({"skills": "relay_protection"}, "skills"),
        ({"skills": ["relay_protection", "relay_protection"]}, "skills"),
    ],
)
def test_answer_validation(
    open_round: Any, org_a: Any, changes: dict[str, Any], field: str
) -> None:
    response = SurveyResponse.objects.create(round=open_round, organisation=org_a)
    with pytest.raises(ValidationError) as info:
        _answer(response, **changes).full_clean()
    assert field in info.value.message_dict


def test_valid_answer_with_skills(open_round: Any, org_a: Any) -> None:
    response = SurveyResponse.objects.create(round=open_round, organisation=org_a)
    answer = _answer(response, skills=["relay_protection", "substations"], hard_to_find="Reläskydd")
    answer.full_clean()
    answer.save()
    assert SurveyAnswer.objects.get(pk=answer.pk).skills == ["relay_protection", "substations"]


def test_difficulty_and_horizon_are_checked_by_the_database(open_round: Any, org_a: Any) -> None:
    response = SurveyResponse.objects.create(round=open_round, organisation=org_a)
    for changes in ({"difficulty": 9}, {"horizon_years": 4}):
        with pytest.raises(IntegrityError), transaction.atomic():
            _answer(response, **changes).save()


def test_round_year_unique_and_dates_ordered(open_round: Any) -> None:
    import datetime as dt

    with pytest.raises(IntegrityError), transaction.atomic():
        SurveyRound.objects.create(year=open_round.year)
    bad = SurveyRound(year=2092, opens_on=dt.date(2092, 5, 1), closes_on=dt.date(2092, 4, 1))
    with pytest.raises(ValidationError) as info:
        bad.full_clean()
    assert "closes_on" in info.value.message_dict
    assert open_round.is_open
    assert str(open_round).startswith("2091")

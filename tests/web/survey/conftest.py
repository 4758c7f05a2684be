"""Fixtures of the survey tests: two companies, a member of each, an analyst, an open round."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from ecc_atlas.identifiers import luhn_check_digit

PASSWORD = "correct-horse-battery-staple-42"


def org_number(stem: str) -> str:
    """A valid organisation number from nine digits."""
    return stem + str(luhn_check_digit(stem))


@pytest.fixture
def make_user(db: None) -> Any:
    from django.contrib.auth import get_user_model

    from ecc_atlas.web.accounts.models import Membership
    from ecc_atlas.web.accounts.roles import set_role

    def make(username: str, role: str = "member", orgs: tuple[Any, ...] = ()) -> Any:
        user = get_user_model().objects.create_user(username=username, password=PASSWORD)
        set_role(user, role)
        for org in orgs:
            Membership.objects.create(user=user, organisation=org)
        return user

    return make


@pytest.fixture
def org_a(db: None) -> Any:
    from ecc_atlas.web.registry.models import Organisation

    return Organisation.objects.create(org_number=org_number("559871001"), name="Survey Alfa AB")


@pytest.fixture
def org_b(db: None) -> Any:
    from ecc_atlas.web.registry.models import Organisation

    return Organisation.objects.create(org_number=org_number("559871002"), name="Survey Beta AB")


@pytest.fixture
def member_a(make_user: Any, org_a: Any) -> Any:
    return make_user("survey_member_a", "member", (org_a,))


@pytest.fixture
def member_b(make_user: Any, org_b: Any) -> Any:
    return make_user("survey_member_b", "member", (org_b,))


@pytest.fixture
def analyst(make_user: Any) -> Any:
    return make_user("survey_analyst", "analyst")


@pytest.fixture
def open_round(db: None) -> Any:
    from ecc_atlas.web.survey.models import SurveyRound

    return SurveyRound.objects.create(year=2091, status="open")


def row_post(rows: list[dict[str, Any]], *, action: str = "save", extra: int = 0) -> dict[str, Any]:
    """POST data of the answer formset for ``rows`` (plus ``extra`` empty rows)."""
    data: dict[str, Any] = {
        "answers-TOTAL_FORMS": str(len(rows) + extra),
        "answers-INITIAL_FORMS": "0",
        "answers-MIN_NUM_FORMS": "0",
        "answers-MAX_NUM_FORMS": "500",
        "action": action,
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"answers-{i}-{key}"] = value
    for i in range(len(rows), len(rows) + extra):
        data[f"answers-{i}-horizon_years"] = "5"
        data[f"answers-{i}-expected_retirements"] = "0"
    return data


@pytest.fixture
def post_rows() -> Any:
    """The function building formset POST data (see :func:`row_post`)."""
    return row_post


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Reverse (and so request) the English pages: assertions read English text."""
    from django.utils import translation

    with translation.override("en"):
        yield

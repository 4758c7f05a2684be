from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ecc_atlas.identifiers import InvalidOrganisationNumber
from ecc_atlas.web.registry.models import DelimitationDecision, Organisation, Segment, Workplace
from ecc_atlas.web.registry.queries import decisions_table, workplaces_table

pytestmark = pytest.mark.django_db


@pytest.fixture
def segment() -> Segment:
    # Other test modules may have loaded the demo (with its segments) into this database.
    segment, _ = Segment.objects.get_or_create(
        code="grids",
        defaults={
            "name_sv": "Överföring och distribution",
            "name_en": "Transmission and distribution",
            "classification": "ecc-energy-chain",
            "version": "test",
        },
    )
    return segment


def _org(number: str = "556036-0793", name: str = "Testkraft AB") -> Organisation:
    org = Organisation(org_number=number, name=name)
    org.full_clean()
    org.save()
    return org


def test_org_number_is_normalised_and_luhn_checked() -> None:
    org = _org("556036-0793")
    assert org.org_number == "5560360793"
    assert org.org_number_display == "556036-0793"
    bad = Organisation(org_number="556036-0794", name="Fel AB")
    with pytest.raises(ValidationError) as info:
        bad.full_clean()
    assert "check digit" in str(info.value)
    with pytest.raises(InvalidOrganisationNumber):
        bad.save()


def test_org_number_unique() -> None:
    _org()
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(org_number="5560360793", name="Dubblett AB")


def test_workplace_needs_a_real_kommun() -> None:
    org = _org()
    Workplace(organisation=org, name="Västerås", kommun_code="1980").full_clean()
    with pytest.raises(ValidationError, match="kommun"):
        Workplace(organisation=org, name="Nowhere", kommun_code="1999").full_clean()


def test_included_decision_needs_segment_and_reason(segment: Segment) -> None:
    org = _org()
    with pytest.raises(ValidationError):
        DelimitationDecision(
            organisation=org, year=2024, included=True, reason="x", classification_version="t"
        ).full_clean()
    with pytest.raises(ValidationError):
        DelimitationDecision(
            organisation=org,
            year=2024,
            included=False,
            reason="  ",
            classification_version="t",
        ).full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        DelimitationDecision.objects.create(
            organisation=org, year=2024, included=True, reason="x", classification_version="t"
        )


def test_latest_decision_wins_and_history_stays(segment: Segment) -> None:
    org = _org()
    earlier = timezone.now() - timedelta(days=3)
    DelimitationDecision.objects.create(
        organisation=org,
        year=2024,
        included=False,
        reason="Screened: installation only",
        classification_version="t",
        decided_at=earlier,
    )
    DelimitationDecision.objects.create(
        organisation=org,
        year=2024,
        included=True,
        segment=segment,
        reason="Re-examined: builds substations",
        classification_version="t",
    )
    DelimitationDecision.objects.create(
        organisation=org,
        year=2023,
        included=False,
        reason="Not yet active",
        classification_version="t",
    )
    table = [r for r in decisions_table().to_pylist() if r["org_number"] == "5560360793"]
    assert table == [
        {"org_number": "5560360793", "year": 2023, "included": False, "segment": None},
        {"org_number": "5560360793", "year": 2024, "included": True, "segment": "grids"},
    ]
    assert DelimitationDecision.objects.filter(organisation=org).count() == 3


def test_workplaces_table() -> None:
    org = _org()
    Workplace.objects.create(organisation=org, name="Köping", kommun_code="1983")
    rows = [r for r in workplaces_table().to_pylist() if r["org_number"] == "5560360793"]
    assert rows == [{"org_number": "5560360793", "name": "Köping", "kommun_code": "1983"}]

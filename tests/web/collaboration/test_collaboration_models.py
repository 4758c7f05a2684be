"""Collaboration models: validation in clean(), constraints, the demo loader."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ecc_atlas.identifiers import luhn_check_digit

pytestmark = pytest.mark.django_db


def _org(stem: str, name: str, kind: str = "company") -> Any:
    from ecc_atlas.web.registry.models import Organisation

    return Organisation.objects.create(
        org_number=stem + str(luhn_check_digit(stem)), name=name, kind=kind
    )


def test_project_validation() -> None:
    from ecc_atlas.web.collaboration.models import Project

    project = Project(
        title="Model test project",
        kind="upskilling",
        starts_on=date(2024, 5, 1),
        ends_on=date(2024, 1, 1),
        occupations=["3113", "3113", "7411"],
        skills=["high_voltage"],
    )
    with pytest.raises(ValidationError) as error:
        project.full_clean()
    assert "ends_on" in error.value.message_dict
    project.ends_on = date(2025, 1, 1)
    project.full_clean()
    assert project.occupations == ["3113", "7411"]  # deduplicated, sorted
    project.occupations = ["31"]
    with pytest.raises(ValidationError) as error:
        project.full_clean()
    assert "occupations" in error.value.message_dict
    project.occupations = []
    project.skills = ["no_such_skill"]
    with pytest.raises(ValidationError) as error:
        project.full_clean()
    assert "skills" in error.value.message_dict


def test_project_period_constraint() -> None:
    from ecc_atlas.web.collaboration.models import Project

    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.create(
            title="Backwards", kind="research", starts_on=date(2024, 5, 1), ends_on=date(2024, 1, 1)
        )


def test_action_rules() -> None:
    from ecc_atlas.web.collaboration.models import Action, Meeting

    meeting = Meeting.objects.create(date=date(2024, 3, 1), title="Model test meeting")
    action = Action(meeting=meeting, description="Call the college", due_on=date(2024, 4, 1))
    with pytest.raises(ValidationError) as error:
        action.full_clean()
    assert "owner_name" in error.value.message_dict
    action.owner_name = "Anna"
    action.full_clean()
    action.save()
    assert action.is_overdue(date(2024, 4, 2))
    assert not action.is_overdue(date(2024, 4, 1))
    action.status = Action.Status.DONE
    with pytest.raises(ValidationError) as error:
        action.full_clean()
    assert "closed_on" in error.value.message_dict
    action.closed_on = date(2024, 4, 3)
    with pytest.raises(ValidationError) as error:
        action.full_clean()
    assert "outcome" in error.value.message_dict
    action.outcome = "Course booked"
    action.full_clean()
    action.save()
    assert not action.is_overdue(date(2030, 1, 1))
    # the database refuses a closed action without a closing date
    with pytest.raises(IntegrityError), transaction.atomic():
        Action.objects.filter(pk=action.pk).update(closed_on=None)


def test_analyses_shown_validation() -> None:
    from ecc_atlas.web.collaboration.models import Meeting

    meeting = Meeting(date=date(2024, 3, 1), title="Shown", analyses_shown=[{"label": "x"}])
    with pytest.raises(ValidationError):
        meeting.full_clean()
    meeting.analyses_shown = [{"label": "Evil", "url": "javascript:alert(1)"}]
    with pytest.raises(ValidationError):
        meeting.full_clean()
    meeting.analyses_shown = [{"label": "Other site", "url": "//evil.example/"}]
    with pytest.raises(ValidationError):
        meeting.full_clean()
    meeting.analyses_shown = [{"label": "Shortages", "url": "/shortages/"}]
    meeting.full_clean()


def test_training_participation_rules() -> None:
    from ecc_atlas.web.collaboration.models import TrainingEffort, TrainingParticipation

    company = _org("559877001", "Training model AB")
    effort = TrainingEffort.objects.create(title="Relay course", starts_on=date(2024, 1, 1))
    row = TrainingParticipation(
        effort=effort, organisation=company, participants_women=1, participants_men=1, completed=3
    )
    with pytest.raises(ValidationError) as error:
        row.full_clean()
    assert "completed" in error.value.message_dict
    row.completed = 2
    row.ssyk = "31"
    with pytest.raises(ValidationError) as error:
        row.full_clean()
    assert "ssyk" in error.value.message_dict
    row.ssyk = "3113"
    row.full_clean()
    row.save()
    assert row.participants == 2
    with pytest.raises(IntegrityError), transaction.atomic():
        TrainingParticipation.objects.filter(pk=row.pk).update(completed=5)


def test_load_demo_collaboration_is_idempotent() -> None:
    from ecc_atlas import demo
    from ecc_atlas.services.collaboration import load_demo_collaboration, training_report
    from ecc_atlas.web.collaboration.models import (
        Action,
        Meeting,
        Project,
        TrainingEffort,
        TrainingParticipation,
    )
    from ecc_atlas.web.registry.models import Organisation

    data = demo.generate(demo.DEFAULT_SEED)
    existing = set(
        Organisation.objects.filter(
            org_number__in=[o.org_number for o in data.organisations]
        ).values_list("org_number", flat=True)
    )
    Organisation.objects.bulk_create(
        Organisation(org_number=o.org_number, name=o.name, kind=o.kind, synthetic=True)
        for o in data.organisations
        if o.org_number not in existing
    )
    ids = dict(
        Organisation.objects.filter(
            org_number__in=[o.org_number for o in data.organisations]
        ).values_list("org_number", "id")
    )
    # an analyst's own (non-synthetic) project survives the reload
    own = Project.objects.create(title="Analyst's own", kind="outreach", starts_on=date(2024, 1, 1))
    today = date(2026, 11, 1)
    first = load_demo_collaboration(data, ids, today=today)
    second = load_demo_collaboration(data, ids, today=today)
    assert first == second
    assert Project.objects.filter(synthetic=True).count() == first["projects"]
    assert Meeting.objects.filter(synthetic=True).count() == first["meetings"]
    assert TrainingEffort.objects.filter(synthetic=True).count() == first["training_efforts"]
    assert (
        TrainingParticipation.objects.filter(effort__synthetic=True).count()
        == first["training_participations"]
    )
    assert Project.objects.filter(pk=own.pk).exists()
    kinds = set(Project.objects.filter(synthetic=True).values_list("kind", flat=True))
    assert kinds == {k for k, _ in Project.Kind.choices}
    demo_actions = Action.objects.filter(meeting__synthetic=True)
    assert demo_actions.filter(status="open", due_on__lt=today).exists()
    assert demo_actions.filter(status="open", due_on__gte=today).exists()
    assert demo_actions.filter(status="done").exclude(outcome="").exists()
    # the regional programme has the shape of a real one, computed from the records
    programme = Project.objects.get(synthetic=True, title="Kompetenslyft Energi Västmanland")
    figures = training_report(project_id=programme.pk).figures
    assert 20 <= figures.companies <= 40
    assert 500 <= figures.participants <= 2000
    assert figures.hours >= 5000
    assert figures.efforts >= 100
    for model in (Project, Meeting, TrainingEffort):
        for row in model.objects.filter(synthetic=True)[:20]:
            row.full_clean()
    for action in demo_actions[:50]:
        action.full_clean()

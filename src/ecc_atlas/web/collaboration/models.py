"""Collaboration records: projects and their actors, the dialogue log, training efforts.

The records are what ECC *does* with its analyses: the projects that came out of the dialogue,
the meetings and round tables where analyses were shown, the follow-up actions agreed there,
the training efforts ECC reports to funders, and the analysts' decisions on matchmaking
suggestions. Every figure shown about them is computed from these rows, never typed in.
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ecc_atlas.web.registry.models import Organisation

__all__ = [
    "Action",
    "Meeting",
    "MeetingParticipant",
    "Participation",
    "Project",
    "SuggestionDecision",
    "TrainingEffort",
    "TrainingParticipation",
    "validate_skill_ids",
    "validate_ssyk_codes",
]

_SSYK_UNIT = re.compile(r"^\d{4}$")


def validate_ssyk_codes(value: Any) -> None:
    """Django validator: a list of 4-digit SSYK 2012 unit-group codes."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError(_("Give a list of SSYK codes."), code="ssyk_list")
    bad = [v for v in value if not _SSYK_UNIT.match(v)]
    if bad:
        raise ValidationError(
            _("Not 4-digit SSYK 2012 unit-group codes: %(codes)s"),
            params={"codes": ", ".join(bad)},
            code="ssyk",
        )


def validate_skill_ids(value: Any) -> None:
    """Django validator: a list of skill ids of the bundled skills vocabulary."""
    from ecc_atlas.reference.skills import skill_vocabulary

    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError(_("Give a list of skill ids."), code="skill_list")
    vocabulary = skill_vocabulary()
    known = {s.id for s in vocabulary.skills}
    bad = [v for v in value if v not in known]
    if bad:
        raise ValidationError(
            _("Unknown skill ids: %(ids)s"), params={"ids": ", ".join(bad)}, code="skill"
        )


def validate_analyses_shown(value: Any) -> None:
    """Django validator: a list of ``{"label": str, "url": str}`` with local or http(s) URLs."""
    if not isinstance(value, list):
        raise ValidationError(_("Give a list of analyses."), code="analyses_list")
    for item in value:
        if (
            not isinstance(item, dict)
            or set(item) - {"label", "url"}
            or not isinstance(item.get("label"), str)
            or not isinstance(item.get("url"), str)
        ):
            raise ValidationError(
                _("Each analysis shown needs a label and a URL."), code="analyses_item"
            )
        url = item["url"]
        # browsers drop tabs and newlines inside a URL ("/\t/host" is "//host"): refuse them
        if any(c.isspace() or not c.isprintable() for c in url) or (
            not (url.startswith("/") and not url.startswith("//") and "\\" not in url)
            and not re.match(r"^https?://[^/\\]", url)
        ):
            raise ValidationError(
                _("%(url)s is neither a path on this site nor an http(s) address."),
                params={"url": url},
                code="analyses_url",
            )


class _Recorded(models.Model):
    """Who created a record and when, and whether it belongs to the demo data."""

    synthetic = models.BooleanField(
        _("synthetic"), default=False, help_text=_("Fictional record of the demo data.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        abstract = True


class Project(_Recorded):
    """A collaboration: an education programme, upskilling effort, research project, …"""

    class Kind(models.TextChoices):
        EDUCATION_PROGRAMME = "education_programme", _("Education programme")
        UPSKILLING = "upskilling", _("Upskilling effort")
        RESEARCH = "research", _("Research project")
        OUTREACH = "outreach", _("Outreach")
        RECRUITMENT_CAMPAIGN = "recruitment_campaign", _("Recruitment campaign")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        RUNNING = "running", _("Running")
        COMPLETED = "completed", pgettext_lazy("project status", "Completed")
        CANCELLED = "cancelled", _("Cancelled")

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    budget_sek = models.PositiveBigIntegerField(_("budget (SEK)"), null=True, blank=True)
    funders = models.TextField(_("funders"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    description = models.TextField(_("description"), blank=True)
    results = models.TextField(_("results"), blank=True)
    public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("Shown on the public pages (without budget, funders and internal notes)."),
    )
    occupations = models.JSONField(
        _("occupations (SSYK)"), default=list, blank=True, validators=[validate_ssyk_codes]
    )
    skills = models.JSONField(
        _("skills"), default=list, blank=True, validators=[validate_skill_ids]
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-starts_on", "title"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="project_period_order",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        """The period ends after it starts; codes are SSYK unit groups and known skill ids."""
        super().clean()
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The project cannot end before it starts.")})
        self.occupations = sorted(set(self.occupations or []))
        self.skills = sorted(set(self.skills or []))


class Participation(models.Model):
    """An organisation taking part in a project, in a role."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead")
        PARTNER = "partner", _("Partner")
        FUNDER = "funder", _("Funder")
        PROVIDER = "provider", _("Education provider")
        PARTICIPANT = "participant", _("Participant")

    project = models.ForeignKey(
        Project,
        on_delete=models.CASCADE,
        related_name="participations",
        verbose_name=_("project"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="project_participations",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PARTNER)

    class Meta:
        ordering = ["project", "role", "organisation__name"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation", "role"], name="unique_project_participation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation.name} – {self.project.title} ({self.get_role_display()})"


class Meeting(_Recorded):
    """A meeting, round table or workshop of the dialogue log."""

    class Kind(models.TextChoices):
        ROUND_TABLE = "round_table", _("Round table")
        MEETING = "meeting", _("Meeting")
        WORKSHOP = "workshop", _("Workshop")

    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MEETING)
    topic = models.TextField(_("topic"), blank=True)
    analyses_shown = models.JSONField(
        _("analyses shown"),
        default=list,
        blank=True,
        validators=[validate_analyses_shown],
        help_text=_("Dashboard views or reports shown: a list of {label, url}."),
    )
    decisions = models.TextField(_("decisions"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    project = models.ForeignKey(
        Project,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("project"),
    )

    class Meta:
        ordering = ["-date", "title"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.title}"


class MeetingParticipant(models.Model):
    """An organisation at a meeting, with how many people came."""

    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        related_name="participants",
        verbose_name=_("meeting"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="meeting_participations",
        verbose_name=_("organisation"),
    )
    people = models.PositiveIntegerField(_("people"), default=1)

    class Meta:
        ordering = ["meeting", "organisation__name"]
        verbose_name = _("meeting participant")
        verbose_name_plural = _("meeting participants")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "organisation"], name="unique_meeting_participant"
            ),
            models.CheckConstraint(condition=models.Q(people__gte=1), name="participant_people"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation.name} ({self.people})"

    def clean(self) -> None:
        """At least one person attends."""
        super().clean()
        if self.people is not None and self.people < 1:
            raise ValidationError({"people": _("At least one person.")})


class Action(models.Model):
    """A follow-up action agreed at a meeting, with an owner and a due date."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="actions", verbose_name=_("meeting")
    )
    description = models.TextField(_("description"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    owner_name = models.CharField(
        _("owner (name)"),
        max_length=150,
        blank=True,
        help_text=_("For owners without an account, e.g. a person at a member company."),
    )
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="open", closed_on__isnull=True)
                | (~models.Q(status="open") & models.Q(closed_on__isnull=False)),
                name="action_closed_on_matches_status",
            )
        ]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def owner_display(self) -> str:
        """The owner's name: the account's full name or user name, else the free-text name."""
        if self.owner_id is not None and self.owner is not None:
            full = self.owner.get_full_name() if hasattr(self.owner, "get_full_name") else ""
            return str(full or self.owner.get_username())
        return self.owner_name

    def is_overdue(self, today: Any = None) -> bool:
        """Open and past its due date."""
        today = today or timezone.localdate()
        return self.status == self.Status.OPEN and self.due_on < today

    def clean(self) -> None:
        """A closed action has a closing date and (if done) an outcome; an open one has neither."""
        super().clean()
        if not (self.description or "").strip():
            raise ValidationError({"description": _("Describe the action.")})
        if self.owner_id is None and not (self.owner_name or "").strip():
            raise ValidationError({"owner_name": _("Give an owner: a user or a name.")})
        if self.status == self.Status.OPEN:
            if self.closed_on is not None:
                raise ValidationError({"closed_on": _("An open action has no closing date.")})
        else:
            if self.closed_on is None:
                raise ValidationError({"closed_on": _("Give the date the action was closed.")})
            if self.status == self.Status.DONE and not (self.outcome or "").strip():
                raise ValidationError({"outcome": _("Say what came of the action.")})


class TrainingEffort(_Recorded):
    """A training effort (course, upskilling round), optionally under a project."""

    project = models.ForeignKey(
        Project,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="training_efforts",
        verbose_name=_("project"),
    )
    title = models.CharField(_("title"), max_length=200)
    provider = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="training_efforts_provided",
        verbose_name=_("provider"),
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    hours_per_participant = models.PositiveIntegerField(_("hours per participant"), default=0)
    occupations = models.JSONField(
        _("occupations (SSYK)"), default=list, blank=True, validators=[validate_ssyk_codes]
    )

    class Meta:
        ordering = ["-starts_on", "title"]
        verbose_name = _("training effort")
        verbose_name_plural = _("training efforts")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="training_period_order",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        """The period ends after it starts."""
        super().clean()
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The effort cannot end before it starts.")})
        self.occupations = sorted(set(self.occupations or []))


class TrainingParticipation(models.Model):
    """A company's participants in a training effort (by gender and occupation), hours and
    completion."""

    effort = models.ForeignKey(
        TrainingEffort,
        on_delete=models.CASCADE,
        related_name="participations",
        verbose_name=_("training effort"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="training_participations",
        verbose_name=_("organisation"),
    )
    participants_women = models.PositiveIntegerField(_("participants (women)"), default=0)
    participants_men = models.PositiveIntegerField(_("participants (men)"), default=0)
    ssyk = models.CharField(_("occupation (SSYK)"), max_length=4, blank=True)
    hours = models.PositiveIntegerField(
        _("training hours"), default=0, help_text=_("Total hours of all its participants.")
    )
    completed = models.PositiveIntegerField(
        _("completed"), default=0, help_text=_("Participants who completed the effort.")
    )

    class Meta:
        ordering = ["effort", "organisation__name", "ssyk"]
        verbose_name = _("training participation")
        verbose_name_plural = _("training participations")
        constraints = [
            models.UniqueConstraint(
                fields=["effort", "organisation", "ssyk"], name="unique_training_participation"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    completed__lte=models.F("participants_women") + models.F("participants_men")
                ),
                name="training_completed_le_participants",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation.name} – {self.effort.title}"

    @property
    def participants(self) -> int:
        """Women plus men."""
        return int(self.participants_women) + int(self.participants_men)

    def clean(self) -> None:
        """SSYK is a unit group; no more completions than participants."""
        super().clean()
        if self.ssyk and not _SSYK_UNIT.match(self.ssyk):
            raise ValidationError({"ssyk": _("A 4-digit SSYK 2012 unit-group code.")})
        if (self.completed or 0) > (self.participants_women or 0) + (self.participants_men or 0):
            raise ValidationError({"completed": _("More completions than participants.")})


class SuggestionDecision(models.Model):
    """An analyst's decision on a matchmaking suggestion (history kept; the latest wins)."""

    class Decision(models.TextChoices):
        ACTED = "acted", _("Acted on")
        DISMISSED = "dismissed", _("Dismissed")

    key = models.CharField(
        _("suggestion key"),
        max_length=255,
        db_index=True,
        help_text=_("Stable fingerprint of the suggestion (kind, organisations, codes)."),
    )
    kind = models.CharField(_("kind"), max_length=40)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    note = models.TextField(_("note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)
    project = models.ForeignKey(
        Project,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggestion_decisions",
        verbose_name=_("project"),
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggestion_decisions",
        verbose_name=_("meeting"),
    )

    class Meta:
        ordering = ["-decided_at", "-pk"]
        verbose_name = _("suggestion decision")
        verbose_name_plural = _("suggestion decisions")

    def __str__(self) -> str:
        return f"{self.kind} {self.key}: {self.get_decision_display()}"

    def clean(self) -> None:
        """A key and a kind are required."""
        super().clean()
        if not (self.key or "").strip():
            raise ValidationError({"key": _("The suggestion key is required.")})

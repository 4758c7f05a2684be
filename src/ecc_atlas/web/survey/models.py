"""Survey models: rounds, one response per organisation and round, and its answer rows.

The contract (shared with the collaboration app, which reads answers for matchmaking):

* :class:`SurveyRound` — ``year`` (unique), ``status`` open/closed, ``opens_on``, ``closes_on``,
  ``note``, ``created_by``, ``created_at``; plus the provenance of the latest publication to the
  warehouse (``published_at``, ``published_by``, ``published_rows``).
* :class:`SurveyResponse` — ``round``, ``organisation``, ``status`` draft/submitted, ``channel``
  web/xlsx, ``updated_at``, ``updated_by``, ``submitted_at``, ``submitted_by``; unique per
  (round, organisation).
* :class:`SurveyAnswer` — ``response`` (``related_name="answers"``), ``ssyk`` (SSYK 2012 unit
  group), ``horizon_years`` 1/3/5, ``planned_recruitments``, ``expected_retirements``,
  ``difficulty`` 1–5, ``hard_to_find`` (free text), ``skills`` (list of skill ids of
  :mod:`ecc_atlas.reference.skills`); unique per (response, ssyk, horizon_years).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ecc_atlas.web.registry.models import Organisation

__all__ = [
    "DIFFICULTY_CHOICES",
    "HORIZON_CHOICES",
    "SurveyAnswer",
    "SurveyResponse",
    "SurveyRound",
    "validate_skill_ids",
    "validate_ssyk_unit",
]

#: The fixed recruitment-difficulty scale (1 = no difficulty … 5 = cannot recruit).
DIFFICULTY_CHOICES: list[tuple[int, Any]] = [
    (1, _("1 – no difficulty")),
    (2, _("2 – small difficulty")),
    (3, _("3 – some difficulty")),
    (4, _("4 – great difficulty")),
    (5, _("5 – cannot recruit")),
]

#: The planning horizons asked for, in years.
HORIZON_CHOICES: list[tuple[int, Any]] = [
    (1, _("1 year")),
    (3, _("3 years")),
    (5, _("5 years")),
]


def validate_ssyk_unit(value: str) -> None:
    """Django validator: a bundled SSYK 2012 unit group (four digits)."""
    from ecc_atlas.reference.classifications import ssyk_unit

    try:
        ssyk_unit(str(value))
    except KeyError as exc:
        raise ValidationError(
            _("%(value)s is not an SSYK 2012 unit group of the reference list."),
            params={"value": value},
            code="ssyk",
        ) from exc


def validate_skill_ids(value: Any) -> None:
    """Django validator: a list of distinct skill ids of the bundled vocabulary."""
    from ecc_atlas.reference.skills import skill_vocabulary

    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError(_("Skills must be a list of skill ids."), code="skills_type")
    known = {s.id for s in skill_vocabulary().skills}
    unknown = [v for v in value if v not in known]
    if unknown:
        raise ValidationError(
            _("Unknown skill id(s): %(ids)s."), params={"ids": ", ".join(unknown)}, code="skills"
        )
    if len(set(value)) != len(value):
        raise ValidationError(_("A skill is listed twice."), code="skills_duplicate")


class SurveyRound(models.Model):
    """A yearly round of the employer competence-needs survey, opened and closed by analysts."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    year = models.PositiveIntegerField(
        _("year"),
        unique=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    opens_on = models.DateField(_("opens on"), null=True, blank=True)
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    published_at = models.DateTimeField(_("published to the warehouse"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    published_rows = models.PositiveIntegerField(_("rows published"), null=True, blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("survey round")
        verbose_name_plural = _("survey rounds")

    def __str__(self) -> str:
        return f"{self.year} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        """Whether members may still change their answers."""
        return self.status == self.Status.OPEN

    def clean(self) -> None:
        """The closing date is not before the opening date."""
        super().clean()
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("The round cannot close before it opens.")})


class SurveyResponse(models.Model):
    """One organisation's response to one round (a draft until submitted)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    class Channel(models.TextChoices):
        WEB = "web", _("Web form")
        XLSX = "xlsx", _("XLSX file")

    round = models.ForeignKey(
        SurveyRound,
        on_delete=models.CASCADE,
        related_name="responses",
        verbose_name=_("round"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="survey_responses",
        verbose_name=_("organisation"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.WEB
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )

    class Meta:
        ordering = ["round", "organisation__name"]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "organisation"], name="survey_response_round_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.round.year} ({self.get_status_display()})"

    @property
    def is_submitted(self) -> bool:
        """Whether the response has been submitted (and not reopened since)."""
        return self.status == self.Status.SUBMITTED


class SurveyAnswer(models.Model):
    """One answer row: an occupation (SSYK) and a horizon."""

    response = models.ForeignKey(
        SurveyResponse,
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("response"),
    )
    ssyk = models.CharField(
        _("occupation (SSYK 2012)"), max_length=4, validators=[validate_ssyk_unit]
    )
    horizon_years = models.PositiveSmallIntegerField(_("horizon"), choices=HORIZON_CHOICES)
    planned_recruitments = models.PositiveIntegerField(
        _("planned recruitments"), validators=[MaxValueValidator(100_000)]
    )
    expected_retirements = models.PositiveIntegerField(
        _("expected retirements"), default=0, validators=[MaxValueValidator(100_000)]
    )
    difficulty = models.PositiveSmallIntegerField(
        _("recruitment difficulty"),
        choices=DIFFICULTY_CHOICES,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    hard_to_find = models.TextField(_("competences hard to find"), blank=True, max_length=2000)
    skills = models.JSONField(
        _("skills hard to find"), default=list, blank=True, validators=[validate_skill_ids]
    )

    class Meta:
        ordering = ["response", "ssyk", "horizon_years"]
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "ssyk", "horizon_years"],
                name="survey_answer_response_ssyk_horizon",
            ),
            models.CheckConstraint(
                condition=models.Q(difficulty__gte=1) & models.Q(difficulty__lte=5),
                name="survey_answer_difficulty_1_5",
            ),
            models.CheckConstraint(
                condition=models.Q(horizon_years__in=[1, 3, 5]),
                name="survey_answer_horizon_1_3_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ssyk} / {self.horizon_years} y"

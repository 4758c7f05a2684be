"""Registry models: who the region's energy actors are, and which belong to the sector."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ecc_atlas.identifiers import InvalidOrganisationNumber, normalise_org_number

__all__ = ["DelimitationDecision", "ImportJob", "Organisation", "Segment", "Workplace"]


def validate_org_number(value: str) -> None:
    """Django validator: ten digits with a correct Luhn check digit."""
    try:
        normalise_org_number(value)
    except InvalidOrganisationNumber as exc:
        raise ValidationError(str(exc), code="invalid_org_number") from exc


def validate_kommun_code(value: str) -> None:
    """Django validator: one of the 290 kommun codes."""
    from ecc_atlas.reference import kommuner

    if value not in {k.code for k in kommuner()}:
        raise ValidationError(
            _("%(value)s is not a Swedish kommun code."), params={"value": value}, code="kommun"
        )


class Segment(models.Model):
    """A segment of the energy chain (the product's own, versioned classification)."""

    code = models.CharField(_("code"), max_length=40, primary_key=True)
    name_sv = models.CharField(_("name (Swedish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    description_sv = models.TextField(_("description (Swedish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    classification = models.CharField(_("classification"), max_length=80)
    version = models.CharField(_("classification version"), max_length=40)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("segment")
        verbose_name_plural = _("segments")

    def __str__(self) -> str:
        return f"{self.name_sv} / {self.name_en}"


class Organisation(models.Model):
    """An actor: a company, a university, a public actor, an authority or an institute."""

    class Kind(models.TextChoices):
        COMPANY = "company", _("Company")
        ACADEMIA = "academia", _("Academia")
        PUBLIC_ACTOR = "public_actor", _("Public actor")
        AUTHORITY = "authority", _("Authority")
        INSTITUTE = "institute", _("Institute")

    class RDIntensity(models.TextChoices):
        HIGH = "high", _("High")
        MEDIUM = "medium", _("Medium")
        LOW = "low", _("Low")
        UNKNOWN = "unknown", _("Unknown")

    class ExportClass(models.TextChoices):
        MAJOR = "major", _("Major exporter (at least half of turnover)")
        SOME = "some", _("Some exports")
        NONE = "none", _("No exports")
        UNKNOWN = "unknown", _("Unknown")

    org_number = models.CharField(
        _("organisation number"),
        max_length=11,
        unique=True,
        validators=[validate_org_number],
        help_text=_("Ten digits, NNNNNN-NNNN; the last digit is a Luhn check digit."),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.COMPANY)
    sni_code = models.CharField(_("SNI 2007 code"), max_length=10, blank=True)
    segments = models.ManyToManyField(
        Segment, verbose_name=_("segments"), blank=True, related_name="organisations"
    )
    rd_intensity = models.CharField(
        _("R&D intensity"), max_length=10, choices=RDIntensity.choices, default="unknown"
    )
    export_class = models.CharField(
        _("export class"), max_length=10, choices=ExportClass.choices, default="unknown"
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("public description"), blank=True)
    synthetic = models.BooleanField(
        _("synthetic"), default=False, help_text=_("Fictional organisation of the demo data.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return f"{self.name} ({self.org_number_display})"

    def save(self, *args: object, **kwargs: object) -> None:
        """Validate and normalise the organisation number on every save."""
        self.org_number = normalise_org_number(self.org_number)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def clean(self) -> None:
        """Store the organisation number in its normalised ten-digit form."""
        super().clean()
        try:
            self.org_number = normalise_org_number(self.org_number)
        except InvalidOrganisationNumber as exc:
            raise ValidationError({"org_number": str(exc)}) from exc

    @property
    def org_number_display(self) -> str:
        """The organisation number as NNNNNN-NNNN."""
        return f"{self.org_number[:6]}-{self.org_number[6:]}"


class Workplace(models.Model):
    """A workplace (arbetsställe) of an organisation, located in a kommun."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="workplaces",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    kommun_code = models.CharField(
        _("kommun code"), max_length=4, validators=[validate_kommun_code]
    )
    workplace_id = models.CharField(_("workplace id (CFAR)"), max_length=20, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = _("workplace")
        verbose_name_plural = _("workplaces")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kommun_code", "name"], name="unique_workplace"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.kommun_code})"


class DelimitationDecision(models.Model):
    """Whether an organisation belongs to the energy sector in a year, and why.

    Decisions are never edited away: a new decision for the same organisation and year
    supersedes the earlier one, and the history stays.
    """

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="decisions",
        verbose_name=_("organisation"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    included = models.BooleanField(_("included"))
    reason = models.TextField(_("reason"))
    segment = models.ForeignKey(
        Segment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("segment"),
    )
    classification_version = models.CharField(_("classification version"), max_length=40)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("decided by"),
    )
    decided_by_name = models.CharField(_("decided by (name)"), max_length=150, blank=True)
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)

    class Meta:
        ordering = ["organisation__name", "year", "-decided_at"]
        verbose_name = _("delimitation decision")
        verbose_name_plural = _("delimitation decisions")
        indexes = [models.Index(fields=["year", "organisation", "decided_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(included=False) | models.Q(segment__isnull=False),
                name="included_needs_segment",
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=1990) & models.Q(year__lte=2100),
                name="decision_year_range",
            ),
        ]

    def __str__(self) -> str:
        verdict = _("included") if self.included else _("excluded")
        return f"{self.organisation.name} {self.year}: {verdict}"

    def clean(self) -> None:
        """An included organisation needs a segment; every decision needs a reason."""
        super().clean()
        if self.included and self.segment_id is None:
            raise ValidationError({"segment": _("An included organisation needs a segment.")})
        if not (self.reason or "").strip():
            raise ValidationError({"reason": _("Give the reason for the decision.")})


class ImportJob(models.Model):
    """A file an analyst uploaded in the web UI: its dry run, then (when confirmed) its import.

    The job runs in a background thread of the web process (``ecc_atlas.web.registry.jobs``)
    with the same library functions the CLI calls (``ecc_atlas.services.uploads``); the page
    polls its status. The uploaded file is deleted once the job is finished or discarded.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        CHECKED = "checked", _("Checked, waiting for confirmation")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")
        DISCARDED = "discarded", _("Discarded")

    class Phase(models.TextChoices):
        DRY_RUN = "dry_run", _("Dry run")
        APPLY = "apply", _("Import")

    source = models.CharField(_("source"), max_length=40)
    options = models.JSONField(_("options"), default=dict, blank=True)
    file_name = models.CharField(_("file name"), max_length=200)
    stored_path = models.CharField(_("stored file"), max_length=500, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.BigIntegerField(_("size (bytes)"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    phase = models.CharField(
        _("phase"), max_length=20, choices=Phase.choices, default=Phase.DRY_RUN
    )
    progress_done = models.BigIntegerField(_("progress (done)"), default=0)
    progress_total = models.BigIntegerField(_("progress (total)"), default=0)
    dry_run_summary = models.JSONField(_("dry-run summary"), null=True, blank=True)
    summary = models.JSONField(_("import summary"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    issues = models.JSONField(_("problems in the file"), default=list, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    user_name = models.CharField(_("user name"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")

    def __str__(self) -> str:
        return f"{self.source}: {self.file_name} ({self.status})"

    @property
    def active(self) -> bool:
        """True while the job is queued or running."""
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}

    @property
    def percent(self) -> int | None:
        """Progress in per cent, or None when the total is unknown."""
        if self.progress_total <= 0:
            return None
        return max(0, min(100, round(100 * self.progress_done / self.progress_total)))

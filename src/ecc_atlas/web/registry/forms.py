"""Forms of the registry work pages: the upload, the screening filters and the decisions."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ecc_atlas import reference
from ecc_atlas.identifiers import InvalidOrganisationNumber, normalise_org_number
from ecc_atlas.web.registry.models import Organisation, Segment

__all__ = [
    "SOURCE_CHOICES",
    "BulkDecisionForm",
    "CarryOverForm",
    "DecisionForm",
    "ScreenForm",
    "UploadForm",
    "parse_members",
    "segment_name",
]

MIN_YEAR, MAX_YEAR = 1990, 2100

SOURCE_CHOICES = [
    ("registry", _("Organisation registry: organisations, workplaces, decisions (CSV, XLSX)")),
    ("workforce", _("Workforce delivery: employees per organisation and year (CSV, XLSX)")),
    ("programmes", _("Education programmes: places, graduates, retention (CSV, XLSX)")),
    ("yrkesbarometer", _("Arbetsförmedlingen's occupational barometer (JSON)")),
    ("scb", _("SCB table: a saved PxWeb response (JSON-stat, CSV)")),
    ("jobtech-ads", _("Job ads from JobTech (JSON Lines, JSON)")),
]

_dataset_name = RegexValidator(
    r"^[A-Za-z0-9_-]{1,60}$", _("Use letters, digits, '_' or '-' (at most 60).")
)


class UploadForm(forms.Form):
    """Pick a source and a file; a few options of the SCB and job-ad importers."""

    source = forms.ChoiceField(label=_("Source"), choices=SOURCE_CHOICES)
    file = forms.FileField(
        label=_("File"),
        help_text=_("The file is checked first (a dry run); nothing changes until you confirm."),
    )
    dataset = forms.CharField(
        label=_("Dataset name (SCB table, job ads; optional)"),
        required=False,
        max_length=60,
        validators=[_dataset_name],
    )
    as_population = forms.BooleanField(
        label=_("SCB: the table is the population (replaces the approximate populations)"),
        required=False,
    )
    unknown_codes = forms.ChoiceField(
        label=_("Job ads: a code missing from the reference lists"),
        choices=[("error", _("is an error")), ("null", _("is left empty"))],
        initial="error",
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("source") == "scb" and not (data.get("dataset") or data.get("as_population")):
            self.add_error(
                "dataset",
                _("An SCB table needs a dataset name, or mark it as the population table."),
            )
        return data

    def options(self) -> dict[str, Any]:
        """The importer options of the chosen source."""
        data = self.cleaned_data
        return {
            "dataset": data.get("dataset") or "",
            "as_population": bool(data.get("as_population")),
            "unknown_codes": data.get("unknown_codes") or "error",
        }


class YearField(forms.IntegerField):
    """A year between 1990 and 2100."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Year"))
        super().__init__(min_value=MIN_YEAR, max_value=MAX_YEAR, **kwargs)


def segment_name(segment: Segment | None) -> str:
    """The segment's name in the active language."""
    if segment is None:
        return ""
    return segment.name_sv if (get_language() or "sv").startswith("sv") else segment.name_en


class SegmentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return segment_name(obj)


def _kommun_choices() -> list[tuple[str, Any]]:
    return [("", _("Any kommun"))] + [
        (k.code, f"{k.name} ({k.code})") for k in sorted(reference.kommuner(), key=lambda k: k.name)
    ]


def parse_members(text: str) -> tuple[list[str], list[str]]:
    """Organisation numbers from pasted text (one per line, or separated by ',' or ';').

    Returns the valid numbers (normalised, in order, without repeats) and the invalid entries.
    """
    valid: list[str] = []
    invalid: list[str] = []
    for raw in re.split(r"[\r\n,;]+", text or ""):
        entry = raw.strip()
        if not entry:
            continue
        try:
            number = normalise_org_number(entry)
        except InvalidOrganisationNumber:
            invalid.append(entry[:40])
            continue
        if number not in valid:
            valid.append(number)
    return valid, invalid


class ScreenForm(forms.Form):
    """Filters of the candidate screening (a GET form; all filters combine)."""

    STATUS_CHOICES = [
        ("", _("Any")),
        ("undecided", _("No decision")),
        ("included", _("Included")),
        ("excluded", _("Excluded")),
    ]

    year = YearField()
    sni = forms.CharField(
        label=_("SNI code (prefix)"),
        required=False,
        max_length=12,
        validators=[RegexValidator(r"^[A-Za-z]?[0-9.]*$", _("An SNI code such as 35 or 35.11."))],
    )
    kommun = forms.ChoiceField(label=_("Kommun (workplace)"), required=False, choices=())
    keyword = forms.CharField(
        label=_("Keyword (name, description)"), required=False, max_length=100
    )
    status = forms.ChoiceField(label=_("Decision"), required=False, choices=STATUS_CHOICES)
    members = forms.CharField(
        label=_("Member list: organisation numbers, one per line"),
        required=False,
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kommun"].choices = _kommun_choices()  # type: ignore[attr-defined]


_DECISION_CHOICES = [("include", _("Include")), ("exclude", _("Exclude"))]


class _DecisionFields(forms.Form):
    year = YearField()
    decision = forms.ChoiceField(
        label=_("Decision"), choices=_DECISION_CHOICES, widget=forms.RadioSelect
    )
    segment = SegmentChoiceField(
        label=_("Segment (required when included)"),
        queryset=Segment.objects.all(),
        required=False,
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the reason for the decision.")},
    )

    def clean_reason(self) -> str:
        reason = str(self.cleaned_data.get("reason") or "").strip()
        if not reason:
            raise forms.ValidationError(_("Give the reason for the decision."))
        return reason

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "include" and not data.get("segment"):
            self.add_error("segment", _("An included organisation needs a segment."))
        return data

    @property
    def included(self) -> bool:
        return self.cleaned_data.get("decision") == "include"


class DecisionForm(_DecisionFields):
    """One organisation's decision for a year, with its R&D intensity and export class."""

    rd_intensity = forms.ChoiceField(
        label=_("R&D intensity"), choices=Organisation.RDIntensity.choices
    )
    export_class = forms.ChoiceField(
        label=_("Export class"), choices=Organisation.ExportClass.choices
    )


class BulkDecisionForm(_DecisionFields):
    """The same decision for the selected organisations."""

    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisations"),
        queryset=Organisation.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Select at least one organisation.")},
    )

    def __init__(self, *args: Any, organisations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["organisations"].queryset = organisations  # type: ignore[attr-defined]


class CarryOverForm(forms.Form):
    """Copy one year's current decisions to another year as a starting point."""

    from_year = YearField(label=_("From year"))
    to_year = YearField(label=_("To year"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("from_year") is not None and data.get("from_year") == data.get("to_year"):
            self.add_error("to_year", _("Choose another year than the one copied from."))
        return data

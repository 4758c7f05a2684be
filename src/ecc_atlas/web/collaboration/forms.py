"""Forms of the collaboration pages (projects, meetings, actions, training efforts)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ecc_atlas.web.choices import occupation_choices, skill_choices
from ecc_atlas.web.collaboration.models import (
    Action,
    Meeting,
    MeetingParticipant,
    Participation,
    Project,
    TrainingEffort,
    TrainingParticipation,
    validate_analyses_shown,
)
from ecc_atlas.web.registry.models import Organisation

__all__ = [
    "ActionForm",
    "CloseActionForm",
    "MeetingForm",
    "MeetingParticipantFormSet",
    "ParticipationFormSet",
    "ProjectFilterForm",
    "ProjectForm",
    "TrainingEffortForm",
    "TrainingFilterForm",
    "TrainingParticipationFormSet",
    "analyses_from_text",
    "analyses_to_text",
]

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def analyses_to_text(items: list[dict[str, str]]) -> str:
    """The analyses shown as lines ``label | url``."""
    return "\n".join(f"{item.get('label', '')} | {item.get('url', '')}" for item in items or [])


def analyses_from_text(text: str) -> list[dict[str, str]]:
    """Parse lines ``label | url`` (a line with only a URL uses it as label)."""
    out: list[dict[str, str]] = []
    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line:
            continue
        label, _sep, url = line.rpartition("|")
        label, url = label.strip(), url.strip()
        out.append({"label": label or url, "url": url})
    return out


class ProjectForm(forms.ModelForm):
    """A project with its occupations and skills (participants in :data:`ParticipationFormSet`)."""

    occupations = forms.MultipleChoiceField(
        label=_("Occupations addressed (SSYK)"), required=False, choices=occupation_choices
    )
    skills = forms.MultipleChoiceField(
        label=_("Skills addressed"), required=False, choices=skill_choices
    )

    class Meta:
        model = Project
        fields = [
            "title",
            "kind",
            "status",
            "starts_on",
            "ends_on",
            "budget_sek",
            "funders",
            "description",
            "results",
            "occupations",
            "skills",
            "public",
        ]
        widgets = {
            "starts_on": _DATE,
            "ends_on": _DATE,
            "funders": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 4}),
            "results": forms.Textarea(attrs={"rows": 3}),
        }


ParticipationFormSet = forms.inlineformset_factory(
    Project,
    Participation,
    fields=["organisation", "role"],
    extra=3,
    can_delete=True,
)


class ProjectFilterForm(forms.Form):
    """Filters of the project list."""

    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Project.Kind.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *Project.Status.choices],
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        required=False,
        queryset=Organisation.objects.none(),
        empty_label=_("All organisations"),
    )
    occupation = forms.ChoiceField(label=_("Occupation"), required=False, choices=())

    def __init__(self, *args: Any, organisations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organisations if organisations is not None else Organisation.objects.all()
        occupation = self.fields["occupation"]
        assert isinstance(occupation, forms.ChoiceField)
        occupation.choices = [("", _("All occupations")), *occupation_choices()]


class MeetingForm(forms.ModelForm):
    """A meeting; the analyses shown are typed as lines ``label | url``."""

    analyses_text = forms.CharField(
        label=_("Analyses shown"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: a title, a vertical bar, and the page's address."),
    )

    class Meta:
        model = Meeting
        fields = ["date", "title", "kind", "topic", "project", "decisions", "notes"]
        widgets = {
            "date": _DATE,
            "topic": forms.Textarea(attrs={"rows": 2}),
            "decisions": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["analyses_text"] = analyses_to_text(self.instance.analyses_shown)

    def clean_analyses_text(self) -> list[dict[str, str]]:
        """Parse and validate the lines."""
        items = analyses_from_text(self.cleaned_data.get("analyses_text", ""))
        validate_analyses_shown(items)
        return items

    def save(self, commit: bool = True) -> Meeting:
        """Store the parsed analyses on the meeting."""
        self.instance.analyses_shown = self.cleaned_data["analyses_text"]
        meeting: Meeting = super().save(commit=commit)
        return meeting


MeetingParticipantFormSet = forms.inlineformset_factory(
    Meeting,
    MeetingParticipant,
    fields=["organisation", "people"],
    extra=3,
    can_delete=True,
)


class ActionForm(forms.ModelForm):
    """A new follow-up action (owner: an analyst account or a name)."""

    class Meta:
        model = Action
        fields = ["description", "owner", "owner_name", "due_on"]
        widgets = {"due_on": _DATE, "description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ModelChoiceField)
        owner.queryset = get_user_model().objects.filter(is_active=True, is_staff=True)


class CloseActionForm(forms.Form):
    """Close an action: done (with what came of it) or dropped."""

    status = forms.ChoiceField(
        label=_("Result"),
        choices=[(Action.Status.DONE, _("Done")), (Action.Status.DROPPED, _("Dropped"))],
        widget=forms.RadioSelect,
        initial=Action.Status.DONE,
    )
    outcome = forms.CharField(
        label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    closed_on = forms.DateField(label=_("Closed on"), widget=_DATE, initial=timezone.localdate)

    def clean(self) -> dict[str, Any]:
        """Done needs an outcome; the closing date is not in the future."""
        data = super().clean() or {}
        if data.get("status") == Action.Status.DONE and not (data.get("outcome") or "").strip():
            self.add_error("outcome", _("Say what came of the action."))
        closed_on = data.get("closed_on")
        if isinstance(closed_on, date) and closed_on > timezone.localdate():
            self.add_error("closed_on", _("The closing date cannot be in the future."))
        return data


class TrainingEffortForm(forms.ModelForm):
    """A training effort (participations in :data:`TrainingParticipationFormSet`)."""

    occupations = forms.MultipleChoiceField(
        label=_("Occupations (SSYK)"), required=False, choices=occupation_choices
    )

    class Meta:
        model = TrainingEffort
        fields = [
            "title",
            "project",
            "provider",
            "starts_on",
            "ends_on",
            "hours_per_participant",
            "occupations",
        ]
        widgets = {"starts_on": _DATE, "ends_on": _DATE}


class _ParticipationForm(forms.ModelForm):
    ssyk = forms.ChoiceField(label=_("Occupation (SSYK)"), required=False, choices=())

    class Meta:
        model = TrainingParticipation
        fields = [
            "organisation",
            "ssyk",
            "participants_women",
            "participants_men",
            "hours",
            "completed",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["ssyk"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "—"), *occupation_choices()]


TrainingParticipationFormSet = forms.inlineformset_factory(
    TrainingEffort,
    TrainingParticipation,
    form=_ParticipationForm,
    extra=3,
    can_delete=True,
)


class TrainingFilterForm(forms.Form):
    """The period (and optionally the project) of the training figures and the funder export."""

    start = forms.DateField(label=_("From"), required=False, widget=_DATE)
    end = forms.DateField(label=_("To"), required=False, widget=_DATE)
    project = forms.ModelChoiceField(
        label=_("Project (programme)"),
        required=False,
        queryset=Project.objects.all(),
        empty_label=_("All projects"),
    )

    def clean(self) -> dict[str, Any]:
        """The period ends after it starts."""
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The period ends before it starts."))
        return data

"""Forms of the survey: one answer row (in a formset), the upload, and a new round."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ecc_atlas.ingest.survey_files import MAX_ANSWER_ROWS, MAX_COUNT, MAX_TEXT, AnswerRow
from ecc_atlas.web.choices import occupation_choices, skill_groups
from ecc_atlas.web.survey.models import DIFFICULTY_CHOICES, HORIZON_CHOICES, SurveyRound

__all__ = ["AnswerForm", "AnswerFormSet", "RoundForm", "UploadForm", "rows_from"]


class SkillSelect(forms.SelectMultiple):
    """A multiple select whose options carry the SSYK groups they are linked to
    (``data-ssyk``), so the page's script can suggest the skills of the chosen occupation."""

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from ecc_atlas.reference.skills import skill_vocabulary

        option: dict[str, Any] = super().create_option(*args, **kwargs)
        try:
            skill = skill_vocabulary().skill(str(option["value"]))
        except KeyError:
            return option
        option["attrs"]["data-ssyk"] = " ".join(skill.ssyk)
        return option


class AnswerForm(forms.Form):
    """One answer row: occupation, horizon, recruitments, retirements, difficulty, skills."""

    ssyk = forms.ChoiceField(label=_("Occupation (SSYK 2012)"))
    horizon_years = forms.TypedChoiceField(
        label=_("Horizon"), choices=HORIZON_CHOICES, coerce=int, initial=5
    )
    planned_recruitments = forms.IntegerField(
        label=_("Planned recruitments"), min_value=0, max_value=MAX_COUNT
    )
    expected_retirements = forms.IntegerField(
        label=_("Expected retirements"), min_value=0, max_value=MAX_COUNT, initial=0
    )
    difficulty = forms.TypedChoiceField(
        label=_("Recruitment difficulty"), choices=DIFFICULTY_CHOICES, coerce=int
    )
    hard_to_find = forms.CharField(
        label=_("Competences hard to find"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 30}),
    )
    skills = forms.MultipleChoiceField(
        label=_("Skills hard to find"),
        required=False,
        widget=SkillSelect(attrs={"size": 5, "class": "survey-skills"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ssyk_field = self.fields["ssyk"]
        assert isinstance(ssyk_field, forms.ChoiceField)
        ssyk_field.choices = [("", "—"), *occupation_choices()]
        ssyk_field.widget.attrs["class"] = "survey-ssyk"
        skills_field = self.fields["skills"]
        assert isinstance(skills_field, forms.MultipleChoiceField)
        skills_field.choices = skill_groups()
        difficulty = self.fields["difficulty"]
        assert isinstance(difficulty, forms.TypedChoiceField)
        difficulty.choices = [("", "—"), *DIFFICULTY_CHOICES]


class _BaseAnswerFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        """Each occupation and horizon at most once."""
        super().clean()
        seen: dict[tuple[str, int], int] = {}
        for index, form in enumerate(self.forms, start=1):
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not data.get("ssyk"):
                continue
            key = (data["ssyk"], data["horizon_years"])
            if key in seen:
                raise ValidationError(
                    _("Rows %(first)s and %(second)s are both for %(ssyk)s, %(years)s years."),
                    params={"first": seen[key], "second": index, "ssyk": key[0], "years": key[1]},
                    code="duplicate",
                )
            seen[key] = index


AnswerFormSet = forms.formset_factory(
    AnswerForm,
    formset=_BaseAnswerFormSet,
    extra=3,
    can_delete=True,
    max_num=MAX_ANSWER_ROWS,
    validate_max=True,
    absolute_max=MAX_ANSWER_ROWS + 50,
)


def rows_from(formset: forms.BaseFormSet) -> list[AnswerRow]:
    """The filled-in, not deleted rows of a valid formset."""
    rows = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None)
        if not data or data.get("DELETE") or not data.get("ssyk"):
            continue
        rows.append(
            AnswerRow(
                data["ssyk"],
                int(data["horizon_years"]),
                int(data["planned_recruitments"]),
                int(data["expected_retirements"] or 0),
                int(data["difficulty"]),
                (data.get("hard_to_find") or "").strip(),
                tuple(data.get("skills") or ()),
            )
        )
    return sorted(rows, key=lambda r: (r.ssyk, r.horizon_years))


class UploadForm(forms.Form):
    """An answered XLSX template, and whether to submit it at once."""

    file = forms.FileField(label=_("Filled-in template (.xlsx)"))
    submit = forms.BooleanField(
        label=_("Submit the answers when the file is accepted"), required=False
    )


class RoundForm(forms.ModelForm):
    """A new survey round."""

    class Meta:
        model = SurveyRound
        fields = ["year", "opens_on", "closes_on", "note"]
        widgets = {
            "opens_on": forms.DateInput(attrs={"type": "date"}),
            "closes_on": forms.DateInput(attrs={"type": "date"}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

"""Django admin of the survey: rounds and responses with their answer rows (analysts).

The work pages (/survey/rounds/) are the normal way to run a round; the admin is for looking
things up and for corrections. Publication provenance is read-only here.
"""

from __future__ import annotations

from django.contrib import admin

from ecc_atlas.web.survey.models import SurveyAnswer, SurveyResponse, SurveyRound


class AnswerInline(admin.TabularInline):
    model = SurveyAnswer
    extra = 0
    fields = (
        "ssyk",
        "horizon_years",
        "planned_recruitments",
        "expected_retirements",
        "difficulty",
        "hard_to_find",
        "skills",
    )


@admin.register(SurveyRound)
class SurveyRoundAdmin(admin.ModelAdmin):
    list_display = ("year", "status", "opens_on", "closes_on", "published_at", "published_rows")
    list_filter = ("status",)
    readonly_fields = ("created_by", "created_at", "published_at", "published_by", "published_rows")


@admin.register(SurveyResponse)
class SurveyResponseAdmin(admin.ModelAdmin):
    list_display = ("organisation", "round", "status", "channel", "submitted_at", "updated_at")
    list_filter = ("round", "status", "channel")
    search_fields = ("organisation__name", "organisation__org_number")
    list_select_related = ("organisation", "round")
    raw_id_fields = ("organisation",)
    readonly_fields = ("updated_at", "updated_by", "submitted_at", "submitted_by")
    inlines = [AnswerInline]

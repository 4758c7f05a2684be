"""Django admin for analysts: projects, meetings, actions, training efforts, decisions."""

from __future__ import annotations

from django.contrib import admin

from ecc_atlas.web.collaboration.models import (
    Action,
    Meeting,
    MeetingParticipant,
    Participation,
    Project,
    SuggestionDecision,
    TrainingEffort,
    TrainingParticipation,
)


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ("organisation",)


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "status", "starts_on", "ends_on", "public", "synthetic")
    list_filter = ("kind", "status", "public", "synthetic")
    search_fields = ("title", "description", "funders")
    date_hierarchy = "starts_on"
    inlines = [ParticipationInline]


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ("project", "organisation", "role")
    list_filter = ("role",)
    search_fields = ("project__title", "organisation__name")
    autocomplete_fields = ("organisation",)


class MeetingParticipantInline(admin.TabularInline):
    model = MeetingParticipant
    extra = 0
    autocomplete_fields = ("organisation",)


class ActionInline(admin.TabularInline):
    model = Action
    extra = 0
    fields = ("description", "owner", "owner_name", "due_on", "status", "closed_on", "outcome")


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("date", "title", "kind", "project", "synthetic")
    list_filter = ("kind", "synthetic")
    search_fields = ("title", "topic", "decisions", "notes")
    date_hierarchy = "date"
    inlines = [MeetingParticipantInline, ActionInline]


@admin.register(MeetingParticipant)
class MeetingParticipantAdmin(admin.ModelAdmin):
    list_display = ("meeting", "organisation", "people")
    search_fields = ("meeting__title", "organisation__name")
    autocomplete_fields = ("organisation",)


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = (
        "description",
        "meeting",
        "owner",
        "owner_name",
        "due_on",
        "status",
        "closed_on",
    )
    list_filter = ("status",)
    search_fields = ("description", "outcome", "owner_name", "meeting__title")


class TrainingParticipationInline(admin.TabularInline):
    model = TrainingParticipation
    extra = 0
    autocomplete_fields = ("organisation",)


@admin.register(TrainingEffort)
class TrainingEffortAdmin(admin.ModelAdmin):
    list_display = ("title", "project", "provider", "starts_on", "ends_on", "synthetic")
    list_filter = ("synthetic",)
    search_fields = ("title", "project__title", "provider__name")
    date_hierarchy = "starts_on"
    inlines = [TrainingParticipationInline]


@admin.register(TrainingParticipation)
class TrainingParticipationAdmin(admin.ModelAdmin):
    list_display = (
        "effort",
        "organisation",
        "ssyk",
        "participants_women",
        "participants_men",
        "hours",
        "completed",
    )
    search_fields = ("effort__title", "organisation__name", "ssyk")
    autocomplete_fields = ("organisation",)


@admin.register(SuggestionDecision)
class SuggestionDecisionAdmin(admin.ModelAdmin):
    list_display = ("kind", "key", "decision", "decided_by", "decided_at")
    list_filter = ("kind", "decision")
    search_fields = ("key", "note")

"""Django admin for analysts: organisations, workplaces, segments, delimitation decisions."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from ecc_atlas.web.registry.models import (
    DelimitationDecision,
    ImportJob,
    Organisation,
    Segment,
    Workplace,
)


class WorkplaceInline(admin.TabularInline):
    model = Workplace
    extra = 0


class DecisionInline(admin.TabularInline):
    model = DelimitationDecision
    extra = 0
    fields = ("year", "included", "segment", "reason", "decided_by_name", "decided_at")
    readonly_fields = ("decided_at",)
    ordering = ("-year", "-decided_at")


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "org_number_display", "kind", "sni_code", "rd_intensity", "synthetic")
    list_filter = ("kind", "segments", "rd_intensity", "export_class", "synthetic")
    search_fields = ("name", "org_number", "sni_code")
    filter_horizontal = ("segments",)
    inlines = [WorkplaceInline, DecisionInline]
    # Django 6's default, adopted now: a website typed without a scheme is https.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    @admin.display(description=_("organisation number"), ordering="org_number")
    def org_number_display(self, obj: Organisation) -> str:
        return obj.org_number_display


@admin.register(Segment)
class SegmentAdmin(admin.ModelAdmin):
    list_display = ("code", "name_sv", "name_en", "version")
    search_fields = ("code", "name_sv", "name_en")


@admin.register(Workplace)
class WorkplaceAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation", "kommun_code")
    list_filter = ("kommun_code",)
    search_fields = ("name", "organisation__name")


@admin.register(DelimitationDecision)
class DelimitationDecisionAdmin(admin.ModelAdmin):
    list_display = ("organisation", "year", "included", "segment", "decided_by_name", "decided_at")
    list_filter = ("year", "included", "segment")
    search_fields = ("organisation__name", "organisation__org_number", "reason")
    readonly_fields = ("decided_by", "decided_at")
    autocomplete_fields = ("organisation",)

    def save_model(
        self, request: HttpRequest, obj: DelimitationDecision, form: Any, change: bool
    ) -> None:
        """Record who made the decision."""
        if request.user.is_authenticated:
            obj.decided_by = request.user
            obj.decided_by_name = obj.decided_by_name or request.user.get_username()
        super().save_model(request, obj, form, change)


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """Uploaded imports, read-only (they are made on the upload page)."""

    list_display = ("file_name", "source", "status", "phase", "user_name", "created_at")
    list_filter = ("source", "status")
    search_fields = ("file_name", "sha256", "user_name")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

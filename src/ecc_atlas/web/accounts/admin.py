"""Admin: users with their role and memberships, the audit log (administrators only)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from ecc_atlas.web.accounts import resets
from ecc_atlas.web.accounts.models import Account, AuditEvent, Membership, ResetLink
from ecc_atlas.web.accounts.roles import is_admin, role_of, set_role

User = get_user_model()


class _AdminsOnly:
    """Only administrators see and manage this model."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_admin(request.user)


class _ReadOnly:
    """Entries are written by the product, never edited or deleted by hand."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(_AdminsOnly, _ReadOnly, admin.ModelAdmin):
    """The audit log: read-only, searchable, for administrators."""

    list_display = ("at", "actor_name", "action", "target", "ip_address")
    list_filter = ("action", "at")
    search_fields = ("actor_name", "action", "target")
    date_hierarchy = "at"
    readonly_fields = ("at", "actor", "actor_name", "action", "target", "details", "ip_address")


@admin.register(ResetLink)
class ResetLinkAdmin(_AdminsOnly, _ReadOnly, admin.ModelAdmin):
    """Issued reset links (digests only), for administrators."""

    list_display = ("user", "issued_by", "issued_at", "expires_at", "used_at")
    list_filter = ("issued_at",)
    search_fields = ("user__username",)
    date_hierarchy = "issued_at"
    readonly_fields = ("user", "issued_by", "issued_at", "expires_at", "used_at")
    exclude = ("token_digest",)


@admin.register(Membership)
class MembershipAdmin(_AdminsOnly, admin.ModelAdmin):
    """Which member users act for which organisations."""

    list_display = ("user", "organisation", "added_at")
    search_fields = ("user__username", "organisation__name", "organisation__org_number")
    autocomplete_fields = ("organisation",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_admin(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_admin(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_admin(request.user)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("organisation",)


class AccountInline(admin.StackedInline):
    model = Account
    can_delete = False
    extra = 0


admin.site.unregister(User)


@admin.register(User)
class AtlasUserAdmin(_AdminsOnly, UserAdmin):
    """Users with their product role and memberships; actions issue one-time reset links."""

    inlines = [AccountInline, MembershipInline]
    list_display = ("username", "email", "role", "is_active", "last_login")
    actions = ["issue_reset_link"]

    @admin.display(description=_("role"))
    def role(self, obj: Any) -> str:
        return str(role_of(obj).label)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """Keep staff/superuser flags and groups in line with the chosen role."""
        super().save_related(request, form, formsets, change)
        account = Account.objects.filter(user=form.instance).first()
        if account is not None:
            set_role(form.instance, account.role, actor=request.user, request=request)

    @admin.action(description=_("Issue a one-time password-reset link"))
    def issue_reset_link(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for user in queryset:
            token = resets.issue(user, actor=request.user, request=request)
            url = request.build_absolute_uri(resets.reset_path(token))
            messages.warning(
                request,
                _("One-time link for %(user)s (shown once, valid 24 hours): %(url)s")
                % {"user": user.get_username(), "url": url},
            )

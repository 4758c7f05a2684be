from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from ecc_atlas.web.accounts.models import AuditEvent, Role
from ecc_atlas.web.accounts.permissions import (
    can_see_organisation,
    get_visible_organisation,
    visible_organisations,
)
from ecc_atlas.web.accounts.roles import ANALYST_GROUP, is_admin, is_analyst, role_of, set_role

pytestmark = pytest.mark.django_db


def test_roles_map_onto_django_flags(member_a: Any, analyst: Any, admin_user: Any) -> None:
    assert role_of(AnonymousUser()) is Role.PUBLIC
    assert role_of(member_a) is Role.MEMBER
    assert (member_a.is_staff, member_a.is_superuser) == (False, False)
    assert role_of(analyst) is Role.ANALYST
    assert analyst.is_staff
    assert not analyst.is_superuser
    assert analyst.groups.filter(name=ANALYST_GROUP).exists()
    assert analyst.has_perm("registry.change_organisation")
    assert not analyst.has_perm("auth.change_user")
    assert not analyst.has_perm("accounts.view_auditevent")
    assert role_of(admin_user) is Role.ADMIN
    assert is_admin(admin_user)
    assert is_analyst(admin_user)
    assert not is_analyst(member_a)


def test_disabled_user_is_public(member_a: Any) -> None:
    member_a.is_active = False
    assert role_of(member_a) is Role.PUBLIC
    assert not visible_organisations(member_a).exists()


def test_role_change_is_audited_and_reversible(member_a: Any, admin_user: Any) -> None:
    set_role(member_a, "analyst", actor=admin_user)
    event = AuditEvent.objects.filter(action="user.role_change").latest("at")
    assert event.details == {"from": "member", "to": "analyst"}
    assert event.actor == admin_user
    set_role(member_a, Role.MEMBER, actor=admin_user)
    member_a.refresh_from_db()
    assert not member_a.is_staff
    assert not member_a.groups.filter(name=ANALYST_GROUP).exists()
    with pytest.raises(ValueError, match="public"):
        set_role(member_a, Role.PUBLIC)


def test_superuser_without_account_is_admin(django_user_model: Any) -> None:
    root = django_user_model.objects.create_superuser("root", password="x" * 20)
    staff = django_user_model.objects.create_user("staff", password="x" * 20, is_staff=True)
    plain = django_user_model.objects.create_user("plain", password="x" * 20)
    assert (role_of(root), role_of(staff), role_of(plain)) == (
        Role.ADMIN,
        Role.ANALYST,
        Role.MEMBER,
    )


def test_visible_organisations(
    member_a: Any, analyst: Any, org_a: Any, org_b: Any, make_user: Any
) -> None:
    assert list(visible_organisations(member_a)) == [org_a]
    assert set(visible_organisations(analyst)) == {org_a, org_b}
    assert not visible_organisations(AnonymousUser()).exists()
    assert not visible_organisations(None).exists()
    both = make_user("both", "member", (org_a, org_b))
    assert set(visible_organisations(both)) == {org_a, org_b}
    assert visible_organisations(both).count() == 2  # no duplicates from the join
    assert can_see_organisation(member_a, org_a)
    assert can_see_organisation(member_a, org_a.pk)
    assert can_see_organisation(member_a, org_a.org_number_display)
    assert not can_see_organisation(member_a, org_b)
    from django.http import Http404

    with pytest.raises(Http404):
        get_visible_organisation(member_a, org_number=org_b.org_number)
    with pytest.raises(Http404):
        get_visible_organisation(member_a, pk=org_b.pk)
    with pytest.raises(Http404):
        get_visible_organisation(member_a)
    assert get_visible_organisation(analyst, pk=org_b.pk) == org_b

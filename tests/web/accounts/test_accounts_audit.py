from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client, RequestFactory

from ecc_atlas.web.accounts import audit
from ecc_atlas.web.accounts.models import AuditEvent, Membership
from ecc_atlas.web.registry.models import DelimitationDecision

pytestmark = pytest.mark.django_db


def test_record_api(member_a: Any, org_a: Any) -> None:
    request = RequestFactory().post("/x", REMOTE_ADDR="10.1.2.3")
    event = audit.record(
        member_a,
        audit.SURVEY_SUBMIT,
        org_a,
        {"year": 2026, "when": dt.date(2026, 1, 2)},
        request=request,
    )
    event.refresh_from_db()
    assert event.actor == member_a
    assert event.actor_name == "member_a"
    assert event.target.startswith(f"registry.Organisation:{org_a.pk} ")
    assert event.details == {"year": 2026, "when": "2026-01-02"}
    assert event.ip_address == "10.1.2.3"
    system = audit.record(None, audit.IMPORT, "scb:table", None)
    assert (system.actor, system.actor_name, system.details) == (None, "", {})
    assert audit.record("cli:ops", audit.EXPORT).actor_name == "cli:ops"
    assert audit.cli_actor().startswith("cli")


def test_delimitation_decisions_are_audited(org_a: Any, analyst: Any) -> None:
    decision = DelimitationDecision.objects.create(
        organisation=org_a,
        year=2024,
        included=False,
        reason="Not an energy company",
        classification_version="1",
        decided_by=analyst,
    )
    event = AuditEvent.objects.get(action=audit.DELIMITATION_DECISION)
    assert event.actor == analyst
    assert event.details["decision_id"] == decision.pk
    assert event.details["created"] is True
    decision.delete()
    assert AuditEvent.objects.filter(action=audit.DELIMITATION_DECISION).count() == 2


def test_memberships_are_audited(member_a: Any, org_b: Any) -> None:
    assert AuditEvent.objects.filter(action=audit.MEMBERSHIP_ADD).count() == 1
    Membership.objects.filter(user=member_a).delete()
    assert AuditEvent.objects.filter(action=audit.MEMBERSHIP_REMOVE).count() == 1


def test_sign_in_and_out_are_audited(member_a: Any, password: str) -> None:
    client = Client()
    response = client.post("/accounts/login/", {"username": "member_a", "password": password})
    assert response.status_code == 302
    client.post("/accounts/logout/")
    client.post("/accounts/login/", {"username": "member_a", "password": "wrong"})
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions[-3:] == [audit.LOGIN, audit.LOGOUT, audit.LOGIN_FAILED]
    failed = AuditEvent.objects.get(action=audit.LOGIN_FAILED)
    assert failed.target == "member_a"
    assert failed.ip_address == "127.0.0.1"


def test_audit_log_is_visible_to_admins_only(member_a: Any, analyst: Any, admin_user: Any) -> None:
    audit.record(admin_user, audit.EXPORT, "report.pdf")
    client = Client()
    client.force_login(admin_user)
    page = client.get("/admin/accounts/auditevent/")
    assert page.status_code == 200
    assert "report.pdf" in page.content.decode()
    event = AuditEvent.objects.filter(target="report.pdf").get()
    assert client.get(f"/admin/accounts/auditevent/{event.pk}/change/").status_code == 200
    assert client.get("/admin/accounts/auditevent/add/").status_code == 403
    delete = client.post(f"/admin/accounts/auditevent/{event.pk}/delete/", {"post": "yes"})
    assert delete.status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()
    client.force_login(analyst)
    assert client.get("/admin/accounts/auditevent/").status_code == 403
    assert client.get("/admin/registry/organisation/").status_code == 200
    client.force_login(member_a)
    assert client.get("/admin/accounts/auditevent/").status_code == 302  # to the admin login

"""Exports by signed-in users are written to the audit log; public downloads are not."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.test import Client

from ecc_atlas.config import Settings
from ecc_atlas.web.accounts.models import AuditEvent


def test_signed_in_export_is_audited(demo: Settings, client: Client) -> None:
    before = AuditEvent.objects.filter(action="export").count()
    assert client.get("/api/tables/kommun-employment/export?format=csv").status_code == 200
    assert AuditEvent.objects.filter(action="export").count() == before  # anonymous
    user = get_user_model().objects.create_user("export-analyst", password="pw-7d6c5b4a")
    client.force_login(user)
    response = client.get("/api/tables/kommun-employment/export?format=xlsx")
    assert response.status_code == 200
    event = AuditEvent.objects.filter(action="export").latest("id")
    assert event.actor_name == "export-analyst"
    assert event.target == "kommun-employment"
    assert event.details == {"format": "xlsx"}

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from ecc_atlas.web.registry.models import Organisation, Segment

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst_client() -> Client:
    user = get_user_model().objects.create_superuser(
        "registry-analyst", "a@example.invalid", "pw-9f8e7d6c"
    )
    client = Client()
    client.force_login(user)
    return client


def test_admin_login_page_in_swedish_and_english(client: Client) -> None:
    sv = client.get("/admin/login/")
    assert sv.status_code == 200
    assert "Användarnamn" in sv.content.decode()
    en = client.get("/en/admin/login/")
    assert en.status_code == 200
    assert "Username" in en.content.decode()


def test_analyst_adds_organisation_and_decision(analyst_client: Client) -> None:
    Segment.objects.get_or_create(
        code="grids",
        defaults={"name_sv": "Nät", "name_en": "Grids", "classification": "t", "version": "t"},
    )
    response = analyst_client.post(
        "/admin/registry/organisation/add/",
        {
            "org_number": "556036-0793",
            "name": "Provbolaget AB",
            "kind": "company",
            "rd_intensity": "high",
            "export_class": "some",
            "segments": ["grids"],
            "workplaces-TOTAL_FORMS": "1",
            "workplaces-INITIAL_FORMS": "0",
            "workplaces-0-name": "Västerås",
            "workplaces-0-kommun_code": "1980",
            "decisions-TOTAL_FORMS": "1",
            "decisions-INITIAL_FORMS": "0",
            "decisions-0-year": "2024",
            "decisions-0-included": "on",
            "decisions-0-segment": "grids",
            "decisions-0-reason": "Bygger ställverk",
            "decisions-0-decided_by_name": "analys",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    org = Organisation.objects.get(org_number="5560360793")
    assert org.org_number == "5560360793"
    assert org.workplaces.get().kommun_code == "1980"
    assert org.decisions.get().included


def test_admin_refuses_bad_org_number(analyst_client: Client) -> None:
    response = analyst_client.post(
        "/en/admin/registry/organisation/add/",
        {
            "org_number": "556036-0794",
            "name": "Fel AB",
            "kind": "company",
            "rd_intensity": "unknown",
            "export_class": "unknown",
            "workplaces-TOTAL_FORMS": "0",
            "workplaces-INITIAL_FORMS": "0",
            "decisions-TOTAL_FORMS": "0",
            "decisions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "check digit" in response.content.decode()
    assert not Organisation.objects.filter(name="Fel AB").exists()

"""The delimitation workflow: screening, decisions with history and audit, bulk, carry-over,
and re-delimiting re-computes the dashboard's figures."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.compute as pc
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from pytest_django import DjangoDbBlocker
from pytest_django import Settings as SettingsWrapper

from ecc_atlas.config import Settings, load_settings
from ecc_atlas.identifiers import luhn_check_digit
from ecc_atlas.services.reference import sync_segments
from ecc_atlas.warehouse import Catalog
from ecc_atlas.web.accounts.models import AuditEvent
from ecc_atlas.web.accounts.roles import set_role
from ecc_atlas.web.registry.forms import parse_members
from ecc_atlas.web.registry.models import DelimitationDecision, Organisation, Workplace

pytestmark = pytest.mark.django_db
PASSWORD = "delimit-test-pw-3b9d"


def org_number(n: int) -> str:
    body = f"55902{n:04d}"
    return body + str(luhn_check_digit(body))


def _user(name: str, role: str) -> Any:
    user = get_user_model().objects.create_user(
        username=name, password=PASSWORD, first_name="Ada", last_name=name.title()
    )
    set_role(user, role)
    return user


@pytest.fixture
def analyst() -> Any:
    return _user("delimit-analyst", "analyst")


@pytest.fixture
def client_(analyst: Any) -> Client:
    client = Client()
    client.force_login(analyst)
    return client


@pytest.fixture
def orgs(db: None) -> dict[str, Organisation]:
    """Three candidates: a grid company in Västerås, a consultant in Köping, a school."""
    sync_segments()
    grid = Organisation.objects.create(
        org_number=org_number(1),
        name="Screeningnät AB",
        sni_code="35.13",
        description="Eldistribution i Mälardalen",
    )
    consult = Organisation.objects.create(
        org_number=org_number(2), name="Screeningkonsult AB", sni_code="71.12"
    )
    school = Organisation.objects.create(
        org_number=org_number(3), name="Screeningskolan", sni_code="85.42", kind="academia"
    )
    Workplace.objects.create(organisation=grid, name="Nätkontoret", kommun_code="1980")
    Workplace.objects.create(organisation=consult, name="Köpingskontoret", kommun_code="1983")
    Workplace.objects.create(organisation=school, name="Campus", kommun_code="1980")
    return {"grid": grid, "consult": consult, "school": school}


def _screen(client: Client, **params: str) -> str:
    response = client.get("/en/registry/delimitation/", {"year": "2031", **params})
    assert response.status_code == 200
    return response.content.decode()


def test_screening_filters_combine(client_: Client, orgs: dict[str, Organisation]) -> None:
    everything = _screen(client_, keyword="Screening")
    assert all(o.name in everything for o in orgs.values())
    by_sni = _screen(client_, keyword="Screening", sni="35")
    assert "Screeningnät AB" in by_sni
    assert "Screeningkonsult AB" not in by_sni
    assert "Screeningnät AB" in _screen(client_, sni="3513", keyword="Screening")
    by_kommun = _screen(client_, kommun="1980", keyword="Screening")
    assert "Screeningnät AB" in by_kommun
    assert "Screeningskolan" in by_kommun
    assert "Screeningkonsult AB" not in by_kommun
    combined = _screen(client_, kommun="1980", sni="85", keyword="Screening")
    assert "Screeningskolan" in combined
    assert "Screeningnät AB" not in combined
    by_description = _screen(client_, keyword="Mälardalen")
    assert "Screeningnät AB" in by_description
    assert "Screeningskolan" not in by_description
    # the row shows SNI, kommun and the suggested segment of the SNI code
    assert "35.13" in by_sni
    assert "Västerås" in by_sni
    assert "Grids" in by_sni or "grids" in by_sni.lower()


def test_member_list_filter_reports_invalid_numbers(
    client_: Client, orgs: dict[str, Organisation]
) -> None:
    grid, school = orgs["grid"], orgs["school"]
    missing = org_number(9)
    pasted = f"{grid.org_number_display}\n{school.org_number}\n123456-7890\nhej\n{missing}\n"
    page = _screen(client_, members=pasted)
    assert "Screeningnät AB" in page
    assert "Screeningskolan" in page
    assert "Screeningkonsult AB" not in page
    assert 'data-testid="invalid-members"' in page
    assert "123456-7890" in page
    assert "hej" in page
    assert f"{missing[:6]}-{missing[6:]}" in page  # valid but not in the registry
    assert parse_members("5560360793, 556036-0793;x") == (["5560360793"], ["x"])


def test_invalid_filters_and_pages_do_not_fail(
    client_: Client, orgs: dict[str, Organisation]
) -> None:
    for params in (
        {"year": "abc"},
        {"year": "3000"},
        {"sni": "<script>"},
        {"kommun": "9999"},
        {"page": "999"},
        {"page": "x"},
        {"status": "nonsense"},
    ):
        response = client_.get("/registry/delimitation/", params)
        assert response.status_code == 200
    assert client_.get("/registry/delimitation/no-such-org/").status_code == 404


def test_decide_one_organisation_with_history_and_audit(
    client_: Client, analyst: Any, orgs: dict[str, Organisation]
) -> None:
    grid = orgs["grid"]
    url = f"/en/registry/delimitation/{grid.org_number}/"
    page = client_.get(url, {"year": "2031"}).content.decode()
    assert "Decision history" in page
    assert "No decisions yet." in page
    # a reason is required; a segment when included
    missing = client_.post(
        url,
        {"year": "2031", "decision": "include", "reason": " ", "rd_intensity": "high",
         "export_class": "some"},
    )  # fmt: skip
    assert missing.status_code == 400
    assert "Give the reason" in missing.content.decode()
    assert "needs a segment" in missing.content.decode()
    assert not DelimitationDecision.objects.filter(organisation=grid).exists()

    first = client_.post(
        url,
        {"year": "2031", "decision": "include", "segment": "grids",
         "reason": "Distribuerar el", "rd_intensity": "high", "export_class": "some"},
    )  # fmt: skip
    assert first.status_code == 302
    grid.refresh_from_db()
    assert grid.rd_intensity == "high"
    assert grid.export_class == "some"
    second = client_.post(
        url,
        {"year": "2031", "decision": "exclude", "reason": "Bara fastighetsnät",
         "rd_intensity": "low", "export_class": "some"},
    )  # fmt: skip
    assert second.status_code == 302
    decisions = list(DelimitationDecision.objects.filter(organisation=grid).order_by("id"))
    assert [d.included for d in decisions] == [True, False]  # history kept
    assert decisions[1].segment is None
    assert decisions[1].decided_by == analyst
    assert decisions[1].decided_by_name == "Ada Delimit-Analyst"
    events = _events()
    assert [e.details["included"] for e in events] == [True, False]
    assert events[0].details["organisation_changes"] == {
        "rd_intensity": ["unknown", "high"],
        "export_class": ["unknown", "some"],
    }
    assert events[1].details["organisation_changes"] == {"rd_intensity": ["high", "low"]}
    assert events[1].actor == analyst
    history = client_.get(url, {"year": "2031"}).content.decode()
    assert "Distribuerar el" in history
    assert "Bara fastighetsnät" in history
    assert "superseded" in history
    # the screening shows the latest decision
    screening = _screen(client_, keyword="Screeningnät")
    assert "Excluded" in screening
    assert "Bara fastighetsnät" in screening
    assert "Screeningnät AB" in _screen(client_, status="excluded", keyword="Screening")
    assert "Screeningnät AB" not in _screen(client_, status="included", keyword="Screening")
    assert "Screeningskolan" in _screen(client_, status="undecided", keyword="Screening")


def test_bulk_decision_for_selected_rows(
    client_: Client, analyst: Any, orgs: dict[str, Organisation]
) -> None:
    chosen = [orgs["grid"], orgs["consult"]]
    back = "/en/registry/delimitation/?year=2031&keyword=Screening"
    response = client_.post(
        "/en/registry/delimitation/decide/",
        {"organisations": [o.pk for o in chosen], "year": "2031", "decision": "include",
         "segment": "grids", "reason": "Elnätskedjan", "next": back},
    )  # fmt: skip
    assert response.status_code == 302
    assert response["Location"] == back
    for org in chosen:
        decision = DelimitationDecision.objects.get(organisation=org, year=2031)
        assert decision.included
        assert decision.segment_id == "grids"
        assert decision.reason == "Elnätskedjan"
        assert decision.decided_by == analyst
    assert not DelimitationDecision.objects.filter(organisation=orgs["school"]).exists()
    assert len(_events()) == 2
    # nothing selected, an external "next", no segment: refused without a change
    refused = client_.post(
        "/en/registry/delimitation/decide/",
        {"year": "2031", "decision": "include", "reason": "x", "next": "https://evil.example/"},
        follow=True,
    )
    assert refused.status_code == 200
    assert "Select at least one organisation" in refused.content.decode()
    assert DelimitationDecision.objects.filter(year=2031).count() == 2


def test_carry_over_copies_last_years_decisions(
    client_: Client, analyst: Any, orgs: dict[str, Organisation]
) -> None:
    grid, consult, school = orgs["grid"], orgs["consult"], orgs["school"]
    for org, included in ((grid, True), (consult, False)):
        DelimitationDecision.objects.create(
            organisation=org, year=2030, included=included, reason="Första bedömningen",
            segment_id="grids" if included else None, classification_version="t",
        )  # fmt: skip
    DelimitationDecision.objects.create(
        organisation=consult, year=2031, included=True, reason="Redan beslutat",
        segment_id="services" if "services" in _segment_codes() else "grids",
        classification_version="t",
    )  # fmt: skip
    response = client_.post(
        "/en/registry/delimitation/carry-over/", {"from_year": "2030", "to_year": "2031"}
    )
    assert response.status_code == 302
    copied = DelimitationDecision.objects.get(organisation=grid, year=2031)
    assert copied.included
    assert copied.segment_id == "grids"
    assert copied.reason.startswith("Carried over from 2030")
    assert copied.decided_by == analyst
    kept = DelimitationDecision.objects.filter(organisation=consult, year=2031)
    assert [d.reason for d in kept] == ["Redan beslutat"]  # not overwritten
    assert not DelimitationDecision.objects.filter(organisation=school, year=2031).exists()
    events = _events()
    assert len(events) == 1
    assert events[0].details["how"] == "carry_over"
    assert events[0].target.endswith(f"{grid.name} ({grid.org_number_display})")
    same = client_.post(
        "/en/registry/delimitation/carry-over/",
        {"from_year": "2031", "to_year": "2031"},
        follow=True,
    )
    assert "another year" in same.content.decode()


def _events() -> list[AuditEvent]:
    """The decision events: one per decision, the workflow's own (with ``how``)."""
    events = list(AuditEvent.objects.filter(action="registry.delimitation_decision").order_by("id"))
    mine = [e for e in events if "how" in e.details]
    decided = {e.details["decision"] for e in mine}
    twice = [e for e in events if e.details.get("decision_id") in decided]
    assert not twice, "one event per decision, not two"
    return mine


def _segment_codes() -> set[str]:
    from ecc_atlas.web.registry.models import Segment

    return set(Segment.objects.values_list("code", flat=True))


def test_only_analysts_decide(orgs: dict[str, Organisation]) -> None:
    member = _user("delimit-member", "member")
    client = Client()
    client.force_login(member)
    grid = orgs["grid"]
    for url in (
        "/registry/delimitation/",
        f"/registry/delimitation/{grid.org_number}/",
    ):
        assert client.get(url).status_code == 403
    posted = client.post(
        f"/registry/delimitation/{grid.org_number}/",
        {"year": "2031", "decision": "exclude", "reason": "x", "rd_intensity": "low",
         "export_class": "none"},
    )  # fmt: skip
    assert posted.status_code == 403
    assert client.post("/registry/delimitation/decide/", {}).status_code == 403
    assert client.post("/registry/delimitation/carry-over/", {}).status_code == 403
    assert not DelimitationDecision.objects.filter(organisation=grid).exists()
    anonymous = Client().get("/registry/delimitation/")
    assert anonymous.status_code == 302


# -- re-delimiting re-computes the figures -----------------------------------------------------
@pytest.fixture(scope="module")
def demo_home(
    tmp_path_factory: pytest.TempPathFactory,
    django_db_setup: None,
    django_db_blocker: DjangoDbBlocker,
) -> Iterator[Settings]:
    from ecc_atlas.services.demo import load_demo
    from ecc_atlas.web.dashboard import data

    home: Path = tmp_path_factory.mktemp("delimitation-home")
    config = load_settings(home=home)
    with django_db_blocker.unblock():
        load_demo(config)
    yield config
    data.clear_cache()
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


def test_excluding_an_organisation_changes_the_employee_figure(
    demo_home: Settings,
    settings: SettingsWrapper,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ecc_atlas.web.dashboard import data

    settings.ECC_ATLAS = demo_home
    monkeypatch.setattr(data, "VERSION_CHECK_SECONDS", 0.0)
    data.clear_cache()
    before = data.figures()
    year = before.year
    employees = before.figure("employees").value
    # the included organisation with the most employees in the county that year
    workforce = Catalog(demo_home.warehouse_dir).read_arrow("workforce")
    rows = workforce.filter(
        pc.and_(pc.equal(workforce["year"], year), pc.starts_with(workforce["kommun_code"], "19"))
    )
    per_org: dict[str, int] = {}
    for number, count in zip(
        rows["org_number"].to_pylist(), rows["employees"].to_pylist(), strict=True
    ):
        per_org[number] = per_org.get(number, 0) + int(count)
    included = {
        d.organisation.org_number: d
        for d in DelimitationDecision.objects.filter(year=year)
        .select_related("organisation")
        .order_by("decided_at", "id")
    }
    candidates = [n for n, d in included.items() if d.included and per_org.get(n)]
    assert candidates, "the demo has included organisations with employees"
    target = max(candidates, key=lambda n: per_org[n])
    analyst = _user("figure-analyst", "analyst")
    client = Client()
    client.force_login(analyst)
    response = client.post(
        f"/en/registry/delimitation/{target}/",
        {"year": str(year), "decision": "exclude", "reason": "Ingen energiverksamhet längre",
         "rd_intensity": "unknown", "export_class": "unknown"},
    )  # fmt: skip
    assert response.status_code == 302
    after = data.figures(year=year).figure("employees").value
    assert after == employees - per_org[target]
    data.clear_cache()

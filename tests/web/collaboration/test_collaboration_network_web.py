"""The actor-network page and its chart spec (analysts only)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.test import Client

from ecc_atlas.identifiers import luhn_check_digit

pytestmark = pytest.mark.django_db
URL = "/en/collaboration/network/"
CHART = "/en/collaboration/network/chart.json"
PERIOD = {"from": "2097", "to": "2097"}


@pytest.fixture
def world(db: None) -> dict[str, Any]:
    """In 2097: Nettest Uni – Nettest Region – Nettest Firm (a project and a meeting), and a
    member that shares nothing with anyone."""
    from django.contrib.auth import get_user_model

    from ecc_atlas.web.accounts.models import Membership
    from ecc_atlas.web.accounts.roles import set_role
    from ecc_atlas.web.collaboration.models import (
        Meeting,
        MeetingParticipant,
        Participation,
        Project,
    )
    from ecc_atlas.web.registry.models import Organisation

    orgs = {}
    for label, stem, kind in (("uni", "559855001", "academia"), ("region", "559855002",
                              "public_actor"), ("firm", "559855003", "company"),
                              ("lonely", "559855004", "company")):  # fmt: skip
        orgs[label] = Organisation.objects.create(
            org_number=stem + str(luhn_check_digit(stem)), name=f"Nettest {label}", kind=kind
        )
    project = Project.objects.create(
        title="Nettest project", kind="research", starts_on=date(2097, 1, 1),
        ends_on=date(2097, 12, 31),
    )  # fmt: skip
    Participation.objects.create(project=project, organisation=orgs["uni"], role="lead")
    Participation.objects.create(project=project, organisation=orgs["region"], role="funder")
    Participation.objects.create(project=project, organisation=orgs["region"], role="partner")
    meeting = Meeting.objects.create(date=date(2097, 5, 1), title="Nettest meeting")
    MeetingParticipant.objects.create(meeting=meeting, organisation=orgs["region"])
    MeetingParticipant.objects.create(meeting=meeting, organisation=orgs["firm"], people=3)
    users = get_user_model()
    member = users.objects.create_user(username="nettest_member")
    set_role(member, "member")
    Membership.objects.create(user=member, organisation=orgs["lonely"])
    analyst = users.objects.create_user(username="nettest_analyst")
    set_role(analyst, "analyst")
    return {**orgs, "member": member, "analyst": analyst}


def _client(user: Any = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _table(html: str, testid: str) -> str:
    return html.split(f'data-testid="{testid}"')[1].split("</table>")[0]


def _row(table: str, name: str) -> list[str]:
    row = table.split(f'<th scope="row">{name}</th>')[1].split("</tr>")[0]
    return [re.sub(r"<[^>]+>", "", c).strip() for c in row.split("</td>")[:-1]]


def test_network_page_for_a_period(world: dict[str, Any]) -> None:
    page = _client(world["analyst"]).get(URL, PERIOD)
    assert page.status_code == 200
    html = page.content.decode()
    assert '<dd data-testid="network-orgs">3</dd>' in html
    assert '<dd data-testid="network-ties">2</dd>' in html
    centrality = _table(html, "centrality-table")
    # the region is between the university and the firm: degree 2, strength 2,
    # betweenness 1 of (3−1)(3−2)/2 = 1 pair; two roles in one project count once
    assert _row(centrality, "Nettest region") == ["Public actor", "2", "2", "1.000", "1.000", "1"]
    assert _row(centrality, "Nettest uni")[:4] == ["Academia", "1", "1", "0.000"]
    brokers = _table(html, "brokers-table")
    assert _row(brokers, "Nettest region") == ["Public actor", "Liaison", "1", "1", "1", "1.00",
                                               "1.000"]  # fmt: skip
    never = _table(html, "never-table")
    assert "Nettest lonely" in never
    assert "Nettest firm" not in never
    assert 'data-vega-spec-url="/en/collaboration/network/chart.json?from=2097&amp;to=2097"' in html
    # no inline scripts (CSP: script-src 'self')
    assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", html))


def test_another_period_has_no_ties(world: dict[str, Any]) -> None:
    html = _client(world["analyst"]).get(URL, {"from": "2096", "to": "2096"}).content.decode()
    assert "Nettest region" not in _table(html, "centrality-table")
    assert "Nettest lonely" in _table(html, "never-table")
    # a reversed or malformed period is read sensibly, never an error
    assert _client(world["analyst"]).get(URL, {"from": "2097", "to": "2090"}).status_code == 200
    assert _client(world["analyst"]).get(URL, {"from": "abc", "to": "'1"}).status_code == 200


def test_chart_spec(world: dict[str, Any]) -> None:
    answer = _client(world["analyst"]).get(CHART, PERIOD)
    assert answer.status_code == 200
    spec = answer.json()
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v5")
    ties, points = spec["layer"]
    assert ties["mark"]["type"] == "rule"
    assert sorted(e["weight"] for e in ties["data"]["values"]) == [1, 1]
    names = {p["name"]: p for p in points["data"]["values"]}
    assert set(names) == {"Nettest uni", "Nettest region", "Nettest firm"}
    assert names["Nettest region"]["kind"] == "Public actor"
    colour = points["encoding"]["color"]["scale"]
    assert colour["domain"] == ["Company", "Academia", "Public actor"]  # only kinds present
    assert colour["range"][2] == "#cc79a7"  # public actors keep their colour
    assert all(-1.0001 <= p["x"] <= 1.0001 and -1.0001 <= p["y"] <= 1.0001 for p in names.values())
    assert "3 organisations and 2 ties" in spec["description"]
    # the seeded layout draws the same network the same way
    again = _client(world["analyst"]).get(CHART, PERIOD).json()
    assert again["layer"][1]["data"] == points["data"]


def test_members_and_visitors_are_kept_out(world: dict[str, Any]) -> None:
    for url in (URL, CHART):
        assert _client(world["member"]).get(url).status_code == 403
        answer = _client().get(url)
        assert answer.status_code == 302
        assert "login" in answer["Location"]
        assert _client(world["analyst"]).post(url).status_code == 405


# -- the public network ---------------------------------------------------------------------

PUBLIC_URL = "/en/collaboration/public/network/"
PUBLIC_CHART = "/en/collaboration/public/network/chart.json"
PUBLIC_PERIOD = {"from": "2098", "to": "2098"}
SECRETS = ("Pubnet Secret Alpha", "Pubnet Secret Beta")


@pytest.fixture
def public_world(db: None) -> dict[str, Any]:
    """In 2098: public projects uni–firm and firm–region; a cancelled public project
    uni–region, a private project uni–region, a meeting uni–region (none may give a tie), and
    private projects (2098 and 2095) between two organisations that take part in nothing
    else."""
    from ecc_atlas.web.collaboration.models import (
        Meeting,
        MeetingParticipant,
        Participation,
        Project,
    )
    from ecc_atlas.web.registry.models import Organisation

    orgs = {}
    for label, stem, name, kind in (
        ("uni", "559856001", "Pubnet Uni", "academia"),
        ("firm", "559856002", "Pubnet Firm", "company"),
        ("region", "559856003", "Pubnet Region", "public_actor"),
        ("alpha", "559856004", SECRETS[0], "company"),
        ("beta", "559856005", SECRETS[1], "institute"),
    ):
        orgs[label] = Organisation.objects.create(
            org_number=stem + str(luhn_check_digit(stem)), name=name, kind=kind
        )

    def project(title: str, members: tuple[str, ...], year: int = 2098, **fields: Any) -> Any:
        made = Project.objects.create(
            title=title, kind="upskilling", starts_on=date(year, 2, 1),
            ends_on=date(year, 11, 30), **fields,
        )  # fmt: skip
        for label in members:
            Participation.objects.create(project=made, organisation=orgs[label], role="partner")
        return made

    project("Pubnet open one", ("uni", "firm"), public=True, status="running")
    shared = project("Pubnet open two", ("firm", "region"), public=True, status="completed")
    Participation.objects.create(project=shared, organisation=orgs["firm"], role="lead")
    project("Pubnet cancelled", ("uni", "region"), public=True, status="cancelled")
    project("Pubnet private", ("uni", "region"), public=False, status="running")
    project("Pubnet secret", ("alpha", "beta"), public=False, status="running")
    project("Pubnet secret past", ("alpha", "beta"), year=2095, public=False, status="completed")
    meeting = Meeting.objects.create(date=date(2098, 6, 1), title="Pubnet meeting")
    for label in ("uni", "region", "alpha"):
        MeetingParticipant.objects.create(meeting=meeting, organisation=orgs[label])
    return orgs


def test_public_network_shows_public_projects_only(public_world: dict[str, Any]) -> None:
    page = _client().get(PUBLIC_URL, PUBLIC_PERIOD)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Only public projects are shown" in html
    assert '<dd data-testid="public-network-projects">2</dd>' in html
    assert '<dd data-testid="public-network-orgs">3</dd>' in html
    assert '<dd data-testid="public-network-ties">2</dd>' in html
    table = _table(html, "public-network-table")
    # the firm shares both public projects (two roles in one count once) with two partners;
    # the university and the region share one each — the cancelled project, the private one
    # and the meeting between them add nothing
    assert _row(table, "Pubnet Firm") == ["Company", "2", "2"]
    assert _row(table, "Pubnet Uni") == ["Academia", "1", "1"]
    assert _row(table, "Pubnet Region") == ["Public actor", "1", "1"]
    assert table.index("Pubnet Firm") < table.index("Pubnet Region") < table.index("Pubnet Uni")
    expected = "/en/collaboration/public/network/chart.json?from=2098&amp;to=2098"
    assert f'data-vega-spec-url="{expected}"' in html
    assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", html))

    spec = _client().get(PUBLIC_CHART, PUBLIC_PERIOD).json()
    ties, points = spec["layer"]
    assert {p["name"] for p in points["data"]["values"]} == {
        "Pubnet Uni", "Pubnet Firm", "Pubnet Region",
    }  # fmt: skip
    assert sorted(e["weight"] for e in ties["data"]["values"]) == [1, 1]
    assert spec["title"]["text"] == "Public collaboration network"
    assert "3 organisations and 2 ties (shared public projects)" in spec["description"]
    # the same chart as the analyst page, and the analyst page still sees every tie
    analyst_spec = _client(_analyst()).get(CHART, PUBLIC_PERIOD).json()
    analyst_points = analyst_spec["layer"][1]
    assert analyst_points["mark"] == points["mark"]
    assert analyst_points["encoding"]["size"] == points["encoding"]["size"]
    colour = points["encoding"]["color"]["scale"]
    assert colour["domain"] == ["Company", "Academia", "Public actor"]  # only kinds present
    assert colour["range"] == ["#0072b2", "#e69f00", "#cc79a7"]  # each kind keeps its colour
    # + uni–region (private project, meeting), alpha–beta (private), uni–alpha, region–alpha
    assert len(analyst_spec["layer"][0]["data"]["values"]) == 6
    assert "shared projects and meetings" in analyst_spec["description"]


def test_public_network_never_leaks_a_private_tie(public_world: dict[str, Any]) -> None:
    from ecc_atlas.services.network import public_network_view

    secret_orgs = {public_world["alpha"].org_number, public_world["beta"].org_number}
    for query in (PUBLIC_PERIOD, {}, {"from": "2098"}, {"to": "2098"}, {"from": "x"}):
        for url in (PUBLIC_URL, PUBLIC_CHART, "/collaboration/public/network/"):
            answer = _client().get(url, query)
            assert answer.status_code == 200, (url, query)
            text = answer.content.decode()
            for secret in (*SECRETS, *secret_orgs, "Pubnet private", "Pubnet secret"):
                assert secret not in text, (url, query, secret)
    view = public_network_view()
    pairs = {frozenset((r["source"], r["target"])) for r in view.ties.to_pylist()}
    assert frozenset(secret_orgs) not in pairs
    assert not secret_orgs & set(view.organisations["org"].to_pylist())
    uni, region = public_world["uni"].org_number, public_world["region"].org_number
    assert frozenset((uni, region)) not in pairs


def test_public_network_period_and_links(public_world: dict[str, Any]) -> None:
    html = _client().get(PUBLIC_URL, {"from": "2099", "to": "2099"}).content.decode()
    assert "Pubnet Firm" not in html
    assert "No ties in this period" in html
    assert "data-vega-spec-url" not in html
    # the year choices come from public projects only (the years of those in the DB)
    page = _client().get(PUBLIC_URL).content.decode()
    assert '<option value="2098">2098</option>' in page
    assert '<option value="2095">' not in page  # only the private project is of 2095
    assert _client().post(PUBLIC_URL).status_code == 405
    assert _client().post(PUBLIC_CHART).status_code == 405
    listing = _client().get("/en/collaboration/public/").content.decode()
    assert 'href="/en/collaboration/public/network/"' in listing
    analyst_page = _client(_analyst()).get(URL).content.decode()
    assert 'href="/en/collaboration/public/network/"' in analyst_page
    # in Swedish
    swedish = _client().get("/collaboration/public/network/", PUBLIC_PERIOD).content.decode()
    assert "Offentligt samarbetsnätverk" in swedish


def _analyst() -> Any:
    from django.contrib.auth import get_user_model

    from ecc_atlas.web.accounts.roles import set_role

    user = get_user_model().objects.create_user(username="pubnet_analyst")
    set_role(user, "analyst")
    return user

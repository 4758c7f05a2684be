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

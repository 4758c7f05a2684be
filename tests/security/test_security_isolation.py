"""Isolation proof: a member of organisation A never sees or changes organisation B's data.

The test walks **every** URL pattern of the project (all apps, the admin, the API, in both
languages), fills each parameter — with organisation B's objects wherever a parameter can
identify an organisation or one of its rows — and requests it as a member of A and as an
anonymous visitor. It fails when

- a URL has a parameter the test does not know how to fill (so a new endpoint cannot slip
  through: add a rule to ``FILL`` or ``B_SCOPED``),
- an answer is a server error,
- an answer contains any of B's private strings (workplace address and id, the analysts'
  delimitation note, the member's e-mail address),
- a URL aimed at B's objects answers anything but 403/404 or the sign-in page,
- a POST to any URL changes B's data.

A positive control shows that the same requests as an analyst (and B's own member) do reveal
B's private strings, so the check can see a leak.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern
from django.utils import translation

from ecc_atlas.web.registry.models import Organisation

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

#: Parameters that may identify an organisation or one of its rows: filled with B's.
B_SCOPED = {
    "org_number", "organisation_id", "organisation", "org", "object_id", "id", "pk", "user_id",
    "project_id", "meeting_id", "action_id", "effort_id",
}  # fmt: skip
#: Parameters that do not identify an organisation, with the values to try.
FILL: dict[str, list[str]] = {
    "token": ["not-a-valid-token"],
    "app_label": ["registry", "accounts", "auth", "axes"],
    "url": ["no-such-page/"],
    "fmt": ["html", "csv"],
    "content_type_id": [],  # filled with Organisation's content type below
    # harvested from the API's own listings (see _harvest), plus a value that exists nowhere
    "key": ["no-such-key"],
    "name": ["no-such-name", "swagger-ui.css"],
    "year": ["2024", "2099"],  # survey rounds (the demo's and one that does not exist)
}
_ROUTE_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<parameter>[^>]+)>")
_REGEX_PARAM = re.compile(r"\(\?P<(?P<parameter>\w+)>[^)]*\)")


@dataclass(frozen=True)
class Target:
    url: str
    pattern: str
    aims_at_b: bool


def _walk(patterns: list[Any], chain: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, (*chain, pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield (*chain, pattern.pattern)


def _template(chain: tuple[Any, ...]) -> tuple[str, list[str]]:
    """The URL with ``{parameter}`` placeholders, and its parameter names."""
    parts: list[str] = []
    names: list[str] = []
    for piece in chain:
        if isinstance(piece, LocalePrefixPattern):
            parts.append(piece.language_prefix)
        elif isinstance(piece, RoutePattern):
            text = str(piece)
            names += [m["parameter"] for m in _ROUTE_PARAM.finditer(text)]
            parts.append(_ROUTE_PARAM.sub(lambda m: "{" + m["parameter"] + "}", text))
        elif isinstance(piece, RegexPattern):
            text = str(piece).lstrip("^").rstrip("$").replace("\\Z", "")
            names += [m["parameter"] for m in _REGEX_PARAM.finditer(text)]
            text = _REGEX_PARAM.sub(lambda m: "{" + m["parameter"] + "}", text)
            parts.append(text.replace("\\.", ".").replace("\\", ""))
        else:
            raise AssertionError(f"unknown URL pattern type {type(piece)!r}")
    return "/" + "".join(parts), names


def _admin_model(url: str) -> Any:
    match = re.search(r"admin/(\w+)/(\w+)/\{(?:object_id|id)\}", url)
    assert match, f"cannot tell the model of {url}"
    return apps.get_model(match[1], match[2])


def _b_object_id(model: Any, tenants: dict[str, Any]) -> str:
    b, member_b = tenants["b"], tenants["member_b"]
    if model is Organisation:
        return str(b.pk)
    if model is get_user_model():
        return str(member_b.pk)
    for field in model._meta.fields:
        if field.is_relation and field.related_model is Organisation:
            row = model._default_manager.filter(**{field.name: b}).first()
            if row is not None:
                return str(row.pk)
        if field.is_relation and field.related_model is get_user_model():
            row = model._default_manager.filter(**{field.name: member_b}).first()
            if row is not None:
                return str(row.pk)
    row = model._default_manager.order_by("pk").first()
    return str(row.pk) if row is not None else "1"


def _b_collaboration(tenants: dict[str, Any]) -> dict[str, str]:
    """A private project, meeting, action and training effort of B only (made once)."""
    if "b_collaboration" not in tenants:
        from datetime import date

        from ecc_atlas.web.collaboration import models as c

        b, note = tenants["b"], "PRIVATE-NOTE-B-51c9"
        project = c.Project.objects.create(
            title="B project", kind="research", starts_on=date(2024, 1, 1), description=note
        )
        c.Participation.objects.create(project=project, organisation=b, role="lead")
        meeting = c.Meeting.objects.create(date=date(2024, 2, 1), title="B meeting", notes=note)
        c.MeetingParticipant.objects.create(meeting=meeting, organisation=b, people=2)
        action = c.Action.objects.create(
            meeting=meeting, description=note, owner_name="B", due_on=date(2024, 3, 1)
        )
        effort = c.TrainingEffort.objects.create(title=note, starts_on=date(2024, 1, 1))
        c.TrainingParticipation.objects.create(effort=effort, organisation=b, hours=8)
        tenants["b_collaboration"] = {
            "project_id": str(project.pk), "meeting_id": str(meeting.pk),
            "action_id": str(action.pk), "effort_id": str(effort.pk),
        }  # fmt: skip
    return dict(tenants["b_collaboration"])


def _b_survey(tenants: dict[str, Any]) -> None:
    """A survey response of B with a private answer, in the round 2024 (made once)."""
    from ecc_atlas.web.survey.models import SurveyAnswer, SurveyResponse, SurveyRound

    survey_round, _ = SurveyRound.objects.get_or_create(year=2024, defaults={"status": "open"})
    response, created = SurveyResponse.objects.get_or_create(
        round=survey_round, organisation=tenants["b"], defaults={"status": "submitted"}
    )
    if created:
        SurveyAnswer.objects.create(
            response=response, ssyk="2143", horizon_years=5, planned_recruitments=3,
            expected_retirements=1, difficulty=4, hard_to_find="PRIVATE-NOTE-B-51c9",
        )  # fmt: skip


def _harvest(client: Client, templates: list[tuple[str, str, list[str]]]) -> dict[str, set[str]]:
    """Values of ``key`` and ``name`` found in the answers of parameterless API URLs."""
    found: dict[str, set[str]] = {"key": set(), "name": set()}

    def visit(node: Any) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                if k in found and isinstance(v, str) and len(found[k]) < 40:
                    found[k].add(v)
                visit(v)
        elif isinstance(node, list):
            for item in node:
                visit(item)

    for url, _, names in templates:
        if not names and url.startswith("/api/"):
            response = client.get(url)
            if response.get("Content-Type", "").startswith("application/json"):
                visit(response.json())
    return found


def _targets(tenants: dict[str, Any], client: Client) -> list[Target]:
    from django.contrib.contenttypes.models import ContentType

    _b_survey(tenants)
    templates: list[tuple[str, str, list[str]]] = []
    for language in ("sv", "en"):
        with translation.override(language):
            for chain in _walk(get_resolver().url_patterns):
                url, names = _template(chain)
                templates.append((url, "".join(str(p) for p in chain), names))
    fill = {k: list(v) for k, v in FILL.items()}
    fill["content_type_id"] = [str(ContentType.objects.get_for_model(Organisation).pk)]
    for name, values in _harvest(client, templates).items():
        fill[name] += sorted(values)[:4]  # public aggregates: a few of each suffice
    unknown = sorted(
        {f"{pattern} → {n}" for _, pattern, names in templates for n in names}
        - {f"{pattern} → {n}" for _, pattern, names in templates for n in names
           if n in fill or n in B_SCOPED}
    )  # fmt: skip
    assert not unknown, (
        "URL parameters the isolation test cannot fill — say in FILL or B_SCOPED what they "
        f"identify: {unknown}"
    )
    b = tenants["b"]
    targets: set[Target] = set()
    for url, pattern, names in templates:
        combos: list[tuple[dict[str, str], bool]] = [({}, False)]
        for name in names:
            if name in B_SCOPED:
                if name == "object_id" and "{content_type_id}" in url:
                    value = str(b.pk)  # admin's "view on site" redirect for Organisation
                elif name in {"object_id", "id"} and "/admin/" in url:
                    value = _b_object_id(_admin_model(url), tenants)
                elif name in {"org_number", "org"}:
                    value = b.org_number
                elif name == "user_id":
                    value = str(tenants["member_b"].pk)
                else:  # B's own collaboration records, else B's primary key
                    value = _b_collaboration(tenants).get(name, str(b.pk))
                combos = [({**c, name: value}, True) for c, _ in combos]
            else:
                combos = [({**c, name: v}, aimed) for c, aimed in combos for v in fill[name]]
        for values, aimed in combos:
            targets.add(Target(url.format(**values), pattern, aimed))
    return sorted(targets, key=lambda t: t.url)


def _snapshot(tenants: dict[str, Any]) -> Any:
    from ecc_atlas.web.accounts.models import Membership
    from ecc_atlas.web.collaboration import models as c
    from ecc_atlas.web.registry.models import DelimitationDecision, Workplace
    from ecc_atlas.web.survey.models import SurveyAnswer, SurveyResponse

    b = Organisation.objects.filter(pk=tenants["b"].pk).values().first()
    member = get_user_model().objects.filter(pk=tenants["member_b"].pk).values().first()
    return (
        b,
        member,
        list(Workplace.objects.filter(organisation_id=tenants["b"].pk).values()),
        list(DelimitationDecision.objects.filter(organisation_id=tenants["b"].pk).values()),
        list(Membership.objects.filter(organisation_id=tenants["b"].pk).values()),
        list(SurveyResponse.objects.filter(organisation_id=tenants["b"].pk).values()),
        list(SurveyAnswer.objects.filter(response__organisation_id=tenants["b"].pk).values()),
        list(c.Participation.objects.filter(organisation_id=tenants["b"].pk).values()),
        list(c.Project.objects.filter(participations__organisation_id=tenants["b"].pk).values()),
        list(c.MeetingParticipant.objects.filter(organisation_id=tenants["b"].pk).values()),
        list(c.Meeting.objects.filter(participants__organisation_id=tenants["b"].pk).values()),
        list(
            c.Action.objects.filter(meeting__participants__organisation_id=tenants["b"].pk).values()
        ),
        list(c.TrainingParticipation.objects.filter(organisation_id=tenants["b"].pk).values()),
        list(
            c.TrainingEffort.objects.filter(
                participations__organisation_id=tenants["b"].pk
            ).values()
        ),
    )


def _body(response: Any) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return bytes(response.content)


def _refused(response: Any) -> bool:
    if response.status_code in {401, 403, 404, 405}:
        return True
    final = response.request.get("PATH_INFO", "")
    return bool(response.redirect_chain) and "login" in final


def test_member_of_a_never_reaches_b(demo: Any, tenants: dict[str, Any]) -> None:
    member = Client(raise_request_exception=False)
    anonymous = Client(raise_request_exception=False)
    targets = _targets(tenants, anonymous)
    assert len({t.pattern for t in targets}) >= 50, "the URL walk found too few patterns"
    assert any(t.aims_at_b for t in targets)
    before = _snapshot(tenants)
    problems: list[str] = []
    for target in targets:
        member.force_login(tenants["member_a"])
        english = target.url.startswith("/en/")  # the Swedish views again: member A only
        identities = (("member A", member),) if english else (
            ("member A", member), ("anonymous", anonymous)
        )  # fmt: skip
        for who, client in identities:
            response = client.get(target.url, follow=True)
            body = _body(response)
            if response.status_code >= 500:
                problems.append(f"GET {target.url} as {who}: {response.status_code}")
            leaked = [m for m in tenants["b_private"] if m.encode() in body]
            if leaked:
                problems.append(f"GET {target.url} as {who} shows B's {leaked}")
            if target.aims_at_b and not _refused(response):
                problems.append(f"GET {target.url} as {who}: {response.status_code}, not refused")
        if english:
            continue  # one POST per view is enough
        member.force_login(tenants["member_a"])
        response = member.post(target.url, {"name": "hijacked", "reason": "x"}, follow=True)
        if response.status_code >= 500:
            problems.append(f"POST {target.url} as member A: {response.status_code}")
        if _snapshot(tenants) != before:
            problems.append(f"POST {target.url} as member A changed B's data")
            before = _snapshot(tenants)
    assert not problems, "\n".join(problems)


def test_positive_control_analyst_and_own_member_see_b(demo: Any, tenants: dict[str, Any]) -> None:
    b = tenants["b"]
    workplace = b.workplaces.get()
    analyst = Client()
    analyst.force_login(tenants["analyst"])
    page = analyst.get(f"/admin/registry/workplace/{workplace.pk}/change/")
    assert page.status_code == 200
    assert b"PRIVATE-ADDRESS-B-7f3a" in page.content
    own = Client()
    own.force_login(tenants["member_b"])
    page = own.get(f"/accounts/organisations/{b.org_number}/")
    assert page.status_code == 200
    assert b"PRIVATE-NOTE-B-51c9" in page.content

"""Matchmaking suggestions (analysts only): the ranked list, with reasons, and the decisions.

``/collaboration/suggestions/`` lists the open suggestions of
:mod:`ecc_atlas.services.suggestions` with their reasons and scores, :data:`PER_PAGE` a page
(``?page=N``), optionally of one kind (``?kind=``). "Act on it" records a
``SuggestionDecision(decision="acted")`` — optionally creating a draft (planned) project with
the suggestion's organisations, occupations and skills, or linking a logged meeting —;
"Dismiss" records ``decision="dismissed"`` with a note. Both are audited. Decided
suggestions are listed apart with who decided what; nothing disappears silently.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ecc_atlas.analysis.matchmaking import KINDS, Suggestion
from ecc_atlas.services.suggestions import SuggestionList, build_suggestions, warehouse_inputs
from ecc_atlas.web.accounts import audit
from ecc_atlas.web.accounts.models import Role
from ecc_atlas.web.accounts.permissions import require_role
from ecc_atlas.web.collaboration.models import (
    Meeting,
    Participation,
    Project,
    SuggestionDecision,
)
from ecc_atlas.web.registry.models import Organisation

__all__ = ["suggestions"]

STAFF = (Role.ANALYST, Role.ADMIN)
MAX_NOTE = 2000
#: Open suggestions per page.
PER_PAGE = 25
#: The kind of draft project an acted-on suggestion becomes.
PROJECT_KIND = {
    "shared_shortage": Project.Kind.UPSKILLING,
    "education": Project.Kind.EDUCATION_PROGRAMME,
    "research": Project.Kind.RESEARCH,
    "gap": Project.Kind.OUTREACH,
}
PARTICIPATION_ROLE = {
    "employer": Participation.Role.PARTICIPANT,
    "provider": Participation.Role.PROVIDER,
    "research": Participation.Role.PARTNER,
}


def _lang() -> str:
    return "en" if (get_language() or "sv").startswith("en") else "sv"


def kind_labels() -> dict[str, str]:
    """Display names of the suggestion kinds."""
    return {
        "shared_shortage": _("Shared shortage"),
        "education": _("Shortage and education providers"),
        "research": _("Competence need and research"),
        "gap": _("Gap to raise at a round table"),
    }


def _current(kind: str | None = None) -> SuggestionList:
    from ecc_atlas.web.dashboard import data

    region = data.home_region()
    try:
        inputs = data.memo(
            "suggestion_inputs", (region,), lambda ctx: warehouse_inputs(ctx, region=region)
        )
    except (data.NoData, data.NotFound):
        inputs = {"programmes": [], "emerging": None, "hiring_plans": None, "sources": {}}
    return build_suggestions(inputs, kind=kind)


def _code_labels(suggestion: Suggestion, lang: str) -> str:
    from ecc_atlas import reference
    from ecc_atlas.reference.skills import skill_vocabulary

    names = []
    for code in suggestion.occupations:
        try:
            occupation = reference.ssyk_unit(code)
            names.append(f"{occupation.name_en if lang == 'en' else occupation.name_sv} ({code})")
        except (KeyError, ValueError):
            names.append(code)
    vocabulary = skill_vocabulary()
    for skill_id in suggestion.skills:
        try:
            names.append(vocabulary.skill(skill_id).label(lang))
        except KeyError:
            names.append(skill_id)
    return ", ".join(names)


def _item(suggestion: Suggestion, lang: str, labels: dict[str, str]) -> dict[str, Any]:
    return {
        "s": suggestion,
        "kind_label": labels.get(suggestion.kind, suggestion.kind),
        "reason": suggestion.reason(lang),
        "organisations": suggestion.organisations,
        "codes": _code_labels(suggestion, lang),
    }


def _draft_project(suggestion: Suggestion, user: Any, lang: str) -> Project:
    labels = kind_labels()
    codes = ", ".join([*suggestion.occupations, *suggestion.skills])
    title = f"{labels[suggestion.kind]}: {codes}" if codes else labels[suggestion.kind]
    project = Project.objects.create(
        title=title[:200],
        kind=PROJECT_KIND[suggestion.kind],
        status=Project.Status.PLANNED,
        starts_on=timezone.localdate(),
        description=suggestion.reason(lang),
        occupations=sorted(suggestion.occupations),
        skills=sorted(suggestion.skills),
        created_by=user,
    )
    ids = [a.id for a in suggestion.organisations]
    by_number = {o.org_number: o for o in Organisation.objects.filter(org_number__in=ids)}
    seen: set[tuple[str, str]] = set()
    for actor in suggestion.organisations:
        org = by_number.get(actor.id)
        role = PARTICIPATION_ROLE.get(actor.role, Participation.Role.PARTNER)
        if org is None or (actor.id, role) in seen:
            continue
        seen.add((actor.id, role))
        Participation.objects.create(project=project, organisation=org, role=role)
    return project


def _kind(request: HttpRequest) -> str | None:
    """The ``?kind=`` filter, or None for all kinds (unknown kinds are ignored)."""
    kind = request.GET.get("kind") or None
    return kind if kind in KINDS else None


def _query(kind: str | None, page: int | None = None) -> str:
    """``?kind=…&page=…`` for the links and the forms (empty without either)."""
    params = {k: v for k, v in (("kind", kind), ("page", page)) if v and v != 1}
    return f"?{urlencode(params)}" if params else ""


def _back(request: HttpRequest) -> HttpResponse:
    """Back to the page and kind the form was sent from."""
    page = request.GET.get("page", "")
    number = int(page) if page.isdigit() else None
    return redirect(reverse("collaboration-suggestions") + _query(_kind(request), number))


def _decide(request: HttpRequest) -> HttpResponse:
    key = request.POST.get("key", "")
    decision = request.POST.get("decision", "")
    note = request.POST.get("note", "").strip()[:MAX_NOTE]
    if decision not in SuggestionDecision.Decision.values:
        return HttpResponseBadRequest(_("Unknown decision."))
    current = {s.key: s for s in _current().open}
    suggestion = current.get(key)
    if suggestion is None:
        messages.error(request, _("That suggestion is no longer open; nothing was recorded."))
        return _back(request)
    if decision == SuggestionDecision.Decision.DISMISSED and not note:
        messages.error(request, _("Say why the suggestion is dismissed; nothing was recorded."))
        return _back(request)
    meeting = None
    meeting_id = request.POST.get("meeting", "")
    if decision == SuggestionDecision.Decision.ACTED and meeting_id.isdigit():
        meeting = Meeting.objects.filter(pk=int(meeting_id)).first()
        if meeting is None:
            return HttpResponseBadRequest(_("Unknown meeting."))
    user = request.user if request.user.is_authenticated else None
    with transaction.atomic():
        project = None
        if decision == SuggestionDecision.Decision.ACTED and request.POST.get("create_project"):
            project = _draft_project(suggestion, user, _lang())
            audit.record(
                request.user,
                audit.PROJECT_CHANGE,
                project,
                {"change": "create", "suggestion": key},
                request=request,
            )
        record = SuggestionDecision.objects.create(
            key=key,
            kind=suggestion.kind,
            decision=decision,
            note=note,
            decided_by=user,
            project=project,
            meeting=meeting,
        )
        audit.record(
            request.user,
            audit.SUGGESTION_DECISION,
            record,
            {
                "key": key,
                "kind": suggestion.kind,
                "decision": decision,
                "project": project.pk if project else None,
                "meeting": meeting.pk if meeting else None,
            },
            request=request,
        )
    if project is not None:
        messages.success(request, _("Recorded; a draft project was created: %(title)s") % {
            "title": project.title})  # fmt: skip
    else:
        messages.success(request, _("Recorded."))
    return _back(request)


@require_http_methods(["GET", "HEAD", "POST"])
@require_role(*STAFF)
def suggestions(request: HttpRequest) -> HttpResponse:
    """The ranked suggestions, the forms to act on or dismiss them, and the decided list."""
    if request.method == "POST":
        return _decide(request)
    kind = _kind(request)
    lang = _lang()
    labels = kind_labels()
    result = _current(kind)
    page: Page[Suggestion] = Paginator(result.open, PER_PAGE).get_page(request.GET.get("page"))
    decided = [
        {
            "d": d,
            "kind_label": labels.get(d.kind, d.kind),
            "reason": d.suggestion.reason(lang) if d.suggestion else "",
        }
        for d in result.decided
    ]
    context = {
        "items": [_item(s, lang, labels) for s in page.object_list],
        "page": page,
        "open_total": len(result.open),
        "first_number": page.start_index(),
        "form_action": reverse("collaboration-suggestions") + _query(kind, page.number),
        "previous_url": reverse("collaboration-suggestions")
        + _query(kind, page.previous_page_number())
        if page.has_previous()
        else "",
        "next_url": reverse("collaboration-suggestions") + _query(kind, page.next_page_number())
        if page.has_next()
        else "",
        "decided": decided,
        "sources": result.sources,
        "kind": kind,
        "kinds": [(k, labels[k]) for k in KINDS],
        "meetings": Meeting.objects.order_by("-date", "title")[:50],
    }
    return render(request, "collaboration/suggestions.html", context)

"""The delimitation workflow (analysts): screen candidates, decide, see the history.

``/registry/delimitation/`` screens the registry's organisations for a year (SNI prefix,
kommun, keyword, pasted member list, decision status), shows each one's current decision and
the suggested segment, and takes a bulk decision for the selected rows or copies a year's
decisions to another year. ``/registry/delimitation/<org_number>/`` decides one organisation
(with its R&D intensity and export class) and shows its decision history.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from ecc_atlas import reference
from ecc_atlas.services.reference import sync_segments
from ecc_atlas.web.accounts.models import Role
from ecc_atlas.web.accounts.permissions import (
    get_visible_organisation,
    require_role,
    visible_organisations,
)
from ecc_atlas.web.registry import delimitation
from ecc_atlas.web.registry.forms import (
    BulkDecisionForm,
    CarryOverForm,
    DecisionForm,
    ScreenForm,
    parse_members,
    segment_name,
)
from ecc_atlas.web.registry.models import DelimitationDecision, Organisation, Segment

__all__ = ["bulk_decision", "carry_over", "organisation", "screening"]

PAGE_SIZE = 50
_staff = require_role(Role.ANALYST, Role.ADMIN)


def _segments() -> dict[str, Segment]:
    """The registry's segments by code (synchronised from the classification when empty)."""
    segments = {s.code: s for s in Segment.objects.all()}
    if not segments:
        sync_segments()
        segments = {s.code: s for s in Segment.objects.all()}
    return segments


def _kommun_names() -> dict[str, str]:
    return {k.code: k.name for k in reference.kommuner()}


def _rows(organisations: list[Organisation], year: int) -> list[dict[str, Any]]:
    segments = _segments()
    kommuner = _kommun_names()
    current = delimitation.current_decisions(organisations, year)
    rows = []
    for org in organisations:
        codes = sorted({w.kommun_code for w in org.workplaces.all()})
        suggestion = delimitation.suggested_segment(org.sni_code)
        rows.append(
            {
                "organisation": org,
                "kommuner": [kommuner.get(code, code) for code in codes],
                "decision": current.get(org.pk),
                "segment": segment_name(current[org.pk].segment) if org.pk in current else "",
                "suggested": segment_name(segments.get(suggestion)) if suggestion else "",
            }
        )
    return rows


def _screen_data(request: HttpRequest) -> dict[str, Any]:
    data = {key: request.GET.get(key, "") for key in ScreenForm.base_fields}
    if not data["year"]:
        data["year"] = str(delimitation.default_year())
    return data


@never_cache
@_staff
def screening(request: HttpRequest) -> HttpResponse:
    """Screen candidates for a year and decide in bulk."""
    form = ScreenForm(_screen_data(request))
    context: dict[str, Any] = {"form": form, "rows": [], "page": None, "year": None}
    if form.is_valid():
        year = int(form.cleaned_data["year"])
        members: list[str] | None = None
        invalid: list[str] = []
        missing: list[str] = []
        if form.cleaned_data["members"].strip():
            members, invalid = parse_members(form.cleaned_data["members"])
            known = set(
                Organisation.objects.filter(org_number__in=members).values_list(
                    "org_number", flat=True
                )
            )
            missing = [f"{n[:6]}-{n[6:]}" for n in members if n not in known]
        filters = delimitation.Screening(
            year=year,
            sni=form.cleaned_data["sni"],
            kommun=form.cleaned_data["kommun"],
            keyword=form.cleaned_data["keyword"],
            members=members,
            status=form.cleaned_data["status"],
        )
        query = delimitation.screen(visible_organisations(request.user), filters)
        page = Paginator(query.prefetch_related("workplaces"), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        params = {k: v for k, v in form.cleaned_data.items() if v not in ("", None)}
        context.update(
            year=year,
            page=page,
            rows=_rows(list(page.object_list), year),
            invalid_members=invalid,
            missing_members=missing,
            query_string=urlencode(params),
            bulk_form=BulkDecisionForm(initial={"year": year}),
            carry_form=CarryOverForm(initial={"from_year": year - 1, "to_year": year}),
            here=f"{request.path}?{request.GET.urlencode()}",
        )
    return render(request, "registry/delimitation.html", context)


def _back(request: HttpRequest, fallback: str) -> HttpResponseRedirect:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(fallback)


@never_cache
@_staff
@require_POST
def bulk_decision(request: HttpRequest) -> HttpResponse:
    """The same decision (reason, segment) for every selected organisation."""
    _segments()
    form = BulkDecisionForm(request.POST, organisations=visible_organisations(request.user))
    fallback = reverse("registry-delimitation")
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else str(error))
        return _back(request, fallback)
    data = form.cleaned_data
    organisations = list(data["organisations"])
    for org in organisations:
        delimitation.decide(
            request.user,
            org,
            year=data["year"],
            included=form.included,
            reason=data["reason"],
            segment=data["segment"],
            how="bulk",
            request=request,
        )
    messages.success(
        request,
        ngettext(
            "Decision recorded for %(count)d organisation (%(year)s).",
            "Decision recorded for %(count)d organisations (%(year)s).",
            len(organisations),
        )
        % {"count": len(organisations), "year": data["year"]},
    )
    return _back(request, fallback)


@never_cache
@_staff
@require_POST
def carry_over(request: HttpRequest) -> HttpResponse:
    """Copy a year's current decisions to another year (existing decisions stay)."""
    form = CarryOverForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return HttpResponseRedirect(reverse("registry-delimitation"))
    from_year, to_year = form.cleaned_data["from_year"], form.cleaned_data["to_year"]
    copied, skipped = delimitation.carry_over(
        request.user,
        visible_organisations(request.user),
        from_year=from_year,
        to_year=to_year,
        request=request,
    )
    messages.success(
        request,
        _(
            "%(copied)d decisions copied from %(from)s to %(to)s; %(skipped)d organisations "
            "already had a decision for %(to)s and kept it."
        )
        % {"copied": copied, "skipped": skipped, "from": from_year, "to": to_year},
    )
    return HttpResponseRedirect(f"{reverse('registry-delimitation')}?year={to_year}")


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year", "")
    if raw.isdigit() and 1990 <= int(raw) <= 2100:
        return int(raw)
    return delimitation.default_year()


@never_cache
@_staff
def organisation(request: HttpRequest, org_number: str) -> HttpResponse:
    """Decide one organisation for a year; its decision history."""
    org = get_visible_organisation(request.user, org_number=org_number)
    segments = _segments()
    year = _year(request)
    if request.method == "POST":
        form = DecisionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            delimitation.decide(
                request.user,
                org,
                year=data["year"],
                included=form.included,
                reason=data["reason"],
                segment=data["segment"],
                rd_intensity=data["rd_intensity"],
                export_class=data["export_class"],
                request=request,
            )
            messages.success(request, _("Decision recorded for %(year)s.") % data)
            url = reverse("registry-delimitation-organisation", args=[org.org_number])
            return HttpResponseRedirect(f"{url}?year={data['year']}")
        status = 400
    else:
        current = delimitation.current_decisions([org], year).get(org.pk)
        suggestion = delimitation.suggested_segment(org.sni_code)
        initial: dict[str, Any] = {
            "year": year,
            "rd_intensity": org.rd_intensity,
            "export_class": org.export_class,
            "segment": current.segment_id if current and current.segment_id else suggestion,
        }
        if current is not None:
            initial["decision"] = "include" if current.included else "exclude"
        form = DecisionForm(initial=initial)
        status = 200
    history = list(
        DelimitationDecision.objects.filter(organisation=org)
        .select_related("segment")
        .order_by("-year", "-decided_at", "-id")
    )
    seen: set[int] = set()
    entries = []
    for decision in history:
        entries.append(
            {
                "decision": decision,
                "segment": segment_name(decision.segment),
                "current": decision.year not in seen,
            }
        )
        seen.add(decision.year)
    kommuner = _kommun_names()
    suggestion = delimitation.suggested_segment(org.sni_code)
    context = {
        "organisation": org,
        "form": form,
        "year": year,
        "history": entries,
        "workplaces": [
            {"name": w.name, "kommun": kommuner.get(w.kommun_code, w.kommun_code)}
            for w in org.workplaces.all()
        ],
        "suggested": segment_name(segments.get(suggestion)) if suggestion else "",
    }
    return render(request, "registry/organisation.html", context, status=status)

"""Survey pages: members answer (web form or XLSX), analysts run the rounds.

Every organisation is looked up through ``visible_organisations`` (``@organisation_view``):
a member of A asking for B's response gets 404. Closed rounds are read-only. The rules
(replacing answers, submitting, publishing) live in :mod:`ecc_atlas.services.survey`.
"""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from ecc_atlas.ingest.errors import IngestError
from ecc_atlas.ingest.survey_files import UPLOAD_LIMITS, read_survey_file, template_bytes
from ecc_atlas.services import survey as service
from ecc_atlas.spreadsheets import safe_cell
from ecc_atlas.web.accounts import audit
from ecc_atlas.web.accounts.models import Role
from ecc_atlas.web.accounts.permissions import (
    organisation_view,
    require_role,
    visible_organisations,
)
from ecc_atlas.web.accounts.roles import role_of
from ecc_atlas.web.registry.models import Organisation
from ecc_atlas.web.survey.forms import AnswerFormSet, RoundForm, UploadForm, rows_from
from ecc_atlas.web.survey.models import (
    DIFFICULTY_CHOICES,
    HORIZON_CHOICES,
    SurveyResponse,
    SurveyRound,
)

__all__ = [
    "home",
    "response_page",
    "response_template",
    "response_upload",
    "round_action",
    "round_detail",
    "round_export",
    "rounds",
]

_STAFF = (Role.ANALYST, Role.ADMIN)
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _lang() -> str:
    return "en" if (translation.get_language() or "sv").startswith("en") else "sv"


# -- members ----------------------------------------------------------------------------------
@never_cache
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The open rounds and the member's organisations with their status (analysts: rounds)."""
    role = role_of(request.user)
    if role in _STAFF:
        return redirect("survey-rounds")
    organisations = list(visible_organisations(request.user).order_by("name"))
    open_rounds = list(SurveyRound.objects.filter(status=SurveyRound.Status.OPEN))
    responses = {
        (r.round_id, r.organisation_id): r
        for r in SurveyResponse.objects.filter(
            organisation__in=[o.pk for o in organisations]
        ).select_related("round")
    }
    rounds_rows = [
        {
            "round": survey_round,
            "organisations": [
                {"organisation": o, "response": responses.get((survey_round.pk, o.pk))}
                for o in organisations
            ],
        }
        for survey_round in open_rounds
    ]
    earlier = sorted(
        (r for r in responses.values() if not r.round.is_open),
        key=lambda r: (-r.round.year, r.organisation_id),
    )
    return render(
        request,
        "survey/home.html",
        {
            "rounds_rows": rounds_rows,
            "organisations": organisations,
            "earlier": earlier,
        },
    )


def _round_or_404(year: int) -> SurveyRound:
    return get_object_or_404(SurveyRound, year=year)


def _initial(response: SurveyResponse | None) -> list[dict[str, Any]]:
    if response is None:
        return []
    return [
        {
            "ssyk": row.ssyk,
            "horizon_years": row.horizon_years,
            "planned_recruitments": row.planned_recruitments,
            "expected_retirements": row.expected_retirements,
            "difficulty": row.difficulty,
            "hard_to_find": row.hard_to_find,
            "skills": list(row.skills),
        }
        for row in service.answer_rows(response)
    ]


def _render_response(
    request: HttpRequest,
    organisation: Organisation,
    survey_round: SurveyRound,
    response: SurveyResponse | None,
    *,
    formset: Any = None,
    upload: UploadForm | None = None,
    upload_errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    editable = survey_round.is_open
    if formset is None and editable:
        formset = AnswerFormSet(initial=_initial(response), prefix="answers")
    return render(
        request,
        "survey/response.html",
        {
            "organisation": organisation,
            "round": survey_round,
            "response": response,
            "editable": editable,
            "formset": formset,
            "answers": _answers_shown(response),
            "upload": upload or UploadForm(),
            "upload_errors": upload_errors or [],
            "skill_links": _skill_links(),
        },
        status=status,
    )


def _answers_shown(response: SurveyResponse | None) -> list[dict[str, Any]]:
    """The stored answers with the occupation's name and the skills' labels."""
    from ecc_atlas.reference import ssyk_unit
    from ecc_atlas.reference.skills import skill_vocabulary

    if response is None:
        return []
    lang = _lang()
    vocabulary = skill_vocabulary()
    out = []
    for row in service.answer_rows(response):
        try:
            unit = ssyk_unit(row.ssyk)
            name = unit.name_en if lang == "en" else unit.name_sv
        except KeyError:
            name = ""
        labels = []
        for skill_id in row.skills:
            try:
                labels.append(vocabulary.skill(skill_id).label(lang))
            except KeyError:
                labels.append(skill_id)
        out.append(
            {
                "row": row,
                "occupation": name,
                "skills": labels,
                "horizon": _choice_label(HORIZON_CHOICES, row.horizon_years),
                "difficulty": _choice_label(DIFFICULTY_CHOICES, row.difficulty),
            }
        )
    return out


def _choice_label(choices: list[tuple[int, Any]], value: int) -> str:
    """The label of ``value`` in a fixed scale (the number itself if unknown)."""
    return str(dict(choices).get(value, value))


def _skill_links() -> str:
    """The SSYK → linked skills map, for the script that suggests skills."""
    import json

    from ecc_atlas.reference.skills import skill_vocabulary

    links: dict[str, list[str]] = {}
    for skill in skill_vocabulary().skills:
        for code in skill.ssyk:
            links.setdefault(code, []).append(skill.id)
    return json.dumps(links, sort_keys=True)


@never_cache
@require_http_methods(["GET", "POST"])
@organisation_view("org_number")
def response_page(request: HttpRequest, year: int, organisation: Organisation) -> HttpResponse:
    """One organisation's answers to one round: the form (open round) or the answers."""
    survey_round = _round_or_404(year)
    response = SurveyResponse.objects.filter(round=survey_round, organisation=organisation).first()
    if request.method != "POST":
        return _render_response(request, organisation, survey_round, response)
    if not survey_round.is_open:
        messages.error(request, _("The round is closed: the answers can no longer change."))
        return _render_response(request, organisation, survey_round, response, status=409)
    action = request.POST.get("action", "save")
    formset = AnswerFormSet(request.POST, prefix="answers")
    if not formset.is_valid():
        messages.error(request, _("Some rows need correcting; see the messages below."))
        return _render_response(
            request, organisation, survey_round, response, formset=formset, status=400
        )
    rows = rows_from(formset)
    submit_now = action == "submit"
    try:
        with transaction.atomic():
            if response is None:
                response = SurveyResponse.objects.create(
                    round=survey_round, organisation=organisation
                )
            service.save_answers(
                response,
                rows,
                user=request.user,
                channel=SurveyResponse.Channel.WEB,
                submit_now=submit_now,
                request=request,
            )
    except service.SurveyIncomplete:
        messages.error(request, _("Add at least one answer row before submitting."))
        return _render_response(
            request, organisation, survey_round, response, formset=formset, status=400
        )
    except service.SurveyClosed:
        messages.error(request, _("The round is closed: the answers can no longer change."))
        return _render_response(request, organisation, survey_round, response, status=409)
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
        return _render_response(
            request, organisation, survey_round, response, formset=formset, status=400
        )
    if submit_now:
        messages.success(request, _("Thank you: your answers are submitted."))
    else:
        messages.success(request, _("Draft saved. Submit the answers when they are complete."))
    return redirect("survey-response", year=survey_round.year, org_number=organisation.org_number)


@never_cache
@organisation_view("org_number")
def response_template(request: HttpRequest, year: int, organisation: Organisation) -> HttpResponse:
    """The XLSX template of this organisation and round, with its current answers."""
    survey_round = _round_or_404(year)
    response = SurveyResponse.objects.filter(round=survey_round, organisation=organisation).first()
    data = template_bytes(
        org_number=organisation.org_number,
        survey_year=survey_round.year,
        organisation_name=organisation.name,
        answers=service.answer_rows(response) if response is not None else (),
    )
    reply = HttpResponse(data, content_type=_XLSX)
    name = f"ecc-atlas_survey_{survey_round.year}_{organisation.org_number}.xlsx"
    reply["Content-Disposition"] = f'attachment; filename="{name}"'
    return reply


def _store_upload(
    request: HttpRequest, form: UploadForm, survey_round: SurveyRound, organisation: Organisation
) -> tuple[service.StoredFile | None, list[str]]:
    """Read and store the uploaded workbook; the problems found (if any, nothing changed)."""
    upload = form.cleaned_data["file"]
    if upload.size > UPLOAD_LIMITS.max_table_bytes:
        limit = UPLOAD_LIMITS.max_table_bytes // (1024 * 1024)
        return None, [_("The file is larger than %(mb)s MB.") % {"mb": limit}]
    from django.conf import settings as django_settings

    spool = getattr(django_settings, "FILE_UPLOAD_TEMP_DIR", None)  # the data home's spool
    with tempfile.TemporaryDirectory(prefix="ecc-survey-", dir=spool) as folder:
        path = Path(folder) / "upload.xlsx"
        with open(path, "wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        try:
            parsed = read_survey_file(path, name=Path(upload.name or "upload.xlsx").name)
            if (parsed.org_number, parsed.survey_year) != (
                organisation.org_number,
                survey_round.year,
            ):
                message = _(
                    "The file is for organisation %(org)s and the survey %(year)s, not "
                    "%(this_org)s and %(this_year)s: download the template on this page."
                ) % {
                    "org": parsed.org_number,
                    "year": parsed.survey_year,
                    "this_org": organisation.org_number,
                    "this_year": survey_round.year,
                }
                return None, [message]
            stored = service.store_file(
                parsed,
                user=request.user,
                survey_round=survey_round,
                organisation=organisation,
                submit_now=bool(form.cleaned_data.get("submit")),
                request=request,
            )
        except IngestError as exc:
            return None, [str(issue) for issue in exc.issues]
        except ValidationError as exc:
            return None, list(exc.messages)
        except ValueError as exc:
            return None, [str(exc)]
        except service.SurveyIncomplete:
            return None, [_("Add at least one answer row before submitting.")]
        except service.SurveyClosed:
            return None, [_("The round is closed: the answers can no longer change.")]
    return stored, []


@never_cache
@require_POST
@organisation_view("org_number")
def response_upload(request: HttpRequest, year: int, organisation: Organisation) -> HttpResponse:
    """Read an uploaded workbook; it replaces the response's answers whole, or nothing."""
    survey_round = _round_or_404(year)
    response = SurveyResponse.objects.filter(round=survey_round, organisation=organisation).first()
    form = UploadForm(request.POST, request.FILES)
    if not survey_round.is_open:
        messages.error(request, _("The round is closed: the answers can no longer change."))
        return _render_response(request, organisation, survey_round, response, status=409)
    if not form.is_valid():
        return _render_response(
            request, organisation, survey_round, response, upload=form, status=400
        )
    stored, problems = _store_upload(request, form, survey_round, organisation)
    if problems:
        messages.error(request, _("The file was not accepted; nothing was changed."))
        return _render_response(
            request,
            organisation,
            survey_round,
            response,
            upload=form,
            upload_errors=problems,
            status=400,
        )
    assert stored is not None
    if stored.unchanged:
        messages.info(request, _("The file holds the answers already stored: nothing changed."))
    elif stored.submitted:
        messages.success(
            request,
            _("%(rows)s answer rows read from the file and submitted.") % {"rows": stored.rows},
        )
    else:
        messages.success(
            request,
            _("%(rows)s answer rows read from the file and saved as a draft.")
            % {"rows": stored.rows},
        )
    return redirect("survey-response", year=survey_round.year, org_number=organisation.org_number)


# -- analysts ---------------------------------------------------------------------------------
@never_cache
@require_http_methods(["GET", "POST"])
@require_role(*_STAFF)
def rounds(request: HttpRequest) -> HttpResponse:
    """The rounds with their response counts; create a round."""
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        survey_round = form.save(commit=False)
        survey_round.created_by = request.user
        survey_round.status = SurveyRound.Status.OPEN
        with transaction.atomic():
            survey_round.save()
            audit.record(
                request.user,
                audit.SURVEY_ROUND,
                survey_round,
                {"survey": survey_round.year, "action": "create"},
                request=request,
            )
        messages.success(
            request, _("Round %(year)s created and open.") % {"year": survey_round.year}
        )
        return redirect("survey-round", year=survey_round.year)
    listing = []
    for survey_round in SurveyRound.objects.all():
        counts = {s: 0 for s in SurveyResponse.Status.values}
        for status in survey_round.responses.values_list("status", flat=True):
            counts[status] += 1
        listing.append({"round": survey_round, "counts": counts})
    return render(
        request,
        "survey/rounds.html",
        {"listing": listing, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@never_cache
@require_role(*_STAFF)
def round_detail(request: HttpRequest, year: int) -> HttpResponse:
    """Per organisation: answered or not, draft or submitted, when, through which channel."""
    survey_round = _round_or_404(year)
    overview = service.round_overview(survey_round)
    submitted = sum(1 for r in overview if r["status"] == SurveyResponse.Status.SUBMITTED)
    drafts = sum(1 for r in overview if r["status"] == SurveyResponse.Status.DRAFT)
    return render(
        request,
        "survey/round.html",
        {
            "round": survey_round,
            "overview": overview,
            "submitted": submitted,
            "drafts": drafts,
            "missing": len(overview) - submitted - drafts,
        },
    )


@never_cache
@require_POST
@require_role(*_STAFF)
def round_action(request: HttpRequest, year: int) -> HttpResponse:
    """Open, close or publish a round."""
    survey_round = _round_or_404(year)
    action = request.POST.get("action", "")
    if action in ("open", "close"):
        status = SurveyRound.Status.OPEN if action == "open" else SurveyRound.Status.CLOSED
        if survey_round.status != status:
            with transaction.atomic():
                survey_round.status = status
                survey_round.save(update_fields=["status"])
                audit.record(
                    request.user,
                    audit.SURVEY_ROUND,
                    survey_round,
                    {"survey": survey_round.year, "action": action},
                    request=request,
                )
        if action == "open":
            messages.success(request, _("The round is open: members can answer."))
        else:
            messages.success(request, _("The round is closed: the answers are read-only."))
    elif action == "publish":
        from ecc_atlas.warehouse import Catalog
        from ecc_atlas.web.dashboard import data

        if survey_round.is_open:
            messages.error(request, _("Close the round before publishing it."))
            return redirect("survey-round", year=survey_round.year)
        if not service.hiring_plans_table(survey_round).num_rows:
            messages.error(request, _("The round has no submitted answers to publish."))
            return redirect("survey-round", year=survey_round.year)
        try:
            result = service.publish_round(
                survey_round,
                catalog=Catalog(data.settings().warehouse_dir),
                user=request.user,
                request=request,
            )
        except ValueError as exc:
            messages.error(request, str(exc))
            return redirect("survey-round", year=survey_round.year)
        if result.changed:
            messages.success(
                request,
                _(
                    "Published %(rows)s rows from %(orgs)s organisations to the balance "
                    "analysis (dataset hiring_plans)."
                )
                % {"rows": result.rows, "orgs": result.organisations},
            )
        else:
            messages.info(request, _("The warehouse already holds exactly these answers."))
    else:
        raise Http404("Unknown action.")
    return redirect("survey-round", year=survey_round.year)


@never_cache
@require_role(*_STAFF)
def round_export(request: HttpRequest, year: int, fmt: str) -> HttpResponse:
    """All answers of the round as CSV or XLSX (no cell can start a formula)."""
    if fmt not in ("csv", "xlsx"):
        raise Http404("Unknown format.")
    survey_round = _round_or_404(year)
    rows = service.export_rows(survey_round, lang=_lang())
    columns = list(service.EXPORT_COLUMNS)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([safe_cell(row[c]) for c in columns])
        body: bytes = ("\ufeff" + buffer.getvalue()).encode("utf-8")
        content_type = "text/csv; charset=utf-8"
    else:
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = "answers"
        sheet.append(columns)
        for row in rows:
            sheet.append([safe_cell(row[c]) for c in columns])
        out = io.BytesIO()
        book.save(out)
        body, content_type = out.getvalue(), _XLSX
    audit.record(
        request.user,
        audit.EXPORT,
        survey_round,
        {"survey": survey_round.year, "format": fmt, "rows": len(rows)},
        request=request,
    )
    reply = HttpResponse(body, content_type=content_type)
    reply["Content-Disposition"] = (
        f'attachment; filename="ecc-atlas_survey_{survey_round.year}_answers.{fmt}"'
    )
    return reply


def response_url(year: int, org_number: str) -> str:
    """The URL of an organisation's response page."""
    return reverse("survey-response", kwargs={"year": year, "org_number": org_number})

"""Collaboration pages: projects (all roles, by visibility), the dialogue log and the training
follow-up (analysts).

Who sees what:

- **analysts** (and admins) see and edit every project, meeting, action and training effort;
- **members** see, read-only, the projects one of their organisations takes part in (through
  :func:`~ecc_atlas.web.accounts.permissions.visible_organisations`); other projects answer 404;
- **visitors** see the projects an analyst marked public, on the public pages, without budget,
  funders or internal notes; the occupations' figures there pass disclosure control.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ecc_atlas.services import collaboration as service
from ecc_atlas.web import choices
from ecc_atlas.web.accounts import audit
from ecc_atlas.web.accounts.models import Role
from ecc_atlas.web.accounts.permissions import require_role, visible_organisations
from ecc_atlas.web.accounts.roles import is_analyst, role_of
from ecc_atlas.web.collaboration import forms
from ecc_atlas.web.collaboration.models import (
    Action,
    Meeting,
    Project,
    TrainingEffort,
    TrainingParticipation,
)

STAFF = (Role.ANALYST, Role.ADMIN)
SIGNED_IN = (Role.MEMBER, Role.ANALYST, Role.ADMIN)
_MAX_SHOWN = 500


def _record(request: HttpRequest, action: str, obj: Any, change: str, **details: Any) -> None:
    """Write the audit event of a change made on these pages (inside its transaction)."""
    audit.record(
        request.user, action, obj, {"change": change, "id": obj.pk, **details}, request=request
    )


def _changed_fields(form: Any, formset: Any = None) -> list[str]:
    """The names of the fields a form (and its inline formset) changed, for the audit log."""
    fields = sorted(name for name in form.changed_data if not name.startswith("_"))
    if formset is not None and formset.has_changed():
        fields.append(formset.prefix)
    return fields


def _save_or_render(
    request: HttpRequest,
    form: Any,
    formset: Any,
    *,
    audit_action: str,
    saved_message: str,
    url_name: str,
    url_arg: str,
    template: str,
    context_name: str,
) -> HttpResponse:
    """The create/edit pages' common step: on a valid POST save the record with its inline
    rows (stamping ``created_by`` on a new one), write the audit event and go to its page;
    otherwise render the form."""
    instance = form.instance
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        change = "create" if instance.pk is None else "update"
        with transaction.atomic():
            if instance.pk is None:
                instance.created_by = request.user
            saved = form.save()
            formset.instance = saved
            formset.save()
            _record(request, audit_action, saved, change, fields=_changed_fields(form, formset))
        messages.success(request, saved_message)
        return redirect(url_name, **{url_arg: saved.pk})
    return render(
        request,
        template,
        {"form": form, "formset": formset, context_name: instance if instance.pk else None},
    )


def visible_projects(user: Any) -> QuerySet[Project]:
    """Projects ``user`` may see: all (analysts), their organisations' (members), none."""
    if is_analyst(user):
        return Project.objects.all()
    if role_of(user) is Role.MEMBER:
        return Project.objects.filter(
            participations__organisation__in=visible_organisations(user)
        ).distinct()
    return Project.objects.none()


# -- projects -------------------------------------------------------------------------------


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The project list: all for analysts, own organisations' for members (filterable)."""
    if role_of(request.user) is Role.PUBLIC:
        return redirect("collaboration-public")
    projects = visible_projects(request.user)
    if is_analyst(request.user):
        organisations = visible_organisations(request.user).filter(
            project_participations__isnull=False
        )
    else:
        organisations = visible_organisations(request.user)
    form = forms.ProjectFilterForm(request.GET or None, organisations=organisations.distinct())
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data.get("kind"):
            projects = projects.filter(kind=data["kind"])
        if data.get("status"):
            projects = projects.filter(status=data["status"])
        if data.get("organisation"):
            projects = projects.filter(participations__organisation=data["organisation"])
        if data.get("occupation"):
            code = data["occupation"]
            projects = projects.filter(
                pk__in=[p.pk for p in projects if code in (p.occupations or [])]
            )
    projects = projects.distinct().annotate(n_participants=Count("participations", distinct=True))
    return render(
        request,
        "collaboration/home.html",
        {
            "projects": projects,
            "form": form,
            "analyst": is_analyst(request.user),
            "kinds": _kind_counts(projects),
        },
    )


def _kind_counts(projects: QuerySet[Project]) -> list[tuple[str, int]]:
    labels = dict(Project.Kind.choices)
    counts = projects.order_by().values("kind").annotate(n=Count("pk", distinct=True))
    return [(str(labels.get(row["kind"], row["kind"])), row["n"]) for row in counts]


def _occupation_rows(codes: list[str]) -> list[tuple[str, str]]:
    return [(code, choices.occupation_name(code)) for code in codes or []]


def _skill_labels(ids: list[str]) -> list[str]:
    labels = dict(choices.skill_choices())
    return [labels.get(i, i) for i in ids or []]


def _development(project: Project, *, protect: bool) -> list[service.DevelopmentRow]:
    """The development rows of the project's occupations (raises ``DashboardError``)."""
    from ecc_atlas.web.dashboard import data

    codes = sorted(set(project.occupations or []))
    if not codes:
        return []
    rows: list[service.DevelopmentRow] = data.memo(
        "collaboration-effect",
        (tuple(codes), project.starts_on, project.ends_on, protect),
        lambda ctx: service.occupation_development(
            ctx,
            codes,
            starts_on=project.starts_on,
            ends_on=project.ends_on,
            protect_figures=protect,
        ),
    )
    return rows


def _effect(project: Project, *, protect: bool, chart_url: str) -> dict[str, Any]:
    """The effect view's rows for the project's occupations (empty without data)."""
    from ecc_atlas.web.dashboard import assets, data

    try:
        rows = _development(project, protect=protect)
    except data.DashboardError as error:
        return {"effect_rows": [], "effect_error": str(error)}
    names = dict(_occupation_rows(project.occupations))
    charted = any(r.graduates is not None or r.job_ads is not None for r in rows)
    return {
        "effect_rows": [(names.get(r.ssyk, r.ssyk), r) for r in rows],
        "effect_error": "",
        "chart_url": chart_url if charted else "",
        "vega_bundle_url": f"{reverse('dashboard-vega-bundle')}?v={assets.bundle_version()}",
    }


def _effect_spec(project: Project, *, protect: bool) -> dict[str, Any]:
    """Vega-Lite lines: graduates and job ads by year for each occupation addressed."""
    from ecc_atlas.charts.base import Lang
    from ecc_atlas.charts.specs import line_chart

    lang: Lang = "en" if (get_language() or "sv").startswith("en") else "sv"
    rows = _development(project, protect=protect)
    graduates, ads = _("graduates"), _("job ads")
    long: list[dict[str, Any]] = []
    for row in rows:
        long.append({"year": row.year, "series": f"{row.ssyk} {graduates}", "value": row.graduates})
        long.append({"year": row.year, "series": f"{row.ssyk} {ads}", "value": row.job_ads})
    period = (
        f"{project.starts_on:%Y}–{project.ends_on:%Y}"
        if project.ends_on
        else (f"{project.starts_on:%Y}–")
    )
    return line_chart(
        long,
        x="year",
        series="series",
        value="value",
        title=_("Graduates and job ads by year"),
        subtitle=_("Project period %(period)s. An association, not proof of an effect.")
        % {"period": period},
        y_title=_("Number"),
        series_title=_("Occupation and measure"),
        description=_(
            "Graduates of the programmes mapped to each occupation the project addresses, and "
            "job ads for it, by year; the table below holds every number."
        ),
        lang=lang,
    )


@require_safe
@require_role(*SIGNED_IN)
def project_detail(request: HttpRequest, project_id: int) -> HttpResponse:
    """A project: participants, occupations, skills, training, effect view."""
    project = get_object_or_404(visible_projects(request.user), pk=project_id)
    analyst = is_analyst(request.user)
    context: dict[str, Any] = {
        "project": project,
        "analyst": analyst,
        "participations": project.participations.select_related("organisation"),
        "occupations": _occupation_rows(project.occupations),
        "skills": _skill_labels(project.skills),
    }
    if analyst:
        report = service.training_report(project_id=project.pk)
        context["training"] = report.figures if report.figures.efforts else None
        context["meetings"] = project.meetings.all()
    else:
        # a member sees its own organisations' training participations, nobody else's
        context["own_training"] = (
            TrainingParticipation.objects.filter(
                effort__project=project,
                organisation__in=visible_organisations(request.user),
            )
            .select_related("effort", "organisation")
            .order_by("effort__starts_on", "effort__title", "organisation__name")
        )
    chart_url = reverse("collaboration-project-effect", args=[project.pk])
    context.update(_effect(project, protect=not analyst, chart_url=chart_url))
    return render(request, "collaboration/project_detail.html", context)


@require_safe
@require_role(*SIGNED_IN)
def project_effect_chart(request: HttpRequest, project_id: int) -> HttpResponse:
    """The effect view's chart spec (figures protected for members)."""
    project = get_object_or_404(visible_projects(request.user), pk=project_id)
    return JsonResponse(_effect_spec(project, protect=not is_analyst(request.user)))


@require_http_methods(["GET", "HEAD", "POST"])
@require_role(*STAFF)
def project_edit(request: HttpRequest, project_id: int | None = None) -> HttpResponse:
    """Create or edit a project with its participants."""
    project = get_object_or_404(Project, pk=project_id) if project_id is not None else Project()
    form = forms.ProjectForm(request.POST or None, instance=project)
    formset = forms.ParticipationFormSet(
        request.POST or None, instance=project, prefix="participants"
    )
    return _save_or_render(
        request,
        form,
        formset,
        audit_action=audit.PROJECT_CHANGE,
        saved_message=_("The project was saved."),
        url_name="collaboration-project",
        url_arg="project_id",
        template="collaboration/project_form.html",
        context_name="project",
    )


@require_safe
def public_list(request: HttpRequest) -> HttpResponse:
    """The projects an analyst marked public (no budget, funders or internal notes)."""
    projects = Project.objects.filter(public=True).exclude(status=Project.Status.CANCELLED)
    return render(request, "collaboration/public_list.html", {"projects": projects})


@require_safe
def public_detail(request: HttpRequest, project_id: int) -> HttpResponse:
    """A public project with its participants and the (protected) effect view."""
    project = get_object_or_404(
        Project.objects.exclude(status=Project.Status.CANCELLED), pk=project_id, public=True
    )
    context: dict[str, Any] = {
        "project": project,
        "participations": project.participations.select_related("organisation"),
        "occupations": _occupation_rows(project.occupations),
        "skills": _skill_labels(project.skills),
    }
    chart_url = reverse("collaboration-public-effect", args=[project.pk])
    context.update(_effect(project, protect=True, chart_url=chart_url))
    return render(request, "collaboration/public_detail.html", context)


@require_safe
def public_effect_chart(request: HttpRequest, project_id: int) -> HttpResponse:
    """The effect chart of a public project (protected figures)."""
    project = get_object_or_404(
        Project.objects.exclude(status=Project.Status.CANCELLED), pk=project_id, public=True
    )
    return JsonResponse(_effect_spec(project, protect=True))


# -- dialogue log ---------------------------------------------------------------------------


def _safe_shown(path: str) -> str:
    """A local path (``/…``, not ``//…``) or ``""``."""
    path = (path or "").strip()[:_MAX_SHOWN]
    if (
        not path.startswith("/")
        or path.startswith("//")
        or "\\" in path
        or any(c.isspace() or not c.isprintable() for c in path)
        or not url_has_allowed_host_and_scheme(path, allowed_hosts=None)
    ):
        return ""
    return path


@require_safe
@require_role(*STAFF)
def meetings(request: HttpRequest) -> HttpResponse:
    """The dialogue log: meetings, and the actions overview (open, overdue, closed)."""
    today = timezone.localdate()
    all_meetings = (
        Meeting.objects.select_related("project")
        .annotate(
            n_organisations=Count("participants", distinct=True),
            n_actions=Count("actions", distinct=True),
            n_open=Count("actions", filter=Q(actions__status=Action.Status.OPEN), distinct=True),
            n_done=Count("actions", filter=Q(actions__status=Action.Status.DONE), distinct=True),
        )
        .order_by("-date", "title")
    )
    people = dict(Meeting.objects.annotate(n=Sum("participants__people")).values_list("pk", "n"))
    actions = Action.objects.select_related("meeting", "owner")
    open_actions = actions.filter(status=Action.Status.OPEN)
    return render(
        request,
        "collaboration/meetings.html",
        {
            "meetings": [(m, people.get(m.pk) or 0) for m in all_meetings],
            "overdue": open_actions.filter(due_on__lt=today).order_by("due_on"),
            "upcoming": open_actions.filter(due_on__gte=today).order_by("due_on"),
            "closed": actions.exclude(status=Action.Status.OPEN).order_by("-closed_on", "-pk")[:50],
            "today": today,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@require_role(*STAFF)
def meeting_edit(request: HttpRequest, meeting_id: int | None = None) -> HttpResponse:
    """Create or edit a meeting; ``?shown=<path>&label=<title>`` pre-fills an analysis shown."""
    meeting = get_object_or_404(Meeting, pk=meeting_id) if meeting_id is not None else Meeting()
    initial: dict[str, Any] = {}
    if meeting.pk is None:
        initial["date"] = timezone.localdate()
        shown = _safe_shown(request.GET.get("shown", ""))
        if shown:
            label = " ".join(request.GET.get("label", "").split())[:200].replace("|", "/")
            initial["analyses_text"] = forms.analyses_to_text(
                [{"label": label or shown, "url": shown}]
            )
            initial["title"] = label
    form = forms.MeetingForm(request.POST or None, instance=meeting, initial=initial)
    formset = forms.MeetingParticipantFormSet(
        request.POST or None, instance=meeting, prefix="participants"
    )
    return _save_or_render(
        request,
        form,
        formset,
        audit_action=audit.MEETING_CHANGE,
        saved_message=_("The meeting was saved."),
        url_name="collaboration-meeting",
        url_arg="meeting_id",
        template="collaboration/meeting_form.html",
        context_name="meeting",
    )


@require_safe
@require_role(*STAFF)
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """A meeting with its participants, analyses shown, decisions and actions."""
    meeting = get_object_or_404(Meeting.objects.select_related("project"), pk=meeting_id)
    return _meeting_page(request, meeting, forms.ActionForm())


def _meeting_page(request: HttpRequest, meeting: Meeting, action_form: Any) -> HttpResponse:
    return render(
        request,
        "collaboration/meeting_detail.html",
        {
            "meeting": meeting,
            "participants": meeting.participants.select_related("organisation"),
            "actions": meeting.actions.select_related("owner"),
            "action_form": action_form,
            "today": timezone.localdate(),
        },
    )


@require_POST
@require_role(*STAFF)
def action_new(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Add a follow-up action to a meeting."""
    meeting = get_object_or_404(Meeting, pk=meeting_id)
    form = forms.ActionForm(request.POST, instance=Action(meeting=meeting))
    if form.is_valid():
        with transaction.atomic():
            action = form.save()
            _record(request, audit.ACTION_CHANGE, action, "create", meeting=meeting.pk)
        messages.success(request, _("The action was added."))
        return redirect("collaboration-meeting", meeting_id=meeting.pk)
    return _meeting_page(request, meeting, form)


@require_http_methods(["GET", "HEAD", "POST"])
@require_role(*STAFF)
def action_close(request: HttpRequest, action_id: int) -> HttpResponse:
    """Close an action as done (with its outcome) or dropped."""
    action = get_object_or_404(Action.objects.select_related("meeting"), pk=action_id)
    form: forms.CloseActionForm | None = forms.CloseActionForm(request.POST or None)
    if action.status != Action.Status.OPEN:
        form = None
    if request.method == "POST" and form is not None and form.is_valid():
        action.status = form.cleaned_data["status"]
        action.outcome = form.cleaned_data["outcome"].strip()
        action.closed_on = form.cleaned_data["closed_on"]
        action.full_clean()
        with transaction.atomic():
            action.save(update_fields=["status", "outcome", "closed_on"])
            _record(
                request,
                audit.ACTION_CHANGE,
                action,
                "close",
                meeting=action.meeting_id,
                status=action.status,
            )
        messages.success(request, _("The action was closed."))
        return redirect("collaboration-meeting", meeting_id=action.meeting_id)
    return render(request, "collaboration/action_close.html", {"action": action, "form": form})


# -- training follow-up ---------------------------------------------------------------------


def _training_filters(request: HttpRequest) -> tuple[forms.TrainingFilterForm, dict[str, Any]]:
    form = forms.TrainingFilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        project = data.get("project")
        return form, {
            "start": data.get("start"),
            "end": data.get("end"),
            "project_id": project.pk if project else None,
        }
    return form, {"start": None, "end": None, "project_id": None}


@require_safe
@require_role(*STAFF)
def training(request: HttpRequest) -> HttpResponse:
    """Training efforts, the summary figures of a period/project and the funder export."""
    form, filters = _training_filters(request)
    report = None
    if not form.errors:
        report = service.training_report(
            filters["start"], filters["end"], project_id=filters["project_id"]
        )
    efforts = TrainingEffort.objects.select_related("project", "provider").annotate(
        n_companies=Count("participations__organisation", distinct=True),
        women=Sum("participations__participants_women"),
        men=Sum("participations__participants_men"),
        total_hours=Sum("participations__hours"),
    )
    if filters["project_id"] is not None:
        efforts = efforts.filter(project_id=filters["project_id"])
    if filters["end"] is not None:
        efforts = efforts.filter(starts_on__lte=filters["end"])
    if filters["start"] is not None:
        efforts = efforts.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=filters["start"]))
    query = request.GET.urlencode()
    return render(
        request,
        "collaboration/training.html",
        {
            "form": form,
            "report": report,
            "efforts": efforts.order_by("-starts_on", "title")[:300],
            "n_efforts": efforts.count(),
            "query": query,
            "occupation_rows": [
                (choices.occupation_name(row.ssyk), row) for row in report.occupations
            ]
            if report
            else [],
        },
    )


def _funder_labels() -> dict[str, str]:
    return {
        "summary": _("summary"),
        "lines": _("efforts x companies"),
        "occupations": _("occupations"),
        "programme": _("Programme"),
        "all_projects": _("All projects"),
        "period": _("Period"),
        "efforts": _("Training efforts"),
        "companies": _("Participating companies"),
        "participants": _("Participants"),
        "women": _("Women"),
        "men": _("Men"),
        "hours": _("Training hours"),
        "completed": _("Completed"),
        "completion_rate": _("Completion rate"),
        "ssyk": _("Occupation (SSYK)"),
        "note": _(
            "Computed from the training records of ECC Atlas; participants are counted per "
            "effort (a person in two efforts counts twice)."
        ),
    }


@require_safe
@require_role(*STAFF)
def training_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The funder report of a period (and project) as XLSX or CSV."""
    if fmt not in {"xlsx", "csv"}:
        raise Http404("Unknown format.")
    form, filters = _training_filters(request)
    if form.errors:
        raise Http404("Invalid period.")
    report = service.training_report(
        filters["start"], filters["end"], project_id=filters["project_id"]
    )
    stamp = timezone.localdate().isoformat()
    if fmt == "csv":
        body = service.funder_csv(report)
        content_type = "text/csv; charset=utf-8"
    else:
        body = service.funder_xlsx(report, _funder_labels())
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    audit.record(
        request.user,
        audit.EXPORT,
        "collaboration.training",
        {
            "format": fmt,
            "start": filters["start"].isoformat() if filters["start"] else None,
            "end": filters["end"].isoformat() if filters["end"] else None,
            "project": filters["project_id"],
        },
        request=request,
    )
    response = HttpResponse(body, content_type=content_type)
    lang = (get_language() or "sv")[:2]
    response["Content-Disposition"] = (
        f'attachment; filename="ecc-atlas-training-{stamp}-{lang}.{fmt}"'
    )
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@require_role(*STAFF)
def effort_edit(request: HttpRequest, effort_id: int | None = None) -> HttpResponse:
    """Create or edit a training effort with its participating companies."""
    effort = (
        get_object_or_404(TrainingEffort, pk=effort_id)
        if effort_id is not None
        else TrainingEffort()
    )
    initial: dict[str, Any] = {}
    if effort.pk is None and request.GET.get("project", "").isdigit():
        initial["project"] = int(request.GET["project"])
    form = forms.TrainingEffortForm(request.POST or None, instance=effort, initial=initial)
    formset = forms.TrainingParticipationFormSet(
        request.POST or None, instance=effort, prefix="participations"
    )
    return _save_or_render(
        request,
        form,
        formset,
        audit_action=audit.TRAINING_CHANGE,
        saved_message=_("The training effort was saved."),
        url_name="collaboration-effort",
        url_arg="effort_id",
        template="collaboration/effort_form.html",
        context_name="effort",
    )


@require_safe
@require_role(*STAFF)
def effort_detail(request: HttpRequest, effort_id: int) -> HttpResponse:
    """A training effort with its participations and figures."""
    effort = get_object_or_404(
        TrainingEffort.objects.select_related("project", "provider"), pk=effort_id
    )
    rows = service.participation_rows(TrainingEffort.objects.filter(pk=effort.pk))
    from ecc_atlas.analysis import training as analysis

    return render(
        request,
        "collaboration/effort_detail.html",
        {
            "effort": effort,
            "participations": [
                (p, choices.occupation_name(p.ssyk) if p.ssyk else "")
                for p in effort.participations.select_related("organisation")
            ],
            "figures": analysis.training_figures(rows),
            "occupations": _occupation_rows(effort.occupations),
        },
    )

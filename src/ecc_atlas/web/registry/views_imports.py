"""The upload page (analysts): upload a file, see its dry run, confirm, follow the import.

The work is done by :mod:`ecc_atlas.services.uploads` in a background thread
(:mod:`ecc_atlas.web.registry.jobs`); these views only parse, call and render. A job's page
polls ``…/status/`` with ``registry/imports.js``; without JavaScript, reloading the page shows
the same state.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from ecc_atlas.config import Settings
from ecc_atlas.services import uploads
from ecc_atlas.web.accounts.models import Role
from ecc_atlas.web.accounts.permissions import require_role
from ecc_atlas.web.registry import jobs
from ecc_atlas.web.registry.forms import SOURCE_CHOICES, UploadForm
from ecc_atlas.web.registry.models import ImportJob

__all__ = ["apply", "detail", "discard", "imports", "status"]

RECENT_JOBS = 20
_staff = require_role(Role.ANALYST, Role.ADMIN)
_SOURCE_LABELS = dict(SOURCE_CHOICES)
_CHANGE_LABELS = {
    "dry run": gettext_lazy("would be written"),
    "new": gettext_lazy("new"),
    "replaced": gettext_lazy("replaced"),
    "updated": gettext_lazy("updated"),
    "unchanged": gettext_lazy("unchanged"),
}
#: Labels of the importers' counts (``ImportSummary.counts`` keys); others show their key.
_COUNT_LABELS = {
    "rows": gettext_lazy("rows read"),
    "rows_read": gettext_lazy("rows read"),
    "records": gettext_lazy("records read"),
    "partitions": gettext_lazy("partitions"),
    "rounds": gettext_lazy("survey rounds"),
    "batches": gettext_lazy("batches written"),
    "organisations_created": gettext_lazy("organisations created"),
    "organisations_updated": gettext_lazy("organisations updated"),
    "organisations_unchanged": gettext_lazy("organisations unchanged"),
    "workplaces_created": gettext_lazy("workplaces created"),
    "workplaces_updated": gettext_lazy("workplaces updated"),
    "workplaces_deleted": gettext_lazy("workplaces removed"),
    "workplaces_unchanged": gettext_lazy("workplaces unchanged"),
    "decisions_added": gettext_lazy("delimitation decisions added"),
    "decisions_unchanged": gettext_lazy("delimitation decisions unchanged"),
    "invalid_org_numbers": gettext_lazy("invalid organisation numbers removed"),
    "personal_numbers_dropped": gettext_lazy("personal identity numbers removed"),
    "unknown_codes_nulled": gettext_lazy("unknown codes left empty"),
    "duplicate_ids": gettext_lazy("duplicate ads skipped"),
    "duplicate_reposts": gettext_lazy("reposted ads skipped"),
    "national_skipped": gettext_lazy("national rows skipped"),
    "null_skipped": gettext_lazy("empty values skipped"),
    "other_months_skipped": gettext_lazy("rows of other months skipped"),
}
_ERRORS = {
    "busy": gettext_lazy(
        "Another import was being applied at the same time; nothing was changed. "
        "Upload the file again when that import has finished."
    ),
    "missing_file": gettext_lazy("The uploaded file is no longer there; upload it again."),
    "interrupted": gettext_lazy(
        "The server stopped while the file was being processed; nothing was changed. "
        "Upload the file again."
    ),
    "internal": gettext_lazy(
        "The import stopped because of an internal error; nothing was changed. "
        "The server log has the details."
    ),
}


def _config() -> Settings:
    value = settings.ECC_ATLAS
    assert isinstance(value, Settings)
    return value


def _max_bytes() -> int:
    return int(getattr(settings, "ECC_ATLAS_MAX_UPLOAD_BYTES", 0) or 50 * 1024 * 1024)


def _refusal(code: str) -> str:
    if code == "too_large":
        return _("The file is larger than %(mb)s MB.") % {"mb": _max_bytes() // (1024 * 1024)}
    if code == "empty":
        return _("The file is empty.")
    if code.startswith("extension:"):
        return _("This source reads files ending in %(extensions)s.") % {
            "extensions": code.split(":", 1)[1]
        }
    return _("This file cannot be imported.")


def _summary(data: dict[str, Any] | None) -> dict[str, Any] | None:
    """A summary (``ImportSummary.to_json``) ready for the template."""
    if not data:
        return None
    datasets = [
        {**d, "status_label": _CHANGE_LABELS.get(str(d.get("status")), d.get("status"))}
        for d in data.get("datasets", [])
    ]
    counts = [
        (str(_COUNT_LABELS.get(str(k), str(k).replace("_", " "))), v)
        for k, v in (data.get("counts") or {}).items()
        if v
    ]
    return {
        "datasets": datasets,
        "counts": counts,
        "notes": data.get("notes") or [],
        "changed": data.get("changed"),
    }


def _job_view(job: ImportJob) -> dict[str, Any]:
    return {
        "job": job,
        "source_label": _SOURCE_LABELS.get(job.source, job.source),
        "dry_run": _summary(job.dry_run_summary),
        "result": _summary(job.summary),
        "error": _ERRORS.get(job.error, job.error),
    }


def _checked(job: ImportJob) -> ImportJob:
    """The job, marked failed first if the process running it has died."""
    if job.active:
        uploads.mark_interrupted(_config(), job)
    return job


@never_cache
@_staff
def imports(request: HttpRequest) -> HttpResponse:
    """The upload form and the recent jobs."""
    status = 200
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            source = form.cleaned_data["source"]
            try:
                stored, sha, size = uploads.store_upload(
                    _config(),
                    upload.chunks(),
                    upload.name or "",
                    source=source,
                    max_bytes=_max_bytes(),
                )
            except uploads.UploadRefused as exc:
                form.add_error("file", _refusal(str(exc)))
            else:
                job = uploads.create_job(
                    user=request.user,
                    source=source,
                    file_name=uploads.safe_file_name(upload.name or ""),
                    stored_path=stored,
                    sha256=sha,
                    size=size,
                    options=form.options(),
                )
                jobs.start(job.pk)
                return HttpResponseRedirect(reverse("registry-import", args=[job.pk]))
        status = 400
    else:
        form = UploadForm()
    recent = [_job_view(_checked(job)) for job in ImportJob.objects.all()[:RECENT_JOBS]]
    return render(
        request,
        "registry/imports.html",
        {"form": form, "jobs": recent, "max_mb": _max_bytes() // (1024 * 1024)},
        status=status,
    )


@never_cache
@_staff
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One job: its progress, its dry run (confirm or discard), its result."""
    job = _checked(get_object_or_404(ImportJob, pk=pk))
    context = _job_view(job)
    context["status_url"] = reverse("registry-import-status", args=[job.pk])
    return render(request, "registry/import_detail.html", context)


@never_cache
@_staff
def status(request: HttpRequest, pk: int) -> JsonResponse:
    """The job's state as JSON, for the page's polling."""
    job = _checked(get_object_or_404(ImportJob, pk=pk))
    return JsonResponse(
        {
            "id": job.pk,
            "status": job.status,
            "status_label": str(job.get_status_display()),
            "phase": job.phase,
            "active": job.active,
            "progress_done": job.progress_done,
            "progress_total": job.progress_total,
            "percent": job.percent,
        }
    )


@never_cache
@_staff
@require_POST
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm a checked job: import the file."""
    job = get_object_or_404(ImportJob, pk=pk)
    try:
        queued = uploads.request_apply(_config(), job)
    except uploads.ImportBusy:
        messages.error(
            request,
            _("Another import is being applied right now. Confirm again when it has finished."),
        )
    else:
        if queued:
            jobs.start(job.pk)
        else:
            messages.error(request, _("This file is not waiting for confirmation."))
    return HttpResponseRedirect(reverse("registry-import", args=[job.pk]))


@never_cache
@_staff
@require_POST
def discard(request: HttpRequest, pk: int) -> HttpResponse:
    """Drop a checked (or failed) job and its file."""
    job = get_object_or_404(ImportJob, pk=pk)
    if uploads.discard(_config(), job):
        messages.success(request, _("The file was discarded; nothing was imported."))
    else:
        messages.error(request, _("This file cannot be discarded now."))
    return HttpResponseRedirect(reverse("registry-imports"))

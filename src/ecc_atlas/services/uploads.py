"""Import jobs of the web upload page: store a file, dry-run it, apply it, record the result.

The web UI runs the same library functions as ``ecc-atlas import …`` (:data:`SOURCES` maps
each file source onto its importer); this module holds everything an import job does, so
the views only parse requests and render, and :mod:`ecc_atlas.web.registry.jobs` only runs
:func:`run_job` in a background thread.

The life of a job (:class:`~ecc_atlas.web.registry.models.ImportJob`):

1. :func:`store_upload` streams the uploaded file into ``<home>/uploads/<sha256>/<name>``
   (hashing it on the way, refusing an empty or too large file) and :func:`create_job`
   records it, ``queued`` for a dry run;
2. :func:`run_job` runs the dry run: ``checked`` with the summary of what would change, or
   ``failed`` with the problems in the file (file, row, field, what was expected);
3. :func:`request_apply` queues the import itself (refused while another import is being
   applied), and :func:`run_job` imports: ``done`` with the summary, or ``failed``;
   either way it writes an ``audit.IMPORT`` event and deletes the file;
4. :func:`discard` drops a checked job and its file.

The stored path depends only on the file's content and name, so the same file uploaded twice
has the same provenance (``input``) and the second import changes nothing. Only one import is
applied at a time per data home: :func:`run_job` holds an exclusive, non-blocking lock on
``<home>/uploads/.apply.lock`` and a second apply fails with a clear message.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import logging
import re
import time
import unicodedata
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import DatabaseError
from django.utils import timezone

from ecc_atlas.config import Settings
from ecc_atlas.ingest.base import ImportSummary
from ecc_atlas.ingest.errors import IngestError
from ecc_atlas.warehouse import Catalog, WarehouseError
from ecc_atlas.web.accounts import audit
from ecc_atlas.web.registry.models import ImportJob

__all__ = [
    "SOURCES",
    "ImportBusy",
    "Source",
    "UploadRefused",
    "apply_in_progress",
    "create_job",
    "discard",
    "mark_interrupted",
    "request_apply",
    "run_job",
    "safe_file_name",
    "store_upload",
    "uploads_dir",
]

logger = logging.getLogger("ecc_atlas.uploads")

Progress = Callable[[int, int], None]
Runner = Callable[..., ImportSummary]
_CHUNK = 1024 * 1024
#: Seconds between two progress writes to the database.
PROGRESS_INTERVAL = 0.5


class UploadRefused(ValueError):
    """An uploaded file cannot become an import job (empty, too large, wrong kind)."""


class ImportBusy(RuntimeError):
    """Another import is being applied to this data home."""


# -- the sources ---------------------------------------------------------------------------------
def _registry(
    catalog: Catalog, path: Path, *, dry_run: bool, user: str, actor: Any, options: Any,
    progress: Progress,
) -> ImportSummary:  # fmt: skip
    from ecc_atlas.services.registry_import import import_registry

    return import_registry(
        catalog, path, dry_run=dry_run, user=user, actor=actor, progress=progress
    )


def _workforce(
    catalog: Catalog, path: Path, *, dry_run: bool, user: str, actor: Any, options: Any,
    progress: Progress,
) -> ImportSummary:  # fmt: skip
    from ecc_atlas.ingest.workforce import import_workforce

    return import_workforce(catalog, path, dry_run=dry_run, user=user, progress=progress)


def _programmes(
    catalog: Catalog, path: Path, *, dry_run: bool, user: str, actor: Any, options: Any,
    progress: Progress,
) -> ImportSummary:  # fmt: skip
    from ecc_atlas.ingest.programmes import import_programmes

    return import_programmes(catalog, path, dry_run=dry_run, user=user, progress=progress)


def _yrkesbarometer(
    catalog: Catalog, path: Path, *, dry_run: bool, user: str, actor: Any, options: Any,
    progress: Progress,
) -> ImportSummary:  # fmt: skip
    from ecc_atlas.ingest.yrkesbarometer import import_yrkesbarometer

    return import_yrkesbarometer(catalog, path, dry_run=dry_run, user=user)


def _scb(
    catalog: Catalog, path: Path, *, dry_run: bool, user: str, actor: Any, options: Any,
    progress: Progress,
) -> ImportSummary:  # fmt: skip
    from ecc_atlas.ingest.scb import import_scb_file

    return import_scb_file(
        catalog,
        path,
        dataset=options.get("dataset") or None,
        as_population=bool(options.get("as_population")),
        dry_run=dry_run,
        user=user,
    )


def _jobtech_ads(
    catalog: Catalog, path: Path, *, dry_run: bool, user: str, actor: Any, options: Any,
    progress: Progress,
) -> ImportSummary:  # fmt: skip
    from ecc_atlas.ingest.jobtech import import_job_ads

    return import_job_ads(
        catalog,
        path,
        dataset=options.get("dataset") or "job_ads",
        dry_run=dry_run,
        user=user,
        unknown_codes="null" if options.get("unknown_codes") == "null" else "error",
        progress=progress,
    )


@dataclass(frozen=True)
class Source:
    """A file source of the upload page: its CLI name, accepted extensions and importer."""

    key: str
    extensions: tuple[str, ...]
    run: Runner
    options: tuple[str, ...] = ()


#: The file sources, keyed like the ``ecc-atlas import`` subcommands.
SOURCES: Mapping[str, Source] = {
    s.key: s
    for s in (
        Source("registry", (".csv", ".xlsx"), _registry),
        Source("workforce", (".csv", ".xlsx"), _workforce),
        Source("programmes", (".csv", ".xlsx"), _programmes),
        Source("yrkesbarometer", (".json",), _yrkesbarometer),
        Source("scb", (".json", ".csv"), _scb, ("dataset", "as_population")),
        Source(
            "jobtech-ads",
            (".jsonl", ".ndjson", ".json"),
            _jobtech_ads,
            ("dataset", "unknown_codes"),
        ),
    )
}


# -- storing uploads -----------------------------------------------------------------------------
def uploads_dir(config: Settings) -> Path:
    """``<home>/uploads``: uploaded files wait here for their job (created on demand)."""
    path = config.home / "uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


def safe_file_name(name: str) -> str:
    """The base name of an uploaded file, reduced to letters, digits, ``._-`` (max 100)."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode("ascii")
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", base).strip("._")
    stem, dot, ext = base.rpartition(".")
    if not dot:
        stem, ext = base, ""
    stem = stem[:80] or "upload"
    return f"{stem}.{ext[:10].lower()}" if ext else stem


def store_upload(
    config: Settings,
    chunks: Iterable[bytes],
    name: str,
    *,
    source: str,
    max_bytes: int,
) -> tuple[str, str, int]:
    """Write an uploaded file under the data home; return (stored path, sha256, size).

    The stored path is relative to :func:`uploads_dir`. Raises :class:`UploadRefused` for an
    unknown source, an extension the source does not read, an empty file or one larger than
    ``max_bytes``.
    """
    spec = SOURCES.get(source)
    if spec is None:
        raise UploadRefused(f"unknown source {source!r}")
    safe = safe_file_name(name)
    suffix = Path(safe).suffix.lower()
    if suffix not in spec.extensions:
        raise UploadRefused(f"extension:{', '.join(spec.extensions)}")
    root = uploads_dir(config)
    incoming = root / ".incoming"
    incoming.mkdir(exist_ok=True)
    partial = incoming / uuid.uuid4().hex
    digest = hashlib.sha256()
    size = 0
    try:
        with open(partial, "xb") as handle:
            for chunk in chunks:
                size += len(chunk)
                if size > max_bytes:
                    raise UploadRefused("too_large")
                digest.update(chunk)
                handle.write(chunk)
        if size == 0:
            raise UploadRefused("empty")
        sha = digest.hexdigest()
        folder = root / sha
        folder.mkdir(exist_ok=True)
        target = folder / safe
        partial.replace(target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
    return f"{sha}/{safe}", sha, size


def create_job(
    *,
    user: Any,
    source: str,
    file_name: str,
    stored_path: str,
    sha256: str,
    size: int,
    options: Mapping[str, Any] | None = None,
) -> ImportJob:
    """Record an uploaded file as a job queued for its dry run."""
    spec = SOURCES[source]
    kept = {k: v for k, v in (options or {}).items() if k in spec.options and v not in ("", None)}
    return ImportJob.objects.create(
        source=source,
        options=kept,
        file_name=file_name[:200],
        stored_path=stored_path,
        sha256=sha256,
        size=size,
        user=user if getattr(user, "is_authenticated", False) else None,
        user_name=user.get_username() if getattr(user, "is_authenticated", False) else "",
    )


def _stored_file(config: Settings, job: ImportJob) -> Path | None:
    """The job's file, if it is (still) a file inside :func:`uploads_dir`."""
    if not job.stored_path:
        return None
    root = uploads_dir(config).resolve()
    path = (root / job.stored_path).resolve()
    if root not in path.parents or not path.is_file():
        return None
    return path


def _delete_file(config: Settings, job: ImportJob) -> None:
    """Delete the job's file unless another job that still needs it holds the same path."""
    path = _stored_file(config, job)
    shared = (
        ImportJob.objects.exclude(pk=job.pk)
        .filter(stored_path=job.stored_path)
        .filter(status__in=[ImportJob.Status.QUEUED, ImportJob.Status.RUNNING,
                            ImportJob.Status.CHECKED])
        .exists()
    )  # fmt: skip
    if path is not None and not shared:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        with contextlib.suppress(OSError):
            path.parent.rmdir()  # only when empty
    ImportJob.objects.filter(pk=job.pk).update(stored_path="")


# -- applying one at a time ----------------------------------------------------------------------
def _lock_path(config: Settings) -> Path:
    return uploads_dir(config) / ".apply.lock"


@contextlib.contextmanager
def _apply_lock(config: Settings) -> Iterator[None]:
    """Hold the data home's import lock; :class:`ImportBusy` when another holds it."""
    with open(_lock_path(config), "a+b") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ImportBusy("another import is being applied") from None
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def apply_in_progress(config: Settings) -> bool:
    """True while an import is being applied to this data home (by any process)."""
    try:
        with _apply_lock(config):
            pass
    except ImportBusy:
        return True
    return ImportJob.objects.filter(
        phase=ImportJob.Phase.APPLY, status=ImportJob.Status.QUEUED
    ).exists()


def request_apply(config: Settings, job: ImportJob) -> bool:
    """Queue the import of a checked job; False when the job is not waiting for it.

    Raises :class:`ImportBusy` while another import is being applied.
    """
    if job.status != ImportJob.Status.CHECKED:
        return False
    if apply_in_progress(config):
        raise ImportBusy("another import is being applied")
    updated = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.CHECKED).update(
        status=ImportJob.Status.QUEUED,
        phase=ImportJob.Phase.APPLY,
        progress_done=0,
        progress_total=0,
        error="",
        updated_at=timezone.now(),
    )
    return bool(updated)


def discard(config: Settings, job: ImportJob) -> bool:
    """Drop a job that waits for confirmation (or failed) and delete its file."""
    if job.status not in {ImportJob.Status.CHECKED, ImportJob.Status.FAILED}:
        return False
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.DISCARDED if job.status == ImportJob.Status.CHECKED else job.status,
        finished_at=job.finished_at or timezone.now(),
    )
    _delete_file(config, job)
    return True


# -- running -------------------------------------------------------------------------------------
def _issues(error: IngestError) -> list[dict[str, Any]]:
    return [
        {
            "file": issue.file,
            "row": issue.row,
            "field": issue.field,
            "expected": issue.expected,
            "found": issue.found,
        }
        for issue in error.issues
    ]


def _progress_writer(job_id: int) -> Progress:
    last = [0.0]

    def report(done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] < PROGRESS_INTERVAL and done < total:
            return
        last[0] = now
        with contextlib.suppress(DatabaseError):  # progress is a courtesy, never a failure
            ImportJob.objects.filter(pk=job_id).update(
                progress_done=max(0, int(done)), progress_total=max(0, int(total))
            )

    return report


def _summary_json(summary: ImportSummary) -> dict[str, Any]:
    data = summary.to_json()
    data["changed"] = summary.changed
    return data


def _run(config: Settings, job: ImportJob, path: Path) -> ImportSummary:
    spec = SOURCES[job.source]
    catalog = Catalog(config.warehouse_dir)
    dry_run = job.phase == ImportJob.Phase.DRY_RUN
    return spec.run(
        catalog,
        path,
        dry_run=dry_run,
        user=job.user_name or "web",
        actor=job.user,
        options=dict(job.options or {}),
        progress=_progress_writer(job.pk),
    )


def _finish(job: ImportJob, **fields: Any) -> None:
    fields["finished_at"] = timezone.now()
    for key, value in fields.items():
        setattr(job, key, value)
    job.save(update_fields=[*fields, "updated_at"])


def _execute(config: Settings, job: ImportJob) -> None:
    path = _stored_file(config, job)
    if path is None:
        _finish(job, status=ImportJob.Status.FAILED, error="missing_file")
        return
    try:
        summary = _run(config, job, path)
    except IngestError as exc:
        _finish(job, status=ImportJob.Status.FAILED, error=exc.summary(), issues=_issues(exc))
        return
    except (WarehouseError, ValueError, OverflowError, OSError, DatabaseError) as exc:
        logger.warning("import job %s failed: %s", job.pk, exc)
        _finish(job, status=ImportJob.Status.FAILED, error=str(exc)[:2000])
        return
    data = _summary_json(summary)
    if job.phase == ImportJob.Phase.DRY_RUN:
        _finish(job, status=ImportJob.Status.CHECKED, dry_run_summary=data)
    else:
        _finish(job, status=ImportJob.Status.DONE, summary=data)


def run_job(config: Settings, job_id: int) -> ImportJob | None:
    """Run a queued job (its dry run or its import) to the end; return it, or None.

    The runner holds the job's lock file while it works (so :func:`mark_interrupted` can tell
    a job whose process died). An import (``phase == "apply"``) also holds the data home's
    import lock, is recorded in the audit log whatever its outcome, and deletes the uploaded
    file afterwards; so does a failed dry run.
    """
    try:
        with _job_lock(config, job_id):
            return _claim_and_run(config, job_id)
    except ImportBusy:
        return None  # another runner has this job


def _claim_and_run(config: Settings, job_id: int) -> ImportJob | None:
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).update(
        status=ImportJob.Status.RUNNING, started_at=timezone.now(), updated_at=timezone.now()
    )
    if not claimed:
        return None
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    if job.phase == ImportJob.Phase.DRY_RUN:
        _execute(config, job)
    else:
        try:
            with _apply_lock(config):
                _execute(config, job)
        except ImportBusy:
            _finish(job, status=ImportJob.Status.FAILED, error="busy")
        _audit(job)
    if job.status in {ImportJob.Status.DONE, ImportJob.Status.FAILED}:
        _delete_file(config, job)
    return job


def _audit(job: ImportJob) -> None:
    audit.record(
        job.user if job.user is not None else f"web:{job.user_name}",
        audit.IMPORT,
        target=f"{job.source}: {job.file_name}",
        details={
            "job": job.pk,
            "source": job.source,
            "file": job.file_name,
            "sha256": job.sha256,
            "size": job.size,
            "status": job.status,
            "error": job.error,
            "summary": job.summary,
        },
    )


# -- jobs whose process died ---------------------------------------------------------------------
#: Seconds a job may wait in the queue before it counts as lost (its process died).
QUEUE_TIMEOUT = 300


def _job_lock_path(config: Settings, job_id: int) -> Path:
    folder = uploads_dir(config) / ".jobs"
    folder.mkdir(exist_ok=True)
    return folder / f"{int(job_id)}.lock"


@contextlib.contextmanager
def _job_lock(config: Settings, job_id: int) -> Iterator[None]:
    """Hold the job's lock file while it runs; :class:`ImportBusy` if another runner has it."""
    path = _job_lock_path(config, job_id)
    with open(path, "a+b") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ImportBusy(f"job {job_id} is running") from None
        try:
            yield
        finally:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _runner_alive(config: Settings, job_id: int) -> bool:
    path = _job_lock_path(config, job_id)
    if not path.exists():
        return False
    try:
        with open(path, "rb") as handle:
            fcntl.flock(handle.fileno(), fcntl.LOCK_SH | fcntl.LOCK_NB)
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    except BlockingIOError:
        return True
    except FileNotFoundError:
        return False
    return False


def mark_interrupted(config: Settings, job: ImportJob) -> bool:
    """Mark a job failed (``"interrupted"``) when the process running it has died.

    A running job whose runner no longer holds its lock file, or a job queued for longer than
    :data:`QUEUE_TIMEOUT`, is lost: its import (if any) was rolled back with its process.
    Returns True when the job was marked.
    """
    now = timezone.now()
    if job.status == ImportJob.Status.RUNNING:
        lost = not _runner_alive(config, job.pk)
    elif job.status == ImportJob.Status.QUEUED:
        lost = (now - job.updated_at).total_seconds() > QUEUE_TIMEOUT
    else:
        return False
    if not lost:
        return False
    updated = ImportJob.objects.filter(pk=job.pk, status=job.status).update(
        status=ImportJob.Status.FAILED, error="interrupted", finished_at=now, updated_at=now
    )
    if updated:
        job.refresh_from_db()
        _delete_file(config, job)
    return bool(updated)

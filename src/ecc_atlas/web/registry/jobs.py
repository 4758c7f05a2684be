"""Run import jobs in a background thread of the web process.

:func:`start` hands a job to a daemon thread that runs
:func:`ecc_atlas.services.uploads.run_job` and closes the thread's database connections at
the end. A job whose thread dies of an unexpected error is marked failed (and the error
logged), never left "running". Tests replace :func:`start` to run jobs inline.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connections
from django.utils import timezone

from ecc_atlas.config import Settings
from ecc_atlas.services import uploads
from ecc_atlas.web.registry.models import ImportJob

__all__ = ["run", "start"]

logger = logging.getLogger("ecc_atlas.uploads")


def _config() -> Settings:
    value = settings.ECC_ATLAS
    if not isinstance(value, Settings):
        raise TypeError("settings.ECC_ATLAS must hold an ecc_atlas.config.Settings object")
    return value


def run(job_id: int, config: Settings | None = None) -> None:
    """Run one job to its end (in the calling thread)."""
    config = config or _config()
    try:
        uploads.run_job(config, job_id)
    except Exception:  # the thread's last line of defence: a job never stays "running"
        logger.exception("import job %s crashed", job_id)
        ImportJob.objects.filter(pk=job_id).exclude(
            status__in=[ImportJob.Status.DONE, ImportJob.Status.FAILED]
        ).update(status=ImportJob.Status.FAILED, error="internal", finished_at=timezone.now())


def _thread_main(job_id: int, config: Settings) -> None:
    close_old_connections()
    try:
        run(job_id, config)
    finally:
        connections.close_all()


def start(job_id: int) -> threading.Thread:
    """Start a daemon thread that runs the job; return the thread."""
    thread = threading.Thread(
        target=_thread_main,
        args=(job_id, _config()),
        name=f"ecc-atlas-import-{job_id}",
        daemon=True,
    )
    thread.start()
    return thread

"""Compute everything the public pages show, ahead of the first visitor.

``warm()`` builds every public table, chart spec and the headline figures in both languages
(the default filters of each page), memoised for the current data version. ``ecc-atlas serve``
may call it in the master process and then :func:`~ecc_atlas.web.dashboard.data.release_context`
before gunicorn forks its workers, so that no visitor waits for a cold computation.
"""

from __future__ import annotations

import logging
import time

from ecc_atlas.web.dashboard import data, visuals
from ecc_atlas.web.dashboard.pages import PAGES
from ecc_atlas.web.dashboard.tables import TABLES, Filters, published

__all__ = ["warm"]

log = logging.getLogger(__name__)


def warm(langs: tuple[str, ...] = ("sv", "en")) -> float:
    """Build every table and chart for the default filters; return the seconds it took.

    A table or chart whose data are missing is skipped (the page says so when visited).
    """
    started = time.perf_counter()
    for lang in langs:
        for name in TABLES:
            try:
                published(name, Filters(), lang=lang)
            except data.DashboardError as error:
                log.info("Not warmed: table %s (%s)", name, error)
        for page in PAGES:
            for section in page.sections:
                if section.chart is None:
                    continue
                try:
                    visuals.chart_spec(section.chart, Filters(), lang=lang)
                except data.DashboardError as error:
                    log.info("Not warmed: chart %s (%s)", section.chart, error)
    try:
        data.figures()
    except data.DashboardError as error:
        log.info("Not warmed: headline figures (%s)", error)
    return time.perf_counter() - started

"""Importers: external sources into the warehouse, atomically, idempotently, with provenance.

Every importer parses its input, checks it against a declared schema (types, allowed codes
from :mod:`ecc_atlas.reference`), and writes its datasets through one
``Catalog.transaction()``. Problems raise :class:`IngestError`, naming file, row and field.

Modules:
    base: the framework (schemas, provenance, the atomic commit, summaries).
    convert, codes: value converters; allowed län, kommun and SSYK codes.
    errors: :class:`IngestError` and the error collector.
    readers, http: size limits, encodings, JSON / JSON Lines reading; the urllib session.
    jsonstat, pxcsv, pxweb, population, scb: SCB PxWeb (JSON-stat, CSV, the v2 API client,
        the population mapping, the importer).
    yrkesbarometer: Arbetsförmedlingen's occupational outlook.
    jobtech: JobTech job ads, streamed and deduplicated.
"""

from __future__ import annotations

from ecc_atlas.ingest.base import DatasetChange, ImportSummary
from ecc_atlas.ingest.errors import IngestError, Issue
from ecc_atlas.ingest.jobtech import import_job_ads
from ecc_atlas.ingest.pxweb import PxWebClient
from ecc_atlas.ingest.readers import Limits
from ecc_atlas.ingest.scb import import_scb_api, import_scb_file
from ecc_atlas.ingest.yrkesbarometer import import_yrkesbarometer

__all__ = [
    "DatasetChange",
    "ImportSummary",
    "IngestError",
    "Issue",
    "Limits",
    "PxWebClient",
    "import_job_ads",
    "import_scb_api",
    "import_scb_file",
    "import_yrkesbarometer",
]

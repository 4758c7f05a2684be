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
    tabular, fields, templates, delivery: CSV/XLSX deliveries (hostile-file reading, columns
        and converters, templates, the partition-replacing dataset import).
    workforce, programmes: register-data deliveries and education programmes.
    registry, registry_spec: the organisation registry file (checked here; written to the
        database by :mod:`ecc_atlas.services.registry_import`).
"""

from __future__ import annotations

from ecc_atlas.ingest.base import DatasetChange, ImportSummary
from ecc_atlas.ingest.errors import IngestError, Issue
from ecc_atlas.ingest.jobtech import import_job_ads
from ecc_atlas.ingest.programmes import import_programmes, write_programmes_template
from ecc_atlas.ingest.pxweb import PxWebClient
from ecc_atlas.ingest.readers import Limits
from ecc_atlas.ingest.registry import read_registry, write_registry_template
from ecc_atlas.ingest.scb import import_scb_api, import_scb_file
from ecc_atlas.ingest.workforce import import_workforce, write_workforce_template
from ecc_atlas.ingest.yrkesbarometer import import_yrkesbarometer

__all__ = [
    "DatasetChange",
    "ImportSummary",
    "IngestError",
    "Issue",
    "Limits",
    "PxWebClient",
    "import_job_ads",
    "import_programmes",
    "import_scb_api",
    "import_scb_file",
    "import_workforce",
    "import_yrkesbarometer",
    "read_registry",
    "write_programmes_template",
    "write_registry_template",
    "write_workforce_template",
]

"""Import SCB statistics (PxWeb JSON-stat 2 / JSON-stat 1 / CSV; a file or the v2 API).

Two ways to load a table into the warehouse:

* **generic** (``dataset="name"``): the long table of :mod:`ecc_atlas.ingest.jsonstat` (one
  column per dimension with the category codes, ``<dim>_label``, ``value``) or of
  :mod:`ecc_atlas.ingest.pxcsv`, under a name the user chooses. The table id, ``updated``,
  the notes (with SCB's Cell-Key-Method note when present) and the dimension labels are kept
  in the manifest parameters.
* **population** (``as_population=True``): a population table (Region × Tid, e.g. TAB638
  ``BE0101N1``) mapped onto the ``population`` dataset of the contract. The imported
  region-years replace the bundled approximate figures (``approximate`` false, ``source``
  ``"SCB <table id>"``); other region-years keep their previous rows.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa

from ecc_atlas import reference
from ecc_atlas.ingest import codes
from ecc_atlas.ingest.base import (
    DatasetWrite,
    ImportSummary,
    Provenance,
    check_dataset_name,
    commit,
    current_user,
    json_safe,
)
from ecc_atlas.ingest.errors import DEFAULT_MAX_ERRORS, IngestError
from ecc_atlas.ingest.jsonstat import concat_cubes, parse_jsonstat
from ecc_atlas.ingest.population import merge_population, population_from_table
from ecc_atlas.ingest.pxcsv import decode_pxweb_csv
from ecc_atlas.ingest.pxweb import DEFAULT_API_URL, PxWebClient
from ecc_atlas.ingest.readers import Limits, load_json_bytes, sha256_bytes
from ecc_atlas.warehouse import Catalog

__all__ = ["RESERVED_DATASETS", "import_scb_api", "import_scb_file"]

IMPORTER = "scb"

#: Datasets with a fixed schema that the generic mode must not overwrite.
RESERVED_DATASETS = frozenset(
    {
        "workforce",
        "workforce_flows",
        "county_sector",
        "county_exports",
        "population",
        "programmes",
        "hiring_plans",
        "yrkesbarometer",
        "job_ads",
        "registry_imports",
    }
)


def _check_target(dataset: str | None, as_population: bool) -> None:
    if as_population:
        return
    if not dataset:
        raise IngestError.single("scb", "a dataset name (--dataset NAME) or --as population")
    check_dataset_name(dataset)
    if dataset in RESERVED_DATASETS:
        raise IngestError.single(
            "scb",
            f"a dataset name other than {dataset!r}, whose schema is fixed "
            "(use --as population for population tables)",
            field="dataset",
        )


def _load(
    catalog: Catalog,
    table: pa.Table,
    metadata: dict[str, Any],
    provenance: Provenance,
    *,
    name: str,
    dataset: str | None,
    as_population: bool,
    dry_run: bool,
    max_errors: int,
) -> ImportSummary:
    table_id = metadata.get("table_id") or name
    notes = []
    if metadata.get("cell_key_method"):
        notes.append(
            "SCB adds Cell-Key-Method noise: parts need not sum to totals (kept as published)."
        )
    if not as_population:
        assert dataset is not None
        previous = catalog.entry(dataset).rows if dataset in catalog else 0
        write = DatasetWrite(
            name=dataset,
            source=f"SCB {table_id}",
            rows_added=table.num_rows,
            rows_replaced=previous,
            table=table,
            description=str(metadata.get("table_label") or metadata.get("title") or ""),
            parameters={"scb": metadata},
        )
        return commit(catalog, [write], provenance=provenance, dry_run=dry_run, notes=notes)
    if metadata.get("format") == "csv":
        raise IngestError.single(
            name, "JSON-stat (codes of regions and years) for --as population; fetch json-stat2"
        )
    new, counts = population_from_table(table, metadata, name=name, max_errors=max_errors)
    if "population" in catalog:
        existing = catalog.read_arrow("population")
    else:
        existing = reference.population_table()
    merged, added, replaced = merge_population(existing, new)
    years = new.column("year").to_pylist()
    write = DatasetWrite(
        name="population",
        source=f"SCB {table_id}",
        rows_added=added,
        rows_replaced=replaced,
        table=merged,
        description=(
            f"Population per län, kommun and year: SCB {table_id} where imported "
            "(approximate = false), bundled approximate figures elsewhere."
        ),
        classification_versions={"region": codes.classification_versions()["region"]},
        parameters={
            "scb": metadata,
            "imported_rows": new.num_rows,
            "years": [min(years), max(years)] if years else [],
            **counts,
        },
    )
    return commit(
        catalog, [write], provenance=provenance, dry_run=dry_run, counts=counts, notes=notes
    )


def import_scb_file(
    catalog: Catalog,
    path: str | Path,
    *,
    dataset: str | None = None,
    as_population: bool = False,
    dry_run: bool = False,
    user: str | None = None,
    max_errors: int = DEFAULT_MAX_ERRORS,
    limits: Limits | None = None,
    stub_columns: int | None = None,
) -> ImportSummary:
    """Import a saved PxWeb response: JSON-stat 2 (v2/v1), JSON-stat 1 (v1) or CSV."""
    _check_target(dataset, as_population)
    path = Path(path)
    limits = limits or Limits.from_env()
    limits.check(path.name, path.stat().st_size, streamed=False)
    data = path.read_bytes()
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        doc = load_json_bytes(data, path.name)
        cube = parse_jsonstat(doc, name=path.name, max_errors=max_errors)
        table, metadata = cube.to_arrow(), cube.metadata()
        v1 = isinstance(doc, dict) and isinstance(doc.get("dataset"), dict)
        metadata["format"] = "json-stat" if v1 else "json-stat2"
        if not metadata["table_id"]:
            metadata["table_id"] = path.stem
    else:
        table, csv_meta = decode_pxweb_csv(
            data, name=path.name, stub_columns=stub_columns, max_errors=max_errors
        )
        metadata = {"format": "csv", "table_id": path.stem, **csv_meta}
    provenance = Provenance(
        importer=IMPORTER,
        input=str(path.resolve()),
        input_sha256=sha256_bytes(data),
        user=user or current_user(),
        parameters={"mode": "population" if as_population else "generic"},
    )
    return _load(
        catalog,
        table,
        metadata,
        provenance,
        name=path.name,
        dataset=dataset,
        as_population=as_population,
        dry_run=dry_run,
        max_errors=max_errors,
    )


def import_scb_api(
    catalog: Catalog,
    table_id: str,
    *,
    client: PxWebClient | None = None,
    api_url: str = DEFAULT_API_URL,
    lang: str = "sv",
    selection: Mapping[str, Sequence[str]] | None = None,
    codelists: Mapping[str, str] | None = None,
    dataset: str | None = None,
    as_population: bool = False,
    dry_run: bool = False,
    user: str | None = None,
    max_errors: int = DEFAULT_MAX_ERRORS,
    progress: Callable[[int, int], None] | None = None,
) -> ImportSummary:
    """Fetch a table from the PxWeb v2 API (split and rate-limited) and import it."""
    _check_target(dataset, as_population)
    client = client or PxWebClient(api_url, lang=lang)
    responses = client.fetch(table_id, selection, codelists, progress=progress)
    cubes = [
        parse_jsonstat(doc, name=f"{table_id} response {i}", max_errors=max_errors)
        for i, doc in enumerate(responses, start=1)
    ]
    table, metadata = concat_cubes(cubes)
    metadata["table_id"] = metadata.get("table_id") or table_id
    metadata["format"] = "json-stat2"
    canonical = json_safe(responses)
    digest = sha256_bytes(json.dumps(canonical, sort_keys=True, ensure_ascii=False).encode())
    provenance = Provenance(
        importer=IMPORTER,
        input=client.data_url(table_id),
        input_sha256=digest,
        user=user or current_user(),
        parameters={
            "mode": "population" if as_population else "generic",
            "api_url": client.base_url,
            "lang": client.lang,
            "selection": {k: list(v) for k, v in sorted((selection or {}).items())},
            "codelists": dict(sorted((codelists or {}).items())),
            "calls": len(responses),
        },
    )
    return _load(
        catalog,
        table,
        metadata,
        provenance,
        name=table_id,
        dataset=dataset,
        as_population=as_population,
        dry_run=dry_run,
        max_errors=max_errors,
    )

"""Read the registry as Arrow tables for the analyses (which never import Django)."""

from __future__ import annotations

import pyarrow as pa

from ecc_atlas.web.registry.models import DelimitationDecision, Organisation, Workplace

__all__ = ["decisions_table", "organisations_table", "workplaces_table"]


def decisions_table() -> pa.Table:
    """The current delimitation decision per organisation and year.

    Columns: ``org_number`` (string), ``year`` (int32), ``included`` (bool), ``segment``
    (string, null when excluded). The latest decision (by ``decided_at``, then id) wins.
    """
    current: dict[tuple[str, int], tuple[bool, str | None]] = {}
    rows = (
        DelimitationDecision.objects.order_by("decided_at", "id")
        .values_list("organisation__org_number", "year", "included", "segment_id")
        .iterator(chunk_size=5000)
    )
    for org_number, year, included, segment in rows:
        current[(org_number, year)] = (included, segment)
    keys = sorted(current)
    return pa.table(
        {
            "org_number": pa.array([k[0] for k in keys], pa.string()),
            "year": pa.array([k[1] for k in keys], pa.int32()),
            "included": pa.array([current[k][0] for k in keys], pa.bool_()),
            "segment": pa.array([current[k][1] for k in keys], pa.string()),
        }
    )


def organisations_table() -> pa.Table:
    """Organisations: ``org_number, name, kind, sni_code, rd_intensity, export_class``."""
    fields = ["org_number", "name", "kind", "sni_code", "rd_intensity", "export_class"]
    rows = list(Organisation.objects.order_by("org_number").values_list(*fields))
    return pa.table({f: pa.array([r[i] for r in rows], pa.string()) for i, f in enumerate(fields)})


def workplaces_table() -> pa.Table:
    """Workplaces: ``org_number, name, kommun_code``."""
    rows = list(
        Workplace.objects.order_by("organisation__org_number", "kommun_code", "name").values_list(
            "organisation__org_number", "name", "kommun_code"
        )
    )
    names = ["org_number", "name", "kommun_code"]
    return pa.table({f: pa.array([r[i] for r in rows], pa.string()) for i, f in enumerate(names)})

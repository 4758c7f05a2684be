"""Tables without statistics: the directory of actors and the provenance of the datasets.

They still pass :func:`~ecc_atlas.web.dashboard.disclosure_seam.publish` (with no value
columns), so every public table has the same shape and the same single door.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

import pyarrow as pa
from django.utils.translation import gettext_lazy as _

from ecc_atlas.web.dashboard import data
from ecc_atlas.web.dashboard.tables.base import Column, Disclosure, Filters, TableDef, register

if TYPE_CHECKING:
    from ecc_atlas.services.context import AnalysisContext

__all__ = ["ACTORS", "DATASETS"]


def _actors(ctx: AnalysisContext, filters: Filters, region: str) -> pa.Table:
    """Organisations included in the sector in the latest year, and the other actors
    (academia, public actors, authorities, institutes) with a workplace in the county."""
    from ecc_atlas.web.registry.models import DelimitationDecision, Organisation, Workplace

    latest = data.resolve_year(None)
    segment_of: dict[int, str | None] = {}
    for org_id, included, decided_segment in (
        DelimitationDecision.objects.filter(year=latest)
        .order_by("decided_at", "id")
        .values_list("organisation_id", "included", "segment_id")
    ):
        segment_of[org_id] = decided_segment if included else None  # the latest decision wins
    kommuner: dict[int, set[str]] = defaultdict(set)
    for org_id, code in Workplace.objects.filter(kommun_code__startswith=region).values_list(
        "organisation_id", "kommun_code"
    ):
        kommuner[org_id].add(code)
    rows: list[dict[str, Any]] = []
    for org in Organisation.objects.order_by("name", "org_number").values(
        "id", "name", "kind", "website"
    ):
        segment = segment_of.get(org["id"])
        codes = sorted(kommuner.get(org["id"], ()))
        if not codes or (segment is None and org["kind"] == "company"):
            continue  # not in this county, or a company outside the delimited sector
        if filters.segment is not None and segment != filters.segment:
            continue
        if filters.kommun is not None and filters.kommun not in codes:
            continue
        if filters.kind is not None and org["kind"] != filters.kind:
            continue
        rows.append(
            {
                "name": org["name"],
                "kind": org["kind"],
                "segment": segment,
                "kommun_codes": " ".join(codes),
                "website": org["website"] or None,
            }
        )
    schema = pa.schema(
        [
            ("name", pa.string()),
            ("kind", pa.string()),
            ("segment", pa.string()),
            ("kommun_codes", pa.string()),
            ("website", pa.string()),
        ]
    )
    return pa.Table.from_pylist(rows, schema=schema)


ACTORS = register(
    TableDef(
        name="actors",
        build=_actors,
        title=_("Actors"),
        description=_(
            "Organisations included in the energy sector in the latest year, and the "
            "academic and public actors of the county, with their segment, municipalities, "
            "kind and website. Public information only."
        ),
        method=_(
            "Companies are listed when the registry's current delimitation decision for the "
            "latest year includes them; the segment is that decision's. Municipalities are "
            "those of the organisation's workplaces in the county."
        ),
        datasets=(),
        filters=("segment", "kommun", "kind"),
        max_age=30,  # organisation names and websites are edited in the admin
        columns=(
            Column("name", _("Name")),
            Column("kind", _("Kind code"), "code"),
            Column("kind_name", _("Kind"), label_of=("kind", "kind")),
            Column("segment", _("Segment code"), "code"),
            Column("segment_name", _("Segment"), label_of=("segment", "segment")),
            Column("kommun_codes", _("Municipality codes"), "code"),
            Column("kommuner", _("Municipalities"), label_of=("kommun_codes", "regions")),
            Column("website", _("Website"), "url"),
        ),
        disclosure=Disclosure(top2_share=None, internal=()),
    )
)


def _datasets(ctx: AnalysisContext, filters: Filters, region: str) -> pa.Table:
    rows = [
        {
            "dataset": entry.name,
            "description": entry.description,
            "source": entry.source,
            "imported_at": entry.imported_at,
            "rows": entry.rows,
            "synthetic": entry.synthetic,
            "checksum": entry.checksum,
        }
        for entry in sorted(ctx.catalog.entries().values(), key=lambda e: e.name)
    ]
    schema = pa.schema(
        [
            ("dataset", pa.string()),
            ("description", pa.string()),
            ("source", pa.string()),
            ("imported_at", pa.string()),
            ("rows", pa.int64()),
            ("synthetic", pa.bool_()),
            ("checksum", pa.string()),
        ]
    )
    return pa.Table.from_pylist(rows, schema=schema)


DATASETS = register(
    TableDef(
        name="datasets",
        build=_datasets,
        title=_("Datasets and their provenance"),
        description=_(
            "Every dataset in the warehouse: what it holds, its source, when it was imported, "
            "its size, whether it is synthetic, and its checksum (its identity)."
        ),
        method=_("Read from the warehouse manifest, which every import updates atomically."),
        datasets=(),
        registry=False,
        columns=(
            Column("dataset", _("Dataset"), "code"),
            Column("description", _("Description")),
            Column("source", _("Source")),
            Column("imported_at", _("Imported")),
            Column("rows", _("Rows"), "int"),
            Column("synthetic", _("Synthetic"), "bool"),
            Column("checksum", _("Checksum (SHA-256)"), "code"),
        ),
        disclosure=Disclosure(top2_share=None, internal=()),
    )
)

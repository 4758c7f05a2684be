"""Load the bundled reference data: segment rows in the registry, ``population`` dataset."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from ecc_atlas import reference
from ecc_atlas.config import Settings
from ecc_atlas.warehouse import Catalog

__all__ = ["POPULATION_SOURCE", "load_reference", "sync_segments", "write_population"]

POPULATION_SOURCE = "ecc_atlas.reference: approximate SCB population (BE0101), bundled"


def sync_segments() -> int:
    """Create or update the registry's segments from ``reference.segments()``.

    Returns the number of segments. Segments the classification no longer has stay (old
    decisions may point at them).
    """
    from ecc_atlas.web.registry.models import Segment

    classification = reference.segments()
    for position, seg in enumerate(classification.segments):
        Segment.objects.update_or_create(
            code=seg.code,
            defaults={
                "name_sv": seg.name_sv,
                "name_en": seg.name_en,
                "description_sv": seg.description_sv,
                "description_en": seg.description_en,
                "classification": classification.id,
                "version": classification.version,
                "position": position,
            },
        )
    return len(classification.segments)


def write_population(target: Any) -> None:
    """Write the bundled population table with ``target.write`` (a catalog or a staging)."""
    table = reference.population_table()
    versions = {r.version for r in reference.lan()}
    target.write(
        "population",
        table,
        source=POPULATION_SOURCE,
        parameters={"years": [2015, 2024], "approximate": True},
        classification_versions={"regions": sorted(versions)[0]},
        synthetic=False,
        description="Population per county and kommun at 31 December (approximate reference).",
    )


def load_reference(settings: Settings) -> None:
    """Segments into the registry and ``population`` into the warehouse (idempotent)."""
    catalog = Catalog(settings.warehouse_dir)
    with transaction.atomic(), catalog.transaction() as staging:
        sync_segments()
        write_population(staging)

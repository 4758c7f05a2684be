"""Load the synthetic Västmanland demo into the registry and the warehouse, atomically.

The registry part runs inside one ``transaction.atomic()``; the warehouse datasets are
staged inside one ``catalog.transaction()`` that commits (a single manifest rename) at
the end of the database block. If anything fails, neither changes. Re-running replaces
the synthetic organisations, workplaces and decisions (never real ones) and rewrites
identical datasets (same checksums, so the manifest keeps its entries).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction

from ecc_atlas import demo
from ecc_atlas.config import Settings
from ecc_atlas.demo import ads as demo_ads
from ecc_atlas.reference import segments
from ecc_atlas.services.collaboration import load_demo_collaboration
from ecc_atlas.services.reference import sync_segments, write_population
from ecc_atlas.services.survey import load_demo_survey
from ecc_atlas.warehouse import Catalog

__all__ = ["DemoLoadError", "DemoSummary", "load_demo"]

log = logging.getLogger(__name__)

SOURCE = "ecc_atlas.demo — synthetic demo data (fictional organisations, real geography)"
CLASSIFICATIONS = {"occupation": "SSYK 2012", "education": "SUN 2020", "industry": "SNI 2007"}


class DemoLoadError(RuntimeError):
    """The demo cannot be loaded; the message says why and what to do."""


@dataclass(frozen=True)
class DemoSummary:
    """What :func:`load_demo` loaded."""

    seed: int
    organisations: int
    workplaces: int
    decisions: int
    datasets: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    #: Registry records of the collaboration layer and the survey, by model.
    records: dict[str, int] = field(default_factory=dict)


def _replace_registry(data: demo.DemoData) -> tuple[tuple[int, int, int], dict[str, int]]:
    """Delete the synthetic registry records and bulk-create the demo's; return the counts
    and the database id of every demo organisation by organisation number."""
    from ecc_atlas.web.registry.models import DelimitationDecision, Organisation, Workplace

    numbers = [o.org_number for o in data.organisations]
    clash = list(
        Organisation.objects.filter(org_number__in=numbers, synthetic=False).values_list(
            "org_number", flat=True
        )[:5]
    )
    if clash:
        raise DemoLoadError(
            f"Real (non-synthetic) organisations use demo organisation numbers {clash}; "
            "load the demo into a separate data home (--home)."
        )
    Organisation.objects.filter(synthetic=True).delete()
    Organisation.objects.bulk_create(
        Organisation(
            org_number=o.org_number,
            name=o.name,
            kind=o.kind,
            sni_code=o.sni_code,
            rd_intensity=o.rd_intensity,
            export_class=o.export_class,
            description=o.description,
            synthetic=True,
        )
        for o in data.organisations
    )
    ids = dict(Organisation.objects.filter(synthetic=True).values_list("org_number", "id"))
    through = Organisation.segments.through
    through.objects.bulk_create(
        through(organisation_id=ids[o.org_number], segment_id=o.segment)
        for o in data.organisations
        if o.segment
    )
    Workplace.objects.bulk_create(
        Workplace(organisation_id=ids[w.org_number], name=w.name, kommun_code=w.kommun_code)
        for w in data.workplaces
    )
    version = segments().version
    DelimitationDecision.objects.bulk_create(
        (
            DelimitationDecision(
                organisation_id=ids[d.org_number],
                year=d.year,
                included=d.included,
                reason=d.reason,
                segment_id=d.segment,
                classification_version=version,
                decided_by_name=d.decided_by_name,
                decided_at=datetime.fromisoformat(d.decided_at),
            )
            for d in data.decisions
        ),
        batch_size=500,
    )
    return (len(data.organisations), len(data.workplaces), len(data.decisions)), ids


def load_demo(
    settings: Settings,
    *,
    seed: int = demo.DEFAULT_SEED,
    progress: Callable[[str], None] | None = None,
) -> DemoSummary:
    """Generate the demo with ``seed`` and load it; atomic and idempotent."""
    started = time.perf_counter()

    def say(message: str) -> None:
        log.info(message)
        if progress is not None:
            progress(message)

    say("Generating the demo dataset")
    data = demo.generate(seed)
    catalog = Catalog(settings.warehouse_dir)
    rows: dict[str, int] = {}
    with transaction.atomic(), catalog.transaction() as staging:
        say("Loading segments")
        sync_segments()
        say("Replacing the demo organisations and decisions")
        counts, org_ids = _replace_registry(data)
        say("Loading the demo survey rounds and answers")
        records = load_demo_survey(data, org_ids)
        say("Loading the demo collaborations, meetings and training efforts")
        records.update(load_demo_collaboration(data, org_ids))
        say("Writing the warehouse datasets")
        for name, table in data.datasets().items():
            if name == "population":
                write_population(staging)
            else:
                staging.write(
                    name,
                    table,
                    source=SOURCE,
                    parameters={"seed": seed, "generator": "ecc_atlas.demo.generate"},
                    classification_versions={
                        **CLASSIFICATIONS,
                        "segments": f"{segments().id} {segments().version}",
                    },
                    synthetic=True,
                    description=demo.DESCRIPTIONS[name],
                )
            rows[name] = table.num_rows
        say("Writing the demo job ads")
        ads = demo_ads.generate_job_ads(
            seed, organisations=data.organisations, workplaces=data.workplaces
        )
        staging.write(
            demo_ads.DATASET,
            ads,
            source=SOURCE,
            parameters={"seed": seed, "generator": "ecc_atlas.demo.ads.generate_job_ads"},
            classification_versions={"occupation": "SSYK 2012", "region": "kommun/län"},
            synthetic=True,
            description=demo_ads.DESCRIPTION,
        )
        rows[demo_ads.DATASET] = ads.num_rows
        say("Committing")
    seconds = time.perf_counter() - started
    say(f"Demo loaded in {seconds:.1f} s")
    return DemoSummary(seed, *counts, datasets=rows, seconds=seconds, records=records)

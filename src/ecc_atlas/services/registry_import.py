"""Import a registry file into the Django registry, atomically, idempotently, with provenance.

:func:`import_registry` reads and checks the file (:mod:`ecc_atlas.ingest.registry`), then
writes organisations, their segments, workplaces and delimitation decisions inside ONE
``transaction.atomic()``: the file lands whole or not at all. Rules:

* organisations are matched by organisation number and created or updated; only the columns
  the file has are written (a blank cell clears the value, a missing column leaves it), and
  a row that changes nothing is not saved (``updated_at`` stays);
* the workplaces a file lists for an organisation replace its workplaces (matched by kommun
  and name, updated in place, others deleted); organisations without workplace rows keep
  theirs;
* a decision is added unless it equals the organisation's current decision for that year
  (included, reason, segment): decisions are history, never edited;
* imported organisations are real (``synthetic`` false).

Provenance: after the database transaction commits (``transaction.on_commit``), one row per
import run is appended to the warehouse dataset ``registry_imports`` (file, checksum, user,
time, counts) through the importer framework's ``commit``. A run that changes nothing adds no
row if its checksum is already recorded, so the same file twice changes nothing at all. If
that write fails after the database committed, the error says so and re-running the same
file records it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from django.db import transaction
from django.utils import timezone

from ecc_atlas import reference
from ecc_atlas.ingest.base import (
    Column,
    DatasetChange,
    DatasetWrite,
    ImportSummary,
    Provenance,
    Schema,
    Status,
    commit,
    current_user,
)
from ecc_atlas.ingest.errors import DEFAULT_MAX_ERRORS, ErrorCollector
from ecc_atlas.ingest.readers import Limits
from ecc_atlas.ingest.registry import (
    DecisionRecord,
    RegistryFile,
    WorkplaceRecord,
    read_registry,
)
from ecc_atlas.services.reference import sync_segments
from ecc_atlas.warehouse import Catalog
from ecc_atlas.web.registry.models import (
    DelimitationDecision,
    Organisation,
    Segment,
    Workplace,
)

__all__ = ["COUNTS", "PROVENANCE", "import_registry"]

_COUNT_NAMES = (
    "rows",
    "organisations_created",
    "organisations_updated",
    "organisations_unchanged",
    "workplaces_created",
    "workplaces_updated",
    "workplaces_deleted",
    "workplaces_unchanged",
    "decisions_added",
    "decisions_unchanged",
)
COUNTS: tuple[str, ...] = _COUNT_NAMES
PROVENANCE = Schema(
    "registry_imports",
    (
        Column("imported_at", pa.timestamp("s", tz="UTC"), "when the import committed", False),
        Column("user", pa.string(), "who imported", False),
        Column("input", pa.string(), "absolute path of the file", False),
        Column("input_sha256", pa.string(), "SHA-256 of the file", False),
        Column("changed", pa.bool_(), "false when the registry already held the content", False),
        *(Column(n, pa.int64(), n.replace("_", " "), False) for n in _COUNT_NAMES),
    ),
)
_DEFAULTS: dict[str, Any] = {
    "kind": Organisation.Kind.COMPANY,
    "sni_code": "",
    "rd_intensity": Organisation.RDIntensity.UNKNOWN,
    "export_class": Organisation.ExportClass.UNKNOWN,
    "website": "",
    "description": "",
}


# -- organisations --------------------------------------------------------------------------
def _check_organisations(data: RegistryFile, existing: dict[str, Organisation]) -> None:
    errors = ErrorCollector(data.name)
    for number, record in data.organisations.items():
        has_name = "name" in record.values
        if number not in existing and record.values.get("name") is None:
            reason = "the organisation is new" if has_name else f"{number} is not in the registry"
            errors.add_issue(record.where.issue("name", f"a name ({reason})"))
        elif has_name and record.values["name"] is None:
            errors.add_issue(record.where.issue("name", "a name (it cannot be cleared)"))
    errors.raise_if_any()


def _ensure_segments(data: RegistryFile) -> None:
    used = {d.segment for d in data.decisions if d.segment}
    for record in data.organisations.values():
        used.update(record.values.get("segments") or ())
    known = set(Segment.objects.filter(code__in=used).values_list("code", flat=True))
    if used - known:
        sync_segments()


def _apply_organisations(
    data: RegistryFile, existing: dict[str, Organisation], counts: dict[str, int]
) -> dict[str, Organisation]:
    """Create or update organisations and their segments; return all by number."""
    result = dict(existing)
    for number, record in data.organisations.items():
        org = existing.get(number)
        values = {k: v for k, v in record.values.items() if k != "segments"}
        target = {k: (_DEFAULTS.get(k, "") if v is None else v) for k, v in values.items()}
        if org is None:
            org = Organisation.objects.create(org_number=number, synthetic=False, **target)
            counts["organisations_created"] += 1
            changed = True
        else:
            target["synthetic"] = False
            fields = [k for k, v in target.items() if getattr(org, k) != v]
            for key in fields:
                setattr(org, key, target[key])
            if fields:
                org.save(update_fields=[*fields, "updated_at"])
            changed = bool(fields)
        if "segments" in record.values:
            wanted = set(record.values["segments"] or ())
            if wanted != {s.code for s in org.segments.all()}:
                org.segments.set(sorted(wanted))
                changed = True
        if number in existing:
            counts["organisations_updated" if changed else "organisations_unchanged"] += 1
        result[number] = org
    return result


# -- workplaces -----------------------------------------------------------------------------
def _apply_workplaces(
    data: RegistryFile, orgs: dict[str, Organisation], counts: dict[str, int]
) -> None:
    """The workplaces listed per organisation replace its workplaces."""
    listed: dict[str, list[WorkplaceRecord]] = {}
    for record in data.workplaces:
        listed.setdefault(record.org_number, []).append(record)
    errors = ErrorCollector(data.name)
    for number, records in listed.items():
        org = orgs[number]
        current = {(w.kommun_code, w.name): w for w in org.workplaces.all()}
        keep: set[tuple[str, str]] = set()
        for record in records:
            key = (record.kommun_code, record.name or org.name)
            if key in keep:
                errors.add_issue(
                    record.where.issue(
                        "workplace_name",
                        f"one workplace named {key[1]!r} in kommun {key[0]} per organisation",
                    )
                )
                continue
            keep.add(key)
            found = current.get(key)
            if found is None:
                Workplace.objects.create(
                    organisation=org,
                    name=key[1],
                    kommun_code=key[0],
                    workplace_id=record.workplace_id,
                    address=record.address,
                )
                counts["workplaces_created"] += 1
            elif (found.workplace_id, found.address) != (record.workplace_id, record.address):
                found.workplace_id, found.address = record.workplace_id, record.address
                found.save(update_fields=["workplace_id", "address"])
                counts["workplaces_updated"] += 1
            else:
                counts["workplaces_unchanged"] += 1
        stale = [w.pk for k, w in current.items() if k not in keep]
        if stale:
            Workplace.objects.filter(pk__in=stale).delete()
            counts["workplaces_deleted"] += len(stale)
    errors.raise_if_any()


# -- decisions ------------------------------------------------------------------------------
def _current_decisions(orgs: Iterable[Organisation]) -> dict[tuple[int, int], Any]:
    current: dict[tuple[int, int], Any] = {}
    rows = (
        DelimitationDecision.objects.filter(organisation__in=list(orgs))
        .order_by("decided_at", "id")
        .values_list("organisation_id", "year", "included", "reason", "segment_id")
    )
    for org_id, year, included, reason, segment in rows:
        current[(org_id, year)] = (included, reason, segment)
    return current


def _apply_decisions(
    data: RegistryFile,
    orgs: dict[str, Organisation],
    counts: dict[str, int],
    *,
    user: str,
    actor: Any,
) -> None:
    """Add each decision that differs from the current one of its organisation and year."""
    records: list[DecisionRecord] = data.decisions
    involved = [orgs[r.org_number] for r in records]
    current = _current_decisions(involved)
    version = reference.segments().version
    now = timezone.now()
    new = []
    for record in records:
        org = orgs[record.org_number]
        wanted = (record.included, record.reason, record.segment)
        if current.get((org.pk, record.year)) == wanted:
            counts["decisions_unchanged"] += 1
            continue
        new.append(
            DelimitationDecision(
                organisation=org,
                year=record.year,
                included=record.included,
                reason=record.reason,
                segment_id=record.segment,
                classification_version=version,
                decided_by=actor,
                decided_by_name=user[:150],
                decided_at=now,
            )
        )
    DelimitationDecision.objects.bulk_create(new, batch_size=500)
    counts["decisions_added"] += len(new)


# -- provenance -----------------------------------------------------------------------------
def _changed(counts: dict[str, int]) -> bool:
    keys = ("created", "updated", "deleted", "added")
    return any(v for k, v in counts.items() if k.endswith(keys))


def _record(
    catalog: Catalog, data: RegistryFile, counts: dict[str, int], user: str, *, dry_run: bool
) -> DatasetChange:
    """Append this run to ``registry_imports`` (unless it changed nothing and is recorded)."""
    name = PROVENANCE.dataset
    old = PROVENANCE.conform(catalog.read_arrow(name)) if name in catalog else None
    changed = _changed(counts)
    if old is not None and not changed:
        recorded = pc.any(pc.equal(old.column("input_sha256"), data.sha256)).as_py()
        if recorded:
            return DatasetChange(
                name, old.num_rows, 0, 0, "unchanged", catalog.entry(name).checksum
            )
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    run = {"imported_at": now, "user": user, "input": data.input, "changed": changed}
    run |= {"input_sha256": data.sha256, **counts}
    row = PROVENANCE.table([run])
    table = row if old is None else pa.concat_tables([old, row])
    write = DatasetWrite(
        name=name,
        source="ECC Atlas registry imports",
        rows_added=1,
        table=table,
        description="One row per registry import: file, checksum, user, time and row counts.",
        classification_versions={"segments": reference.segments().version},
        parameters={"runs": table.num_rows},
    )
    provenance = Provenance("registry", data.input, data.sha256, user)
    summary = commit(catalog, [write], provenance=provenance, dry_run=dry_run)
    return summary.datasets[0]


def _change(table: str, rows: int, counts: dict[str, int], *, dry_run: bool) -> DatasetChange:
    """A registry table's line of the summary: added, and updated or deleted, rows."""
    added = counts.get(f"{table}_created", 0) + counts.get(f"{table}_added", 0)
    updated = counts.get(f"{table}_updated", 0) + counts.get(f"{table}_deleted", 0)
    status: Status = "dry run" if dry_run else ("updated" if added or updated else "unchanged")
    return DatasetChange(table, rows, added, updated, status)


def import_registry(
    catalog: Catalog,
    path: str | Path,
    *,
    dry_run: bool = False,
    user: str | None = None,
    actor: Any = None,
    max_errors: int = DEFAULT_MAX_ERRORS,
    limits: Limits | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportSummary:
    """Import a registry CSV/XLSX file; see the module docstring for the rules.

    ``actor`` is the Django user who imports (``decided_by`` of new decisions), ``user`` the
    name recorded (default: the actor's user name, else the operating-system user).
    """
    data = read_registry(path, max_errors=max_errors, limits=limits, progress=progress)
    name = user or (actor.get_username() if actor is not None else current_user())
    counts = dict.fromkeys(_COUNT_NAMES, 0)
    counts["rows"] = data.rows
    recorded: list[DatasetChange] = []
    with transaction.atomic():
        numbers = list(data.organisations)
        existing = Organisation.objects.prefetch_related("segments", "workplaces").in_bulk(
            numbers, field_name="org_number"
        )
        _check_organisations(data, existing)
        _ensure_segments(data)
        orgs = _apply_organisations(data, existing, counts)
        _apply_workplaces(data, orgs, counts)
        _apply_decisions(data, orgs, counts, user=name, actor=actor)
        totals = {
            "organisations": Organisation.objects.count(),
            "workplaces": Workplace.objects.count(),
            "decisions": DelimitationDecision.objects.count(),
        }
        if dry_run:
            recorded.append(_record(catalog, data, counts, name, dry_run=True))
            transaction.set_rollback(True)
        else:
            transaction.on_commit(
                lambda: recorded.append(_record(catalog, data, counts, name, dry_run=False))
            )
    notes = list(data.notes)
    if not recorded:
        notes.append("The import is recorded in 'registry_imports' when the transaction commits.")
    changes = tuple(_change(t, rows, counts, dry_run=dry_run) for t, rows in totals.items())
    return ImportSummary(
        "registry", data.input, data.sha256, dry_run, (*changes, *recorded), counts, tuple(notes)
    )

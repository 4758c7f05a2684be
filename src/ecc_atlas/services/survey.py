"""The employer survey's rules: store answers, submit, publish a round to ``hiring_plans``.

Views, the CLI and the demo loader call these functions; nothing here reads a request.

**Answers** (:func:`save_answers`) replace a response's rows as a whole inside one database
transaction. Saving a draft of a submitted response reopens it (status draft) — it counts
again once it is submitted again; :func:`submit` checks that the response is complete (at
least one row; the rows themselves are validated when they are saved) and records who and
when, with an audit event. Closed rounds cannot change (:class:`SurveyClosed`).

**Publishing** (:func:`publish_round`) turns a closed round's *submitted* responses into the
warehouse dataset ``hiring_plans`` that the forecast (``"plans"`` scenario) and the balance
analysis read, with the columns ``org_number, survey_year, ssyk, horizon_years,
planned_hires, planned_net_change, recruitment_difficulty``:

* one row per organisation and SSYK: the answer with the **longest horizon** the
  organisation gave for that occupation (the forecast spreads ``planned_net_change`` evenly
  over ``horizon_years`` from the survey year; two horizons of one occupation would be added
  up, counting the same plans twice);
* ``planned_hires`` = planned recruitments over the horizon;
* ``planned_net_change`` = planned recruitments − expected retirements over the horizon
  (the headcount change the employer plans; other leavers are not asked for, so it is an
  upper bound when employers also replace people who quit);
* ``recruitment_difficulty`` = the 1–5 difficulty.

Rows of other survey years in ``hiring_plans`` stay; the round's year is replaced. The write
is one warehouse transaction inside one database transaction (the round's provenance:
``published_at``, ``published_by``, ``published_rows``), audited; publishing the same answers
again leaves the manifest and the round unchanged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from ecc_atlas.ingest.base import Column, Schema, json_safe
from ecc_atlas.ingest.survey_files import AnswerRow, SurveyFile
from ecc_atlas.warehouse import Catalog
from ecc_atlas.web.accounts import audit
from ecc_atlas.web.registry.models import Organisation
from ecc_atlas.web.survey.models import SurveyAnswer, SurveyResponse, SurveyRound

__all__ = [
    "EXPORT_COLUMNS",
    "HIRING_PLANS",
    "HIRING_PLANS_SCHEMA",
    "PublishResult",
    "StoredFile",
    "SurveyClosed",
    "SurveyIncomplete",
    "answer_rows",
    "export_rows",
    "hiring_plans_table",
    "load_demo_survey",
    "publish_round",
    "responses_for",
    "round_overview",
    "save_answers",
    "store_file",
    "submit",
]

HIRING_PLANS = "hiring_plans"
SOURCE = "ecc_atlas employer survey (web form and XLSX uploads)"
HIRING_PLANS_SCHEMA = Schema(
    HIRING_PLANS,
    (
        Column("org_number", pa.string(), "Organisation number (10 digits)"),
        Column("survey_year", pa.int32(), "Year of the survey round"),
        Column("ssyk", pa.string(), "SSYK 2012 unit group"),
        Column("horizon_years", pa.int32(), "Planning horizon in years"),
        Column("planned_hires", pa.int64(), "Planned recruitments over the horizon"),
        Column(
            "planned_net_change",
            pa.int64(),
            "Planned recruitments minus expected retirements over the horizon",
        ),
        Column("recruitment_difficulty", pa.int64(), "Recruitment difficulty 1–5"),
    ),
)
#: Columns of the analysts' download of a round's answers.
EXPORT_COLUMNS: tuple[str, ...] = (
    "survey_year",
    "org_number",
    "organisation",
    "status",
    "channel",
    "submitted_at",
    "ssyk",
    "occupation",
    "horizon_years",
    "planned_recruitments",
    "expected_retirements",
    "difficulty",
    "hard_to_find",
    "skills",
)


class SurveyClosed(Exception):
    """The round is closed: its answers can no longer change."""


class SurveyIncomplete(Exception):
    """A response cannot be submitted yet; the message says what is missing."""


# -- answers ----------------------------------------------------------------------------------
def answer_rows(response: SurveyResponse) -> list[AnswerRow]:
    """The stored answers of a response as :class:`AnswerRow` (sorted by SSYK, horizon)."""
    return [
        AnswerRow(
            a.ssyk,
            a.horizon_years,
            a.planned_recruitments,
            a.expected_retirements,
            a.difficulty,
            a.hard_to_find,
            tuple(a.skills or ()),
        )
        for a in response.answers.order_by("ssyk", "horizon_years")
    ]


def _check_rows(rows: Sequence[AnswerRow]) -> None:
    seen: set[tuple[str, int]] = set()
    for row in rows:
        key = (row.ssyk, row.horizon_years)
        if key in seen:
            raise ValueError(f"{row.ssyk}, {row.horizon_years} years occurs twice")
        seen.add(key)


def save_answers(
    response: SurveyResponse,
    rows: Sequence[AnswerRow],
    *,
    user: Any,
    channel: str = SurveyResponse.Channel.WEB,
    submit_now: bool = False,
    request: Any = None,
) -> SurveyResponse:
    """Replace the response's answers by ``rows`` (atomically); submit when asked.

    A submitted response becomes a draft again (reopened) unless ``submit_now``; the change
    of state is audited. Raises :class:`SurveyClosed` for a closed round,
    :class:`SurveyIncomplete` when ``submit_now`` and there are no rows, and
    ``django.core.exceptions.ValidationError`` for an invalid row.
    """
    _check_rows(rows)
    with transaction.atomic():
        locked = SurveyResponse.objects.select_for_update().get(pk=response.pk)
        survey_round = SurveyRound.objects.get(pk=locked.round_id)
        if not survey_round.is_open:
            raise SurveyClosed(f"The survey round {survey_round.year} is closed.")
        if submit_now and not rows:
            raise SurveyIncomplete("Add at least one answer row before submitting.")
        objects = []
        for row in rows:
            answer = SurveyAnswer(
                response=locked,
                ssyk=row.ssyk,
                horizon_years=row.horizon_years,
                planned_recruitments=row.planned_recruitments,
                expected_retirements=row.expected_retirements,
                difficulty=row.difficulty,
                hard_to_find=row.hard_to_find,
                skills=list(row.skills),
            )
            answer.full_clean(exclude=["response"])
            objects.append(answer)
        locked.answers.all().delete()
        SurveyAnswer.objects.bulk_create(objects)
        was_submitted = locked.is_submitted
        locked.channel = channel
        locked.updated_by = user if getattr(user, "pk", None) else None
        if submit_now:
            _mark_submitted(locked, user, request=request, rows=len(objects))
        else:
            locked.status = SurveyResponse.Status.DRAFT
            locked.submitted_at = None
            locked.submitted_by = None
            if was_submitted:
                audit.record(
                    user,
                    audit.SURVEY_REOPEN,
                    locked.organisation,
                    {"survey": survey_round.year, "rows": len(objects), "channel": channel},
                    request=request,
                )
        locked.save()
    return locked


def _mark_submitted(response: SurveyResponse, user: Any, *, request: Any, rows: int) -> None:
    response.status = SurveyResponse.Status.SUBMITTED
    response.submitted_at = timezone.now()
    response.submitted_by = user if getattr(user, "pk", None) else None
    audit.record(
        user,
        audit.SURVEY_SUBMIT,
        response.organisation,
        {"survey": response.round.year, "rows": rows, "channel": response.channel},
        request=request,
    )


def submit(response: SurveyResponse, *, user: Any, request: Any = None) -> SurveyResponse:
    """Submit the response as it is stored (at least one answer row)."""
    with transaction.atomic():
        locked = SurveyResponse.objects.select_for_update().get(pk=response.pk)
        if not SurveyRound.objects.get(pk=locked.round_id).is_open:
            raise SurveyClosed(f"The survey round {locked.round.year} is closed.")
        rows = locked.answers.count()
        if rows == 0:
            raise SurveyIncomplete("Add at least one answer row before submitting.")
        _mark_submitted(locked, user, request=request, rows=rows)
        locked.save()
    return locked


@dataclass(frozen=True)
class StoredFile:
    """What :func:`store_file` did (or would do, in a dry run)."""

    organisation: Organisation
    survey_year: int
    rows: int
    replaced: int
    submitted: bool
    dry_run: bool
    unchanged: bool


def store_file(
    survey_file: SurveyFile,
    *,
    user: Any,
    survey_round: SurveyRound | None = None,
    organisation: Organisation | None = None,
    submit_now: bool = False,
    dry_run: bool = False,
    request: Any = None,
) -> StoredFile:
    """Store a read workbook as the organisation's response (channel ``xlsx``).

    ``survey_round`` and ``organisation`` (when given, as on the web page) must be the ones
    the file names; otherwise they are looked up from the file. Raises ``ValueError`` for a
    mismatch or an unknown organisation or round, :class:`SurveyClosed` for a closed round.
    """
    year = survey_file.survey_year
    if survey_round is None:
        survey_round = SurveyRound.objects.filter(year=year).first()
        if survey_round is None:
            raise ValueError(f"{survey_file.name}: there is no survey round {year}.")
    elif survey_round.year != year:
        raise ValueError(
            f"{survey_file.name}: the file is for the survey round {year}, "
            f"not {survey_round.year}; download the template of this round."
        )
    if organisation is None:
        organisation = Organisation.objects.filter(org_number=survey_file.org_number).first()
        if organisation is None:
            raise ValueError(
                f"{survey_file.name}: no organisation {survey_file.org_number} in the registry."
            )
    elif organisation.org_number != survey_file.org_number:
        raise ValueError(
            f"{survey_file.name}: the file is for organisation {survey_file.org_number}, "
            f"not {organisation.org_number}; download this organisation's template."
        )
    if not survey_round.is_open:
        raise SurveyClosed(f"The survey round {survey_round.year} is closed.")
    existing = SurveyResponse.objects.filter(round=survey_round, organisation=organisation).first()
    before = answer_rows(existing) if existing is not None else []
    rows = [
        AnswerRow(
            a.ssyk,
            a.horizon_years,
            a.planned_recruitments,
            a.expected_retirements,
            a.difficulty,
            a.hard_to_find,
            a.skills,
        )
        for a in sorted(survey_file.answers, key=lambda a: (a.ssyk, a.horizon_years))
    ]
    unchanged = (
        existing is not None
        and before == rows
        and existing.channel == SurveyResponse.Channel.XLSX
        and existing.is_submitted == submit_now
    )
    if submit_now and not rows:
        raise SurveyIncomplete("Add at least one answer row before submitting.")
    if not dry_run and not unchanged:
        with transaction.atomic():
            response, _ = SurveyResponse.objects.get_or_create(
                round=survey_round,
                organisation=organisation,
                defaults={"channel": SurveyResponse.Channel.XLSX},
            )
            save_answers(
                response,
                rows,
                user=user,
                channel=SurveyResponse.Channel.XLSX,
                submit_now=submit_now,
                request=request,
            )
            audit.record(
                user,
                audit.IMPORT,
                organisation,
                {
                    "importer": "survey",
                    "file": survey_file.name,
                    "input_sha256": survey_file.input_sha256,
                    "survey": survey_round.year,
                    "rows": len(rows),
                    "replaced": len(before),
                    "submitted": submit_now,
                },
                request=request,
            )
    return StoredFile(
        organisation, survey_round.year, len(rows), len(before), submit_now, dry_run, unchanged
    )


# -- analysts' overview and download ------------------------------------------------------------
def round_overview(survey_round: SurveyRound) -> list[dict[str, Any]]:
    """Per organisation expected to answer (member companies) or that answered: its status.

    Keys: ``organisation``, ``response`` (or None), ``status`` (``"none"``, ``"draft"``,
    ``"submitted"``), ``rows``. Sorted by organisation name.
    """
    responses = {
        r.organisation_id: r
        for r in SurveyResponse.objects.filter(round=survey_round).select_related(
            "organisation", "submitted_by", "updated_by"
        )
    }
    counts = _answer_counts(survey_round)
    expected = Organisation.objects.filter(
        kind=Organisation.Kind.COMPANY, memberships__isnull=False
    ).distinct()
    orgs = {o.pk: o for o in expected}
    orgs.update({r.organisation_id: r.organisation for r in responses.values()})
    out = []
    for pk, org in orgs.items():
        response = responses.get(pk)
        out.append(
            {
                "organisation": org,
                "response": response,
                "status": "none" if response is None else response.status,
                "rows": counts.get(pk, 0),
            }
        )
    return sorted(out, key=lambda r: (r["organisation"].name, r["organisation"].org_number))


def _answer_counts(survey_round: SurveyRound) -> dict[int, int]:
    from django.db.models import Count

    rows = (
        SurveyResponse.objects.filter(round=survey_round)
        .annotate(n=Count("answers"))
        .values_list("organisation_id", "n")
    )
    return {int(org): int(n) for org, n in rows}


def export_rows(survey_round: SurveyRound, *, lang: str = "sv") -> list[dict[str, Any]]:
    """Every answer of the round (drafts too, with their status), one dict per row."""
    from ecc_atlas.reference import ssyk_unit

    answers = (
        SurveyAnswer.objects.filter(response__round=survey_round)
        .select_related("response", "response__organisation")
        .order_by("response__organisation__org_number", "ssyk", "horizon_years")
    )
    out = []
    for a in answers:
        response = a.response
        try:
            unit = ssyk_unit(a.ssyk)
            occupation = unit.name_en if lang == "en" else unit.name_sv
        except KeyError:
            occupation = ""
        out.append(
            {
                "survey_year": survey_round.year,
                "org_number": response.organisation.org_number,
                "organisation": response.organisation.name,
                "status": response.status,
                "channel": response.channel,
                "submitted_at": (
                    response.submitted_at.isoformat(timespec="seconds")
                    if response.submitted_at
                    else ""
                ),
                "ssyk": a.ssyk,
                "occupation": occupation,
                "horizon_years": a.horizon_years,
                "planned_recruitments": a.planned_recruitments,
                "expected_retirements": a.expected_retirements,
                "difficulty": a.difficulty,
                "hard_to_find": a.hard_to_find,
                "skills": ", ".join(a.skills or ()),
            }
        )
    return out


# -- publishing ---------------------------------------------------------------------------------
def hiring_plans_table(survey_round: SurveyRound) -> pa.Table:
    """The round's submitted answers in the ``hiring_plans`` schema (see the module docstring)."""
    answers = (
        SurveyAnswer.objects.filter(
            response__round=survey_round, response__status=SurveyResponse.Status.SUBMITTED
        )
        .select_related("response__organisation")
        .order_by("response__organisation__org_number", "ssyk", "-horizon_years")
    )
    chosen: dict[tuple[str, str], SurveyAnswer] = {}
    for a in answers:
        chosen.setdefault((a.response.organisation.org_number, a.ssyk), a)
    rows = [
        {
            "org_number": org,
            "survey_year": survey_round.year,
            "ssyk": ssyk,
            "horizon_years": a.horizon_years,
            "planned_hires": a.planned_recruitments,
            "planned_net_change": a.planned_recruitments - a.expected_retirements,
            "recruitment_difficulty": a.difficulty,
        }
        for (org, ssyk), a in sorted(chosen.items())
    ]
    return HIRING_PLANS_SCHEMA.table(rows)


@dataclass(frozen=True)
class PublishResult:
    """What :func:`publish_round` did."""

    year: int
    rows: int
    organisations: int
    kept_rows: int
    changed: bool
    dry_run: bool = False


def _other_years(catalog: Catalog, year: int) -> tuple[pa.Table, bool]:
    if HIRING_PLANS not in catalog:
        return HIRING_PLANS_SCHEMA.table([]), False
    entry = catalog.entry(HIRING_PLANS)
    existing = catalog.read_arrow(HIRING_PLANS)
    kept = existing.filter(pc.not_equal(existing["survey_year"], year))
    return HIRING_PLANS_SCHEMA.conform(kept), entry.synthetic


def publish_round(
    survey_round: SurveyRound,
    *,
    catalog: Catalog,
    user: Any,
    request: Any = None,
    dry_run: bool = False,
) -> PublishResult:
    """Publish a closed round's submitted answers to ``hiring_plans`` (atomic, idempotent).

    Raises ``ValueError`` when the round is open or has no submitted answers.
    """
    if survey_round.is_open:
        raise ValueError(f"Close the survey round {survey_round.year} before publishing it.")
    table = hiring_plans_table(survey_round)
    if table.num_rows == 0:
        raise ValueError(f"The survey round {survey_round.year} has no submitted answers.")
    orgs = sorted(set(table["org_number"].to_pylist()))
    kept, kept_synthetic = _other_years(catalog, survey_round.year)
    combined = pa.concat_tables([kept, table]).sort_by(
        [("survey_year", "ascending"), ("org_number", "ascending"), ("ssyk", "ascending")]
    )
    synthetic_orgs = set(
        Organisation.objects.filter(org_number__in=orgs, synthetic=True).values_list(
            "org_number", flat=True
        )
    )
    synthetic = (kept.num_rows > 0 and kept_synthetic) or len(synthetic_orgs) == len(orgs)
    years = sorted({int(y) for y in combined["survey_year"].to_pylist()})
    user_name = (
        user
        if isinstance(user, str)
        else (user.get_username() if getattr(user, "pk", None) else "system")
    )
    parameters = json_safe(
        {
            "importer": "survey",
            "survey_year": survey_round.year,
            "survey_years": years,
            "rows": table.num_rows,
            "organisations": len(orgs),
            "kept_rows": kept.num_rows,
            "user": user_name,
            "mapping": "longest horizon per organisation and SSYK; planned_hires = planned "
            "recruitments; planned_net_change = planned recruitments - expected retirements",
        }
    )
    before = catalog.entries().get(HIRING_PLANS)
    if dry_run:
        return PublishResult(
            survey_round.year, table.num_rows, len(orgs), kept.num_rows, True, dry_run=True
        )
    # The database changes and the audit event come first, inside the warehouse transaction:
    # if any of them fails, the manifest is not committed; the warehouse commit comes last.
    with transaction.atomic():
        locked = SurveyRound.objects.select_for_update().get(pk=survey_round.pk)
        with catalog.transaction() as staging:
            entry = staging.write(
                HIRING_PLANS,
                combined,
                source=SOURCE,
                parameters=parameters,
                classification_versions={"occupation": "SSYK 2012"},
                synthetic=synthetic,
                description=(
                    "Employer survey: planned recruitments and net change per organisation "
                    "and occupation over the planning horizon"
                    + (" (synthetic)" if synthetic else "")
                    + "."
                ),
            )
            changed = not (
                before is not None
                and before.checksum == entry.checksum
                and before.source == entry.source
                and json_safe(dict(before.parameters)) == json_safe(dict(entry.parameters))
            )
            if changed or locked.published_rows != table.num_rows:
                locked.published_at = timezone.now()
                locked.published_by = user if getattr(user, "pk", None) else None
                locked.published_rows = table.num_rows
                locked.save(update_fields=["published_at", "published_by", "published_rows"])
            audit.record(
                user,
                audit.SURVEY_PUBLISH,
                locked,
                {
                    "survey": locked.year,
                    "rows": table.num_rows,
                    "organisations": len(orgs),
                    "kept_rows": kept.num_rows,
                    "changed": changed,
                    "checksum": entry.checksum,
                },
                request=request,
            )
    survey_round.refresh_from_db()
    return PublishResult(survey_round.year, table.num_rows, len(orgs), kept.num_rows, changed)


# -- demo ---------------------------------------------------------------------------------------
_HARD_PHRASES_SV = (
    "Erfarenhet av {a} och {b}",
    "Svårt att hitta personer med {a}; även {b} efterfrågas",
    "Specialister inom {a} med kunskap om {b}",
    "Senior kompetens inom {a} och {b}",
)
_DEMO_DIFFICULTY_TEXT = 4


def _demo_answers(
    plans: pa.Table, rng: np.random.Generator
) -> dict[str, list[AnswerRow]]:  # org_number → rows
    from ecc_atlas.reference.skills import skill_vocabulary

    vocabulary = skill_vocabulary()
    out: dict[str, list[AnswerRow]] = {}
    for row in plans.to_pylist():
        hires = int(row["planned_hires"])
        net = int(row["planned_net_change"])
        difficulty = int(row["recruitment_difficulty"])
        retirements = max(hires - net, 0)
        text = ""
        skills: tuple[str, ...] = ()
        linked = vocabulary.for_ssyk(str(row["ssyk"]))
        if difficulty >= _DEMO_DIFFICULTY_TEXT and linked:
            pool = linked[: min(len(linked), 8)]  # the occupation's core skills come first
            count = min(len(pool), int(rng.integers(2, 4)))
            picks = rng.choice(len(pool), size=count, replace=False)
            chosen = [pool[int(i)] for i in sorted(picks)]
            skills = tuple(s.id for s in chosen)
            phrase = _HARD_PHRASES_SV[int(rng.integers(0, len(_HARD_PHRASES_SV)))]
            labels = [s.label_sv.lower() for s in chosen]
            text = phrase.format(a=labels[0], b=labels[1] if len(labels) > 1 else labels[0])
        out.setdefault(str(row["org_number"]), []).append(
            AnswerRow(
                str(row["ssyk"]),
                int(row["horizon_years"]),
                hires,
                retirements,
                difficulty,
                text,
                skills,
            )
        )
    return out


def load_demo_survey(data: Any, org_ids: Mapping[str, int]) -> dict[str, int]:
    """The demo's survey: a closed round with submitted answers, and the next round open.

    The closed round (the year of ``data.hiring_plans``) holds one submitted response per
    responding organisation, built from ``data.hiring_plans``: planned recruitments =
    ``planned_hires``, expected retirements = ``planned_hires − planned_net_change``, the
    difficulty, and for occupations with difficulty ≥ 4 skills of the vocabulary linked to
    the SSYK with a short text naming them (drawn with a generator seeded from
    ``data.seed``). Publishing that round therefore reproduces ``hiring_plans``. The next
    year's round is opened without answers. Idempotent: responses of synthetic
    organisations in the demo round are replaced; real organisations' responses, and rounds
    that exist already, are left as they are. Call inside ``load_demo``'s transaction.
    """
    plans: pa.Table = data.hiring_plans
    if plans.num_rows == 0:
        return {"survey_rounds": 0, "survey_responses": 0, "survey_answers": 0}
    year = int(pc.max(plans["survey_year"]).as_py())
    rng = np.random.default_rng([int(data.seed), 5, year])
    by_org = _demo_answers(plans, rng)
    closed, created = SurveyRound.objects.get_or_create(
        year=year,
        defaults={
            "status": SurveyRound.Status.CLOSED,
            "opens_on": dt.date(year, 3, 1),
            "closes_on": dt.date(year, 4, 30),
            "note": "Demo: syntetiska svar från de fiktiva organisationerna (synthetic answers).",
        },
    )
    _, next_created = SurveyRound.objects.get_or_create(
        year=year + 1,
        defaults={
            "status": SurveyRound.Status.OPEN,
            "opens_on": dt.date(year + 1, 3, 1),
            "closes_on": dt.date(year + 1, 4, 30),
            "note": "Demo: öppen omgång att prova formuläret i (an open round to try the form).",
        },
    )
    SurveyResponse.objects.filter(round=closed, organisation__synthetic=True).delete()
    submitted_at = timezone.make_aware(dt.datetime(year, 4, 15, 12, 0))
    responses = SurveyResponse.objects.bulk_create(
        SurveyResponse(
            round=closed,
            organisation_id=org_ids[org],
            status=SurveyResponse.Status.SUBMITTED,
            channel=SurveyResponse.Channel.WEB,
            submitted_at=submitted_at,
        )
        for org in sorted(by_org)
        if org in org_ids
    )
    ids = {r.organisation_id: r.pk for r in responses}
    # answered in the spring of the survey year, not when the demo was loaded (update()
    # bypasses auto_now)
    SurveyResponse.objects.filter(pk__in=ids.values()).update(updated_at=submitted_at)
    answers = [
        SurveyAnswer(
            response_id=ids[org_ids[org]],
            ssyk=a.ssyk,
            horizon_years=a.horizon_years,
            planned_recruitments=a.planned_recruitments,
            expected_retirements=a.expected_retirements,
            difficulty=a.difficulty,
            hard_to_find=a.hard_to_find,
            skills=list(a.skills),
        )
        for org in sorted(by_org)
        if org in org_ids
        for a in by_org[org]
    ]
    SurveyAnswer.objects.bulk_create(answers, batch_size=500)
    return {
        "survey_rounds": int(created) + int(next_created),
        "survey_responses": len(responses),
        "survey_answers": len(answers),
    }


def responses_for(user: Any, survey_round: SurveyRound) -> QuerySet[SurveyResponse]:
    """The round's responses of the organisations ``user`` may see."""
    from ecc_atlas.web.accounts.permissions import visible_organisations

    return SurveyResponse.objects.filter(
        round=survey_round, organisation__in=visible_organisations(user)
    )

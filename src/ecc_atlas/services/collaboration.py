"""Glue of the collaboration layer: records ↔ analyses, the funder export, the effect view, demo.

- :func:`participation_rows` reads training participations from the database into the plain
  rows :mod:`ecc_atlas.analysis.training` computes on; :func:`training_report` gives the figures
  of a period (and optionally one project); :func:`funder_xlsx` / :func:`funder_csv` write them
  in the shape a funder asks for (a summary and one line per effort × company).
- :func:`occupation_development` gives, per occupation a project addresses, the later
  development of supply (graduates), recruitment difficulty and job ads by year, from the
  warehouse through an :class:`~ecc_atlas.services.context.AnalysisContext` — an association,
  not proof of an effect. With ``protect=True`` the figures pass disclosure control.
- :func:`load_demo_collaboration` replaces the demo's collaboration records.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from ecc_atlas.analysis import training
from ecc_atlas.disclosure import protect
from ecc_atlas.spreadsheets import safe_text

if TYPE_CHECKING:
    from ecc_atlas.demo import DemoData
    from ecc_atlas.services.context import AnalysisContext

__all__ = [
    "FUNDER_FIELDS",
    "DevelopmentRow",
    "TrainingReport",
    "funder_csv",
    "funder_xlsx",
    "load_demo_collaboration",
    "occupation_development",
    "participation_rows",
    "training_report",
]


#: Field names of the funder CSV (one line per effort × company), in order.
FUNDER_FIELDS: tuple[str, ...] = (
    "effort_id",
    "effort",
    "project",
    "provider",
    "starts_on",
    "ends_on",
    "org_number",
    "organisation",
    "occupations",
    "participants_women",
    "participants_men",
    "participants",
    "hours",
    "completed",
)


# -- training follow-up ---------------------------------------------------------------------


def participation_rows(efforts: Any = None) -> list[dict[str, Any]]:
    """The training participations (of the ``efforts`` queryset, default all) as plain rows
    with the columns of :data:`ecc_atlas.analysis.training.COLUMNS`."""
    from ecc_atlas.web.collaboration.models import TrainingParticipation

    queryset = TrainingParticipation.objects.all()
    if efforts is not None:
        queryset = queryset.filter(effort__in=efforts)
    values = queryset.values(
        "effort_id",
        "effort__title",
        "effort__project__title",
        "effort__provider__name",
        "effort__starts_on",
        "effort__ends_on",
        "organisation__org_number",
        "organisation__name",
        "ssyk",
        "participants_women",
        "participants_men",
        "hours",
        "completed",
    ).order_by("effort_id", "organisation__org_number", "ssyk")
    return [
        {
            "effort_id": v["effort_id"],
            "effort": v["effort__title"],
            "project": v["effort__project__title"] or "",
            "provider": v["effort__provider__name"] or "",
            "starts_on": v["effort__starts_on"],
            "ends_on": v["effort__ends_on"],
            "org_number": v["organisation__org_number"],
            "organisation": v["organisation__name"],
            "ssyk": v["ssyk"],
            "participants_women": v["participants_women"],
            "participants_men": v["participants_men"],
            "hours": v["hours"],
            "completed": v["completed"],
        }
        for v in values
    ]


@dataclass(frozen=True)
class TrainingReport:
    """The training follow-up of a period (and optionally one project)."""

    start: date | None
    end: date | None
    project: str
    figures: training.TrainingFigures
    lines: list[training.EffortCompanyRow] = field(default_factory=list)
    occupations: list[training.OccupationRow] = field(default_factory=list)


def training_report(
    start: date | None = None, end: date | None = None, *, project_id: int | None = None
) -> TrainingReport:
    """Figures, effort × company lines and occupations of the efforts overlapping the period."""
    from ecc_atlas.web.collaboration.models import Project, TrainingEffort

    efforts = TrainingEffort.objects.all()
    title = ""
    if project_id is not None:
        efforts = efforts.filter(project_id=project_id)
        title = Project.objects.filter(pk=project_id).values_list("title", flat=True).first() or ""
    rows = training.in_period(participation_rows(efforts), start, end)
    return TrainingReport(
        start=start,
        end=end,
        project=title,
        figures=training.training_figures(rows),
        lines=training.effort_company_rows(rows),
        occupations=training.by_occupation(rows),
    )


def _line_values(line: training.EffortCompanyRow) -> list[Any]:
    return [
        line.effort_id,
        line.effort,
        line.project,
        line.provider,
        line.starts_on.isoformat() if line.starts_on else "",
        line.ends_on.isoformat() if line.ends_on else "",
        line.org_number,
        line.organisation,
        " ".join(line.occupations),
        line.women,
        line.men,
        line.participants,
        line.hours,
        line.completed,
    ]


def funder_csv(report: TrainingReport) -> bytes:
    """One line per effort × company with the :data:`FUNDER_FIELDS` header (UTF-8 with BOM)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(FUNDER_FIELDS)
    for line in report.lines:
        writer.writerow([safe_text(v) if isinstance(v, str) else v for v in _line_values(line)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _summary_rows(report: TrainingReport, labels: Mapping[str, str]) -> list[tuple[str, Any]]:
    f = report.figures
    rate = round(f.completion_rate, 4) if f.completion_rate is not None else None
    return [
        (labels["programme"], report.project or labels["all_projects"]),
        (labels["period"], _period_text(report)),
        (labels["efforts"], f.efforts),
        (labels["companies"], f.companies),
        (labels["participants"], f.participants),
        (labels["women"], f.women),
        (labels["men"], f.men),
        (labels["hours"], f.hours),
        (labels["completed"], f.completed),
        (labels["completion_rate"], rate),
    ]


def _period_text(report: TrainingReport) -> str:
    start = report.start.isoformat() if report.start else "…"
    end = report.end.isoformat() if report.end else "…"
    return f"{start} – {end}"


#: Default (English) labels of the funder workbook; the web passes translated ones.
DEFAULT_LABELS: dict[str, str] = {
    "summary": "summary",
    "lines": "efforts x companies",
    "occupations": "occupations",
    "programme": "Programme",
    "all_projects": "All projects",
    "period": "Period",
    "efforts": "Training efforts",
    "companies": "Participating companies",
    "participants": "Participants",
    "women": "Women",
    "men": "Men",
    "hours": "Training hours",
    "completed": "Completed",
    "completion_rate": "Completion rate",
    "ssyk": "Occupation (SSYK)",
    "note": "Computed from the training records of ECC Atlas; participants are counted per "
    "effort (a person in two efforts counts twice).",
}


def funder_xlsx(report: TrainingReport, labels: Mapping[str, str] | None = None) -> bytes:
    """A workbook: a summary sheet, one row per effort × company, participants by occupation."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    names = {**DEFAULT_LABELS, **(labels or {})}
    book = Workbook()
    summary = book.active
    summary.title = names["summary"][:31]
    bold = Font(bold=True)
    for key, value in _summary_rows(report, names):
        summary.append([safe_text(key), safe_text(value) if isinstance(value, str) else value])
        summary.cell(row=summary.max_row, column=1).font = bold
    summary.cell(row=summary.max_row, column=2).number_format = "0.0%"
    summary.append([])
    summary.append([safe_text(names["note"])])
    summary.column_dimensions["A"].width = 28
    summary.column_dimensions["B"].width = 40

    lines = book.create_sheet(names["lines"][:31])
    lines.append(list(FUNDER_FIELDS))
    for cell in lines[1]:
        cell.font = bold
    for line in report.lines:
        lines.append([safe_text(v) if isinstance(v, str) else v for v in _line_values(line)])
    lines.freeze_panes = "A2"

    occupations = book.create_sheet(names["occupations"][:31])
    occupations.append(
        [names["ssyk"], names["women"], names["men"], names["participants"], names["hours"],
         names["completed"]]
    )  # fmt: skip
    for cell in occupations[1]:
        cell.font = bold
    for row in report.occupations:
        occupations.append(
            [safe_text(row.ssyk), row.women, row.men, row.participants, row.hours, row.completed]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# -- effect view ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DevelopmentRow:
    """One occupation and year: graduates, mean recruitment difficulty, job ads.

    ``None`` means no data for that year (or withheld by disclosure control: ``suppressed``).
    """

    ssyk: str
    year: int
    graduates: int | None
    difficulty: float | None
    difficulty_organisations: int | None
    job_ads: int | None
    in_project: bool
    suppressed: bool = False


def _arrow_rows(expr: Any) -> list[dict[str, Any]]:
    table: pa.Table = expr.to_pyarrow()
    rows: list[dict[str, Any]] = table.to_pylist()
    return rows


def _development_tables(
    ctx: AnalysisContext, codes: Sequence[str]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    codes = list(codes)
    supply: list[dict[str, Any]] = []
    difficulty: list[dict[str, Any]] = []
    ads: list[dict[str, Any]] = []
    if not codes:
        return supply, difficulty, ads
    if ctx.has("programmes"):
        t = ctx.table("programmes")
        f = t.filter(t.ssyk.isin(codes) & t.graduates.notnull())
        supply = _arrow_rows(f.group_by([f.ssyk, f.year]).aggregate(graduates=f.graduates.sum()))
    if ctx.has("hiring_plans"):
        t = ctx.table("hiring_plans")
        f = t.filter(t.ssyk.isin(codes) & t.recruitment_difficulty.notnull())
        difficulty = _arrow_rows(
            f.group_by([f.ssyk, f.survey_year.name("year")]).aggregate(
                difficulty=f.recruitment_difficulty.mean(),
                organisations=f.org_number.nunique(),
            )
        )
    if ctx.has("job_ads"):
        t = ctx.table("job_ads")
        f = t.filter(t.ssyk.isin(codes) & t.publication_date.notnull())
        f = f.mutate(year=f.publication_date.year())
        ads = _arrow_rows(f.group_by([f.ssyk, f.year]).aggregate(job_ads=f.count()))
    return supply, difficulty, ads


def _protect_rows(
    rows: list[dict[str, Any]],
    value: str,
    *,
    persons: str | None,
    organisations: str | None,
    additive: bool,
) -> list[dict[str, Any]]:
    """Disclosure control per occupation (years are the one dimension).

    Secondary suppression only for ``additive`` values (counts whose total over the years
    may be known); a mean is not additive, so only the primary rules apply to it.
    """
    out: list[dict[str, Any]] = []
    for code in sorted({r["ssyk"] for r in rows}):
        part = [r for r in rows if r["ssyk"] == code]
        table = pa.Table.from_pylist(part)
        protected = protect(
            table,
            dimensions=["year"] if additive else [],
            values=[value],
            persons=persons,
            organisations=organisations,
        )
        out.extend(protected.to_pylist())
    return out


def occupation_development(
    ctx: AnalysisContext,
    occupations: Sequence[str],
    *,
    starts_on: date,
    ends_on: date | None,
    protect_figures: bool = True,
) -> list[DevelopmentRow]:
    """Per occupation and year: graduates, mean recruitment difficulty and job ads.

    Years run from two years before the project's start to the latest year with data;
    ``in_project`` marks the years of the project's period. With ``protect_figures`` the
    graduates (frequency rule on persons, secondary suppression over the years) and the
    difficulty means (frequency rule on organisations) pass
    :func:`ecc_atlas.disclosure.protect`; job-ad counts are public data.
    """
    supply, difficulty, ads = _development_tables(ctx, sorted(set(occupations)))
    if protect_figures:
        supply = _protect_rows(
            supply, "graduates", persons="graduates", organisations=None, additive=True
        )
        difficulty = _protect_rows(
            difficulty, "difficulty", persons=None, organisations="organisations", additive=False
        )
    index: dict[tuple[str, int], dict[str, Any]] = {}

    def slot(row: Mapping[str, Any]) -> dict[str, Any]:
        return index.setdefault((str(row["ssyk"]), int(row["year"])), {})

    for row in supply:
        cell = slot(row)
        cell["graduates"] = row["graduates"]
        cell["suppressed"] = cell.get("suppressed", False) or bool(row.get("suppressed"))
    for row in difficulty:
        cell = slot(row)
        cell["difficulty"] = row["difficulty"]
        cell["organisations"] = row["organisations"]
        cell["suppressed"] = cell.get("suppressed", False) or bool(row.get("suppressed"))
    for row in ads:
        slot(row)["job_ads"] = row["job_ads"]
    first = starts_on.year - 2
    last_project = (ends_on or date.max).year
    out = [
        DevelopmentRow(
            ssyk=code,
            year=year,
            graduates=_int_or_none(cell.get("graduates")),
            difficulty=round(float(cell["difficulty"]), 2)
            if cell.get("difficulty") is not None
            else None,
            difficulty_organisations=_int_or_none(cell.get("organisations")),
            job_ads=_int_or_none(cell.get("job_ads")),
            in_project=starts_on.year <= year <= last_project,
            suppressed=bool(cell.get("suppressed")),
        )
        for (code, year), cell in index.items()
        if year >= first
    ]
    out.sort(key=lambda r: (r.ssyk, r.year))
    return out


def _int_or_none(value: Any) -> int | None:
    return None if value is None else int(value)


# -- demo -----------------------------------------------------------------------------------


def load_demo_collaboration(
    data: DemoData, org_ids: Mapping[str, int], *, today: date | None = None
) -> dict[str, int]:
    """Replace the demo's collaboration records (those marked ``synthetic``) with fresh ones.

    Call inside the demo loader's transaction after the registry is replaced; ``org_ids``
    maps org_number → ``Organisation.pk``. Returns the number of records created per model.
    """
    from django.utils import timezone

    from ecc_atlas.demo.collaboration import generate_collaboration
    from ecc_atlas.web.collaboration.models import (
        Action,
        Meeting,
        MeetingParticipant,
        Participation,
        Project,
        TrainingEffort,
        TrainingParticipation,
    )

    providers = sorted({str(p) for p in data.programmes.column("provider").to_pylist() if p})
    generated = generate_collaboration(
        data.seed,
        [o for o in data.organisations if o.org_number in org_ids],
        providers=providers,
        today=today or timezone.localdate(),
    )
    TrainingEffort.objects.filter(synthetic=True).delete()
    Meeting.objects.filter(synthetic=True).delete()
    Project.objects.filter(synthetic=True).delete()

    projects: dict[str, Project] = {}
    for p in generated.projects:
        projects[p.key] = Project.objects.create(
            title=p.title,
            kind=p.kind,
            starts_on=p.starts_on,
            ends_on=p.ends_on,
            budget_sek=p.budget_sek,
            funders=p.funders,
            status=p.status,
            description=p.description,
            results=p.results,
            public=p.public,
            occupations=list(p.occupations),
            skills=list(p.skills),
            synthetic=True,
        )
    participations = Participation.objects.bulk_create(
        Participation(project=projects[p.key], organisation_id=org_ids[number], role=role)
        for p in generated.projects
        for number, role in p.participants
    )
    meetings: list[tuple[Meeting, Any]] = []
    for m in generated.meetings:
        meeting = Meeting.objects.create(
            date=m.date,
            title=m.title,
            kind=m.kind,
            topic=m.topic,
            analyses_shown=[{"label": label, "url": url} for label, url in m.analyses_shown],
            decisions=m.decisions,
            notes=m.notes,
            project=projects[m.project_key] if m.project_key else None,
            synthetic=True,
        )
        meetings.append((meeting, m))
    people = MeetingParticipant.objects.bulk_create(
        MeetingParticipant(meeting=meeting, organisation_id=org_ids[number], people=count)
        for meeting, m in meetings
        for number, count in m.participants
    )
    actions = Action.objects.bulk_create(
        Action(
            meeting=meeting,
            description=a.description,
            owner_name=a.owner_name,
            due_on=a.due_on,
            status=a.status,
            closed_on=a.closed_on,
            outcome=a.outcome,
        )
        for meeting, m in meetings
        for a in m.actions
    )
    efforts: list[tuple[TrainingEffort, Any]] = []
    for e in generated.efforts:
        effort = TrainingEffort.objects.create(
            project=projects[e.project_key] if e.project_key else None,
            title=e.title,
            provider_id=org_ids.get(e.provider) if e.provider else None,
            starts_on=e.starts_on,
            ends_on=e.ends_on,
            hours_per_participant=e.hours_per_participant,
            occupations=list(e.occupations),
            synthetic=True,
        )
        efforts.append((effort, e))
    rows = TrainingParticipation.objects.bulk_create(
        (
            TrainingParticipation(
                effort=effort,
                organisation_id=org_ids[p.org_number],
                participants_women=p.women,
                participants_men=p.men,
                ssyk=p.ssyk,
                hours=p.hours,
                completed=p.completed,
            )
            for effort, e in efforts
            for p in e.participations
        ),
        batch_size=500,
    )
    return {
        "projects": len(projects),
        "participations": len(participations),
        "meetings": len(meetings),
        "meeting_participants": len(people),
        "actions": len(actions),
        "training_efforts": len(efforts),
        "training_participations": len(rows),
    }

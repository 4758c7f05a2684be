"""Matchmaking suggestions from the records: survey answers, projects, programmes, job ads.

Glue between the Django records, the warehouse and :mod:`ecc_atlas.analysis.matchmaking`
(needs Django set up). Where the inputs come from:

* **needs**: the answers of the submitted responses of the latest survey round that has
  any (``SurveyRound`` → ``SurveyResponse(status="submitted")`` → ``SurveyAnswer``); without
  such a round, the warehouse's ``hiring_plans`` of its latest survey year (no skills);
* **projects**: every collaboration ``Project`` with its participating organisations;
* **programmes**: the warehouse's ``programmes`` (providers matched to registry organisations
  by name, case-insensitive); the skills each names are found in its name with the skill
  matcher (:func:`programme_skills`) — a programme naming an emerging skill covers it;
* **emerging skills**: :func:`ecc_atlas.services.skills.emerging_skills` for the home region,
  only when job ads are loaded;
* **decisions**: the analysts' ``SuggestionDecision`` rows, the latest per key. A decided
  suggestion moves to the *decided* list with who decided what and when; a decision whose
  suggestion no longer comes up stays in that list too — nothing disappears silently.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ecc_atlas.analysis import matchmaking
from ecc_atlas.analysis.matchmaking import Suggestion

if TYPE_CHECKING:
    from ecc_atlas.services.context import AnalysisContext

__all__ = [
    "Decided",
    "SuggestionList",
    "build_suggestions",
    "programme_skills",
    "suggestions",
    "warehouse_inputs",
]


@dataclass(frozen=True)
class Decided:
    """A recorded decision and, when it still comes up, its suggestion."""

    key: str
    kind: str
    decision: str
    note: str
    decided_by: str
    decided_at: dt.datetime
    project: str | None
    meeting: str | None
    suggestion: Suggestion | None

    def to_json(self) -> dict[str, Any]:
        return {
            "decision": self.decision,
            "note": self.note,
            "decided_by": self.decided_by,
            "decided_at": self.decided_at.isoformat(),
            "project": self.project,
            "meeting": self.meeting,
        }


@dataclass
class SuggestionList:
    """Open suggestions (ranked), decided ones, and where the inputs came from."""

    open: list[Suggestion]
    decided: list[Decided]
    sources: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        decided = []
        for item in self.decided:
            row = item.suggestion.to_json() if item.suggestion else {
                "kind": item.kind, "key": item.key, "score": None, "reason": None,
                "organisations": [], "occupations": [], "skills": [],
            }  # fmt: skip
            row["decision"] = item.to_json()
            row["current"] = item.suggestion is not None
            decided.append(row)
        return {
            "suggestions": [s.to_json() for s in self.open],
            "decided": decided,
            "sources": self.sources,
        }


def _labels() -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str]], dict[str, Any]]:
    from ecc_atlas import reference
    from ecc_atlas.reference.skills import skill_vocabulary

    occupations = {
        o.code: (o.name_sv, o.name_en) for o in reference.ssyk() if o.level == "unit_group"
    }
    vocabulary = skill_vocabulary()
    skills = {s.id: (s.label_sv, s.label_en) for s in vocabulary.skills}
    skill_ssyk = {s.id: list(s.ssyk) for s in vocabulary.skills}
    return occupations, skills, skill_ssyk


def warehouse_inputs(ctx: AnalysisContext, *, region: str = "19") -> dict[str, Any]:
    """What the suggestions need from the warehouse (cacheable per data version):
    ``programmes`` (rows), ``emerging`` (rows or None), ``hiring_plans`` (rows of the latest
    survey year, or None) and ``sources``."""
    from ecc_atlas.services import skills

    result: dict[str, Any] = {"programmes": [], "emerging": None, "hiring_plans": None}
    sources: dict[str, str] = {}
    if ctx.has("programmes"):
        result["programmes"] = ctx.table("programmes").to_pyarrow().to_pylist()
        sources["programmes"] = "programmes"
    if ctx.has(skills.DATASET):
        try:
            table = skills.emerging_skills(ctx, region=region)
        except (ValueError, LookupError) as error:  # no ads in the region, an empty window
            sources["emerging"] = f"{skills.DATASET}: not used ({error})"
        else:
            result["emerging"] = table.select(
                ["skill_id", "emerging", "recent_ads", "share_ratio", "z"]
            ).to_pylist()
            sources["emerging"] = f"{skills.DATASET} (region {region})"
    if ctx.has("hiring_plans"):
        plans = ctx.table("hiring_plans")
        latest = plans.survey_year.max().to_pyarrow().as_py()
        if latest is not None:
            rows = plans.filter(plans.survey_year == latest).to_pyarrow().to_pylist()
            result["hiring_plans"] = [
                {"org": r["org_number"], "ssyk": r["ssyk"],
                 "difficulty": int(r["recruitment_difficulty"]),
                 "planned_recruitments": int(r["planned_hires"] or 0), "skills": []}
                for r in rows if r.get("recruitment_difficulty") is not None
            ]  # fmt: skip
            sources["hiring_plans"] = f"hiring_plans ({latest})"
    result["sources"] = sources
    return result


def _survey_answers() -> tuple[list[dict[str, Any]], str | None]:
    from ecc_atlas.web.survey.models import SurveyAnswer, SurveyRound

    survey_round = (
        SurveyRound.objects.filter(responses__status="submitted").order_by("-year").first()
    )
    if survey_round is None:
        return [], None
    answers = SurveyAnswer.objects.filter(
        response__round=survey_round, response__status="submitted"
    ).values(
        "response__organisation__org_number", "ssyk", "difficulty", "planned_recruitments",
        "skills", "horizon_years",
    )  # fmt: skip
    rows = [
        {"org": a["response__organisation__org_number"], "ssyk": a["ssyk"],
         "difficulty": a["difficulty"], "planned_recruitments": a["planned_recruitments"],
         "skills": list(a["skills"] or []), "horizon_years": a["horizon_years"]}
        for a in answers
    ]  # fmt: skip
    return rows, f"survey round {survey_round.year} (submitted responses)"


def _projects() -> list[dict[str, Any]]:
    from ecc_atlas.web.collaboration.models import Participation, Project

    members: dict[int, list[str]] = {}
    for project_id, org in Participation.objects.values_list(
        "project_id", "organisation__org_number"
    ):
        members.setdefault(project_id, []).append(org)
    return [
        {"project_id": p.pk, "title": p.title, "kind": p.kind, "status": p.status,
         "occupations": list(p.occupations or []), "skills": list(p.skills or []),
         "organisations": sorted(set(members.get(p.pk, [])))}
        for p in Project.objects.all()
    ]  # fmt: skip


def _organisations(provider_names: set[str]) -> tuple[list[dict[str, str]], dict[str, str]]:
    from ecc_atlas.web.registry.models import Organisation

    rows = [
        {"org": o, "name": n, "kind": k}
        for o, n, k in Organisation.objects.values_list("org_number", "name", "kind")
    ]
    wanted = {name.casefold() for name in provider_names}
    by_name = {r["name"].casefold(): r["org"] for r in rows if r["name"].casefold() in wanted}
    return rows, by_name


def _decisions() -> dict[str, Any]:
    from ecc_atlas.web.collaboration.models import SuggestionDecision

    latest: dict[str, Any] = {}
    for decision in SuggestionDecision.objects.select_related(
        "decided_by", "project", "meeting"
    ).order_by("-decided_at", "-pk"):
        latest.setdefault(decision.key, decision)
    return latest


def programme_skills(programmes: Iterable[Mapping[str, Any]]) -> dict[str, set[str]]:
    """The skills of the vocabulary each programme names (in its name), by
    ``"provider: programme"`` — found with the same matcher as the job ads."""
    from ecc_atlas.analysis.skills_match import SkillMatcher

    matcher = SkillMatcher(sections=False)
    found: dict[str, set[str]] = {}
    for row in programmes:
        key = f"{row['provider']}: {row['programme']}"
        if key not in found:
            found[key] = {m.skill_id for m in matcher.find(str(row["programme"]))}
    return found


def build_suggestions(
    inputs: Mapping[str, Any], *, kind: str | None = None, limit: int | None = None
) -> SuggestionList:
    """Suggestions from the records and the warehouse ``inputs`` (:func:`warehouse_inputs`),
    split into open and decided. ``kind`` keeps one kind; ``limit`` caps the open list."""
    if kind is not None and kind not in matchmaking.KINDS:
        raise ValueError(f"Unknown kind {kind!r}; the kinds are {', '.join(matchmaking.KINDS)}.")
    sources = dict(inputs.get("sources", {}))
    plans_source = sources.pop("hiring_plans", "hiring_plans")
    answers, survey_source = _survey_answers()
    if survey_source:
        sources["needs"] = survey_source
    elif inputs.get("hiring_plans"):
        answers = list(inputs["hiring_plans"])
        sources["needs"] = plans_source
    programmes = [dict(r) for r in inputs.get("programmes") or []]
    orgs, provider_orgs = _organisations({str(r["provider"]) for r in programmes})
    for row in programmes:
        row["provider_org"] = provider_orgs.get(str(row["provider"]).casefold())
    occupation_labels, skill_labels, skill_ssyk = _labels()
    found = matchmaking.suggest(
        answers, orgs, programmes=programmes, projects=_projects(),
        emerging=inputs.get("emerging"), programme_skills=programme_skills(programmes),
        skill_ssyk=skill_ssyk, occupation_labels=occupation_labels, skill_labels=skill_labels,
    )  # fmt: skip
    if kind is not None:
        found = [s for s in found if s.kind == kind]
    decisions = _decisions()
    current = {s.key: s for s in found}
    open_list = [s for s in found if s.key not in decisions]
    decided = []
    for key, d in decisions.items():
        if kind is not None and d.kind != kind:
            continue
        who = d.decided_by.get_username() if d.decided_by is not None else ""
        decided.append(
            Decided(
                key=key,
                kind=d.kind,
                decision=d.decision,
                note=d.note,
                decided_by=who,
                decided_at=d.decided_at,
                project=d.project.title if d.project else None,
                meeting=str(d.meeting) if d.meeting else None,
                suggestion=current.get(key),
            )
        )
    if limit is not None:
        open_list = open_list[:limit]
    return SuggestionList(open=open_list, decided=decided, sources=sources)


def suggestions(
    ctx: AnalysisContext,
    *,
    kind: str | None = None,
    limit: int | None = None,
    region: str = "19",
) -> SuggestionList:
    """:func:`build_suggestions` on the warehouse inputs of ``ctx`` (for the CLI)."""
    return build_suggestions(warehouse_inputs(ctx, region=region), kind=kind, limit=limit)

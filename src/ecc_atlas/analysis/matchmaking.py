"""Matchmaking: suggestions an analyst can act on, each with its reason and a transparent score.

Pure functions: plain rows (or Arrow tables) in, :class:`Suggestion` objects out. The four
kinds (see docs/methods/matchmaking.md for the definitions and the references):

``shared_shortage``
    At least ``min_employers`` employers report a shortage of the same occupation (an SSYK
    unit group answered with difficulty ≥ ``threshold``) or name the same hard-to-find skill
    in such an answer → candidates for a joint training effort or a shared recruitment
    campaign. Employers already working on it together — taking part in a planned or running
    project (education programme, upskilling or recruitment campaign) that addresses that
    occupation or skill — are left out; with fewer than ``min_employers`` left nothing is
    suggested. Score = employers × mean difficulty × (1 + their share of all planned
    recruitments of the survey).
``education``
    A shortage occupation (one employer is enough) → the education providers whose
    programmes lead to that SSYK, with their capacity (places and graduates of the latest
    year). Score: the same need score as above (employers × mean difficulty × (1 + share)).
``research``
    An employer's competence need (the hard-to-find skills of a shortage answer) → research
    projects (kind ``research``, not cancelled) working on one of those skills, and academic
    organisations taking part in other projects on those skills. Not suggested when the
    employer already takes part in that project (or in a project with that academic
    organisation on the skill), nor on the occupation alone. Score = difficulty × (matched
    skills + 1 when the project addresses the occupation too).
``gap``
    An emerging skill in job ads that no education covers — no programme names it (the
    service finds the skills in the programmes' names with the product's skill matcher) and
    no non-cancelled education or upskilling project addresses it — → a gap to raise at the
    next round table. That a programme leads to an occupation the vocabulary links to the
    skill does not make it covered (an engineering programme need not teach battery cells);
    those occupations are shown. Score = the two-proportion z statistic of the rise (the
    strength of the evidence that the skill is emerging).

Each suggestion has a ``key``: a stable fingerprint of what identifies it (kind, the
organisations involved, the occupation and skill codes), so that an analyst's decision can
be recorded against it. When the group changes (a new employer reports the same shortage)
the key changes and the suggestion comes back as new.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, TypeAlias

import pyarrow as pa

from ecc_atlas.analysis._common import AnalysisError

__all__ = [
    "KINDS",
    "Actor",
    "Suggestion",
    "education_suggestions",
    "gap_suggestions",
    "research_suggestions",
    "shared_shortages",
    "suggest",
    "suggestion_key",
]

KINDS: Final = ("shared_shortage", "education", "research", "gap")
#: Project kinds that count as already working together on a shortage.
ADDRESSING_KINDS: Final = ("education_programme", "upskilling", "recruitment_campaign")
#: Project kinds that teach: an emerging skill they address is not a gap.
TEACHING_KINDS: Final = ("education_programme", "upskilling")
ACTIVE: Final = ("planned", "running")
ACADEMIA: Final = ("academia", "institute")

Rows: TypeAlias = "pa.Table | Iterable[Mapping[str, Any]]"
Labels: TypeAlias = Mapping[str, tuple[str, str]]


@dataclass(frozen=True)
class Actor:
    """An organisation in a suggestion: ``id`` (org number, or ``provider:<name>`` for an
    education provider outside the registry), ``name``, ``kind`` and ``role`` in the
    suggestion (``employer``, ``provider``, ``research``)."""

    id: str
    name: str
    kind: str
    role: str

    def to_json(self) -> dict[str, str]:
        return {"id": self.id, "name": self.name, "kind": self.kind, "role": self.role}


@dataclass(frozen=True)
class Suggestion:
    """One suggestion: what to do, who, about which occupations and skills, and why."""

    kind: str
    score: float
    reason_sv: str
    reason_en: str
    organisations: tuple[Actor, ...]
    occupations: tuple[str, ...]
    skills: tuple[str, ...]
    key: str
    parts: Mapping[str, float] = field(default_factory=dict)
    details: tuple[Mapping[str, Any], ...] = ()

    def reason(self, lang: str = "sv") -> str:
        return self.reason_en if lang == "en" else self.reason_sv

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "score": round(self.score, 4),
            "reason": {"sv": self.reason_sv, "en": self.reason_en},
            "organisations": [a.to_json() for a in self.organisations],
            "occupations": list(self.occupations),
            "skills": list(self.skills),
            "key": self.key,
            "parts": dict(self.parts),
            "details": [dict(d) for d in self.details],
        }


def suggestion_key(
    kind: str, organisations: Iterable[str], occupations: Iterable[str], skills: Iterable[str]
) -> str:
    """``<kind>:<16 hex>`` — SHA-256 of the kind and the sorted ids and codes."""
    text = "|".join(
        [kind, ",".join(sorted(set(organisations))), ",".join(sorted(set(occupations))),
         ",".join(sorted(set(skills)))]
    )  # fmt: skip
    return f"{kind}:{hashlib.sha256(text.encode()).hexdigest()[:16]}"


def _rows(data: Rows | None) -> list[dict[str, Any]]:
    if data is None:
        return []
    if isinstance(data, pa.Table):
        return data.to_pylist()
    return [dict(r) for r in data]


def _fmt(value: float, lang: str) -> str:
    text = f"{value:,.1f}" if value != int(value) else f"{int(value):,}"
    return text.replace(",", "\u00a0").replace(".", ",") if lang == "sv" else text


def _names(actors: Sequence[Actor], lang: str = "en", limit: int = 8) -> str:
    """The names, the first ``limit`` of them and how many more (the full list is in
    ``organisations``)."""
    names = ", ".join(a.name for a in actors[:limit])
    rest = len(actors) - limit
    if rest > 0:
        names += f" and {rest} more" if lang == "en" else f" och {rest} till"
    return names


def _label(labels: Labels, code: str, lang: str) -> str:
    """The label in ``lang``; occupations (numeric codes) keep their code in brackets."""
    pair = labels.get(code)
    if not pair:
        return code
    text = pair[1] if lang == "en" else pair[0]
    return f"{text} ({code})" if code.isdigit() else text


@dataclass
class _Need:
    """One employer's shortage of one occupation (all horizons together)."""

    org: str
    ssyk: str
    difficulty: int
    recruitments: int
    skills: set[str]


def _needs(answers: Rows, threshold: int) -> tuple[list[_Need], int]:
    """Shortage needs per employer × SSYK, and the total planned recruitments of all answers.

    Several horizons of the same occupation count once: the highest difficulty and the
    largest planned recruitments (the horizons are cumulative).
    """
    if not 1 <= threshold <= 5:
        raise AnalysisError("The difficulty threshold must be between 1 and 5.")
    cells: dict[tuple[str, str], _Need] = {}
    total_by_cell: dict[tuple[str, str], int] = defaultdict(int)
    for row in _rows(answers):
        difficulty = int(row["difficulty"])
        if not 1 <= difficulty <= 5:
            raise AnalysisError(f"Difficulty {difficulty} is outside 1–5.")
        org, ssyk = str(row["org"]), str(row["ssyk"])
        planned = int(row.get("planned_recruitments") or 0)
        total_by_cell[(org, ssyk)] = max(total_by_cell[(org, ssyk)], planned)
        if difficulty < threshold:
            continue
        need = cells.setdefault((org, ssyk), _Need(org, ssyk, difficulty, planned, set()))
        need.difficulty = max(need.difficulty, difficulty)
        need.skills.update(str(s) for s in row.get("skills") or ())
    for key, need in cells.items():  # the largest planned recruitments of all its horizons
        need.recruitments = total_by_cell[key]
    return sorted(cells.values(), key=lambda n: (n.ssyk, n.org)), sum(total_by_cell.values())


def _actors(organisations: Rows) -> dict[str, dict[str, str]]:
    return {
        str(r["org"]): {"name": str(r.get("name") or r["org"]), "kind": str(r.get("kind") or "")}
        for r in _rows(organisations)
    }


def _actor(orgs: Mapping[str, Mapping[str, str]], org: str, role: str) -> Actor:
    info = orgs.get(org, {})
    return Actor(org, info.get("name", org), info.get("kind", ""), role)


def _active_projects(projects: Rows) -> list[dict[str, Any]]:
    rows = []
    for p in _rows(projects):
        rows.append(
            {
                **p,
                "occupations": {str(c) for c in p.get("occupations") or ()},
                "skills": {str(s) for s in p.get("skills") or ()},
                "organisations": {str(o) for o in p.get("organisations") or ()},
            }
        )
    return rows


def _need_score(group: Sequence[_Need], total: int) -> tuple[float, dict[str, float]]:
    employers = len({n.org for n in group})
    mean_difficulty = sum(n.difficulty for n in group) / len(group)
    recruitments = sum(n.recruitments for n in group)
    share = recruitments / total if total > 0 else 0.0
    score = employers * mean_difficulty * (1 + share)
    return score, {
        "employers": employers,
        "mean_difficulty": round(mean_difficulty, 4),
        "recruitments": recruitments,
        "recruitment_share": round(share, 4),
    }


def _score_text(parts: Mapping[str, float], score: float, lang: str) -> str:
    share = _fmt(round(100 * parts["recruitment_share"], 1), lang)
    if lang == "en":
        return (
            f"Score {_fmt(round(score, 2), lang)} = {parts['employers']:g} employers × mean "
            f"difficulty {_fmt(round(parts['mean_difficulty'], 2), lang)} × (1 + {share} % "
            "of all planned recruitments in the survey)."
        )
    return (
        f"Poäng {_fmt(round(score, 2), lang)} = {parts['employers']:g} arbetsgivare × "
        f"genomsnittlig svårighet {_fmt(round(parts['mean_difficulty'], 2), lang)} × (1 + "
        f"{share} % av alla planerade rekryteringar i enkäten)."
    )


def shared_shortages(
    answers: Rows,
    organisations: Rows,
    projects: Rows | None = None,
    *,
    occupation_labels: Labels | None = None,
    skill_labels: Labels | None = None,
    threshold: int = 4,
    min_employers: int = 2,
) -> list[Suggestion]:
    """``shared_shortage`` suggestions (module docstring). ``answers``: ``org, ssyk,
    difficulty, planned_recruitments, skills``; ``projects``: ``project_id, title, kind,
    status, occupations, skills, organisations`` (org ids)."""
    if min_employers < 2:
        raise AnalysisError("A shared shortage needs at least two employers.")
    needs, total = _needs(answers, threshold)
    orgs = _actors(organisations)
    addressing = [
        p for p in _active_projects(projects or ())
        if p.get("kind") in ADDRESSING_KINDS and p.get("status") in ACTIVE
    ]  # fmt: skip
    groups: dict[tuple[str, str], list[_Need]] = defaultdict(list)
    for need in needs:
        groups[("occupation", need.ssyk)].append(need)
        for skill in need.skills:
            groups[("skill", skill)].append(need)
    suggestions = []
    for (what, code), members in sorted(groups.items()):
        field_name = "occupations" if what == "occupation" else "skills"
        covering = [p for p in addressing if code in p[field_name]]
        busy = set().union(*(p["organisations"] for p in covering)) if covering else set()
        # one need per employer (a skill can be named for several occupations)
        per_org: dict[str, _Need] = {}
        for need in members:
            if need.org in busy:
                continue
            kept = per_org.get(need.org)
            if kept is None or (need.difficulty, need.recruitments) > (
                kept.difficulty,
                kept.recruitments,
            ):
                per_org[need.org] = need
        group = [per_org[o] for o in sorted(per_org)]
        if len(group) < min_employers:
            continue
        score, parts = _need_score(group, total)
        actors = tuple(_actor(orgs, n.org, "employer") for n in group)
        labels = (occupation_labels if what == "occupation" else skill_labels) or {}
        reasons = {}
        for lang in ("sv", "en"):
            name = _label(labels, code, lang)
            running = ", ".join(str(p.get("title")) for p in covering)
            if lang == "en":
                head = (
                    f"{len(group)} employers report a shortage of {name}: "
                    f"{_names(actors)} (difficulty ≥ {threshold}); together they plan "
                    f"{_fmt(parts['recruitments'], lang)} recruitments. Candidates for a "
                    "joint training effort or a shared recruitment campaign."
                )
                extra = (
                    f" A planned or running project already addresses it: {running}."
                    if running
                    else ""
                )
            else:
                head = (
                    f"{len(group)} arbetsgivare rapporterar brist på {name}: "
                    f"{_names(actors, lang)} (svårighet ≥ {threshold}); tillsammans planerar de "
                    f"{_fmt(parts['recruitments'], lang)} rekryteringar. Kandidater för en "
                    "gemensam kompetensutvecklingsinsats eller en gemensam rekryteringskampanj."
                )
                extra = (
                    f" Ett planerat eller pågående projekt arbetar redan med det: {running}."
                    if running
                    else ""
                )
            reasons[lang] = f"{head}{extra} {_score_text(parts, score, lang)}"
        occupations = (code,) if what == "occupation" else ()
        skills = (code,) if what == "skill" else ()
        suggestions.append(
            Suggestion(
                kind="shared_shortage",
                score=score,
                reason_sv=reasons["sv"],
                reason_en=reasons["en"],
                organisations=actors,
                occupations=occupations,
                skills=skills,
                key=suggestion_key("shared_shortage", (a.id for a in actors), occupations, skills),
                parts=parts,
            )
        )
    return suggestions


def _latest_programmes(programmes: Rows) -> dict[str, list[dict[str, Any]]]:
    """The latest year of each programme (provider and name), per SSYK.

    A programme can have several rows in its latest year — one per kommun where it is given
    and per occupation it leads to: its places and graduates are summed per occupation, and it
    is listed under every occupation it leads to.
    """
    rows = _rows(programmes)
    latest_year: dict[tuple[str, str], int] = {}
    for row in rows:
        key = (str(row["provider"]), str(row["programme"]))
        latest_year[key] = max(latest_year.get(key, 0), int(row.get("year") or 0))
    cells: dict[tuple[str, str, str], dict[str, Any]] = {}
    for row in rows:
        key = (str(row["provider"]), str(row["programme"]))
        if int(row.get("year") or 0) != latest_year[key] or not row.get("ssyk"):
            continue
        cell = cells.setdefault((*key, str(row["ssyk"])), {**row, "places": 0, "graduates": 0})
        cell["places"] += int(row.get("places") or 0)
        cell["graduates"] += int(row.get("graduates") or 0)
    by_ssyk: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for (_, _, ssyk), row in cells.items():
        by_ssyk[ssyk].append(row)
    return by_ssyk


def _provider_actor(row: Mapping[str, Any], orgs: Mapping[str, Mapping[str, str]]) -> Actor:
    org = row.get("provider_org")
    if org and str(org) in orgs:
        return _actor(orgs, str(org), "provider")
    return Actor(f"provider:{row['provider']}", str(row["provider"]), "provider", "provider")


def education_suggestions(
    answers: Rows,
    organisations: Rows,
    programmes: Rows,
    *,
    occupation_labels: Labels | None = None,
    threshold: int = 4,
) -> list[Suggestion]:
    """``education`` suggestions. ``programmes``: ``provider, programme, ssyk, year, places,
    graduates`` and optionally ``provider_org`` (the provider's org id in the registry)."""
    needs, total = _needs(answers, threshold)
    orgs = _actors(organisations)
    catalogue = _latest_programmes(programmes)
    by_ssyk: dict[str, list[_Need]] = defaultdict(list)
    for need in needs:
        by_ssyk[need.ssyk].append(need)
    suggestions = []
    for ssyk, group in sorted(by_ssyk.items()):
        offered = sorted(
            catalogue.get(ssyk, ()), key=lambda r: (str(r["provider"]), str(r["programme"]))
        )
        if not offered:
            continue
        score, parts = _need_score(group, total)
        providers: dict[str, Actor] = {}
        for row in offered:
            actor = _provider_actor(row, orgs)
            providers.setdefault(actor.id, actor)
        places = sum(int(r.get("places") or 0) for r in offered)
        graduates = sum(int(r.get("graduates") or 0) for r in offered)
        parts = {**parts, "places": places, "graduates": graduates}
        employers = tuple(_actor(orgs, n.org, "employer") for n in group)
        year = max(int(r.get("year") or 0) for r in offered)
        details: tuple[dict[str, Any], ...] = tuple(
            {
                "provider": str(r["provider"]),
                "programme": str(r["programme"]),
                "year": int(r.get("year") or 0),
                "places": int(r.get("places") or 0),
                "graduates": int(r.get("graduates") or 0),
            }
            for r in offered
        )
        labels = occupation_labels or {}
        programme_list = {
            lang: "; ".join(
                f"{d['provider']}: {d['programme']} ({_fmt(d['places'], lang)} "
                + ("places, " if lang == "en" else "platser, ")
                + f"{_fmt(d['graduates'], lang)} "
                + ("graduates" if lang == "en" else "examinerade")
                + f" {d['year']})"
                for d in details
            )
            for lang in ("sv", "en")
        }
        reason_en = (
            f"{len(employers)} employer(s) report a shortage of {_label(labels, ssyk, 'en')} "
            f"({_names(employers)}; {_fmt(parts['recruitments'], 'en')} planned "
            f"recruitments). Programmes leading to it: {programme_list['en']} — together "
            f"{_fmt(places, 'en')} places and {_fmt(graduates, 'en')} graduates ({year}). "
            f"{_score_text(parts, score, 'en')}"
        )
        reason_sv = (
            f"{len(employers)} arbetsgivare rapporterar brist på {_label(labels, ssyk, 'sv')} "
            f"({_names(employers, 'sv')}; {_fmt(parts['recruitments'], 'sv')} planerade "
            f"rekryteringar). Utbildningar som leder dit: {programme_list['sv']} — sammanlagt "
            f"{_fmt(places, 'sv')} platser och {_fmt(graduates, 'sv')} examinerade ({year}). "
            f"{_score_text(parts, score, 'sv')}"
        )
        actors = (*providers.values(), *employers)
        suggestions.append(
            Suggestion(
                kind="education",
                score=score,
                reason_sv=reason_sv,
                reason_en=reason_en,
                organisations=actors,
                occupations=(ssyk,),
                skills=(),
                key=suggestion_key("education", providers, (ssyk,), ()),
                parts=parts,
                details=details,
            )
        )
    return suggestions


def research_suggestions(
    answers: Rows,
    organisations: Rows,
    projects: Rows,
    *,
    occupation_labels: Labels | None = None,
    skill_labels: Labels | None = None,
    threshold: int = 4,
) -> list[Suggestion]:
    """``research`` suggestions: per employer and research project (or academic
    organisation) working on the employer's shortage skills or occupation."""
    needs, _ = _needs(answers, threshold)
    orgs = _actors(organisations)
    live = [p for p in _active_projects(projects) if p.get("status") != "cancelled"]
    labels = (occupation_labels or {}, skill_labels or {})
    suggestions: list[Suggestion] = []
    per_org: dict[str, list[_Need]] = defaultdict(list)
    for need in needs:
        per_org[need.org].append(need)
    for org, own in sorted(per_org.items()):
        employer = _actor(orgs, org, "employer")
        difficulty = max(n.difficulty for n in own)
        wanted_skills: set[str] = set().union(*(n.skills for n in own))
        wanted_occ = {n.ssyk for n in own}
        covered: set[str] = set()
        for project in (p for p in live if p.get("kind") == "research"):
            if org in project["organisations"]:
                covered |= project["organisations"]
                continue
            skills = sorted(wanted_skills & project["skills"])
            if not skills:  # research works on skills and technology; an occupation alone is
                continue  # too weak a match
            occupations = sorted(wanted_occ & project["occupations"])
            academics = tuple(
                _actor(orgs, o, "research")
                for o in sorted(project["organisations"])
                if orgs.get(o, {}).get("kind") in ACADEMIA
            )
            covered |= {a.id for a in academics}
            suggestions.append(
                _research(employer, difficulty, skills, occupations, academics, project, *labels)
            )
        found, known = _academics_on_skills(org, wanted_skills, live, orgs)
        for academic, skills_set in sorted(found.items()):
            if academic in covered | known:
                continue
            academic_actor = (_actor(orgs, academic, "research"),)
            suggestions.append(
                _research(
                    employer, difficulty, sorted(skills_set), [], academic_actor, None, *labels
                )
            )
    return suggestions


def _academics_on_skills(
    org: str,
    wanted: set[str],
    live: Sequence[Mapping[str, Any]],
    orgs: Mapping[str, Mapping[str, str]],
) -> tuple[dict[str, set[str]], set[str]]:
    """Academic organisations in non-research projects on the wanted skills (with the
    skills), and those the employer already works with in such a project."""
    found: dict[str, set[str]] = defaultdict(set)
    known: set[str] = set()
    for project in live:
        skills = wanted & project["skills"]
        if project.get("kind") == "research" or not skills:
            continue
        for member in project["organisations"]:
            if orgs.get(member, {}).get("kind") not in ACADEMIA:
                continue
            if org in project["organisations"]:
                known.add(member)
            found[member] |= skills
    return found, known


def _research(
    employer: Actor,
    difficulty: int,
    skills: list[str],
    occupations: list[str],
    academics: tuple[Actor, ...],
    project: Mapping[str, Any] | None,
    occ_labels: Labels,
    sk_labels: Labels,
) -> Suggestion:
    matched = len(skills) + (1 if occupations else 0)
    score = float(difficulty * matched)
    parts = {"difficulty": difficulty, "matched_skills": len(skills),
             "occupation_match": 1 if occupations else 0}  # fmt: skip
    reasons = {}
    for lang in ("sv", "en"):
        what = ", ".join(
            [_label(sk_labels, s, lang) for s in skills]
            + [_label(occ_labels, o, lang) for o in occupations]
        )
        who = _names(academics, lang)
        if lang == "en":
            target = f"the research project “{project['title']}”" if project else who
            extra = f" (with {who})" if project and who else ""
            reasons[lang] = (
                f"{employer.name} reports a shortage (difficulty {difficulty}) involving "
                f"{what}; {target}{extra} works on it. Score {_fmt(score, lang)} = difficulty "
                f"{difficulty} × {matched} match(es) ({len(skills)} skill(s)"
                f"{' + the occupation' if occupations else ''})."
            )
        else:
            target = f"forskningsprojektet ”{project['title']}”" if project else who
            extra = f" (med {who})" if project and who else ""
            reasons[lang] = (
                f"{employer.name} rapporterar brist (svårighet {difficulty}) som gäller "
                f"{what}; {target}{extra} arbetar med det. Poäng {_fmt(score, lang)} = "
                f"svårighet {difficulty} × {matched} träff(ar) ({len(skills)} kompetens(er)"
                f"{' + yrket' if occupations else ''})."
            )
    ids = [employer.id, *(a.id for a in academics)]
    if project is not None:
        ids.append(f"project:{project.get('project_id')}")
    details = (
        ({"project_id": project.get("project_id"), "title": project.get("title")},)
        if (project is not None)
        else ()
    )
    return Suggestion(
        kind="research",
        score=score,
        reason_sv=reasons["sv"],
        reason_en=reasons["en"],
        organisations=(employer, *academics),
        occupations=tuple(occupations),
        skills=tuple(skills),
        key=suggestion_key("research", ids, occupations, skills),
        parts=parts,
        details=details,
    )


def gap_suggestions(
    emerging: Rows,
    programme_skills: Mapping[str, Collection[str]] | None = None,
    projects: Rows | None = None,
    *,
    skill_ssyk: Mapping[str, Sequence[str]],
    skill_labels: Labels | None = None,
) -> list[Suggestion]:
    """``gap`` suggestions. ``emerging``: ``skill_id, emerging, recent_ads, share_ratio,
    z`` (rows with ``emerging`` false are ignored); ``programme_skills``: per current
    programme, the skills it names; ``skill_ssyk``: the occupations the vocabulary links to
    each skill (shown, not a test of coverage)."""
    taught = set().union(*(programme_skills or {}).values())
    addressed = set().union(
        *(
            p["skills"]
            for p in _active_projects(projects or ())
            if p.get("status") != "cancelled" and p.get("kind") in TEACHING_KINDS
        )
    )
    labels = skill_labels or {}
    suggestions = []
    for row in sorted(_rows(emerging), key=lambda r: str(r["skill_id"])):
        if not row.get("emerging") or row.get("z") is None:
            continue
        skill = str(row["skill_id"])
        linked = set(skill_ssyk.get(skill, ()))
        if skill in taught or skill in addressed:
            continue
        z = float(row["z"])
        ads = int(row.get("recent_ads") or 0)
        ratio = row.get("share_ratio")
        parts = {"z": round(z, 4), "recent_ads": ads,
                 "share_ratio": round(float(ratio), 4) if ratio is not None else -1.0}  # fmt: skip
        rise = {
            "en": f"its share of ads rose ×{_fmt(round(float(ratio), 1), 'en')}" if ratio
            else "it is new in the ads",
            "sv": f"dess andel av annonserna ökade ×{_fmt(round(float(ratio), 1), 'sv')}"
            if ratio else "den är ny i annonserna",
        }  # fmt: skip
        reason_en = (
            f"{_label(labels, skill, 'en')} is emerging in job ads ({ads} ads in the recent "
            f"window; {rise['en']}), but no programme in the region names it and no education "
            f"or upskilling project addresses it: a gap to raise at the next round table. "
            f"Score {_fmt(round(z, 2), 'en')} = the z statistic of the rise."
        )
        reason_sv = (
            f"{_label(labels, skill, 'sv')} växer i platsannonserna ({ads} annonser i den "
            f"senaste perioden; {rise['sv']}), men ingen utbildning i regionen nämner den och "
            "inget utbildnings- eller kompetenslyftsprojekt arbetar med den: en lucka att ta upp "
            "vid nästa "
            f"rundabordssamtal. Poäng {_fmt(round(z, 2), 'sv')} = z-värdet för ökningen."
        )
        suggestions.append(
            Suggestion(
                kind="gap",
                score=z,
                reason_sv=reason_sv,
                reason_en=reason_en,
                organisations=(),
                occupations=tuple(sorted(linked)),
                skills=(skill,),
                key=suggestion_key("gap", (), (), (skill,)),
                parts=parts,
            )
        )
    return suggestions


def suggest(
    answers: Rows,
    organisations: Rows,
    *,
    programmes: Rows | None = None,
    projects: Rows | None = None,
    emerging: Rows | None = None,
    programme_skills: Mapping[str, Collection[str]] | None = None,
    skill_ssyk: Mapping[str, Sequence[str]] | None = None,
    occupation_labels: Labels | None = None,
    skill_labels: Labels | None = None,
    threshold: int = 4,
    min_employers: int = 2,
) -> list[Suggestion]:
    """All four kinds, ranked by score (descending), then kind and key."""
    answer_rows = _rows(answers)
    org_rows = _rows(organisations)
    project_rows = _rows(projects)
    programme_rows = _rows(programmes)
    result = shared_shortages(
        answer_rows, org_rows, project_rows, occupation_labels=occupation_labels,
        skill_labels=skill_labels, threshold=threshold, min_employers=min_employers,
    )  # fmt: skip
    result += education_suggestions(
        answer_rows, org_rows, programme_rows, occupation_labels=occupation_labels,
        threshold=threshold,
    )  # fmt: skip
    result += research_suggestions(
        answer_rows, org_rows, project_rows, occupation_labels=occupation_labels,
        skill_labels=skill_labels, threshold=threshold,
    )  # fmt: skip
    if emerging is not None:
        result += gap_suggestions(
            emerging, programme_skills, project_rows, skill_ssyk=skill_ssyk or {},
            skill_labels=skill_labels,
        )  # fmt: skip
    order = {k: i for i, k in enumerate(KINDS)}
    return sorted(result, key=lambda s: (-s.score, order[s.kind], s.key))

"""Fictional collaboration records of the demo: projects, meetings with actions, training efforts.

:func:`generate_collaboration` is pure and seeded: the same seed, organisations and reference
date give the same records. It uses the demo's organisations (companies, the college, the
schools, public actors) and, when given, the programmes' providers. Every figure of the training
follow-up (companies, participants, hours, efforts) is later *computed* from the generated
participations; nothing is a typed-in total.

The shape follows a real regional upskilling programme: a few tens of companies, around a
thousand participations and tens of thousands of training hours over some hundred efforts.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

__all__ = [
    "DEFAULT_TODAY",
    "CollaborationDemo",
    "DemoAction",
    "DemoEffort",
    "DemoMeeting",
    "DemoProject",
    "DemoTrainingParticipation",
    "generate_collaboration",
]

#: Reference date of the generator when none is given (open actions fall due around it).
DEFAULT_TODAY = date(2026, 11, 1)

_FUNDERS = (
    "Europeiska socialfonden+",
    "Region Västmanland",
    "Energimyndigheten",
    "Tillväxtverket",
    "Vinnova",
    "Myndigheten för yrkeshögskolan",
)
_PAGES = (
    ("Översikt", "/"),
    ("Sektorn", "/sector/"),
    ("Arbetskraft", "/workforce/"),
    ("Regioner", "/regions/"),
    ("Rekrytering", "/recruitment/"),
    ("Bristyrken", "/shortages/"),
    ("Kompetenser", "/skills/"),
    ("Aktörer", "/actors/"),
    ("Årsrapport", "/report/"),
)


@dataclass(frozen=True, slots=True)
class DemoProject:
    """A fictional project; ``participants`` are ``(org_number, role)``."""

    key: str
    title: str
    kind: str
    starts_on: date
    ends_on: date | None
    budget_sek: int | None
    funders: str
    status: str
    description: str
    results: str
    public: bool
    occupations: tuple[str, ...]
    skills: tuple[str, ...]
    participants: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class DemoAction:
    """A follow-up action of a meeting."""

    description: str
    owner_name: str
    due_on: date
    status: str
    closed_on: date | None
    outcome: str


@dataclass(frozen=True, slots=True)
class DemoMeeting:
    """A fictional meeting; ``participants`` are ``(org_number, people)``, ``analyses_shown``
    ``(label, path)``."""

    key: str
    date: date
    title: str
    kind: str
    topic: str
    analyses_shown: tuple[tuple[str, str], ...]
    decisions: str
    notes: str
    project_key: str | None
    participants: tuple[tuple[str, int], ...]
    actions: tuple[DemoAction, ...]


@dataclass(frozen=True, slots=True)
class DemoTrainingParticipation:
    """A company's participants in an effort (one occupation)."""

    org_number: str
    ssyk: str
    women: int
    men: int
    hours: int
    completed: int


@dataclass(frozen=True, slots=True)
class DemoEffort:
    """A fictional training effort; ``provider`` is an org number or ``None``."""

    key: str
    project_key: str | None
    title: str
    provider: str | None
    starts_on: date
    ends_on: date
    hours_per_participant: int
    occupations: tuple[str, ...]
    participations: tuple[DemoTrainingParticipation, ...]


@dataclass(frozen=True)
class CollaborationDemo:
    """Everything :func:`generate_collaboration` produces."""

    projects: list[DemoProject]
    meetings: list[DemoMeeting]
    efforts: list[DemoEffort]


class _Org(Protocol):
    """The fields of a demo organisation the generator uses."""

    @property
    def org_number(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def kind(self) -> str: ...


def _status(starts_on: date, ends_on: date | None, today: date, cancelled: bool) -> str:
    if cancelled:
        return "cancelled"
    if starts_on > today:
        return "planned"
    if ends_on is not None and ends_on < today:
        return "completed"
    return "running"


_PROJECT_PLAN: tuple[tuple[str, str, str, int, int, tuple[str, ...], tuple[str, ...]], ...] = (
    # (kind, title, description, start year, duration in months, SSYK codes, skill ids)
    (
        "upskilling",
        "Kompetenslyft Energi Västmanland",
        "Regional kompetensutveckling för anställda i energibolag och underleverantörer.",
        2021,
        54,
        ("3113", "7411", "7412"),
        ("electrical_safety", "power_engineering", "industrial_automation", "energy_efficiency"),
    ),
    (
        "education_programme",
        "YH-utbildning Elkraftingenjör",
        "Ny yrkeshögskoleutbildning som svar på bristen på elkraftingenjörer.",
        2020,
        36,
        ("2143", "3113"),
        ("high_voltage", "power_engineering", "substations", "relay_protection"),
    ),
    (
        "education_programme",
        "Energitekniker – uppdragsutbildning",
        "Uppdragsutbildning för drifttekniker i fjärrvärme och kraftvärme.",
        2023,
        24,
        ("8191",),
        ("district_heating", "chp_thermal", "condition_monitoring"),
    ),
    (
        "upskilling",
        "Elsäkerhet i praktiken",
        "Korta kurser i elsäkerhet och behörigheter för installatörer.",
        2019,
        18,
        ("7411", "7412", "7413"),
        ("electrical_safety", "electrical_authorisation", "electrical_installation"),
    ),
    (
        "research",
        "Flexibla elnät i Mälardalen",
        "Forskningsprojekt om efterfrågeflexibilitet och nätplanering.",
        2022,
        36,
        ("2143",),
        ("flexibility_smart_grids", "grid_planning", "electricity_grids", "electricity_markets"),
    ),
    (
        "research",
        "Batterilager i industrin",
        "Tillämpad forskning om batterisystem och effektutjämning.",
        2024,
        30,
        ("2143", "2149"),
        ("battery_systems", "battery_cells", "power_electronics"),
    ),
    (
        "outreach",
        "Energiveckan för gymnasiet",
        "Studiebesök och prao för gymnasieelever hos regionens energiföretag.",
        2019,
        12,
        ("3113", "7411"),
        (),
    ),
    (
        "outreach",
        "Tjejer i elteknik",
        "Uppsökande insats för att fler kvinnor ska välja elteknik.",
        2022,
        24,
        ("3113", "2143"),
        (),
    ),
    (
        "outreach",
        "Skolkampanj Framtidens energi",
        "Skolbesök i årskurs 8–9 om yrken i energisektorn.",
        2026,
        12,
        ("7411", "3113", "8191"),
        (),
    ),
    (
        "recruitment_campaign",
        "Gemensam rekrytering av elektriker",
        "Gemensam annonsering och mässa för elektriker och elmontörer.",
        2021,
        9,
        ("7411", "7412"),
        ("electrical_installation", "electrical_authorisation"),
    ),
    (
        "recruitment_campaign",
        "Rekrytering av drifttekniker 2025",
        "Samordnad rekrytering av drifttekniker till kraftvärmeverk.",
        2025,
        10,
        ("8191",),
        ("chp_thermal", "district_heating"),
    ),
    (
        "research",
        "Vätgas i regionens industri",
        "Förstudie om vätgasproduktion och kompetensbehov.",
        2026,
        24,
        ("2149", "3115"),
        ("hydrogen", "electrification"),
    ),
)


def _project_participants(
    kind: str,
    rng: random.Random,
    companies: Sequence[_Org],
    academia: Sequence[_Org],
    public: Sequence[_Org],
    providers: Sequence[_Org],
) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    lead_pool = {
        "research": academia or public,
        "education_programme": providers or academia,
        "upskilling": public or academia,
        "outreach": public or providers,
        "recruitment_campaign": companies,
    }[kind]
    lead = rng.choice(list(lead_pool))
    out.append((lead.org_number, "lead"))
    if kind in {"education_programme", "upskilling"} and providers:
        provider = rng.choice(list(providers))
        if provider.org_number != lead.org_number:
            out.append((provider.org_number, "provider"))
    if public:
        funder = rng.choice(list(public))
        if funder.org_number != lead.org_number:
            out.append((funder.org_number, "funder"))
    size = {"research": (3, 6), "outreach": (3, 7), "recruitment_campaign": (4, 9)}.get(
        kind, (6, 14)
    )
    used = {number for number, _role in out}
    for company in rng.sample(list(companies), min(len(companies), rng.randint(*size))):
        if company.org_number in used:
            continue
        used.add(company.org_number)
        role = "partner" if kind in {"research", "recruitment_campaign"} else "participant"
        out.append((company.org_number, role))
    return out


def _add_months(day: date, months: int) -> date:
    year, month = divmod(day.month - 1 + months, 12)
    return date(day.year + year, month + 1, min(day.day, 28))


def generate_collaboration(
    seed: int,
    organisations: Sequence[_Org],
    *,
    providers: Sequence[str] = (),
    today: date = DEFAULT_TODAY,
) -> CollaborationDemo:
    """Fictional projects (all five kinds, 2019–2026), meetings and training efforts.

    ``organisations`` are the demo's (``org_number``, ``name``, ``kind``); ``providers`` names
    of education providers (the ``programmes`` dataset's ``provider``) — the organisations with
    those names provide the education. ``today`` decides the projects' status and which open
    actions are overdue.
    """
    rng = random.Random(f"collaboration:{seed}")
    orgs = sorted(organisations, key=lambda o: o.org_number)
    companies = [o for o in orgs if o.kind == "company"]
    academia = [o for o in orgs if o.kind in {"academia", "institute"}]
    public = [o for o in orgs if o.kind in {"public_actor", "authority"}]
    provider_names = set(providers)
    provider_orgs = [o for o in orgs if o.name in provider_names] or academia
    if len(companies) < 10:
        raise ValueError("the collaboration demo needs at least ten companies")

    projects: list[DemoProject] = []
    for i, (kind, title, description, year, months, codes, skills) in enumerate(_PROJECT_PLAN):
        starts_on = date(year, rng.randint(1, 10), 1)
        ends_on = _add_months(starts_on, months) - timedelta(days=1)
        cancelled = kind == "recruitment_campaign" and year == 2025
        status = _status(starts_on, ends_on, today, cancelled)
        results = ""
        if status == "completed":
            results = rng.choice(
                (
                    "Målen uppnåddes; flera deltagare har gått vidare till nya roller.",
                    "Utbildningen fick fler sökande än platser; fortsättning planeras.",
                    "Slutrapport inlämnad till finansiären.",
                )
            )
        elif status == "cancelled":
            results = "Avbröts: för få deltagande företag."
        projects.append(
            DemoProject(
                key=f"p{i + 1:02d}",
                title=title,
                kind=kind,
                starts_on=starts_on,
                ends_on=ends_on,
                budget_sek=rng.randrange(400_000, 12_000_000, 50_000),
                funders=", ".join(rng.sample(_FUNDERS, rng.randint(1, 2))),
                status=status,
                description=description + " Fiktivt projekt i ECC Atlas demodata.",
                results=results,
                public=i % 3 != 2,
                occupations=codes,
                skills=skills,
                participants=tuple(
                    _project_participants(kind, rng, companies, academia, public, provider_orgs)
                ),
            )
        )

    meetings = _meetings(rng, projects, companies, academia + public, today)
    efforts = _efforts(rng, projects, companies, provider_orgs)
    return CollaborationDemo(projects=projects, meetings=meetings, efforts=efforts)


def _meetings(
    rng: random.Random,
    projects: Sequence[DemoProject],
    companies: Sequence[_Org],
    others: Sequence[_Org],
    today: date,
) -> list[DemoMeeting]:
    topics = (
        ("round_table", "Rundabordssamtal om kompetensförsörjning", "Bristyrken och rekrytering"),
        ("meeting", "Avstämning med elnätsbolagen", "Rekryteringsbehov de kommande tre åren"),
        ("workshop", "Workshop om utbildningsutbud", "Vilka utbildningar saknas i länet?"),
        ("round_table", "Energirådets rundabord", "Nya kompetenser i omställningen"),
        ("meeting", "Möte med yrkeshögskolan", "Underlag för ny YH-ansökan"),
    )
    actions_pool = (
        "Ta fram underlag om elkraftingenjörer till nästa möte",
        "Bjuda in fler företag till kompetenslyftet",
        "Undersöka intresset för en gemensam rekryteringsmässa",
        "Skicka enkätlänken till medlemsföretagen",
        "Kontakta yrkeshögskolan om en ny kurs i reläskydd",
        "Sammanställa praktikplatser för gymnasieelever",
        "Boka studiebesök på kraftvärmeverket",
        "Följa upp finansiering hos regionen",
    )
    owners = ("Anna Lindqvist", "Erik Johansson", "Sara Nyström", "Johan Berg", "Maria Holm")
    outcomes = (
        "Klart; underlaget presenterades vid nästa rundabord.",
        "Genomfört; sex nya företag anmälde sig.",
        "Klart; ledde till projektet i projektlistan.",
        "Genomfört enligt plan.",
    )
    # about one meeting a quarter from 2019 to the reference date, plus two ahead
    dates: list[date] = []
    day = date(2019, 2, 1)
    while day <= today + timedelta(days=45):
        dates.append(day + timedelta(days=rng.randint(0, 40)))
        day = _add_months(day, 3)
    out: list[DemoMeeting] = []
    for n, when in enumerate(dates):
        kind, title, topic = topics[n % len(topics)]
        live = [p for p in projects if p.starts_on <= when + timedelta(days=180)]
        project = rng.choice(live) if live and rng.random() < 0.6 else None
        pool = [*rng.sample(list(companies), rng.randint(3, 7)), *rng.sample(list(others), 2)]
        participants = tuple(sorted((o.org_number, rng.randint(1, 3)) for o in pool))
        shown = tuple(rng.sample(_PAGES, rng.randint(1, 3)))
        actions: list[DemoAction] = []
        for _ in range(rng.randint(1, 3)):
            due_on = when + timedelta(days=rng.choice((14, 30, 45, 60, 90)))
            description = rng.choice(actions_pool)
            owner = rng.choice(owners)
            age = (today - when).days
            if age > 300:
                # long past: closed, mostly done
                dropped = rng.random() < 0.15
                closed_on = due_on + timedelta(days=rng.randint(-10, 20))
                actions.append(
                    DemoAction(
                        description=description,
                        owner_name=owner,
                        due_on=due_on,
                        status="dropped" if dropped else "done",
                        closed_on=closed_on,
                        outcome="Inaktuellt efter beslut i styrgruppen."
                        if dropped
                        else rng.choice(outcomes),
                    )
                )
            else:
                actions.append(
                    DemoAction(
                        description=description,
                        owner_name=owner,
                        due_on=due_on,
                        status="open",
                        closed_on=None,
                        outcome="",
                    )
                )
        # the latest past meetings always have one overdue and one upcoming open action
        if 0 < (today - when).days <= 300:
            actions.append(
                DemoAction(
                    "Återkoppla till deltagarna med mötesanteckningar",
                    rng.choice(owners),
                    today - timedelta(days=rng.randint(3, 20)),
                    "open",
                    None,
                    "",
                )
            )
            actions.append(
                DemoAction(
                    "Förbereda nästa rundabord",
                    rng.choice(owners),
                    today + timedelta(days=rng.randint(10, 60)),
                    "open",
                    None,
                    "",
                )
            )
        past = when <= today
        out.append(
            DemoMeeting(
                key=f"m{n + 1:02d}",
                date=when,
                title=f"{title} {when.year}",
                kind=kind,
                topic=topic,
                analyses_shown=shown,
                decisions=(
                    rng.choice(
                        (
                            "Ta fram en gemensam utbildningsinsats.",
                            "Fortsätta dialogen efter nästa enkät.",
                            "Lyfta bristen på elkrafttekniker till regionen.",
                        )
                    )
                    if past
                    else ""
                ),
                notes="Fiktiva mötesanteckningar (demodata).",
                project_key=project.key if project else None,
                participants=participants,
                actions=tuple(actions) if past else (),
            )
        )
    return out


def _efforts(
    rng: random.Random,
    projects: Sequence[DemoProject],
    companies: Sequence[_Org],
    providers: Sequence[_Org],
) -> list[DemoEffort]:
    courses = (
        ("Elsäkerhet enligt ESA", ("7411", "7412"), 16),
        ("Högspänningsteknik grund", ("3113", "7412"), 40),
        ("Reläskydd", ("3113", "2143"), 24),
        ("Drift av fjärrvärmenät", ("3114", "8212"), 32),
        ("Solcellsinstallation", ("7411",), 24),
        ("Ledarskap för arbetsledare", ("3113", "3114"), 16),
        ("Vindkraftsservice", ("7233",), 40),
        ("Batterisystem och lagring", ("2149", "8212"), 24),
        ("Elkraftberäkningar", ("2143",), 32),
        ("Arbete på väg och ledningsnät", ("7412",), 8),
    )
    by_key = {p.key: p for p in projects}
    programme = by_key["p01"]
    # the regional programme's companies: a few tens
    pool = rng.sample(list(companies), min(len(companies), 30))
    plan: list[tuple[DemoProject | None, Sequence[_Org], int]] = [
        (programme, pool, 150),
        (by_key["p03"], rng.sample(list(companies), 10), 14),
        (by_key["p04"], rng.sample(list(companies), 12), 18),
        (None, rng.sample(list(companies), 8), 6),
    ]
    out: list[DemoEffort] = []
    for project, firms, count in plan:
        start = project.starts_on if project else date(2022, 1, 1)
        end = project.ends_on if project and project.ends_on else date(2026, 6, 30)
        span = max((end - start).days - 30, 1)
        for _ in range(count):
            title, codes, hours = rng.choice(courses)
            starts_on = start + timedelta(days=rng.randint(0, span))
            ends_on = starts_on + timedelta(days=rng.randint(1, 30))
            provider = rng.choice(list(providers)) if providers else None
            participations: list[DemoTrainingParticipation] = []
            for firm in rng.sample(list(firms), rng.randint(1, 3)):
                ssyk = rng.choice(codes)
                people = rng.randint(1, 6)
                women = sum(rng.random() < 0.22 for _ in range(people))
                completed = sum(rng.random() < 0.88 for _ in range(people))
                participations.append(
                    DemoTrainingParticipation(
                        org_number=firm.org_number,
                        ssyk=ssyk,
                        women=women,
                        men=people - women,
                        hours=people * hours,
                        completed=completed,
                    )
                )
            out.append(
                DemoEffort(
                    key=f"e{len(out) + 1:03d}",
                    project_key=project.key if project else None,
                    title=f"{title} {starts_on:%Y-%m}",
                    provider=provider.org_number if provider else None,
                    starts_on=starts_on,
                    ends_on=ends_on,
                    hours_per_participant=hours,
                    occupations=tuple(sorted(codes)),
                    participations=tuple(
                        sorted(participations, key=lambda p: (p.org_number, p.ssyk))
                    ),
                )
            )
    return out

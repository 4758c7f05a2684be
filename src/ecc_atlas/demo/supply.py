"""Education supply and employers' hiring plans of the demo.

``programmes``: education programmes in the region (a fictional university, a fictional
vocational college and two upper-secondary schools) with places, graduates, the
occupation they lead to and the share of graduates who stay in the region.

``hiring_plans``: the answers of a 2024 employer survey (about 60 % of the included
companies answer) per occupation with a five-year horizon. Employers plan for more
growth than the sector's history shows, as employers in such surveys tend to.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["PROGRAMMES", "SURVEY_YEAR", "hiring_plans", "programmes"]

SURVEY_YEAR = 2024
HORIZON_YEARS = 5
RESPONSE_RATE = 0.6
#: Mean and spread of the planned yearly net growth per respondent.
PLANNED_GROWTH = (0.05, 0.025)

UNI, YH, GY1, GY2 = (
    "Aroshögskolan",
    "Kraftcentrum Yrkeshögskola",
    "Vallbygymnasiet",
    "Bergslagsgymnasiet",
)

# fmt: off
#: (provider, programme, level, SUN level, kommun, places 2015, places 2024, completion,
#:  SSYK, retention share in the region)
PROGRAMMES: tuple[tuple[str, str, str, str, str, int, int, float, str, float], ...] = (
    (UNI, "Civilingenjörsprogrammet i energisystem", "university", "6", "1980",
     45, 60, 0.65, "2143", 0.45),
    (UNI, "Civilingenjörsprogrammet i robotik", "university", "6", "1980",
     40, 50, 0.65, "2149", 0.40),
    (UNI, "Högskoleingenjörsprogrammet i elektroteknik", "university", "6", "1980",
     50, 55, 0.60, "2143", 0.50),
    (UNI, "Högskoleingenjörsprogrammet i maskinteknik", "university", "6", "1980",
     40, 40, 0.60, "2144", 0.45),
    (UNI, "Masterprogrammet i elkraftteknik", "university", "6", "1980",
     25, 35, 0.75, "2143", 0.35),
    (UNI, "Forskarutbildning i energi- och miljöteknik", "doctoral", "7", "1980",
     8, 12, 0.80, "2143", 0.55),
    (UNI, "Forskarutbildning i inbyggda system och robotik", "doctoral", "7", "1980",
     6, 8, 0.80, "2149", 0.50),
    (YH, "Elkraftingenjör", "yh", "5", "1980", 35, 45, 0.80, "3113", 0.80),
    (YH, "Automationstekniker", "yh", "5", "1983", 30, 35, 0.78, "3113", 0.80),
    (YH, "Drifttekniker kraft- och värmeverk", "yh", "5", "1980", 24, 30, 0.80, "8191", 0.75),
    (YH, "Elnätstekniker", "yh", "5", "1980", 25, 35, 0.82, "7413", 0.80),
    (YH, "Underhållstekniker inom industrin", "yh", "5", "1983", 20, 25, 0.80, "7233", 0.75),
    (GY1, "El- och energiprogrammet, elteknik", "upper_secondary", "4", "1980",
     64, 72, 0.80, "7411", 0.70),
    (GY1, "El- och energiprogrammet, automation", "upper_secondary", "4", "1980",
     32, 32, 0.78, "7412", 0.70),
    (GY1, "El- och energiprogrammet, energiteknik", "upper_secondary", "4", "1980",
     16, 20, 0.75, "8191", 0.65),
    (GY1, "Teknikprogrammet, produktionsteknik", "upper_secondary", "4", "1980",
     30, 30, 0.80, "3113", 0.30),
    (GY2, "El- och energiprogrammet, elteknik", "upper_secondary", "4", "1982",
     32, 24, 0.75, "7411", 0.60),
    (GY2, "Industritekniska programmet", "upper_secondary", "4", "1982",
     24, 24, 0.70, "8212", 0.60),
)

#: How hard employers find it to recruit, per occupation (1 = no difficulty … 5 = very hard).
DIFFICULTY: dict[str, int] = {
    "2143": 5, "3113": 5, "7411": 4, "7412": 4, "7413": 5, "8191": 4, "2144": 3, "2149": 4,
    "3114": 3, "2512": 4, "1341": 3, "1342": 3, "7233": 4, "7126": 4, "7125": 3,
}
# fmt: on


def programmes(rng: np.random.Generator, years: list[int]) -> pa.Table:
    """``provider, programme, level, sun_level, kommun_code, year, places, graduates, ssyk,
    retention_share`` — one row per programme and year.

    Places move linearly from 2015 to 2024; graduates are places × completion rate with
    ±10 % yearly noise (a steady-state simplification: no lag by programme length).
    """
    rows = []
    span = years[-1] - years[0]
    for provider, name, level, sun, kommun, p0, p1, completion, ssyk, retention in PROGRAMMES:
        for year in years:
            places = round(p0 + (p1 - p0) * (year - years[0]) / span)
            graduates = round(places * completion * rng.uniform(0.9, 1.1))
            share = round(min(max(retention + rng.normal(0.0, 0.03), 0.05), 0.95), 2)
            rows.append((provider, name, level, sun, kommun, year, places, graduates, ssyk, share))
    rows.sort(key=lambda r: (r[0], r[1], r[5]))
    names = [
        "provider",
        "programme",
        "level",
        "sun_level",
        "kommun_code",
        "year",
        "places",
        "graduates",
        "ssyk",
        "retention_share",
    ]
    types = [pa.string()] * 5 + [pa.int32(), pa.int64(), pa.int64(), pa.string(), pa.float64()]
    return pa.table(
        {
            n: pa.array([r[i] for r in rows], t)
            for i, (n, t) in enumerate(zip(names, types, strict=True))
        }
    )


def hiring_plans(
    workforce: pa.Table,
    respondents_pool: list[str],
    rng: np.random.Generator,
    *,
    members: frozenset[str] = frozenset(),
) -> pa.Table:
    """``org_number, survey_year, ssyk, horizon_years, planned_hires, planned_net_change,
    recruitment_difficulty`` from about 60 % of the included companies.

    ``members`` (the large member companies) always answer; the others answer at random.

    Each respondent answers for its largest occupations (at most eight) from its own
    2024 headcount: a planned yearly net growth drawn around 5 % (a few plan to shrink)
    and replacement hires at 8–14 % a year.
    """
    pool = sorted(respondents_pool)
    draws = rng.random(len(pool))
    others = max(len(pool) - len(members), 1)
    rate = max(RESPONSE_RATE * len(pool) - len(members), 0) / others
    chosen = [o for o, u in zip(pool, draws, strict=True) if o in members or u < rate]
    wanted = set(chosen)
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    rows_2024 = workforce.filter(pc.equal(workforce["year"], SURVEY_YEAR))
    for org, ssyk, n in zip(
        rows_2024["org_number"].to_pylist(),
        rows_2024["ssyk"].to_pylist(),
        rows_2024["employees"].to_pylist(),
        strict=True,
    ):
        if org in wanted:
            counts[org][ssyk] += int(n)
    rows = []
    for org in chosen:
        growth = rng.normal(*PLANNED_GROWTH)
        top = sorted(counts[org].items(), key=lambda kv: (-kv[1], kv[0]))[:8]
        for ssyk, employees in sorted(top):
            net = round(employees * HORIZON_YEARS * growth * rng.uniform(0.7, 1.3))
            replacement = round(employees * HORIZON_YEARS * rng.uniform(0.08, 0.14))
            hires = max(net, 0) + replacement
            base = DIFFICULTY.get(ssyk, 2)
            difficulty = int(np.clip(base + rng.integers(-1, 2), 1, 5))
            rows.append((org, ssyk, hires, net, difficulty))
    return pa.table(
        {
            "org_number": pa.array([r[0] for r in rows], pa.string()),
            "survey_year": pa.array([SURVEY_YEAR] * len(rows), pa.int32()),
            "ssyk": pa.array([r[1] for r in rows], pa.string()),
            "horizon_years": pa.array([HORIZON_YEARS] * len(rows), pa.int32()),
            "planned_hires": pa.array([r[2] for r in rows], pa.int64()),
            "planned_net_change": pa.array([r[3] for r in rows], pa.int64()),
            "recruitment_difficulty": pa.array([r[4] for r in rows], pa.int64()),
        }
    )

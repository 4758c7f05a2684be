"""The Västmanland demo dataset: seeded, documented, reproducible — and synthetic.

``generate(seed)`` builds everything the product needs to run without real data:
registry records (organisations, workplaces, delimitation decisions) and the warehouse
datasets of the contract (``workforce``, ``workforce_flows``, ``county_sector``,
``county_exports``, ``programmes``, ``hiring_plans``; ``population`` is the bundled
reference table). The function is pure: it writes no files and touches no database.

**What is simulated.** About 135 fictional companies — large power-equipment,
robotics and rail-traction manufacturers in Västerås, utilities, grid companies,
consultancies, installers and a long tail of small firms — with workplaces in the ten
kommuner of Västmanland, plus 26 screened candidates that analysts excluded (with
reasons), one company that enters the sector (2019), one that leaves it (2020), firms
founded and closed during the decade, and non-company actors (a university, a vocational
college, schools, public actors). A **person-level panel** (numpy) follows every
employee from the end of 2014 to 2024: employer, workplace kommun, occupation (SSYK 2012),
education (SUN 2020), birth year, gender, origin and part-time factor; everybody gets a
year older each year, leaves by retirement (mostly at 63–67), death or turnover, and
employers hire up to their yearly headcount. Persons are aggregated to register-style
cells and flows and then discarded.

**What is calibrated** (computed from the records, never hard-coded in the analyses):
Västmanland's delimited sector has ≈ 11,000 employees and ≈ 10,000 full-year equivalents
in 2024 (+1.5 %/year since 2015), 350–450 PhD-educated employees, about 23 % women (no
segment gender-balanced) who are on average more highly educated, a mean age of about
44 that rises slowly while the 45–49 band grows, a rising share with three or more years
of post-secondary education, separations of 12–15 % a year, and employer plans that
together with them imply about 2,000 recruitments a year. The county tables make
Västmanland first of the 21 counties by location quotient and second by goods exports
per inhabitant (fourth in total, about 41,600 MSEK in 2015).

**What is not real.** Every organisation name, organisation number, person, plan and
figure is invented; only geography and classifications are real. Each dataset says so
(``synthetic`` in the warehouse manifest), and so does every figure built on it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ecc_atlas.demo.county import county_exports, county_sector
from ecc_atlas.demo.organisations import (
    FIRST_YEAR,
    LAST_YEAR,
    Decision,
    Organisation,
    Workplace,
    build_organisations,
)
from ecc_atlas.demo.simulate import simulate
from ecc_atlas.demo.supply import hiring_plans, programmes
from ecc_atlas.reference import population_table, segments

__all__ = [
    "DATASETS",
    "DEFAULT_SEED",
    "DESCRIPTIONS",
    "FIRST_YEAR",
    "LAST_YEAR",
    "Decision",
    "DemoData",
    "Organisation",
    "Workplace",
    "current_decisions",
    "generate",
]

DEFAULT_SEED = 20260101

#: Employers with at least this many employees are ECC members and answer the survey.
MEMBER_SIZE = 200

#: Warehouse datasets of the demo, in the order they are written.
DATASETS: tuple[str, ...] = (
    "workforce",
    "workforce_flows",
    "county_sector",
    "county_exports",
    "population",
    "programmes",
    "hiring_plans",
)

#: What each dataset is, for the warehouse manifest.
DESCRIPTIONS: dict[str, str] = {
    "workforce": "Register-style cells: employees and full-year equivalents per organisation, "
    "year, kommun, SSYK, SUN level, age band, gender and origin (synthetic).",
    "workforce_flows": "Hires, separations and retirements per organisation, year, kommun and "
    "SSYK (synthetic; separations include retirements).",
    "county_sector": "Energy-sector and total employees per county and year, company-based "
    "delimitation (synthetic; Västmanland computed from the demo registry).",
    "county_exports": "Goods exports per county and year, MSEK (synthetic).",
    "population": "Population per county and kommun at 31 December (approximate reference).",
    "programmes": "Education programmes in the region: places, graduates, target occupation "
    "and retention (synthetic).",
    "hiring_plans": "Employer survey 2024: planned hires and net change per occupation over "
    "five years (synthetic).",
}


@dataclass(frozen=True)
class DemoData:
    """Everything :func:`generate` produces (registry records and warehouse tables)."""

    seed: int
    organisations: list[Organisation]
    workplaces: list[Workplace]
    decisions: list[Decision]
    workforce: pa.Table
    workforce_flows: pa.Table
    county_sector: pa.Table
    county_exports: pa.Table
    programmes: pa.Table
    hiring_plans: pa.Table

    @property
    def population(self) -> pa.Table:
        """The bundled reference population (approximate, not synthetic)."""
        return population_table()

    @property
    def classification_version(self) -> str:
        """Version of the segment classification the decisions use."""
        return segments().version

    def datasets(self) -> dict[str, pa.Table]:
        """The warehouse datasets by name, in :data:`DATASETS` order."""
        return {name: getattr(self, name) for name in DATASETS}


def current_decisions(decisions: list[Decision]) -> pa.Table:
    """The latest decision per organisation and year, as the registry's
    ``decisions_table()``: ``org_number, year (int32), included, segment``."""
    latest: dict[tuple[str, int], Decision] = {}
    for d in sorted(decisions, key=lambda d: d.decided_at):
        latest[(d.org_number, d.year)] = d
    keys = sorted(latest)
    return pa.table(
        {
            "org_number": pa.array([k[0] for k in keys], pa.string()),
            "year": pa.array([k[1] for k in keys], pa.int32()),
            "included": pa.array([latest[k].included for k in keys], pa.bool_()),
            "segment": pa.array([latest[k].segment for k in keys], pa.string()),
        }
    )


def _included_headcount(workforce: pa.Table, decisions: pa.Table) -> dict[int, int]:
    included = decisions.filter(decisions["included"]).select(["org_number", "year"])
    joined = workforce.join(included, ["org_number", "year"], join_type="inner")
    sums = joined.group_by("year").aggregate([("employees", "sum")])
    return {
        int(y): int(n)
        for y, n in zip(sums["year"].to_pylist(), sums["employees_sum"].to_pylist(), strict=True)
    }


def _large_employers(workforce: pa.Table, year: int, size: int) -> set[str]:
    rows = workforce.filter(pc.equal(workforce["year"], year))
    sums = rows.group_by("org_number").aggregate([("employees", "sum")])
    return {
        org
        for org, n in zip(
            sums["org_number"].to_pylist(), sums["employees_sum"].to_pylist(), strict=True
        )
        if n >= size
    }


def generate(seed: int = DEFAULT_SEED) -> DemoData:
    """Build the whole demo dataset from a seed (same seed → identical tables)."""
    streams = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(6)]
    orgs, places, decisions, sims = build_organisations(streams[0])
    result = simulate(sims, streams[1])
    years = list(range(FIRST_YEAR, LAST_YEAR + 1))
    current = current_decisions(decisions)
    sector = county_sector(_included_headcount(result.workforce, current), streams[2], years)
    included_2024 = current.filter(
        pc.and_(current["included"], pc.equal(current["year"], LAST_YEAR))
    )["org_number"].to_pylist()
    companies = {o.org_number for o in orgs if o.kind == "company"}
    big = _large_employers(result.workforce, LAST_YEAR, MEMBER_SIZE)
    plans = hiring_plans(
        result.workforce,
        [o for o in included_2024 if o in companies],
        streams[5],
        members=frozenset(big & set(included_2024)),
    )
    return DemoData(
        seed=seed,
        organisations=sorted(orgs, key=lambda o: o.org_number),
        workplaces=sorted(places, key=lambda w: (w.org_number, w.kommun_code, w.name)),
        decisions=sorted(decisions, key=lambda d: (d.org_number, d.year, d.decided_at)),
        workforce=result.workforce,
        workforce_flows=result.flows,
        county_sector=sector,
        county_exports=county_exports(streams[3], years),
        programmes=programmes(streams[4], years),
        hiring_plans=plans,
    )

"""The demo's organisations, workplaces and delimitation decisions (registry records).

Expands :mod:`ecc_atlas.demo.catalogue` into organisations with organisation numbers that
pass the Luhn check, yearly headcount targets for the simulation, and one delimitation
decision per organisation and year (plus one superseded decision, to show history).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from ecc_atlas.demo.catalogue import (
    EXCLUDED,
    KOMMUN_NAMES,
    NAMED,
    NON_COMPANIES,
    SMALL_FIRM_TYPES,
    SMALL_NAME_PARTS,
    OrgSpec,
)
from ecc_atlas.identifiers import luhn_check_digit
from ecc_atlas.reference import segments

__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "TARGET_HEADCOUNT",
    "Decision",
    "Organisation",
    "SimOrg",
    "Workplace",
    "build_organisations",
]

FIRST_YEAR = 2015
LAST_YEAR = 2024
#: Simulated years: the end of 2014 is the starting stock, 2015–2024 are observed.
YEARS = tuple(range(FIRST_YEAR - 1, LAST_YEAR + 1))

#: Headcount of the delimited sector in Västmanland that the simulation is steered to
#: (≈ +1.5 % a year); the full-year equivalents follow from part-time and part-year work.
TARGET_HEADCOUNT = {FIRST_YEAR: 9_650, LAST_YEAR: 11_000}

#: Where small firms are (weights per kommun code; Västerås dominates).
SMALL_FIRM_KOMMUNER: dict[str, float] = {
    "1980": 0.55, "1983": 0.08, "1981": 0.07, "1982": 0.06, "1961": 0.06, "1984": 0.05,
    "1907": 0.04, "1960": 0.03, "1962": 0.03, "1904": 0.03,
}  # fmt: skip

DECIDED_BY = "ECC analysgrupp (demo)"
SYNTHETIC_NOTE = "Fiktiv organisation i ECC Atlas demodata."


@dataclass(frozen=True)
class Organisation:
    """An organisation of the registry (fictional)."""

    org_number: str
    name: str
    kind: str
    sni_code: str
    segment: str | None
    rd_intensity: str
    export_class: str
    description: str


@dataclass(frozen=True)
class Workplace:
    """A workplace (arbetsställe) of an organisation in a kommun."""

    org_number: str
    name: str
    kommun_code: str


@dataclass(frozen=True)
class Decision:
    """A delimitation decision: is the organisation in the sector in that year, and why."""

    org_number: str
    year: int
    included: bool
    reason: str
    segment: str | None
    decided_at: str
    decided_by_name: str = DECIDED_BY


@dataclass
class SimOrg:
    """Simulation parameters of one organisation with employees."""

    org_number: str
    profile: str
    kommuner: tuple[str, ...]
    kommun_weights: tuple[float, ...]
    phd: float
    targets: np.ndarray
    small: bool = False
    included_years: set[int] = field(default_factory=set)


def _org_number(rng: np.random.Generator, prefix: str, used: set[str]) -> str:
    while True:
        body = prefix + "".join(str(d) for d in rng.integers(0, 10, 9 - len(prefix)))
        number = body + str(luhn_check_digit(body))
        if number not in used:
            used.add(number)
            return number


def _path(
    rng: np.random.Generator,
    size_2015: float,
    size_2024: float,
    *,
    founded: int = 0,
    closed: int = 0,
    dip: float = 0.0,
    noise: float = 0.01,
) -> np.ndarray:
    """Headcount targets for the years 2014–2024."""
    years = np.array(YEARS)
    if size_2015 <= 0 and not founded:
        return np.zeros(len(years))
    if founded:
        start = max(3.0, 0.12 * size_2024)
        ramp = (years - founded) / max(LAST_YEAR - founded, 1)
        values = np.where(years < founded, 0.0, start + (size_2024 - start) * ramp)
    else:
        end = size_2024 if not closed else size_2015 * 0.95 ** (closed - FIRST_YEAR)
        growth = (max(end, 1.0) / size_2015) ** (1 / (LAST_YEAR - FIRST_YEAR))
        values = size_2015 * growth ** (years - FIRST_YEAR)
        if closed:
            values = np.where(years >= closed, 0.0, values)
    wiggle = np.exp(rng.normal(0.0, noise, len(years)))
    wiggle[years == LAST_YEAR] = 1.0
    values = values * wiggle
    values[years == 2020] *= 1.0 - dip
    values[years == 2021] *= 1.0 - dip / 2
    return np.maximum(np.round(values), 0.0)


def _included_years(spec: OrgSpec, targets: np.ndarray) -> dict[int, bool]:
    years = {y: bool(t > 0) for y, t in zip(YEARS, targets, strict=True) if y >= FIRST_YEAR}
    exists = [y for y, alive in years.items() if alive] or list(range(FIRST_YEAR, LAST_YEAR + 1))
    if spec.included == "in":
        return dict.fromkeys(exists, True)
    if spec.included == "out":
        return dict.fromkeys(exists, False)
    if spec.included == "enter":
        return {y: y >= spec.switch_year for y in exists}
    return {y: y < spec.switch_year for y in exists}


def _decisions(spec: OrgSpec, number: str, years: dict[int, bool]) -> list[Decision]:
    seg = segments()
    out: list[Decision] = []
    for year, included in sorted(years.items()):
        when = f"{year + 1}-03-15T09:00:00+00:00"
        if included:
            name = seg.segment(spec.segment).name_sv.lower()
            reason = f"{spec.activity} (SNI {spec.sni}); ingår i segmentet {name}."
            out.append(Decision(number, year, True, reason, spec.segment, when))
        else:
            out.append(Decision(number, year, False, spec.other_reason + ".", None, when))
    if spec.included == "enter":
        # The first decision for the switch year was "excluded, under investigation";
        # a later one supersedes it (decisions are never edited away).
        first = Decision(
            number,
            spec.switch_year,
            False,
            "Under utredning: andelen energirelaterad tillverkning är oklar.",
            None,
            f"{spec.switch_year + 1}-02-01T09:00:00+00:00",
        )
        out.insert(0, first)
    return out


def _small_specs(rng: np.random.Generator) -> list[OrgSpec]:
    specs: list[OrgSpec] = []
    kommuner = list(SMALL_FIRM_KOMMUNER)
    weights = np.array(list(SMALL_FIRM_KOMMUNER.values()))
    for kind in SMALL_FIRM_TYPES:
        for stem in rng.permutation(SMALL_NAME_PARTS)[: kind.count]:
            lo, hi = kind.size_range
            size_2024 = math.exp(rng.uniform(math.log(lo), math.log(hi)))
            growth = rng.normal(0.012, 0.025)
            size_2015 = max(2.0, size_2024 / (1 + growth) ** 9)
            founded = int(rng.integers(2016, 2023)) if rng.random() < 0.08 else 0
            closed = int(rng.integers(2018, 2024)) if not founded and rng.random() < 0.04 else 0
            home = str(rng.choice(kommuner, p=weights / weights.sum()))
            places = [(home, 1.0, KOMMUN_NAMES[home])]
            if size_2024 > 20 and rng.random() < 0.3:
                other = str(rng.choice([k for k in kommuner if k != home]))
                places = [(home, 0.75, KOMMUN_NAMES[home]), (other, 0.25, KOMMUN_NAMES[other])]
            specs.append(
                OrgSpec(
                    name=f"{stem} {kind.word} AB",
                    kind="company",
                    sni=kind.sni,
                    segment=kind.segment,
                    profile=kind.profile,
                    size_2015=round(size_2015),
                    size_2024=round(size_2024),
                    workplaces=tuple(places),
                    rd="low",
                    export="none" if kind.segment != "manufacturing" else "some",
                    activity=kind.activity,
                    founded=founded,
                    closed=closed,
                )
            )
    return specs


def _excluded_specs(rng: np.random.Generator) -> list[OrgSpec]:
    specs = []
    for name, sni, profile, size, kommun, reason in EXCLUDED:
        size_2015 = round(size * rng.uniform(0.85, 1.15))
        specs.append(
            OrgSpec(
                name,
                "company",
                sni,
                "",
                profile,
                size_2015,
                size,
                ((kommun, 1.0, KOMMUN_NAMES[kommun]),),
                "low",
                "none",
                included="out",
                other_reason=reason,
            )
        )
    return specs


def _scale_small(orgs: list[SimOrg]) -> None:
    """Scale the small firms so that the sector hits the headcount targets in 2015 and 2024."""
    i15, i24 = YEARS.index(FIRST_YEAR), YEARS.index(LAST_YEAR)

    def included_total(index: int, small: bool) -> float:
        year = YEARS[index]
        return float(
            sum(o.targets[index] for o in orgs if o.small == small and year in o.included_years)
        )

    factors = []
    for index, year in ((i15, FIRST_YEAR), (i24, LAST_YEAR)):
        small = included_total(index, True)
        factors.append(max(TARGET_HEADCOUNT[year] - included_total(index, False), 0.0) / small)
    steps = np.linspace(factors[0], factors[1], len(YEARS) - 1)
    scale = np.concatenate([[factors[0]], steps])
    for org in orgs:
        if org.small:
            org.targets = np.round(org.targets * scale)


def build_organisations(
    rng: np.random.Generator,
) -> tuple[list[Organisation], list[Workplace], list[Decision], list[SimOrg]]:
    """All organisations, workplaces, decisions and the simulation parameters."""
    used: set[str] = set()
    orgs: list[Organisation] = []
    places: list[Workplace] = []
    decisions: list[Decision] = []
    sims: list[SimOrg] = []
    specs = [(s, False) for s in NAMED]
    specs += [(s, True) for s in _small_specs(rng)]
    specs += [(s, False) for s in _excluded_specs(rng)]
    for spec, small in specs:
        prefix = "559" if spec.founded >= 2016 else "556"
        number = _org_number(rng, prefix, used)
        targets = _path(
            rng,
            spec.size_2015,
            spec.size_2024,
            founded=spec.founded,
            closed=spec.closed,
            dip=spec.dip_2020,
        )
        years = _included_years(spec, targets)
        description = (
            f"{spec.activity}. {SYNTHETIC_NOTE}"
            if spec.activity
            else f"Screenad kandidat i branschavgränsningen (SNI {spec.sni}). {SYNTHETIC_NOTE}"
        )
        orgs.append(
            Organisation(
                number,
                spec.name,
                spec.kind,
                spec.sni,
                spec.segment or None,
                spec.rd,
                spec.export,
                description,
            )
        )
        short = spec.name.removesuffix(" AB")
        for kommun, _, place in spec.workplaces:
            places.append(Workplace(number, f"{short}, {place}", kommun))
        decisions.extend(_decisions(spec, number, years))
        if targets.sum() > 0:
            sims.append(
                SimOrg(
                    org_number=number,
                    profile=spec.profile,
                    kommuner=tuple(k for k, _, _ in spec.workplaces),
                    kommun_weights=tuple(w for _, w, _ in spec.workplaces),
                    phd=spec.phd,
                    targets=targets,
                    small=small,
                    included_years={y for y, inc in years.items() if inc},
                )
            )
    for name, kind, prefix, kommun, text in NON_COMPANIES:
        number = _org_number(rng, prefix, used)
        orgs.append(
            Organisation(
                number, name, kind, "", None, "unknown", "none", f"{text} {SYNTHETIC_NOTE}"
            )
        )
        places.append(Workplace(number, name, kommun))
    _scale_small(sims)
    return orgs, places, decisions, sims

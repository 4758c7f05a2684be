"""Synthetic job ads of the Västmanland energy sector, in Swedish and English (seeded).

``generate_job_ads(seed)`` writes the warehouse dataset ``job_ads`` (the schema of
:mod:`ecc_atlas.ingest.jobtech`) for the demo: about 3,800 ads 2019–2024 from the demo's
fictional employers (their names, organisation numbers and workplace kommuner), with a
headline, a structured description (company, tasks, "Vi söker dig som har", "Meriterande",
offer), an SSYK 2012 occupation and the publication dates. The skills asked for follow the
employer's kind and the occupation, and some change over time, so that the skill pages have
something to show: batteries, hydrogen, EV charging, flexibility and electrification rise;
nuclear picks up in 2023–24; district heating and PLC stay flat. Large employers write a
share of their ads in English. Every ad is invented.

:class:`AdComposer` writes one ad at a time; the benchmark generator
(``benchmarks/skills/make_ads.py``) uses it to write a million ads in the JobSearch format.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import pyarrow as pa

from ecc_atlas.demo.catalogue import NAMED
from ecc_atlas.demo.organisations import Organisation, Workplace

__all__ = [
    "DATASET",
    "DESCRIPTION",
    "EMPLOYER_KINDS",
    "AdComposer",
    "ComposedAd",
    "Employer",
    "demo_organisations",
    "employer_kind",
    "employers",
    "generate_job_ads",
    "jobsearch_record",
]

DATASET = "job_ads"
DESCRIPTION = (
    "Job ads of the demo's employers 2019–2024, Swedish and English (synthetic; "
    "ecc_atlas.demo.ads)."
)
FIRST_YEAR, LAST_YEAR = 2019, 2024

#: Skill: Swedish phrases; … | English phrases; … as an ad would write them (continuation
#: lines are indented).
_PHRASE_TABLE = """
high_voltage: högspänning; hög- och mellanspänning; högspänningsanläggningar | high voltage; HV
    and MV equipment; high-voltage systems
low_voltage: lågspänning; lågspänningsanläggningar | low voltage; low-voltage installations
power_engineering: elkraftteknik; elkraftsystem | power engineering; electric power systems
electricity_grids: elnät; distributionsnät; regionnätet | distribution grids; the power grid
grid_planning: nätplanering; nätberäkningar i PSS/E; lastflödesberäkningar | grid planning;
    power system studies in PowerFactory; load flow studies
grid_operations: driftcentralen; kopplingsprogram | grid operations; switching programmes
substations: ställverk; transformatorstationer; nätstationer | substations; switchgear;
    gas-insulated switchgear
relay_protection: reläskydd; selektivplaner; skyddsreläer | relay protection; protection relays;
    protection settings
hvdc_facts: HVDC; seriekompensering | HVDC; FACTS and STATCOM
power_transformers: krafttransformatorer; transformatorer | power transformers; transformer
    design
power_lines_cables: kabelförläggning; luftledningar; kabelskarvning | cable jointing; overhead
    lines
power_electronics: kraftelektronik; omriktare | power electronics; converter control; IGBT-based
    converters
electric_drives: frekvensomriktare; elektriska drivsystem | variable speed drives; electric
    drives
electrical_machines: elmotorer; generatorer | electric motors; generators
electronics_design: elektronikkonstruktion; kretskortsdesign | electronics design; PCB design
plc: PLC-programmering; PLC; TIA Portal | PLC programming; PLC; TwinCAT
scada_dcs: SCADA; styrsystemet 800xA | SCADA; DCS
control_engineering: reglerteknik | control engineering; control theory
industrial_automation: automation; industriautomation | industrial automation; automation
robotics: robotprogrammering; industrirobotar; RobotStudio | robot programming; industrial
    robots; robotics
industrial_communication: Profinet; fältbussar | Profinet; OPC UA
machine_functional_safety: maskinsäkerhet; funktionell säkerhet | machine safety; functional
    safety
battery_cells: battericeller; litiumjon; katodmaterial | battery cells; lithium-ion cell
    chemistry; cathode materials
battery_systems: batterisystem; energilager; batterimoduler | battery systems; battery energy
    storage; battery packs
hydrogen: vätgas; elektrolysörer | hydrogen; electrolysers
nuclear_power: kärnbränsle; kärnkraft; reaktorfysik | nuclear fuel; nuclear power; fuel
    assemblies
nuclear_safety: strålskydd; kärnsäkerhet | nuclear safety; radiation protection
hydropower: vattenkraft | hydropower
wind_power: vindkraft; vindkraftverk | wind power; wind turbines
solar_power: solcellsanläggningar; solceller | solar PV; photovoltaic systems
chp_thermal: kraftvärmeverk; ångturbiner | combined heat and power; steam turbines
district_heating: fjärrvärme; fjärrvärmenätet; undercentraler | district heating
heat_pumps: värmepumpar; bergvärme | heat pumps
refrigeration: kylteknik; köldmedia | refrigeration
hvac_building_automation: VVS; ventilation | HVAC; building automation
electrical_safety: ESA; elsäkerhet; SS-EN 50110 | electrical safety; ESA
electrical_authorisation: auktorisation AL; elbehörighet | electrical installer authorisation
electrical_installation: elinstallationer; elinstallation | electrical installation
electrical_design: elkonstruktion; elprojektering; EPLAN | electrical design; EPLAN
rail_traction: traktionssystem; spårfordon | traction systems; rolling stock; propulsion systems
railway_electrification: kontaktledning; banmatning | catenary; traction power supply
railway_signalling: signalteknik; ERTMS | railway signalling; ETCS
energy_efficiency: energieffektivisering; energikartläggningar | energy efficiency; energy
    audits
ev_charging: laddinfrastruktur; laddstationer | EV charging; charging infrastructure
flexibility_smart_grids: flexibilitetsmarknader; stödtjänster | demand response; ancillary
    services
electricity_markets: elmarknaden; elhandel | electricity markets; power trading
electrification: elektrifiering | electrification
commissioning_testing: idrifttagning; driftsättning | commissioning; site acceptance tests
condition_monitoring: tillståndsövervakning; vibrationsanalys | condition monitoring
"""
#: SSYK: Swedish titles; … | English titles; … | Swedish occupation label.
_OCCUPATION_TABLE = """
2143: Elkraftingenjör; Utvecklingsingenjör el; Systemingenjör elkraft | Electrical Power
    Engineer; Power Systems Engineer; Electrical Engineer | Civilingenjör, elkraft
3113: Elingenjör; Eltekniker; Drifttekniker el | Electrical Technician; Field Service Engineer |
    Elingenjör
2144: Maskiningenjör; Konstruktör | Mechanical Engineer; Design Engineer | Civilingenjör, maskin
2149: Systemingenjör; Projektingenjör | Systems Engineer; Project Engineer | Civilingenjör
2145: Processingenjör; Materialingenjör | Process Engineer; Materials Engineer | Civilingenjör,
    kemiteknik
2111: Reaktorfysiker; Säkerhetsanalytiker | Reactor Physicist; Safety Analyst | Fysiker
3114: Maskintekniker; Underhållstekniker | Maintenance Technician | Maskintekniker
7411: Installationselektriker; Elektriker | Electrician | Installationselektriker
7412: Industrielektriker; Automationselektriker | Industrial Electrician | Industrielektriker
7413: Distributionselektriker; Nätmontör | Line Technician | Distributionselektriker
7126: Kyl- och värmepumpstekniker; Servicetekniker värmepump | Heat Pump Technician | Kyl- och
    värmepumpstekniker
8191: Drifttekniker värmeverk; Driftoperatör | Plant Operator | Drifttekniker, värmeverk
8212: Montör; Elmontör | Assembly Operator | Montör, elektrisk utrustning
2512: Mjukvaruutvecklare; Systemutvecklare | Software Developer; Software Engineer |
    Mjukvaruutvecklare
2412: Controller; Ekonom | Financial Controller | Controller
"""
#: Employer kind (share of ads in English): SSYK:weight … | skill:weight …
_KIND_TABLE = """
power_equipment (0.35): 2143:4 3113:3 8212:2 2144:1 2512:1 2412:0.3 | high_voltage:3
    hvdc_facts:2 power_transformers:3 power_electronics:2 commissioning_testing:2
    electrical_design:1 relay_protection:1 electrical_safety:1 substations:1
machines_drives (0.25): 2143:3 3113:2 8212:2 2144:2 | electrical_machines:4 electric_drives:3
    power_electronics:2 control_engineering:1 electrification:1 commissioning_testing:1
power_electronics (0.4): 2143:4 3113:2 2512:1 | power_electronics:5 electronics_design:2
    control_engineering:2 battery_systems:1 electrification:1 flexibility_smart_grids:1
switchgear (0.15): 2143:2 3113:2 8212:3 | substations:5 high_voltage:3 low_voltage:1
    electrical_safety:1 commissioning_testing:1
robotics (0.45): 2143:2 2144:3 2512:3 3113:2 | robotics:5 plc:2 control_engineering:2
    machine_functional_safety:2 industrial_communication:1 industrial_automation:2
rail (0.35): 2143:3 2144:2 3113:2 2512:1 | rail_traction:5 power_electronics:2
    railway_signalling:1 railway_electrification:1 electric_drives:1 commissioning_testing:1
battery (0.5): 2145:3 3113:2 8212:3 2143:1 | battery_cells:4 battery_systems:4
    electrical_safety:1 industrial_automation:1
grid (0.05): 7413:4 3113:3 2143:2 2412:0.3 | electricity_grids:4 substations:2
    power_lines_cables:2 electrical_safety:3 grid_planning:1 grid_operations:1 high_voltage:2
    relay_protection:1 flexibility_smart_grids:1 battery_systems:0.5 ev_charging:0.5
heat (0.02): 8191:4 3114:2 3113:1 2144:1 | district_heating:5 chp_thermal:3 scada_dcs:2
    electrical_safety:1 energy_efficiency:1 condition_monitoring:1
generation (0.1): 3113:2 7412:2 2143:1 | wind_power:2 solar_power:2 hydropower:2
    electrical_safety:1 scada_dcs:1 battery_systems:1
hydrogen (0.4): 2145:3 2149:2 3113:1 | hydrogen:5 electrification:2 power_electronics:1
    chp_thermal:1
nuclear (0.4): 2111:2 2145:2 2149:2 3113:1 8212:1 | nuclear_power:5 nuclear_safety:4
    condition_monitoring:1
consult_el (0.15): 2143:5 3113:2 | electrical_design:3 grid_planning:2 substations:2
    relay_protection:2 high_voltage:2 power_engineering:2 ev_charging:1 electrical_safety:1
consult_energy (0.05): 2149:3 3114:1 2144:1 | energy_efficiency:5 district_heating:2
    heat_pumps:2 solar_power:1 hvac_building_automation:2 flexibility_smart_grids:1 hydrogen:0.5
    ev_charging:0.5
consult_auto (0.1): 2143:2 3113:3 7412:1 | plc:5 scada_dcs:3 industrial_automation:3
    industrial_communication:2 electrical_design:1 robotics:1 commissioning_testing:1
installer (0.02): 7411:5 7412:3 3113:1 | electrical_installation:5 electrical_authorisation:2
    electrical_safety:3 ev_charging:2 solar_power:1 low_voltage:1 plc:1
hvac (0.02): 7126:4 7411:1 | heat_pumps:5 refrigeration:3 hvac_building_automation:3
    energy_efficiency:1
service (0.05): 3113:2 7412:3 3114:2 | electrical_machines:3 power_transformers:2
    condition_monitoring:3 substations:1 electrical_safety:2 electric_drives:1
grid_build (0.02): 7413:5 3113:1 | power_lines_cables:5 substations:2 electrical_safety:3
    electricity_grids:2 high_voltage:1
trade (0.05): 2412:2 2149:2 | electricity_markets:5 flexibility_smart_grids:2
    energy_efficiency:1
rnd (0.6): 2143:3 2145:2 2111:1 2149:2 | power_electronics:2 high_voltage:2 battery_cells:2
    battery_systems:2 hydrogen:1 hvdc_facts:1 flexibility_smart_grids:1 power_engineering:1
general (0.1): 3113:2 2149:1 7412:1 | industrial_automation:1 energy_efficiency:1
    electrical_safety:1 plc:1
"""


def _rows(table: str) -> list[str]:
    """The entries of a text table: one per line, indented lines continue the previous."""
    rows: list[str] = []
    for line in table.strip("\n").splitlines():
        if line.startswith(" ") and rows:
            rows[-1] += " " + line.strip()
        elif line.strip():
            rows.append(line.strip())
    return rows


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(";"))


def _weights(text: str) -> tuple[tuple[str, float], ...]:
    return tuple((item.split(":")[0], float(item.split(":")[1])) for item in text.split())


def _parse_phrases() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    out = {}
    for row in _rows(_PHRASE_TABLE):
        key, _, rest = row.partition(": ")
        sv, en = rest.split(" | ")
        out[key] = (_split(sv), _split(en))
    return out


def _parse_occupations() -> dict[str, tuple[tuple[str, ...], tuple[str, ...], str]]:
    out = {}
    for row in _rows(_OCCUPATION_TABLE):
        key, _, rest = row.partition(": ")
        sv, en, label = rest.split(" | ")
        out[key] = (_split(sv), _split(en), label.strip())
    return out


EmployerKind = tuple[tuple[tuple[str, float], ...], tuple[tuple[str, float], ...], float]


def _parse_kinds() -> dict[str, EmployerKind]:
    out = {}
    for row in _rows(_KIND_TABLE):
        head, _, rest = row.partition(": ")
        key, _, share = head.partition(" (")
        occupations, skills = rest.split(" | ")
        out[key] = (_weights(occupations), _weights(skills), float(share.rstrip(")")))
    return out


#: Skill → (Swedish phrases, English phrases).
PHRASES: Final = _parse_phrases()
#: SSYK → (Swedish titles, English titles, Swedish occupation label).
OCCUPATIONS: Final = _parse_occupations()
#: Employer kind → (occupations with weights, skills with weights, share of ads in English).
EMPLOYER_KINDS: Final = _parse_kinds()

#: Yearly multipliers (2019 → 2024) of how often employers of a kind advertise.
KIND_TRENDS: Final[dict[str, tuple[float, ...]]] = {
    "battery": (0.3, 0.5, 0.8, 1.2, 1.8, 3.2),
    "hydrogen": (0.0, 0.0, 0.4, 0.8, 1.3, 2.8),
    "power_electronics": (0.9, 0.9, 1.0, 1.2, 1.4, 1.5),
    "installer": (0.9, 0.9, 1.0, 1.1, 1.2, 1.3),
    "heat": (1.1, 1.0, 1.0, 1.0, 0.9, 0.9),
}
#: Yearly demand multipliers (2019 → 2024) of skills that move; the others stay at 1.
TRENDS: Final[dict[str, tuple[float, ...]]] = {
    "battery_cells": (0.4, 0.6, 0.9, 1.3, 1.7, 2.0),
    "battery_systems": (0.5, 0.7, 1.0, 1.3, 1.6, 1.9),
    "hydrogen": (0.15, 0.3, 0.6, 1.0, 1.4, 2.4),
    "ev_charging": (0.4, 0.6, 0.9, 1.2, 1.5, 2.4),
    "flexibility_smart_grids": (0.4, 0.5, 0.8, 1.0, 1.3, 2.2),
    "electrification": (0.6, 0.8, 1.0, 1.2, 1.5, 1.7),
    "power_electronics": (0.9, 0.95, 1.0, 1.1, 1.2, 1.3),
    "nuclear_power": (0.8, 0.8, 0.8, 0.9, 1.5, 1.8),
    "nuclear_safety": (0.8, 0.8, 0.8, 0.9, 1.4, 1.7),
    "solar_power": (0.6, 0.8, 1.0, 1.3, 1.4, 1.5),
    "chp_thermal": (1.1, 1.0, 1.0, 0.95, 0.9, 0.85),
}


_SV_INTRO = (
    "{name} {activity}. Vi är i en spännande tillväxtfas och söker nu en {title} "
    "till vårt team i {place}.",
    "Vill du vara med och driva energiomställningen? {name} {activity} och behöver "
    "förstärka organisationen i {place} med en {title}.",
    "Hos {name} i {place} arbetar vi i en organisation med stark drivkraft. "
    "Vi {activity} och söker nu en engagerad {title}.",
)
_EN_INTRO = (
    "{name} is growing and we are now looking for a {title} to join our team in {place}.",
    "Do you want to help accelerate the energy transition? At {name} you will work with "
    "colleagues from all over the world in {place}.",
)
_SV_FILL = (
    "Hos oss får du ett stimulerande arbete med korta beslutsvägar och stort eget ansvar.",
    "Vi arbetar aktivt med arbetsmiljö, mångfald och jämställdhet och ser gärna sökande med "
    "olika bakgrund.",
    "Tjänsten är placerad på vårt kontor men resor inom Mälardalen förekommer.",
    "Du blir en del av ett team på tolv personer där vi hjälper varandra och delar kunskap.",
    "Vi erbjuder friskvårdsbidrag, flexibla arbetstider och goda möjligheter till "
    "kompetensutveckling.",
    "Vi tillämpar provanställning om sex månader. Tillträde enligt överenskommelse.",
    "Inför rekryteringen har vi tagit ställning till rekryteringskanaler och undanber oss "
    "därför kontakt med annonsförsäljare.",
)
_EN_FILL = (
    "We offer a stimulating environment with great colleagues, flexible working hours and a "
    "wellness allowance.",
    "We value diversity and welcome applicants with different backgrounds and experiences.",
    "You will be part of a team of twelve people who share knowledge and help each other.",
    "The position is based at our office, and some travel within Europe may occur.",
)
_VERBS: Final = frozenset(
    (
        "tillverkar", "driver", "utvecklar", "bygger", "säljer", "producerar", "äger",
        "forskar", "reparerar", "installerar", "levererar",
    )
)  # fmt: skip
_NOUNS: Final = {"konsulter": "konsultuppdrag", "forskningsinstitut": "forskning"}
#: Employer kinds by SNI prefix, tried after the activity keywords of :func:`employer_kind`.
_BY_SNI: Final = (
    ("35.30", "heat"), ("35.12", "grid"), ("35.13", "grid"), ("35.11", "generation"),
    ("35.14", "trade"), ("46", "trade"), ("71.123", "consult_el"), ("71.124", "consult_energy"),
    ("71.122", "consult_auto"), ("43.21", "installer"), ("43.22", "hvac"), ("42.22", "grid_build"),
    ("33", "service"), ("28.1", "hvac"), ("28.2", "hvac"), ("72", "rnd"),
)  # fmt: skip
_BY_WORD: Final = (
    (("hvdc", "transformator"), "power_equipment"),
    (("frekvensomriktare", "elmotor", "generator"), "machines_drives"),
    (("kraftelektronik", "styrskåp"), "power_electronics"), (("robot",), "robotics"),
    (("spårfordon",), "rail"), (("batteri",), "battery"), (("vätgas",), "hydrogen"),
    (("kärn",), "nuclear"), (("laddstation",), "installer"), (("fjärrvärme",), "heat"),
)  # fmt: skip


@dataclass(frozen=True)
class Employer:
    """Who advertises: name, organisation number, kind (:data:`EMPLOYER_KINDS`), kommuner,
    and what it does (a Swedish verb phrase: "tillverkar elmotorer")."""

    name: str
    org_number: str | None
    kind: str
    kommuner: tuple[str, ...]
    activity: str = "arbetar inom energibranschen"


@dataclass(frozen=True)
class ComposedAd:
    """One written ad and the skills put into it (skill id → requirement or merit)."""

    headline: str
    text: str
    ssyk: str
    occupation_label: str
    lang: str
    skills: dict[str, str]


def employer_kind(sni: str, activity: str) -> str:
    """The ad-writing kind of an employer from its SNI code and activity text."""
    text = activity.lower()
    for words, kind in _BY_WORD:
        if any(w in text for w in words):
            return kind
    if "ställverk" in text and sni.startswith("27"):
        return "switchgear"
    return next((kind for prefix, kind in _BY_SNI if sni.startswith(prefix)), "general")


def _verb_phrase(activity: str) -> str:
    """ "Tillverkar elmotorer" → "tillverkar elmotorer"; "Elinstallationer i industri" →
    "arbetar med elinstallationer i industri"."""
    first, _, rest = activity.strip().partition(" ")
    word = first.lower()
    if word in _VERBS:
        return f"{word} {rest}".strip()
    return f"arbetar med {_NOUNS.get(word, word)} {rest}".strip()


class AdComposer:
    """Writes ads from a seed: ``compose(employer, year)`` → :class:`ComposedAd`."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def _pick(self, pairs: Sequence[tuple[str, float]], year: int, k: int) -> list[str]:
        index = min(max(year - FIRST_YEAR, 0), 5)
        items = [p[0] for p in pairs]
        weights = [p[1] * TRENDS.get(p[0], (1.0,) * 6)[index] for p in pairs]
        chosen: list[str] = []
        while len(chosen) < min(k, len(items)):
            item = self.rng.choices(items, weights)[0]
            if item not in chosen:
                chosen.append(item)
        return chosen

    def _phrase(self, skill: str, lang: str) -> str:
        sv, en = PHRASES[skill]
        return self.rng.choice(en if lang == "en" else sv)

    def compose(self, employer: Employer, year: int, *, place: str = "Västerås") -> ComposedAd:
        """One ad of ``employer`` published in ``year``."""
        rng = self.rng
        occupations, skills, english = EMPLOYER_KINDS[employer.kind]
        ssyk = self._pick(occupations, year, 1)[0]
        lang = "en" if rng.random() < english else "sv"
        sv_titles, en_titles, label = OCCUPATIONS[ssyk]
        title = rng.choice(en_titles if lang == "en" else sv_titles)
        chosen = self._pick(skills, year, rng.randint(3, 6))
        n_required = max(1, len(chosen) - rng.randint(1, 2))
        required, merits = chosen[:n_required], chosen[n_required:]
        tasks = " and " if lang == "en" else " och "
        tasks = tasks.join(self._phrase(s, lang) for s in required[: rng.randint(1, 2)])
        planted = {s: "requirement" for s in required} | {s: "merit" for s in merits}
        values = {"name": employer.name, "activity": employer.activity, "place": place}
        if lang == "en":
            body = [
                rng.choice(_EN_INTRO).format(title=title, **values), "", "About the role",
                f"As {title} you will work with {tasks} in projects for customers in Sweden "
                "and abroad.", "", "We are looking for someone who has:",
                "- A degree in engineering or equivalent experience",
                *[f"- Experience of {self._phrase(s, lang)}" for s in required],
                "- Good communication skills in English", "", "Nice to have:",
                *[f"- Knowledge of {self._phrase(s, lang)}" for s in merits], "",
                *rng.sample(_EN_FILL, 2), "", "Welcome with your application!",
            ]  # fmt: skip
        else:
            body = [
                rng.choice(_SV_INTRO).format(title=title.lower(), **values), "",
                "Arbetsuppgifter", f"Som {title.lower()} arbetar du med {tasks} i projekt för "
                "kunder i hela Sverige.", "", "Vi söker dig som har:",
                f"- Utbildning som {label.lower()} eller motsvarande erfarenhet",
                *[f"- Erfarenhet av {self._phrase(s, lang)}" for s in required], "- B-körkort",
                "", "Meriterande:", *[f"- Kunskaper inom {self._phrase(s, lang)}" for s in merits],
                "", *rng.sample(_SV_FILL, 3), "",
                "Välkommen med din ansökan! Urval sker löpande.",
            ]  # fmt: skip
        headline = title if rng.random() < 0.5 else f"{title} till {employer.name}"
        return ComposedAd(headline, "\n".join(body), ssyk, label, lang, planted)


def employers(
    organisations: Sequence[Organisation], workplaces: Sequence[Workplace]
) -> list[Employer]:
    """The companies among the demo's organisations as advertisers (by organisation number,
    so the order of the input does not matter)."""
    places: dict[str, set[str]] = {}
    for w in workplaces:
        places.setdefault(w.org_number, set()).add(w.kommun_code)
    return [
        Employer(
            o.name,
            o.org_number,
            employer_kind(o.sni_code, o.description.split(". ")[0]),
            tuple(sorted(places.get(o.org_number, {"1980"}))),
            _verb_phrase(o.description.split(". ")[0]),
        )
        for o in sorted(organisations, key=lambda o: o.org_number)
        if o.kind == "company"
    ]


def demo_organisations(seed: int) -> tuple[list[Organisation], list[Workplace]]:
    """The demo's organisations and workplaces as :func:`ecc_atlas.demo.generate` builds them
    (without simulating the workforce)."""
    import numpy as np

    from ecc_atlas.demo.organisations import build_organisations

    # the same stream as ecc_atlas.demo.generate(seed) uses for its organisations
    stream = np.random.default_rng(np.random.SeedSequence(seed).spawn(6)[0])
    orgs, places, _, _ = build_organisations(stream)
    return orgs, places


def generate_job_ads(
    seed: int = 20260101,
    *,
    organisations: Sequence[Organisation] | None = None,
    workplaces: Sequence[Workplace] | None = None,
    ads_per_month: float = 48.0,
) -> pa.Table:
    """The demo's ``job_ads`` dataset (schema of :data:`ecc_atlas.ingest.jobtech.SCHEMA`).

    ``organisations``/``workplaces`` are the demo's (``DemoData.organisations`` and
    ``.workplaces``); without them they are rebuilt from ``seed`` exactly as
    :func:`ecc_atlas.demo.generate` builds them. Same seed → identical table.
    """
    from ecc_atlas.ingest.jobtech import SCHEMA
    from ecc_atlas.reference import kommuner

    if organisations is None:
        organisations, workplaces = demo_organisations(seed)
    advertisers = employers(organisations, workplaces or [])
    named = {spec.name for spec in NAMED}
    base = [(6.0 if e.name in named else 1.0) * (0.3 if e.kind == "general" else 1.0)
            for e in advertisers]  # fmt: skip
    names = {k.code: k.name for k in kommuner("19")}
    composer = AdComposer(seed)
    rng = random.Random(seed + 1)
    rows: list[dict[str, object]] = []
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        growth = 1.0 + 0.05 * (year - FIRST_YEAR) - (0.25 if year == 2020 else 0.0)
        step = year - FIRST_YEAR
        weights = [
            w * KIND_TRENDS.get(e.kind, (1.0,) * 6)[step]
            for w, e in zip(base, advertisers, strict=True)
        ]
        for month in range(1, 13):
            for _ in range(round(rng.gauss(ads_per_month * growth, 6))):
                employer = rng.choices(advertisers, weights)[0]
                kommun = rng.choice(employer.kommuner)
                ad = composer.compose(employer, year, place=names.get(kommun, "Västerås"))
                day = dt.date(year, month, rng.randint(1, 28))
                rows.append(
                    {
                        "ad_id": f"{year % 100:02d}{len(rows) + 1:06d}",
                        "headline": ad.headline,
                        "description_text": ad.text,
                        "employer_name": employer.name,
                        "employer_org_number": employer.org_number,
                        "ssyk": ad.ssyk,
                        "occupation_label": ad.occupation_label,
                        "occupation_legacy_id": None,
                        "kommun_code": kommun,
                        "lan_code": kommun[:2],
                        "publication_date": day,
                        "last_publication_date": day + dt.timedelta(days=rng.randint(14, 35)),
                        "number_of_vacancies": 1 if rng.random() < 0.85 else rng.randint(2, 4),
                        "source_format": "jobsearch",
                    }
                )
    return pa.Table.from_pylist(rows, schema=SCHEMA.arrow())


def _html(text: str) -> str:
    out, items = [], []
    for line in text.split("\n"):
        if line.startswith("- "):
            items.append(f"<li>{line[2:]}</li>")
            continue
        if items:
            out.append("<ul>" + "".join(items) + "</ul>")
            items = []
        if line.strip():
            out.append(f"<p>{line}</p>")
    if items:
        out.append("<ul>" + "".join(items) + "</ul>")
    return "".join(out)


def jobsearch_record(row: dict[str, object]) -> dict[str, object]:
    """A ``job_ads`` row as an ad in the JobSearch / historical format (as the JobTech
    files have it, with ``text_formatted`` HTML and the usual null fields)."""
    text = str(row.get("description_text") or "")
    day = row.get("publication_date")
    last = row.get("last_publication_date")
    kommun = row.get("kommun_code")
    label = {"concept_id": None, "label": None, "legacy_ams_taxonomy_id": None}
    return {
        "id": row["ad_id"],
        "external_id": None,
        "headline": row.get("headline"),
        "application_deadline": f"{last}T23:59:59" if last else None,
        "number_of_vacancies": row.get("number_of_vacancies"),
        "description": {
            "text": text,
            "text_formatted": _html(text),
            "company_information": None,
            "needs": None,
            "requirements": None,
            "conditions": "Heltid. Tillsvidareanställning.",
        },
        "employment_type": {**label, "label": "Vanlig anställning"},
        "salary_type": {**label, "label": "Fast månads- vecko- eller timlön"},
        "duration": {**label, "label": "Tills vidare"},
        "working_hours_type": {**label, "label": "Heltid"},
        "scope_of_work": {"min": 100, "max": 100},
        "employer": {
            "id": None,
            "organization_number": row.get("employer_org_number"),
            "name": row.get("employer_name"),
            "workplace": row.get("employer_name"),
            "workplace_id": None,
        },
        "occupation": {**label, "label": row.get("occupation_label")},
        "occupation_group": {**label, "legacy_ams_taxonomy_id": row.get("ssyk")},
        "occupation_field": {**label, "label": "Installation, drift, underhåll"},
        "workplace_address": {
            "municipality": None,
            "municipality_code": kommun,
            "region": "Västmanlands län" if row.get("lan_code") == "19" else None,
            "region_code": row.get("lan_code"),
            "country_code": "199",
            "coordinates": [16.54, 59.61],
        },
        "must_have": {"skills": [], "languages": [], "work_experiences": []},
        "nice_to_have": {"skills": [], "languages": [], "work_experiences": []},
        "publication_date": f"{day}T08:00:00" if day else None,
        "last_publication_date": f"{last}T23:59:59" if last else None,
        "removed": False,
        "removed_date": None,
        "source_type": "VIA_AF_FORMULAR",
        "timestamp": 0,
    }

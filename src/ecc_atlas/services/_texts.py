"""Labels, definitions and method notes of the headline figures (Swedish and English)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["FIGURE_TEXTS", "FigureText"]


@dataclass(frozen=True)
class FigureText:
    """The fixed texts of one headline figure."""

    unit: str
    label_sv: str
    label_en: str
    definition_sv: str
    definition_en: str
    method: str


_SECTOR_SV = (
    "i de organisationer som ingår i branschavgränsningen det året (beslut i registret), "
    "efter arbetsställets kommun"
)
_SECTOR_EN = (
    "in the organisations included in the industry delimitation that year (registry "
    "decisions), by the workplace's municipality"
)
_SIZE_METHOD = (
    "Register cells joined to the current delimitation decisions on organisation number "
    "and year, included organisations only (analysis.sector.sector_size)"
)

FIGURE_TEXTS: dict[str, FigureText] = {
    "employees": FigureText(
        "employees",
        "Anställda i energibranschen",
        "Employees in the energy sector",
        f"Antal anställda (personer) i november {_SECTOR_SV}.",
        f"Number of employees (persons) in November {_SECTOR_EN}.",
        f"Headcount; {_SIZE_METHOD}",
    ),
    "full_year_equivalents": FigureText(
        "full_year_equivalents",
        "Helårsekvivalenter",
        "Full-year equivalents",
        f"Arbetad tid omräknad till heltid hela året (sysselsättningsgrad × andel av året) "
        f"{_SECTOR_SV}.",
        f"Work converted to full-time, full-year employment (part-time factor × share of the "
        f"year) {_SECTOR_EN}.",
        f"Sum of full-year equivalents; {_SIZE_METHOD}",
    ),
    "organisations": FigureText(
        "organisations",
        "Organisationer",
        "Organisations",
        f"Antal organisationer med minst en anställd {_SECTOR_SV}.",
        f"Number of organisations with at least one employee {_SECTOR_EN}.",
        f"Distinct organisation numbers; {_SIZE_METHOD}",
    ),
    "workplaces": FigureText(
        "workplaces",
        "Arbetsställen",
        "Workplaces",
        "Antal kombinationer av organisation och kommun med minst en anställd, bland de "
        "organisationer som ingår i branschavgränsningen.",
        "Number of organisation × municipality combinations with at least one employee, "
        "among the organisations in the industry delimitation.",
        f"Distinct organisation × kommun pairs; {_SIZE_METHOD}",
    ),
    "phd_employees": FigureText(
        "persons",
        "Forskarutbildade",
        "PhD-educated employees",
        f"Anställda med forskarutbildning (SUN 2020 nivå 7) {_SECTOR_SV}.",
        f"Employees with doctoral education (SUN 2020 level 7) {_SECTOR_EN}.",
        "Headcount with SUN level 7 (analysis.workforce.structure)",
    ),
    "women_share": FigureText(
        "share",
        "Andel kvinnor",
        "Share of women",
        f"Kvinnor som andel av alla anställda {_SECTOR_SV}.",
        f"Women as a share of all employees {_SECTOR_EN}.",
        "Women / employees, headcount (analysis.workforce.structure)",
    ),
    "mean_age": FigureText(
        "years",
        "Medelålder",
        "Mean age",
        "Medelålder i hela år vid årets slut, beräknad från femårsklassernas mittpunkter "
        "(t.ex. 47 år för 45–49).",
        "Mean age in completed years at the end of the year, computed from the midpoints of "
        "the five-year age bands (e.g. 47 for 45–49).",
        "Headcount-weighted mean of age-band midpoints (analysis.workforce.structure)",
    ),
    "recruitment_need_per_year": FigureText(
        "people_per_year",
        "Rekryteringsbehov per år",
        "Recruitment need per year",
        "Beräknat antal personer att rekrytera per år de kommande fem åren: ersättning för "
        "dem som går i pension, slutar av andra skäl eller flyttar till andra arbetsgivare, "
        "yrken eller regioner, plus utökning enligt arbetsgivarnas planer (eller trenden).",
        "Estimated number of people to recruit per year over the next five years: "
        "replacement of those who retire, leave for other reasons or move to other "
        "employers, occupations or regions, plus expansion from employers' plans (or the "
        "trend).",
        "Stock-flow cohort forecast (analysis.stockflow, docs/methods/recruitment-need.md): "
        "the base-year stock by age band and sex ages year by year with exit rates by age "
        "(retirement mostly at 63–67); moves out calibrated on the flows; expansion from the "
        "employer survey (else a damped trend); replacement = permanent exits and moves; "
        "mean of years 1–5",
    ),
    "concentration_rank": FigureText(
        "rank",
        "Koncentration av energibranschen, rang",
        "Concentration of the energy sector, rank",
        "Länets placering bland Sveriges 21 län efter lokaliseringskvot: branschens andel "
        "av länets sysselsatta delat med branschens andel i hela landet.",
        "The county's rank among Sweden's 21 counties by location quotient: the sector's "
        "share of the county's employment divided by its share in the whole country.",
        "Location quotient (METHODS.md), rank among 21 counties "
        "(analysis.specialization.location_quotient)",
    ),
    "shortage_occupations": FigureText(
        "occupations",
        "Bristyrken",
        "Shortage occupations",
        "Antal yrken (SSYK) där den avstämda bedömningen är brist: prognosgap, arbetsgivarnas "
        "rekryteringssvårigheter, Yrkesbarometern och annonstryck där de finns.",
        "Number of occupations (SSYK) whose reconciled verdict is shortage: forecast gap, "
        "employers' recruitment difficulty, the Yrkesbarometer and job-ad pressure where "
        "available.",
        "Shortage list (services.balance.shortage_list, docs/methods/supply-balance.md): "
        "count of SSYK with verdict 'brist'",
    ),
    "export_per_capita_rank": FigureText(
        "rank",
        "Varuexport per invånare, rang",
        "Goods exports per inhabitant, rank",
        "Länets placering bland Sveriges 21 län efter varuexportens värde per invånare.",
        "The county's rank among Sweden's 21 counties by the value of goods exports per "
        "inhabitant.",
        "Exports per capita (RPOP, METHODS.md), rank among 21 counties "
        "(analysis.specialization.rpop)",
    ),
}

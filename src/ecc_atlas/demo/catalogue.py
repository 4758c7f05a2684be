"""The fictional cast of the demo: named organisations, screened candidates, small firms.

Every name here is invented for the demo; none is meant to be, or to stand for, a real
company. Geography (kommun codes) and classifications (SNI 2007, SSYK 2012, segments)
are real. Sizes are headcounts in 2015 and 2024 (before the simulation adds noise).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "EXCLUDED",
    "KOMMUN_NAMES",
    "NAMED",
    "NON_COMPANIES",
    "SMALL_FIRM_TYPES",
    "SMALL_NAME_PARTS",
    "OrgSpec",
    "SmallFirmType",
]

VASTERAS = "1980"
KOMMUN_NAMES = {
    "1904": "Skinnskatteberg", "1907": "Surahammar", "1960": "Kungsör",
    "1961": "Hallstahammar", "1962": "Norberg", "1980": "Västerås", "1981": "Sala",
    "1982": "Fagersta", "1983": "Köping", "1984": "Arboga",
}  # fmt: skip


@dataclass(frozen=True)
class OrgSpec:
    """One organisation of the demo before simulation.

    ``workplaces`` are ``(kommun_code, weight, workplace name)``; ``phd`` is the target
    share of PhD-educated employees; ``included`` is ``"in"`` (included every year),
    ``"out"`` (a screened candidate excluded every year), ``"enter"`` (excluded before
    ``switch_year``, included from it) or ``"exit"`` (included before, excluded from it).
    """

    name: str
    kind: str
    sni: str
    segment: str
    profile: str
    size_2015: int
    size_2024: int
    workplaces: tuple[tuple[str, float, str], ...]
    rd: str = "medium"
    export: str = "some"
    phd: float = 0.0
    activity: str = ""
    included: str = "in"
    switch_year: int = 0
    other_reason: str = ""
    founded: int = 0
    closed: int = 0
    dip_2020: float = 0.0


@dataclass(frozen=True)
class SmallFirmType:
    """A kind of small firm: SNI code, segment, occupation profile and activity text."""

    key: str
    sni: str
    segment: str
    profile: str
    size_range: tuple[int, int]
    activity: str
    word: str
    count: int


def _wp(*places: tuple[str, float]) -> tuple[tuple[str, float, str], ...]:
    return tuple((code, weight, KOMMUN_NAMES[code]) for code, weight in places)


M, E, G, H, S = "manufacturing", "engineering", "grids", "heat", "supply"
T, U, ST = "trade_services", "end_use", "storage"

# fmt: off
#: The region's large and medium actors (all fictional): name, kind, SNI, segment,
#: occupation profile, headcount 2015 and 2024, workplaces, R&D intensity, export class,
#: PhD share, activity (the reason text of the inclusion decisions).
NAMED: tuple[OrgSpec, ...] = (
    OrgSpec("Mälarvolt Kraftsystem AB", "company", "27.11", M, "power_mfg", 1760, 2060,
            _wp((VASTERAS, 0.93), ("1981", 0.07)), "high", "major", 0.078,
            "Tillverkar krafttransformatorer och HVDC-utrustning", dip_2020=0.02),
    OrgSpec("Aroslund Robotik AB", "company", "28.99", M, "robotics", 780, 900,
            _wp((VASTERAS, 1.0)), "high", "major", 0.062,
            "Utvecklar och tillverkar industrirobotar och styrsystem", dip_2020=0.05),
    OrgSpec("Norrmalms Spårtraktion AB", "company", "30.20", M, "rail", 700, 780,
            _wp((VASTERAS, 1.0)), "high", "major", 0.018,
            "Tillverkar framdrivningssystem och omriktare för spårfordon", dip_2020=0.04),
    OrgSpec("Svartådalens Drivteknik AB", "company", "27.11", M, "power_mfg", 500, 560,
            _wp((VASTERAS, 0.8), ("1983", 0.2)), "high", "major", 0.042,
            "Tillverkar elmotorer och frekvensomriktare"),
    OrgSpec("Hacksta Kraftelektronik AB", "company", "27.90", M, "power_mfg", 390, 520,
            _wp((VASTERAS, 1.0)), "high", "major", 0.065,
            "Utvecklar kraftelektronik och omriktare för nät och industri"),
    OrgSpec("Tidöhalvöns Ställverk AB", "company", "27.12", M, "power_mfg", 340, 380,
            _wp((VASTERAS, 1.0)), "medium", "major", 0.02,
            "Tillverkar ställverk och brytare för mellan- och högspänning"),
    OrgSpec("Vallbyfältets Turbinteknik AB", "company", "28.11", M, "power_mfg", 260, 225,
            _wp((VASTERAS, 1.0)), "medium", "major", 0.02,
            "Tillverkar och renoverar ång- och vattenturbiner"),
    OrgSpec("Kolbäcksdalens Elmaskin AB", "company", "27.11", M, "power_mfg", 180, 205,
            _wp(("1907", 1.0)), "medium", "some", 0.005,
            "Tillverkar generatorer och specialmotorer"),
    OrgSpec("Strömsholmsvallens Kompressorteknik AB", "company", "28.13", M, "heatpump_mfg", 215,
            245, _wp(("1961", 1.0)), "medium", "major", 0.008,
            "Tillverkar kompressorer för värmepumpar och kyla"),
    OrgSpec("Arbogaåns Värmepumpsfabrik AB", "company", "28.25", M, "heatpump_mfg", 115, 165,
            _wp(("1984", 1.0)), "medium", "some", 0.0,
            "Tillverkar värmepumpar för fastigheter och industri"),
    OrgSpec("Salbergets Mätteknik AB", "company", "26.51", M, "measurement", 80, 92,
            _wp(("1981", 1.0)), "high", "some", 0.03, "Tillverkar elmätare och nätsensorer"),
    OrgSpec("Bergslagens Kraftkabel AB", "company", "27.32", M, "cable", 165, 150,
            _wp(("1982", 1.0)), "low", "some", 0.0, "Tillverkar kraftkablar för elnät"),
    OrgSpec("Mälarporten Batterisystem AB", "company", "27.20", M, "battery", 0, 310,
            _wp(("1983", 1.0)), "high", "major", 0.03,
            "Tillverkar batterimoduler och energilagersystem", founded=2018),
    OrgSpec("Fjärdens Kraftvärme AB", "company", "35.30", H, "utility_heat", 420, 455,
            _wp((VASTERAS, 0.85), ("1961", 0.15)), "medium", "none", 0.006,
            "Producerar och distribuerar fjärrvärme och el i kraftvärmeverk"),
    OrgSpec("Bergslagsledningen Elnät AB", "company", "35.13", G, "grid", 250, 305,
            _wp((VASTERAS, 0.6), ("1981", 0.2), ("1982", 0.2)), "medium", "none", 0.0,
            "Driver regionala och lokala elnät"),
    OrgSpec("Kraftlinje Mitt AB", "company", "35.12", G, "grid", 85, 120, _wp((VASTERAS, 1.0)),
            "medium", "none", 0.01,
            "Driver och underhåller regionnät och transformatorstationer"),
    OrgSpec("Strömforsens Elhandel AB", "company", "35.14", T, "trade", 60, 72,
            _wp((VASTERAS, 1.0)), "low", "none", 0.0, "Säljer el till hushåll och företag"),
    OrgSpec("Kungsörs Närvärme AB", "company", "35.30", H, "utility_heat", 24, 30,
            _wp(("1960", 1.0)), "low", "none", 0.0, "Driver närvärmenät i tätorten"),
    OrgSpec("Norbergshöjdens Vindkraft AB", "company", "35.11", S, "generation", 12, 26,
            _wp(("1962", 1.0)), "low", "none", 0.0, "Äger och driver vindkraftparker"),
    OrgSpec("Skinnskattebergs Bioenergi AB", "company", "35.30", H, "utility_heat", 15, 19,
            _wp(("1904", 1.0)), "low", "none", 0.0, "Producerar värme från skogsbränsle"),
    OrgSpec("Mälarsol Solpark AB", "company", "35.11", S, "generation", 0, 42,
            _wp((VASTERAS, 1.0)), "low", "none", 0.0, "Bygger och driver solparker",
            founded=2019),
    OrgSpec("Vätgaslagret i Mälardalen AB", "company", "35.21", ST, "storage", 0, 36,
            _wp((VASTERAS, 1.0)), "high", "none", 0.05,
            "Utvecklar vätgaslager och elektrolys för industrin", founded=2021),
    OrgSpec("Ingenjörsbyrån Ampere & Watt AB", "company", "71.123", E, "consultancy", 240, 300,
            _wp((VASTERAS, 0.9), ("1983", 0.1)), "medium", "some", 0.02,
            "Konsulter inom kraftsystem, elnät och ställverk"),
    OrgSpec("Rotorns Teknikkonsult AB", "company", "71.124", E, "consultancy", 150, 205,
            _wp((VASTERAS, 1.0)), "medium", "some", 0.015,
            "Konsulter inom energisystem, fjärrvärme och energieffektivisering"),
    OrgSpec("Kraftlabbet FoU AB", "company", "72.19", E, "rnd", 60, 92, _wp((VASTERAS, 1.0)),
            "high", "major", 0.16, "Forskar och utvecklar inom elkraft och energilagring"),
    OrgSpec("Elkraftinstitutet i Aros AB", "institute", "72.19", E, "rnd", 34, 44,
            _wp((VASTERAS, 1.0)), "high", "some", 0.3,
            "Forskningsinstitut för högspänningsteknik och provning"),
    OrgSpec("Elmontörerna i Aros AB", "company", "43.21", U, "installer", 270, 320,
            _wp((VASTERAS, 0.6), ("1983", 0.2), ("1981", 0.2)), "low", "none", 0.0,
            "Elinstallationer i industri, laddinfrastruktur och energianläggningar"),
    OrgSpec("Kraftunderhåll Mälardalen AB", "company", "33.14", T, "service", 200, 232,
            _wp((VASTERAS, 0.7), ("1983", 0.3)), "low", "some", 0.0,
            "Service och reparation av transformatorer, motorer och ställverk"),
    OrgSpec("Mälarstrandens Elreparationer AB", "company", "33.14", T, "service", 118, 124,
            _wp((VASTERAS, 1.0)), "low", "none", 0.0, "Reparerar elmotorer och generatorer"),
    OrgSpec("Ledningsbyggarna i Bergslagen AB", "company", "42.22", G, "grid_build", 140, 182,
            _wp(("1982", 0.5), (VASTERAS, 0.5)), "low", "none", 0.0,
            "Bygger kraftledningar och nätstationer"),
    OrgSpec("Hallsta Mekaniska Verkstad AB", "company", "28.99", M, "charging_mfg", 70, 118,
            _wp(("1961", 1.0)), "medium", "some", 0.0,
            "Tillverkar laddstationer för elfordon sedan 2019", included="enter",
            switch_year=2019,
            other_reason="Allmän verkstadsindustri (legotillverkning) utan energiinriktning"),
    OrgSpec("Köpingsbygdens Teknikservice AB", "company", "43.21", U, "installer", 55, 48,
            _wp(("1983", 1.0)), "low", "none", 0.0,
            "Elinstallationer i energi- och industrianläggningar", included="exit",
            switch_year=2020,
            other_reason=("Verksamheten ändrad 2020: huvudsakligen fastighetsservice, "
                          "energirelaterade uppdrag under 10 % av omsättningen")),
    OrgSpec("Arbogaverkens Transformatorservice AB", "company", "33.14", T, "service", 38, 0,
            _wp(("1984", 1.0)), "low", "none", 0.0, "Service av distributionstransformatorer",
            closed=2021),

)

#: Screened candidates that the analysts excluded (name, SNI, profile, size 2024, kommun,
#: reason). They stay in the register delivery, so excluding them is a real decision.
EXCLUDED: tuple[tuple[str, str, str, int, str, str], ...] = (
    ("Vallby Bostadsel AB", "43.21", "installer", 34, VASTERAS,
     "SNI 43.21 men huvudsakligen bostadsinstallationer"),
    ("Erikslunds Elservice AB", "43.21", "installer", 18, VASTERAS,
     "SNI 43.21 men huvudsakligen bostadsinstallationer"),
    ("Sala Hemel AB", "43.21", "installer", 9, "1981",
     "SNI 43.21 men huvudsakligen bostadsinstallationer och småreparationer"),
    ("Köpings Villael AB", "43.21", "installer", 12, "1983",
     "SNI 43.21 men huvudsakligen bostadsinstallationer"),
    ("Fagersta Butiksinstallation AB", "43.21", "installer", 15, "1982",
     "SNI 43.21 men huvudsakligen butiks- och kontorsinredning, ingen energiinriktning"),
    ("Surahammars Tele & Larm AB", "43.21", "installer", 11, "1907",
     "SNI 43.21 men huvudsakligen larm- och teleinstallationer"),
    ("Hallstahammars Rör & Bad AB", "43.22", "hvac", 22, "1961",
     "SNI 43.22 men huvudsakligen badrumsrenoveringar, ingen energieffektiviseringsinriktning"),
    ("Arboga VVS-Service AB", "43.22", "hvac", 14, "1984",
     "SNI 43.22 men huvudsakligen VVS-service i bostäder"),
    ("Kungsörs Rörmontage AB", "43.22", "hvac", 8, "1960",
     "SNI 43.22 men huvudsakligen sanitetsinstallationer"),
    ("Byggkonstruktörerna i Västerås AB", "71.12", "consultancy", 40, VASTERAS,
     "SNI 71.12 men huvudsakligen byggkonstruktion utan energiteknisk inriktning"),
    ("Sala Lantmäteriteknik AB", "71.12", "consultancy", 9, "1981",
     "SNI 71.12 men mätteknik för fastighetsbildning, inte energisystem"),
    ("Mälardalens Väg & Bro Konsult AB", "71.12", "consultancy", 26, VASTERAS,
     "SNI 71.12 men infrastruktur för väg och bro, ingen energiinriktning"),
    ("Förpackningsmaskiner i Köping AB", "28.99", "charging_mfg", 65, "1983",
     "Tillverkar förpackningsmaskiner; ingen koppling till energikedjan"),
    ("Bergslagens Sågverksmaskiner AB", "28.99", "charging_mfg", 38, "1982",
     "Tillverkar sågverksutrustning; ingen koppling till energikedjan"),
    ("Norbergs Lantbruksmekan AB", "33.12", "service", 12, "1962",
     "SNI 33.12 men reparation av jordbruks- och skogsmaskiner"),
    ("Skinnskattebergs Skogsmaskinservice AB", "33.12", "service", 7, "1904",
     "SNI 33.12 men reparation av skogsmaskiner"),
    ("Västerås Drivmedel & Tvätt AB", "46.71", "trade", 14, VASTERAS,
     "Drivmedelsstation med detaljhandel; utanför branschavgränsningen"),
    ("Köpings Bränslehandel AB", "46.71", "trade", 6, "1983",
     "Detaljhandel med eldningsolja till hushåll; avvecklas, utanför avgränsningen"),
    ("Arosljus Heminredning AB", "27.40", "measurement", 24, VASTERAS,
     "Dekorativ belysning för hemmet; ingen energieffektiviseringsinriktning"),
    ("Mälardalens Medicinmätteknik AB", "26.51", "measurement", 31, VASTERAS,
     "Medicinteknisk mätutrustning; inte energirelaterat"),
    ("Aros Läkemedelsforskning AB", "72.19", "rnd", 19, VASTERAS,
     "FoU inom läkemedel; inte energirelaterat"),
    ("Fastighetsbolaget Kvarteret Kraften AB", "35.30", "utility_heat", 6, VASTERAS,
     "Fastighetsbolagets egen panncentral; energiverksamheten är en stödfunktion"),
    ("Kabelsystem för Fordonsinredning AB", "29.31", "cable", 48, "1984",
     "Tillverkar kablage till fordonsinredning; inte energirelaterat"),
    ("Livsmedelsmontage i Sala AB", "33.20", "service", 17, "1981",
     "Installation av livsmedelsmaskiner; utanför energikedjan"),
    ("Fiberbyggarna i Bergslagen AB", "42.22", "grid_build", 28, "1982",
     "Bygger telekomnät (fiber), inte kraftledningar"),
    ("Västmanlands Energiholding AB", "35.11", "trade", 0, VASTERAS,
     "Holdingbolag utan anställda; dotterbolagen prövas var för sig"),
)

#: Actors that are not companies (name, kind, org-number prefix, kommun, description);
#: they are members and education providers, not part of the company-based delimitation.
NON_COMPANIES: tuple[tuple[str, str, str, str, str], ...] = (
    ("Aroshögskolan", "academia", "202100", "1980",
     "Högskola med utbildning och forskning inom energiteknik, elkraft och robotik."),
    ("Kraftcentrum Yrkeshögskola", "academia", "212000", "1980",
     "Yrkeshögskoleutbildningar inom elkraft, automation och drift av värmeverk."),
    ("Vallbygymnasiet", "public_actor", "212000", "1980",
     "Kommunal gymnasieskola med El- och energiprogrammet och Teknikprogrammet."),
    ("Bergslagsgymnasiet", "public_actor", "212000", "1982",
     "Kommunal gymnasieskola i norra länet med El- och energiprogrammet."),
    ("Energirådet i Västmanland", "public_actor", "212000", "1980",
     "Kommunernas gemensamma energi- och klimatrådgivning."),
    ("Mälardalens Energimyndighetskontor", "authority", "202100", "1980",
     "Regional myndighetsfunktion för energistatistik och tillsyn."),
)

#: The long tail of small firms (how many of each, generated with seeded names).
SMALL_FIRM_TYPES: tuple[SmallFirmType, ...] = (
    SmallFirmType("installer", "43.21", U, "installer", (5, 55),
     "Elinstallationer i industri och energianläggningar", "El & Kraft", 26),
    SmallFirmType("hvac", "43.22", U, "hvac", (4, 28),
     "Installerar värmepumpar och energieffektiv ventilation", "Värmeteknik", 12),
    SmallFirmType("consult_el", "71.123", E, "consultancy", (3, 40),
     "Elkonsult för kraftsystem, ställverk och elnät", "Elkonsult", 12),
    SmallFirmType("consult_energy", "71.124", E, "consultancy", (3, 24),
     "Energikonsult för effektivisering och fjärrvärme", "Energikonsult", 8),
    SmallFirmType("consult_auto", "71.122", E, "consultancy", (3, 45),
     "Automationskonsult för industri- och energianläggningar", "Automation", 10),
    SmallFirmType("service", "33.14", T, "service", (4, 30),
     "Service och reparation av elmotorer och transformatorer", "Elservice", 7),
    SmallFirmType("install_mach", "33.20", T, "service", (5, 25),
     "Installation av kraft- och automationsutrustning", "Montage", 5),
    SmallFirmType("grid_build", "42.22", G, "grid_build", (8, 45),
     "Bygger kraftledningar och nätstationer", "Ledningsbygg", 4),
    SmallFirmType("generation", "35.11", S, "generation", (2, 9),
     "Driver vatten- och vindkraftverk", "Kraft", 6),
    SmallFirmType("heat", "35.30", H, "utility_heat", (3, 14), "Driver närvärmenät i tätort",
     "Närvärme", 3),
    SmallFirmType("fuel_trade", "46.71", T, "trade", (3, 12),
     "Handel med biobränslen för värmeverk", "Biobränsle", 2),
    SmallFirmType("mfg_power", "27.90", M, "power_mfg", (10, 60),
     "Tillverkar styrskåp och kraftelektronik", "Styrteknik", 5),
    SmallFirmType("mfg_switch", "27.12", M, "power_mfg", (10, 40),
     "Tillverkar kopplingsutrustning och nätstationer", "Kopplingsteknik", 3),
)

#: Fictional place-like stems for small-firm names (combined with the type's word).
SMALL_NAME_PARTS: tuple[str, ...] = (
    "Almbacka", "Björkvreten", "Dingtuna", "Ekhagsbyn", "Fågelsången", "Granbergsdal",
    "Hagmyren", "Igelbäcken", "Jakobsvreten", "Karlsdalen", "Lindfors", "Lövstaholm",
    "Mossängen", "Nyhammarsby", "Orrliden", "Pilkrogen", "Rönnhagen", "Sjöängen",
    "Skultunabäcken", "Stensjövik", "Tallbacken", "Ulvsbo", "Vretarna", "Åsbyhagen",
    "Ängsdalen", "Östanbäck", "Barkarö", "Tibble", "Kolsva", "Ramnäs", "Virsbo", "Westanå",
    "Kärrbo", "Irsta", "Badelunda", "Rytterne", "Sundängen", "Kvarnbacken", "Stenkvista",
    "Bergshamra", "Ekebyhov", "Fiskartorp", "Gäddeholm", "Hovdala",
)
# fmt: on

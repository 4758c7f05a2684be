"""Occupation profiles and person-level rates of the demo simulation.

These are the calibration knobs: which SSYK 2012 unit groups each kind of organisation
employs (weights in per cent), the share of women per occupation, the education level
(SUN 2020) per occupation family, and the yearly exit hazards by age (retirement,
mortality, turnover). They are stylised from the published shape of the Swedish energy
industry (about 23 % women, mostly men in electrician and plant jobs, women on average
more highly educated, retirement mostly at 63–67), not estimated from any register.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = [
    "ADMIN",
    "AGE_MAX",
    "EDUCATION",
    "HIRE_AGE",
    "INITIAL_AGE_BANDS",
    "PROFILES",
    "SUN_CODES",
    "TURNOVER_MULTIPLIER",
    "WOMEN",
    "education_family",
    "mortality",
    "retirement_hazard",
    "turnover_hazard",
]

#: Administration and support staff added to every profile (weights in per cent).
ADMIN: dict[str, float] = {
    "1120": 0.4, "4111": 1.4, "4112": 0.5, "2423": 0.8, "2412": 0.6, "3313": 0.5,
    "3323": 1.0, "3322": 1.0, "2431": 0.4, "4222": 0.3, "2511": 0.4, "4322": 0.6,
}  # fmt: skip

# fmt: off
#: Core occupations per organisation profile (weights in per cent, ADMIN comes on top).
PROFILES: dict[str, dict[str, float]] = {
    "power_mfg": {"2143": 17, "3113": 12, "2144": 6, "3114": 5, "2149": 5, "8212": 15,
                  "7412": 6, "3122": 3, "1341": 1.5, "1342": 2, "1371": 1, "1372": 1,
                  "1331": 0.5, "1332": 0.5, "2512": 5, "2514": 1.5, "3111": 2, "7223": 3,
                  "2111": 0.5},
    "robotics": {"2512": 12, "2143": 11, "2144": 10, "2149": 6, "3113": 8, "3114": 7,
                 "8212": 11, "8219": 6, "7412": 4, "1341": 1.5, "1342": 1.5, "1331": 0.5,
                 "2514": 2, "3111": 2, "3122": 2},
    "rail": {"2143": 12, "2144": 8, "3113": 10, "3114": 6, "2149": 3, "8212": 14, "7412": 6,
             "7212": 5, "8213": 6, "7233": 3, "3122": 3, "1341": 1.5, "1342": 1.5,
             "2512": 4, "2514": 1, "3111": 2},
    "battery": {"8212": 20, "8199": 10, "2145": 6, "3115": 5, "2143": 8, "3113": 10,
                "7412": 6, "2149": 4, "3122": 3, "1371": 1.5, "1342": 1},
    "heatpump_mfg": {"3114": 10, "2144": 10, "8213": 15, "7223": 10, "7126": 8, "8212": 10,
                     "3113": 6, "2143": 3, "3122": 3, "7212": 3, "1371": 1.5},
    "measurement": {"2143": 15, "3113": 20, "8212": 20, "2512": 10, "2514": 3, "3122": 2,
                    "1342": 2},
    "cable": {"8199": 15, "8219": 12, "8212": 18, "7223": 10, "3113": 10, "7233": 6,
              "3122": 4, "2145": 3, "2143": 3},
    "charging_mfg": {"8212": 18, "7223": 12, "8213": 12, "3113": 10, "3114": 8, "2143": 5,
                     "2144": 5, "7412": 5, "3122": 3, "7212": 4},
    "utility_heat": {"8191": 24, "7412": 8, "7233": 10, "3113": 8, "3114": 6, "2143": 4,
                     "2144": 4, "2183": 3, "7125": 5, "4222": 5, "1342": 2, "2512": 2},
    "grid": {"7413": 30, "3113": 15, "2143": 10, "1342": 3, "4222": 5, "2512": 3, "2511": 2,
             "7411": 5, "3121": 2, "2149": 3},
    "generation": {"3113": 20, "7412": 15, "8199": 15, "2143": 10, "7233": 10, "2144": 5,
                   "1342": 3},
    "storage": {"2143": 15, "2145": 10, "3113": 15, "2149": 10, "8199": 10, "2144": 5,
                "1331": 2, "3115": 5},
    "trade": {"4222": 35, "3322": 12, "2431": 6, "2512": 8, "2511": 4, "2422": 5, "2412": 3},
    "consultancy": {"2143": 28, "3113": 18, "2149": 10, "2144": 8, "2183": 4, "1341": 4,
                    "1342": 2, "2512": 6, "3119": 5, "2422": 2},
    "rnd": {"2143": 25, "2111": 8, "2149": 15, "3113": 15, "2144": 8, "2113": 4, "1331": 3,
            "2145": 3, "2512": 5},
    "installer": {"7411": 62, "7412": 6, "3113": 6, "7420": 5, "3121": 3, "1342": 2,
                  "7413": 2},
    "hvac": {"7125": 45, "7126": 20, "7411": 8, "3114": 5, "3121": 2},
    "service": {"7412": 30, "7233": 15, "3113": 12, "7420": 10, "8212": 8, "2143": 3,
                "3122": 2},
    "grid_build": {"7413": 45, "3121": 5, "7215": 6, "3113": 8, "7411": 6, "1342": 2},
}

#: Share of women per occupation (SSYK 2012 unit group).
WOMEN: dict[str, float] = {
    "1120": 0.22, "1331": 0.28, "1332": 0.28, "1341": 0.22, "1342": 0.24, "1371": 0.18,
    "1372": 0.18, "2111": 0.24, "2113": 0.45, "2143": 0.22, "2144": 0.22, "2145": 0.42,
    "2149": 0.30, "2183": 0.50, "2412": 0.58, "2422": 0.52, "2423": 0.80, "2431": 0.58,
    "2511": 0.24, "2512": 0.24, "2514": 0.32, "3111": 0.32, "3113": 0.12, "3114": 0.13,
    "3115": 0.38, "3119": 0.22, "3121": 0.06, "3122": 0.15, "3313": 0.82, "3322": 0.32,
    "3323": 0.55, "4111": 0.85, "4112": 0.90, "4222": 0.64, "4322": 0.24, "7125": 0.02,
    "7126": 0.03, "7212": 0.05, "7215": 0.02, "7223": 0.15, "7233": 0.05, "7411": 0.04,
    "7412": 0.05, "7413": 0.03, "7420": 0.09, "8191": 0.10, "8199": 0.22, "8212": 0.42,
    "8213": 0.26, "8219": 0.34,
}

#: SUN 2020 level codes in the order of the probability vectors below.
SUN_CODES: tuple[str, ...] = ("1", "2", "3", "4", "5", "6", "7", "US")

#: Education level distribution per occupation family (SUN 1…7, US), before the PhD
#: adjustment per organisation and the shifts for women, later hires and older cohorts.
EDUCATION: dict[str, tuple[float, ...]] = {
    "eng_prof": (0, 0, 0, 0.03, 0.07, 0.88, 0.02, 0),
    "it_prof": (0, 0, 0, 0.08, 0.17, 0.74, 0.01, 0),
    "adm_prof": (0, 0, 0.02, 0.08, 0.17, 0.72, 0.01, 0),
    "manager": (0, 0, 0, 0.10, 0.16, 0.70, 0.04, 0),
    "technician": (0, 0, 0.05, 0.33, 0.33, 0.29, 0, 0),
    "supervisor": (0, 0, 0.12, 0.50, 0.28, 0.10, 0, 0),
    "sales": (0, 0, 0.05, 0.33, 0.30, 0.32, 0, 0),
    "clerical": (0, 0.05, 0.15, 0.50, 0.18, 0.12, 0, 0),
    "craft": (0, 0.04, 0.22, 0.62, 0.11, 0.01, 0, 0),
    "operator": (0, 0.04, 0.22, 0.56, 0.16, 0.02, 0, 0),
    "assembler": (0.02, 0.10, 0.30, 0.48, 0.08, 0.02, 0, 0),
}
# fmt: on

#: Relative turnover (leaving for other employers or sectors) per profile.
TURNOVER_MULTIPLIER: dict[str, float] = {
    "installer": 1.25, "hvac": 1.25, "consultancy": 1.2, "trade": 1.3, "service": 1.1,
    "grid_build": 1.15, "utility_heat": 0.7, "grid": 0.75, "generation": 0.9,
    "power_mfg": 0.9, "robotics": 0.95, "rail": 0.95, "battery": 1.3, "storage": 1.1,
    "rnd": 1.0, "measurement": 1.0, "cable": 1.0, "charging_mfg": 1.1, "heatpump_mfg": 1.0,
}  # fmt: skip

#: Age-band weights (per cent) of the workforce at the end of 2014: a bulge in the
#: forties that moves into the 45–49 band during the decade.
INITIAL_AGE_BANDS: dict[tuple[int, int], float] = {
    (18, 19): 0.5, (20, 24): 4.5, (25, 29): 9.5, (30, 34): 11.0, (35, 39): 11.0,
    (40, 44): 14.0, (45, 49): 12.5, (50, 54): 12.5, (55, 59): 12.0, (60, 64): 8.5,
    (65, 67): 1.2,
}  # fmt: skip

#: Hire ages: a mixture of young entrants and experienced hires.
HIRE_AGE = {"young_share": 0.42, "young_min": 19, "young_shape": 2.5, "young_scale": 4.2,
            "experienced_mean": 43.0, "experienced_sd": 9.0}  # fmt: skip

#: Nobody in the register cells is older than this.
AGE_MAX = 74


def education_family(ssyk: str) -> str:
    """The occupation family that decides the education distribution of an SSYK code."""
    if ssyk.startswith("1"):
        return "manager"
    if ssyk.startswith("21"):
        return "eng_prof"
    if ssyk.startswith("25"):
        return "it_prof"
    if ssyk.startswith("2"):
        return "adm_prof"
    if ssyk in {"3121", "3122"}:
        return "supervisor"
    if ssyk.startswith("31"):
        return "technician"
    if ssyk.startswith("3"):
        return "sales"
    if ssyk.startswith(("4", "9")):
        return "clerical"
    if ssyk.startswith("7"):
        return "craft"
    if ssyk in {"8191", "8199"}:
        return "operator"
    return "assembler"


def retirement_hazard(
    age: npt.NDArray[np.int64], female: npt.NDArray[np.bool_]
) -> npt.NDArray[np.float64]:
    """Yearly probability of retiring at an age (completed years); women a little earlier."""
    table = np.zeros(AGE_MAX + 2)
    table[55:60] = 0.004
    table[60:71] = [0.02, 0.03, 0.05, 0.10, 0.12, 0.40, 0.35, 0.45, 0.35, 0.35, 0.50]
    table[71:] = 0.6
    clipped = np.clip(age, 0, AGE_MAX + 1)
    hazard = table[clipped]
    earlier = female & (clipped >= 60) & (clipped <= 64)
    hazard = np.where(earlier, hazard * 1.2, hazard)
    return np.where(clipped > AGE_MAX - 1, 1.0, hazard)


def mortality(age: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    """Yearly probability of death at an age (a Gompertz curve for the employed)."""
    return np.minimum(0.00012 * np.exp(0.085 * (age - 20.0)), 0.05)


def turnover_hazard(age: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    """Yearly probability of leaving for another employer or sector, by age."""
    bands = np.array([0.20, 0.15, 0.11, 0.085, 0.07, 0.06, 0.05, 0.05, 0.05, 0.05])
    index = np.clip((age - 25) // 5 + 1, 0, len(bands) - 1)
    return bands[index]

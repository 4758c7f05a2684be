from __future__ import annotations

import pyarrow as pa
import pytest

from ecc_atlas.config import SETTINGS, ConfigError
from ecc_atlas.disclosure import DisclosurePolicy, protect, suppressed_label


def test_defaults_match_the_documented_settings() -> None:
    policy = DisclosurePolicy.from_env({})
    documented = {s.env: s.default for s in SETTINGS}
    assert policy.min_persons == int(documented["ECC_ATLAS_DISCLOSURE_MIN_PERSONS"]) == 5
    assert policy.min_organisations == int(documented["ECC_ATLAS_DISCLOSURE_MIN_ORGANISATIONS"])
    assert policy.dominance_k == float(documented["ECC_ATLAS_DISCLOSURE_DOMINANCE"]) == 0.85
    assert policy.rounding_base == int(documented["ECC_ATLAS_DISCLOSURE_ROUNDING"]) == 0


def test_settings_are_read() -> None:
    policy = DisclosurePolicy.from_env(
        {
            "ECC_ATLAS_DISCLOSURE_MIN_PERSONS": "10",
            "ECC_ATLAS_DISCLOSURE_MIN_ORGANISATIONS": "4",
            "ECC_ATLAS_DISCLOSURE_DOMINANCE": "75 %",
            "ECC_ATLAS_DISCLOSURE_ROUNDING": "5",
        }
    )
    assert (policy.min_persons, policy.min_organisations) == (10, 4)
    assert policy.dominance_k == pytest.approx(0.75)
    assert policy.rounding_base == 5


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("ECC_ATLAS_DISCLOSURE_MIN_PERSONS", "five"),
        ("ECC_ATLAS_DISCLOSURE_MIN_PERSONS", "0"),
        ("ECC_ATLAS_DISCLOSURE_DOMINANCE", "0"),
        ("ECC_ATLAS_DISCLOSURE_DOMINANCE", "much"),
        ("ECC_ATLAS_DISCLOSURE_ROUNDING", "-5"),
    ],
)
def test_bad_settings_say_what_is_wrong(name: str, value: str) -> None:
    with pytest.raises(ConfigError, match=name):
        DisclosurePolicy.from_env({name: value})


def test_policy_is_frozen_and_validated() -> None:
    policy = DisclosurePolicy()
    with pytest.raises(AttributeError):
        policy.min_persons = 1  # type: ignore[misc]
    with pytest.raises(ValueError, match="at least 1"):
        DisclosurePolicy(min_persons=0)


def test_default_policy_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ECC_ATLAS_DISCLOSURE_MIN_PERSONS", "20")
    out = protect(
        pa.table({"k": ["a", "b"], "v": [15, 30]}), dimensions=["k"], values=["v"], persons="v"
    )
    assert out.column("suppressed").to_pylist() == [True, True]


def test_labels() -> None:
    assert suppressed_label("sv") == "sekretess"
    assert suppressed_label("en") == "suppressed"
    assert suppressed_label("en-gb") == "suppressed"
    assert DisclosurePolicy().is_total("Totalt")
    assert not DisclosurePolicy().is_total("1980")

"""Tests for ecc_atlas.reference.regions."""

from __future__ import annotations

import pytest

from ecc_atlas.reference import VASTMANLAND, all_regions, kommuner, lan, region

VASTMANLAND_KOMMUNER = {
    "1904": "Skinnskatteberg",
    "1907": "Surahammar",
    "1960": "Kungsör",
    "1961": "Hallstahammar",
    "1962": "Norberg",
    "1980": "Västerås",
    "1981": "Sala",
    "1982": "Fagersta",
    "1983": "Köping",
    "1984": "Arboga",
}

LAN_CODES = [
    *["01", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13", "14"],
    *["17", "18", "19", "20", "21", "22", "23", "24", "25"],
]


def test_21_lan_with_expected_codes() -> None:
    counties = lan()
    assert len(counties) == 21
    assert [r.code for r in counties] == LAN_CODES
    assert all(r.level == "lan" and r.lan_code == r.code for r in counties)


def test_290_kommuner_with_4_digit_codes() -> None:
    municipalities = kommuner()
    assert len(municipalities) == 290
    assert len({r.code for r in municipalities}) == 290
    assert all(len(r.code) == 4 and r.code.isdigit() for r in municipalities)
    assert all(r.level == "kommun" for r in municipalities)


def test_every_kommun_lan_code_exists() -> None:
    codes = {r.code for r in lan()}
    for r in kommuner():
        assert r.lan_code == r.code[:2]
        assert r.lan_code in codes


def test_every_lan_has_kommuner_and_they_add_up() -> None:
    assert sum(len(kommuner(c.code)) for c in lan()) == 290
    assert all(kommuner(c.code) for c in lan())


def test_vastmanland_kommuner() -> None:
    assert VASTMANLAND == "19"
    got = {r.code: r.name for r in kommuner(VASTMANLAND)}
    assert got == VASTMANLAND_KOMMUNER


def test_region_lookup_and_english_names() -> None:
    vm = region("19")
    assert vm.name == "Västmanlands län"
    assert vm.name_en == "Västmanland County"
    assert region("12").name_en == "Skåne County"
    assert region("14").name_en == "Västra Götaland County"
    assert region("1980").name == "Västerås"
    assert region("1980").name_en == "Västerås"
    assert region("1980").lan_code == "19"


def test_every_record_carries_version() -> None:
    versions = {r.version for r in all_regions()}
    assert versions == {"Regionindelning 2007 (SCB kommun/län codes, valid 2007–)"}


def test_unknown_region_raises_clear_key_error() -> None:
    with pytest.raises(KeyError, match="unknown region code '9999'"):
        region("9999")
    with pytest.raises(KeyError, match="county"):
        kommuner("02")
    with pytest.raises(KeyError):
        kommuner("1980")  # a municipality is not a county


def test_region_loaders_are_cached() -> None:
    assert all_regions() is all_regions()
    assert lan() is lan()
    assert kommuner() is kommuner()
    assert kommuner(VASTMANLAND) is kommuner(VASTMANLAND)

"""Tests for ecc_atlas.reference.classifications."""

from __future__ import annotations

import pytest

from ecc_atlas.reference import (
    CARRIERS,
    STRENGTH_AREAS,
    industry,
    occupation,
    segments,
    sni,
    ssyk,
    ssyk_unit,
    sun_levels,
)

# Unit groups named in DATA.md.
DATA_MD_UNIT_GROUPS = {
    "1341": "Chefer inom arkitekt- och ingenjörsverksamhet, nivå 1",
    "1342": "Chefer inom arkitekt- och ingenjörsverksamhet, nivå 2",
    "1371": "Produktionschefer inom tillverkning, nivå 1",
    "1372": "Produktionschefer inom tillverkning, nivå 2",
    "2143": "Civilingenjörsyrken inom elektroteknik",
    "2144": "Civilingenjörsyrken inom maskinteknik",
    "2149": "Övriga civilingenjörsyrken",
    "2183": "Specialister inom miljöskydd och miljöteknik",
    "3113": "Ingenjörer och tekniker inom elektroteknik",
    "3114": "Ingenjörer och tekniker inom maskinteknik",
    "3119": "Övriga ingenjörer och tekniker",
    "3122": "Arbetsledare inom tillverkning",
    "7125": "VVS-montörer m.fl.",
    "7126": "Kyl- och värmepumpstekniker m.fl.",
    "7233": "Underhållsmekaniker och maskinreparatörer",
    "7411": "Installations- och serviceelektriker",
    "7412": "Industrielektriker",
    "7413": "Distributionselektriker",
    "7420": "Elektronikreparatörer och kommunikationselektriker m.fl.",
    "8191": "Drifttekniker vid värme- och vattenverk",
    "8199": "Övriga drifttekniker och processövervakare",
    "8212": "Montörer, elektrisk och elektronisk utrustning",
}


def test_ssyk_has_all_major_and_sub_major_groups() -> None:
    majors = [o for o in ssyk() if o.level == "major_group"]
    assert [o.code for o in majors] == [str(d) for d in range(10)]
    sub_majors = [o for o in ssyk() if o.level == "sub_major_group"]
    assert len(sub_majors) == 46
    assert all(len(o.code) == 2 and o.code[0] in "0123456789" for o in sub_majors)


def test_ssyk_has_data_md_unit_groups() -> None:
    for code, name_sv in DATA_MD_UNIT_GROUPS.items():
        unit = ssyk_unit(code)
        assert unit.level == "unit_group"
        assert unit.name_sv == name_sv
        assert unit.energy_relevant
        assert unit.name_en


def test_ssyk_units_are_consistent() -> None:
    codes = {o.code for o in ssyk()}
    units = [o for o in ssyk() if o.level == "unit_group"]
    assert 40 <= len(units) <= 70
    for unit in units:
        assert len(unit.code) == 4
        assert unit.code.isdigit()
        assert unit.code[:2] in codes
        assert unit.code[:1] in codes
    assert {o.version for o in ssyk()} == {"SSYK 2012"}
    assert ssyk_unit("2142").name_sv == "Civilingenjörsyrken inom bygg och anläggning"
    assert not ssyk_unit("9111").energy_relevant


def test_ssyk_lookup_errors() -> None:
    with pytest.raises(KeyError, match="unit group"):
        ssyk_unit("21")  # a sub-major group, not a unit group
    with pytest.raises(KeyError):
        ssyk_unit("9999")
    assert occupation("21").level == "sub_major_group"


def test_sni_codes() -> None:
    codes = {i.code for i in sni()}
    for code in ("35.11", "35.12", "35.13", "35.14", "35.21", "35.22", "35.23", "35.30"):
        assert code in codes
    for code in ("27.11", "27.12", "27.20", "28.11", "30.20", "33.14", "43.21"):
        assert code in codes
    assert {"71.12", "71.123", "71.124"} <= codes
    assert {i.version for i in sni()} == {"SNI 2007"}
    assert industry("35.30").name_sv == "Försörjning av värme och kyla"
    assert industry("3530").code == "35.30"
    assert industry("35300").code == "35.30"
    with pytest.raises(KeyError):
        industry("01.11")


def test_sun_levels() -> None:
    levels = sun_levels()
    assert [lv.code for lv in levels] == ["1", "2", "3", "4", "5", "6", "7", "US"]
    assert [lv.code for lv in levels if lv.phd] == ["7"]
    assert levels[6].name_sv == "Forskarutbildning"
    assert {lv.version for lv in levels} == {"SUN 2020"}


def test_segments_structure() -> None:
    seg = segments()
    assert seg.id == "ecc-energy-chain"
    assert seg.version == "2026.1"
    assert seg.valid_from == "2026-01-01"
    assert seg.codes == (
        "supply",
        "grids",
        "storage",
        "heat",
        "end_use",
        "manufacturing",
        "engineering",
        "trade_services",
    )
    for s in seg.segments:
        assert all((s.name_sv, s.name_en, s.description_sv, s.description_en))
        assert s.carriers
        assert set(s.carriers) <= set(CARRIERS)
        assert set(s.strength_areas) <= set(STRENGTH_AREAS)
    manufacturing = seg.segment("manufacturing")
    assert set(manufacturing.strength_areas) == set(STRENGTH_AREAS)
    with pytest.raises(KeyError, match="expected one of"):
        seg.segment("nope")


def test_every_sni_map_segment_exists() -> None:
    seg = segments()
    assert seg.sni_map
    for code, segment_code in seg.sni_map.items():
        assert segment_code in seg.codes, code


def test_sni_file_agrees_with_segment_map() -> None:
    seg = segments()
    for ind in sni():
        if ind.suggested_segment is not None:
            assert seg.sni_map[ind.code] == ind.suggested_segment
            assert seg.suggest(ind.code) == ind.suggested_segment
    assert set(seg.sni_map) <= {i.code for i in sni()}


def test_suggest_falls_back_to_prefixes() -> None:
    seg = segments()
    assert seg.suggest("71.123") == seg.suggest("71.12")
    assert seg.suggest("71.129") == seg.suggest("71.12") == "engineering"
    assert seg.suggest("71123") == "engineering"
    assert seg.suggest("35.110") == "supply"
    assert seg.suggest("35.12") == "grids"
    assert seg.suggest("35.30") == "heat"
    assert seg.suggest("27.11") == "manufacturing"
    assert seg.suggest("01.11") is None
    assert seg.suggest("35") is None


def test_sni_map_is_read_only() -> None:
    with pytest.raises(TypeError):
        segments().sni_map["35.11"] = "grids"  # type: ignore[index]


def test_classification_loaders_are_cached() -> None:
    assert ssyk() is ssyk()
    assert sni() is sni()
    assert sun_levels() is sun_levels()
    assert segments() is segments()

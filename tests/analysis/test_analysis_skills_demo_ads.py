"""The synthetic job ads of the demo (ecc_atlas.demo.ads) and what the matcher finds in them."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from ecc_atlas.analysis.skills_match import SkillMatcher
from ecc_atlas.analysis.skills_text import ad_text
from ecc_atlas.demo import generate
from ecc_atlas.demo.ads import (
    EMPLOYER_KINDS,
    PHRASES,
    AdComposer,
    Employer,
    demo_organisations,
    employer_kind,
    employers,
    generate_job_ads,
    jobsearch_record,
)
from ecc_atlas.identifiers import normalise_org_number
from ecc_atlas.ingest.jobtech import SCHEMA, convert_ad
from ecc_atlas.reference import kommuner
from ecc_atlas.reference.skills import skill_vocabulary


@pytest.fixture(scope="module")
def table() -> pa.Table:
    return generate_job_ads()


def test_schema_size_and_determinism(table: pa.Table) -> None:
    assert table.schema == SCHEMA.arrow()
    assert 3000 <= table.num_rows <= 4500
    assert generate_job_ads().equals(table)
    assert not generate_job_ads(1).equals(table)
    assert len(set(table.column("ad_id").to_pylist())) == table.num_rows
    codes = {k.code for k in kommuner("19")}
    assert set(table.column("kommun_code").to_pylist()) <= codes
    assert set(table.column("lan_code").to_pylist()) == {"19"}
    dates = table.column("publication_date").to_pylist()
    assert min(dates) >= dt.date(2019, 1, 1)
    assert max(dates) <= dt.date(2024, 12, 31)
    for number in set(table.column("employer_org_number").to_pylist()):
        assert normalise_org_number(number) == number
    per_year = Counter(d.year for d in dates)
    assert per_year[2020] < per_year[2019] < per_year[2024]  # the 2020 dip, then growth


def test_employers_are_the_demo_organisations() -> None:
    orgs, places = demo_organisations(20260101)
    data = generate(20260101)
    assert sorted(o.org_number for o in orgs) == [o.org_number for o in data.organisations]
    advertisers = employers(orgs, places)
    assert all(isinstance(e, Employer) for e in advertisers)
    passed = generate_job_ads(
        20260101, organisations=data.organisations, workplaces=data.workplaces
    )
    assert passed.equals(generate_job_ads())
    kinds = Counter(e.kind for e in advertisers)
    assert {"power_equipment", "robotics", "rail", "battery", "grid", "heat"} <= set(kinds)
    assert set(kinds) <= set(EMPLOYER_KINDS)
    assert employer_kind("35.13", "Driver regionala och lokala elnät") == "grid"
    assert employer_kind("27.11", "Tillverkar elmotorer och frekvensomriktare") == (
        "machines_drives"
    )


def test_the_matcher_finds_the_planted_skills() -> None:
    composer = AdComposer(3)
    matcher = SkillMatcher()
    orgs, places = demo_organisations(20260101)
    advertisers = employers(orgs, places)
    planted = found = right_section = english = 0
    for i in range(300):
        ad = composer.compose(advertisers[i % len(advertisers)], 2019 + i % 6)
        english += ad.lang == "en"
        skills = matcher.skill_sets([ad_text(ad.headline, ad.text)])[0]
        for skill, section in ad.skills.items():
            planted += 1
            found += skill in skills
            right_section += skills.get(skill) == section
    assert found / planted >= 0.97
    assert right_section / planted >= 0.9
    assert 0.05 <= english / 300 <= 0.5


def test_phrases_cover_the_vocabulary() -> None:
    assert set(PHRASES) == {s.id for s in skill_vocabulary().skills}


def test_jobsearch_record_is_read_back_by_the_importer(table: pa.Table) -> None:
    row = table.slice(0, 1).to_pylist()[0]
    record = jobsearch_record(row)
    assert record["description"]["text_formatted"].startswith("<p>")
    counts = Counter({"invalid_org_numbers": 0, "personal_numbers_dropped": 0})
    converted, problems = convert_ad(record, counts)
    assert problems == []
    for column in ("ad_id", "headline", "description_text", "ssyk", "kommun_code", "lan_code"):
        assert converted[column] == row[column]
    assert converted["publication_date"] == row["publication_date"]


def test_rising_skills_rise(table: pa.Table) -> None:
    early = table.filter(pc.less(table["publication_date"], dt.date(2021, 1, 1)))
    late = table.filter(pc.greater_equal(table["publication_date"], dt.date(2023, 1, 1)))
    matcher = SkillMatcher(sections=False)

    def share(subset: pa.Table, skill: str) -> float:
        heads, bodies = subset["headline"].to_pylist(), subset["description_text"].to_pylist()
        texts = [ad_text(h, d) for h, d in zip(heads, bodies, strict=True)]
        sets = matcher.skill_sets(texts)
        return sum(skill in s for s in sets) / len(sets)

    assert share(late, "hydrogen") > 2 * share(early, "hydrogen")
    assert share(late, "battery_cells") > 1.5 * share(early, "battery_cells")

"""Seeded synthetic inputs for the ingest benchmarks: job ads (JSON Lines) and a JSON-stat 2 cube.

    .venv/bin/python benchmarks/ingest/generate.py ads /tmp/ads_1m.jsonl --count 1000000
    .venv/bin/python benchmarks/ingest/generate.py jsonstat /tmp/cube_1m.json

Ads follow the JobSearch / historical-ads format the importer reads (id, headline,
description.text, employer, occupation, occupation_group.legacy_ams_taxonomy_id = SSYK,
workplace_address, dates, number_of_vacancies, plus fields the importer ignores), with
descriptions of 300–2,000 characters, valid organisation numbers, real kommun and SSYK codes,
about 2 % reposts (same employer, headline and kommun within 30 days) and 0.5 % repeated ids, so
that the deduplication works as on real files. Nothing here is real: employers and texts are
drawn from small word lists. The cube mimics an SCB population table: Region (290 kommuner) ×
Alder (0–100+) × Kon (2) × Tid (17 years) = 995,860 cells, about 1 % null.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from ecc_atlas import reference  # noqa: E402
from ecc_atlas.identifiers import luhn_check_digit  # noqa: E402

WORDS = (
    "vi", "söker", "elektriker", "ingenjör", "tekniker", "till", "vårt", "team", "inom",
    "elkraft", "automation", "drift", "underhåll", "kraftverk", "nät", "fjärrvärme", "batterier",
    "robotik", "säkerhet", "projekt", "kunder", "erfarenhet", "utbildning", "körkort", "heltid",
    "tillsvidare", "ansvar", "samarbete", "kvalitet", "miljö", "energi", "omställning",
    "framtid", "region", "västerås", "köping", "sala", "arboga", "fagersta", "hallstahammar",
    "surahammar", "kungsör", "norberg",
)  # fmt: skip
TITLES = (
    "Elektriker", "Elkraftingenjör", "Drifttekniker", "Underhållsmekaniker", "Automationsingenjör",
    "Projektledare el", "Servicetekniker", "Elnätsmontör", "Konstruktör", "Kyltekniker",
)  # fmt: skip
SUFFIXES = ("Kraft", "Energi", "Elnät", "Teknik", "Automation", "Värme", "Service", "Industri")


def _org_number(rng: random.Random) -> str:
    body = f"556{rng.randrange(10**6):06d}"  # a limited company (aktiebolag)
    return body + str(luhn_check_digit(body))


def _text(rng: random.Random, low: int, high: int) -> str:
    target = rng.randrange(low, high)
    words: list[str] = []
    size = 0
    while size < target:
        word = rng.choice(WORDS)
        words.append(word)
        size += len(word) + 1
    return " ".join(words).capitalize() + "."


def ads(path: Path, count: int, seed: int) -> None:
    """Write ``count`` ads as JSON Lines."""
    rng = random.Random(seed)
    kommuner = [(k.code, k.lan_code, k.name) for k in reference.kommuner()]
    ssyk = [o.code for o in reference.ssyk() if o.level == "unit_group"]
    employers = [
        (f"Fiktiva {rng.choice(SUFFIXES)} {i} AB", _org_number(rng)) for i in range(20_000)
    ]
    start = dt.date(2023, 1, 1)
    previous: list[dict[str, object]] = []
    with open(path, "w", encoding="utf-8") as handle:
        for number in range(count):
            roll = rng.random()
            if previous and roll < 0.02:  # a repost of a recent ad, new id
                ad = dict(rng.choice(previous))
                ad["id"] = str(30_000_000 + number)
            elif previous and roll < 0.025:  # the same ad again
                ad = rng.choice(previous)
            else:
                name, org = rng.choice(employers)
                code, lan, kommun = rng.choice(kommuner)
                published = start + dt.timedelta(days=rng.randrange(730))
                group = rng.choice(ssyk) if rng.random() < 0.97 else None
                ad = {
                    "id": str(30_000_000 + number),
                    "external_id": None,
                    "headline": f"{rng.choice(TITLES)} till {name}",
                    "application_deadline": f"{published + dt.timedelta(days=30)}T23:59:59",
                    "number_of_vacancies": rng.choice((1, 1, 1, 2, 3)),
                    "description": {
                        "text": _text(rng, 300, 2000),
                        "company_information": None,
                        "needs": None,
                    },
                    "employment_type": {"concept_id": "kpPX_CNN_gDU", "label": "Tillsvidare"},
                    "employer": {"organization_number": org, "name": name, "workplace": name},
                    "occupation": {"concept_id": "x", "label": rng.choice(TITLES)},
                    "occupation_group": {"concept_id": "y", "legacy_ams_taxonomy_id": group},
                    "workplace_address": {
                        "municipality": kommun,
                        "municipality_code": code,
                        "region_code": lan,
                        "country_code": "199",
                        "coordinates": [16.5 + rng.random(), 59.6 + rng.random()],
                    },
                    "publication_date": f"{published}T08:00:00",
                    "last_publication_date": f"{published + dt.timedelta(days=30)}T23:59:59",
                    "removed": False,
                    "source_type": "VIA_AF_FORMULAR",
                }
            previous.append(ad)
            if len(previous) > 500:
                previous.pop(0)
            handle.write(json.dumps(ad, ensure_ascii=False))
            handle.write("\n")


def jsonstat(path: Path, seed: int) -> int:
    """Write a JSON-stat 2 cube of about a million cells; return the number of cells."""
    rng = random.Random(seed)
    regions = [k.code for k in reference.kommuner()]
    ages = [str(a) for a in range(100)] + ["100+"]
    years = [str(y) for y in range(2008, 2025)]
    dims = {
        "Region": (regions, [f"Kommun {c}" for c in regions]),
        "Alder": (ages, [f"{a} år" for a in ages]),
        "Kon": (["1", "2"], ["män", "kvinnor"]),
        "Tid": (years, years),
    }
    cells = 1
    for codes, _ in dims.values():
        cells *= len(codes)
    values = [None if rng.random() < 0.01 else rng.randrange(0, 5000) for _ in range(cells)]
    doc = {
        "version": "2.0",
        "class": "dataset",
        "label": "Folkmängden per region, ålder, kön och år (syntetisk)",
        "source": "Benchmark (synthetic)",
        "updated": "2025-02-21T08:00:00Z",
        "id": list(dims),
        "size": [len(c) for c, _ in dims.values()],
        "role": {"time": ["Tid"], "geo": ["Region"]},
        "dimension": {
            name: {
                "label": name,
                "category": {
                    "index": {c: i for i, c in enumerate(codes)},
                    "label": dict(zip(codes, labels, strict=True)),
                },
            }
            for name, (codes, labels) in dims.items()
        },
        "extension": {"px": {"tableid": "BENCH1M"}},
        "value": values,
    }
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return cells


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=["ads", "jsonstat"])
    parser.add_argument("path", type=Path)
    parser.add_argument("--count", type=int, default=1_000_000, help="ads to write")
    parser.add_argument("--seed", type=int, default=20260101)
    args = parser.parse_args()
    if args.kind == "ads":
        ads(args.path, args.count, args.seed)
    else:
        jsonstat(args.path, args.seed)
    print(f"{args.path}: {args.path.stat().st_size / 1e6:.0f} MB")


if __name__ == "__main__":
    main()

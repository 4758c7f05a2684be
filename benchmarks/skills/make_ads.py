"""Write a synthetic JSON Lines file of job ads in the JobTech JobSearch format (seeded).

    .venv/bin/python benchmarks/skills/make_ads.py --ads 1000000 --seed 7 --out /tmp/ads_1m.jsonl

Each line is one ad as JobTech's historical files have it (``id``, ``headline``,
``description.text`` and ``text_formatted``, employer, occupation, workplace address,
dates …). The texts come from :class:`ecc_atlas.demo.ads.AdComposer` (Västmanland energy
employers, Swedish and English, requirement and merit lists) plus company and benefit
paragraphs so that descriptions are about as long as real ones (median about 2,600
characters; the JobTech sample in ``shared/samples`` has 3,300). Same seed → same file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import time
from pathlib import Path

from ecc_atlas.demo.ads import AdComposer, demo_organisations, employers, jobsearch_record

FILLER_SV = (
    "Vi är ett företag i stark utveckling med kunder inom industri, energi och offentlig sektor.",
    "Hos oss arbetar engagerade medarbetare som brinner för teknik och hållbarhet, och vi tror "
    "på att utvecklas tillsammans.",
    "Vi erbjuder en arbetsplats med god stämning, kollektivavtal, tjänstepension och "
    "friskvårdsbidrag på 5 000 kronor per år.",
    "Du kommer att ingå i ett team där vi hjälps åt, delar kunskap och firar framgångar "
    "tillsammans.",
    "Vi har flexibla arbetstider och möjlighet till distansarbete vissa dagar i veckan, "
    "beroende på arbetsuppgifter.",
    "Som person är du strukturerad, kommunikativ och trivs med att ta ansvar för dina "
    "uppgifter från start till mål.",
    "Vi lägger stor vikt vid personlig lämplighet och ser gärna sökande som kan bidra till "
    "mångfalden i vår organisation.",
    "Tjänsten är en tillsvidareanställning på heltid med tillträde enligt överenskommelse.",
    "Om du har frågor om tjänsten är du välkommen att kontakta ansvarig chef; fackliga "
    "företrädare nås via växeln.",
    "Vi arbetar med löpande urval, så skicka gärna din ansökan redan idag. Intervjuer kan "
    "komma att ske under ansökningstiden.",
    "Företaget har vuxit kraftigt de senaste åren och har idag kontor i Västerås, Eskilstuna "
    "och Örebro.",
    "Vi är certifierade enligt ISO 9001, ISO 14001 och ISO 45001 och arbetar systematiskt med "
    "kvalitet, miljö och arbetsmiljö.",
)
FILLER_EN = (
    "We are a fast-growing company with customers in industry, energy and the public sector.",
    "Our people are passionate about technology and sustainability, and we believe in "
    "growing together.",
    "We offer a friendly workplace, collective agreement, occupational pension and a "
    "wellness allowance.",
    "You will join a team where we help each other, share knowledge and celebrate success "
    "together.",
    "We have flexible working hours and the possibility to work remotely some days a week.",
    "As a person you are structured, communicative and enjoy taking responsibility for your "
    "tasks from start to finish.",
    "We value diversity and welcome applicants of all backgrounds.",
    "This is a permanent full-time position with start according to agreement.",
    "We review applications continuously, so send yours today; interviews may take place "
    "during the application period.",
)


def write_ads(path: Path, ads: int, seed: int) -> tuple[int, float]:
    """Write ``ads`` ads to ``path``; return (bytes written, seconds)."""
    started = time.perf_counter()
    organisations, workplaces = demo_organisations(20260101)
    advertisers = employers(organisations, workplaces)
    composer = AdComposer(seed)
    rng = random.Random(seed + 1)
    size = 0
    with path.open("w", encoding="utf-8") as handle:
        for number in range(ads):
            employer = rng.choice(advertisers)
            year = rng.randint(2016, 2025)
            ad = composer.compose(employer, year)
            filler = FILLER_EN if ad.lang == "en" else FILLER_SV
            extra = rng.choices(filler, k=rng.randint(9, 17))
            text = ad.text.replace("\n\n", "\n\n" + " ".join(extra[:5]) + "\n\n", 1)
            text += "\n\n" + " ".join(extra[5:])
            day = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
            kommun = rng.choice(employer.kommuner)
            row = {
                "ad_id": str(10_000_000 + number),
                "headline": ad.headline,
                "description_text": text,
                "employer_name": employer.name,
                "employer_org_number": employer.org_number,
                "ssyk": ad.ssyk,
                "occupation_label": ad.occupation_label,
                "kommun_code": kommun,
                "lan_code": kommun[:2],
                "publication_date": day.isoformat(),
                "last_publication_date": (day + dt.timedelta(days=21)).isoformat(),
                "number_of_vacancies": 1,
            }
            line = json.dumps(jobsearch_record(row), ensure_ascii=False)
            handle.write(line + "\n")
            size += len(line.encode("utf-8")) + 1
    return size, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ads", type=int, default=1_000_000, help="number of ads")
    parser.add_argument("--seed", type=int, default=7, help="random seed")
    parser.add_argument("--out", type=Path, required=True, help="JSON Lines file to write")
    args = parser.parse_args(argv)
    size, seconds = write_ads(args.out, args.ads, args.seed)
    print(f"{args.ads:,} ads, {size / 1e6:,.1f} MB → {args.out} in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

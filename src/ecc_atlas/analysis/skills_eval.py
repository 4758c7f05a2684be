"""Accuracy of the skill matcher on a hand-labelled set of ads: precision, recall, F1.

The evaluation set (``tests/data/skills_eval/``, see its README for the annotation guide) is
a set of text files of ads, each introduced by a ``### <id>`` line, a few ``key: value``
lines (``lang``, ``sector``, ``ssyk``, ``split``, ``headline``, ``skills``, ``note``), a
line ``---`` and the ad text. ``skills`` lists the gold skills of the ad with their section:
``relay_protection=requirement; plc=merit; electricity_grids=other`` (``-`` for none).

:func:`evaluate` compares, per ad, the set of skills the matcher finds with the gold set and
reports true positives, false positives and false negatives, per skill, per skill group and
overall (micro-averaged; the macro average over groups too), and how often the section of a
correctly found skill is right.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from ecc_atlas.analysis.skills_match import SkillMatcher
from ecc_atlas.analysis.skills_sections import SECTIONS
from ecc_atlas.analysis.skills_text import ad_text
from ecc_atlas.reference.skills import SkillVocabulary

__all__ = [
    "EvalAd",
    "EvalFormatError",
    "EvalReport",
    "Scores",
    "check_labels",
    "evaluate",
    "load_eval_set",
    "parse_eval_file",
]

_KEYS: Final = ("lang", "sector", "ssyk", "split", "headline", "skills", "note")


class EvalFormatError(ValueError):
    """An evaluation file is malformed; the message names the file and the ad."""


@dataclass(frozen=True)
class EvalAd:
    """One labelled ad: its text parts and the gold skills with their sections."""

    id: str
    lang: str
    sector: str
    ssyk: str
    split: str
    headline: str
    text: str
    gold: dict[str, str]
    note: str = ""

    @property
    def full_text(self) -> str:
        """The text the matcher reads (headline, blank line, description)."""
        return ad_text(self.headline, self.text)


@dataclass
class Scores:
    """Counts and the measures derived from them."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        """tp / (tp + fp); 1.0 when nothing was found."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """tp / (tp + fn); 1.0 when there was nothing to find."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Scores) -> None:
        """Add another's counts."""
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn


@dataclass
class EvalReport:
    """The result of :func:`evaluate`.

    ``overall``: micro-averaged scores; ``groups`` and ``skills``: scores per group and skill;
    ``section_accuracy``: share of true positives whose section matches the gold section;
    ``errors``: per ad, the false positives and false negatives (for reading).
    """

    ads: int
    overall: Scores
    groups: dict[str, Scores]
    skills: dict[str, Scores]
    section_accuracy: float
    section_confusion: dict[tuple[str, str], int] = field(default_factory=dict)
    errors: list[tuple[str, list[str], list[str]]] = field(default_factory=list)

    @property
    def macro_f1(self) -> float:
        """The mean F1 over skill groups that have gold or found skills."""
        values = [s.f1 for s in self.groups.values() if s.tp + s.fp + s.fn]
        return sum(values) / len(values) if values else 0.0

    def rows(self) -> list[dict[str, object]]:
        """One row per group and an ``all`` row: group, ads, tp, fp, fn, precision, recall,
        f1 (for tables and the docs)."""
        out: list[dict[str, object]] = []
        items = [*sorted(self.groups.items()), ("all", self.overall)]
        for name, s in items:
            out.append(
                {
                    "group": name,
                    "tp": s.tp,
                    "fp": s.fp,
                    "fn": s.fn,
                    "precision": round(s.precision, 3),
                    "recall": round(s.recall, 3),
                    "f1": round(s.f1, 3),
                }
            )
        return out


def _parse_skills(value: str, where: str) -> dict[str, str]:
    value = value.strip()
    if value in ("", "-"):
        return {}
    gold: dict[str, str] = {}
    for part in value.split(";"):
        part = part.strip()
        if not part:
            continue
        skill, sep, section = part.partition("=")
        section = section.strip() if sep else "other"
        if section not in SECTIONS:
            raise EvalFormatError(f"{where}: section {section!r} is not one of {SECTIONS}.")
        gold[skill.strip()] = section
    return gold


def parse_eval_file(text: str, *, name: str = "<string>") -> list[EvalAd]:
    """The ads of one evaluation file."""
    ads: list[EvalAd] = []
    blocks = text.split("\n### ")
    if blocks and blocks[0].startswith("### "):
        blocks[0] = blocks[0][4:]
    elif blocks:
        blocks = blocks[1:]  # a preamble before the first ad
    for block in blocks:
        head, sep, body = block.partition("\n---\n")
        lines = head.split("\n")
        ad_id = lines[0].strip()
        where = f"{name} ad {ad_id!r}"
        if not sep:
            raise EvalFormatError(f"{where}: no '---' line before the text.")
        meta: dict[str, str] = {}
        for line in lines[1:]:
            if not line.strip():
                continue
            key, colon, value = line.partition(":")
            if not colon or key.strip() not in _KEYS:
                raise EvalFormatError(f"{where}: bad header line {line!r}.")
            meta[key.strip()] = value.strip()
        missing = [k for k in ("lang", "split", "headline", "skills") if k not in meta]
        if missing:
            raise EvalFormatError(f"{where}: missing {', '.join(missing)}.")
        ads.append(
            EvalAd(
                id=ad_id,
                lang=meta["lang"],
                sector=meta.get("sector", ""),
                ssyk=meta.get("ssyk", ""),
                split=meta["split"],
                headline=meta["headline"],
                text=body.strip("\n"),
                gold=_parse_skills(meta["skills"], where),
                note=meta.get("note", ""),
            )
        )
    return ads


def load_eval_set(directory: str | Path) -> list[EvalAd]:
    """Every ad of the ``*.txt`` files of ``directory`` (sorted by file name)."""
    ads: list[EvalAd] = []
    for path in sorted(Path(directory).glob("*.txt")):
        ads.extend(parse_eval_file(path.read_text(encoding="utf-8"), name=path.name))
    ids = Counter(ad.id for ad in ads)
    duplicated = [i for i, n in ids.items() if n > 1]
    if duplicated:
        raise EvalFormatError(f"Duplicate ad ids in the evaluation set: {duplicated[:5]}.")
    return ads


def check_labels(ads: Iterable[EvalAd], vocabulary: SkillVocabulary) -> list[str]:
    """Gold skills that are not in the vocabulary, as ``"ad: skill"`` strings."""
    known = {s.id for s in vocabulary.skills}
    return [f"{ad.id}: {s}" for ad in ads for s in ad.gold if s not in known]


def evaluate(
    ads: Sequence[EvalAd],
    matcher: SkillMatcher,
    *,
    sections: Sequence[str] | None = None,
) -> EvalReport:
    """Score ``matcher`` on ``ads`` at the level of (ad, skill).

    ``sections``: count only gold and found skills in these sections (for example
    ``("requirement", "merit")`` — the skills an ad asks for); by default all mentions.
    """
    vocabulary = matcher.vocabulary
    group_of = {s.id: s.group for s in vocabulary.skills}
    skills: dict[str, Scores] = {s.id: Scores() for s in vocabulary.skills}
    groups: dict[str, Scores] = {g.id: Scores() for g in vocabulary.groups}
    overall = Scores()
    confusion: Counter[tuple[str, str]] = Counter()
    errors: list[tuple[str, list[str], list[str]]] = []
    found_all = matcher.skill_sets([ad.full_text for ad in ads])
    for ad, found in zip(ads, found_all, strict=True):
        gold = ad.gold
        if sections is not None:
            gold = {k: v for k, v in gold.items() if v in sections}
            found = {k: v for k, v in found.items() if v in sections}
        for skill_id in set(gold) | set(found):
            hit = Scores(
                tp=int(skill_id in gold and skill_id in found),
                fp=int(skill_id in found and skill_id not in gold),
                fn=int(skill_id in gold and skill_id not in found),
            )
            skills.setdefault(skill_id, Scores()).add(hit)
            groups.setdefault(group_of.get(skill_id, "unknown"), Scores()).add(hit)
            overall.add(hit)
            if hit.tp:
                confusion[(gold[skill_id], found[skill_id])] += 1
        wrong = sorted(set(found) - set(gold))
        missed = sorted(set(gold) - set(found))
        if wrong or missed:
            errors.append((ad.id, wrong, missed))
    matched = sum(n for (g, f), n in confusion.items() if g == f)
    total = sum(confusion.values())
    return EvalReport(
        ads=len(ads),
        overall=overall,
        groups=groups,
        skills=skills,
        section_accuracy=matched / total if total else 0.0,
        section_confusion=dict(confusion),
        errors=errors,
    )

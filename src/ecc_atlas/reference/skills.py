"""The energy-competence vocabulary (``ecc-energy-skills``) and the ad-section cues.

Package data in ``data/skills/``: ``vocabulary.json`` (groups, skills with Swedish and English
labels, terms — synonyms, abbreviations, inflected and compound forms —, links to SSYK 2012 and to
JobTech skill concepts, and stop terms) and ``sections.json`` (cue phrases for requirement, merit
and other sections of an ad). Both are versioned (``version``, ``valid_from``); analysts may edit
them: bump the version, and run ``tests/reference/test_reference_skills.py``.

How a term matches (the matcher is :mod:`ecc_atlas.analysis.skills_match`): every term has a
``left`` rule (``word``: it starts a word; ``compound``: it may also end a compound, as
*ställverk* in *högspänningsställverk*), a ``right`` rule (``word``: a word boundary follows;
``inflect``: an inflection ending of the term's language may follow; ``compound``: anything may
follow, as in *reläskydd-et*, *högspänning-sanläggningar*) and a case rule (abbreviations match
only as written: *PLC*, not *plc*). Defaults by list: ``sv`` — right ``compound`` for terms of
five letters or more, else ``inflect``; ``en`` — right ``inflect`` (-s, -es); ``abbr`` — exact
case, right ``inflect``; ``names`` — right ``word``.

Example::

    >>> from ecc_atlas.reference.skills import skill_vocabulary
    >>> vocabulary = skill_vocabulary()
    >>> vocabulary.skill("relay_protection").label_en
    'Relay protection and control'
    >>> vocabulary.group(vocabulary.skill("relay_protection").group).label_sv
    'Elkraft och elnät'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any, Final, Literal, cast

import pyarrow as pa

from ecc_atlas.reference._resources import read_json
from ecc_atlas.reference.classifications import ssyk

__all__ = [
    "EN_SUFFIXES",
    "SV_SUFFIXES",
    "CueKind",
    "SectionCues",
    "Skill",
    "SkillGroup",
    "SkillVocabulary",
    "Term",
    "jobtech_skill_concepts",
    "section_cues",
    "skill_vocabulary",
]

Left = Literal["word", "compound"]
Right = Literal["word", "inflect", "compound"]
TermList = Literal["sv", "en", "abbr", "names", "jobtech"]
CueKind = Literal[
    "merit", "merit_weak", "requirement_strong", "requirement_weak", "requirement_heading"
]

#: Swedish inflection endings a term with ``right = inflect`` may take (nouns, adjectives, verbs).
SV_SUFFIXES: Final = frozenset(
    (
        "a", "ad", "ade", "ar", "arna", "arnas", "ars", "at", "e", "en", "ens", "er", "erna",
        "ernas", "ers", "et", "ets", "n", "na", "nas", "ns", "or", "orna", "r", "s", "t", "ts",
    )
)  # fmt: skip
#: English endings a term with ``right = inflect`` may take.
EN_SUFFIXES: Final = frozenset({"s", "es"})

_LISTS: Final = ("sv", "en", "abbr", "names")
_LEFT: Final = ("word", "compound")
_RIGHT: Final = ("word", "inflect", "compound")
_CUE_KINDS: Final = (
    "merit", "merit_weak", "requirement_strong", "requirement_weak", "requirement_heading",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Term:
    """One surface form of a skill (or a cue or stop phrase) and how it may match.

    Attributes:
        text: The term as written in the vocabulary.
        source: The list it comes from: ``sv``, ``en``, ``abbr``, ``names`` or ``jobtech``.
        left: ``word`` (starts a word) or ``compound`` (may also end a compound).
        right: ``word``, ``inflect`` (an ending in :attr:`suffixes` may follow) or ``compound``.
        exact_case: True when only this spelling matches (abbreviations).
        also: Other skills the term names at the same time (*traction motor* is rail
            traction and an electrical machine).
    """

    text: str
    source: TermList
    left: Left = "word"
    right: Right = "inflect"
    exact_case: bool = False
    also: tuple[str, ...] = ()

    @property
    def suffixes(self) -> frozenset[str]:
        """The endings allowed with ``right = inflect``."""
        if self.right != "inflect":
            return frozenset()
        return SV_SUFFIXES if self.source in ("sv", "jobtech") else EN_SUFFIXES


@dataclass(frozen=True, slots=True)
class SkillGroup:
    """A group of skills (the upper level of the hierarchy)."""

    id: str
    label_sv: str
    label_en: str
    strength_areas: tuple[str, ...] = ()

    def label(self, lang: str = "sv") -> str:
        """The label in ``sv`` or ``en``."""
        return self.label_en if lang == "en" else self.label_sv


@dataclass(frozen=True, slots=True)
class Skill:
    """A competence of the vocabulary with its terms and links.

    Attributes:
        id: Stable identifier (``relay_protection``).
        group: Id of its :class:`SkillGroup`.
        label_sv, label_en: Labels.
        definition_en: What the skill covers (the annotation guide refers to it).
        terms: Every surface form that counts as a mention.
        ssyk: SSYK 2012 unit groups that typically need the skill.
        jobtech: JobTech taxonomy skill concept ids that mean (part of) the same thing.
    """

    id: str
    group: str
    label_sv: str
    label_en: str
    definition_en: str = ""
    terms: tuple[Term, ...] = ()
    ssyk: tuple[str, ...] = ()
    jobtech: tuple[str, ...] = ()

    def label(self, lang: str = "sv") -> str:
        """The label in ``sv`` or ``en``."""
        return self.label_en if lang == "en" else self.label_sv


@dataclass(frozen=True)
class SkillVocabulary:
    """The versioned vocabulary: groups, skills and stop terms."""

    id: str
    version: str
    valid_from: str
    groups: tuple[SkillGroup, ...]
    skills: tuple[Skill, ...]
    stop_terms: tuple[Term, ...] = ()
    _skills: dict[str, Skill] = field(default_factory=dict, repr=False, compare=False)
    _groups: dict[str, SkillGroup] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._skills.update({s.id: s for s in self.skills})
        self._groups.update({g.id: g for g in self.groups})
        if len(self._skills) != len(self.skills):
            raise ValueError(f"{self.id}: skill ids are not unique.")
        for skill in self.skills:
            if skill.group not in self._groups:
                raise ValueError(f"{self.id}: skill {skill.id!r} has unknown group {skill.group!r}")

    def skill(self, skill_id: str) -> Skill:
        """The skill with this id (raises ``KeyError``)."""
        try:
            return self._skills[skill_id]
        except KeyError:
            raise KeyError(f"No skill {skill_id!r} in the vocabulary {self.version}.") from None

    def group(self, group_id: str) -> SkillGroup:
        """The group with this id (raises ``KeyError``)."""
        try:
            return self._groups[group_id]
        except KeyError:
            raise KeyError(f"No skill group {group_id!r}.") from None

    def skills_in(self, group_id: str) -> tuple[Skill, ...]:
        """The skills of a group, in vocabulary order."""
        self.group(group_id)
        return tuple(s for s in self.skills if s.group == group_id)

    def for_ssyk(self, code: str) -> tuple[Skill, ...]:
        """The skills linked to an SSYK 2012 unit group."""
        return tuple(s for s in self.skills if code in s.ssyk)

    def table(self) -> pa.Table:
        """The skills as Arrow.

        Columns: ``skill_id, group_id, label_sv, label_en, group_sv, group_en, ssyk``
        (list of SSYK codes), ``terms`` (number of terms), ``vocabulary_version``.
        """
        rows = [
            {
                "skill_id": s.id,
                "group_id": s.group,
                "label_sv": s.label_sv,
                "label_en": s.label_en,
                "group_sv": self.group(s.group).label_sv,
                "group_en": self.group(s.group).label_en,
                "ssyk": list(s.ssyk),
                "terms": len(s.terms),
                "vocabulary_version": self.version,
            }
            for s in self.skills
        ]
        schema = pa.schema(
            [
                ("skill_id", pa.string()), ("group_id", pa.string()), ("label_sv", pa.string()),
                ("label_en", pa.string()), ("group_sv", pa.string()), ("group_en", pa.string()),
                ("ssyk", pa.list_(pa.string())), ("terms", pa.int64()),
                ("vocabulary_version", pa.string()),
            ]
        )  # fmt: skip
        return pa.Table.from_pylist(rows, schema=schema)

    def with_jobtech(
        self, concepts: Iterable[tuple[str, str]], *, include_unlinked: bool = False
    ) -> SkillVocabulary:
        """Merge JobTech skill concepts ``(concept_id, preferred_label)`` into the vocabulary.

        A concept linked from a skill (its ``jobtech`` ids) adds its label, cleaned of
        parenthesised notes and ", qualifier" tails, as a Swedish term of that skill. With
        ``include_unlinked`` every other concept becomes a skill ``jobtech:<id>`` of a group
        ``jobtech``. The version becomes ``<version>+jobtech``. Terms that would repeat an
        existing term are left out by the matcher (the bundled vocabulary wins).
        """
        linked = {cid: s.id for s in self.skills for cid in s.jobtech}
        extra: dict[str, list[Term]] = {}
        new_skills: list[Skill] = []
        for concept_id, label in concepts:
            forms = _clean_jobtech_label(label)
            if not forms:
                continue
            terms = [Term(f, "jobtech", right=_default_right("sv", f)) for f in forms]
            if concept_id in linked:
                extra.setdefault(linked[concept_id], []).extend(terms)
            elif include_unlinked:
                new_skills.append(
                    Skill(f"jobtech:{concept_id}", "jobtech", label, label, "", tuple(terms))
                )
        skills = [replace(s, terms=s.terms + tuple(extra.get(s.id, ()))) for s in self.skills]
        groups = self.groups
        if new_skills:
            groups = (*groups, SkillGroup("jobtech", "JobTech (övriga)", "JobTech (other)"))
        return SkillVocabulary(
            self.id,
            f"{self.version}+jobtech",
            self.valid_from,
            groups,
            tuple(skills + new_skills),
            self.stop_terms,
        )


@dataclass(frozen=True)
class SectionCues:
    """Cue phrases for the sections of an ad (requirements, merits) and the openings of
    headings of other sections (lower case, for a prefix test on a line)."""

    version: str
    cues: Mapping[CueKind, tuple[Term, ...]]
    heading_max_words: int = 6
    other_headings: tuple[str, ...] = ()


def _default_right(source: str, text: str) -> Right:
    if source in ("sv", "jobtech"):
        letters = sum(ch.isalpha() for ch in text)
        return "compound" if letters >= 5 and " " not in text.strip() else "inflect"
    if source == "names":
        return "word"
    return "inflect"


def _term(raw: Any, source: str, where: str) -> Term:
    if isinstance(raw, str):
        raw = {"t": raw}
    if not isinstance(raw, dict) or not isinstance(raw.get("t"), str) or not raw["t"].strip():
        raise ValueError(f"{where}: a term must be a non-empty string or an object with 't'.")
    unknown = set(raw) - {"t", "left", "right", "case", "also"}
    if unknown:
        raise ValueError(f"{where}: unknown term option(s) {sorted(unknown)} in {raw!r}.")
    text = raw["t"]
    left = raw.get("left", "word")
    right = raw.get("right", _default_right(source, text))
    case = raw.get("case", "exact" if source == "abbr" else "fold")
    if left not in _LEFT or right not in _RIGHT or case not in ("exact", "fold"):
        raise ValueError(f"{where}: bad left/right/case in {raw!r}.")
    also = raw.get("also", [])
    if not isinstance(also, list) or not all(isinstance(a, str) for a in also):
        raise ValueError(f"{where}: 'also' must be a list of skill ids in {raw!r}.")
    return Term(
        text,
        cast(TermList, source),
        cast(Left, left),
        cast(Right, right),
        case == "exact",
        tuple(also),
    )


def _terms(raw: Mapping[str, Any], where: str) -> tuple[Term, ...]:
    unknown = set(raw) - set(_LISTS)
    if unknown:
        raise ValueError(f"{where}: unknown term list(s) {sorted(unknown)}; use {_LISTS}.")
    return tuple(
        _term(item, source, f"{where} {source}")
        for source in _LISTS
        for item in raw.get(source, ())
    )


@cache
def _ssyk_units() -> frozenset[str]:
    return frozenset(o.code for o in ssyk() if o.level == "unit_group")


@cache
def skill_vocabulary() -> SkillVocabulary:
    """The bundled vocabulary (``data/skills/vocabulary.json``), validated."""
    data = read_json("skills/vocabulary.json")
    groups = tuple(
        SkillGroup(g["id"], g["label_sv"], g["label_en"], tuple(g.get("strength_areas", ())))
        for g in data["groups"]
    )
    units = _ssyk_units()
    skills: list[Skill] = []
    for raw in data["skills"]:
        where = f"vocabulary.json skill {raw.get('id')!r}"
        codes = tuple(raw.get("ssyk", ()))
        bad = [c for c in codes if c not in units]
        if bad:
            raise ValueError(f"{where}: SSYK codes {bad} are not bundled unit groups.")
        skills.append(
            Skill(
                id=raw["id"],
                group=raw["group"],
                label_sv=raw["label_sv"],
                label_en=raw["label_en"],
                definition_en=raw.get("definition_en", ""),
                terms=_terms(raw["terms"], where),
                ssyk=codes,
                jobtech=tuple(raw.get("jobtech", ())),
            )
        )
    stops = tuple(
        Term(t, "en", right="inflect") for t in data.get("stop_terms", {}).get("terms", ())
    )
    return SkillVocabulary(
        data["id"], data["version"], data["valid_from"], groups, tuple(skills), stops
    )


@cache
def section_cues() -> SectionCues:
    """The bundled cue phrases of ad sections (``data/skills/sections.json``)."""
    data = read_json("skills/sections.json")
    cues: dict[CueKind, tuple[Term, ...]] = {}
    for kind in cast(tuple[CueKind, ...], _CUE_KINDS):
        lists = data["cues"][kind]
        terms = _terms(lists, f"sections.json {kind}")
        # cue words are function words: an inflection may follow, never a compound
        # ("fördel" is not in "fördelningsstation")
        cues[kind] = tuple(
            replace(t, right="inflect") if t.right == "compound" else t for t in terms
        )
    other = data.get("other_headings", {})
    openings = tuple(sorted({h.lower() for h in (*other.get("sv", ()), *other.get("en", ()))}))
    return SectionCues(data["version"], cues, int(data["heading"]["max_words"]), openings)


_PAREN = re.compile(r"\([^)]*\)")


def _clean_jobtech_label(label: str) -> list[str]:
    """``'PLC (programmerbart styrsystem)'`` → ``['PLC', 'programmerbart styrsystem']``;
    ``'Högspänningsbrytare, underhåll'`` → ``['Högspänningsbrytare']``."""
    forms = [m.group(0)[1:-1].strip() for m in _PAREN.finditer(label)]
    head = _PAREN.sub("", label).split(",")[0].strip()
    out: list[str] = []
    for form in [head, *forms]:
        if len(form) >= 3 and form.lower() not in (f.lower() for f in out):
            out.append(form)
    return out


def jobtech_skill_concepts(data: Any) -> list[tuple[str, str]]:
    """``(concept_id, preferred_label)`` of the skills in a JobTech taxonomy document.

    Reads the legacy dump (``{"skill": {legacy_id: {"conceptId", "preferredTerm"}}}``) and
    the REST answer (``[{"taxonomy/id", "taxonomy/type": "skill",
    "taxonomy/preferred-label"}]``).
    """
    if isinstance(data, dict) and isinstance(data.get("skill"), dict):
        items = data["skill"].values()
        return sorted(
            (str(v["conceptId"]), str(v["preferredTerm"]))
            for v in items
            if isinstance(v, dict) and v.get("conceptId") and v.get("preferredTerm")
        )
    if isinstance(data, list):
        return sorted(
            (str(v["taxonomy/id"]), str(v["taxonomy/preferred-label"]))
            for v in data
            if isinstance(v, dict)
            and v.get("taxonomy/type", "skill") == "skill"
            and v.get("taxonomy/id")
            and v.get("taxonomy/preferred-label")
        )
    raise ValueError("Not a JobTech taxonomy document: expected the legacy dump or a concept list.")

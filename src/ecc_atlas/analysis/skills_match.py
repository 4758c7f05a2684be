"""Find skills of the energy-competence vocabulary in ad text: Aho-Corasick with boundary rules.

One pass of an Aho-Corasick automaton (Aho & Corasick 1975; ``pyahocorasick``) over the
normalised text (:mod:`ecc_atlas.analysis.skills_text`) finds every term, stop phrase and
section cue at once. The boundary rules of the vocabulary (:mod:`ecc_atlas.reference.skills`)
are applied as follows:

* **left**: terms are stored with a leading space and the text is scanned with one in front,
  so a term can only start a word — except terms marked ``left = compound``, stored without
  it, which may also end a compound (*högspänningsställverk* → *ställverk*). Storing the space
  also keeps the automaton out of the middle of words, which makes the scan faster;
* **right**: after a match the next character decides: a boundary always passes;
  otherwise ``word`` fails, ``inflect`` passes when the rest of the word is an allowed ending
  (*reläskydd·et* for Swedish, *substation·s* for English) and ``compound`` always passes
  (*högspänning·sanläggningar*);
* **case**: abbreviations must appear as written (*PLC*, not *plc* in "Holdings plc");
* **overlaps**: leftmost-longest — of overlapping candidates the one that starts first, and of
  those the longest, is kept (*transformatorstation* is a substation, not a transformer;
  *power electronics* is not also *electronics*); stop phrases take part and are then dropped
  (*Robot Framework*, *transformer models*, *gain traction*);
* **elided compounds**: "hög- och lågspänning", "low- and high-voltage", "sol- och vindkraft"
  are completed from the last word (see :func:`SkillMatcher._elisions`).

Each mention gets the section of the ad it is in (:mod:`ecc_atlas.analysis.skills_sections`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Final, NamedTuple

import ahocorasick

from ecc_atlas.analysis.skills_sections import CUE_KINDS, Cue, assign_sections
from ecc_atlas.analysis.skills_text import Normalised, ad_text, normalise, normalise_term
from ecc_atlas.reference.skills import (
    SectionCues,
    SkillVocabulary,
    Term,
    section_cues,
    skill_vocabulary,
)

__all__ = ["Mention", "SkillMatcher", "VocabularyConflict"]

_SKILL, _STOP, _CUE = 0, 1, 2
_WORD, _INFLECT, _COMPOUND = 0, 1, 2
_RIGHT_CODES: Final = {"word": _WORD, "inflect": _INFLECT, "compound": _COMPOUND}
_TAIL = re.compile(r"\w*")
_SEPARATOR = re.compile(
    r"\s*(?:,|/|&|\+|\b(?:och|eller|samt|resp|respektive|and|or|till|to)\b\.?)?\s*"
)
_WORD_AHEAD = re.compile(r"\w+(?:-\w+)*-?")

# An entry of the automaton: (kind, ref, length, right, suffixes, exact spelling, term, other
# skills the term names too).
Entry = tuple[int, int, int, int, frozenset[str], str | None, str, tuple[int, ...]]


class VocabularyConflict(ValueError):
    """Two skills share a term (after normalisation); the message names them."""


class Mention(NamedTuple):
    """A skill found in a text: which skill, by which term, where, and in which section.

    ``start``/``end`` are character offsets into the matched text (for an ad, the string of
    :func:`ecc_atlas.analysis.skills_text.ad_text`); ``term`` is the vocabulary term;
    ``section`` is ``requirement``, ``merit`` or ``other``.
    """

    skill_id: str
    term: str
    start: int
    end: int
    section: str


def _merge(old: Entry, new: Entry) -> Entry:
    """Two spellings of one skill with the same key: keep the more permissive rule."""
    right = max(old[3], new[3])
    suffixes = old[4] | new[4]
    exact = None if old[5] is None or new[5] is None else old[5]
    also = tuple(sorted(set(old[7]) | set(new[7])))
    return (old[0], old[1], old[2], right, suffixes, exact, old[6], also)


class SkillMatcher:
    """The compiled vocabulary: ``find(text)`` returns the mentions of a text.

    Build it once (about 50 ms) and reuse it; it is not thread-safe to build, but finding is
    read-only. ``sections=False`` skips the section cues (every mention gets ``other``).
    """

    def __init__(
        self,
        vocabulary: SkillVocabulary | None = None,
        cues: SectionCues | None = None,
        *,
        sections: bool = True,
    ) -> None:
        self.vocabulary = vocabulary or skill_vocabulary()
        self.cues = cues or section_cues()
        self.sections = sections
        self.skill_ids: tuple[str, ...] = tuple(s.id for s in self.vocabulary.skills)
        self._index = {skill_id: i for i, skill_id in enumerate(self.skill_ids)}
        # elided phrases repeat across ads ("hög- och lågspänning"): remember their completions
        self._elision_cache: dict[tuple[str, str], list[tuple[int, str]]] = {}
        self._keys: dict[str, list[Entry]] = {}
        self._owners: dict[tuple[str, int], str] = {}
        for index, skill in enumerate(self.vocabulary.skills):
            for term in skill.terms:
                self._add(term, _SKILL, index, owner=skill.id)
        for term in self.vocabulary.stop_terms:
            self._add(term, _STOP, -1, owner="stop")
        if sections:
            for kind_index, kind in enumerate(CUE_KINDS):
                for term in self.cues.cues.get(kind, ()):
                    self._add(term, _CUE, kind_index, owner=f"cue:{kind}")
        automaton = ahocorasick.Automaton()
        for key, entries in self._keys.items():
            automaton.add_word(key, tuple(entries))
        automaton.make_automaton()
        self._automaton: Any = automaton

    def _add(self, term: Term, kind: int, ref: int, *, owner: str) -> None:
        key = normalise_term(term.text)
        if not key:
            raise VocabularyConflict(f"The term {term.text!r} of {owner} is empty when normalised.")
        stored = key if term.left == "compound" else " " + key
        right = _RIGHT_CODES[term.right]
        exact = term.text if term.exact_case else None
        unknown = [a for a in term.also if a not in self._index]
        if unknown:
            raise VocabularyConflict(f"The term {term.text!r} of {owner} names unknown {unknown}.")
        also = tuple(self._index[a] for a in term.also if self._index[a] != ref)
        entry: Entry = (kind, ref, len(key), right, term.suffixes, exact, term.text, also)
        entries = self._keys.setdefault(stored, [])
        for i, other in enumerate(entries):
            if other[0] == kind and other[1] == ref:
                entries[i] = _merge(other, entry)
                return
        if kind != _CUE:
            clash = [e for e in entries if e[0] != _CUE]
            if clash:
                if term.source == "jobtech":
                    return  # the bundled vocabulary wins over merged JobTech labels
                first = self._owners[(stored, clash[0][1])]
                raise VocabularyConflict(
                    f"The term {term.text!r} of {owner} normalises to {key!r}, "
                    f"which is already a term of {first}."
                )
        self._owners[(stored, ref)] = owner
        entries.append(entry)

    # -- matching ----------------------------------------------------------------------
    def _candidates(self, text: str, norm: str) -> tuple[list[tuple[int, int, Entry]], list[Cue]]:
        """Raw hits that pass the boundary and case rules: (start, end, entry) and cues."""
        n = len(norm)
        found: list[tuple[int, int, Entry]] = []
        cues: list[Cue] = []
        add_found, add_cue = found.append, cues.append
        for end, entries in self._automaton.iter(" " + norm):
            following = norm[end] if end < n else " "
            boundary = following == " " or not following.isalnum()
            for entry in entries:
                if not boundary:
                    right = entry[3]
                    if right == _WORD or (right == _INFLECT and _tail(norm, end) not in entry[4]):
                        continue
                start = end - entry[2]
                if entry[5] is not None and text[start:end] != entry[5]:
                    continue
                if entry[0] == _CUE:
                    add_cue((start, end, entry[1]))
                else:
                    add_found((start, end, entry))
        return found, cues

    @staticmethod
    def _leftmost_longest(
        found: list[tuple[int, int, Entry]],
    ) -> list[tuple[int, int, Entry]]:
        found.sort(key=lambda hit: (hit[0], hit[0] - hit[1]))
        kept: list[tuple[int, int, Entry]] = []
        last = -1
        for hit in found:
            if hit[0] >= last:
                kept.append(hit)
                last = hit[1]
        return [hit for hit in kept if hit[2][0] == _SKILL]

    def find(self, text: str | None) -> list[Mention]:
        """The mentions of skills in ``text``, sorted by position."""
        if not text:
            return []
        normalised = normalise(text)
        if normalised.origin is not None:
            return self._find_mapped(text, normalised)
        norm = normalised.text
        found, cues = self._candidates(text, norm)
        heads = _elided_heads(text)
        if not found and not heads:
            return []
        hits = self._leftmost_longest(found)
        if heads:
            hits = self._with_elisions(text, hits, heads)
        return self._mentions(text, hits, cues)

    def find_ad(self, headline: str | None, description: str | None) -> list[Mention]:
        """The mentions in an ad (offsets into :func:`ad_text` of the two parts)."""
        return self.find(ad_text(headline, description))

    def skill_sets(self, texts: Sequence[str | None]) -> list[dict[str, str]]:
        """For each text, ``{skill_id: section}`` with the strongest section per skill
        (requirement > merit > other)."""
        out = []
        for text in texts:
            best: dict[str, str] = {}
            for mention in self.find(text):
                current = best.get(mention.skill_id)
                if current is None or _RANK[mention.section] < _RANK[current]:
                    best[mention.skill_id] = mention.section
            out.append(best)
        return out

    def _mentions(
        self, text: str, hits: list[tuple[int, int, Entry]], cues: list[Cue]
    ) -> list[Mention]:
        if not hits:
            return []
        starts = [hit[0] for hit in hits]
        sections = (
            assign_sections(
                text, starts, cues, self.cues.heading_max_words, self.cues.other_headings
            )
            if self.sections
            else ["other"] * len(hits)
        )
        ids = self.skill_ids
        out = []
        for (start, end, entry), section in zip(hits, sections, strict=True):
            out.append(Mention(ids[entry[1]], entry[6], start, end, section))
            for other in entry[7]:
                out.append(Mention(ids[other], entry[6], start, end, section))
        return out

    def _find_mapped(self, text: str, normalised: Normalised) -> list[Mention]:
        """The slow path: characters were dropped, so positions are mapped back."""
        norm = normalised.text
        found, cues = self._candidates(norm, norm)
        # the case check needs the original spelling: redo it on the mapped span
        checked = []
        for start, end, entry in found:
            o_start, o_end = normalised.span(start, end)
            if entry[5] is not None and text[o_start:o_end].replace("\u00ad", "") != entry[5]:
                continue
            checked.append((o_start, o_end, entry))
        mapped_cues = [(*normalised.span(s, e), k) for s, e, k in cues]
        hits = self._leftmost_longest(checked)
        heads = _elided_heads(text)
        if heads:
            hits = self._with_elisions(text, hits, heads)
        return self._mentions(text, hits, mapped_cues)

    # -- elided compounds ----------------------------------------------------------------
    def _word_hits(self, word: str) -> list[tuple[int, int, int, str]]:
        """Skill hits of a single word: (start, end, skill index, term), unresolved."""
        normalised = normalise(word)
        if normalised.origin is not None:
            word = normalised.text
        found, _ = self._candidates(word, normalised.text)
        return [
            (s, e, skill, entry[6])
            for s, e, entry in found
            if entry[0] == _SKILL
            for skill in (entry[1], *entry[7])
        ]

    def _elisions(self, text: str, heads: list[tuple[int, int]]) -> list[tuple[int, int, Entry]]:
        """Complete elided compounds: "hög- och lågspänning" → högspänning at "hög".

        For a head ``X-`` followed by a conjunction and a word ``W``, the tails ``W[i:]`` are
        tried: ``X + W[i:]`` must have a skill term starting at its beginning and reaching
        into the tail exactly as far as a term of ``W`` reaches (so "kraft- och värmeverk"
        does not become *kraftvärmeverk*). When ``W`` itself has no term, a term covering the
        whole completed word is accepted ("kraft- och styrkablar" → *kraftkablar*).
        """
        out: list[tuple[int, int, Entry]] = []
        for start, end in heads:
            head = text[start:end]
            word = self._completing_word(text, end + 1)
            if word is None:
                continue
            key = (head.lower(), word.lower())
            completions = self._elision_cache.get(key)
            if completions is None:
                word_hits = [h for h in self._word_hits(word) if h[0] == 0]
                completions = self._completions(head, word, word_hits)
                if len(self._elision_cache) >= _ELISION_CACHE_SIZE:
                    self._elision_cache.clear()
                self._elision_cache[key] = completions
            for skill_index, term in completions:
                entry: Entry = (
                    _SKILL, skill_index, len(head), _WORD, frozenset(), None, term, ()
                )  # fmt: skip
                out.append((start, end, entry))
        return out

    @staticmethod
    def _completing_word(text: str, position: int) -> str | None:
        for _ in range(8):
            position = _SEPARATOR.match(text, position).end()  # type: ignore[union-attr]
            word = _WORD_AHEAD.match(text, position)
            if word is None:
                return None
            if not word.group().endswith("-"):
                return word.group()
            position = word.end()
        return None

    def _look(self, form: str, results: dict[int, str]) -> None:
        """Add the skills of the key ``form`` (with or without the word-start space)."""
        for key in (" " + form, form):
            for entry in self._keys.get(key, ()):
                if entry[0] == _SKILL and not (key == form and entry[2] != len(form)):
                    for index in (entry[1], *entry[7]):
                        results.setdefault(index, entry[6])

    def _completions(
        self, head: str, word: str, word_hits: list[tuple[int, int, int, str]]
    ) -> list[tuple[int, str]]:
        """Skills of ``head`` completed by a tail of ``word``, by dictionary look-ups of the
        completed forms among the automaton's keys (no scan)."""
        results: dict[int, str] = {}
        prefix = normalise_term(head)
        tail_word = normalise(word).text
        ends = sorted({w_end for _, w_end, _, _ in word_hits})
        for w_end in ends:  # aligned with a term of the word itself
            for i in range(1, w_end - 1):
                self._look(prefix + tail_word[i:w_end], results)
        if not ends:  # the word has no term: the completed word must be one
            for i in range(1, len(tail_word) - 2):
                tail = tail_word[i:]
                for ending in _WHOLE_WORD_ENDINGS:
                    if tail.endswith(ending) and len(tail) > len(ending):
                        self._look(prefix + tail[: len(tail) - len(ending)], results)
                if results:
                    break
        return sorted(results.items())

    def _with_elisions(
        self, text: str, hits: list[tuple[int, int, Entry]], heads: list[tuple[int, int]]
    ) -> list[tuple[int, int, Entry]]:
        extra = self._elisions(text, heads)
        if not extra:
            return hits
        taken = {(h[0], h[2][1]) for h in hits}
        merged = hits + [h for h in extra if (h[0], h[2][1]) not in taken]
        merged.sort(key=lambda hit: (hit[0], hit[1]))
        return merged


_RANK: Final = {"requirement": 0, "merit": 1, "other": 2}


def _tail(text: str, position: int) -> str:
    """The rest of the word that starts at ``position``."""
    match = _TAIL.match(text, position)
    return match.group() if match is not None else ""


def _elided_heads(text: str) -> list[tuple[int, int]]:
    """Spans of words that end in a hyphen followed by a conjunction or a comma ("hög- och",
    "hög-, mellan- och", "low- and"); list bullets ("- ") are not words. One regular
    expression search that starts with a literal hyphen (fast); most ads have none."""
    heads: list[tuple[int, int]] = []
    for match in _ELISION.finditer(text):
        position = match.start()
        if position == 0 or not text[position - 1].isalnum():
            continue
        start = position - 1
        while start > 0 and text[start - 1].isalnum():
            start -= 1
        if start == 0 or text[start - 1] != "-":
            heads.append((start, position))
    return heads


#: Distinct elided phrases remembered per matcher (the cache is emptied when full).
_ELISION_CACHE_SIZE: Final = 20_000

#: Endings a completed elided word may carry after its term ("kraft- och styrkablar").
_WHOLE_WORD_ENDINGS: Final = ("", "s", "es", "er", "ar", "en", "et", "na", "erna", "arna")
#: A hyphen followed by a comma or a conjunction: where elided compounds end.
_ELISION = re.compile(r"-(?:,| (?:och|eller|samt|resp|respektive|till|and|or|to|&|/|\+)\b)")

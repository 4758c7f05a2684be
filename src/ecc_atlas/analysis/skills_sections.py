"""Which part of an ad a skill mention is in: requirement, merit or other.

Cheap, rule-based and driven by the cue phrases of ``data/skills/sections.json`` (found by the
same Aho-Corasick pass as the skills). A cue is a **heading** when only bullets or numbering
precede it on its line and the line either ends with a colon or is short (at most
``max_words`` words) and names no skill; a heading sets the section of the lines after it
("Krav:", "Meriterande", "About you"). Its reach ends at a heading of another section ("Vi
erbjuder", "Om tjänsten": the ``other_headings`` openings, tested on lines only when needed)
and at a blank line that follows some of its content, unless the next paragraph is another
list item. Every cue (except "Krav"/"Requirements", which speak only as headings) also speaks
for its sentence (between line breaks, ". " and "; ").

For a mention: a merit cue in its sentence ("meriterande", "is a plus") → ``merit``; else a
weak merit cue before the mention and after any strong requirement cue ("du har gärna X",
"preferably X"; not "X, gärna från ABB") → ``merit``; else a strong requirement cue
("krävs", "måste", "required", "du har") → ``requirement``; else the current heading's
section; else a weak requirement cue ("erfarenhet", "knowledge") → ``requirement``; else
``other`` (tasks, company, offer, headline).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Final

from ecc_atlas.reference.skills import CueKind

__all__ = ["CUE_KINDS", "SECTIONS", "Cue", "assign_sections"]

#: Cue kinds, in the order of their index in :data:`Cue`.
CUE_KINDS: Final[tuple[CueKind, ...]] = (
    "merit", "merit_weak", "requirement_strong", "requirement_weak", "requirement_heading",
)  # fmt: skip
#: The sections a mention can be in, strongest first.
SECTIONS: Final = ("requirement", "merit", "other")
#: A cue found in a text: (start, end, index into :data:`CUE_KINDS`).
Cue = tuple[int, int, int]

_MERIT, _MERIT_WEAK, _STRONG, _WEAK, _HEADING_ONLY = 0, 1, 2, 3, 4
_LEAD: Final = " \t\r*•-–·>#.)0123456789"
_BULLETS: Final = "*•-–·>0123456789"


def _heading_section(kinds: list[int]) -> str:
    if _MERIT in kinds or _MERIT_WEAK in kinds:
        return "merit"
    if _STRONG in kinds or _WEAK in kinds or _HEADING_ONLY in kinds:
        return "requirement"
    return "other"


def _opening(text: str, start: int) -> int:
    """The start of the line if only bullets, numbering or spaces precede ``start`` on its
    line, else -1."""
    j = start - 1
    while j >= 0 and text[j] in _LEAD:
        j -= 1
    return j + 1 if j < 0 or text[j] == "\n" else -1


def _is_heading(text: str, starts: list[int], line_start: int, cue: int, max_words: int) -> bool:
    """A line opened by a cue is a heading when it ends with a colon, or is short and names
    no skill."""
    line_end = text.find("\n", cue)
    line_end = len(text) if line_end < 0 else line_end
    line = text[line_start:line_end].rstrip()
    if line.endswith(":"):
        return True
    return len(line.split()) <= max_words and (
        bisect_left(starts, line_start) == bisect_left(starts, line_end)
    )


def _split_cues(
    text: str, starts: list[int], cues: list[Cue], max_words: int
) -> tuple[list[int], list[str], list[int], list[int]]:
    """Headings (line starts, sections) and inline cues (positions, kinds), each sorted.

    A line is a heading when a cue opens it (see the module docstring); every cue on a
    heading line counts for the heading's section, and a cue inside the line also speaks for
    its sentence. "Krav" and "Requirements" speak only as headings.
    """
    inline: list[tuple[int, int]] = []
    placed: list[tuple[int, int]] = []
    headings: set[int] = set()
    for start, _end, kind in sorted(cues):
        if kind != _HEADING_ONLY:
            inline.append((start, kind))
        line_start = _opening(text, start)
        if line_start < 0:
            continue
        placed.append((kind, line_start))
        if line_start not in headings and _is_heading(text, starts, line_start, start, max_words):
            headings.add(line_start)
    by_line: dict[int, list[int]] = {}
    for kind, line_start in placed:
        if line_start in headings:
            by_line.setdefault(line_start, []).append(kind)
    # cues inside a heading line also count for its section ("Det är meriterande om du har:")
    for start, kind in inline:
        line_start = text.rfind("\n", 0, start) + 1
        if line_start in headings and kind not in by_line[line_start]:
            by_line[line_start].append(kind)
    lines = sorted(by_line)
    return (
        lines,
        [_heading_section(by_line[line]) for line in lines],
        [p for p, _ in inline],
        [k for _, k in inline],
    )


def _scope_end(
    text: str, heading_line: int, other_headings: tuple[str, ...], max_words: int
) -> int:
    """Where a heading stops governing: at a heading of another section ("Vi erbjuder",
    "Om tjänsten:"), or at a paragraph after a blank line that follows some of its content,
    unless that paragraph is another list item."""
    size = len(text)
    position = text.find("\n", heading_line)
    if position < 0:
        return size
    position += 1
    content = blank = False
    while position < size:
        line_end = text.find("\n", position)
        if line_end < 0:
            line_end = size
        line = text[position:line_end].strip()
        if not line:
            blank = content
        else:
            if blank and line[0] not in _BULLETS:
                return position
            lowered = line.lower()
            if lowered.startswith(other_headings) and (
                lowered.endswith(":") or len(lowered.split()) <= max_words
            ):
                return position
            content, blank = True, False
        position = line_end + 1
    return size


def _sentence(text: str, position: int, semicolons: bool) -> tuple[int, int]:
    """The sentence around ``position``: within its line, between ". " (and "; ") marks."""
    line_start = text.rfind("\n", 0, position) + 1
    line_end = text.find("\n", position)
    if line_end < 0:
        line_end = len(text)
    begin = max(line_start, text.rfind(". ", line_start, position) + 1)
    end = text.find(". ", position, line_end)
    if end < 0:
        end = line_end
    if semicolons:
        begin = max(begin, text.rfind("; ", line_start, position) + 1)
        mark = text.find("; ", position, end)
        if mark >= 0:
            end = mark
    return begin, end


def assign_sections(
    text: str,
    starts: list[int],
    cues: list[Cue],
    max_words: int,
    other_headings: tuple[str, ...] = (),
) -> list[str]:
    """The section of each mention starting at ``starts`` (sorted) given the cues of ``text``
    (and the openings of headings of other sections)."""
    if not cues:
        return ["other"] * len(starts)
    lines, line_sections, inline_at, inline_kind = _split_cues(text, starts, cues, max_words)
    scope_ends: dict[int, int] = {}
    semicolons = "; " in text
    out: list[str] = []
    for position in starts:
        begin, end = _sentence(text, position, semicolons)
        first, last = bisect_left(inline_at, begin), bisect_left(inline_at, end)
        kinds = inline_kind[first:last]
        before = inline_kind[first : bisect_left(inline_at, position)]
        nearest = next((k for k in reversed(before) if k in (_STRONG, _MERIT_WEAK)), None)
        if _MERIT in kinds or nearest == _MERIT_WEAK:  # "gärna X", not "X, gärna från ABB"
            out.append("merit")
            continue
        if _STRONG in kinds:
            out.append("requirement")
            continue
        heading = bisect_right(lines, position) - 1
        if heading >= 0:
            if heading not in scope_ends:
                scope_ends[heading] = _scope_end(text, lines[heading], other_headings, max_words)
            if position < scope_ends[heading]:
                out.append(line_sections[heading])
                continue
        out.append("requirement" if _WEAK in kinds else "other")
    return out

"""Text normalisation for skill matching: case, punctuation, åäö — offsets kept.

:func:`normalise` maps an ad text to a string of the same length in which letters are lower
case (including Å, Ä, Ö, É, Ü …) and every character that is neither a letter nor a digit
(punctuation, hyphens and dashes, quotes, bullets, line breaks, non-breaking spaces) is a
space. Because the length is kept, a match at ``[start, end)`` of the normalised text is the
same span of the original text. Hyphenated and spaced spellings therefore look alike
(``high-voltage`` = ``high voltage``, ``PLC-programmering`` → ``plc programmering``).

The fast path is C-level byte work: UTF-8 encode, a translation table for ASCII, a few
``bytes.replace`` calls for common non-ASCII characters (each replaces one character by one
character, so offsets are kept), decode. Text with soft hyphens, zero-width
characters, decomposed accents (not NFC) or case mappings that change length takes a slow
path that returns an offset map from normalised to original positions.
"""

from __future__ import annotations

import unicodedata
from typing import Final

__all__ = ["Normalised", "ad_text", "normalise", "normalise_term"]

_TABLE: Final = bytes(
    (c + 32 if 65 <= c <= 90 else c if (48 <= c <= 57 or 97 <= c <= 122 or c >= 128) else 32)
    for c in range(256)
)
#: Common non-ASCII characters and their replacement (one character each, so the length of
#: the text is kept), applied to the UTF-8 bytes before decoding.
_REPLACEMENTS: Final = {
    old: (old.encode("utf-8"), new.encode("utf-8"))
    for old, new in (
        ("Å", "å"), ("Ä", "ä"), ("Ö", "ö"), ("É", "é"), ("Ü", "ü"), ("Æ", "æ"), ("Ø", "ø"),
        ("\xa0", " "), ("–", " "), ("—", " "), ("‐", " "), ("‑", " "), ("−", " "),
        ("“", " "), ("”", " "), ("„", " "), ("’", " "), ("‘", " "), ("«", " "), ("»", " "),
        ("•", " "), ("·", " "), ("…", " "), ("®", " "), ("™", " "), ("°", " "), ("§", " "),
        ("€", " "), ("×", " "), ("→", " "), ("✓", " "), ("✔", " "), ("●", " "), ("▪", " "),
        ("\u2009", " "), ("\u202f", " "), ("\u2028", " "),
    )
}  # fmt: skip
_ASCII: Final = bytes(range(128))
#: Characters the slow path drops (their presence sends a text there).
_DROPPED: Final = frozenset({"\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"})


class Normalised:
    """A normalised text and, when characters were dropped, the map back to the original.

    ``text`` is the normalised text; ``origin[i]`` is the original position of its character
    ``i`` (``None`` when the positions are the same); ``span(start, end)`` maps a span back.
    """

    __slots__ = ("origin", "text")

    def __init__(self, text: str, origin: list[int] | None = None) -> None:
        self.text = text
        self.origin = origin

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the normalised span ``[start, end)``."""
        if self.origin is None:
            return start, end
        return self.origin[start], self.origin[end - 1] + 1


def _fold_char(ch: str) -> str:
    if not ch.isalnum():
        return " "
    low = ch.lower()
    return low if len(low) == 1 else ch


def _slow(text: str) -> Normalised:
    chars: list[str] = []
    origin: list[int] = []
    for position, ch in enumerate(text):
        if ch in _DROPPED:
            continue
        if unicodedata.combining(ch) and chars:
            # a decomposed accent: compose it with the previous character if that gives one
            composed = unicodedata.normalize("NFC", chars[-1] + ch)
            if len(composed) == 1:
                chars[-1] = _fold_char(composed)
                continue
        chars.append(_fold_char(ch))
        origin.append(position)
    return Normalised("".join(chars), origin)


def normalise(text: str) -> Normalised:
    """Lower-case ``text`` and turn every non-alphanumeric character into a space.

    Keeps the length (``origin`` is ``None``) except on the slow path described above.
    """
    try:
        data = text.encode("utf-8")
    except UnicodeError:  # lone surrogates
        return _slow(text)
    if len(data) == len(text):  # ASCII only
        return Normalised(data.translate(_TABLE).decode("ascii"))
    # the non-ASCII characters of the text (deleting ASCII bytes keeps whole UTF-8 sequences)
    odd = set(data.translate(None, _ASCII).decode("utf-8"))
    if not odd.isdisjoint(_DROPPED) or any(unicodedata.combining(ch) for ch in odd):
        return _slow(text)
    data = data.translate(_TABLE)
    for ch in odd.intersection(_REPLACEMENTS):
        old, new = _REPLACEMENTS[ch]
        data = data.replace(old, new)
    out = data.decode("utf-8")
    if any((ch.isupper() or not ch.isalnum()) and ch not in _REPLACEMENTS for ch in odd):
        # an upper-case letter or a mark the table does not know (Ł, Ç, ✓ …)
        folded = "".join(_fold_char(ch) for ch in out)
        return Normalised(folded) if len(folded) == len(text) else _slow(text)
    return Normalised(out)


def normalise_term(term: str) -> str:
    """The key of a vocabulary term: normalised, spaces collapsed, trimmed."""
    return " ".join(normalise(term).text.split())


def ad_text(headline: str | None, description: str | None) -> str:
    """The text of an ad that is matched: the headline, a blank line, the description.

    Mention offsets (``start``, ``end``) refer to this string.
    """
    parts = [p for p in (headline, description) if p]
    return "\n\n".join(parts)

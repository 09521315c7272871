"""The marks in and around a person's name: hyphens and dots between its parts, brackets after it.

A foreign name is written in parts joined by a hyphen or a middle dot
(汤姆-克鲁斯, 加文·胡德, 约瑟夫•马洛德•威廉). The tagger sometimes finds the
parts as two names, or one part only, or takes a dot or a bracket after the
name into it (米切尔·, 叶超）, 文迪索尔(Vin). ``mark_names`` works on
character offsets:

- a name loses a mark or closing bracket it ends with, and what follows an
  opening bracket it does not close;
- two names with one joining mark between them are one name;
- a name next to a joining mark takes in the part on the other side when that
  part is 2-4 characters used to transliterate names (``TRANSLITERATION``),
  no entity, and starts (or ends) where such characters do.
"""
from __future__ import annotations

__all__ = ["JOINING", "mark_names"]

JOINING = "-－·•‧・"  # the marks between the parts of a foreign name
_OPENING, _CLOSING = "(（[【", ")）]】"
_PART = (2, 4)  # characters in a part taken in


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    name = text[start:end]
    for i, ch in enumerate(name):
        if ch in _OPENING and not any(c in _CLOSING for c in name[i + 1:]):
            end = start + i
            break
    while end > start and (text[end - 1] in JOINING or text[end - 1].isspace()
                           or text[end - 1] in _CLOSING and not any(c in _OPENING for c in text[start:end - 1])):
        end -= 1
    return start, end


def _part(text: str, begin: int, step: int, taken: set[int], letters: set[str]) -> int | None:
    """The far end of the part that starts at ``begin`` going ``step`` (+1 right, -1 left), or None."""
    i, n = begin, 0
    while 0 <= i < len(text) and text[i] in letters and i not in taken and n <= _PART[1]:
        i += step
        n += 1
    if not _PART[0] <= n <= _PART[1]:
        return None
    return i if step > 0 else i + 1


def mark_names(text: str, names: list[tuple[int, int]], others: list[tuple[int, int]],
               letters: set[str]) -> list[tuple[int, int]]:
    """The person names ``names`` (``(start, end)``) with their marks dealt with; ``others`` are
    the document's other entities, ``letters`` the transliteration characters. A name
    trimmed to less than two characters is dropped."""
    spans = []
    for s, e in names:
        trimmed = _trimmed(text, s, e)
        if trimmed == (s, e) or trimmed[1] - trimmed[0] >= 2:
            spans.append(trimmed)
    spans.sort()
    joined: list[tuple[int, int]] = []
    for s, e in spans:
        if joined and s == joined[-1][1] + 1 and text[s - 1] in JOINING:
            joined[-1] = (joined[-1][0], e)
        else:
            joined.append((s, e))
    taken = {i for s, e in joined + list(others) for i in range(s, e)}
    out = []
    for s, e in joined:
        if s >= 2 and text[s - 1] in JOINING:
            begin = _part(text, s - 2, -1, taken, letters)
            if begin is not None:
                taken.update(range(begin, s))
                s = begin
        if e < len(text) - 2 and text[e] in JOINING:
            finish = _part(text, e + 1, 1, taken, letters)
            if finish is not None:
                taken.update(range(e, finish))
                e = finish
        out.append((s, e))
    return out

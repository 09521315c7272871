"""Runs of names written without separators, decoded again as a list of names.

Chinese news prints committee lists as one string of names (...杨尚昆万里宋平薄一
波宋任穷...). A per-character tagger reads such a run as a few long names and
misses the rest. Where a run of Chinese characters is mostly PERSON by the
model's own probabilities and the best path already put two names (or one
over-long name) in it, ``resegment_name_runs`` splits the whole run into names:
the best segmentation under the model's B/I/L/U probabilities, a prior on name
length (most Chinese names have three characters, some two, few four) and
whether a name starts with a surname. A name with ``·`` (阿沛·阿旺晋美) is kept
whole.
"""
from __future__ import annotations

import math
import re

import numpy

from .consistency import COMMON_SURNAMES, COMPOUND_SURNAMES, SURNAMES, TRANSLITERATION
from .sentences import token_chars
from .tag_paths import concatenated, documents_at, entity_spans

__all__ = ["resegment_name_runs", "segment_names"]

RUN = re.compile(r"[\u4e00-\u9fff·]{6,}")
MIN_PERSON_PROB = 0.6  # mean probability of a PERSON tag over the run
LONG_NAME = 5  # a predicted name this long without · is a run read as one name
MAX_DOTTED = 10
# log prior of a name's length and of what it starts with
LENGTH = {1: math.log(0.005), 2: math.log(0.15), 3: math.log(0.8), 4: math.log(0.04)}
LENGTH_DOTTED = math.log(0.01)  # and DOTTED_LONGER a character beyond five
DOTTED_LONGER = math.log(0.7)
RARE_SURNAME = math.log(0.5)
NO_SURNAME = math.log(0.05)
FOUR_NO_COMPOUND = math.log(0.1)
TEMPERATURE = 1.0  # the tagger's log-probabilities are divided by it; chosen for each model on lists made
# of training names (scripts/tune_name_lists.py): 1.5 for 0.3.x, 1.0 (the scores as they are) for 0.4.0


def resegment_name_runs(docs, log_probs, paths, labels) -> None:
    """Re-decode the name runs of each document in place (``paths`` of tag ids,
    ``log_probs`` of the tags, one row a token). Only tokens of one character
    make up a run."""
    if "B-PERSON" not in labels:
        return
    tags = {p: labels.index(f"{p}-PERSON") for p in "BILU"}
    person = numpy.array([tags[p] for p in "BILU"])
    continues = numpy.array([tag[:1] in ("B", "I") for tag in labels])
    docs = list(docs)
    for d in _with_list_signs(paths, tags):
        doc, scores, path = docs[d], log_probs[d], paths[d]
        text = token_chars(doc)
        probs = None
        names = [(s, e) for s, e, label in entity_spans(path, labels) if label == "PERSON"]
        goes_on = continues[path]  # an entity (of any label) goes on after this token
        for m in RUN.finditer(text):
            a, b = m.span()
            if (a and goes_on[a - 1]) or goes_on[b - 1]:
                continue  # an entity runs across the edge of the run (A王大明): left as it is
            if not _looks_like_list(text, [(s, e) for s, e in names if a <= s and e <= b]):
                continue
            if probs is None:
                probs = numpy.exp(scores[:, person]).sum(axis=1)
            if probs[a:b].mean() < MIN_PERSON_PROB:
                continue
            for s, e in segment_names(text[a:b], scores[a:b], tags):
                if e - s == 1:
                    path[a + s] = tags["U"]
                else:
                    path[a + s] = tags["B"]
                    path[a + s + 1 : a + e - 1] = tags["I"]
                    path[a + e - 1] = tags["L"]


def _with_list_signs(paths, tags) -> list[int]:
    """The documents (indices) with two names back to back or one name of ``LONG_NAME``
    tokens or more, found over the whole batch at once."""
    if not sum(len(path) for path in paths):
        return []
    path, offsets = concatenated(paths)
    closes = (path == tags["L"]) | (path == tags["U"])
    opens = (path == tags["B"]) | (path == tags["U"])
    back_to_back = closes[:-1] & opens[1:]
    back_to_back[offsets[:-1] - 1] = False  # not across documents
    found = numpy.flatnonzero(back_to_back)
    starts, ends = numpy.flatnonzero(path == tags["B"]), numpy.flatnonzero(path == tags["L"])
    if len(starts) == len(ends):  # (a valid BILUO path: each B closed by the next L)
        found = numpy.concatenate([found, starts[(ends - starts) >= LONG_NAME - 1]])
    return documents_at(offsets, found)


def _looks_like_list(text: str, names: list[tuple[int, int]]) -> bool:
    """Two names back to back, or one too long for a Chinese name (neither dotted nor, by
    four characters in five or more, a transliteration such as 切尔诺梅尔金)."""
    if any(e == s for (_, e), (s, _) in zip(names, names[1:])):
        return True
    return any(e - s >= LONG_NAME and "·" not in text[s:e] and not _transliterated(text[s:e]) for s, e in names)


def _transliterated(name: str) -> bool:
    return sum(ch in TRANSLITERATION for ch in name) >= 0.8 * len(name)


def segment_names(text: str, scores, tags) -> list[tuple[int, int]]:
    """The best split of ``text`` into names, as ``(start, end)`` offsets."""
    n = len(text)
    b, i_, l_, u = (scores[:, tags[p]] / TEMPERATURE for p in "BILU")
    inside = numpy.concatenate([[0.0], numpy.cumsum(i_)])
    best = [0.0] + [-math.inf] * n
    back = [0] * (n + 1)
    for end in range(1, n + 1):
        for size in range(1, MAX_DOTTED + 1):
            start = end - size
            if start < 0:
                break
            if best[start] == -math.inf:
                continue
            name = text[start:end]
            dotted = "·" in name
            if size > 4 and not dotted:
                continue
            if "·" in (name[0], name[-1], text[end : end + 1], text[max(start - 1, 0) : start]):
                continue  # a dotted name is never cut
            score = best[start] + _prior(name, dotted)
            score += u[start] if size == 1 else b[start] + inside[end - 1] - inside[start + 1] + l_[end - 1]
            if score > best[end]:
                best[end], back[end] = score, start
    if best[n] == -math.inf:
        return []
    spans, end = [], n
    while end > 0:
        spans.append((back[end], end))
        end = back[end]
    return spans[::-1]


def _prior(name: str, dotted: bool) -> float:
    if dotted:
        return LENGTH_DOTTED + DOTTED_LONGER * max(0, len(name) - 5)
    score = LENGTH[len(name)]
    if name[:2] in COMPOUND_SURNAMES:
        return score + (math.log(0.5) if len(name) in (3, 4) else -20.0)
    if len(name) == 4:
        score += FOUR_NO_COMPOUND
    if name[0] in COMMON_SURNAMES:
        return score
    return score + (RARE_SURNAME if name[0] in SURNAMES else NO_SURNAME)

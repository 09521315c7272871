"""Runs of names written without separators, decoded again as a list of names.

Chinese news prints committee lists as one string of names (...杨尚昆万里宋平薄一
波宋任穷...). A per-character tagger reads such a run as a few long names and
misses the rest. Where a run of Chinese characters is mostly PERSON by the
model's own probabilities and the best path already put two names (or one
over-long name) in it, ``resegment_name_runs`` splits the whole run into names:
the best segmentation under the model's B/I/L/U probabilities, a prior on name
length (most Chinese names have three characters, some two, few four) and
whether a name starts with a surname. A name with ``·`` (阿沛·阿旺晋美) is kept
whole. Runs with only a note in brackets between them (王群（女，壮族）韦钰) are
one list: a short run is split when the list it belongs to shows the signs. The
words before a list and after it (出席会议的有, 等同志) may stay outside any name.
"""
from __future__ import annotations

import math
import re
from bisect import bisect_left

import numpy

from .consistency import COMMON_SURNAMES, COMPOUND_SURNAMES, SURNAMES, TRANSLITERATION
from .sentences import token_chars
from .tag_paths import concatenated, document_ends, documents_at, entity_spans

__all__ = ["resegment_name_runs", "segment_names"]

# a run of Chinese characters, or a note in brackets after a name in a list (（女）, （回族）)
PIECE = re.compile(r"[\u4e00-\u9fff·]{2,}")
PIECE_OR_NOTE = re.compile(r"(?P<note>[（(][^（）()]{1,10}[）)])|" + PIECE.pattern)
MIN_RUN = 6  # characters of names in a group of runs
MIN_PERSON_PROB = 0.6  # mean probability of a PERSON tag over the run
LONG_NAME = 5  # a predicted name this long without · is a run read as one name
MAX_DOTTED = 16  # characters of a name with · (阿不来提·阿不都热西提 has 11)
# log prior of a name's length and of what it starts with
LENGTH = {1: math.log(0.005), 2: math.log(0.15), 3: math.log(0.8), 4: math.log(0.04)}
LENGTH_DOTTED = math.log(0.01)  # and DOTTED_LONGER a character beyond five
DOTTED_LONGER = math.log(0.7)
RARE_SURNAME = math.log(0.5)
NO_SURNAME = math.log(0.05)
FOUR_NO_COMPOUND = math.log(0.1)
OUTSIDE = -5.0  # log prior, each character before or after the names of a run; chosen on the made-up lists
TEMPERATURE = 1.0  # the tagger's log-probabilities are divided by it; chosen for each model on lists made
# of training names (scripts/tune_name_lists.py): 1.5 for 0.3.x, 1.0 (the scores as they are) for 0.4.0


def resegment_name_runs(docs, log_probs, paths, labels) -> None:
    """Re-decode the name runs of each document in place (``paths`` of tag ids,
    ``log_probs`` of the tags, one row a token). Only tokens of one character
    make up a run."""
    if "B-PERSON" not in labels:
        return
    tags = {p: labels.index(f"{p}-PERSON") for p in "BILU"}
    outside = labels.index("O")
    person = numpy.array([tags[p] for p in "BILU"])
    continues = numpy.array([tag[:1] in ("B", "I") for tag in labels])
    docs = list(docs)
    for d in _with_list_signs(paths, tags):
        doc, scores, path = docs[d], log_probs[d], paths[d]
        text = token_chars(doc)
        probs = None
        names = [(s, e) for s, e, label in entity_spans(path, labels) if label == "PERSON"]
        starts = [s for s, _ in names]
        goes_on = continues[path]  # an entity (of any label) goes on after this token
        for group in _runs(text):
            near = names[bisect_left(starts, group[0][0]) : bisect_left(starts, group[-1][1])]
            inside = [(s, e) for s, e in near if any(a <= s and e <= b for a, b in group)]
            if sum(b - a for a, b in group) < MIN_RUN or not _looks_like_list(text, inside):
                continue
            if probs is None:
                probs = numpy.exp(scores[:, person]).sum(axis=1)
            for k, (a, b) in enumerate(group):
                if (a and goes_on[a - 1]) or goes_on[b - 1]:
                    continue  # an entity runs across the edge of the run (A王大明): left as it is
                if probs[a:b].mean() < MIN_PERSON_PROB:
                    continue
                path[a:b] = outside
                # only the list's first run has a lead-in, only its last a tail
                for s, e in segment_names(text[a:b], scores[a:b], tags, outside, k == 0, k == len(group) - 1):
                    if e - s == 1:
                        path[a + s] = tags["U"]
                    else:
                        path[a + s] = tags["B"]
                        path[a + s + 1 : a + e - 1] = tags["I"]
                        path[a + e - 1] = tags["L"]


def _runs(text: str) -> list[list[tuple[int, int]]]:
    """The runs of Chinese characters in ``text``, those with only a note in brackets
    between them (王群（女）韦钰) in one group, as lists of ``(start, end)``. What is
    in a note is a group of its own (（记者李蕾张羽飞）)."""
    groups, notes, note_end = [], [], -1
    for m in PIECE_OR_NOTE.finditer(text):
        a, b = m.span()
        if m.lastgroup == "note":
            notes += [[n.span()] for n in PIECE.finditer(text, a + 1, b - 1)]
            if groups and groups[-1][-1][1] == a:
                note_end = b
            continue
        if groups and note_end == a:
            groups[-1].append((a, b))
        else:
            groups.append([(a, b)])
    return groups + notes


def _with_list_signs(paths, tags) -> list[int]:
    """The documents (indices) with two names back to back or one name of four tokens or
    more, found over the whole batch at once."""
    if not sum(len(path) for path in paths):
        return []
    path, offsets = concatenated(paths)
    closes = (path == tags["L"]) | (path == tags["U"])
    opens = (path == tags["B"]) | (path == tags["U"])
    back_to_back = closes[:-1] & opens[1:]
    back_to_back[document_ends(offsets, len(back_to_back))] = False  # not across documents
    found = numpy.flatnonzero(back_to_back)
    starts, ends = numpy.flatnonzero(path == tags["B"]), numpy.flatnonzero(path == tags["L"])
    if len(starts) == len(ends):  # (a valid BILUO path: each B closed by the next L)
        found = numpy.concatenate([found, starts[(ends - starts) >= 3]])  # four tokens: maybe two names
    return documents_at(offsets, found)


def _looks_like_list(text: str, names: list[tuple[int, int]]) -> bool:
    """Two names back to back, one too long for a Chinese name (neither dotted nor, by
    four characters in five or more, a transliteration such as 切尔诺梅尔金), or one that
    reads as two (``_two_names``)."""
    if any(e == s for (_, e), (s, _) in zip(names, names[1:])):
        return True
    return any(e - s >= LONG_NAME and "·" not in text[s:e] and not _transliterated(text[s:e]) or _two_names(text[s:e])
               for s, e in names)


def _two_names(name: str) -> bool:
    """Four characters that read as two names of two (贾鹏陈博 in a byline): each half starts with a
    common surname, and the whole does not with a compound one."""
    return (len(name) == 4 and name[0] in COMMON_SURNAMES and name[2] in COMMON_SURNAMES
            and name[:2] not in COMPOUND_SURNAMES)


def _transliterated(name: str) -> bool:
    return sum(ch in TRANSLITERATION for ch in name) >= 0.8 * len(name)


def segment_names(text: str, scores, tags, outside: int | None = None, lead: bool = True,
                  tail: bool = True) -> list[tuple[int, int]]:
    """The best split of ``text`` into names, as ``(start, end)`` offsets. With
    ``outside`` (the id of the ``O`` tag), characters before the first name
    (``lead``) and after the last (``tail``) may be no name's (出席会议的有
    before a list, 等同志 after it)."""
    n = len(text)
    b, i_, l_, u = (scores[:, tags[p]] / TEMPERATURE for p in "BILU")
    inside = numpy.concatenate([[0.0], numpy.cumsum(i_)])
    # before[k]: the first k characters outside; names[k]: the last of them ends a name; after[k]: outside again
    before = [0.0] + [-math.inf] * n
    if outside is not None:
        o = scores[:, outside] / TEMPERATURE + OUTSIDE
        if lead:
            before = numpy.concatenate([[0.0], numpy.cumsum(o)]).tolist()
    longest = MAX_DOTTED if "·" in text else 4
    names, after = [-math.inf] * (n + 1), [-math.inf] * (n + 1)
    back, back_after = [0] * (n + 1), [0] * (n + 1)
    for end in range(1, n + 1):
        for size in range(1, longest + 1):
            start = end - size
            if start < 0:
                break
            prev = max(before[start], names[start])
            if prev == -math.inf:
                continue
            name = text[start:end]
            dotted = "·" in name
            if size > 4 and not dotted:
                continue
            if "·" in (name[0], name[-1], text[end : end + 1], text[max(start - 1, 0) : start]):
                continue  # a dotted name is never cut
            score = prev + _prior(name, dotted)
            score += u[start] if size == 1 else b[start] + inside[end - 1] - inside[start + 1] + l_[end - 1]
            if score > names[end]:
                names[end], back[end] = score, start
        if outside is not None and tail and text[end - 1] != "·":
            after[end], back_after[end] = max((names[end - 1], end - 1), (after[end - 1], back_after[end - 1]))
            after[end] += o[end - 1]
    end = n
    if after[n] > names[n]:
        end = back_after[n]
    if names[end] == -math.inf:
        return []
    spans = []
    while end > 0 and names[end] > -math.inf:
        start = back[end]
        spans.append((start, end))
        if names[start] < before[start] or start == 0:
            break
        end = start
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

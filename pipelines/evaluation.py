"""Entity-level scores: exact match of (start, end, label) in characters."""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable

__all__ = ["PRF", "score_entities", "merge_labels"]


class PRF:
    def __init__(self):
        self.tp = self.fp = self.fn = 0

    @property
    def p(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def r(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0

    def to_dict(self) -> dict:
        return {"p": round(self.p, 4), "r": round(self.r, 4), "f": round(self.f, 4), "support": self.tp + self.fn}


def merge_labels(ents: Iterable[tuple[int, int, str]], mapping: dict[str, str]):
    """Rename labels (e.g. GPE and LOC to LOC) and drop those mapped to None."""
    out = set()
    for s, e, label in ents:
        new = mapping.get(label, label)
        if new:
            out.add((s, e, new))
    return out


def score_entities(pairs: Iterable[tuple[set, set]], labels: Iterable[str]) -> dict[str, PRF]:
    """Per-label and overall (``ALL``) scores over (predicted, gold) pairs.

    Only ``labels`` are scored: a label the gold data does not annotate is
    ignored in the predictions too.
    """
    labels = set(labels)
    scores: dict[str, PRF] = defaultdict(PRF)
    for predicted, gold in pairs:
        predicted = {x for x in predicted if x[2] in labels}
        gold = {x for x in gold if x[2] in labels}
        for x in predicted & gold:
            scores[x[2]].tp += 1
            scores["ALL"].tp += 1
        for x in predicted - gold:
            scores[x[2]].fp += 1
            scores["ALL"].fp += 1
        for x in gold - predicted:
            scores[x[2]].fn += 1
            scores["ALL"].fn += 1
    return dict(scores)


SPLIT_LABELS = {
    "msra_test": ["PERSON", "ORG", "GPE", "LOC"],
    "cluener_dev": ["PERSON", "ORG", "GPE", "LOC", "PRODUCT", "WORK_OF_ART"],
    "resume_test": ["PERSON", "ORG", "GPE", "NORP"],
}
# the labels peers without a GPE/LOC split are compared on
PLACES = {"GPE": "LOC", "LOC": "LOC"}


def gold_entities(docs) -> tuple[list[str], list[set]]:
    """Texts and gold ``(start, end, label)`` sets of DocBin docs."""
    texts, gold = [], []
    for doc in docs:
        texts.append(doc.text)
        gold.append({(e.start_char, e.end_char, e.label_) for e in doc.ents})
    return texts, gold


def predict(nlp, texts: list[str], batch_size: int = 64) -> list[set]:
    return [
        {(e.start_char, e.end_char, e.label_) for e in doc.ents}
        for doc in nlp.pipe(texts, batch_size=batch_size)
    ]

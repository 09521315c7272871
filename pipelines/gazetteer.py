"""A curated gazetteer as a spaCy component.

``entity_graph_gazetteer`` marks every name and alias of the gazetteer
(``data/gazetteer.jsonl``, written by the team) as an entity, with the
entry's canonical name as ``ent_id_``. Matching is case-insensitive on Latin
letters, and a Latin or digit match must not continue a longer Latin word
("Knock" is not found in "Knocked"), and a Chinese match must not cut through
common words (钉钉 of 板上钉钉, 原神 of 还原神秘; jieba's words, from the features'
tags). A document in traditional characters is
also read in simplified ones, one for one (騰訊 is found as 腾讯).

Placed after a statistical ``ner``, it merges with what the model found: a
gazetteer name replaces the entities it covers (the model's "多多" inside
"拼多多", or "钉钉" taken for a PERSON), and it gives way to a longer entity
that contains it ("中国银行" inside "中国银行股份有限公司", "北京" inside
"北京大学") or that it only partly overlaps, except where the model's entity is the
name with a character of a neighbouring word ("黄峥早" of "黄峥早在", "和小红" of
"快手和小红书"), with a role or a verb before it ("创始人黄峥", "北京创立美团") or a
person's name with the rest of a clause after it ("马化腾共同管理公司"), or where gazetteer names fill
the model's entity back to back ("联发科天玑" is 联发科 and 天玑). Measured: placed before the
model, the gazetteer cut Resume ORG F1 from .82 to .49, because its names
pre-empted longer organisation names.
"""
from __future__ import annotations

import json
import logging
import re
from bisect import bisect_left
from importlib import resources
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .features import SIMPLIFIED_KEY, cut, jieba_dictionary, jieba_word_at, simplified_text
from .names import PLACE_LABELS
from .role_orgs import ROLE
from .sentences import doc_text, make_doc

__all__ = ["Gazetteer", "read_gazetteer", "default_gazetteer_path", "make_gazetteer"]

logger = logging.getLogger(__name__)


def default_gazetteer_path() -> Path:
    return Path(str(resources.files("pipelines") / "data" / "gazetteer.jsonl"))


def read_gazetteer(path: str | Path | None = None) -> list[dict]:
    """Entries ``{"label", "type", "aliases"}`` from a gazetteer JSONL file."""
    path = Path(path) if path else default_gazetteer_path()
    entries = []
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
                label, type_ = entry["label"], entry["type"]
            except (ValueError, KeyError, TypeError) as err:
                raise ValueError(f"{path}:{n}: not a gazetteer entry ({err})") from None
            aliases = [a for a in entry.get("aliases", []) if a and a != label]
            entries.append({"label": label, "type": type_, "aliases": aliases})
    return entries


def _is_word_char(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


FUNCTION_TAGS = {"d", "p", "c", "u", "uj", "ul", "uz", "ud", "ug", "uv"}  # jieba: adverbs, prepositions, ...


def _runs_on(text: str, span: Span, ent: Span) -> bool:
    """Whether the model's ``ent`` is the gazetteer's ``span`` run on into words that are no part of
    it: a role or a verb before it (创始人楼天城, 北京创立美团), a person's name and the rest of the
    clause after it (马化腾共同管理公司, from a function word on), or one character more on either side
    that belongs elsewhere: a function word (黄峥也, 和小红 of 快手和小红书) or, after the name, a
    character that makes a dictionary word with the next (黄峥早在). 王兴兴 is not 王兴 run on."""
    left = text[ent.start_char:span.start_char]
    right = text[span.end_char:ent.end_char]
    jieba = jieba_dictionary()
    if ent.end_char == span.end_char and left:  # the name at the end of the model's entity
        if ROLE.fullmatch(left) or jieba.tag(cut(left, jieba)[-1]) == "v":  # 创始人楼天城, 北京创立美团
            return True
    if ent.start_char == span.start_char and right and span.label_ == "PERSON":
        if jieba.tag(cut(right, jieba)[0]) in FUNCTION_TAGS:  # 马化腾共同管理公司
            return True
    if not (left or right) or len(left) > 1 or len(right) > 1:
        return False
    if left and jieba.tag(left) not in FUNCTION_TAGS:
        return False
    after = text[span.end_char:span.end_char + 2]
    return not right or jieba.tag(right) in FUNCTION_TAGS or len(after) == 2 and bool(jieba.freq(after))


PROPER_TAGS = {"nr", "nrt", "nrfg", "ns", "nt", "nz"}  # jieba: names of people, places, organisations, ...
EDGE_WORD_FREQ = 5_000  # a word this common that a name cuts into at an edge is the word (方面 26,963)


def _edges(doc: Doc, start: int, end: int):
    """jieba's words ``(start, end, part of speech)`` at a match's first and last token, or None where the
    doc has no features' tags or the match holds anything but Chinese characters."""
    if not doc[start].tag_ or not all("\u4e00" <= t.text <= "\u9fff" for t in doc[start:end]):
        return None
    return jieba_word_at(doc, start), jieba_word_at(doc, end - 1)


def cuts_words(doc: Doc, start: int, end: int, edges=None) -> bool:
    """Whether a match of Chinese characters is no name here because it cuts through common words:
    it lies inside a longer one, after its first character (钉钉 of 板上钉钉), or both its edges cut
    words that are not both names (原神 of 还原神秘, 海信 of 渤海信托, 美国 of 拉美国家). A name at the
    start of a word is kept (茅台 of 茅台酒, 苹果 of 苹果公司), and so is one inside a name (证监会 of
    中国证监会). Without the features' jieba tags nothing is cut. ``edges``: ``_edges``, if known."""
    edges = edges or _edges(doc, start, end)
    if edges is None:
        return False
    (first_start, _, first_tag), (last_start, last_end, last_tag) = edges
    if first_start == last_start:  # inside one word
        return first_start < start and first_tag not in PROPER_TAGS
    return first_start < start and last_end > end and not (first_tag in PROPER_TAGS and last_tag in PROPER_TAGS)


def _edge_cuts_word(doc: Doc, start: int, end: int, edges) -> bool:
    """Whether a match starts or ends inside a common jieba word (方面 of 京东方面; not 中将 of 王莆中将, a
    rarer word that a name runs into by chance)."""
    jieba = jieba_dictionary()
    for word_start, word_end, tag in edges:
        if (word_start < start or word_end > end) and tag not in PROPER_TAGS:
            if (jieba.freq(doc[word_start:word_end].text) or 0) >= EDGE_WORD_FREQ:
                return True
    return False


def _starts_word(start: int, end: int, edges) -> bool:
    """Whether a match is the start of a longer jieba word that is no name (小米粥, 滴滴答答, 四川话; not 茅台
    of a word jieba tags as a name)."""
    word_start, word_end, tag = edges[0]
    return word_start == start and word_end > end and tag not in PROPER_TAGS


# a number and what counts things right before a word (两个豆包, 一碗小米): a thing, where no noun follows (not 一个淘宝店)
_COUNTED = re.compile(r"[一二两三四五六七八九十几数多半0-9０-９][个碗杯块袋盒斤份瓶根片粒颗串只包张]$")


def _counted(doc: Doc, text: str, start: int, end: int) -> bool:
    """Whether a match is counted as a thing is (买了两个豆包当早餐): a number and a measure word right
    before it (in ``text``, the doc's) and no noun right after it."""
    at = doc[start].idx
    m = _COUNTED.search(text, max(0, at - 2), at)
    if not m or text[max(0, m.start() - 1):m.start()] == "第":
        return False  # an ordinal names one like it (东南亚不是“第二个拼多多”)
    return end == len(doc) or not doc[end].tag_ or not jieba_word_at(doc, end)[2].startswith("n")


_PRONOUN_ENDS = set("我你您他她它们咱俺自")  # how jieba's pronouns end
_PARTICLE_TAGS = {"ul", "uj", "uz", "ug", "ud", "uv", "y", "e", "o"}
# what makes a name an adjective of manner after it (寒武纪式的大爆发, 华为式地扩张)
_MANNER = re.compile(r"式(?:的|地|[，。、；！？])")


def _reads_as_phrase(doc: Doc, start: int, end: int, text: str, start_char: int, end_char: int) -> bool:
    """Whether a match reads as a phrase, not a name: after a pronoun, jieba reads a particle inside it (饿了么 of
    问他饿了么: 他 饿 了 么; not 美团和饿了么), or 式 and 的 follow it (寒武纪式的大爆发)."""
    if _MANNER.match(text, end_char):
        return True
    if not start_char or text[start_char - 1] not in _PRONOUN_ENDS or not doc[start].tag_ \
            or jieba_word_at(doc, start - 1)[2] != "r":
        return False
    i = start
    while i < end:
        word_start, word_end, tag = jieba_word_at(doc, i)
        if tag in _PARTICLE_TAGS and word_start >= start and word_end <= end:
            return True
        i = word_end
    return False


def _untiled(ents: list[Span], spans: list[Span]) -> list[Span]:
    """``ents`` without those that two or more gazetteer names fill exactly, back to back (联发科天玑 of
    联发科 and 天玑, 华为鸿蒙): those names are the entities. Not where a name is a place: an organisation
    named after its place is one (香港证监会, 北京万科). ``spans`` are sorted and do not overlap."""
    by_start = {s.start: s for s in spans if s.label_ not in PLACE_LABELS}
    out = []
    for e in ents:
        pos, pieces = e.start, 0
        while pos in by_start and by_start[pos].end <= e.end:
            pos, pieces = by_start[pos].end, pieces + 1
        if not (pos == e.end and pieces >= 2):
            out.append(e)
    return out


class Gazetteer:
    """Mark gazetteer names as entities, keeping existing entities."""

    def __init__(self, nlp: Language, name: str = "gazetteer", *, overwrite_ents: bool = False):
        self.name = name
        self.nlp = nlp
        self.overwrite_ents = overwrite_ents
        self.entries: list[dict] = []
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")

    def add_entries(self, entries: list[dict]) -> None:
        for entry in entries:
            self.entries.append(entry)
            key = f"{entry['type']}\t{entry['label']}"
            names = [entry["label"], *entry["aliases"]]
            self.matcher.add(key, [make_doc(self.nlp, n) for n in names])

    def initialize(self, get_examples=None, *, nlp=None, path: str | None = None) -> None:
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.entries = []
        self.add_entries(read_gazetteer(path))

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        matches = self.matcher(doc)
        simple = doc.user_data.get(SIMPLIFIED_KEY) or simplified_text(text)  # the features' reading, if they ran
        if simple != text:  # the same characters one for one: the same tokens (jieba reads it below: 於輝達)
            twin = make_doc(self.nlp, simple)
            if len(twin) == len(doc):
                matches = sorted(set(matches) | set(self.matcher(twin)))
        spans = []
        for match_id, start, end in matches:
            span_start, span_end = doc[start].idx, doc[end - 1].idx + len(doc[end - 1])
            if _is_word_char(text[span_start]) and span_start > 0 and _is_word_char(text[span_start - 1]):
                continue
            if _is_word_char(text[span_end - 1]) and span_end < len(text) and _is_word_char(text[span_end]):
                continue
            edges = _edges(doc, start, end)
            if edges and (cuts_words(doc, start, end, edges) or _edge_cuts_word(doc, start, end, edges)):
                continue
            if (edges and _starts_word(start, end, edges) or _counted(doc, text, start, end)
                    or _reads_as_phrase(doc, start, end, text, span_start, span_end)) and not any(
                    e.start < end and start < e.end for e in doc.ents):
                continue  # the tagger saw no name in the start of a longer word (小米 of 小米粥), a thing counted
                # (两个豆包) or a phrase (问他饿了么, 寒武纪式的)
            type_, label = self.nlp.vocab.strings[match_id].split("\t", 1)
            spans.append(Span(doc, start, end, label=type_, span_id=label))
        if not spans:
            return doc
        spans = filter_spans(spans)
        ents = list(doc.ents)
        if self.overwrite_ents:
            taken = {i for s in spans for i in range(s.start, s.end)}
            kept = [e for e in ents if not any(i in taken for i in range(e.start, e.end))]
            doc.set_ents(filter_spans(kept + spans))
            return doc
        ents = _untiled(ents, spans)
        added = []
        starts = [e.start for e in ents]  # doc.ents are in order, and the ORG step below keeps it
        longest = max((e.end - e.start for e in ents), default=0)
        for span in spans:
            near = range(bisect_left(starts, span.start - longest), bisect_left(starts, span.end))
            overlapping = [ents[i] for i in near if span.start < ents[i].end]
            if all(span.start <= e.start and e.end <= span.end or _runs_on(simple, span, e) for e in overlapping):
                added.append(span)
            elif span.label_ == "ORG":  # a place that starts with an organisation's name is a part of it (美团龙珠)
                ents = [Span(doc, e.start, e.end, label="ORG") if e.label_ in PLACE_LABELS and e.start == span.start
                        and e.end > span.end else e for e in ents]
        covered = {i for s in added for i in range(s.start, s.end)}
        kept = [e for e in ents if not any(i in covered for i in range(e.start, e.end))]
        doc.set_ents(filter_spans(kept + added))
        return doc

    def to_disk(self, path, exclude=()):
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        with (path / "gazetteer.jsonl").open("w", encoding="utf-8") as f:
            for entry in self.entries:
                f.write(json.dumps(entry, ensure_ascii=False) + "\n")

    def from_disk(self, path, exclude=()):
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.entries = []
        self.add_entries(read_gazetteer(Path(path) / "gazetteer.jsonl"))
        return self


@Language.factory(
    "entity_graph_gazetteer",
    assigns=["doc.ents"],
    default_config={"overwrite_ents": False},
)
def make_gazetteer(nlp: Language, name: str, overwrite_ents: bool) -> Gazetteer:
    return Gazetteer(nlp, name, overwrite_ents=overwrite_ents)

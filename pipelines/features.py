"""Character features for the Chinese NER model.

Our pipeline keeps spaCy's character segmenter (one token per character) and
adds word-level signal as token attributes the ``tok2vec`` embeds:

- ``NORM``: the character, full-width folded to half-width, Latin lowercased,
  digits mapped to ``0``; in traditional Chinese text, first simplified (OpenCC
  t2s, one character for one, so offsets never move);
- ``LEMMA``: the character bigram starting here (``NORM`` + next ``NORM``);
- ``TAG``: the position of the character in its jieba word (``B``, ``I``,
  ``E``, ``S``) and the word's part of speech in jieba's dictionary
  (``B-nr``, ``E-nt``, ``S-x``); no HMM, so it is cheap. The words are
  jieba's, found by ``cut`` (jieba's own algorithm, on numpy arrays) in the
  simplified text.
"""
from __future__ import annotations

import hashlib
import logging
import tempfile
from functools import lru_cache
from operator import add as add_strings
from pathlib import Path
from typing import Iterable, Iterator

import numpy
from spacy.attrs import DEP, IDX, LEMMA, NORM, TAG
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from .jieba_table import FORMAT, BITS, TAG_BITS, JiebaTable, build_table, open_table, pack, write_table
from .sentences import doc_text
from .simplified import t2s_marks, to_simplified

__all__ = ["CharFeatures", "make_char_features", "normalize_char", "simplified_text", "cut", "jieba_dictionary",
           "jieba_word_at"]

logger = logging.getLogger(__name__)


_KEPT = set("乾")  # also a simplified character (乾隆, 乾坤)


def simplify_char(ch: str) -> str:
    """A traditional Chinese character's simplified form (OpenCC t2s, one character for one)."""
    if ch < "\u2e80" or ch in _KEPT:  # no CJK below
        return ch
    simple = to_simplified(ch)
    return simple if len(simple) == 1 else ch


class _Simplified(dict):
    def __missing__(self, ch: str) -> str:
        self[ch] = simple = simplify_char(ch)
        return simple


_SIMPLIFIED = _Simplified()


def normalize_char(ch: str) -> str:
    """Fold one character: full-width to half-width, lowercase, digits to 0."""
    code = ord(ch)
    if code == 0x3000:
        ch = " "
    elif 0xFF01 <= code <= 0xFF5E:
        ch = chr(code - 0xFEE0)
    if ch.isdigit():
        return "0"
    return ch.lower()


class _Folded(dict):
    """``normalize_char`` of each character, remembered."""

    def __missing__(self, ch: str) -> str:
        self[ch] = folded = normalize_char(ch)
        return folded


_FOLDED = _Folded()
# a document is read as traditional Chinese when this many of its characters have another simplified
# form: one or two such characters also turn up in simplified text (乾隆, 崑崙)
TRADITIONAL_MIN = 3


def simplified_text(text: str) -> str:
    """``text`` in simplified characters, one for one, when it is traditional Chinese; else ``text``."""
    marks = t2s_marks()
    if marks is not None and marks.isdisjoint(text):
        return text
    simple = "".join(map(_SIMPLIFIED.__getitem__, text))
    if simple != text and sum(a != b for a, b in zip(text, simple)) >= TRADITIONAL_MIN:
        return simple
    return text


SIMPLIFIED_KEY = "entity_graph.simplified"  # the text features read, kept for the components after
def _jieba_key() -> str:
    """What identifies jieba's dictionary (jieba's version, the file's size and time), found without
    importing jieba: its import alone takes 0.2 s (it imports ``pkg_resources``)."""
    from importlib.metadata import version
    from importlib.util import find_spec

    source = Path(find_spec("jieba").origin).with_name("dict.txt")
    stat = source.stat()
    return f"{FORMAT}-{BITS}-{TAG_BITS}-{version('jieba')}-{stat.st_size}-{stat.st_mtime_ns}"


def jieba_copy_path(key: str | None = None) -> Path:
    """Where the copy of jieba's dictionary for this jieba install is kept: one file per install, so that
    two environments on a machine (a venv and CI's) do not overwrite each other's copy at every run."""
    key = _jieba_key() if key is None else key
    return Path(tempfile.gettempdir()) / f"entity_graph_jieba-{hashlib.sha256(key.encode()).hexdigest()[:16]}.table"


@lru_cache(maxsize=1)
def jieba_dictionary() -> JiebaTable:
    """jieba's default dictionary, opened once per process for every component that reads it.

    The first run builds it with jieba and keeps it as a table file in the
    temp folder (where jieba keeps its own cache); later runs map that file
    (``pipelines/jieba_table.py``): no dict is built and jieba is not imported.
    """
    key = _jieba_key()
    path = jieba_copy_path(key)
    table = open_table(path, key)
    if table is not None:
        return table
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    words, tag_names = pack(tokenizer.FREQ, jieba.posseg.POSTokenizer(tokenizer).word_tag_tab)
    table = build_table(words, tokenizer.total, tag_names)
    try:
        write_table(table, path, key)
    except OSError as err:
        logger.debug("jieba's dictionary not kept at %s: %s", path, err)
    return table


OUTSIDE_WORDS = "<w>"  # the word of a character outside jieba's dictionary words (setting word_ids)


SHORT_TEXT = 48  # up to this many characters a text is cut in Python (``JiebaTable.cut_one``), quicker than arrays


def cut(text: str, dictionary: JiebaTable | None = None) -> list[str]:
    """The words of jieba's ``Tokenizer.cut(text, HMM=False)`` (``JiebaTable.cut_many``, or ``cut_one`` for a
    short text: the same words)."""
    dictionary = jieba_dictionary() if dictionary is None else dictionary
    words = dictionary.cut_one(text) if len(text) <= SHORT_TEXT else dictionary.cut_many([text])[0]
    return [word for word, _ in words]


def jieba_word_at(doc: Doc, i: int) -> tuple[int, int, str]:
    """The jieba word (token start, end, part of speech) that token ``i`` is in, read off the ``TAG``
    these features set (the character's position in its word, ``B``/``I``/``E``/``S``, and the word's
    part of speech). On a doc without them, each token is a word of its own with no part of speech."""
    start = i
    while start > 0 and doc[start].tag_[:1] in ("I", "E"):
        start -= 1
    end = i
    while end < len(doc) - 1 and doc[end].tag_[:1] in ("B", "I"):
        end += 1
    return start, end + 1, doc[start].tag_[2:]


_WORDS_KEY = "entity_graph.jieba_words"


def _word_spans(text: str, cut_words: list[tuple[str, int | None]]) -> list[tuple[int, int, str]]:
    """``(start, end, part of speech)`` of jieba's words from ``JiebaTable.cut_many``'s cut of ``text``, the
    characters past the cut one word each, as ``jieba_words`` reads them off the tags."""
    tag_of = jieba_dictionary().tag_of
    spans, at = [], 0
    for word, value in cut_words:
        spans.append((at, at + len(word), tag_of(value) or "x"))
        at += len(word)
    spans += [(i, i + 1, "x") for i in range(at, len(text))]
    return spans


def jieba_words(doc: Doc) -> list[tuple[int, int, str]] | None:
    """jieba's words of ``doc`` as ``(start_char, end_char, part of speech)``, read off the features' ``TAG``;
    None on a doc without them."""
    if not len(doc) or not doc[0].tag_:
        return None
    kept = doc.user_data.get(_WORDS_KEY)
    if kept is not None and kept[0] == len(doc):  # read once per doc: several steps ask (the tags do not change)
        return kept[1]
    strings, tags = doc.vocab.strings, {}
    words, start = [], 0
    for token in doc:
        tag = tags.get(token.tag)
        if tag is None:
            tag = tags[token.tag] = strings[token.tag]
        if tag[0] in "BS":
            start = token.idx
        if tag[0] in "ES":
            words.append((start, token.idx + len(token), tag[2:]))
    doc.user_data[_WORDS_KEY] = (len(doc), words)
    return words


class CharFeatures:
    """Set ``NORM``, ``LEMMA`` and ``TAG`` on character tokens; with ``word_ids``, also ``DEP``: the
    jieba dictionary word the character is in (``<w>`` outside dictionary words), for an encoder
    that embeds which word a character belongs to, not only its place in it."""

    def __init__(self, nlp: Language, name: str = "char_features", *, use_jieba: bool = True, word_ids: bool = False):
        self.name = name
        self.use_jieba = use_jieba
        self.word_ids = word_ids and use_jieba

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        """The docs with their features; jieba's words are found for a batch of docs at once."""
        for batch in minibatch(docs, batch_size):
            # traditional text is read in simplified characters, one for one, so that offsets stay
            texts = [simplified_text(doc_text(doc)) if len(doc) else "" for doc in batch]
            cuts = jieba_dictionary().cut_many(texts) if self.use_jieba else [None] * len(batch)
            for doc, text, words in zip(batch, texts, cuts):
                if len(doc):
                    doc.user_data[SIMPLIFIED_KEY] = text
                    self._set_features(doc, text, words)
                yield doc

    def _set_features(self, doc: Doc, text: str, cut_words: list[tuple[str, int | None]] | None) -> None:
        n = len(doc)
        # one token a character, unless there are spaces
        starts = None if n == len(text) else doc.to_array(IDX).tolist()
        chars = text if starts is None else [text[i] for i in starts]
        norms = list(map(_FOLDED.__getitem__, chars))
        bigrams = list(map(add_strings, norms, norms[1:] + ["</s>"]))
        words = [] if self.word_ids else None
        tags = ["S-x"] * n if cut_words is None else self._word_tags(text, cut_words, starts, words)
        if cut_words is not None and starts is None:  # a token a character: jieba's words as jieba_words reads them
            doc.user_data[_WORDS_KEY] = (n, _word_spans(text, cut_words))
        # the values are the strings' hashes; each string is added to the StringStore, as before
        add = doc.vocab.strings.add
        columns = [(0, norms), (2, tags)] + ([(3, words)] if words is not None else [])
        values = numpy.empty((n, len(columns) + 1), dtype="uint64")
        for column, strings in columns:
            hashes = {s: add(s) for s in set(strings)}
            values[:, column] = numpy.array(list(map(hashes.__getitem__, strings)), dtype="uint64")
        values[:, 1] = numpy.array(list(map(add, bigrams)), dtype="uint64")
        doc.from_array([NORM, LEMMA, TAG, DEP][: len(columns) + 1], values)

    @staticmethod
    def _word_tags(text: str, cut_words: list[tuple[str, int | None]], starts: list[int] | None,
                   words: list[str] | None = None) -> list[str]:
        """Each token's tag in its jieba word (``B-nr``, ``S-x``) from ``cut_words`` (``JiebaTable.cut_many``);
        ``starts`` are the tokens' offsets, None when every character is a token. ``words``, if given, gets
        each token's dictionary word (``<w>`` for a word not in the dictionary, so that the strings stay
        bounded)."""
        tag_of = jieba_dictionary().tag_of
        char_tags = []
        for word, value in cut_words:
            tag = tag_of(value)
            char_tags += _word_form(tag or "x", len(word))
            if words is not None:
                words += [word if tag is not None else OUTSIDE_WORDS] * len(word)
        if len(char_tags) < len(text):
            char_tags += ["S-x"] * (len(text) - len(char_tags))
            if words is not None:
                words += [OUTSIDE_WORDS] * (len(text) - len(words))
        if starts is not None and words is not None:
            words[:] = [words[i] for i in starts]
        return char_tags if starts is None else [char_tags[i] for i in starts]


@lru_cache(maxsize=4096)
def _word_form(tag: str, size: int) -> tuple[str, ...]:
    """The tags of the characters of a word of ``size`` characters: ``S-nr`` or ``B-nr I-nr ... E-nr``."""
    if size == 1:
        return ("S-" + tag,)
    return ("B-" + tag,) + ("I-" + tag,) * (size - 2) + ("E-" + tag,)


@Language.factory(
    "entity_graph_char_features",
    assigns=["token.norm", "token.lemma", "token.tag", "token.dep"],
    default_config={"use_jieba": True, "word_ids": False},
)
def make_char_features(nlp: Language, name: str, use_jieba: bool, word_ids: bool) -> CharFeatures:
    return CharFeatures(nlp, name, use_jieba=use_jieba, word_ids=word_ids)

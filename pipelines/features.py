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
  jieba's, found by ``cut`` (jieba's own algorithm in one plain loop) in the
  simplified text.
"""
from __future__ import annotations

import hashlib
import logging
import marshal
import os
import re
import tempfile
from functools import lru_cache
from math import log
from operator import add as add_strings
from pathlib import Path

import numpy
from spacy.attrs import DEP, IDX, LEMMA, NORM, TAG
from spacy.language import Language
from spacy.tokens import Doc

from .sentences import doc_text
from .simplified import t2s_marks, to_simplified

__all__ = ["CharFeatures", "make_char_features", "normalize_char", "simplified_text", "cut", "jieba_dictionary"]

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
TAG_BITS = 6  # jieba's dictionary has 55 parts of speech


class JiebaDictionary:
    """jieba's default dictionary as its tokenizer holds it, in one table (one dict loads faster than two).

    ``words`` maps each word, and each prefix of a word, to its count (0 for a
    prefix only; ``Tokenizer.FREQ``) shifted left by ``TAG_BITS``, plus 1 + the
    index of its part of speech (``POSTokenizer.word_tag_tab``) in ``tag_names``,
    or 0 for none; ``total`` is ``Tokenizer.total``.
    """

    __slots__ = ("words", "total", "tag_names")

    def __init__(self, words: dict[str, int], total: int, tag_names: tuple[str, ...]):
        self.words, self.total, self.tag_names = words, total, tag_names

    @classmethod
    def pack(cls, freq: dict[str, int], total: int, tags: dict[str, str]) -> "JiebaDictionary":
        tag_names = tuple(sorted(set(tags.values())))
        if len(tag_names) >= 1 << TAG_BITS:
            raise ValueError(f"{len(tag_names)} parts of speech do not fit in {TAG_BITS} bits")
        index = {tag: i + 1 for i, tag in enumerate(tag_names)}
        words = {word: count << TAG_BITS | index.get(tags.get(word), 0) for word, count in freq.items()}
        for word in tags.keys() - freq.keys():
            words[word] = index[tags[word]]
        return cls(words, total, tag_names)

    def freq(self, word: str) -> int | None:
        """The word's count: 0 for a prefix of a word only, None for neither."""
        value = self.words.get(word)
        return None if value is None else value >> TAG_BITS

    def tag(self, word: str, default: str | None = None) -> str | None:
        """The word's part of speech (``nr``, ``nt``, ``v``), or ``default``."""
        value = self.words.get(word, 0) & ((1 << TAG_BITS) - 1)
        return self.tag_names[value - 1] if value else default


def _jieba_key() -> bytes:
    """What identifies jieba's dictionary (jieba's version, the file's size and time), found without
    importing jieba: its import alone takes 0.2 s (it imports ``pkg_resources``)."""
    from importlib.metadata import version
    from importlib.util import find_spec

    source = Path(find_spec("jieba").origin).with_name("dict.txt")
    stat = source.stat()
    return f"table-{TAG_BITS}-{version('jieba')}-{stat.st_size}-{stat.st_mtime_ns}".encode()


def jieba_copy_path(key: bytes | None = None) -> Path:
    """Where the copy of jieba's dictionary for this jieba install is kept: one file per install, so that
    two environments on a machine (a venv and CI's) do not overwrite each other's copy at every run."""
    key = _jieba_key() if key is None else key
    return Path(tempfile.gettempdir()) / f"entity_graph_jieba-{hashlib.sha256(key).hexdigest()[:16]}.marshal"


@lru_cache(maxsize=1)
def jieba_dictionary() -> JiebaDictionary:
    """jieba's default dictionary, loaded once per process for every component that reads it.

    The first run builds it with jieba and keeps a copy in the temp folder
    (where jieba keeps its own); later runs read that copy in one go, 1.7 s
    faster than jieba's own start (its cache file read piece by piece, and
    the dictionary file read once more for the tags), and do not import jieba.
    """
    key = _jieba_key()
    path = jieba_copy_path(key)
    try:
        stored_key, words, total, tag_names = marshal.loads(path.read_bytes())
        if stored_key == key:
            return JiebaDictionary(words, total, tuple(tag_names))
    except (OSError, ValueError, EOFError, TypeError):
        pass
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    table = JiebaDictionary.pack(tokenizer.FREQ, tokenizer.total, jieba.posseg.POSTokenizer(tokenizer).word_tag_tab)
    try:  # written whole, then renamed: a run reading it meanwhile sees the old copy or the new
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=path.name, delete=False) as f:
            f.write(marshal.dumps((key, table.words, table.total, table.tag_names)))
        os.replace(f.name, path)
    except OSError as err:
        logger.debug("jieba's dictionary not kept at %s: %s", path, err)
    return table


# jieba's own block and whitespace patterns (jieba 0.42: re_han_default, re_skip_default, re_eng)
_HAN = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+)")
_SKIP = re.compile("(\r\n|\\s)")
_ENG = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_UNSEEN = object()
OUTSIDE_WORDS = "<w>"  # the word of a character outside jieba's dictionary words (setting word_ids)


def cut(text: str, dictionary: JiebaDictionary, logs: dict | None = None) -> list[str]:
    """The words of jieba's ``Tokenizer.cut(text, HMM=False)``, without its generators.

    ``logs`` remembers ``log(freq) - log(total)`` of the strings of the
    dictionary seen (None for a prefix of frequency 0). The route is the same sum of the same floats,
    ties going to the longer word, as in jieba.
    """
    logs = {} if logs is None else logs
    logtotal = log(dictionary.total)
    logs_get, table_get = logs.get, dictionary.words.get
    words = []
    for block in _HAN.split(text):
        if not block:
            continue
        if not _HAN.match(block):
            for piece in _SKIP.split(block):
                if _SKIP.match(piece):
                    words.append(piece)
                else:
                    words.extend(piece)
            continue
        n = len(block)
        score, end = [0.0] * (n + 1), [0] * (n + 1)
        for k in range(n - 1, -1, -1):
            best, best_end = None, k
            i, frag = k, block[k]
            while i < n:
                lp = logs_get(frag, _UNSEEN)
                if lp is _UNSEEN:
                    f = table_get(frag)
                    if f is None:
                        break
                    f >>= TAG_BITS
                    lp = logs[frag] = log(f) - logtotal if f else None  # None: a prefix only
                if lp is not None:
                    value = lp + score[i + 1]
                    if best is None or value >= best:
                        best, best_end = value, i
                i += 1
                frag = block[k:i + 1]
            score[k] = (0.0 - logtotal) + score[k + 1] if best is None else best
            end[k] = best_end
        x, buf = 0, ""
        while x < n:
            y = end[x] + 1
            if y - x == 1 and block[x] in _ENG:
                buf += block[x]  # single letters and digits run together, as in jieba
            else:
                if buf:
                    words.append(buf)
                    buf = ""
                words.append(block[x:y])
            x = y
        if buf:
            words.append(buf)
    return words


class CharFeatures:
    """Set ``NORM``, ``LEMMA`` and ``TAG`` on character tokens; with ``word_ids``, also ``DEP``: the
    jieba dictionary word the character is in (``<w>`` outside dictionary words), for an encoder
    that embeds which word a character belongs to, not only its place in it."""

    def __init__(self, nlp: Language, name: str = "char_features", *, use_jieba: bool = True, word_ids: bool = False):
        self.name = name
        self.use_jieba = use_jieba
        self.word_ids = word_ids and use_jieba
        self._logs: dict[str, float | None] = {}  # see cut()
        self._forms: dict[str, tuple[str, ...]] = {}  # a dictionary word: the tags of its characters

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if n == 0:
            return doc
        # traditional text is read in simplified characters, one for one, so that offsets stay
        text = doc.user_data[SIMPLIFIED_KEY] = simplified_text(doc_text(doc))
        # one token a character, unless there are spaces
        starts = None if n == len(text) else doc.to_array(IDX).tolist()
        chars = text if starts is None else [text[i] for i in starts]
        norms = list(map(_FOLDED.__getitem__, chars))
        bigrams = list(map(add_strings, norms, norms[1:] + ["</s>"]))
        words = [] if self.word_ids else None
        tags = self._word_tags(text, starts, words) if self.use_jieba else ["S-x"] * n
        # the values are the strings' hashes; each string is added to the StringStore, as before
        add = doc.vocab.strings.add
        columns = [(0, norms), (2, tags)] + ([(3, words)] if words is not None else [])
        values = numpy.empty((n, len(columns) + 1), dtype="uint64")
        for column, strings in columns:
            hashes = {s: add(s) for s in set(strings)}
            values[:, column] = numpy.array(list(map(hashes.__getitem__, strings)), dtype="uint64")
        values[:, 1] = numpy.array(list(map(add, bigrams)), dtype="uint64")
        doc.from_array([NORM, LEMMA, TAG, DEP][: len(columns) + 1], values)
        return doc

    def _word_tags(self, text: str, starts: list[int] | None, words: list[str] | None = None) -> list[str]:
        """Each token's tag in its jieba word (``B-nr``, ``S-x``); ``starts`` are the tokens' offsets,
        None when every character is a token. ``words``, if given, gets each token's dictionary word
        (``<w>`` for a word not in the dictionary, so that the strings stay bounded)."""
        jieba = jieba_dictionary()
        forms = self._forms
        char_tags = []
        for word in cut(text, jieba, self._logs):
            form = forms.get(word)
            if form is None:
                tag = jieba.tag(word)
                form = _word_form(tag or "x", len(word))
                if tag is not None:  # dictionary words only, so that the cache stays bounded
                    forms[word] = form
            char_tags += form
            if words is not None:
                words += [word if word in forms else OUTSIDE_WORDS] * len(word)
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

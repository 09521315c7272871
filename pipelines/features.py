"""Character features for the Chinese NER model.

Our pipeline keeps spaCy's character segmenter (one token per character) and
adds word-level signal as token attributes the ``tok2vec`` embeds:

- ``NORM``: the character, full-width folded to half-width, Latin lowercased,
  digits mapped to ``0``;
- ``LEMMA``: the character bigram starting here (``NORM`` + next ``NORM``);
- ``TAG``: the position of the character in its jieba word (``B``, ``I``,
  ``E``, ``S``) and the word's part of speech in jieba's dictionary
  (``B-nr``, ``E-nt``, ``S-x``); no HMM, so it is cheap.
"""
from __future__ import annotations

import logging
from functools import lru_cache

import numpy
from spacy.attrs import IDX, LEMMA, NORM, TAG
from spacy.language import Language
from spacy.tokens import Doc

__all__ = ["CharFeatures", "make_char_features", "normalize_char"]

logger = logging.getLogger(__name__)


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


@lru_cache(maxsize=1)
def _jieba():
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    tags = jieba.posseg.POSTokenizer(tokenizer).word_tag_tab
    return tokenizer, tags


class CharFeatures:
    """Set ``NORM``, ``LEMMA`` and ``TAG`` on character tokens."""

    def __init__(self, nlp: Language, name: str = "char_features", *, use_jieba: bool = True):
        self.name = name
        self.use_jieba = use_jieba

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if n == 0:
            return doc
        text = doc.text
        starts = doc.to_array(IDX).tolist()
        norms = [normalize_char(text[i]) for i in starts]
        tags = self._word_tags(text, starts) if self.use_jieba else ["S-x"] * n
        bigrams = [a + b for a, b in zip(norms, norms[1:] + ["</s>"])]
        add = doc.vocab.strings.add
        values = numpy.array(
            [[add(a), add(b), add(c)] for a, b, c in zip(norms, bigrams, tags)], dtype="uint64"
        )
        doc.from_array([NORM, LEMMA, TAG], values)
        return doc

    def _word_tags(self, text: str, starts: list[int]) -> list[str]:
        tokenizer, pos_table = _jieba()
        char_tag = [""] * len(text)
        pos = 0
        for word in tokenizer.cut(text, HMM=False):
            n = len(word)
            tag = pos_table.get(word, "x")
            if n == 1:
                char_tag[pos] = "S-" + tag
            else:
                char_tag[pos] = "B-" + tag
                for k in range(pos + 1, pos + n - 1):
                    char_tag[k] = "I-" + tag
                char_tag[pos + n - 1] = "E-" + tag
            pos += n
        return [char_tag[i] or "S-x" for i in starts]


@Language.factory(
    "entity_graph_char_features",
    assigns=["token.norm", "token.lemma", "token.tag"],
    default_config={"use_jieba": True},
)
def make_char_features(nlp: Language, name: str, use_jieba: bool) -> CharFeatures:
    return CharFeatures(nlp, name, use_jieba=use_jieba)

"""jieba's dictionary as a hash table in one file, read without building a Python dict.

jieba keeps its dictionary as a dict of 498,000 strings; reading that back
(even from one ``marshal`` blob) takes 0.2-0.35 s of every process that cuts
words, the larger part of a small build's start-up. Here each word (and each
prefix of a word, as in ``Tokenizer.FREQ``) is a 62-bit key, two polynomial
hashes of its characters modulo primes below 2**31, in an open-addressing
table of ``2**BITS`` slots that is mapped from a file: opening it costs
nothing, and worker processes share its pages.

``cut_many`` segments a batch of texts exactly as jieba's
``Tokenizer.cut(text, HMM=False)``: the same dictionary walk (a prefix not in
the table ends it), the same route (the same sums of the same float64 logs,
taken with ``math.log`` when the table is made; ties go to the longer word),
the same runs of single letters and digits joined. (No two strings of the
dictionary share a key, which ``build_table`` checks; a string outside it
shares one with a word with a chance of about 1 in 10**13.) Every step runs on numpy
arrays over the whole batch: the keys of all fragments of one length at once,
the route over all positions at the same distance from the end of their block
at once.
"""
from __future__ import annotations

import json
import mmap
import os
import tempfile
from math import inf, log
from pathlib import Path

import numpy

__all__ = ["JiebaTable", "TAG_BITS", "pack", "build_table", "write_table", "open_table"]

TAG_BITS = 6  # jieba's dictionary has 55 parts of speech
BITS = 20  # 2**20 slots for 498,000 keys
P1, P2 = 2147483647, 2147483629  # primes below 2**31: a key is h1 * P2 + h2 + 1, never 0 (an empty slot)
B1, B2 = 1000003, 911382323
GOLDEN = 0x9E3779B97F4A7C15  # Fibonacci hashing: a key's slot is the top BITS of key * GOLDEN
M64 = (1 << 64) - 1
HEADER = 4096
FORMAT = "entity-graph jieba table 1"

_NONE = -1  # no value: not in the dictionary
# jieba's blocks: runs of these characters (jieba 0.42's re_han_default); everything else is a word of one
# character, except "\r\n"
_HAN_ASCII = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+#&._%-"
_ENG = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_IN_BLOCK = numpy.zeros(128, dtype=bool)
_IN_BLOCK[[ord(ch) for ch in _HAN_ASCII]] = True
_SEPARATOR = "\n"  # between the texts of a batch: outside every block
GROUP_CHARS = 1 << 15  # the route's arrays take about 200 bytes a character


def _in_block(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fd5" or ch in _HAN_ASCII


def word_key(word: str) -> int:
    h1 = h2 = 0
    for ch in word:
        o = ord(ch)
        h1 = (h1 * B1 + o) % P1
        h2 = (h2 * B2 + o) % P2
    return h1 * P2 + h2 + 1


class JiebaTable:
    """jieba's default dictionary: each word's count (``Tokenizer.FREQ``; 0 for a prefix only), part of speech
    (``POSTokenizer.word_tag_tab``) and ``log(count) - log(total)``, looked up by ``get`` one string at a time
    or by ``cut_many`` for every fragment of a batch of texts."""

    def __init__(self, keys: numpy.ndarray, values: numpy.ndarray, logs: numpy.ndarray, total: int,
                 tag_names: tuple[str, ...], longest: int, buffer=None):
        self.keys, self.values, self.logs = keys, values, logs
        self.total, self.tag_names, self.longest = total, tag_names, longest
        self.logtotal = log(total)
        self._shift = numpy.uint64(64 - BITS)
        self._mask = len(keys) - 1
        self._memo: dict[str, int] = {}
        self._buffer = buffer  # the mapped file, kept open while the arrays point into it

    # -- one string ----------------------------------------------------------------------------

    def get(self, word: str) -> int | None:
        """The word's value: its count shifted left by ``TAG_BITS``, plus 1 + the index of its part of speech
        in ``tag_names`` (0 for none); None for a string that is neither a word nor a prefix of one."""
        value = self._memo.get(word)
        if value is None:
            value = self._find(word)
            if len(self._memo) >= 1 << 16:
                self._memo.clear()
            self._memo[word] = value
        return None if value == _NONE else value

    def _find(self, word: str) -> int:
        slot = self._find_slot(word)
        return _NONE if slot < 0 else int(self.values[slot])

    def _find_slot(self, word: str) -> int:
        key = word_key(word)
        slot = ((key * GOLDEN) & M64) >> (64 - BITS)
        keys = self.keys
        while True:
            stored = int(keys[slot])
            if stored == key:
                return slot
            if stored == 0:
                return -1
            slot = (slot + 1) & self._mask

    def cut_one(self, text: str) -> list[tuple[str, int | None]]:
        """The words of one short text as ``cut_many`` gives them, the route walked in Python: quicker for a few
        dozen characters, where ``cut_many``'s arrays cost more than the walk."""
        n = len(text)
        blocks = [_in_block(ch) for ch in text]
        ends, chosen = list(range(n)), [_NONE] * n
        x = 0
        while x < n:
            if not blocks[x]:
                x += 1
                continue
            y = x + 1
            while y < n and blocks[y]:
                y += 1
            self._route(text, x, y, ends)
            while x < y:  # the value of each word on the route
                value = self.get(text[x:ends[x] + 1])
                chosen[x] = _NONE if value is None else value
                x = ends[x] + 1
        return self._words(text, 0, n, ends, blocks, chosen)

    def _route(self, text: str, start: int, stop: int, ends: list[int]) -> None:
        """jieba's best route through the block ``text[start:stop]``: where the word at each position ends."""
        score = [0.0] * (stop - start + 1)
        unseen = -self.logtotal
        for i in range(stop - 1, start - 1, -1):
            best, best_end = None, i
            for j in range(i, min(stop, i + self.longest)):
                slot = self._find_slot(text[i:j + 1])
                if slot < 0:
                    break
                value = float(self.logs[slot]) + score[j + 1 - start]
                if value != -inf and (best is None or value >= best):  # ties go to the longer word
                    best, best_end = value, j
            score[i - start], ends[i] = (unseen + score[i + 1 - start], i) if best is None else (best, best_end)

    def freq(self, word: str) -> int | None:
        """The word's count: 0 for a prefix of a word only, None for neither."""
        value = self.get(word)
        return None if value is None else value >> TAG_BITS

    def tag(self, word: str, default: str | None = None) -> str | None:
        """The word's part of speech (``nr``, ``nt``, ``v``), or ``default``."""
        value = self.get(word)
        return self.tag_of(value, default)

    def tag_of(self, value: int | None, default: str | None = None) -> str | None:
        index = (value or 0) & ((1 << TAG_BITS) - 1)
        return self.tag_names[index - 1] if index else default

    # -- many fragments ------------------------------------------------------------------------

    def _slots(self, keys: numpy.ndarray) -> numpy.ndarray:
        """The slot of each key, -1 for a key not in the table (linear probing, all keys at once)."""
        slots = ((keys * numpy.uint64(GOLDEN)) >> self._shift).astype(numpy.intp)
        found = numpy.full(len(keys), -1, dtype=numpy.intp)
        todo = numpy.arange(len(keys))
        table = self.keys
        while todo.size:
            at = slots[todo]
            stored = table[at]
            hit = stored == keys[todo]
            found[todo[hit]] = at[hit]
            todo = todo[~hit & (stored != 0)]
            slots[todo] = (slots[todo] + 1) & self._mask
        return found

    def cut_many(self, texts: list[str]) -> list[list[tuple[str, int | None]]]:
        """Each text's words as jieba's ``cut(text, HMM=False)`` gives them, each with its value (``get``).
        The texts are taken ``GROUP_CHARS`` characters at a time or so (a longer text alone)."""
        results, group, size = [], [], 0
        for text in texts:
            if group and size + len(text) > GROUP_CHARS:
                results += self._cut_group(group)
                group, size = [], 0
            group.append(text)
            size += len(text) + 1
        return results + self._cut_group(group) if group else results

    def _cut_group(self, texts: list[str]) -> list[list[tuple[str, int | None]]]:
        joined = _SEPARATOR.join(texts)
        n = len(joined)
        chars = numpy.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=numpy.uint32).astype(numpy.int64)
        in_block = (chars >= 0x4E00) & (chars <= 0x9FD5)
        ascii_ = chars < 128
        in_block[ascii_] = _IN_BLOCK[chars[ascii_]]
        # how many characters from each position to the end of its block (0 outside blocks)
        breaks = numpy.where(in_block, n, numpy.arange(n))
        left = numpy.minimum.accumulate(breaks[::-1])[::-1] - numpy.arange(n)

        # every fragment that the dictionary walk looks at, one length at a time
        width = self.longest
        logs = numpy.full((n, width), -numpy.inf)  # each fragment's log frequency (-inf: no word)
        found = numpy.full((n, width), -1, dtype=numpy.int32)  # and its slot (-1: not in the table)
        block_pos = pos = numpy.flatnonzero(in_block)
        h1 = numpy.zeros(len(pos), dtype=numpy.int64)
        h2 = numpy.zeros(len(pos), dtype=numpy.int64)
        for size in range(1, width + 1):
            keep = left[pos] >= size
            pos, h1, h2 = pos[keep], h1[keep], h2[keep]
            ch = chars[pos + size - 1]
            h1 = (h1 * B1 + ch) % P1
            h2 = (h2 * B2 + ch) % P2
            slots = self._slots((h1 * P2 + h2 + 1).astype(numpy.uint64))
            hit = slots >= 0
            pos, h1, h2, slots = pos[hit], h1[hit], h2[hit], slots[hit]
            if not pos.size:
                break
            logs[pos, size - 1] = self.logs[slots]
            found[pos, size - 1] = slots

        # the route: from the end of each block back, all positions at the same distance at once
        score = numpy.zeros(n + width + 1)
        end = numpy.arange(n)  # the last character of the word starting at each position
        unseen = -self.logtotal  # a character outside the dictionary: log(1) - log(total)
        order = block_pos[numpy.argsort(left[block_pos], kind="stable")]
        bounds = numpy.searchsorted(left[order], numpy.arange(1, (left.max() if n else 0) + 2))
        steps = numpy.arange(1, width + 1)
        for distance in range(1, len(bounds)):
            at = order[bounds[distance - 1]:bounds[distance]]
            if not at.size:
                continue
            span = min(distance, width)
            candidates = logs[at, :span] + score[at[:, None] + steps[:span]]
            backwards = candidates[:, ::-1]  # ties go to the longer word
            pick = numpy.argmax(backwards, axis=1)
            best = backwards[numpy.arange(len(at)), pick]
            none = best == -numpy.inf
            score[at] = numpy.where(none, unseen + score[at + 1], best)
            end[at] = numpy.where(none, at, at + span - 1 - pick)

        # the words, text by text
        ends, blocks = end.tolist(), in_block.tolist()
        slots = found[numpy.arange(n), end - numpy.arange(n)]
        chosen = numpy.where(slots >= 0, self.values[slots], _NONE).tolist()
        results, start = [], 0
        for text in texts:
            stop = start + len(text)
            results.append(self._words(joined, start, stop, ends, blocks, chosen))
            start = stop + 1
        return results

    def _words(self, joined: str, start: int, stop: int, ends: list[int], blocks: list[bool],
               chosen: list[int]) -> list[tuple[str, int | None]]:
        """The words of ``joined[start:stop]``: along the route in blocks, one character (or "\\r\\n") a word
        outside them, single letters and digits run together."""
        words = []
        x, buf = start, ""
        while x < stop:
            if not blocks[x]:
                if buf:
                    words.append((buf, self.get(buf)))
                    buf = ""
                y = x + 2 if joined[x] == "\r" and x + 1 < stop and joined[x + 1] == "\n" else x + 1
                word = joined[x:y]
                words.append((word, self.get(word)))
                x = y
                continue
            y = ends[x] + 1
            if y - x == 1 and joined[x] in _ENG:
                buf += joined[x]
            else:
                if buf:
                    words.append((buf, self.get(buf)))
                    buf = ""
                value = chosen[x]
                words.append((joined[x:y], None if value == _NONE else value))
            x = y
        if buf:
            words.append((buf, self.get(buf)))
        return words


def pack(freq: dict[str, int], tags: dict[str, str]) -> tuple[dict[str, int], tuple[str, ...]]:
    """jieba's ``FREQ`` and ``word_tag_tab`` as one dict of values (``JiebaTable.get``) and the tag names."""
    tag_names = tuple(sorted(set(tags.values())))
    if len(tag_names) >= 1 << TAG_BITS:
        raise ValueError(f"{len(tag_names)} parts of speech do not fit in {TAG_BITS} bits")
    index = {tag: i + 1 for i, tag in enumerate(tag_names)}
    words = {word: count << TAG_BITS | index.get(tags.get(word), 0) for word, count in freq.items()}
    for word in tags.keys() - freq.keys():
        words[word] = index[tags[word]]
    return words, tag_names


def build_table(words: dict[str, int], total: int, tag_names: tuple[str, ...]) -> JiebaTable:
    """The table of ``words`` (word: its value, as ``pack`` makes them)."""
    size = 1 << BITS
    if len(words) > size // 2:
        raise ValueError(f"{len(words)} words do not fit in a table of {size} slots")
    keys = numpy.zeros(size, dtype=numpy.uint64)
    values = numpy.full(size, _NONE, dtype=numpy.int64)
    logs = numpy.full(size, -numpy.inf)
    logtotal = log(total)
    mask = size - 1
    for word, value in words.items():
        key = word_key(word)
        slot = ((key * GOLDEN) & M64) >> (64 - BITS)
        while keys[slot]:
            if int(keys[slot]) == key:
                raise ValueError(f"two words of jieba's dictionary have one key: {word!r}")
            slot = (slot + 1) & mask
        keys[slot] = key
        values[slot] = value
        count = value >> TAG_BITS
        if count:
            logs[slot] = log(count) - logtotal
    return JiebaTable(keys, values, logs, total, tag_names, max(map(len, words)))


def write_table(table: JiebaTable, path: Path, key: str) -> None:
    """Keep ``table`` at ``path``, for ``open_table(path, key)``: written whole, then renamed, so that a
    process reading it meanwhile sees the old file or the new."""
    header = {"format": FORMAT, "key": key, "bits": BITS, "total": table.total,
              "tag_names": list(table.tag_names), "longest": table.longest}
    data = json.dumps(header).encode()
    if len(data) > HEADER:
        raise ValueError("the table's header is too long")
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=path.name, delete=False) as f:
        try:
            f.write(data.ljust(HEADER, b" "))
            for array in (table.keys, table.values, table.logs):
                f.write(array.tobytes())
        except OSError:  # a full disk: no half-written file left behind
            f.close()
            os.unlink(f.name)
            raise
    os.replace(f.name, path)


def open_table(path: Path, key: str) -> JiebaTable | None:
    """The table kept at ``path``, or None when it is missing, damaged or made for another ``key``."""
    try:
        with open(path, "rb") as f:
            buffer = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):
        return None
    size = 1 << BITS
    try:
        header = json.loads(bytes(buffer[:HEADER]))
        if (header.get("format") != FORMAT or header.get("key") != key or header.get("bits") != BITS
                or len(buffer) != HEADER + 24 * size):
            buffer.close()
            return None
        keys = numpy.frombuffer(buffer, dtype=numpy.uint64, count=size, offset=HEADER)
        values = numpy.frombuffer(buffer, dtype=numpy.int64, count=size, offset=HEADER + 8 * size)
        logs = numpy.frombuffer(buffer, dtype=numpy.float64, count=size, offset=HEADER + 16 * size)
        return JiebaTable(keys, values, logs, header["total"], tuple(header["tag_names"]), header["longest"], buffer)
    except (ValueError, KeyError, TypeError, AttributeError):  # not a table's header
        buffer.close()
        return None

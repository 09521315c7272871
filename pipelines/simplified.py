"""Traditional to simplified Chinese (OpenCC t2s), without spaCy: the graph's name keys use it too."""
from __future__ import annotations

from functools import lru_cache

__all__ = ["to_simplified", "t2s_marks"]


@lru_cache(maxsize=1)
def _t2s():
    from opencc import OpenCC

    return OpenCC("t2s")


@lru_cache(maxsize=1)
def t2s_marks() -> frozenset[str] | None:
    """Characters without which OpenCC t2s returns a text as it is: of every dictionary entry that
    changes its text, the characters it changes (its first, when the lengths differ). None when
    the dictionaries are not laid out as this reads them (another OpenCC)."""
    marks = set()

    def walk(item) -> None:
        if isinstance(item, list):
            for inner in item:
                walk(inner)
            return
        _, _, table = item
        for key, value in table.items():
            value = value.split(" ")[0]  # the first of several forms, as OpenCC converts
            if key == value:
                continue
            if len(key) == len(value):
                marks.update(a for a, b in zip(key, value) if a != b)
            else:
                marks.add(key[0])

    try:
        converter = _t2s()
        converter.convert("")  # the dictionaries are read on first use
        walk(converter._dict_chain_data)
    except (AttributeError, TypeError, ValueError):
        return None
    return frozenset(marks)


def to_simplified(text: str) -> str:
    """OpenCC t2s of ``text``; at once when it holds no character that t2s changes (most text)."""
    marks = t2s_marks()
    if marks is not None and marks.isdisjoint(text):
        return text
    return _t2s().convert(text)

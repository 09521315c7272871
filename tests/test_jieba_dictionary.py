import json
import subprocess
import sys
import tempfile

import jieba
import jieba.posseg
import pytest

from pipelines import features, jieba_table
from pipelines.features import cut, jieba_dictionary


@pytest.fixture
def fresh_copy(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    jieba_dictionary.cache_clear()
    yield features.jieba_copy_path()
    jieba_dictionary.cache_clear()


@pytest.fixture(scope="module")
def tokenizer():
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def _header(path):
    return json.loads(path.read_bytes()[:jieba_table.HEADER])


def test_copy_holds_what_jieba_loads(fresh_copy, tokenizer):
    built = jieba_dictionary()
    assert fresh_copy.exists()
    jieba_dictionary.cache_clear()
    read = jieba_dictionary()
    tags = jieba.posseg.POSTokenizer(tokenizer).word_tag_tab
    assert read.total == built.total == tokenizer.total
    assert (read.keys == built.keys).all() and (read.values == built.values).all()
    assert all(read.freq(word) == count for word, count in tokenizer.FREQ.items())
    assert all(read.tag(word) == tags.get(word) for word in tokenizer.FREQ)
    assert read.tag("阿里巴巴") == "nrt" and read.freq("阿里巴巴") > 0
    assert read.freq("阿里巴") == 0 and read.tag("阿里巴") is None  # a prefix only
    assert read.freq("阿里巴巴巴") is None and read.tag("阿里巴巴巴", "x") == "x"


TEXTS = [
    "拼多多创始人黄峥在2015年创立了拼多多，总部位于上海。",
    "钉钉是阿里巴巴旗下的办公软件，iPhone 15 Pro Max和华为Mate60都能用。",
    "美团CEO王兴表示：“外卖业务仍在增长”；\r\n抖音、快手、小红书竞争激烈。\t\n",
    "abc-123 x.y+z#1&2%3 ａｂｃ１２３ 马云说，这是一个好的开始",
    "",
    "中",
    "研究生命起源的科学家们发现了新的化石证据而且在南京市长江大桥附近",
    "   ",
    "他说：「我們今天很高興。」",
    "拼多多😀𠀀中国人\ud800民",  # outside the basic plane, and a lone surrogate (a JSON escape can make one)
]


def test_cut_is_jiebas_cut(tokenizer):
    table = jieba_dictionary()
    for text in TEXTS:
        assert cut(text) == list(tokenizer.cut(text, HMM=False)), text
    # many texts at once, and in groups of a few characters (a longer text alone)
    expected = [list(tokenizer.cut(text, HMM=False)) for text in TEXTS]
    for group in (jieba_table.GROUP_CHARS, 20):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(jieba_table, "GROUP_CHARS", group)
            cuts = table.cut_many(TEXTS)
        assert [[word for word, _ in words] for words in cuts] == expected
        assert all(value == table.get(word) for words in cuts for word, value in words)
    # one short text walked in Python: the same words and values
    pieces = [text[a:b] for text in TEXTS for a in range(0, len(text), 3) for b in (a + 2, a + 7, a + 30)]
    for text in TEXTS + pieces:
        assert table.cut_one(text) == table.cut_many([text])[0], text
    assert [[word for word, _ in table.cut_one(text)] for text in TEXTS] == expected


def test_damaged_copy_is_rebuilt(fresh_copy):
    fresh_copy.write_bytes(b"\x00not a table")
    assert jieba_dictionary().freq("公司") > 0
    jieba_dictionary.cache_clear()
    assert _header(fresh_copy)["format"] == jieba_table.FORMAT
    fresh_copy.write_bytes(b"123".ljust(jieba_table.HEADER + 10))  # JSON, but no header
    assert jieba_dictionary().freq("公司") > 0
    jieba_dictionary.cache_clear()
    fresh_copy.write_bytes(fresh_copy.read_bytes()[:10_000])  # cut short
    assert jieba_dictionary().tag("公司") == "n"
    jieba_dictionary.cache_clear()
    assert fresh_copy.stat().st_size > 10_000


def test_another_install_keeps_its_own_copy(fresh_copy, monkeypatch):
    jieba_dictionary()
    jieba_dictionary.cache_clear()
    monkeypatch.setattr(features, "_jieba_key", lambda: "0.0-other")
    first = fresh_copy.stat().st_mtime_ns
    assert jieba_dictionary().total > 0
    other = features.jieba_copy_path()
    assert other != fresh_copy and _header(other)["key"] == "0.0-other"
    assert fresh_copy.stat().st_mtime_ns == first  # the first install's copy is left as it was


def test_stale_copy_is_replaced(fresh_copy):
    jieba_dictionary()
    jieba_dictionary.cache_clear()
    key = _header(fresh_copy)["key"]
    data = fresh_copy.read_bytes()
    stale = data[:jieba_table.HEADER].replace(key.encode(), b"stale".ljust(len(key)))
    fresh_copy.write_bytes(stale + data[jieba_table.HEADER:])  # a copy whose key no longer matches
    assert jieba_dictionary().total > 0
    assert _header(fresh_copy)["key"] == key


def test_unwritable_folder_still_loads(tmp_path, monkeypatch, tokenizer):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "missing"))
    jieba_dictionary.cache_clear()
    try:
        assert jieba_dictionary().tag("公司") == "n"
        assert cut(TEXTS[1]) == list(tokenizer.cut(TEXTS[1], HMM=False))
    finally:
        jieba_dictionary.cache_clear()


def test_kept_copy_is_read_without_importing_jieba():
    jieba_dictionary.cache_clear()
    jieba_dictionary()  # the copy exists and is current
    code = ("import sys; from pipelines.features import jieba_dictionary; "
            "assert jieba_dictionary().tag('公司') == 'n'; print('jieba' in sys.modules)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.split() == ["False"]

import marshal
import subprocess
import sys
import tempfile

import jieba
import jieba.posseg
import pytest

from pipelines import features
from pipelines.features import jieba_dictionary


@pytest.fixture
def fresh_copy(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    jieba_dictionary.cache_clear()
    yield features.jieba_copy_path()
    jieba_dictionary.cache_clear()


def test_copy_holds_what_jieba_loads(fresh_copy):
    built = jieba_dictionary()
    assert fresh_copy.exists()
    jieba_dictionary.cache_clear()
    read = jieba_dictionary()
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    tags = jieba.posseg.POSTokenizer(tokenizer).word_tag_tab
    assert read.total == built.total == tokenizer.total
    assert read.words == built.words and len(read.words) == len(tokenizer.FREQ)
    assert all(read.freq(word) == count for word, count in tokenizer.FREQ.items())
    assert all(read.tag(word) == tags.get(word) for word in tokenizer.FREQ)
    assert read.tag("阿里巴巴") == "nrt" and read.freq("阿里巴巴") > 0
    assert read.freq("阿里巴") == 0 and read.tag("阿里巴") is None  # a prefix only
    assert read.freq("阿里巴巴巴") is None and read.tag("阿里巴巴巴", "x") == "x"


def test_damaged_copy_is_rebuilt(fresh_copy):
    fresh_copy.write_bytes(b"\x00not marshal")
    assert jieba_dictionary().freq("公司") > 0
    jieba_dictionary.cache_clear()
    fresh_copy.write_bytes(b"\xe9")  # marshal's "complex" with nothing after it
    assert jieba_dictionary().tag("公司") == "n"


def test_another_install_keeps_its_own_copy(fresh_copy, monkeypatch):
    jieba_dictionary()
    jieba_dictionary.cache_clear()
    monkeypatch.setattr(features, "_jieba_key", lambda: b"0.0-other")
    first = fresh_copy.stat().st_mtime_ns
    assert jieba_dictionary().total > 0
    other = features.jieba_copy_path()
    assert other != fresh_copy and marshal.loads(other.read_bytes())[0] == b"0.0-other"
    assert fresh_copy.stat().st_mtime_ns == first  # the first install's copy is left as it was


def test_stale_copy_is_replaced(fresh_copy, monkeypatch):
    jieba_dictionary()
    jieba_dictionary.cache_clear()
    key = marshal.loads(fresh_copy.read_bytes())[0]
    stored = list(marshal.loads(fresh_copy.read_bytes()))
    stored[0] = b"stale"  # a copy whose key no longer matches (written by an older layout)
    fresh_copy.write_bytes(marshal.dumps(tuple(stored)))
    assert jieba_dictionary().total > 0
    assert marshal.loads(fresh_copy.read_bytes())[0] == key


def test_unwritable_folder_still_loads(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "missing"))
    jieba_dictionary.cache_clear()
    try:
        assert jieba_dictionary().tag("公司") == "n"
    finally:
        jieba_dictionary.cache_clear()


def test_kept_copy_is_read_without_importing_jieba():
    jieba_dictionary.cache_clear()
    jieba_dictionary()  # the copy exists and is current
    code = ("import sys; from pipelines.features import jieba_dictionary; "
            "assert jieba_dictionary().tag('公司') == 'n'; print('jieba' in sys.modules)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.split() == ["False"]

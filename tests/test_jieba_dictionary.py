import marshal
import tempfile

import jieba
import jieba.posseg
import pytest

from pipelines.features import jieba_dictionary


@pytest.fixture
def fresh_copy(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    jieba_dictionary.cache_clear()
    yield tmp_path / "entity_graph_jieba.marshal"
    jieba_dictionary.cache_clear()


def test_copy_holds_what_jieba_loads(fresh_copy):
    built = jieba_dictionary()
    assert fresh_copy.exists()
    jieba_dictionary.cache_clear()
    read = jieba_dictionary()
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    assert read.total == built.total == tokenizer.total
    assert read.freq == tokenizer.FREQ
    assert read.tags == jieba.posseg.POSTokenizer(tokenizer).word_tag_tab
    assert read.tags["阿里巴巴"] == "nrt"


def test_damaged_copy_is_rebuilt(fresh_copy):
    fresh_copy.write_bytes(b"\x00not marshal")
    assert jieba_dictionary().freq["公司"] > 0
    jieba_dictionary.cache_clear()
    fresh_copy.write_bytes(b"\xe9")  # marshal's "complex" with nothing after it
    assert jieba_dictionary().tags["公司"] == "n"


def test_stale_copy_is_replaced(fresh_copy, monkeypatch):
    jieba_dictionary()
    jieba_dictionary.cache_clear()
    monkeypatch.setattr(jieba, "__version__", "0.0-other")
    first = fresh_copy.stat().st_mtime_ns
    assert jieba_dictionary().total > 0
    assert fresh_copy.stat().st_mtime_ns >= first
    assert marshal.loads(fresh_copy.read_bytes())[0].startswith(b"0.0-other")


def test_unwritable_folder_still_loads(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "missing"))
    jieba_dictionary.cache_clear()
    try:
        assert jieba_dictionary().tags["公司"] == "n"
    finally:
        jieba_dictionary.cache_clear()

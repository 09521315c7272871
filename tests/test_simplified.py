"""``to_simplified``: OpenCC t2s, skipped only where it cannot change the text."""
import pytest
from opencc import OpenCC

from pipelines.simplified import t2s_marks, to_simplified

T2S = OpenCC("t2s")


def dictionary_keys():
    keys = []
    for _, _, table in T2S._dict_chain_data[0]:
        keys += table
    return keys


def test_the_marks_are_read_from_the_installed_opencc():
    marks = t2s_marks()
    assert marks is not None and {"國", "際", "於"} <= marks
    assert not marks & set("中国公司创立了拼多多的一是在")  # simplified text has none


@pytest.mark.parametrize("context", ["{}", "在{}的", "a{}1"])
def test_every_dictionary_entry_converts_as_opencc_does(context):
    for key in dictionary_keys():
        text = context.format(key)
        assert to_simplified(text) == T2S.convert(text), text


@pytest.mark.parametrize(
    "text", ["黃崢創立了拼多多", "台積電", "位於北京", "乾隆", "乾燥", "彷彿", "老態龍鍾", "拼多多", "", "ChatGPT"]
)
def test_text_converts_as_opencc_does(text):
    assert to_simplified(text) == T2S.convert(text)


def test_simplified_text_is_returned_without_converting(monkeypatch):
    import pipelines.simplified as simplified

    class Refuses:
        def convert(self, text):
            raise AssertionError(f"converted {text!r}")

    t2s_marks()  # read before the converter is replaced
    monkeypatch.setattr(simplified, "_t2s", lambda: Refuses())
    assert to_simplified("黄峥创立了拼多多") == "黄峥创立了拼多多"
    with pytest.raises(AssertionError):
        to_simplified("黃崢")

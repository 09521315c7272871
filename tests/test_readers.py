"""Tests for pipelines.readers: formats, doc_id rules, decoding, and skips."""
from __future__ import annotations

import codecs
import io
import json
import os
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pipelines import readers
from pipelines.readers import InputError, check_inputs, decode_bytes, iter_source_files, read_inputs
from pipelines.records import Document, Skipped

FIXTURES = Path(__file__).parent / "fixtures" / "readers"
CORPUS = FIXTURES / "corpus"

SIMPLIFIED = "张伟在北京大学读书，他的老师是李明。\n阿里巴巴的总部位于杭州。\n"
TRADITIONAL = "張偉在台北的一家銀行上班，他的同事是陳美玲。\n"
EXT_B = "𠮷野家在东京开了一家新店。\n"  # 𠮷 is outside GBK: GB18030 four-byte sequence


def read(*paths, stdin: bytes | None = None) -> list[Document | Skipped]:
    stream = None if stdin is None else io.BytesIO(stdin)
    return list(read_inputs([str(p) for p in paths], stdin=stream))


def summary(items) -> list[tuple]:
    return [(i.doc_id, i.text) if isinstance(i, Document) else (i.source, i.reason) for i in items]


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


# -- plain files --------------------------------------------------------------


@pytest.mark.parametrize("name", ["a.txt", "a.md", "A.TXT", "README"])
def test_text_file_is_one_document(tmp_path, name):
    text = "王芳在成都的一家医院工作。\r\n\t她每天骑车上班。  \n"
    path = write(tmp_path / name, text)
    [doc] = read(path)
    assert doc == Document(doc_id=str(path), text=text, source=str(path), encoding="utf-8")


@pytest.mark.parametrize("name", ["data.json", "page.html", "scan.pdf"])
def test_named_file_of_other_type_is_unsupported(tmp_path, name):
    path = write(tmp_path / name, "{}")
    assert summary(read(path)) == [(str(path), "unsupported file type")]


def test_doc_id_is_path_as_given(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "notes" / "x.txt", "刘洋住在武汉。")
    [doc] = read("./notes//x.txt")
    assert doc.doc_id == doc.source == "./notes//x.txt"


# -- folders ------------------------------------------------------------------


def test_folder_recursive_sorted_with_unsupported_reported():
    root = str(CORPUS)
    items = read(root)
    assert summary(items) == [
        (f"{root}/a.txt", "李雷在南京的一家书店工作。\n"),
        (f"{root}/notes.rtf", "unsupported file type"),
        (f"{root}/sub/b.md", "# 周末\n\n韩梅梅周六去了苏州博物馆。\n"),
        ("c-1", "赵强加入了星河科技公司。"),
        (f"{root}/sub/c.jsonl:2", "钱芳在杭州开了一家面馆。"),
        (f"{root}/sub/d.csv:1", "孙磊是青禾农场的场长。"),
    ]
    assert items[3].title == "新同事" and items[3].date == "2023-05-04"
    assert items[3].source == f"{root}/sub/c.jsonl"
    assert items[5].url == "https://example.org/qinghe"


@pytest.mark.parametrize(
    "given, expected",
    [("corpus", "corpus/sub/a.txt"), ("corpus/", "corpus/sub/a.txt"), ("./corpus", "./corpus/sub/a.txt")],
)
def test_folder_doc_id_joins_folder_as_given(tmp_path, monkeypatch, given, expected):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "corpus" / "sub" / "a.txt", "周杰在厦门读大学。")
    [doc] = read(given)
    assert doc.doc_id == doc.source == expected


def test_iter_source_files_order_and_hidden_names():
    root = str(CORPUS)
    assert list(iter_source_files(root)) == [
        f"{root}/a.txt",
        f"{root}/notes.rtf",
        f"{root}/sub/b.md",
        f"{root}/sub/c.jsonl",
        f"{root}/sub/d.csv",
    ]
    assert list(iter_source_files(f"{root}/a.txt")) == [f"{root}/a.txt"]


def test_folder_depth_first_by_name(tmp_path):
    for rel in ["b.txt", "a/z.txt", "c/a.txt", "a/b/c.txt"]:
        write(tmp_path / rel, "马超在青岛。")
    ids = [d.doc_id[len(str(tmp_path)) + 1 :] for d in read(tmp_path)]
    assert ids == ["a/b/c.txt", "a/z.txt", "b.txt", "c/a.txt"]


def test_folder_symlink_loop_terminates(tmp_path):
    write(tmp_path / "d" / "a.txt", "林静在西安。")
    os.symlink(tmp_path / "d", tmp_path / "d" / "loop")
    assert [d.text for d in read(tmp_path)] == ["林静在西安。"]


# -- JSONL ----------------------------------------------------------------------

JSONL_LINES = [
    '{"text": "黄磊在广州开了一家茶馆。"}',
    '{"id": "n-7", "text": "吴敏是晨光出版社的编辑。", "title": "编辑", '
    '"url": "https://example.org/7", "date": "2024-01-02"}',
    "",
    '{"id": 42, "text": "郑华去年搬到了昆明。", "date": 2021}',
    '{"text": "冯涛喜欢爬山。", "oops" 1}',
    '{"title": "没有正文"}',
    '{"text": 5}',
    '{"text": "  \\n "}',
    '["text", "不是对象"]',
    '{"id": "", "text": "许丽在天津教书。", "title": "  "}',
    '{"text": "\\ud800"}',
    "[" * 100_000,
]


def test_jsonl_lines_ids_meta_and_skips(tmp_path):
    path = write(tmp_path / "news.jsonl", "\n".join(JSONL_LINES) + "\n")
    items = read(path)
    p = str(path)
    assert summary(items) == [
        (f"{p}:1", "黄磊在广州开了一家茶馆。"),
        ("n-7", "吴敏是晨光出版社的编辑。"),
        ("42", "郑华去年搬到了昆明。"),
        (f"{p}:5", "invalid JSON at column 28"),  # characters, not bytes
        (f"{p}:6", "no text field"),
        (f"{p}:7", "no text field"),
        (f"{p}:8", "empty"),
        (f"{p}:9", "no text field"),
        (f"{p}:10", "许丽在天津教书。"),
        (f"{p}:11", "invalid text (lone surrogate)"),
        (f"{p}:12", "invalid JSON: nested too deeply"),
    ]
    assert items[1].meta() == {"title": "编辑", "url": "https://example.org/7", "date": "2024-01-02"}
    assert items[2].meta() == {"date": "2021"}
    assert items[8].meta() == {}
    assert all(i.source == p for i in items if isinstance(i, Document))


def test_jsonl_broken_line_column_matches_json_error(tmp_path):
    bad = '{"text": "何静在大连。",, "id": 3}'
    with pytest.raises(json.JSONDecodeError) as err:
        json.loads(bad)
    path = write(tmp_path / "x.jsonl", f'{{"text": "一"}}\n{bad}\r\n{{"text": "二"}}\r\n')
    assert summary(read(path)) == [
        (f"{path}:1", "一"),
        (f"{path}:2", f"invalid JSON at column {err.value.colno}"),
        (f"{path}:3", "二"),
    ]


def test_jsonl_line_in_another_encoding_is_still_read(tmp_path):
    data = '{"text": "曹阳在长沙。"}\n'.encode() + '{"text": "曹阳在长沙。"}\n'.encode("gbk")
    items = read(write(tmp_path / "mixed.jsonl", data))
    assert [(d.text, d.encoding) for d in items] == [("曹阳在长沙。", "utf-8"), ("曹阳在长沙。", "gbk")]


@pytest.mark.parametrize("encoding", ["gbk", "big5", "utf-16", "utf-8-sig"])
def test_jsonl_in_other_encodings(tmp_path, encoding):
    lines = ['{"text": "龍華在香港工作。"}', '{"text": "沒有", ', '{"id": "b", "text": "陳明在澳門。"}']
    path = write(tmp_path / "x.jsonl", "\r\n".join(lines).encode(encoding))
    assert summary(read(path)) == [
        (f"{path}:1", "龍華在香港工作。"),
        (f"{path}:2", "invalid JSON at column 16"),
        ("b", "陳明在澳門。"),
    ]


# -- CSV ------------------------------------------------------------------------


def test_csv_rows_ids_meta_and_skips(tmp_path):
    rows = (
        " ID , Text ,title,url,date,extra\n"
        ",杨帆在南昌读书。,读书,https://example.org/1,2022-02-02,x\n"
        "\n"
        'r-2,"邓超在重庆，\n写了一本书。",,,,\n'
        "r-3,   ,,,,\n"
        "r-4\n"
        "  ,秦岚在福州。\n"
    )
    path = write(tmp_path / "t.csv", rows)
    items = read(path)
    p = str(path)
    assert summary(items) == [
        (f"{p}:1", "杨帆在南昌读书。"),
        ("r-2", "邓超在重庆，\n写了一本书。"),
        (f"{p}:3", "empty"),
        (f"{p}:4", "no text field"),
        (f"{p}:5", "秦岚在福州。"),
    ]
    assert items[0].meta() == {"title": "读书", "url": "https://example.org/1", "date": "2022-02-02"}
    assert items[1].meta() == {}


@pytest.mark.parametrize(
    "content, reason",
    [("id,body\n1,彭亮在合肥。\n", "no text column"), ("text\n", "empty"), ("", "empty"), (" \n\n", "empty")],
)
def test_csv_file_level_skips(tmp_path, content, reason):
    path = write(tmp_path / "t.csv", content)
    assert summary(read(path)) == [(str(path), reason)]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "gbk", "big5"])
def test_csv_in_other_encodings(tmp_path, encoding):
    path = write(tmp_path / "t.csv", "text,title\r\n韓雪在臺中開店。,開店\r\n".encode(encoding))
    [doc] = read(path)
    assert (doc.doc_id, doc.text, doc.title) == (f"{path}:1", "韓雪在臺中開店。", "開店")


def test_csv_long_field(tmp_path):
    text = "长" * 200_000
    [doc] = read(write(tmp_path / "long.csv", f"text\n{text}\n"))
    assert doc.text == text


def test_csv_undecodable_row_is_skipped_alone(tmp_path):
    data = (
        "id,text\n1,任正非创立了华为。\n".encode()
        + b"2,\xff\xfd\xfc\x80\n"
        + '3,"一行\n'.encode() + b"\xff\xfd\n" + '还是这一行"\n'.encode()  # inside a quoted field
        + "4,李彦宏是百度的创始人。\n".encode()
    )
    path = write(tmp_path / "t.csv", data)
    assert summary(read(path)) == [
        ("1", "任正非创立了华为。"),
        (f"{path}:2", "cannot decode as utf-8"),
        (f"{path}:3", "cannot decode as utf-8"),
        ("4", "李彦宏是百度的创始人。"),
    ]


# -- where each record comes from --------------------------------------------------


def test_records_name_their_file_line_and_encoding(tmp_path):
    jsonl = write(tmp_path / "a.jsonl", '{"text": "甲"}\n\n{"text": 1}\n{"id": "x", "text": "乙"}\n'.encode("gbk"))
    csv_file = write(tmp_path / "b.csv", "text\n丙\n\"\"\n")
    empty = write(tmp_path / "c.txt", codecs.BOM_UTF16_LE)
    png = write(tmp_path / "d.txt", BINARY["png"])
    items = read(jsonl, csv_file, empty, png)
    j, c = str(jsonl), str(csv_file)
    assert [(i.doc_id, i.line, i.source, i.encoding) for i in items if isinstance(i, Document)] == [
        (f"{j}:1", 1, j, "gbk"),
        ("x", 4, j, "gbk"),
        (f"{c}:1", 1, c, "utf-8"),
    ]
    assert [(i.source, i.file, i.line, i.encoding) for i in items if isinstance(i, Skipped)] == [
        (f"{j}:3", j, 3, "gbk"),  # an ASCII line: the file's encoding
        (f"{c}:2", c, 2, "utf-8"),
        (str(empty), str(empty), None, "utf-16-le"),
        (str(png), str(png), None, None),
    ]
    [doc] = read(write(tmp_path / "e.txt", "丁"))
    assert doc.line is None


def test_utf16_jsonl_with_a_damaged_line(tmp_path):
    for codec, bom in (("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE)):
        bad = b"\x00\xd8" if codec.endswith("le") else b"\xd8\x00"  # a lone surrogate
        data = bom + '{"text": "甲"}\n'.encode(codec) + bad + '"x"}\r\n'.encode(codec) + '{"text": "乙"}'.encode(codec)
        path = write(tmp_path / f"{codec}.jsonl", data)
        assert summary(read(path)) == [
            (f"{path}:1", "甲"),
            (f"{path}:2", f"cannot decode as {codec}"),
            (f"{path}:3", "乙"),
        ]


# -- stdin ----------------------------------------------------------------------


def test_stdin_text():
    text = "袁野在拉萨拍照。\n{不是 JSON}\n"
    assert summary(read("-", stdin=text.encode())) == [("-", text)]
    [doc] = read("-", stdin=text.encode())
    assert doc.source == "-"


def test_stdin_jsonl():
    data = '{"text": "蒋琳在南宁。"}\n\n  {"id": "s", "text": "潘刚在海口。"}\n{"text": \n'.encode()
    assert summary(read("-", stdin=data)) == [
        ("-:1", "蒋琳在南宁。"),
        ("s", "潘刚在海口。"),
        ("-:4", "invalid JSON at column 10"),
    ]


@pytest.mark.parametrize(
    "data, expected",
    [(b"", [("-", "empty")]), (b" \n", [("-", "empty")]), (b"\x89PNG\r\n\x1a\n\x00\x00", [("-", "binary content")])],
)
def test_stdin_skips(data, expected):
    assert summary(read("-", stdin=data)) == expected


def test_stdin_gbk_and_mixed_inputs(tmp_path):
    path = write(tmp_path / "a.txt", "甲")
    items = read(path, "-", stdin=SIMPLIFIED.encode("gbk"))
    assert summary(items) == [(str(path), "甲"), ("-", SIMPLIFIED)]
    assert items[1].encoding == "gbk"


# -- decoding -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, data, encoding",
    [
        (SIMPLIFIED, SIMPLIFIED.encode("gbk"), "gbk"),
        (EXT_B, EXT_B.encode("gb18030"), "gb18030"),
        (TRADITIONAL, TRADITIONAL.encode("big5"), "big5"),
        ("中文", "中文".encode("gbk"), "gbk"),
        ("中文", "中文".encode("big5"), "big5"),
        (TRADITIONAL, codecs.BOM_UTF16_LE + TRADITIONAL.encode("utf-16-le"), "utf-16-le"),
        (TRADITIONAL, codecs.BOM_UTF16_BE + TRADITIONAL.encode("utf-16-be"), "utf-16-be"),
        (SIMPLIFIED, codecs.BOM_UTF32_LE + SIMPLIFIED.encode("utf-32-le"), "utf-32-le"),
        (SIMPLIFIED, codecs.BOM_UTF8 + SIMPLIFIED.encode(), "utf-8-sig"),
        ("\ufeff中\ufeff", codecs.BOM_UTF8 * 2 + "中\ufeff".encode(), "utf-8-sig"),  # only the BOM goes
        ("a\r\nb\rc\x0c\x0b\t", b"a\r\nb\rc\x0c\x0b\t", "utf-8"),
    ],
)
def test_decoding(tmp_path, text, data, encoding):
    [doc] = read(write(tmp_path / "doc.txt", data))
    assert (doc.text, doc.encoding) == (text, encoding)
    assert decode_bytes(data) == (text, encoding)


BINARY = {
    "pdf": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length 5 >>\nstream\nx\x9c\x00\x01\x00\xff\nendstream\n",
    "pdf-like": b"%PDF-1.7\n1 0 obj\n",
    "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10",
    "nul": "正文\x00\x00正文".encode(),
    "controls": bytes(range(1, 9)) * 20 + "正文".encode(),
    "utf-16 with NUL": codecs.BOM_UTF16_LE + "a\x00b".encode("utf-16-le"),
    "utf-16 without BOM": "Hi 你好".encode("utf-16-le"),
}


@pytest.mark.parametrize("suffix", [".txt", ".jsonl", ".csv"])
@pytest.mark.parametrize("kind", ["pdf", "png", "nul"])
def test_binary_content(tmp_path, kind, suffix):
    path = write(tmp_path / f"file{suffix}", BINARY[kind])
    assert summary(read(path)) == [(str(path), "binary content")]


@pytest.mark.parametrize("kind", ["pdf-like", "controls", "utf-16 with NUL", "utf-16 without BOM"])
def test_binary_text(tmp_path, kind):
    path = write(tmp_path / "file.txt", BINARY[kind])
    assert summary(read(path)) == [(str(path), "binary content")]
    with pytest.raises(ValueError, match="binary content"):
        decode_bytes(BINARY[kind])


@pytest.mark.parametrize("suffix", [".txt", ".md", ".jsonl", ".csv"])
@pytest.mark.parametrize("data", [b"", b"  \n\t\r\n", codecs.BOM_UTF8, codecs.BOM_UTF16_LE + " \n".encode("utf-16-le")])
def test_empty(tmp_path, suffix, data):
    path = write(tmp_path / f"e{suffix}", data)
    assert summary(read(path)) == [(str(path), "empty")]


def test_csv_bad_row_is_skipped_and_the_rest_read(tmp_path):
    path = write(tmp_path / "t.csv", b"text\nx\ry\n\xe6\xb1\x9f\n")
    items = read(path)
    assert items[0].source == f"{path}:1" and items[0].reason.startswith("invalid CSV: ")
    assert "\n" not in items[0].reason
    assert summary(items[1:]) == [(f"{path}:2", "江")]


def test_broken_utf16_is_binary(tmp_path):
    path = write(tmp_path / "x.txt", codecs.BOM_UTF16_LE + b"\x00\xd8\x00")  # lone surrogate, odd length
    assert summary(read(path)) == [(str(path), "binary content")]


def test_undecodable(tmp_path):
    path = write(tmp_path / "x.txt", b"\xff\xfe\xfd\x80\x81 abc \xff")
    assert summary(read(path)) == [(str(path), "cannot decode text")]


# -- paths and errors -------------------------------------------------------------


def test_missing_path_raises_before_any_work(tmp_path):
    good = write(tmp_path / "a.txt", "在")
    missing = tmp_path / "nope" / "b.txt"
    with pytest.raises(InputError) as err:
        read_inputs([str(good), str(missing)])
    assert str(err.value) == f"input not found: {missing}"
    with pytest.raises(InputError, match="input not found"):
        check_inputs([str(missing)])
    check_inputs([str(good), "-"])


def test_stdin_twice_is_a_usage_error():
    with pytest.raises(InputError, match="more than once: -"):
        check_inputs(["-", "-"])


def test_unreadable_file(tmp_path, monkeypatch):
    path = write(tmp_path / "a.txt", "在")

    def refuse(file, *args, **kwargs):
        raise PermissionError(13, "Permission denied", file)

    monkeypatch.setattr(readers, "open", refuse, raising=False)
    assert summary(read(path)) == [(str(path), "cannot read: Permission denied")]


def test_unreadable_folder(tmp_path, monkeypatch):
    write(tmp_path / "a" / "x.txt", "甲")
    write(tmp_path / "b" / "y.txt", "乙")
    scandir = os.scandir

    def refuse(path):
        if str(path).endswith("/a"):
            raise PermissionError(13, "Permission denied", path)
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refuse)
    root = str(tmp_path)
    assert summary(read(root)) == [(f"{root}/a", "cannot read: Permission denied"), (f"{root}/b/y.txt", "乙")]


def test_reading_is_lazy(tmp_path):
    path = write(tmp_path / "a.txt", "在")
    items = read_inputs([str(path)])
    path.unlink()
    assert summary(items) == [(str(path), "cannot read: No such file or directory")]


def test_pipe_input(tmp_path):
    fifo = tmp_path / "in.jsonl"
    os.mkfifo(fifo)
    writer = threading.Thread(target=fifo.write_bytes, args=('{"text": "管道里的一行。"}\n'.encode(),))
    writer.start()
    items = read(fifo)
    writer.join()
    assert summary(items) == [(f"{fifo}:1", "管道里的一行。")]


# -- properties -----------------------------------------------------------------

ANY_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),  # no lone surrogates: files hold valid UTF-8
        st.sampled_from("\x00\x01\x1b\x7f\x85\u2028\ufeff\r\n\t 中文한국語ägé"),
    ),
    max_size=300,
) | st.builds(lambda c, n: c * n, st.sampled_from("中a\n é"), st.integers(1000, 30_000))


def _is_plain_text(text: str) -> bool:
    controls = sum(c <= "\x08" or "\x0e" <= c <= "\x1f" or "\x7f" <= c <= "\x9f" for c in text)
    return bool(text.strip()) and "\x00" not in text and controls <= 0.1 * len(text)


@settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=ANY_TEXT)
def test_property_txt(tmp_path, text):
    path = write(tmp_path / "p.txt", text)
    items = read(path)
    assert len(items) == 1 and all(isinstance(i, (Document, Skipped)) for i in items)
    body = text[1:] if text.startswith("\ufeff") else text
    if _is_plain_text(body):
        assert isinstance(items[0], Document)
        assert (items[0].text, items[0].encoding) == (body, "utf-8-sig" if body is not text else "utf-8")
    else:
        assert items[0].reason in {"empty", "binary content"}


@settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(ANY_TEXT, max_size=5), raw=st.binary(max_size=50))
@example(texts=["/ç$Ã\x1a\x81", "é" * 1583], raw=b"\x01\x01\x01\x01\x01\x80")  # once read as UTF-16
def test_property_jsonl(tmp_path, texts, raw):
    lines = [json.dumps({"text": t}, ensure_ascii=False).encode() for t in texts]
    data = b"\n".join(lines + [raw.replace(b"\x00", b"")])
    items = read(write(tmp_path / "p.jsonl", data))
    assert all(isinstance(i, (Document, Skipped)) for i in items)
    assert all(str(i).count("\n") == 0 for i in items if isinstance(i, Skipped))
    docs = [i for i in items if isinstance(i, Document)]
    expected = [t for t in texts if t.strip()]
    assert [d.text for d in docs[: len(expected)]] == expected


@settings(max_examples=150, deadline=None, database=None)
@given(
    lines=st.lists(st.text(st.characters(codec="utf-8", exclude_characters="\n"), max_size=20).map(lambda t: t + "\n")),
    last=st.text(st.characters(codec="utf-8", exclude_characters="\n"), max_size=5),
    codec=st.sampled_from(["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"]),
    block=st.integers(1, 9),
)
def test_property_wide_lines_match_byte_lines(lines, last, codec, block):
    """UTF-16/32 lines split at ``\\n`` like a byte file, whatever the block size."""
    text = "".join(lines) + last
    original = readers.SAMPLE_BYTES
    readers.SAMPLE_BYTES = block
    try:
        got = list(readers._iter_wide_lines(io.BytesIO(text.encode(codec)), codec))
    finally:
        readers.SAMPLE_BYTES = original
    assert [line for _, line, _ in got] == lines + ([last] if last else [])  # only "\n" ends a line
    assert [n for n, _, _ in got] == list(range(1, len(got) + 1))


@settings(max_examples=100, deadline=None, database=None)
@given(data=st.binary(max_size=400))
def test_property_decode_never_raises_other_errors(data):
    try:
        text, encoding = decode_bytes(data)
    except ValueError as err:
        assert str(err) in {"binary content", "cannot decode text"}
    else:
        assert isinstance(text, str) and codecs.lookup(encoding)

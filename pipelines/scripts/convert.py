"""Convert CLUENER2020, MSRA and Resume into DocBins with OntoNotes labels.

Label mapping (source -> ours):

- MSRA: PER -> PERSON, ORG -> ORG, LOC -> GPE or LOC (see ``place_label``)
- Resume: NAME -> PERSON, ORG -> ORG, LOC -> GPE or LOC, RACE -> NORP;
  CONT (nationality, e.g. "中国国籍") is left unannotated (missing), TITLE, EDU
  and PRO are not entities (O)
- CLUENER2020: name -> PERSON; company, organization, government -> ORG;
  address -> GPE or LOC; scene -> LOC; game -> PRODUCT; movie, book ->
  WORK_OF_ART; position is not an entity (O). Quotes and book-title marks at
  span edges are trimmed.

Splits written to OUT_DIR:

- ``train/gold.spacy``: MSRA train, Resume train, CLUENER train, minus dev
- ``dev.spacy``: model selection only: every 40th MSRA train sentence,
  every 20th CLUENER train sentence, Resume dev
- ``msra_test.spacy``, ``cluener_dev.spacy``, ``resume_test.spacy``: reported,
  never used for training or model selection
"""
from __future__ import annotations

import json
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin, Span

try:
    import typer
except ImportError:  # pragma: no cover
    typer = None

GPE_SUFFIXES = tuple("国省市县区州镇乡村旗盟郡") + ("自治区", "特区", "地区")
LOC_SUFFIXES = tuple("山江河湖海洋岛峡岭峰洲谷溪潭滩") + ("半岛", "平原", "高原", "盆地", "沙漠", "草原", "森林", "公园")
# provinces and cities whose names end like a mountain, river or sea
GPE_NAMES = set(
    "浙江 黑龙江 镇江 九江 内江 湛江 吴江 丽江 阳江 上海 珠海 北海 威海 青海 台湾 四川 佛山 鞍山 唐山 中山 "
    "乐山 马鞍山 眉山 昆山 舟山 保山 平顶山 台山 萧山 文山 黄山 白山 密山 巴中 海南 海口 连云港 "
    "香港 澳门 青岛 福州 广州 杭州 苏州 兰州 郑州 株洲".split()
)


def place_label(text: str) -> str:
    """GPE for political places, LOC for geography (MSRA marks both LOC)."""
    if text in GPE_NAMES or text.endswith(GPE_SUFFIXES):
        return "GPE"
    if len(text) >= 2 and text.endswith(LOC_SUFFIXES):
        return "LOC"
    return "GPE"


CLUENER_MAP = {
    "name": "PERSON",
    "company": "ORG",
    "organization": "ORG",
    "government": "ORG",
    "scene": "LOC",
    "game": "PRODUCT",
    "movie": "WORK_OF_ART",
    "book": "WORK_OF_ART",
}
TRIM = "《》〈〉“”\"'‘’「」【】"


def char_doc(nlp, chars: list[str]) -> Doc:
    return Doc(nlp.vocab, words=chars, spaces=[False] * len(chars))


def read_tagged(path: Path, sep: str | None):
    """Yield (chars, tags) from a character-per-line file (BIO or BMES)."""
    chars, tags = [], []
    with path.open(encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                if chars:
                    yield chars, tags
                chars, tags = [], []
                continue
            parts = line.split(sep) if sep else line.split()
            if len(parts) < 2:
                continue
            chars.append(parts[0][:1] or " ")
            tags.append(parts[-1])
    if chars:
        yield chars, tags


def tag_spans(tags: list[str]):
    """(start, end, label) from BIO or BMES tags; end exclusive."""
    spans, start, label = [], None, None
    for i, tag in enumerate(tags):
        prefix, _, lab = tag.partition("-")
        if start is not None and (prefix in ("B", "S", "O") or lab != label):
            spans.append((start, i, label))
            start = None
        if prefix != "O" and start is None:
            start, label = i, lab
        if prefix in ("E", "S"):
            spans.append((start, i + 1, label))
            start = None
    if start is not None:
        spans.append((start, len(tags), label))
    return spans


def msra_docs(nlp, path: Path):
    for chars, tags in read_tagged(path, "\t"):
        doc = char_doc(nlp, chars)
        ents = []
        for s, e, lab in tag_spans(tags):
            text = "".join(chars[s:e])
            new = {"PER": "PERSON", "ORG": "ORG"}.get(lab) or place_label(text)
            ents.append(Span(doc, s, e, label=new))
        doc.ents = ents
        yield doc


def resume_docs(nlp, path: Path):
    for chars, tags in read_tagged(path, None):
        doc = char_doc(nlp, chars)
        ents, missing = [], []
        for s, e, lab in tag_spans(tags):
            text = "".join(chars[s:e])
            if lab == "NAME":
                ents.append(Span(doc, s, e, label="PERSON"))
            elif lab == "ORG":
                ents.append(Span(doc, s, e, label="ORG"))
            elif lab == "LOC":
                ents.append(Span(doc, s, e, label=place_label(text)))
            elif lab == "RACE":
                ents.append(Span(doc, s, e, label="NORP"))
            elif lab == "CONT":
                missing.append(Span(doc, s, e))
        doc.set_ents(ents, missing=missing, default="outside")
        yield doc


def cluener_docs(nlp, path: Path):
    with path.open(encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            text = record["text"]
            doc = char_doc(nlp, list(text))
            spans = []
            for kind, mentions in record.get("label", {}).items():
                for offsets in mentions.values():
                    for start, end in offsets:
                        end += 1
                        while start < end and text[start] in TRIM:
                            start += 1
                        while end > start and text[end - 1] in TRIM:
                            end -= 1
                        if start >= end:
                            continue
                        if kind == "address":
                            label = place_label(text[start:end])
                        elif kind in CLUENER_MAP:
                            label = CLUENER_MAP[kind]
                        else:
                            continue
                        spans.append(Span(doc, start, end, label=label))
            doc.ents = spacy.util.filter_spans(spans)
            yield doc


def main(datasets: Path, out_dir: Path, limit: int = 0):
    """Convert the datasets under DATASETS into DocBins in OUT_DIR."""
    nlp = spacy.blank("zh")
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "train").mkdir(exist_ok=True)
    train, dev = DocBin(), DocBin()
    counts = {}

    def take(docs, every=0, name=""):
        n = 0
        for i, doc in enumerate(docs):
            if limit and i >= limit:
                break
            (dev if every and i % every == 0 else train).add(doc)
            n += 1
        counts[name] = n

    take(msra_docs(nlp, datasets / "msra" / "msra_train_bio"), 40, "msra")
    take(cluener_docs(nlp, datasets / "cluener2020" / "train.json"), 20, "cluener")
    take(resume_docs(nlp, datasets / "resume" / "train.char.bmes"), 0, "resume")
    for i, doc in enumerate(resume_docs(nlp, datasets / "resume" / "dev.char.bmes")):
        if limit and i >= limit:
            break
        dev.add(doc)
    train.to_disk(out_dir / "train" / "gold.spacy")
    dev.to_disk(out_dir / "dev.spacy")
    tests = {
        "msra_test": msra_docs(nlp, datasets / "msra" / "msra_test_bio"),
        "cluener_dev": cluener_docs(nlp, datasets / "cluener2020" / "dev.json"),
        "resume_test": resume_docs(nlp, datasets / "resume" / "test.char.bmes"),
    }
    for name, docs in tests.items():
        db = DocBin()
        for i, doc in enumerate(docs):
            if limit and i >= limit:
                break
            db.add(doc)
        db.to_disk(out_dir / f"{name}.spacy")
        counts[name] = len(db)
    print(f"✔ train {len(train)} docs, dev {len(dev)} docs; " + ", ".join(f"{k} {v}" for k, v in counts.items()))


if __name__ == "__main__":
    typer.run(main)

"""Relation examples from DuIE and FinRE, in our relation vocabulary.

Writes JSON lines ``{"id", "text", "ents": [[start, end, label]], "rels":
[[head, tail, label, qualifier]], "closed"}`` (``head``/``tail`` index
``ents``). ``closed`` examples (DuIE) list every relation of their entities,
so any other pair of them is a negative; open ones (FinRE) say only which
pairs they list (their ``rels`` include ``none``).

- DuIE 2.0: records 0-3999 train (3600-3999 for tuning), 4000-4999 held out.
  创始人 and 董事长 run company -> person there; they are turned round. The
  entities are the gold subjects and objects, plus the shipped NER's
  entities that overlap none of them (so training sees the pairs the
  pipeline will make).
- FinRE: each pair is given twice (合作 / 合作, 收购 / 被收购); passive labels
  are turned round and the pair kept once. Labels outside the vocabulary
  (交易, 纠纷, unknown, ...) become ``none``.
"""
from __future__ import annotations

import json
from pathlib import Path

import typer

DUIE = {  # predicate: (label, head is the subject)
    "创始人": ("founded", False),
    "董事长": ("leads", False),
    "校长": ("leads", False),
    "出品公司": ("product_of", True),
    "代言人": ("endorses", False),
    "总部地点": ("headquartered_in", True),
}
DUIE_TYPES = {
    "人物": "PERSON", "娱乐人物": "PERSON", "历史人物": "PERSON",
    "企业": "ORG", "机构": "ORG", "学校": "ORG", "企业/品牌": "ORG",
    "影视作品": "WORK_OF_ART", "图书作品": "WORK_OF_ART", "文学作品": "WORK_OF_ART", "歌曲": "WORK_OF_ART",
    "音乐专辑": "WORK_OF_ART", "电视综艺": "WORK_OF_ART",
    "地点": "GPE", "城市": "GPE", "国家": "GPE",
}
# FinRE label: (label, head is the first name, qualifier)
FINRE = {
    "合作": ("partners_with", True, None), "签约": ("partners_with", True, None), "合资": ("partners_with", True, None),
    "竞争": ("competes_with", True, None),
    "收购": ("acquires", True, None), "被收购": ("acquires", False, None),
    "拟收购": ("acquires", True, "planned"), "被拟收购": ("acquires", False, "planned"),
    "拥有": ("subsidiary_of", False, None), "被拥有": ("subsidiary_of", True, None),
    "成立": ("subsidiary_of", False, None), "被成立": ("subsidiary_of", True, None),
}
for _verb in ("持股", "入股", "注资", "增持", "买资"):
    FINRE[_verb] = ("invests_in", True, None)
    FINRE["被" + _verb] = ("invests_in", False, None)
DUIE_TRAIN, DUIE_TUNE = 3600, 4000


def duie(path: Path, nlp=None, limit: int = 0):
    """Yield ``(split, example)`` for the DuIE records (the first ``limit`` of each split)."""
    records = list(enumerate(json.loads(line) for line in path.open(encoding="utf-8")))
    if limit:
        records = [(i, r) for i, r in records if any(s <= i < s + limit for s in (0, DUIE_TRAIN, DUIE_TUNE))]
    docs = nlp.pipe(r["text"] for _, r in records) if nlp is not None else (None for _ in records)
    for (i, record), doc in zip(records, docs):
        text = record["text"]
        ents, index, rels = [], {}, []

        def entity(name, kind):
            label = DUIE_TYPES.get(kind)
            start = text.find(name) if label and name else -1
            if start < 0:
                return None
            key = (start, start + len(name))
            if key not in index:
                if any(s < key[1] and key[0] < e for s, e, _ in ents):
                    return None
                index[key] = len(ents)
                ents.append([key[0], key[1], label])
            return index[key]

        for spo in record["spo_list"]:
            s = entity(spo["subject"], spo["subject_type"])
            o = entity(spo["object"]["@value"], spo["object_type"]["@value"])
            if s is None or o is None or s == o or spo["predicate"] not in DUIE:
                continue
            label, subject_first = DUIE[spo["predicate"]]
            rels.append([s, o, label, None] if subject_first else [o, s, label, None])
        if doc is not None:
            for ent in doc.ents:
                if not any(s < ent.end_char and ent.start_char < e for s, e, _ in ents):
                    ents.append([ent.start_char, ent.end_char, ent.label_])
        split = "duie_train" if i < DUIE_TRAIN else "duie_tune" if i < DUIE_TUNE else "duie_test"
        yield split, {"id": f"duie:{i}", "text": text, "ents": ents, "rels": rels, "closed": True}


def finre(path: Path, split: str):
    """Yield ``(split, example)`` for one FinRE file, one example a sentence."""
    sentences: dict[str, dict] = {}
    for n, line in enumerate(path.open(encoding="utf-8"), 1):
        parts = line.rstrip("\n").split("\t")
        if len(parts) != 4:
            continue
        first, second, relation, text = parts
        a, b = text.find(first), text.find(second)
        if a < 0 or b < 0 or first == second:
            continue
        ex = sentences.setdefault(text, {"id": f"finre:{split}:{n}", "text": text, "ents": [], "rels": [],
                                         "closed": False, "_pairs": {}})
        i, j = (_index(ex["ents"], a, a + len(first)), _index(ex["ents"], b, b + len(second)))
        if i is None or j is None or i == j:
            continue
        label, head_first, qual = FINRE.get(relation, ("none", True, None))
        pair = frozenset((i, j))
        rel = [i, j, label, qual] if head_first else [j, i, label, qual]
        known = ex["_pairs"].get(pair)
        if known is None or (known[2] == "none" and label != "none"):
            ex["_pairs"][pair] = rel
    for ex in sentences.values():
        ex["rels"] = sorted(ex.pop("_pairs").values())
        yield f"finre_{split}", ex


def _index(ents, start, end):
    for k, (s, e, _) in enumerate(ents):
        if (s, e) == (start, end):
            return k
        if s < end and start < e:
            return None
    ents.append([start, end, "ORG"])
    return len(ents) - 1


def main(datasets: Path, output: Path, model: str = "", limit: int = 0):
    """Write DATASETS' relation examples into OUTPUT/{split}.jsonl."""
    nlp = None
    if model:
        import spacy

        nlp = spacy.load(model)
    output.mkdir(parents=True, exist_ok=True)
    files, counts = {}, {}
    sources = [duie(datasets / "duie" / "train_data_5000.json", nlp, limit)]
    sources += [finre(datasets / "finre" / f"{s}.txt", s) for s in ("train", "valid", "test")]
    for source in sources:
        for split, ex in source:
            if limit and counts.get(split, 0) >= limit:
                continue
            if split not in files:
                files[split] = (output / f"{split}.jsonl").open("w", encoding="utf-8")
            files[split].write(json.dumps(ex, ensure_ascii=False) + "\n")
            counts[split] = counts.get(split, 0) + 1
    for f in files.values():
        f.close()
    print("✔ " + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())))


if __name__ == "__main__":
    typer.run(main)

"""Choose name_lists.TEMPERATURE on made-up name lists, never on a split we report.

Each list is 6-16 names (two to four Chinese characters) drawn from the PERSON
entities of the training corpus, run together after a lead-in as the committee
lists of MSRA print them. Prints PERSON P/R/F for each temperature.

    python scripts/tune_name_lists.py model corpus/train/gold.spacy --temperatures 1,1.5,2,3
"""
from __future__ import annotations

import random
import re

import typer
from spacy.tokens import DocBin

from pipelines import name_lists, pipeline
from pipelines.evaluation import predict, score_entities

LEADS = ["出席会议的有", "主席团成员：", "参加会见的还有", "委员名单：", "他们是"]
ENDS = ["等。", "。", "等同志。"]
NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$")


def made_up_lists(names: list[str], n: int, seed: int) -> tuple[list[str], list[set]]:
    rng = random.Random(seed)
    texts, gold = [], []
    for _ in range(n):
        run, lead = rng.sample(names, rng.randint(6, 16)), rng.choice(LEADS)
        spans, pos = set(), len(lead)
        for name in run:
            spans.add((pos, pos + len(name), "PERSON"))
            pos += len(name)
        texts.append(lead + "".join(run) + rng.choice(ENDS))
        gold.append(spans)
    return texts, gold


def main(model: str, train: str, temperatures: str = "1,1.5,2,3,4", n: int = 300, seed: int = 0):
    nlp = pipeline.load(model)
    docs = DocBin().from_disk(train).get_docs(nlp.vocab)
    names = sorted({e.text for d in docs for e in d.ents if e.label_ == "PERSON" and NAME.match(e.text)})
    texts, gold = made_up_lists(names, n, seed)
    for t in map(float, temperatures.split(",")):
        name_lists.TEMPERATURE = t
        pred = [{e for e in p if e[2] == "PERSON"} for p in predict(nlp, texts)]
        s = score_entities(zip(pred, gold), ["PERSON"])["PERSON"]
        print(f"temperature {t:g}: PERSON P {s.p:.3f} R {s.r:.3f} F {s.f:.4f}")


if __name__ == "__main__":
    typer.run(main)

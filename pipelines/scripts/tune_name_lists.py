"""Choose name_lists.TEMPERATURE on made-up name lists, never on a split we report.

Each list is 6-30 names (two to four Chinese characters) drawn from the PERSON
entities of the training corpus, run together after a lead-in as committee
lists in the news print them: half grouped by surname, half with notes in
brackets after some names. Prints PERSON P/R/F for each temperature and
log prior of a lead-in or tail character (``name_lists.OUTSIDE``).

    python scripts/tune_name_lists.py model corpus/train/gold.spacy --temperatures 1,1.5 --outsides -3,-5,-8
"""
from __future__ import annotations

import random
import re

import typer
from spacy.tokens import DocBin

from pipelines import name_lists, pipeline
from pipelines.names import COMPOUND_SURNAMES, SURNAMES
from pipelines.evaluation import predict, score_entities

LEADS = ["出席会议的有", "主席团成员：", "参加会见的还有", "委员名单：", "他们是"]
ENDS = ["等。", "。", "等同志。"]
NOTES = ["（女）", "（回族）", "（女，壮族）", "（蒙古族）", "（藏族）", "（女，满族）", "（特邀）"]
NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$")


def made_up_lists(names: list[str], n: int, seed: int) -> tuple[list[str], list[set]]:
    """``n`` lists as news prints them: names that start with a surname, one in ten
    another (热地, 乌云其木格); in any order or grouped by surname (lists in stroke
    order put 王占王克王涛 side by side); some names followed by a note in brackets
    (（女）, （回族）) that cuts the run of names in pieces."""
    rng = random.Random(seed)
    chinese = [name for name in names if name[0] in SURNAMES or name[:2] in COMPOUND_SURNAMES]
    others = [name for name in names if not (name[0] in SURNAMES or name[:2] in COMPOUND_SURNAMES)]
    texts, gold = [], []
    for _ in range(n):
        lead = rng.choice(LEADS)
        run = [rng.choice(others if rng.random() < 0.1 else chinese) for _ in range(rng.randint(6, 30))]
        if rng.random() < 0.5:
            run.sort(key=lambda name: name[0])
        noted = rng.random() < 0.5
        spans, text = set(), lead
        for name in run:
            spans.add((len(text), len(text) + len(name), "PERSON"))
            text += name
            if noted and rng.random() < 0.25:
                text += rng.choice(NOTES)
        texts.append(text + rng.choice(ENDS))
        gold.append(spans)
    return texts, gold


def main(model: str, train: str, temperatures: str = "1,1.5,2,3,4", outsides: str = "-5", n: int = 300, seed: int = 0):
    nlp = pipeline.load(model)
    docs = DocBin().from_disk(train).get_docs(nlp.vocab)
    names = sorted({e.text for d in docs for e in d.ents if e.label_ == "PERSON" and NAME.match(e.text)})
    texts, gold = made_up_lists(names, n, seed)
    for t in map(float, temperatures.split(",")):
        for o in map(float, outsides.split(",")):
            name_lists.TEMPERATURE, name_lists.OUTSIDE = t, o
            pred = [{e for e in p if e[2] == "PERSON"} for p in predict(nlp, texts)]
            s = score_entities(zip(pred, gold), ["PERSON"])["PERSON"]
            print(f"temperature {t:g}, outside {o:g}: PERSON P {s.p:.3f} R {s.r:.3f} F {s.f:.4f}")


if __name__ == "__main__":
    typer.run(main)

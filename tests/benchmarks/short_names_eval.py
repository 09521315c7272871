"""Short names declared in text: how many full/short pairs end on one node.

Held-out sentences: DuIE records 4000-4999 with the 简称 relation (records
0-3999 are what the rules were written against). For each pair whose full and
short names are both found as entities by the pipeline, the pair counts as
merged when both end on the same graph node. Target: >= 0.80.

    python tests/benchmarks/short_names_eval.py [--datasets ../shared/datasets] [--model PATH] [--all]
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from graph.build import GraphBuilder
from pipelines.extract import extract
from pipelines.pipeline import load
from pipelines.records import Document

HELD_OUT = range(4000, 5000)


def pairs(datasets: Path, records: range):
    with (datasets / "duie" / "train_data_5000.json").open(encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i not in records:
                continue
            record = json.loads(line)
            for spo in record["spo_list"]:
                if spo["predicate"] == "简称":
                    yield i, record["text"], spo["subject"], spo["object"]["@value"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=Path, default=Path("../shared/datasets"))
    parser.add_argument("--model", default=None)
    parser.add_argument("--all", action="store_true", help="all 5,000 records, not only the held-out 1,000")
    args = parser.parse_args()
    nlp = load(args.model)
    records = range(0, 5000) if args.all else HELD_OUT
    found = merged = total = 0
    misses = []
    for i, text, full, short in pairs(args.datasets, records):
        total += 1
        (result,) = extract(nlp, [Document(str(i), text)])
        builder = GraphBuilder(types=("PERSON", "ORG", "PRODUCT", "GPE", "LOC", "WORK_OF_ART", "FAC", "NORP"))
        builder.add(result)
        ids = builder.mention_node_ids(result, builder.node_ids())
        by_text = {}
        for m in result.mentions:
            if (m.start, m.end) in ids:
                by_text.setdefault(m.text, set()).add(ids[(m.start, m.end)])
        if full in by_text and short in by_text:
            found += 1
            if by_text[full] & by_text[short]:
                merged += 1
            else:
                misses.append((full, short))
    print(f"简称 pairs: {total}; both found as entities: {found}; on one node: {merged}"
          f" ({merged / found if found else 0:.2f} of found)")
    for full, short in misses[:10]:
        print(f"  apart: {full} / {short}")


if __name__ == "__main__":
    main()

"""Copy the assembled pipeline into the package and write its model card.

The card's metrics table is generated from the evaluate step's scores; the
rest of the card (data, licences, labels) is kept in ``model_card.md``.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import typer

HERE = Path(__file__).resolve().parent


def metrics_table(scores: dict) -> str:
    rows = ["| split | label | P | R | F | support |", "|---|---|---|---|---|---|"]
    for split, result in scores.items():
        for label, s in result["labels"].items():
            rows.append(f"| {split} | {label} | {s['p']:.3f} | {s['r']:.3f} | {s['f']:.3f} | {s['support']} |")
        merged = result.get("places_merged", {}).get("LOC")
        if merged:
            rows.append(f"| {split} | GPE+LOC as LOC | {merged['p']:.3f} | {merged['r']:.3f} | {merged['f']:.3f} | {merged['support']} |")
    speed = ", ".join(f"{split} {r['chars_per_s']:,}" for split, r in scores.items())
    return "\n".join(rows) + f"\n\nThroughput of the whole pipeline, one process (chars/s): {speed}.\n"


def prune_strings(model: Path) -> None:
    """Drop the character bigrams from the string store: the features
    component adds them again at run time, and the embeddings use hashes."""
    path = model / "vocab" / "strings.json"
    strings = json.loads(path.read_text(encoding="utf-8"))
    keep = [s for s in strings if not (len(s) == 2 or s.endswith("</s>"))]
    path.write_text(json.dumps(keep, ensure_ascii=False), encoding="utf-8")


def main(assembled: Path, target: Path, scores: Path):
    """Copy ASSEMBLED to TARGET (pipelines/model) with a README model card. When they are the
    same folder, only the card and scores are written again (the shipped pipeline measured anew
    after a change to the components' code)."""
    data = json.loads(scores.read_text(encoding="utf-8"))
    if assembled.resolve() != target.resolve():
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(assembled, target)
        prune_strings(target)
    card = (HERE.parent / "model_card.md").read_text(encoding="utf-8")
    card = card.replace("<!-- metrics -->", metrics_table(data))
    (target / "README.md").write_text(card, encoding="utf-8")
    (target / "scores.json").write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    size = sum(p.stat().st_size for p in target.rglob("*") if p.is_file())
    print(f"✔ shipped {assembled} -> {target} ({size / 1e6:.1f} MB)")


if __name__ == "__main__":
    typer.run(main)

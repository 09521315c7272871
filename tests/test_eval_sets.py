"""Our business eval sets are well formed: every listed name is in its text, with a label we score."""
import json
from pathlib import Path

import pytest

EVAL = Path(__file__).resolve().parents[1] / "pipelines" / "eval"
LABELS = {"PERSON", "ORG", "GPE", "LOC", "PRODUCT"}


@pytest.mark.parametrize("path", sorted(EVAL.glob("business_*.jsonl")), ids=lambda p: p.stem)
def test_business_set_names_are_in_their_texts(path):
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        record = json.loads(line)
        names = [name for name, _ in record["entities"]]
        assert len(names) == len(set(names)), f"{path.name}:{number}: a name listed twice"
        for name, label in record["entities"]:
            assert name in record["text"], f"{path.name}:{number}: {name} not in the text"
            assert label in LABELS, f"{path.name}:{number}: {label}"

"""spaCy imported for a build without its command line, which still works when asked for."""
import json
import subprocess
import sys

CODE = """
import json, sys
from pipelines import pipeline
nlp = pipeline.load(None)
before = sorted(m for m in ("typer", "weasel", "spacy.cli") if m in sys.modules)
import spacy
download = callable(spacy.cli.download)
from spacy.cli import init_config
print(json.dumps({"before": before, "ents": [e.text for e in nlp("黄峥创立了拼多多。").ents], "download": download,
                  "init_config": callable(init_config), "info": "spacy_version" in spacy.info(),
                  "real": type(sys.modules["spacy.cli"]).__name__}))
"""


def test_pipeline_loads_without_spacy_cli_and_the_cli_still_works():
    done = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["before"] == []
    assert result["ents"] == ["黄峥", "拼多多"]
    assert result["download"] and result["init_config"] and result["info"]
    assert result["real"] == "module"


def test_spacy_imported_first_is_left_as_it_is():
    code = ("import spacy, sys; from pipelines.quick_import import import_spacy; "
            "print(import_spacy() is spacy and 'typer' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["True"]

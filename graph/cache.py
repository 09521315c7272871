"""The NLP cache: each document's entity and relation records, stored under ``--out``.

An entry is keyed by the sha256 of the document's text, inside a folder named
for the *NLP settings*: the pipeline (a hash of its files), the code of its
components (the ``pipelines`` package), the spaCy version, the entity types and
the longest piece a document is cut into. Nothing else changes what the NLP
finds, so alias files, ``--min-mentions``, ``--max-nodes`` and the page options
never invalidate it, and a document that moved or was renamed is still found.

Layout::

    OUT/.cache/CACHEDIR.TAG
    OUT/.cache/nlp-v1/<settings hash>/settings.json     what the hash stands for
    OUT/.cache/nlp-v1/<settings hash>/<ab>/<sha256 of the text>

An entry holds the records without the document's id (they are added back on
reading), compactly: mentions as rows, relations pointing at them and at a table
of sentences. It starts with a line ``EG1 <crc32>``; an entry that is cut short,
damaged or of another format is ignored (and recomputed), never an error.
Entries are written to a temporary file and renamed into place.

>>> payload = encode_records([Mention("d", 0, 2, "黄峥", "PERSON", 0, 9)], [])
>>> decode_records(payload, "news:1")[0][0].doc_id
'news:1'
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from pipelines.records import Mention, Relation

__all__ = [
    "NLPCache",
    "NLPSettings",
    "encode_records",
    "decode_records",
    "text_key",
    "model_source",
    "model_label",
    "CACHE_DIR",
]

logger = logging.getLogger(__name__)

CACHE_DIR = ".cache"
FORMAT = "nlp-v1"
_MAGIC = b"EG1 "
_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# entity-graph's NLP cache (per-document records); safe to delete.\n"
)


# -- what the NLP results depend on ---------------------------------------------------------


def model_source(model: str | None) -> Path | None:
    """The folder of the pipeline ``model`` names, found without loading it or importing spaCy.

    ``None`` means the shipped pipeline (``None`` is returned when the package
    ships no trained pipeline and the gazetteer pipeline stands in).

    Raises
    ------
    pipelines.pipeline.ModelNotFound
        ``model`` is neither an installed pipeline nor a pipeline folder.
    """
    from pipelines import pipeline

    if model is None:
        path = pipeline.default_model_path()
        return path if (path / "config.cfg").exists() else None
    path = Path(model)
    if path.exists() and (path / "config.cfg").exists():
        return path.resolve()
    if not path.exists():
        package = pipeline.installed_package_path(model)  # found without importing spaCy or the package
        if package is not None:
            return package
    pipeline.load(model)  # raises ModelNotFound with the message the CLI prints
    raise pipeline.ModelNotFound(f"Argument `model` is \"{model}\", which cannot be loaded.")


def model_label(source: Path | None) -> str:
    """``lang_name-version`` as ``pipelines.pipeline.pipeline_name`` gives it, from ``meta.json``."""
    if source is None:
        return "zh_gazetteer-0.0.0"
    try:
        meta = json.loads((source / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        meta = {}
    return f"{meta.get('lang', 'zh')}_{meta.get('name', 'pipeline')}-{meta.get('version', '0.0.0')}"


def _hash_tree(root: Path, digest, *, suffixes: tuple[str, ...] | None = None, skip: tuple[str, ...] = ()) -> None:
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if not path.is_file() or any(rel == s or rel.startswith(s + "/") for s in skip):
            continue
        if "__pycache__" in path.parts or (suffixes and path.suffix not in suffixes):
            continue
        digest.update(rel.encode() + b"\0")
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
        digest.update(b"\0")


def _code_hash() -> str:
    """The components' code and data: the ``pipelines`` package, training material left out."""
    import pipelines

    digest = hashlib.sha256()
    root = Path(pipelines.__file__).parent
    for path in sorted(root.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    data = root / "data"
    if data.is_dir():
        _hash_tree(data, digest)
    return digest.hexdigest()


@dataclass(frozen=True)
class NLPSettings:
    """Everything that changes the NLP's records, and nothing else.

    ``model`` is what ``--model`` said (``None``: the shipped pipeline); the
    fingerprint is computed on the machine that reads it, so that workers can
    check that they run the same pipeline as the client.
    """

    model: str | None = None
    types: tuple[str, ...] = ()
    max_chars: int = 20_000
    fingerprint: str = ""
    label: str = ""
    parts: dict = field(default_factory=dict, compare=False, hash=False)

    @classmethod
    def compute(cls, model: str | None, types, max_chars: int) -> "NLPSettings":
        """Find the pipeline and hash what its results depend on (no model is loaded).

        Raises
        ------
        pipelines.pipeline.ModelNotFound
            ``model`` is not installed.
        """
        from importlib.metadata import version

        source = model_source(model)
        model_digest = hashlib.sha256()
        if source is not None:
            _hash_tree(source, model_digest)
        parts = {
            "format": FORMAT,
            "model": model,
            "pipeline": model_label(source),
            "pipeline_files": model_digest.hexdigest(),
            "components_code": _code_hash(),
            "spacy": version("spacy"),
            "thinc": version("thinc"),
            "types": sorted(set(types)),
            "max_chars": max_chars,
        }
        # the model's name is how it was found, not what it is: two spellings of the same pipeline share a cache
        keyed = {k: v for k, v in parts.items() if k != "model"}
        fingerprint = hashlib.sha256(json.dumps(keyed, sort_keys=True).encode()).hexdigest()
        return cls(model, tuple(types), max_chars, fingerprint, parts["pipeline"], parts)


def text_key(text: str) -> str:
    """sha256 of a document's text (UTF-8)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


# -- records <-> compact JSON ----------------------------------------------------------------


def _mention_row(m: Mention) -> list:
    return [m.start, m.end, m.text, m.type, m.sent_start, m.sent_end, m.canonical]


def encode_records(mentions: list[Mention], relations: list[Relation]) -> str:
    """The records of one document as compact JSON, without its ``doc_id``."""
    rows = [_mention_row(m) for m in mentions]
    index = {tuple(r): i for i, r in reversed(list(enumerate(rows)))}
    sentences: list[list] = []
    sentence_index: dict[tuple, int] = {}
    rels = []
    for r in relations:
        skey = (r.start, r.end, r.sentence)
        s = sentence_index.get(skey)
        if s is None:
            s = sentence_index[skey] = len(sentences)
            sentences.append(list(skey))
        head, tail = _mention_row(r.head), _mention_row(r.tail)
        rels.append([
            index.get(tuple(head), head), index.get(tuple(tail), tail),
            r.relation, s, r.confidence, r.directed, r.qualifier,
        ])
    return json.dumps({"m": rows, "s": sentences, "r": rels}, ensure_ascii=False, separators=(",", ":"))


def _mention(row, doc_id: str) -> Mention:
    start, end, text, type_, sent_start, sent_end, canonical = row
    if not (
        type(start) is int and type(end) is int and type(sent_start) is int and type(sent_end) is int
        and isinstance(text, str) and isinstance(type_, str) and (canonical is None or isinstance(canonical, str))
    ):
        raise ValueError("bad mention")
    return Mention(doc_id, start, end, text, type_, sent_start, sent_end, canonical)


def decode_records(payload: str, doc_id: str) -> tuple[list[Mention], list[Relation]]:
    """Mentions and relations of ``encode_records``' output, with ``doc_id`` put back.

    Raises
    ------
    ValueError
        ``payload`` is not what ``encode_records`` writes.
    """
    try:
        data = orjson.loads(payload)
        mentions = [_mention(row, doc_id) for row in data["m"]]
        sentences = data["s"]
        relations = []
        for head, tail, relation, s, confidence, directed, qualifier in data["r"]:
            start, end, sentence = sentences[s]
            relations.append(Relation(
                doc_id,
                mentions[head] if type(head) is int else _mention(head, doc_id),
                mentions[tail] if type(tail) is int else _mention(tail, doc_id),
                relation, sentence, start, end, confidence, directed, qualifier,
            ))
    except (TypeError, KeyError, IndexError, AttributeError) as err:
        raise ValueError(f"not a records payload: {err}") from None
    return mentions, relations


# -- the store -------------------------------------------------------------------------------


class NLPCache:
    """Per-document NLP records under ``out/.cache``, for one set of ``NLPSettings``.

    Counts ``hits``, ``misses``, ``corrupt`` (entries ignored) and ``written``.
    Writing never fails a build: a cache that cannot be written is logged once
    and left alone.
    """

    def __init__(self, out: str | Path, settings: NLPSettings):
        self.root = Path(out) / CACHE_DIR
        self.dir = self.root / FORMAT / settings.fingerprint[:32]
        self._prefix = f"{self.dir}{os.sep}"  # + key[:2]/key[2:]: the path of an entry, as a string
        self.settings = settings
        self.hits = self.misses = self.corrupt = self.written = 0
        self._ready = False
        self._broken = False

    def _prepare(self) -> None:
        self._ready = True
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            tag = self.root / "CACHEDIR.TAG"
            if not tag.exists():
                tag.write_text(_TAG, encoding="utf-8")
            info = self.dir / "settings.json"
            if not info.exists():
                text = json.dumps(self.settings.parts, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
                self._write(info, text.encode("utf-8"))
        except OSError as err:
            self._give_up(err)

    def _give_up(self, err: OSError) -> None:
        if not self._broken:
            logger.warning("cannot write the NLP cache in %s (%s); continuing without it", self.dir, err.strerror or err)
        self._broken = True

    def path(self, key: str) -> Path:
        return self.dir / key[:2] / key[2:]

    def get(self, key: str) -> str | None:
        """The payload stored for ``key``, or None (absent, unreadable or damaged)."""
        try:
            with open(f"{self._prefix}{key[:2]}{os.sep}{key[2:]}", "rb") as f:
                data = f.read()
        except OSError:
            self.misses += 1
            return None
        header, _, body = data.partition(b"\n")
        try:
            if not header.startswith(_MAGIC) or int(header[len(_MAGIC):], 16) != zlib.crc32(body):
                raise ValueError("checksum")
            payload = body.decode("utf-8")
        except ValueError:
            self.corrupt += 1
            self.misses += 1
            logger.debug("ignoring a damaged cache entry %s", self.path(key))
            return None
        self.hits += 1
        return payload

    def discard(self, key: str) -> None:
        """A payload that ``get`` returned did not decode: count it as damaged, not as a hit."""
        logger.debug("ignoring a damaged cache entry %s", self.path(key))
        self.hits -= 1
        self.corrupt += 1
        self.misses += 1

    def put(self, key: str, payload: str) -> None:
        """Store ``payload`` for ``key`` atomically (a temporary file renamed into place)."""
        if not self._ready:
            self._prepare()
        if self._broken:
            return
        body = payload.encode("utf-8")
        path = self.path(key)
        try:
            path.parent.mkdir(exist_ok=True)
            self._write(path, b"%s%08x\n%s" % (_MAGIC, zlib.crc32(body), body))
            self.written += 1
        except OSError as err:
            self._give_up(err)

    @staticmethod
    def _write(path: Path, data: bytes) -> None:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp.")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, path)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise

"""The NLP cache: each document's entity and relation records, stored under ``--out``.

An entry is keyed by the sha256 of the document's text, inside a folder named
for the *NLP settings*: the pipeline (a hash of its files), the code of its
components (the ``pipelines`` package), the spaCy version, the entity types and
the longest piece a document is cut into. Nothing else changes what the NLP
finds, so alias files, ``--min-mentions``, ``--max-nodes`` and the page options
never invalidate it, and a document that moved or was renamed is still found.

Layout::

    OUT/.cache/CACHEDIR.TAG
    OUT/.cache/pipeline-digest.json                      the pipeline's sha256, and the files' sizes and times
    OUT/.cache/nlp-v2/<settings hash>/settings.json     what the hash stands for
    OUT/.cache/nlp-v2/<settings hash>/records.sqlite    table entries(key, crc, payload)

One SQLite database holds the entries (one file a document cost the build as
much system time creating files as the rest of its main process did). An entry
holds the records without the document's id (they are added back on reading),
compactly: mentions as rows, relations pointing at them and at a table of
sentences, with the crc32 of its UTF-8. An entry that is damaged or of another
format is ignored (and recomputed), never an error; so is a damaged database,
which is set aside as ``records.damaged``.

>>> payload = encode_records([Mention("d", 0, 2, "黄峥", "PERSON", 0, 9)], [])
>>> decode_records(payload, "news:1")[0][0].doc_id
'news:1'
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import tempfile
import weakref
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
DIGESTS = "pipeline-digest.json"  # in CACHE_DIR: the pipeline's digest and the files it was computed from
FORMAT = "nlp-v2"
DATABASE = "records.sqlite"
COMMIT_EVERY = 256  # entries a transaction
BUSY_SECONDS = 30.0  # how long to wait for another build writing the same cache
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


def _tree_files(root: Path) -> list[tuple[str, Path]]:
    files = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            files.append((path.relative_to(root).as_posix(), path))
    return files


def _hash_tree(root: Path, digest) -> None:
    for rel, path in _tree_files(root):
        digest.update(rel.encode() + b"\0")
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
        digest.update(b"\0")


def _tree_digest(root: Path, memo: Path | None = None) -> str:
    """sha256 of the files under ``root``. With ``memo`` (a JSON file), a digest computed before is
    reused while every file keeps its name, size and modification time: a warm build need not
    read the whole pipeline again (25 MB, about 0.03 s)."""
    try:
        stats = [[rel, st.st_size, st.st_mtime_ns] for rel, path in _tree_files(root) for st in [path.stat()]]
    except OSError:
        stats, memo = None, None
    source = str(root.resolve())
    if memo is not None:
        try:
            kept = json.loads(memo.read_text(encoding="utf-8"))
            if kept.get("source") == source and kept.get("files") == stats and isinstance(kept.get("sha256"), str):
                return kept["sha256"]
        except (OSError, ValueError, AttributeError):
            pass
    digest = hashlib.sha256()
    _hash_tree(root, digest)
    if memo is not None:
        try:
            memo.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("w", dir=memo.parent, prefix=memo.name, delete=False, encoding="utf-8") as f:
                json.dump({"source": source, "files": stats, "sha256": digest.hexdigest()}, f)
            os.replace(f.name, memo)
        except OSError as err:
            logger.debug("pipeline digest not kept at %s: %s", memo, err)
    return digest.hexdigest()


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
    def compute(cls, model: str | None, types, max_chars: int, *, memo: Path | None = None) -> "NLPSettings":
        """Find the pipeline and hash what its results depend on (no model is loaded); ``memo``
        keeps the pipeline's digest for the next build (see ``_tree_digest``).

        Raises
        ------
        pipelines.pipeline.ModelNotFound
            ``model`` is not installed.
        """
        from importlib.metadata import version

        source = model_source(model)
        model_digest = _tree_digest(source, memo) if source is not None else hashlib.sha256().hexdigest()
        parts = {
            "format": FORMAT,
            "model": model,
            "pipeline": model_label(source),
            "pipeline_files": model_digest,
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


_OPEN: "weakref.WeakSet[NLPCache]" = weakref.WeakSet()  # caches with a database connection


def _before_fork() -> None:
    # a child must never inherit a write transaction (its exit would close the connection mid-way)
    for cache in list(_OPEN):
        try:
            cache._commit()
        except sqlite3.Error:
            pass


def _in_child() -> None:
    for cache in list(_OPEN):
        cache._db = None  # the parent's connection: not this process's to use


if hasattr(os, "register_at_fork"):
    os.register_at_fork(before=_before_fork, after_in_child=_in_child)


class NLPCache:
    """Per-document NLP records under ``out/.cache``, for one set of ``NLPSettings``.

    Counts ``hits``, ``misses``, ``corrupt`` (entries ignored) and ``written`` (committed).
    Writing never fails a build: a cache that cannot be written is logged once
    and left alone; a damaged database is set aside and started afresh. Entries
    are committed in batches (and by ``close``): a build that stops keeps every
    batch committed before.
    """

    def __init__(self, out: str | Path, settings: NLPSettings):
        self.root = Path(out) / CACHE_DIR
        self.dir = self.root / FORMAT / settings.fingerprint[:32]
        self.path = self.dir / DATABASE
        self.settings = settings
        self.hits = self.misses = self.corrupt = self.written = 0
        self._db: sqlite3.Connection | None = None
        self._pending = 0  # entries written since the last commit
        self._broken = False  # writing failed: no more writes (reads go on)
        self._unreadable = False

    # -- the database --------------------------------------------------------

    def _connect(self, create: bool) -> sqlite3.Connection | None:
        if self._db is None:
            if not create and not self.path.exists():
                return None
            if create:
                self._prepare()
            self._db = sqlite3.connect(self.path, timeout=BUSY_SECONDS, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=PERSIST")  # the journal file kept, not made for every commit
            self._db.execute("PRAGMA synchronous=OFF")  # a cache: damage after a system crash is detected, recomputed
            self._db.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, crc INTEGER, payload BLOB)")
            _OPEN.add(self)
        return self._db

    def _prepare(self) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        tag = self.root / "CACHEDIR.TAG"
        if not tag.exists():
            tag.write_text(_TAG, encoding="utf-8")
        info = self.dir / "settings.json"
        if not info.exists():
            text = json.dumps(self.settings.parts, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
            self._write(info, text.encode("utf-8"))

    def _damaged(self, err: sqlite3.DatabaseError) -> None:
        """The database cannot be read: set it aside (kept as ``*.damaged``) and start afresh."""
        logger.warning("the NLP cache %s is damaged (%s); its documents are processed again", self.path, err)
        self._close_db()
        self._unreadable = True
        try:
            os.replace(self.path, self.path.with_suffix(".damaged"))
            self._unreadable = False
        except OSError:
            pass

    def _give_up(self, err: Exception) -> None:
        if not self._broken:
            reason = getattr(err, "strerror", None) or err
            logger.warning("cannot write the NLP cache in %s (%s); continuing without it", self.dir, reason)
        self._broken = True

    # -- entries -------------------------------------------------------------

    def get(self, key: str) -> str | None:
        """The payload stored for ``key``, or None (absent, unreadable or damaged)."""
        return self.get_many([key])[0]

    def get_many(self, keys: list[str]) -> list[str | None]:
        """The payload stored for each of ``keys`` (one query), or None where ``get`` gives None."""
        rows = {}
        if not self._unreadable and keys:
            try:
                db = self._connect(create=False)
                if db is not None:
                    wanted = sorted(set(keys))
                    marks = ",".join("?" * len(wanted))
                    query = f"SELECT key, crc, payload FROM entries WHERE key IN ({marks})"
                    rows = {key: (crc, body) for key, crc, body in db.execute(query, wanted)}
            except sqlite3.OperationalError as err:  # locked by another build past the timeout, unreadable
                logger.warning("cannot read the NLP cache %s (%s); its documents are processed again", self.path, err)
                self._unreadable = True
            except sqlite3.DatabaseError as err:  # not a database, or a damaged one
                self._damaged(err)
        return [self._payload(key, rows.get(key)) for key in keys]

    def _payload(self, key: str, row: tuple | None) -> str | None:
        if row is None:
            self.misses += 1
            return None
        crc, body = row
        try:
            if not isinstance(body, bytes) or crc != zlib.crc32(body):
                raise ValueError("checksum")
            payload = body.decode("utf-8")
        except ValueError:
            self.corrupt += 1
            self.misses += 1
            logger.debug("ignoring a damaged cache entry %s in %s", key, self.path)
            return None
        self.hits += 1
        return payload

    def discard(self, key: str) -> None:
        """A payload that ``get`` returned did not decode: count it as damaged, not as a hit."""
        logger.debug("ignoring a damaged cache entry %s in %s", key, self.path)
        self.hits -= 1
        self.corrupt += 1
        self.misses += 1

    def put(self, key: str, payload: str) -> None:
        """Store ``payload`` for ``key`` (committed with its batch, or by ``close``)."""
        if self._broken:
            return
        body = payload.encode("utf-8")
        try:
            db = self._connect(create=True)
            if not db.in_transaction:
                db.execute("BEGIN")
            db.execute("INSERT OR REPLACE INTO entries VALUES (?, ?, ?)", (key, zlib.crc32(body), body))
            self._pending += 1
            if self._pending >= COMMIT_EVERY:
                self._commit()
        except sqlite3.DatabaseError as err:
            if self._db is not None and not isinstance(err, sqlite3.OperationalError):
                self._damaged(err)
            self._give_up(err)
        except OSError as err:
            self._give_up(err)

    def _commit(self) -> None:
        if self._db is not None and self._db.in_transaction:
            self._db.execute("COMMIT")
        self.written += self._pending  # counted once committed
        self._pending = 0

    def close(self) -> None:
        """Commit what was written and close the database."""
        try:
            self._commit()
        except sqlite3.DatabaseError as err:  # the last batch is lost: not written
            self._pending = 0
            self._give_up(err)
        self._close_db()

    def _close_db(self) -> None:
        if self._db is not None:
            try:
                self._db.close()
            except sqlite3.Error:
                pass
            self._db = None

    def __len__(self) -> int:
        """How many entries are stored."""
        try:
            db = self._connect(create=False)
            return 0 if db is None else db.execute("SELECT COUNT(*) FROM entries").fetchone()[0]
        except sqlite3.DatabaseError:
            return 0

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

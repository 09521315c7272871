"""The records that flow from ``pipelines`` to ``graph``.

Plain, JSON-friendly dataclasses: ``graph`` never sees a spaCy ``Doc``.
Offsets are character offsets into the decoded document text, end exclusive.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

__all__ = ["Document", "Skipped", "Mention", "Relation", "DocResult"]


@dataclass(frozen=True)
class Document:
    """One input document."""

    doc_id: str
    text: str
    title: str | None = None
    url: str | None = None
    date: str | None = None
    source: str = ""  # the file it came from, as given ("-" for stdin)
    encoding: str = "utf-8"
    line: int | None = None  # its JSONL line or CSV data row (1-based); None for a whole file

    def meta(self) -> dict:
        """``title``, ``url`` and ``date`` where the input had them."""
        return {k: v for k in ("title", "url", "date") if (v := getattr(self, k))}


@dataclass(frozen=True)
class Skipped:
    """An input (file, JSONL line, CSV row) that could not be read."""

    source: str  # "dir/lines.jsonl:2", "image.txt"
    reason: str  # "invalid JSON at column 22", "binary content", "empty"
    file: str = ""  # the file (or folder) concerned, as given; "" when it is ``source`` itself
    line: int | None = None  # the JSONL line or CSV data row (1-based); None for the whole file
    encoding: str | None = None  # the file's encoding, where it was found

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass(frozen=True)
class Mention:
    doc_id: str
    start: int
    end: int
    text: str
    type: str
    sent_start: int = 0
    sent_end: int = 0
    canonical: str | None = None  # a name the pipeline resolved it to

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Relation:
    """A relation stated in one sentence, between two mentions of it."""

    doc_id: str
    head: Mention
    tail: Mention
    relation: str
    sentence: str
    start: int  # the sentence's offsets in its document
    end: int
    confidence: float = 1.0
    directed: bool = False
    qualifier: str | None = None


@dataclass
class DocResult:
    """What the NLP found in one document."""

    document: Document
    mentions: list[Mention] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "DocResult":
        relations = []
        for r in data["relations"]:
            r = dict(r, head=Mention(**r["head"]), tail=Mention(**r["tail"]))
            relations.append(Relation(**r))
        return cls(
            Document(**data["document"]),
            [Mention(**m) for m in data["mentions"]],
            relations,
        )

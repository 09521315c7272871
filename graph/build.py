"""Build a networkx graph from entity and relation records.

Records stream in one document at a time; the builder keeps counts for each
entity and each linked pair, never the documents themselves.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

import networkx as nx

from pipelines.records import DocResult, Mention

__all__ = ["GraphBuilder", "build_graph", "entity_name", "DEFAULT_TYPES"]

DEFAULT_TYPES = ("PERSON", "ORG", "PRODUCT", "GPE", "LOC")


def entity_name(mention: Mention) -> str:
    """The name a mention is counted under: the pipeline's canonical name or its text."""
    return mention.canonical or " ".join(mention.text.split())


@dataclass
class _Entity:
    types: Counter = field(default_factory=Counter)
    aliases: Counter = field(default_factory=Counter)
    mentions: int = 0
    docs: int = 0
    last_doc: str | None = None
    first_seen: str | None = None
    last_seen: str | None = None


@dataclass
class _Link:
    directed: bool
    weight: int = 0
    confidence: float = 0.0
    qualifiers: Counter = field(default_factory=Counter)
    evidence: list = field(default_factory=list)
    sentences: set = field(default_factory=set)


class GraphBuilder:
    """Accumulate ``DocResult`` records into an entity graph.

    Parameters
    ----------
    types : iterable of str, optional
        Entity labels that become nodes (default PERSON, ORG, PRODUCT, GPE, LOC).
    min_mentions : int
        Entities mentioned fewer times are left out, with their edges.
    max_evidence : int
        Evidence sentences kept for each edge.

    Examples
    --------
    >>> from pipelines.records import Document, DocResult, Mention
    >>> doc = Document("a", "黄峥创立了拼多多。")
    >>> m1 = Mention("a", 0, 2, "黄峥", "PERSON")
    >>> m2 = Mention("a", 5, 8, "拼多多", "ORG")
    >>> builder = GraphBuilder()
    >>> builder.add(DocResult(doc, [m1, m2], []))
    >>> sorted(builder.graph().nodes)
    ['ORG:拼多多', 'PERSON:黄峥']
    """

    def __init__(self, *, types: Iterable[str] | None = None, min_mentions: int = 1, max_evidence: int = 5):
        self.types = set(types or DEFAULT_TYPES)
        self.min_mentions = min_mentions
        self.max_evidence = max_evidence
        self.entities: dict[str, _Entity] = {}
        self.links: dict[tuple[str, str, str], _Link] = {}
        self.documents: dict[str, dict] = {}
        self._ids: dict[str, str] | None = None

    def add(self, result: DocResult) -> None:
        """Count the mentions and relations of one document."""
        self._ids = None
        document = result.document
        meta = document.meta()
        if meta:
            self.documents[document.doc_id] = meta
        date = document.date
        for mention in result.mentions:
            if mention.type not in self.types:
                continue
            name = entity_name(mention)
            if not name:
                continue
            entity = self.entities.setdefault(name, _Entity())
            entity.types[mention.type] += 1
            entity.aliases[" ".join(mention.text.split())] += 1
            entity.mentions += 1
            if entity.last_doc != document.doc_id:
                entity.docs += 1
                entity.last_doc = document.doc_id
            if date:
                entity.first_seen = min(entity.first_seen or date, date)
                entity.last_seen = max(entity.last_seen or date, date)
        for rel in result.relations:
            if rel.head.type not in self.types or rel.tail.type not in self.types:
                continue
            head, tail = entity_name(rel.head), entity_name(rel.tail)
            if head == tail or head not in self.entities or tail not in self.entities:
                continue
            if not rel.directed:
                head, tail = sorted((head, tail))
            link = self.links.setdefault((head, tail, rel.relation), _Link(directed=rel.directed))
            sentence_key = (rel.doc_id, rel.start)
            if sentence_key in link.sentences:
                continue
            link.sentences.add(sentence_key)
            link.weight += 1
            link.confidence = max(link.confidence, rel.confidence)
            if rel.qualifier:
                link.qualifiers[rel.qualifier] += 1
            if len(link.evidence) < self.max_evidence:
                link.evidence.append({"doc_id": rel.doc_id, "sentence": rel.sentence, "start": rel.start, "end": rel.end})

    def node_ids(self) -> dict[str, str]:
        """Entity name -> node id (``TYPE:name``) for the entities kept."""
        if self._ids is None:
            self._ids = {
                name: f"{_majority(e.types)}:{name}"
                for name, e in self.entities.items()
                if e.mentions >= self.min_mentions
            }
        return self._ids

    def node_id(self, mention: Mention) -> str | None:
        """The node a mention ended on, or None when it is not on the graph."""
        if mention.type not in self.types:
            return None
        return self.node_ids().get(entity_name(mention))

    def graph(self) -> nx.MultiDiGraph:
        """The graph of everything added so far, nodes and edges in sorted order."""
        ids = self.node_ids()
        G = nx.MultiDiGraph(documents=dict(sorted(self.documents.items())))
        for name in sorted(ids, key=ids.get):
            e = self.entities[name]
            aliases = sorted(e.aliases, key=lambda a: (-e.aliases[a], a))
            G.add_node(
                ids[name],
                label=name,
                type=_majority(e.types),
                aliases=aliases,
                alias_counts={a: e.aliases[a] for a in aliases},
                mentions=e.mentions,
                docs=e.docs,
                first_seen=e.first_seen,
                last_seen=e.last_seen,
            )
        edges = []
        for (head, tail, relation), link in self.links.items():
            if head not in ids or tail not in ids:
                continue
            source, target = ids[head], ids[tail]
            if not link.directed:
                source, target = sorted((source, target))
            attrs = {
                "relation": relation,
                "weight": link.weight,
                "confidence": round(link.confidence, 4),
                "directed": link.directed,
                "evidence": link.evidence,
            }
            if link.qualifiers:
                attrs["qualifier"] = _majority(link.qualifiers)
            edges.append((source, target, relation, attrs))
        for source, target, key, attrs in sorted(edges, key=lambda e: e[:3]):
            G.add_edge(source, target, key=key, **attrs)
        return G


def _majority(counts: Counter) -> str:
    return min(counts, key=lambda k: (-counts[k], k))


def build_graph(results: Iterable[DocResult], **options) -> nx.MultiDiGraph:
    """Build the entity graph of ``results`` (options as for ``GraphBuilder``)."""
    builder = GraphBuilder(**options)
    for result in results:
        builder.add(result)
    return builder.graph()

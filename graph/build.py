"""Build a networkx graph from entity and relation records.

Records stream in one document at a time; the builder keeps counts for each
entity and each linked pair, never the documents themselves. Names are
resolved to entities by ``graph.resolve.Resolver``; merges that need the whole
corpus (a company's full name joining its short name) happen when the graph
is made.
"""
from __future__ import annotations

from collections import Counter
from typing import Iterable

import networkx as nx

from pipelines.records import DocResult, Mention, Relation

from .resolve import Resolver, normalize, org_reductions

__all__ = ["GraphBuilder", "build_graph", "clipped", "DEFAULT_TYPES"]

DEFAULT_TYPES = ("PERSON", "ORG", "PRODUCT", "GPE", "LOC")


class _Entity:
    """Counts for one entity (plain dicts: one is made for every entity and link seen)."""

    __slots__ = ("types", "aliases", "names", "canonical", "docs", "first_seen", "last_seen")

    def __init__(self):
        self.types: dict[str, int] = {}
        self.aliases: dict[str, int] = {}  # surface forms
        self.names: dict[str, int] = {}  # resolved names
        self.canonical: dict[str, int] = {}  # names the pipeline or user gave
        self.docs: set[int] = set()
        self.first_seen: str | None = None
        self.last_seen: str | None = None


class _Link:
    __slots__ = ("directed", "confidence", "qualifiers", "evidence", "sentences")

    def __init__(self, directed: bool):
        self.directed = directed
        self.confidence = 0.0
        self.qualifiers: dict[str, int] = {}
        self.evidence: list[dict] = []
        self.sentences: set[tuple[int, int]] = set()


def _evidence(rel: Relation) -> dict:
    ev = {"doc_id": rel.doc_id, "sentence": rel.sentence, "start": rel.start, "end": rel.end}
    cut = clipped(rel)
    if cut:
        ev["clipped"] = cut
    return ev


def clipped(rel: Relation) -> str | None:
    """Which ends of its sentence a relation's evidence leaves out (``start``, ``end``,
    ``both``; a sentence over 200 characters is cut around the pair), or None, from the
    sentence of the pair's mention that holds the evidence."""
    for m in (rel.head, rel.tail):
        if m.sent_start <= rel.start and rel.end <= m.sent_end:
            if (m.sent_start, m.sent_end) == (rel.start, rel.end):
                return None
            cut = ("start" if m.sent_start < rel.start else "") + ("end" if rel.end < m.sent_end else "")
            return "both" if cut == "startend" else cut
    return None


def _distinct(evidence: list[dict]) -> bool:
    """No two items the same (two from one place in one document are, whatever their text)."""
    return len(evidence) < 2 or len({(ev["doc_id"], ev["start"], ev["end"]) for ev in evidence}) == len(evidence)


def _add(into: dict, counts: dict) -> None:
    for key, n in counts.items():
        into[key] = into.get(key, 0) + n


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
    resolver : Resolver, optional
        Names and merges; a default ``Resolver()`` when None.

    Examples
    --------
    >>> from pipelines.records import Document, DocResult, Mention
    >>> doc = Document("a", "黄峥创立了拼多多。")
    >>> m1 = Mention("a", 0, 2, "黄峥", "PERSON")
    >>> m2 = Mention("a", 5, 8, "拼多多", "ORG")
    >>> builder = GraphBuilder()
    >>> builder.add(DocResult(doc, [m1, m2], []))  # each mention's entity key
    {(0, 2): '黄峥', (5, 8): '拼多多'}
    >>> sorted(builder.graph().nodes)
    ['ORG:拼多多', 'PERSON:黄峥']
    """

    def __init__(
        self,
        *,
        types: Iterable[str] | None = None,
        min_mentions: int = 1,
        max_evidence: int = 5,
        resolver: Resolver | None = None,
    ):
        self.types = set(types or DEFAULT_TYPES)
        self.min_mentions = min_mentions
        self.max_evidence = max_evidence
        self.resolver = resolver or Resolver()
        self.entities: dict[str, _Entity] = {}
        self.links: dict[tuple[str, str, str], _Link] = {}
        self.documents: dict[str, dict] = {}
        self._n_docs = 0
        self._groups: dict[str, str] | None = None
        self._merged_entities: dict[str, _Entity] | None = None
        self._node_ids: dict[str, str] | None = None

    # -- per document ------------------------------------------------------

    def mention_keys(self, result: DocResult, *, count: bool = False) -> dict[tuple[int, int], tuple[str, str]]:
        """``(start, end) -> (entity key, name)`` for the mentions of one document that count."""
        names = {}
        for m in result.mentions:
            if m.type in self.types:
                name = self.resolver.name(m.text, m.type, m.canonical, count=count)
                if name:
                    names[(m.start, m.end)] = (name, m.type, m.canonical)
        persons = {n: n for n, t, c in names.values() if t == "PERSON" and not c}
        refs = self.resolver.person_references(persons)
        out = {}
        for span, (name, _, _) in names.items():
            name = refs.get(name, name)
            out[span] = (normalize(name), name)
        return out

    def add(self, result: DocResult) -> dict[tuple[int, int], str]:
        """Count the mentions and relations of one document; return ``(start, end) -> entity key``
        of its mentions that count (``mention_node_ids`` maps them to nodes once all are added)."""
        self._groups = self._merged_entities = self._node_ids = None
        document = result.document
        meta = document.meta()
        if meta:
            self.documents[document.doc_id] = meta
        doc_index = self._n_docs
        self._n_docs += 1
        date = document.date
        keys = self.mention_keys(result, count=True)
        for m in result.mentions:
            if (m.start, m.end) not in keys:
                continue
            key, name = keys[(m.start, m.end)]
            entity = self.entities.get(key)
            if entity is None:
                entity = self.entities[key] = _Entity()
            types, aliases, names = entity.types, entity.aliases, entity.names
            types[m.type] = types.get(m.type, 0) + 1
            alias = " ".join(m.text.split())
            aliases[alias] = aliases.get(alias, 0) + 1
            names[name] = names.get(name, 0) + 1
            if m.canonical:
                entity.canonical[m.canonical] = entity.canonical.get(m.canonical, 0) + 1
            entity.docs.add(doc_index)
            if date:
                entity.first_seen = min(entity.first_seen or date, date)
                entity.last_seen = max(entity.last_seen or date, date)
        for rel in result.relations:
            head = keys.get((rel.head.start, rel.head.end), (None,))[0]
            tail = keys.get((rel.tail.start, rel.tail.end), (None,))[0]
            if head is None or tail is None or head == tail:
                continue
            if not rel.directed:
                head, tail = sorted((head, tail))
            # a qualified relation (a former CEO) is an edge of its own: key "leads:former"
            kind = rel.relation + (":" + rel.qualifier if rel.qualifier else "")
            link = self.links.get((head, tail, kind))
            if link is None:
                link = self.links[(head, tail, kind)] = _Link(directed=rel.directed)
            sentence = (doc_index, rel.start)
            if sentence in link.sentences:
                continue
            link.sentences.add(sentence)
            link.confidence = max(link.confidence, rel.confidence)
            if rel.qualifier:
                link.qualifiers[rel.qualifier] = link.qualifiers.get(rel.qualifier, 0) + 1
            if len(link.evidence) < self.max_evidence:
                link.evidence.append(_evidence(rel))
        return {span: key for span, (key, _) in keys.items()}

    # -- across the corpus -------------------------------------------------

    def groups(self) -> dict[str, str]:
        """Entity key -> the key of the entity it is merged into."""
        if self._groups is None:
            parent = {k: k for k in self.entities}

            def find(k):
                while parent[k] != k:
                    parent[k] = parent[parent[k]]
                    k = parent[k]
                return k

            for key in sorted(self.entities):
                entity = self.entities[key]
                type_ = _majority(entity.types)
                if type_ != "ORG":
                    continue
                for short in org_reductions(key):
                    other = self.entities.get(short)
                    if other is not None and _majority(other.types) == type_:
                        a, b = find(key), find(short)
                        if a != b:
                            parent[max(a, b, key=len)] = min(a, b, key=len)
                        break
            self._groups = {k: find(k) for k in self.entities}
        return self._groups

    def _merged(self) -> dict[str, _Entity]:
        if self._merged_entities is None:
            self._merged_entities = self._merge()
        return self._merged_entities

    def _merge(self) -> dict[str, _Entity]:
        merged: dict[str, _Entity] = {}
        groups = self.groups()
        sizes = Counter(groups.values())
        for key, root in groups.items():
            e = self.entities[key]
            if sizes[root] == 1:
                merged[root] = e  # alone in its group: read as it is, never changed
                continue
            m = merged.get(root)
            if m is None:
                m = merged[root] = _Entity()
            _add(m.types, e.types)
            _add(m.aliases, e.aliases)
            _add(m.names, e.names)
            _add(m.canonical, e.canonical)
            m.docs |= e.docs
            for date in (e.first_seen, e.last_seen):
                if date:
                    m.first_seen = min(m.first_seen or date, date)
                    m.last_seen = max(m.last_seen or date, date)
        return merged

    def node_ids(self) -> dict[str, str]:
        """Entity key -> node id (``TYPE:name``) for the entities kept."""
        if self._node_ids is not None:
            return self._node_ids
        merged = self._merged()
        roots = {
            root: f"{_majority(e.types)}:{_label(e)}"
            for root, e in merged.items()
            if sum(e.aliases.values()) >= self.min_mentions
        }
        self._node_ids = {key: roots[root] for key, root in self.groups().items() if root in roots}
        return self._node_ids

    def mention_node_ids(self, result: DocResult, node_ids: dict[str, str],
                         keys: dict[tuple[int, int], str] | None = None) -> dict[tuple[int, int], str]:
        """``(start, end) -> node id`` for the mentions of one document on the graph; ``keys``
        are what ``add`` returned for it (else worked out again)."""
        if keys is None:
            keys = {span: key for span, (key, _) in self.mention_keys(result).items()}
        return {span: node_ids[key] for span, key in keys.items() if key in node_ids}

    def graph(self) -> nx.MultiDiGraph:
        """The graph of everything added so far, nodes and edges in sorted order."""
        ids = self.node_ids()
        merged = self._merged()
        groups = self.groups()
        G = nx.MultiDiGraph(documents=dict(sorted(self.documents.items())))
        nodes = {}
        for root, e in merged.items():
            node = ids.get(root)
            if node is None:
                continue
            aliases = sorted(e.aliases, key=lambda a: (-e.aliases[a], a))
            type_, label = node.split(":", 1)  # as node_ids made it
            nodes[node] = dict(
                label=label,
                type=type_,
                aliases=aliases,
                alias_counts={a: e.aliases[a] for a in aliases},
                mentions=sum(e.aliases.values()),
                docs=len(e.docs),
                first_seen=e.first_seen,
                last_seen=e.last_seen,
            )
        G.add_nodes_from((node, nodes[node]) for node in sorted(nodes))
        # the links of merged entities that meet on one edge are added up; most edges have one link
        edges: dict[tuple[str, str, str], list[_Link]] = {}
        for (head, tail, relation), link in self.links.items():
            source, target = ids.get(groups[head]), ids.get(groups[tail])
            if source is None or target is None or source == target:
                continue
            if not link.directed and target < source:
                source, target = target, source
            edges.setdefault((source, target, relation), []).append(link)
        G.add_edges_from((source, target, kind, self._edge(kind, links))
                         for (source, target, kind), links in sorted(edges.items()))
        return G

    def _edge(self, kind: str, links: list[_Link]) -> dict:
        """The attributes of the edge of ``links`` (in the order they were first seen)."""
        link = links[0]
        if len(links) == 1 and _distinct(link.evidence):  # most edges: one link, at most max_evidence items
            evidence, qualifiers, sentences = list(link.evidence), link.qualifiers, link.sentences
        else:
            evidence, qualifiers = [], {}
            for link in links:
                _add(qualifiers, link.qualifiers)
                for ev in link.evidence:
                    if len(evidence) < self.max_evidence and ev not in evidence:
                        evidence.append(ev)
            sentences = set().union(*(link.sentences for link in links))
        attrs = {
            "relation": kind.split(":")[0],
            "weight": len(sentences),
            "confidence": round(max(link.confidence for link in links), 4),
            "directed": links[0].directed,
            "evidence": evidence,
        }
        if qualifiers:
            attrs["qualifier"] = _majority(qualifiers)
        return attrs

    def dropped(self) -> dict[str, int]:
        """Mentions each filter dropped, for the run's report."""
        return dict(sorted(self.resolver.dropped.items()))


def _label(e: _Entity) -> str:
    """The most informative common form: a canonical name if any, else the
    longest of the forms seen at least half as often as the most frequent."""
    if e.canonical:
        return _majority(e.canonical)
    top = max(e.names.values())
    common = [n for n, c in e.names.items() if 2 * c >= top]
    return min(common, key=lambda n: (-len(n), n))


def _majority(counts: dict[str, int]) -> str:
    return min(counts, key=lambda k: (-counts[k], k))


def build_graph(results: Iterable[DocResult], **options) -> nx.MultiDiGraph:
    """Build the entity graph of ``results`` (options as for ``GraphBuilder``)."""
    builder = GraphBuilder(**options)
    for result in results:
        builder.add(result)
    return builder.graph()

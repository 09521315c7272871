"""The Python API: build an entity graph from texts, files or records.

>>> from graph import build
>>> eg = build(texts=["黄峥创立了拼多多。拼多多推出了Knock。"])
>>> "拼多多" in set(eg.nodes["label"])
True
"""
from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Iterable, Iterator

import networkx as nx

from pipelines.readers import check_inputs, read_inputs
from pipelines.records import Document, DocResult, Skipped

from .build import DEFAULT_TYPES, GraphBuilder
from .readwrite import atomic_write, write_graphml, write_json, write_jsonl
from .resolve import Resolver, normalize, read_alias_file

__all__ = ["build", "EntityGraph", "in_period"]


def in_period(date: str | None, since: str | None, until: str | None) -> bool:
    """Whether an ISO date (``YYYY-MM-DD`` or a prefix) lies in [since, until]."""
    if not since and not until:
        return True
    if not date:
        return False
    if since and date[: len(since)] < since:
        return False
    if until and date[: len(until)] > until:
        return False
    return True


def _documents(texts, files, records, skipped: list) -> Iterator[Document]:
    for i, text in enumerate(texts or []):
        yield Document(doc_id=f"text:{i + 1}", text=text, source="texts")
    for i, record in enumerate(records or []):
        if isinstance(record, Document):
            yield record
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            skipped.append(Skipped(f"records:{i + 1}", "no text field"))
            continue
        meta = {k: str(record[k]) for k in ("title", "url", "date") if record.get(k)}
        doc_id = str(record["id"]) if record.get("id") is not None else f"records:{i + 1}"
        yield Document(doc_id=doc_id, text=record["text"], source="records", **meta)
    if files:
        paths = [str(p) for p in ([files] if isinstance(files, (str, Path)) else files)]
        check_inputs(paths)
        for item in read_inputs(paths):
            if isinstance(item, Skipped):
                skipped.append(item)
            else:
                yield item


def build(
    texts: Iterable[str] | None = None,
    *,
    files: str | Path | Iterable[str | Path] | None = None,
    records: Iterable[dict | Document] | None = None,
    model: str | None = None,
    nlp=None,
    types: Iterable[str] = DEFAULT_TYPES,
    min_mentions: int = 1,
    max_evidence: int = 5,
    aliases: str | Path | None = None,
    since: str | None = None,
    until: str | None = None,
    batch_size: int = 32,
) -> "EntityGraph":
    """Build the entity graph of texts, files or records.

    Parameters
    ----------
    texts : iterable of str, optional
        Documents as strings; their ``doc_id`` is ``text:N``.
    files : path or iterable of paths, optional
        Files and folders, read as the command line reads them.
    records : iterable of dict or Document, optional
        Dicts with ``text`` and optional ``id``, ``title``, ``url``, ``date``.
    model : str, optional
        An installed spaCy pipeline or a path; the shipped pipeline when None.
    nlp : spacy.Language, optional
        A pipeline already loaded with ``pipelines.pipeline.load`` (reuse it
        across calls to skip loading).
    types, min_mentions, max_evidence, aliases
        As the CLI's ``--types``, ``--min-mentions``, ``--max-evidence``, ``--aliases``.
    since, until : str, optional
        Keep documents dated in this period (ISO dates, ``2024`` or
        ``2024-03`` work too); documents with no date are then left out.

    Returns
    -------
    EntityGraph

    Examples
    --------
    >>> eg = build(records=[{"text": "王兴创立了美团。", "date": "2010-03-04"}], since="2010")
    >>> eg.top(1)["label"].tolist()
    ['王兴']
    """
    # spaCy is imported here, not with this module: graph.run imports this module
    # and a build served by the NLP cache never needs spaCy
    from pipelines.extract import extract
    from pipelines.pipeline import load, pipeline_name

    types = tuple(types)
    resolver = Resolver(*read_alias_file(aliases)) if aliases else Resolver()
    nlp = nlp or load(model, labels=list(types))
    skipped: list[Skipped] = []
    docs = (
        d for d in _documents(texts, files, records, skipped)
        if in_period(d.date, since, until) or skipped.append(Skipped(d.doc_id, "outside --since/--until"))
    )
    builder = GraphBuilder(types=types, min_mentions=min_mentions, max_evidence=max_evidence, resolver=resolver)
    results = []
    for result in extract(nlp, docs, types=types, batch_size=batch_size):
        builder.add(result)
        results.append(result)
    return EntityGraph._from_results(builder, results, skipped, pipeline_name(nlp))


class EntityGraph:
    """An entity graph with its records, ready for networkx and pandas.

    Attributes
    ----------
    graph : networkx.MultiDiGraph
        The graph (the contract of ``graph.json``).
    """

    def __init__(self, graph: nx.MultiDiGraph, mentions: list[dict], relations: list[dict],
                 skipped: list[Skipped] | None = None, model: str = ""):
        self.graph = graph
        self._mentions = mentions
        self._relations = relations
        self.skipped = skipped or []
        self.model = model

    @classmethod
    def _from_results(cls, builder: GraphBuilder, results: list[DocResult], skipped, model) -> "EntityGraph":
        G = builder.graph()
        ids = builder.node_ids()
        mentions, relations = [], []
        for result in results:
            on_graph = builder.mention_node_ids(result, ids)
            for m in result.mentions:
                mentions.append({"doc_id": m.doc_id, "start": m.start, "end": m.end, "text": m.text,
                                 "type": m.type, "entity": on_graph.get((m.start, m.end))})
            for r in result.relations:
                head, tail = on_graph.get((r.head.start, r.head.end)), on_graph.get((r.tail.start, r.tail.end))
                if head is None or tail is None or head == tail:
                    continue
                record = {"doc_id": r.doc_id, "head": head, "tail": tail, "head_text": r.head.text,
                          "tail_text": r.tail.text, "relation": r.relation, "sentence": r.sentence,
                          "start": r.start, "end": r.end, "confidence": r.confidence}
                if r.qualifier:
                    record["qualifier"] = r.qualifier
                relations.append(record)
        return cls(G, mentions, relations, skipped, model)

    def __repr__(self) -> str:
        return f"<EntityGraph: {self.graph.number_of_nodes()} entities, {self.graph.number_of_edges()} edges>"

    def __len__(self) -> int:
        return self.graph.number_of_nodes()

    # -- networkx and pandas ---------------------------------------------

    def to_networkx(self) -> nx.MultiDiGraph:
        """A copy of the graph."""
        return self.graph.copy()

    @property
    def nodes(self):
        """Nodes as a DataFrame indexed by node id."""
        import pandas as pd

        columns = ["label", "type", "mentions", "docs", "aliases", "alias_counts", "first_seen", "last_seen"]
        rows = [{"id": n, **{c: d.get(c) for c in columns}} for n, d in self.graph.nodes(data=True)]
        return pd.DataFrame(rows, columns=["id", *columns]).set_index("id")

    @property
    def edges(self):
        """Edges as a DataFrame: source, target, relation, weight, confidence, directed, evidence."""
        import pandas as pd

        columns = ["relation", "weight", "confidence", "directed", "qualifier", "evidence"]
        rows = [{"source": u, "target": v, **{c: d.get(c) for c in columns}}
                for u, v, d in self.graph.edges(data=True)]
        return pd.DataFrame(rows, columns=["source", "target", *columns])

    @property
    def mentions(self):
        """Every mention as a DataFrame (the fields of ``mentions.jsonl``)."""
        import pandas as pd

        return pd.DataFrame(self._mentions, columns=["doc_id", "start", "end", "text", "type", "entity"])

    @property
    def relations(self):
        """Every relation found in a sentence (the fields of ``relations.jsonl``)."""
        import pandas as pd

        columns = ["doc_id", "head", "tail", "head_text", "tail_text", "relation", "sentence", "start", "end",
                   "confidence", "qualifier"]
        return pd.DataFrame(self._relations, columns=columns)

    # -- questions ---------------------------------------------------------

    def node(self, name: str) -> str:
        """The node id of ``name``: a node id, a label or any alias (case and form folded).

        Raises
        ------
        KeyError
            When no node has that name.
        """
        if name in self.graph:
            return name
        key = normalize(name)
        for n, d in sorted(self.graph.nodes(data=True), key=lambda x: -x[1].get("mentions", 0)):
            if normalize(d.get("label", "")) == key or key in {normalize(a) for a in d.get("aliases", [])}:
                return n
        raise KeyError(f"no entity named {name!r} in the graph")

    def top(self, n: int = 10, *, by: str = "mentions", type: str | None = None):
        """The top ``n`` entities by ``mentions``, ``docs``, ``degree``, ``pagerank`` or ``betweenness``."""
        df = self.nodes
        if type:
            df = df[df["type"] == type]
        if by in ("mentions", "docs"):
            score = df[by]
        else:
            simple = nx.Graph()
            simple.add_nodes_from(self.graph)
            for u, v, d in self.graph.edges(data=True):
                w = simple[u][v]["weight"] + d["weight"] if simple.has_edge(u, v) else d["weight"]
                simple.add_edge(u, v, weight=w)
            measures = {
                "degree": lambda: dict(simple.degree(weight="weight")),
                "pagerank": lambda: nx.pagerank(simple, weight="weight") if len(simple) else {},
                "betweenness": lambda: nx.betweenness_centrality(simple),
            }
            if by not in measures:
                raise ValueError(f"by={by!r}: expected mentions, docs, degree, pagerank or betweenness")
            values = measures[by]()
            score = df.index.map(lambda i: values.get(i, 0))
        df = df.assign(score=score)
        return df.sort_values(["score", "label"], ascending=[False, True]).head(n)

    def ego(self, name: str, radius: int = 1) -> "EntityGraph":
        """The neighbourhood of one entity (by node id, label or alias)."""
        center = self.node(name)
        keep = nx.ego_graph(self.graph.to_undirected(as_view=True), center, radius=radius).nodes
        return self._subgraph(set(keep))

    def relations_of(self, relation: str):
        """The relations of one type (e.g. ``founded``) with their sentences."""
        df = self.relations
        return df[df["relation"] == relation].reset_index(drop=True)

    def evidence(self, a: str, b: str):
        """The sentences that link two entities, every relation, both directions."""
        u, v = self.node(a), self.node(b)
        df = self.relations
        return df[((df["head"] == u) & (df["tail"] == v)) | ((df["head"] == v) & (df["tail"] == u))].reset_index(drop=True)

    def filter(self, *, types: Iterable[str] | None = None, relations: Iterable[str] | None = None,
               min_weight: int = 0, names: Iterable[str] | None = None) -> "EntityGraph":
        """A subgraph: entity types, relation types, a minimum edge weight, a set of names."""
        keep = set(self.graph)
        if types:
            keep = {n for n in keep if self.graph.nodes[n]["type"] in set(types)}
        if names:
            keep &= {self.node(name) for name in names}
        return self._subgraph(keep, relations=set(relations) if relations else None, min_weight=min_weight)

    def _subgraph(self, keep: set, relations: set | None = None, min_weight: int = 0) -> "EntityGraph":
        G = nx.MultiDiGraph(**self.graph.graph)
        G.add_nodes_from((n, self.graph.nodes[n]) for n in self.graph if n in keep)
        for u, v, k, d in self.graph.edges(keys=True, data=True):
            if u in keep and v in keep and (relations is None or k in relations) and d["weight"] >= min_weight:
                G.add_edge(u, v, key=k, **d)
        mentions = [m for m in self._mentions if m["entity"] in keep]
        rels = [r for r in self._relations if r["head"] in keep and r["tail"] in keep
                and (relations is None or r["relation"] in relations)]
        return EntityGraph(G, mentions, rels, self.skipped, self.model)

    # -- display and files -------------------------------------------------

    def to_html(self, **options) -> str:
        """The whole page (``graph.html``) as a string; options as ``graph.html.render_html``."""
        from .html import render_html

        return render_html(self.graph, **options)

    def _repr_html_(self) -> str:
        page = html.escape(self.to_html(), quote=True)
        return (f'<div><iframe srcdoc="{page}" style="width:100%;height:640px;border:1px solid #ddd;border-radius:6px" '
                f'sandbox="allow-scripts allow-downloads allow-popups"></iframe></div>')

    def show(self, **options):
        """Show the page inline (Jupyter, JupyterLab, VS Code, Colab): an iframe with ``srcdoc``."""
        from IPython.display import HTML

        page = html.escape(self.to_html(**options), quote=True)
        return HTML(f'<div><iframe srcdoc="{page}" style="width:100%;height:640px;border:1px solid #ddd;border-radius:6px" '
                    f'sandbox="allow-scripts allow-downloads allow-popups"></iframe></div>')

    def save(self, out: str | Path, **html_options) -> Path:
        """Write every output of the CLI into ``out``."""
        from .html import write_html
        from .run import check_out_dir

        out = check_out_dir(out)
        write_json(self.graph, out / "graph.json")
        write_graphml(self.graph, out / "graph.graphml")
        write_html(self.graph, out / "graph.html", **html_options)
        write_jsonl(self._mentions, out / "mentions.jsonl")
        write_jsonl(self._relations, out / "relations.jsonl")
        report = {
            "model": self.model,
            "totals": {"nodes": self.graph.number_of_nodes(), "edges": self.graph.number_of_edges(),
                       "mentions": len(self._mentions), "relations": len(self._relations),
                       "skipped": len(self.skipped)},
            "skipped": [{"source": s.source, "reason": s.reason} for s in self.skipped],
        }
        with atomic_write(out / "report.json") as f:
            json.dump(report, f, ensure_ascii=False, indent=1)
            f.write("\n")
        return out

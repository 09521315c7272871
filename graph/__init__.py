"""entity-graph: Chinese named-entity and relation graphs.

``graph`` turns entity and relation records into a networkx graph and its
exports (HTML, JSON, GraphML), and holds the command line and the Python API.
"""
__version__ = "0.1.0"

from .api import EntityGraph, build  # noqa: E402
from .build import GraphBuilder, build_graph  # noqa: E402

__all__ = ["__version__", "build", "EntityGraph", "GraphBuilder", "build_graph"]

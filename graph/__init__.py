"""entity-graph: Chinese named-entity and relation graphs.

``graph`` turns entity and relation records into a networkx graph and its
exports (HTML, JSON, GraphML), and holds the command line and the Python API.

The API (``build``, ``EntityGraph``) is imported on first use, so that the
command line, run on documents that are all in the NLP cache, never imports
spaCy.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from .build import GraphBuilder, build_graph  # networkx, no spaCy

__version__ = "0.1.0"

__all__ = ["__version__", "build", "EntityGraph", "GraphBuilder", "build_graph"]

# Importing the submodule graph.build bound ``build`` here to it; ``graph.build`` is the API's
# function (as it always was), found by __getattr__ on first use. The submodule stays
# importable by name (``from graph.build import GraphBuilder``).
del globals()["build"]

_API = ("build", "EntityGraph")

if TYPE_CHECKING:
    from .api import EntityGraph, build  # noqa: F811


def __getattr__(name: str):
    if name not in _API:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(".api", __name__), name)
    globals()[name] = value  # looked up once, then an ordinary attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))

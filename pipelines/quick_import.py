"""Import spaCy without its command line.

``import spacy`` runs ``from .cli.info import info``, which imports every
``spacy`` command and what they use (typer, weasel, httpx, ...): about 0.2 s
of the 0.5 s the import takes here, paid by every build that loads a pipeline,
and by every worker. ``import_spacy()`` imports spaCy with a stand-in for
``spacy.cli`` while its ``__init__`` runs, then takes the stand-in away:
``spacy.cli`` is imported for real the first time anything uses it
(``spacy.cli.download``, ``from spacy.cli import train``, ``spacy.info()``),
so nothing changes for code that does. If spaCy's import cannot be done this
way, it is done the usual way.
"""
from __future__ import annotations

import importlib
import sys
import types

__all__ = ["import_spacy"]


class _LazyCLI(types.ModuleType):
    """``spacy.cli`` until something uses it: then the real one, which takes its place."""

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(importlib.import_module("spacy.cli"), name)


def _info(*args, **kwargs):
    from spacy.cli.info import info

    return info(*args, **kwargs)


def import_spacy() -> types.ModuleType:
    """``spacy``, imported without ``spacy.cli`` if it is not imported yet."""
    if "spacy" in sys.modules:
        return importlib.import_module("spacy")
    cli, info = _LazyCLI("spacy.cli"), types.ModuleType("spacy.cli.info")
    cli.__path__ = []  # a package, so that ``spacy.cli.info`` is looked up in sys.modules
    info.info = _info
    sys.modules["spacy.cli"], sys.modules["spacy.cli.info"] = cli, info
    try:
        import spacy
    except Exception:  # another spaCy than this was written for: import it the usual way
        for name in [m for m in sys.modules if m == "spacy" or m.startswith("spacy.")]:
            del sys.modules[name]
        import spacy

        return spacy
    finally:
        for name, stub in (("spacy.cli", cli), ("spacy.cli.info", info)):
            if sys.modules.get(name) is stub:
                del sys.modules[name]
    spacy.cli = _LazyCLI("spacy.cli")  # ``spacy.cli.x`` imports the real one, as after a plain import
    return spacy

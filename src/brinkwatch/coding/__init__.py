"""brinkwatch.coding: CAMEO event coding of parsed sentences.

Public API::

    code_sentence(sent, doc_id) -> list[EventCandidate]
    code_doc(doc, doc_id) -> list[EventCandidate]
    lookup_actor(text) -> ActorRef | None
    cameo_name(code), goldstein(code), quad_class(root), plover(code), acled(code)

Reference tables live in ``data/`` (see ``data/README.md`` for sources and licenses).
"""

from brinkwatch.coding.actors import lookup_actor
from brinkwatch.coding.coder import code_doc, code_sentence
from brinkwatch.coding.tables import acled, cameo_name, goldstein, plover, plover_mode, quad_class, root_of

__all__ = [
    "acled",
    "cameo_name",
    "code_doc",
    "code_sentence",
    "goldstein",
    "lookup_actor",
    "plover",
    "plover_mode",
    "quad_class",
    "root_of",
]

"""Who-took-what features for the event-type classifier.

ACLED separates "Government regains territory" from "Non-state actor overtakes territory" by
who did the taking, which bag-of-words features cannot see ("rebels recaptured" and "the army
recaptured" share almost every n-gram). These tokens mark a capture verb together with the
class of the actor that did it, found by a few general patterns:

- ``CAPBY_GOV`` / ``CAPBY_NS``: a state force or a non-state group before a capture verb
  ("troops retook the town", "militants seized the base"), after ``by`` in the passive
  ("was captured by rebels") or after ``fell to`` ("the town fell to the insurgents");
- ``ACT_GOV`` / ``ACT_NS``: such an actor is named anywhere in the snippet.

The actor words are generic role nouns plus the names of a few widely reported armed groups
(general knowledge, not taken from any data set).
"""

from __future__ import annotations

import re

__all__ = ["FEATURES_VERSION", "actor_tokens"]

FEATURES_VERSION = "1"

_GOV = (
    r"(?:army|armed forces|troops|soldiers|government forces|government troops|security forces"
    r"|military|forces loyal|regime forces|pro-government|national army|defen[cs]e forces"
    r"|police|commandos|marines|the government)"
)
_NS = (
    r"(?:rebels?|militants?|insurgents?|jihadists?|fighters|militias?|militiamen|separatists?"
    r"|gunmen|islamic state|isis|isil|daesh|taliban|al-shabaa?b|boko haram|houthis?|al-qaeda"
    r"|armed groups?|terrorists?|opposition forces|extremists?)"
)
_CAP = (
    r"(?:recaptur\w*|retook|retake\w*|regain\w*|liberat\w*|seiz\w*|captur\w*"
    r"|took (?:back )?control|take control|taken control|overr[au]n\w*|stormed|took over"
    r"|taken over|control of|fell to|fall to|cleared|reclaim\w*|entered)"
)
_ACTOR_THEN_CAPTURE = re.compile(rf"\b({_GOV}|{_NS})\b[^.;]{{0,60}}?\b{_CAP}\b")
_CAPTURE_BY = re.compile(
    rf"\b{_CAP}\b[^.;]{{0,40}}?\bby\s+(?:the\s+)?(?:\w+\s+){{0,2}}?({_GOV}|{_NS})\b"
)
_FELL_TO = re.compile(rf"\b(?:fell|fall|falls) to\s+(?:the\s+)?(?:\w+\s+)?({_NS}|{_GOV})\b")
_GOV_RX = re.compile(rf"\b{_GOV}\b")
_NS_RX = re.compile(rf"\b{_NS}\b")


def _actor_class(word: str) -> str:
    return "GOV" if _GOV_RX.fullmatch(word) else "NS"


def actor_tokens(text: str) -> list[str]:
    """``ACT_*`` and ``CAPBY_*`` tokens for a snippet (see the module docstring)."""
    low = text.lower()
    out = []
    if _GOV_RX.search(low):
        out.append("ACT_GOV")
    if _NS_RX.search(low):
        out.append("ACT_NS")
    for rx in (_ACTOR_THEN_CAPTURE, _CAPTURE_BY, _FELL_TO):
        out.extend("CAPBY_" + _actor_class(m.group(1)) for m in rx.finditer(low))
    return out

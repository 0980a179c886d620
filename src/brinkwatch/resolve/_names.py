"""Name normalisation shared by entity resolution and story keys."""

from __future__ import annotations

import re

from unidecode import unidecode

TITLES = {
    "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "president", "vice", "prime", "minister",
    "pm", "general", "gen", "lt", "col", "colonel", "major", "captain", "capt", "admiral",
    "secretary", "spokesman", "spokeswoman", "spokesperson", "chancellor", "king", "queen",
    "prince", "pope", "senator", "sen", "rep", "governor", "gov", "mayor", "ambassador",
    "commander", "chief", "deputy", "foreign", "defence", "defense", "interior", "state",
    "sheikh", "judge", "justice", "premier", "envoy", "adviser", "advisor", "leader",
}

_SPACES = re.compile(r"\s+")
_DROP = re.compile(r"[^\w\s&-]")


def name_key(text: str) -> str:
    """A comparison key: ASCII-folded, casefolded, no leading 'the', no possessive, no dots.

    ``"the NATO-led Kosovo Force's"`` -> ``"nato-led kosovo force"``; ``"Vučić"`` -> ``"vucic"``;
    ``"U.S."`` -> ``"us"``.
    """
    folded = unidecode(text).replace("’", "'")
    folded = re.sub(r"'s\b|'$", "", folded)
    folded = folded.replace(".", "")
    folded = _DROP.sub(" ", folded).casefold()
    folded = _SPACES.sub(" ", folded).strip()
    if folded.startswith("the "):
        folded = folded[4:]
    return folded


def strip_titles(key: str) -> str:
    """``"president aleksandar vucic"`` -> ``"aleksandar vucic"``; keeps at least one word."""
    words = key.split()
    while len(words) > 1 and words[0] in TITLES:
        words = words[1:]
    return " ".join(words)


def without_led_prefix(key: str) -> str | None:
    """``"nato-led kosovo force"`` -> ``"kosovo force"`` (the leader is not part of the name)."""
    m = re.match(r"^[\w]+-led (.+)$", key)
    return m.group(1) if m else None


def initials(key: str) -> str:
    words = [w for w in re.split(r"[\s-]+", key) if w and w not in {"of", "the", "and", "for", "in", "on"}]
    return "".join(w[0] for w in words)

"""Names in a headline, for story clustering.

The analyzer parses the body; the headline is often where a wire notice names its subject
("ACME CORP <ACM> 4TH QTR NET": the body is a table of figures) and where an article names
its protagonist. A parser cannot read headline casing, though: in "Large Riot Breaks Out In
Brooklyn" or an all-capitals wire title every word looks like a name. So the headline's
casing is restored first (:func:`truecase_headline`), from how the article's own body writes
each word, and only then is it run through the named-entity recogniser.

The result is a list of names (no character spans: they only key the story clusterer, and
never become facts of their own).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

# The entity labels the story clusterer reads, in the body (derive.story_keys) and here.
STORY_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
_WORD = re.compile(r"[^\W_][\w'’.-]*")
_BODY_TOKEN = re.compile(r"(\s*)(\S+)")
_EDGE = "\"'“”‘’()[]{},;:!?"
# a full stop after these does not end a sentence
_ABBREVIATION = re.compile(r"(?:[A-Za-z]\.)+|(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Inc|Co|Corp|Ltd|No|Gen|Gov|Sen|Rep)\.")
_INITIALS = re.compile(r"(?:[A-Za-z]\.){2,}")
_MIN_CASED_WORD = 4  # shorter words ("of", "in", "US") say little about a headline's style
_CAPITALISED_SHARE = 0.7  # at least this share of longer words capitalised: title case
_UPPER_SHARE = 0.8  # at least this share of letters upper case: all capitals


def body_casing(body: str) -> dict[str, Counter[str]]:
    """Casefolded word -> how the body writes it, counted away from sentence starts (where
    every word is capitalised)."""
    seen: dict[str, Counter[str]] = {}
    sentence_start = True
    for match in _BODY_TOKEN.finditer(body):
        space, token = match.groups()
        word = token.strip(_EDGE)
        if "\n" in space:  # a line's first word: a heading, a list or a table row
            sentence_start = True
        if word and word[0].isalpha() and not sentence_start:
            bare = word.rstrip(".") if not _ABBREVIATION.fullmatch(word) else word
            seen.setdefault(bare.casefold(), Counter())[bare] += 1
        stripped = token.rstrip("\"'”’)")
        sentence_start = stripped.endswith((".", "!", "?")) and not _ABBREVIATION.fullmatch(word)
    return seen


def headline_style(title: str) -> str:
    """``"caps"`` (all capitals), ``"title"`` (most longer words capitalised) or
    ``"sentence"`` (casing a parser can read as it is)."""
    letters = [c for c in title if c.isalpha()]
    if not letters:
        return "sentence"
    if sum(c.isupper() for c in letters) >= _UPPER_SHARE * len(letters):
        return "caps"
    words = [w for w in _WORD.findall(title) if len(w) >= _MIN_CASED_WORD]
    if words and sum(w[0].isupper() for w in words) >= _CAPITALISED_SHARE * len(words):
        return "title"
    return "sentence"


def truecase_headline(title: str, body: str) -> str:
    """The headline in sentence casing, each word written as the body writes it (most
    often; lower case on a tie).

    A word the body never writes away from a sentence start is lower-cased in a title-case
    headline (a name is nearly always repeated in the body) unless it is an acronym, and
    capitalised in an all-capitals one (a wire notice's company is often named only there).
    Sentence-case headlines are returned unchanged. Every word keeps its length, so the
    result lines up with the original character by character (except for the rare letters
    whose case forms differ in length).
    """
    style = headline_style(title)
    if style == "sentence":
        return title
    # a page often repeats its headline (a link, a caption): that copy teaches nothing
    casing = body_casing(body.replace(title, " "))

    def restore(match: re.Match[str]) -> str:
        word = match.group(0)
        if _INITIALS.fullmatch(word):
            return word  # "U.S.", "U.K."
        if any(c.isdigit() for c in word):
            return word.lower()  # "4TH", "1987"
        forms = casing.get(word.casefold())
        if forms:
            # lower case wins ties: a body may repeat the title-cased headline itself
            form, count = max(((f, c) for f, c in forms.items() if f != f.lower()),
                              key=lambda fc: fc[1], default=("", 0))
            return form if count > forms.get(word.lower(), 0) else word.lower()
        if style == "caps":
            return word[:1] + word[1:].lower()
        if len(word) > 1 and word.isupper():
            return word
        return word.lower()

    restored = _WORD.sub(restore, title)
    return restored[:1].upper() + restored[1:]


def headline_names(parsed) -> tuple[str, ...]:
    """The names (as written, first occurrence order, no repeats) a parsed headline carries
    under :data:`STORY_NAME_LABELS`; a span without a capital letter is not a name."""
    out: dict[str, None] = {}
    for ent in parsed.ents:
        text = ent.text.strip()
        if ent.label_ in STORY_NAME_LABELS and any(c.isupper() for c in text):
            out.setdefault(text, None)
    return tuple(out)


def parse_headlines(nlp, pairs: Sequence[tuple[str | None, str]], batch_size: int = 256,
                    ) -> list[tuple[str, ...]]:
    """:func:`headline_names` of each ``(title, body)``; no title gives ``()``.

    Only the recogniser runs (a headline needs no sentence split, tags or lemmas)."""
    keep = {"ner", "alias_ruler"}
    disable = [name for name in nlp.pipe_names if name not in keep]
    texts = [truecase_headline(title, body) if title and title.strip() else ""
             for title, body in pairs]
    out: list[tuple[str, ...]] = []
    for text, parsed in zip(texts, nlp.pipe(texts, batch_size=batch_size, disable=disable)):
        out.append(headline_names(parsed) if text else ())
    return out

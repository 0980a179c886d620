"""Text helpers for the brief: Markdown escaping, safe links, anchors, number and label formatting.

Everything that reaches the brief from an article (titles, outlets, names, quoted spans) is
untrusted. HTML escaping is left to Jinja's autoescape and :func:`markupsafe.escape`; this module
holds the Markdown side, where characters that would start HTML, links, emphasis or table cells
are neutralised, and the checks that decide whether a URL may become a link at all.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

# CAMEO root categories (names paraphrased from the CAMEO codebook, Schrodt 2012, public domain).
CAMEO_ROOTS: dict[str, str] = {
    "01": "made a public statement",
    "02": "appealed",
    "03": "expressed intent to cooperate",
    "04": "consulted",
    "05": "engaged in diplomatic cooperation",
    "06": "engaged in material cooperation",
    "07": "provided aid",
    "08": "yielded",
    "09": "investigated",
    "10": "demanded",
    "11": "disapproved",
    "12": "rejected",
    "13": "threatened",
    "14": "protested",
    "15": "exhibited force posture",
    "16": "reduced relations",
    "17": "coerced",
    "18": "assaulted",
    "19": "fought",
    "20": "used unconventional mass violence",
}

QUAD_NAMES: dict[int, str] = {
    1: "Verbal cooperation",
    2: "Material cooperation",
    3: "Verbal conflict",
    4: "Material conflict",
}

STATUS_LABELS: dict[str, str] = {
    "disputed": "disputed",
    "agreed": "agreed",
    "single-source": "single source",
}

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_SPACE = re.compile(r"\s+")
_ANCHOR_BAD = re.compile(r"[^A-Za-z0-9_-]")
_URL_SAFE = "/:?#@!$&'*+,;=%~-._"


def clean(text: object) -> str:
    """``text`` as one line: None becomes "", runs of whitespace (newlines too) become one space."""
    if text is None:
        return ""
    return _SPACE.sub(" ", str(text)).strip()


def md(text: object, *, strip: bool = True) -> str:
    """Escape untrusted text for Markdown prose and table cells.

    ``<`` and ``>`` become entities (so no tag survives, in any Markdown flavour); the
    characters that open links, images, code, emphasis or table cells get a backslash.
    With ``strip=False`` a single space at either end is kept (for text joined to a quote).
    """
    s = clean(text) if strip else _SPACE.sub(" ", "" if text is None else str(text))
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", s)


def md_code(text: object) -> str:
    """Text for a fenced ``~~~`` block: fences and backticks removed, one line."""
    return clean(text).replace("`", "'").replace("~", "-")


def safe_url(url: object) -> str | None:
    """``url`` if it is an absolute http(s) URL with a host, else None (never a link)."""
    s = clean(url)
    if not s or any(ord(c) < 32 for c in s):
        return None
    try:
        parts = urlsplit(s)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return s


def md_url(url: str) -> str:
    """A checked URL made safe inside a Markdown link destination (no spaces, parens, brackets)."""
    return quote(url, safe=_URL_SAFE)


def anchor(prefix: str, key: object) -> str:
    """An HTML id built only from ``[A-Za-z0-9_-]`` so it can never break out of an attribute."""
    return f"{prefix}-{_ANCHOR_BAD.sub('_', str(key))}"


def short_id(doc_id: object, length: int = 8) -> str:
    """A document id shortened for display: ``1a2b3c4d…``."""
    s = clean(doc_id)
    return s if len(s) <= length else s[:length] + "…"


def span_ref(doc_id: object, start: int | None, end: int | None) -> str:
    """The provenance label of a span: ``doc 1a2b3c4d…:120-158``."""
    if start is None or end is None:
        return f"doc {short_id(doc_id)}"
    return f"doc {short_id(doc_id)}:{start}-{end}"


def fmt_number(x: object) -> str:
    """``4500.0`` → ``4,500``; ``2.5`` → ``2.5``; non-numbers pass through cleaned."""
    if isinstance(x, bool) or x is None:
        return clean(x)
    if isinstance(x, (int, float)):
        if float(x).is_integer():
            return f"{int(x):,}"
        return f"{x:,.2f}".rstrip("0").rstrip(".")
    return clean(x)


def fmt_signed(x: object) -> str:
    """A number with an explicit sign (for Goldstein sums and indexes): ``+3.5``, ``-12``."""
    if not isinstance(x, (int, float)) or isinstance(x, bool):
        return clean(x)
    return ("+" if x > 0 else "") + fmt_number(round(float(x), 2))


def fmt_value(v: dict) -> str:
    """A claim value as an analyst reads it: ``4,500 troops`` or ``3,000–5,000 people``."""
    low, high, value = v.get("low"), v.get("high"), v.get("value")
    if value is not None:
        text = fmt_number(value)
    elif low is not None and high is not None and low != high:
        text = f"{fmt_number(low)}–{fmt_number(high)}"
    elif low is not None or high is not None:
        text = fmt_number(low if low is not None else high)
    else:
        text = "?"
    unit = clean(v.get("unit"))
    return f"{text} {unit}".strip()


def humanize(key: object) -> str:
    """``troop_count`` → ``troop count``."""
    return clean(str(key).replace("_", " ") if key is not None else "")


def capitalize(text: str) -> str:
    """Upper-case the first character only (keeps acronyms inside intact)."""
    return text[:1].upper() + text[1:] if text else text


def quad_int(q: object) -> int | None:
    """A QuadClass as 1..4, or None."""
    try:
        n = int(q)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return n if n in QUAD_NAMES else None


def acled_label(acled: object) -> str:
    """ACLED type as ``type / subtype`` from a ``[type, subtype]`` list or a string."""
    if isinstance(acled, (list, tuple)):
        return " / ".join(clean(a) for a in acled if a)
    return clean(acled)


def plural(n: int, word: str, many: str | None = None) -> str:
    """``1 document``, ``3 documents``."""
    return f"{fmt_number(n)} {word if n == 1 else (many or word + 's')}"

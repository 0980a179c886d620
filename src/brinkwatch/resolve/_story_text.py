"""Text features for story clustering: tokens, hashed feature ids, sparse vectors.

Features are hashed (CRC-32 of a prefixed string) so no vocabulary has to be kept: words
``w:``, entity keys ``e:``, places ``p:``. Vectors are plain ``dict[int, float]``.
"""

from __future__ import annotations

import math
import re
import unicodedata
import zlib
from collections import Counter
from collections.abc import Iterable

_TOKEN = re.compile(r"[^\W_]+(?:[.,'’][^\W_]+)*", re.UNICODE)
# Function words and newsroom filler: frequent everywhere, informative nowhere.
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just me more most my myself no nor not now of off on once only or
    other our ours ourselves out over own same she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up
    very was we were what when where which while who whom why will with would you your yours
    yourself yourselves said says say told according one two new like get got may might must
    shall us mr mrs ms dr also many much even still yet since ago per via within without upon
    however although though whether either neither every another others s t don didn doesn
    isn wasn weren won wouldn couldn shouldn ll re ve d m o am pm reported reports report
    today yesterday monday tuesday wednesday thursday friday saturday sunday week weeks day
    days year years time news image images photo photos video copyright reserved rights
    updated published click read share email comments comment story stories""".split()
)


def fold(text: str) -> str:
    """NFKC + casefold (the form every feature is built from)."""
    return unicodedata.normalize("NFKC", text).casefold()


def _light_stem(tok: str) -> str:
    # plural/3rd-person "s" only: "troops" ~ "troop", keeps "news", "class", "kosovo's" apart
    if tok.endswith("'s") or tok.endswith("’s"):
        return tok[:-2]
    if len(tok) > 4 and tok.endswith("s") and not tok.endswith(("ss", "us", "is")):
        return tok[:-1]
    return tok


def tokens(text: str) -> list[str]:
    """Content tokens: casefolded words and numbers without stopwords, lightly stemmed."""
    out = []
    for m in _TOKEN.finditer(fold(text)):
        tok = m.group(0).replace(",", "")
        if tok in STOPWORDS or (len(tok) < 2 and not tok.isdigit()):
            continue
        out.append(_light_stem(tok))
    return out


_WORD_FID: dict[str, int | None] = {}  # raw token -> feature id (None: stopword or too short)
_WORD_FID_MAX = 1_000_000


def _word_fid(raw: str) -> int | None:
    tok = raw.replace(",", "")
    if tok in STOPWORDS or (len(tok) < 2 and not tok.isdigit()):
        return None
    return feature_id("w", _light_stem(tok))


def word_counts(text: str, weight: float = 1.0, into: Counter[int] | None = None) -> Counter[int]:
    """Counts of word features of ``text`` (the features of :func:`tokens`), each ``weight``.

    Same result as hashing :func:`tokens` one by one, but every distinct raw token is
    stemmed and hashed once per process (a bounded cache).
    """
    out: Counter[int] = Counter() if into is None else into
    cache = _WORD_FID
    for raw, n in Counter(_TOKEN.findall(fold(text))).items():
        fid = cache.get(raw, -1)
        if fid == -1:
            fid = _word_fid(raw)
            if len(cache) >= _WORD_FID_MAX:
                cache.clear()
            cache[raw] = fid
        if fid is not None:
            out[fid] += n * weight
    return out


def feature_id(kind: str, value: str) -> int:
    """Hashed id of a feature (deterministic across processes and machines)."""
    return zlib.crc32(f"{kind}:{value}".encode("utf-8"))


_PUNCT = re.compile(r"[^\w\s]")
_KEY_NORM: dict[str, str] = {}  # raw key -> normalised key (bounded cache)


def norm_text(text: str) -> str:
    """``text`` as :func:`key_norm` writes keys (casefolded, no punctuation, single spaces),
    uncached: for running text, in which a key can then be found as a substring."""
    return " ".join(_PUNCT.sub(" ", fold(text)).split())


def key_norm(value: str) -> str:
    """Normalise an entity or place key (casefold, collapse spaces, drop punctuation).

    Results are cached per distinct key (bounded), as story names are normalised again
    whenever a story is a candidate.
    """
    got = _KEY_NORM.get(value)
    if got is None:
        got = norm_text(value)
        if len(_KEY_NORM) >= _WORD_FID_MAX:
            _KEY_NORM.clear()
        _KEY_NORM[value] = got
    return got


def raw_features(
    title: str | None,
    text: str,
    entities: Iterable[str],
    places: Iterable[str],
    title_weight: float = 2.0,
) -> tuple[Counter[int], dict[int, str]]:
    """Feature counts of one item and the readable name of each entity/place feature.

    Title words count ``title_weight`` times; entities and places count once per distinct
    key (the caller's list may repeat a key to stress it).
    """
    counts: Counter[int] = Counter()
    names: dict[int, str] = {}
    if title:
        word_counts(title, title_weight, counts)
    word_counts(text, 1.0, counts)
    for kind, keys in (("e", entities), ("p", places)):
        for key in keys:
            k = key_norm(key)
            if not k:
                continue
            fid = feature_id(kind, k)
            counts[fid] += 1.0
            names.setdefault(fid, key)
    return counts, names


def is_name_feature(fid: int, names: dict[int, str]) -> bool:
    """Whether a feature id is an entity/place key (not a word)."""
    return fid in names


def idf(df: dict[int, int], n_docs: int, fid: int) -> float:
    """Smoothed inverse document frequency, ``log((n + 1) / (df + 1)) + 1`` (always >= 1)."""
    return math.log((n_docs + 1) / (df.get(fid, 0) + 1)) + 1.0


def weight_vector(
    counts: Counter[int],
    df: dict[int, int],
    n_docs: int,
    name_ids: set[int],
    name_boost: float,
) -> dict[int, float]:
    """Unit-length TF-IDF vector: (1 + log tf) * idf, entity/place features boosted."""
    vec: dict[int, float] = {}
    for fid, tf in counts.items():
        w = (1.0 + math.log(tf) if tf >= 1 else tf) * idf(df, n_docs, fid)
        if fid in name_ids:
            w *= name_boost
        vec[fid] = w
    norm = math.sqrt(sum(w * w for w in vec.values()))
    if norm == 0:
        return {}
    return {fid: w / norm for fid, w in vec.items()}


def dot(a: dict[int, float], b: dict[int, float]) -> float:
    """Sparse dot product (iterates over the shorter vector)."""
    if len(a) > len(b):
        a, b = b, a
    get = b.get
    return sum(w * get(f, 0.0) for f, w in a.items())


def top_terms(vec: dict[int, float], k: int) -> list[int]:
    """The ``k`` heaviest feature ids of a vector (ties broken by id, so deterministic)."""
    return [f for f, _ in sorted(vec.items(), key=lambda x: (-x[1], x[0]))[:k]]


def central_title(titles: Iterable[str], story: dict[int, float], df: dict[int, int]) -> str | None:
    """The title whose words best match a story's weighted vector (first on ties).

    ``df`` gives document frequencies (``.get(fid, 0)``) and ``.n_docs``.
    """
    best, best_score = None, -1.0
    for title in titles:
        counts = Counter(tokens(title))
        if not counts:
            continue
        vec = weight_vector(Counter({feature_id("w", t): c for t, c in counts.items()}),
                            df, df.n_docs, set(), 1.0)
        sc = dot(vec, story)
        if sc > best_score:
            best, best_score = title, sc
    return best

"""Second stage of a batch: split a new group that holds two same-kind events.

Average linkage over the whole vocabulary happily merges two earthquakes or two arrests of
the same kind: the shared topic words outweigh the few names that differ. Inside one group,
though, the shared words are common to every member, so re-weighting the group's own
features by their *within-group* document frequency (a local IDF) leaves exactly the words
and names that tell sub-groups apart. The split:

1. Local vectors: features present in at least 2 and at most ``local_max_df`` of the group's
   members, weighted ``(1 + log tf) * idf * log((n + 1) / df_local)``; cosine matrix.
2. Bipartition by average linkage on that matrix (cut into 2..4 clusters, the two largest
   become the sides, stragglers go to the side they are closest to), each side at least
   ``min_side`` members and ``min_side_share`` of the group (a handful of outliers is not
   a second event).
3. Accept only when the *names* disagree: over name/place features alone (same local IDF),
   the mean cosine across the sides is below ``split_ratio`` times the mean cosine within
   the less cohesive side. Articles of one event share their names (the suspect, the
   victim, the town); two same-kind events differ in them. Numbers count as names here,
   weighted ``number_weight``: years, counts, scores and one-decimal magnitudes ("2008",
   "killed 12", "7.6-magnitude", a fixed table of hashed ids, :func:`number_fids`). Two
   events of the same team, firm or agency share every name but not their year, toll or
   score. (Numbers are not used when an item joins a stored story: on ECB+ fed in 4 or 8
   batches that cost 0.004 B-cubed F1.)
4. Dates: when the name ratio is above ``split_ratio`` but below ``date_max_ratio``, split
   anyway if the sides' dominant explicit month-days ("Dec. 14", "14 December"; read from
   the text of the group's members only, :func:`month_days`) are more than
   ``date_gap_days`` apart (circular over the year) and one of them is carried by at least
   ``date_support`` of its side and by at least ``date_min_articles`` articles (one
   article's date is not a side's: on a side of three, a single dateline split one event).
   Years are not used: articles cite background years ("since 2003") far more often than
   the event's own (on ECB+ dev a year rule split two true events and helped none).
5. Recurse on both sides.

Only groups without an existing story are split (stored stories keep their members), and
only groups up to ``split_max`` members (bigger ones are left whole and logged).
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence

log = logging.getLogger(__name__)

_NUMBER_FIDS: frozenset[int] | None = None


def number_fids() -> frozenset[int]:
    """Hashed word ids of the numbers that tell two same-kind events apart.

    Years, counts and scores (10..9999) and one-decimal values (magnitudes, 0.1..99.9) as
    the tokenizer writes them ("1,200" -> "1200", "7.6-magnitude" -> "7.6"). A fixed table
    (about 11k ids, built once), so no per-item state is needed; single digits are left out
    (ordinals and small counts are everywhere).
    """
    global _NUMBER_FIDS
    if _NUMBER_FIDS is None:
        from brinkwatch.resolve._story_text import feature_id

        toks = [str(k) for k in range(10, 10000)]
        toks += [f"{a}.{b}" for a in range(100) for b in range(1, 10)]
        _NUMBER_FIDS = frozenset(feature_id("w", t) for t in toks)
    return _NUMBER_FIDS

Features = tuple[Counter[int], dict[int, str]]
MonthDay = tuple[int, int]

_MON = (r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
        r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
# (pattern, group of the month name, group of the day)
_DATE_PATTERNS = (
    (re.compile(r"\b" + _MON + r"\.?\s*(\d{1,2})(?!\d)(?:st|nd|rd|th)?\b"), 1, 2),
    (re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MON + r"\b"), 2, 1),
)


def month_days(text: str) -> frozenset[MonthDay]:
    """Explicit ``(month, day)`` dates in a text: "Dec. 14", "December 14th", "14 Dec".

    A weekday before the date ("Sunday, Dec. 14") needs no rule of its own. Case-sensitive
    month names, so "may 3" (the verb) is not a date.
    """
    from brinkwatch.analyze._timex_lexicon import MONTHS

    out = set()
    for pattern, month_group, day_group in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            day = int(m.group(day_group))
            if 1 <= day <= 31:
                # by the first three letters: the pattern also takes "Sepember"
                out.add((MONTHS[m.group(month_group)[:3].lower()], day))
    return frozenset(out)


_YEAR = r",?\s+((?:19|20)\d\d)\b"
# full dates: (pattern, group of the month name, group of the day, group of the year)
_FULL_PATTERNS = (
    (re.compile(r"\b" + _MON + r"\.?\s*(\d{1,2})(?!\d)(?:st|nd|rd|th)?" + _YEAR), 1, 2, 3),
    (re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MON + _YEAR), 2, 1, 3),
)


def full_dates(text: str) -> frozenset[int]:
    """Explicit dates with a year ("October 21, 2011", "21 Oct 2011") as day ordinals."""
    import datetime as dt

    from brinkwatch.analyze._timex_lexicon import MONTHS

    out = set()
    for pattern, month_group, day_group, year_group in _FULL_PATTERNS:
        for m in pattern.finditer(text):
            try:
                month = MONTHS[m.group(month_group)[:3].lower()]
                out.add(dt.date(int(m.group(year_group)), month,
                                int(m.group(day_group))).toordinal())
            except ValueError:  # "February 30, 2011"
                continue
    return frozenset(out)


def _dominant(side: Sequence[int],
              dates: dict[int, frozenset[MonthDay]]) -> tuple[MonthDay, float, int] | None:
    """The month-day most members of ``side`` carry, the share and the number that carry it."""
    counts: Counter[MonthDay] = Counter()
    for i in side:
        counts.update(dates[i])
    if not counts:
        return None
    (md, c), = counts.most_common(1)
    return md, c / len(side), c


def dates_differ(a: Sequence[int], b: Sequence[int], dates: dict[int, frozenset[MonthDay]],
                 settings: object) -> bool:
    """Whether the two sides' dominant month-days are clearly apart (module docstring, 4)."""
    da, db = _dominant(a, dates), _dominant(b, dates)
    if da is None or db is None:
        return False
    if not any(share >= settings.date_support and count >= settings.date_min_articles
               for _, share, count in (da, db)):
        return False
    return not near_month_days(da[0], db[0], settings.date_gap_days)


def near_month_days(a: MonthDay, b: MonthDay, days: int) -> bool:
    """Whether two month-days are at most ``days`` apart (circular over the year)."""
    gap = abs((a[0] - 1) * 31 + a[1] - (b[0] - 1) * 31 - b[1])
    return min(gap, 372 - gap) <= days


def _unit_rows(rows: list[dict[int, float]]):  # -> numpy array
    import numpy as np

    cols = sorted({f for r in rows for f in r})
    index = {f: k for k, f in enumerate(cols)}
    m = np.zeros((len(rows), max(1, len(cols))))
    for i, r in enumerate(rows):
        for f, w in r.items():
            m[i, index[f]] = w
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return m / norms


def _idf(df: dict[int, int], n_docs: int, fid: int) -> float:
    return math.log((n_docs + 1) / (df.get(fid, 0) + 1)) + 1.0


def _local_similarity(members: Sequence[int], feats: Sequence[Features], df: dict[int, int],
                      n_docs: int, settings: object):
    n = len(members)
    local_df: Counter[int] = Counter()
    for i in members:
        local_df.update(feats[i][0].keys())
    rows = []
    for i in members:
        counts, names = feats[i]
        row = {}
        for f, tf in counts.items():
            d = local_df[f]
            if d < 2 or d > n * settings.local_max_df:
                continue
            w = (1.0 + math.log(tf) if tf >= 1 else tf) * _idf(df, n_docs, f) * math.log((n + 1) / d)
            row[f] = w * settings.name_boost if f in names else w
        rows.append(row)
    m = _unit_rows(rows)
    return m @ m.T


def _bipartition(sim, min_side: int) -> tuple[list[int], list[int]] | None:
    """Two sides (positions) by average linkage on a similarity matrix, or None."""
    import numpy as np
    from scipy.cluster.hierarchy import cut_tree, linkage
    from scipy.spatial.distance import squareform

    n = len(sim)
    dist = np.clip(1.0 - sim, 0.0, None)
    dist = (dist + dist.T) / 2.0
    np.fill_diagonal(dist, 0.0)
    tree = linkage(squareform(dist, checks=False), method="average")
    for k in range(2, min(4, n) + 1):
        labels = cut_tree(tree, n_clusters=k).ravel()
        sizes = Counter(labels.tolist())
        (la, na), (lb, nb) = sorted(sizes.items(), key=lambda x: (-x[1], x[0]))[:2]
        if nb < min_side:
            continue
        side_a = [i for i in range(n) if labels[i] == la]
        side_b = [i for i in range(n) if labels[i] == lb]
        for i in range(n):
            if labels[i] not in (la, lb):
                to_a = sim[i, side_a].mean() >= sim[i, side_b].mean()
                (side_a if to_a else side_b).append(i)
        return sorted(side_a), sorted(side_b)
    return None


def _name_ratio(a: Sequence[int], b: Sequence[int], feats: Sequence[Features],
                df: dict[int, int], n_docs: int, settings: object) -> float | None:
    """Mean cross-side name cosine over the lower mean within-side name cosine.

    Names use the same local IDF as the bipartition: a name every member carries (the team,
    the country) says nothing about which of two events an article reports.
    """
    sim = _name_similarity(list(a) + list(b), feats, df, n_docs, settings)
    na = len(a)
    ia, ib = list(range(na)), list(range(na, len(sim)))

    def within(ix: list[int]) -> float:
        block = sim[ix][:, ix]
        return float((block.sum() - block.trace()) / (len(ix) * (len(ix) - 1)))

    low = min(within(ia), within(ib))
    if low <= 0:
        return None
    return float(sim[ia][:, ib].mean()) / low


def _name_similarity(group: Sequence[int], feats: Sequence[Features], df: dict[int, int],
                     n_docs: int, settings: object):
    """Cosine matrix of the group's members over names and numbers, local IDF."""
    n = len(group)
    nums = number_fids() if settings.number_weight > 0 else frozenset()
    cap = n * settings.local_max_df
    local_df: Counter[int] = Counter()
    for i in group:
        local_df.update(f for f in feats[i][0] if f in feats[i][1] or f in nums)
    rows = []
    for i in group:
        counts, names = feats[i]
        rows.append({f: (1.0 + math.log(tf) if tf >= 1 else tf) * _idf(df, n_docs, f)
                     * math.log((n + 1) / local_df[f])
                     * (1.0 if f in names else settings.number_weight)
                     for f, tf in counts.items()
                     if (f in names or f in nums) and 2 <= local_df[f] <= cap})
    m = _unit_rows(rows)
    return m @ m.T


def split_group(members: Sequence[int], feats: Sequence[Features], df: dict[int, int],
                n_docs: int, settings: object, texts: Sequence[str] | None = None,
                _dates: dict[int, frozenset[MonthDay]] | None = None) -> list[list[int]]:
    """Split a group of batch positions into same-event groups (see the module docstring).

    ``texts`` (by batch position) enable the date check; each member's text is read once.
    """
    s = settings
    dates = {} if _dates is None else _dates
    members = list(members)
    if len(members) < 2 * s.min_side:
        return [members]
    if len(members) > s.split_max:
        log.info("story group of %d new items is above split_max; left whole", len(members))
        return [members]
    min_side = max(s.min_side, math.ceil(s.min_side_share * len(members)))
    parts = _bipartition(_local_similarity(members, feats, df, n_docs, s), min_side)
    if parts is None:
        return [members]
    a = [members[i] for i in parts[0]]
    b = [members[i] for i in parts[1]]
    if not sides_disagree(a, b, feats, df, n_docs, s, texts, dates):
        return [members]
    log.debug("split a group of %d into %d + %d", len(members), len(a), len(b))
    return (split_group(a, feats, df, n_docs, s, texts, dates)
            + split_group(b, feats, df, n_docs, s, texts, dates))


def sides_disagree(a: Sequence[int], b: Sequence[int], feats: Sequence[Features],
                   df: dict[int, int], n_docs: int, settings: object,
                   texts: Sequence[str] | None = None,
                   dates: dict[int, frozenset[MonthDay]] | None = None) -> bool:
    """The split test (steps 3-4) between two sides of batch positions: whether they report
    two events. Both sides need ``min_side`` members (else False: too few to tell)."""
    s = settings
    if len(a) < s.min_side or len(b) < s.min_side:
        return False
    ratio = _name_ratio(a, b, feats, df, n_docs, s)
    if ratio is None:
        return False
    if ratio < s.split_ratio:
        return True
    if texts is None or ratio >= s.date_max_ratio:
        return False
    dates = {} if dates is None else dates
    for i in list(a) + list(b):
        if i not in dates:
            dates[i] = month_days(texts[i])
    return dates_differ(a, b, dates, s)


Exemplar = tuple  # (hashed ids, counts, is-name flags: numpy arrays; month-days frozenset)


def exemplar(feat: Features, days: frozenset[MonthDay]) -> Exemplar:
    """A story member as the split test reads it: its name and number features only."""
    import numpy as np

    counts, names = feat
    nums = number_fids()
    keep = sorted(f for f in counts if f in names or f in nums)
    return (np.asarray(keep, dtype=np.int64),
            np.asarray([counts[f] for f in keep], dtype=np.float32),
            np.asarray([f in names for f in keep], dtype=bool), days)


def group_disagrees(exemplars: Sequence[Exemplar], group: Sequence[Features],
                    group_days: Sequence[frozenset[MonthDay]], df: dict[int, int], n_docs: int,
                    settings: object) -> bool:
    """The split test (steps 3-4) between a stored story, read from its kept members
    (``exemplars``), and a group of new items about to join it.

    Names alone let a group join a story whose members carry the same team, firm or
    country; a stored story has no member features left to split on, so the first
    ``join_exemplars`` members' names, numbers and month-days are kept for this test. Both
    sides need ``min_side`` members.
    """
    s = settings
    if len(exemplars) < s.min_side or len(group) < s.min_side:
        return False
    feats: list[Features] = [
        (Counter(dict(zip(f.tolist(), c.tolist()))), dict.fromkeys(f[m].tolist(), ""))
        for f, c, m, _ in exemplars]
    feats.extend(group)
    side_a = list(range(len(exemplars)))
    side_b = list(range(len(exemplars), len(feats)))
    ratio = _name_ratio(side_a, side_b, feats, df, n_docs, s)
    if ratio is None:
        return False
    if ratio < s.split_ratio:
        return True
    if ratio >= s.date_max_ratio:
        return False
    dates = {k: e[3] for k, e in enumerate(exemplars)}
    dates.update(zip(side_b, group_days))
    return dates_differ(side_a, side_b, dates, s)


def names_agree(story: Counter[str], n_story: int, group: Counter[str], n_group: int,
                settings: object, spec: Callable[[str], float] | None = None) -> bool:
    """Whether new items (name counts ``group`` over ``n_group`` items) may join a stored story.

    The same test as a split, with the story's stored name counts (how many members carry
    each name) standing for its members: over the union, names carried by at least 2 and at
    most ``local_max_df`` of the members, weighted by the local IDF ``log((n + 1) / df)``,
    the expected name overlap of a new item with a story member must reach ``join_ratio``
    times the expected overlap of two story members. Both are exact for presence vectors
    given the counts: within ``sum w^2 c (c - 1) / (n_s (n_s - 1))``, across
    ``sum w^2 c g / (n_s n_g)``. A story of one member, or one whose members share no such
    name, accepts anything (nothing to disagree with). So does a group that carries the
    story's whole core (every name all members carry, each on at least half of the group):
    the local cap drops exactly those names, yet they are the strongest agreement.
    ``spec`` (name -> weight, ``_story_specific.specificity``) multiplies each name's
    weight: a name of many documents of the corpus (a country) counts less, a rare one more.
    """
    s = settings
    if s.join_ratio <= 0 or n_story < 2:
        return True
    core = [name for name, c in story.items() if c >= n_story]
    if core and all(2 * group.get(name, 0) >= n_group for name in core):
        return True
    n = n_story + n_group
    cap = n * s.local_max_df
    within = cross = 0.0
    for name, c in story.items():
        g = group.get(name, 0)
        d = c + g
        if d < 2 or d > cap:
            continue
        w2 = math.log((n + 1) / d) ** 2
        if spec is not None:
            w2 *= spec(name) ** 2
        within += w2 * c * (c - 1)
        cross += w2 * c * g
    within /= n_story * (n_story - 1)
    cross /= n_story * n_group
    if within <= 0:
        return True
    return cross >= s.join_ratio * within


def suffix_names(group: Counter[str], story: Counter[str]) -> Counter[str]:
    """``group`` with each name the story lacks read as its longest word suffix of at least
    two words that the story has: "sixers coach jim o brien" -> "jim o brien".

    Capitalised-phrase names carry titles and headline words ("Alaska Gov. Sarah Palin",
    "Saints RB Pierre Thomas"); the person is the same. Single words are never matched (a
    surname alone names many people).
    """
    out: Counter[str] = Counter()
    for name, c in group.items():
        if name not in story:
            words = name.split()
            for j in range(1, len(words) - 1):
                tail = " ".join(words[j:])
                if tail in story:
                    name = tail
                    break
        out[name] += c
    return out


def group_names_agree(story: Counter[str], n_story: int, group: Counter[str], n_group: int,
                      settings: object, spec: Callable[[str], float] | None = None) -> bool:
    """The names check of a join: a group naming nothing the story lacks always agrees,
    else :func:`names_agree`; group names are first read through :func:`suffix_names`."""
    group = suffix_names(group, story)
    return group.keys() <= story.keys() or names_agree(story, n_story, group, n_group, settings,
                                                        spec)

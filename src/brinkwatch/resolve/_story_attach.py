"""Last stage of a batch: small leftover groups re-attach to the story they clearly belong to.

Average linkage at ``threshold`` leaves short wire items, and the small pieces a split
cuts off, alone or in twos and threes, although their best match is plainly one story
(ECB+ dev: most such fragments have their own event as the best match, often by a wide
margin over the next one). After the agglomeration and the split, each new-items-only group
of at most ``attach_max_size`` items is compared (average linkage over member pairs, decayed
by the date gap and cut at ``window_days``, from the batch's dot products) with every larger
group of the batch and every candidate story, and joins the best one when:

- the linkage reaches the lower bar ``attach_threshold``;
- it beats the second-best target by the factor ``attach_margin`` (1.0, the default, asks
  nothing more: on ECB+ dev any margin cost more recall than it saved precision);
- the join check of the clusterer agrees (``may_join``: names, and the stored story's
  exemplars for a target story, as for any join); for a group of at most
  ``attach_max_size`` items the names check (not the exemplar or split test) is waived when
  the group names in its title or lead a name specific to the target (round 11,
  :func:`specific_name_tie`: on ECB+ the refused short items were mostly background pieces
  naming other cases, whose own protagonist the story carries);
- the target holds no other side of a split the group came from (a split is never undone).

Off by default (``attach_fallback`` 0; see eval/RESULTS.md, round 14): when the best target
refuses and is itself no larger than ``attach_max_size`` (a leftover
whose names check reads two or three members), the next ``attach_fallback`` targets by
linkage are tried in turn under the same conditions, each larger than the group (two
leftovers never pair up this way). Round 14: on ECB+ dev fed in batches, the refused items
were mostly refused by a leftover pair of their own event whose bigger part ranked second;
a fallback from any best target (round 6, and round 14 without the size bound) also sends
items refused by their own event to the other event's story.

Groups are taken smallest first (ties: batch order); a target keeps growing as fragments
join it, and a fragment that has been absorbed is no longer a target.

Mid-size fragments (round 8). Agglomeration at ``threshold`` also leaves one event in two
or three groups of four to seven items (ECB+ dev fed by topic halves: a casting announcement
in 7 + 5 + 2 items, whose average linkage, 0.17, is no higher than that of the other event
of the same kind). Groups of up to ``group_attach_max`` items may join a larger group of new
items of the batch (not a stored story: that keeps ``attach_max_size``), and between two
groups of at least ``min_side`` items the clusterer's ``may_join`` runs the split test
(names and numbers with the local IDF, then dominant month-days) instead of the names check,
which rejects a group of short items that write few names. A join tied by a date months
apart skips the month-day part: a follow-up cites its own day by nature.

Follow-ups months later (round 7). ECB+ gold puts a plea or trial 2-18 months after an
arrest in the arrest's event; time decay and the window keep them apart. Beyond
``window_days`` (up to ``late_days``) a target counts at its *undecayed* linkage when that
reaches ``late_threshold`` and an explicit date ties the two (:func:`dates_link`): both
cite the same month-day, or one cites a full date ("October 21, 2011") in the week before
the other's publication dates. A shared vocabulary alone never bridges months (a storm's
inquiry months later stays its own story, in the same thread). Small groups may take such
a target among the others; a larger new group is scored only against stored stories months
apart (on ECB+ fed in batches the trial reports come as a group of five or six). The other
conditions (names, exemplars, split sides) hold as for any re-attachment.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp

from brinkwatch.resolve._story_text import key_norm, norm_text

if TYPE_CHECKING:  # pragma: no cover
    from brinkwatch.resolve.stories import StoryItem, StorySettings

DatedNode = tuple[frozenset, frozenset]  # (cited month-days, cited full dates as ordinals)


def reattach(
    groups: list[tuple[int | None, list[int]]],
    origin: Sequence[int],
    dots: np.ndarray,
    n_items: int,
    stories: Sequence[int],
    story_sizes: np.ndarray,
    first: np.ndarray,
    last: np.ndarray,
    names: Sequence[Counter[str]],
    may_join: Callable[..., bool],
    settings: StorySettings,
    node_dates: Callable[[int], DatedNode] | None = None,
    lead_names: Callable[[int], frozenset[str]] | None = None,
    rare_word: Callable[[str], bool] | None = None,
) -> list[tuple[int | None, list[int]]]:
    """Merge small new-only groups into their clear best target (see the module docstring).

    ``groups`` are ``(story index or None, batch positions)``; ``dots`` the batch's
    ``(n_items + len(stories)) x n_items`` dot products (row ``n_items + k``: the summed
    vector of story ``stories[k]``); ``first``/``last`` day ordinals per node (items, then
    stories; NaN unknown); ``names`` per node (name key -> members carrying it). Candidate
    stories that no group joined become targets too. ``node_dates(node)``: the month-days
    and full dates a node cites (without it, nothing joins beyond the window).
    ``may_join(target names, target size, group names, group size, target story or None,
    group positions, target positions, tied by a date months apart, names check waived)``;
    the names check is waived for a group of at most ``attach_max_size`` items that shares a
    specific name with its best target (:func:`specific_name_tie`; ``lead_names(position)``:
    the entity keys an item writes in its title or lead, :func:`lead_names`; ``rare_word``:
    which single-word names are specific enough to tie). Returns the new groups list.
    """
    s = settings
    if s.attach_max_size <= 0 or not groups:
        return groups
    node_of = {st: n_items + k for k, st in enumerate(stories)}
    joined = {g for g, _ in groups if g is not None}
    work: list[tuple[int | None, list[int]]] = [(g, list(m)) for g, m in groups]
    work += [(st, []) for st in stories if st not in joined]
    n_g = len(work)
    # larger new groups are scored only against stored stories months apart (late joins)
    late_bar = s.late_threshold if node_dates is not None else 0.0
    limit = max(s.attach_max_size, s.group_attach_max)
    late_on = late_bar > 0 and any(st is not None for st, _ in work)
    order = sorted((u for u, (st, items) in enumerate(work)
                    if st is None and 0 < len(items) and (len(items) <= limit or late_on)),
                   key=lambda u: (len(work[u][1]), min(work[u][1])))
    if not order:
        return groups
    small_at_start = {u for u in order if len(work[u][1]) <= limit}  # may grow as targets
    tiny = {u for u in order if len(work[u][1]) <= s.attach_max_size}  # may join late
    # only the listed groups' items are ever scored: their columns of the dot products
    cols = sorted(i for u in order for i in work[u][1])
    col_of = {i: k for k, i in enumerate(cols)}
    rows: list[int] = []
    nodes_of: list[int] = []
    size = np.zeros(n_g)
    lo = np.full(n_g, np.nan)
    hi = np.full(n_g, np.nan)
    gnames: list[Counter[str]] = []

    def nodes_of_group(u: int) -> list[int]:
        st, items = work[u]
        return list(items) + ([node_of[st]] if st is not None else [])

    for u, (st, items) in enumerate(work):
        nodes = nodes_of_group(u)
        rows.extend([u] * len(nodes))
        nodes_of.extend(nodes)
        size[u] = len(items) + (story_sizes[node_of[st] - n_items] if st is not None else 0)
        lo[u] = np.fmin.reduce(first[nodes]) if nodes else np.nan
        hi[u] = np.fmax.reduce(last[nodes]) if nodes else np.nan
        c: Counter[str] = Counter()
        for v in nodes:
            c.update(names[v])
        gnames.append(c)
    member = sp.csr_matrix((np.ones(len(rows)), (rows, nodes_of)), shape=(n_g, len(dots)))
    gd = np.asarray(member @ dots[:, cols])  # group x small item: dot of the group's sum
    origins = [{o} for o in origin] + [set() for _ in range(n_g - len(groups))]
    holders: dict[int, list[int]] = {}  # agglomerated group -> final groups holding a part
    for u, o in enumerate(origin):
        holders.setdefault(o, []).append(u)
    alive = np.ones(n_g, dtype=bool)
    is_story = np.array([st is not None for st, _ in work], dtype=bool)

    for u in order:
        if not alive[u]:
            continue
        items = work[u][1]
        link = gd[:, [col_of[i] for i in items]].sum(axis=1) / (size * len(items) + 1e-12)
        gap = np.fmax(np.fmax(lo - hi[u], lo[u] - hi), 0.0)
        raw = link
        small = u in small_at_start
        if small:
            link = np.where(gap > 0, link * np.exp(-gap / s.decay_days), link)
            link[gap > s.window_days] = -1.0
            if len(items) > s.attach_max_size:  # larger ones join new groups only
                link[is_story] = -1.0
        else:
            link = np.full(n_g, -1.0)
        tied: set[int] = set()  # targets linked by a date months apart
        if late_bar > 0:
            late = np.flatnonzero((raw >= late_bar) & (gap > s.window_days)
                                  & (gap <= s.late_days) & alive & ((u in tiny) | is_story))
            if len(late):
                mine = _dates(nodes_of_group(u), node_dates)
                for t in late.tolist():
                    if t != u and dates_link(mine, (lo[u], hi[u]),
                                             _dates(nodes_of_group(t), node_dates),
                                             (lo[t], hi[t]), s.date_gap_days):
                        link[t] = raw[t]
                        tied.add(t)
        link[~alive] = -1.0
        if small:
            link[size < len(items)] = -1.0  # leftovers join bigger groups, never the reverse
        link[u] = -1.0
        for o in origins[u]:  # the other sides of its own split, wherever they went
            link[holders[o]] = -1.0
        if not np.any(link >= s.attach_threshold):
            continue
        ranked = np.argsort(-link, kind="stable")
        best = int(ranked[0])
        second = float(link[ranked[1]]) if n_g > 1 else 0.0
        if link[best] < s.attach_margin * max(second, 0.0):
            continue
        # a refusal by a leftover-sized best target is not final: the runners-up are tried
        # in turn (each larger than the group), see the module docstring
        tries = [best]
        if size[best] <= s.attach_max_size:
            tries += [int(t) for t in ranked[1:1 + s.attach_fallback]
                      if link[t] >= s.attach_threshold and size[t] > len(items)]
        for best in tries:
            if _agrees(best, u, items, gnames, size, work, tied, link, may_join, lead_names,
                       rare_word, s):
                break
        else:
            continue
        work[best][1].extend(items)
        gd[best] += gd[u]
        size[best] += len(items)
        lo[best] = np.fmin(lo[best], lo[u])
        hi[best] = np.fmax(hi[best], hi[u])
        gnames[best].update(gnames[u])
        for o in origins[u]:
            holders[o].append(best)
        origins[best] |= origins[u]
        alive[u] = False
    return [(st, items) for u, (st, items) in enumerate(work) if alive[u] and items]


def _agrees(best: int, u: int, items: list[int], gnames: list[Counter[str]], size: np.ndarray,
            work: list, tied: set[int], link: np.ndarray, may_join: Callable[..., bool],
            lead_names: Callable[[int], frozenset[str]] | None,
            rare_word: Callable[[str], bool] | None, s: StorySettings) -> bool:
    """Whether group ``u`` may join target ``best``: the join check, or a specific name tie
    (:func:`specific_name_tie`) that waives its names check."""
    args = (gnames[best], int(size[best]), gnames[u], len(items), work[best][0], items,
            work[best][1], best in tied)
    return may_join(*args) or (
        len(items) <= s.attach_max_size and lead_names is not None
        and specific_name_tie(gnames, u, best, link >= 0, size, s.attach_name_share,
                              frozenset.intersection(*(lead_names(i) for i in items)),
                              rare_word)
        and may_join(*args, True))


def _dates(nodes: Sequence[int], node_dates: Callable[[int], DatedNode]) -> DatedNode:
    """The dates cited by any of ``nodes`` (items or stories), merged."""
    mds: set = set()
    full: set = set()
    for v in nodes:
        a, b = node_dates(v)
        mds |= a
        full |= b
    return frozenset(mds), frozenset(full)


def dates_link(a: DatedNode, span_a: tuple[float, float], b: DatedNode,
               span_b: tuple[float, float], gap_days: int, before: int = 7) -> bool:
    """Whether two groups months apart are tied to one event by an explicit date.

    Either both cite the same month-day (within ``gap_days``: a plea and a trial report
    both naming the day of the crime), or one cites a full date ("October 21, 2011") at most
    ``before`` days ahead of, or inside, the other's publication dates (a trial report naming
    the day of the shooting the first reports covered). A month-day without a year is never
    matched to publication dates: a year apart it would fit an anniversary just as well.
    """
    from brinkwatch.resolve._story_refine import near_month_days

    if any(near_month_days(x, y, gap_days) for x in a[0] for y in b[0]):
        return True
    for full, (lo, hi) in ((a[1], span_b), (b[1], span_a)):
        if not (np.isnan(lo) or np.isnan(hi)) and any(lo - before <= d <= hi for d in full):
            return True
    return False


def specific_name_tie(names: Sequence[Counter[str]], u: int, best: int, rivals: np.ndarray,
                      size: np.ndarray, share: float, lead: frozenset[str],
                      rare_word: Callable[[str], bool] | None = None) -> bool:
    """Whether fragment ``u`` shares with its best target ``best`` a name specific to it.

    The name (a key of ``lead``: written in the title or lead of every item of the fragment,
    so it names what the fragment reports, not its background) must have two words or more
    (a surname alone names many people) or be a single word that ``rare_word`` accepts (in
    at most ``tie_word_max_df`` of the corpus's documents: a company or a surname no other
    story writes, not a country), be carried by at least ``share`` of the target's
    members, and by no other target still in the running (``rivals``: a mask over targets,
    alive and inside the window): a name the candidates of two same-kind events share (the
    team, the agency, the champion) is no evidence for either. Such a tie waives the names
    check (not the exemplar or the split test) for a short fragment, whose own extra names
    (a background article naming other cases, headline phrases) are what the check reads as
    disagreement. ``names`` per target: name key -> members carrying it; ``size``: members
    per target.
    """
    if share <= 0 or not lead:
        return False
    theirs = names[best]
    found = [name for name in lead
             if (len(name.split()) >= 2 or (rare_word is not None and rare_word(name)))
             and theirs[name] >= share * size[best]]
    if not found:
        return False
    others = [t for t in np.flatnonzero(rivals).tolist() if t not in (u, best)]
    return any(not any(names[t][name] > 0 for t in others) for name in found)


def lead_names(item: StoryItem, names: Iterable[str], chars: int) -> frozenset[str]:
    """Normalised entity keys (not its places: a country recurs in every story of a crisis)
    that an item writes in its title or in the first ``chars`` characters of its text: the
    names of what it reports, not of its background (a leader quoted further down)."""
    head = (item.title or "") + "\n" + item.text[:chars]
    lead = " " + norm_text(head) + " "
    places = {key_norm(p) for p in item.places}
    keys = {key_norm(n) for n in names} - places
    return frozenset(k for k in keys if k and f" {k} " in lead)

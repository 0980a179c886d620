"""Retired stories: stories no new article can join any more, out of the clusterer's memory.

A dated article joins a story only within ``window_days`` of its date span, or up to
``late_days`` away when an explicit date ties them (``_story_attach``). Once the newest
article the clusterer has seen is more than ``late_days + window_days`` past a story's last
day, articles arriving in date order can no longer reach it, so the clusterer hands it to
an archive (``StoryClusterer(archive=...)``) and forgets its centroid, exemplars, names and
index entries. Memory then follows the articles of the last ``late_days + window_days``
days, not the whole corpus.

What an archive keeps of a story is what the clusterer's readers still ask of it: the
story as ``stories()`` lists it, its size and first day (the thread's earliest and largest
story), and its thread *root*. Threads link two stories directly only within the same
reach, so a retired story's links are all found when it retires, against every story still
in memory. The links among retiring stories make components; each gets a root (the id of
one retired story of it), or the root of retired threads its stories' remembered links
still reach, the other roots recorded as aliases of it. A story that stays remembers its
most similar retiring neighbours with their roots (``_story_thread_memory``): its side of
such a link is judged again at every read, as it would be were the neighbour still in
memory. ``threads()`` then joins each component of the stories in memory with the retired
stories of the roots its members' holding links reach (``_story_threads.join_retired``;
``StoryClusterer._carry``: roots carried from states saved before this, always held). When
and what retires: ``_story_retire``.

:class:`MemoryArchive` keeps retired stories in dicts (tests, a clusterer without a store);
``brinkwatch.store.story_archive.SqliteStoryArchive`` keeps them in the store.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class RetiredStory:
    """A story out of memory: its ``stories()`` row, size, first day and thread root."""

    summary: dict  # as StoryClusterer.stories() lists it (id, doc_ids, title, dates, names)
    size: int
    first_day: int | None
    root: str

    @property
    def id(self) -> str:
        return self.summary["id"]

    @property
    def title(self) -> str | None:
        return self.summary.get("title")


class StoryArchive(Protocol):
    """Where a clusterer's retired stories go (see the module docstring)."""

    def put(self, stories: Sequence[RetiredStory]) -> None:
        """Keep retired stories (a story id is put once)."""

    def alias(self, root: str, to: str) -> None:
        """Thread root ``root`` now belongs to the thread of root ``to``."""

    def resolve(self, root: str) -> str:
        """The root a root now belongs to (following aliases; itself when none)."""

    def story_of(self, doc_ids: Iterable[str]) -> dict[str, str]:
        """``{doc_id: story id}`` of the given documents that are in retired stories."""

    def members(self, story_id: str) -> list[str]:
        """A retired story's document ids (none for an unknown id)."""

    def document_count(self) -> int:
        """How many documents the retired stories hold."""

    def summaries(self) -> Iterator[dict]:
        """Every retired story's ``stories()`` row, by story id."""

    def by_root(self) -> Iterator[tuple[str, list[RetiredStory]]]:
        """``(root, its retired stories)`` for every root that is not an alias, by root;
        the stories of its aliases included."""

    def clear(self) -> None:
        """Forget every retired story (the clusterer starts over)."""


class MemoryArchive:
    """:class:`StoryArchive` in dicts."""

    def __init__(self) -> None:
        self._stories: dict[str, RetiredStory] = {}
        self._doc_story: dict[str, str] = {}
        self._alias: dict[str, str] = {}

    def put(self, stories: Sequence[RetiredStory]) -> None:
        for st in stories:
            self._stories[st.id] = st
            for doc in st.summary["doc_ids"]:
                self._doc_story[doc] = st.id

    def alias(self, root: str, to: str) -> None:
        root, to = self.resolve(root), self.resolve(to)
        if root != to:
            self._alias[root] = to

    def resolve(self, root: str) -> str:
        while root in self._alias:
            root = self._alias[root]
        return root

    def story_of(self, doc_ids: Iterable[str]) -> dict[str, str]:
        return {d: self._doc_story[d] for d in doc_ids if d in self._doc_story}

    def members(self, story_id: str) -> list[str]:
        st = self._stories.get(story_id)
        return [] if st is None else list(st.summary["doc_ids"])

    def document_count(self) -> int:
        return len(self._doc_story)

    def summaries(self) -> Iterator[dict]:
        for sid in sorted(self._stories):
            yield self._stories[sid].summary

    def by_root(self) -> Iterator[tuple[str, list[RetiredStory]]]:
        groups: dict[str, list[RetiredStory]] = {}
        for st in self._stories.values():
            groups.setdefault(self.resolve(st.root), []).append(st)
        for root in sorted(groups):
            yield root, sorted(groups[root], key=lambda s: s.id)

    def clear(self) -> None:
        self._stories.clear()
        self._doc_story.clear()
        self._alias.clear()

"""The derive stage reads texts per document and feeds the story clusterer in slices: the
stories are those of one call with every new document."""

from __future__ import annotations

from brinkwatch.derive import STORY_STATE_KEY, assign_stories
from brinkwatch.records import Document
from brinkwatch.resolve.stories import StoryClusterer, StoryItem, StorySettings
from brinkwatch.store.db import Store

_TOPICS = [
    "Negotiators met in the capital to discuss the ceasefire and the prisoner exchange.",
    "Floods cut the northern railway and farmers lost their harvest to the rising river.",
    "The central bank raised interest rates as inflation climbed for a third month.",
    "Police clashed with protesters outside parliament over the new election law.",
]


def _documents() -> list[Document]:
    docs = []
    for n in range(23):
        topic = _TOPICS[n % len(_TOPICS)]
        day = 1 + (n * 5) % 27
        published = None if n % 7 == 3 else f"2024-0{1 + n % 3}-{day:02d}"
        docs.append(Document(id=f"doc{n:02d}", text=f"{topic} Report number {n} on the matter.",
                             source_path=f"{n}.txt", title=topic.split(" and ")[0], published=published))
    return docs


def test_stories_fed_in_slices_equal_one_call(tmp_path, monkeypatch):
    """New documents go to the clusterer in its own order (dated first, by date, then id),
    in slices of its ``max_batch``: the slices it would cut from one call itself."""
    settings = StorySettings(max_batch=4)
    docs = _documents()
    calls: list[list[str]] = []
    add = StoryClusterer.add

    def spy(self, items):
        calls.append([it.doc_id for it in items])
        return add(self, items)

    monkeypatch.setattr(StoryClusterer, "add", spy)
    with Store(tmp_path / "s.db") as store:
        with store.transaction():
            for d in docs:
                store.insert_document(d, fingerprint=d.id, signature=None)
            store.set_state(STORY_STATE_KEY, StoryClusterer(settings).state_to_json())
        metadata = {d.id: d for d in store.documents(texts=False)}
        clusterer, story_of = assign_stories(store, metadata, {}, store.texts(metadata))
        stories = clusterer.stories()  # retired ones would be read from the store
    monkeypatch.setattr(StoryClusterer, "add", add)
    order = sorted(docs, key=lambda d: (d.published is None, d.published or "", d.id))
    assert calls == [[d.id for d in order[i : i + 4]] for i in range(0, len(docs), 4)]
    whole = StoryClusterer(settings)
    whole.add([StoryItem(doc_id=d.id, title=d.title, text=d.text, date=d.published) for d in docs])
    assert story_of == {d.id: whole.story_of(d.id) for d in docs}
    assert stories == whole.stories()
    assert len(set(story_of.values())) > 1

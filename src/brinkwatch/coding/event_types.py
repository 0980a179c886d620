"""ACLED-style event-type classification of news snippets (the CASE 2021 label set).

A linear model (LinearSVC) over four feature blocks:

1. word 1-2-gram TF-IDF;
2. character 2-5-gram TF-IDF (robust to inflection and spelling: "recaptur", "kidnapp");
3. cue-word counts per label (``data/event_type_cues.tsv``, written from the ACLED codebook),
   and who took territory (``CAPBY_GOV`` / ``CAPBY_NS``, :mod:`._event_types_features`);
4. what the CAMEO coder finds: roots, codes and who did what to whom (``S:MIL C:192``
   separates government recaptures from rebel takeovers; ``T:OPP C:175`` force against
   protesters).

The model is trained from a labelled JSONL file (``{"text", "label"}``), by default the
dev-visible CASE 2021 file beside the project, plus the project's own hand-written snippets
(:mod:`._event_types_examples`, a few per label), and cached (in memory, and as a pickle
under ``$XDG_CACHE_HOME/brinkwatch``) keyed by the training data and the coding tables.
Without a labelled file, :func:`classify_snippet` trains on the hand-written snippets alone.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import pickle
import re
import time
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Sequence

from brinkwatch.coding._event_types_examples import EXAMPLES
from brinkwatch.coding._event_types_features import FEATURES_VERSION, actor_tokens

log = logging.getLogger(__name__)

__all__ = [
    "EventTypeModel",
    "classify_snippet",
    "default_training_path",
    "training_records",
    "fit_with_examples",
    "train",
]

MODEL_VERSION = "2"


class NoTrainingData(FileNotFoundError):
    """No labelled snippets to train the event-type model on."""


@functools.cache
def _cues() -> dict[str, list[re.Pattern[str]]]:
    text = resources.files("brinkwatch.coding").joinpath("data", "event_type_cues.tsv").read_text("utf-8")
    cues: dict[str, list[re.Pattern[str]]] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        label, _, words = line.partition("\t")
        cues[label] = [re.compile(r"\b" + re.escape(w)) for w in words.split("|") if w]
    return cues


def cue_tokens(text: str) -> list[str]:
    """One ``KW_<LABEL>`` token per cue of that label found in the text."""
    low = text.lower()
    return [f"KW_{label}" for label, pats in _cues().items() for p in pats if p.search(low)]


def coder_tokens(texts: Sequence[str]) -> list[list[str]]:
    """CAMEO coder features per text: codes, roots, and actor roles joined with roots."""
    from brinkwatch.analyze.nlp import load_nlp
    from brinkwatch.coding.coder import code_doc

    nlp = load_nlp()
    out = []
    for doc in nlp.pipe(texts, batch_size=32):
        toks: list[str] = []
        for ev in code_doc(doc, "snippet"):
            if ev.negated:
                continue
            if ev.salience == "background":  # an incident named, not an act coded
                toks.append(f"BR:{ev.root}" + ("_FAT" if ev.fatalities else ""))
                continue
            toks += [f"C:{ev.cameo}", f"R:{ev.root}"]
            if ev.source is not None and ev.source.role:
                toks.append(f"S:{ev.source.role}_R:{ev.root}")
            if ev.target is not None and ev.target.role:
                toks.append(f"T:{ev.target.role}_R:{ev.root}")
            if ev.fatalities:
                toks.append(f"FAT_R:{ev.root}")
        out.append(toks)
    return out


def _features(texts: Sequence[str], parsed: Sequence[list[str]]) -> list[str]:
    return [" ".join(cue_tokens(t) + actor_tokens(t) + p) for t, p in zip(texts, parsed)]


#: The LinearSVC's C, chosen by stratified 5-fold CV on the dev file (eval/RESULTS.md).
C = 2.0


class EventTypeModel:
    """Word + char TF-IDF, cue and coder features, one LinearSVC."""

    #: The coder's tokens (whole tokens only: ``KW_SUIC_BOMB`` holds no ``C_BOMB``).
    coder_pattern = r"(?<!\S)(?:C|R|S|T|FAT|BR)[:_]\S+"

    def __init__(self, cue_weight: float = 0.5, coder_weight: float = 0.3, c: float = C) -> None:
        self.cue_weight, self.coder_weight, self.c = cue_weight, coder_weight, c
        self._parts: Any = None
        self._clf: Any = None

    def _matrix(self, texts: Sequence[str], extra: Sequence[str], fit: bool) -> Any:
        import scipy.sparse as sp
        from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

        if fit:
            self._parts = (
                TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
                TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2),
                CountVectorizer(lowercase=False, token_pattern=r"(?:KW|ACT|CAPBY)_\S+"),
                CountVectorizer(lowercase=False, token_pattern=self.coder_pattern, binary=True),
            )
        word, char, cue, coded = self._parts
        blocks = []
        for vec, data, weight in ((word, texts, 1.0), (char, texts, 1.0), (cue, extra, self.cue_weight),
                                  (coded, extra, self.coder_weight)):
            try:
                m = vec.fit_transform(data) if fit else vec.transform(data)
            except ValueError:  # empty vocabulary (e.g. no coder features at all)
                m = sp.csr_matrix((len(data), 0))
            if vec is cue and m.shape[1]:
                m = m.astype(float).log1p()
            blocks.append(m * weight)
        return sp.hstack(blocks).tocsr()

    def fit(self, texts: Sequence[str], labels: Sequence[str], parsed: Sequence[list[str]] | None = None) -> "EventTypeModel":
        from sklearn.svm import LinearSVC

        parsed = parsed if parsed is not None else coder_tokens(texts)
        X = self._matrix(texts, _features(texts, parsed), fit=True)
        self._clf = LinearSVC(C=self.c, class_weight="balanced").fit(X, list(labels))
        return self

    def predict(self, texts: Sequence[str], parsed: Sequence[list[str]] | None = None) -> list[str]:
        parsed = parsed if parsed is not None else coder_tokens(texts)
        X = self._matrix(texts, _features(texts, parsed), fit=False)
        return [str(p) for p in self._clf.predict(X)]


@functools.cache
def _example_parsed() -> tuple[list[str], list[str], list[list[str]]]:
    texts = [t for _, t in EXAMPLES]
    return texts, [lab for lab, _ in EXAMPLES], coder_tokens(texts)


def fit_with_examples(
    texts: Sequence[str], labels: Sequence[str], parsed: Sequence[list[str]] | None = None
) -> EventTypeModel:
    """A model fitted on labelled snippets plus the hand-written examples."""
    ex_texts, ex_labels, ex_parsed = _example_parsed()
    parsed = parsed if parsed is not None else coder_tokens(texts)
    return EventTypeModel().fit(
        [*texts, *ex_texts], [*labels, *ex_labels], [*parsed, *ex_parsed]
    )


def default_training_path() -> Path:
    """``$BRINKWATCH_EVENT_TYPES_TRAIN``, else the CASE 2021 dev file in ../shared."""
    env = os.environ.get("BRINKWATCH_EVENT_TYPES_TRAIN")
    if env:
        return Path(env)
    shared = Path(os.environ.get("BRINKWATCH_SHARED", Path(__file__).resolve().parents[3].parent / "shared"))
    return shared / "eval" / "event_types" / "case2021_dev.jsonl"


def read_labelled(path: Path) -> list[dict]:
    """Labelled snippets ``{"id", "text", "label"}`` from a JSONL file.

    :raises brinkwatch._setting_files.SettingFileError: the file cannot be read, is not
        UTF-8, or a line is not a JSON object with a text and a label (one line naming the
        file, ``BRINKWATCH_EVENT_TYPES_TRAIN`` and the reason).
    """
    from brinkwatch._setting_files import SettingFileError, read_setting_text

    variable = "BRINKWATCH_EVENT_TYPES_TRAIN"

    def fail(reason: str) -> SettingFileError:
        return SettingFileError(str(path), variable, reason)

    records = []
    for number, line in enumerate(read_setting_text(str(path), variable).splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise fail(f"line {number}: not JSON ({exc.msg})") from None
        if not isinstance(record, dict) or not isinstance(record.get("text"), str) or not record.get("label"):
            raise fail(f"line {number}: not an object with a text and a label")
        records.append(record)
    return records


def _cache_file(records: Iterable[dict]) -> Path:
    digest = hashlib.sha1()
    for r in records:
        digest.update(f"{r['text']}\x1f{r['label']}\x1e".encode())
    data = resources.files("brinkwatch.coding").joinpath("data")
    for name in sorted(p.name for p in data.iterdir() if p.name.endswith((".tsv", ".csv"))):
        digest.update(data.joinpath(name).read_bytes())  # the cues and the coder's tables
    for label, text in EXAMPLES:
        digest.update(f"{text}\x1f{label}\x1e".encode())
    digest.update(f"{MODEL_VERSION}/{FEATURES_VERSION}/{C}".encode())
    base = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "brinkwatch"
    return base / f"event_types-{digest.hexdigest()[:16]}.pkl"


def train(records: Sequence[dict]) -> EventTypeModel:
    """A model trained on labelled records and the examples (cached on disk by content)."""
    cache = _cache_file(records)
    if cache.exists():
        try:
            with open(cache, "rb") as fh:
                return pickle.load(fh)
        except Exception as exc:  # a stale or foreign pickle: retrain
            log.warning("ignoring unreadable event-type model cache %s: %s", cache, exc)
    started = time.perf_counter()
    model = fit_with_examples([r["text"] for r in records], [r["label"] for r in records])
    log.info("trained the event-type model on %d snippets + %d examples in %.1f s",
             len(records), len(EXAMPLES), time.perf_counter() - started)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        with open(cache, "wb") as fh:
            pickle.dump(model, fh)
    except OSError as exc:
        log.info("could not cache the event-type model: %s", exc)
    return model


def training_records() -> list[dict]:
    """The labelled snippets at :func:`default_training_path`; none (with a warning) when no
    file is there. A file that is there must be readable: see :func:`read_labelled`."""
    path = default_training_path()
    if not path.exists():
        log.warning("no event-type training data at %s: training on the examples only", path)
        return []
    return read_labelled(path)


@functools.cache
def _default_model() -> EventTypeModel:
    return train(training_records())


def _cue_label(text: str) -> str:
    """The label with the most cue words in the text (``OTHER`` when none)."""
    counts: dict[str, int] = {}
    for tok in cue_tokens(text):
        label = tok[3:]
        counts[label] = counts.get(label, 0) + 1
    return max(counts, key=counts.get) if counts else "OTHER"


def classify_snippet(text: str) -> str:
    """The ACLED-style event type of a news snippet (CASE 2021 labels, e.g. ``ARMED_CLASH``)."""
    return _default_model().predict([text])[0]

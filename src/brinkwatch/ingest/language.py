"""Language identification with py3langid (its model ships inside the package)."""

from __future__ import annotations

import functools


@functools.lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def identify_language(text: str, *, sample_chars: int = 4000) -> str | None:
    """ISO 639-1 code of the text's language, or None when there is too little text to tell."""
    sample = text[:sample_chars]
    if sum(ch.isalpha() for ch in sample) < 20:
        return None
    language, probability = _identifier().classify(sample)
    return language if probability >= 0.5 else None

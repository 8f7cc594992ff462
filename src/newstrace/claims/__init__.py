"""Claims stage: who said what, hedges and quantities per article, and how they drift across a story.

Every span carries ``text``, ``start`` and ``end``: character offsets into the article's clean text.
Attributions need the English parser; quantities and hedges work in any language.

The modules, each importing only those above it: ``lexicon`` (cue words), ``spans`` (span records),
``quotes`` (quotation marks), ``parse`` (the spaCy pipeline and what it parses), ``cuemodel`` and
``contentmodel`` (the learned cue and statement-end models), ``attributions`` (who said what),
``hedges``, ``quantities``, ``article`` (one article's claims), ``compare`` (claim slots across a
story) and ``stage`` (the stage: ``extract_all`` over articles; ``newstrace.pipeline`` runs it over a
store and reads what it stored).  ``train`` rebuilds the learned files from PolNeAR; nothing here imports it.
"""

from __future__ import annotations

from newstrace.claims.article import ArticleClaims, extract
from newstrace.claims.quantities import Quantity
from newstrace.claims.spans import Attribution, Span
from newstrace.claims.stage import extract_all

__all__ = ["ArticleClaims", "Attribution", "Quantity", "Span", "extract", "extract_all"]

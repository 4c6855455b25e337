"""The dossier: one JSON document per export, every item linked to its evidence.

Every item below ``articles`` carries ``evidence``: a list of ``{article_id, start, end}`` into
the clean ``text`` of an article in the same document. Spans that fall outside their article
(or point at an article left out of a restricted export) are dropped, so a consumer can always
slice ``text[start:end]``. The section builders live in :mod:`storyline.report.sections`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import Any

from storyline.errors import MissingExtra, NotFound
from storyline.model.records import Corpus
from storyline.report import sections as sec

SCHEMA_VERSION = "1.0"
SCHEMA_FILE = "dossier.schema.json"

Evidence = dict[str, Any]


def build_dossier(corpus: Corpus, story_ids: Sequence[str] | None = None) -> dict[str, Any]:
    """The dossier document for the whole corpus or for the given stories."""
    from storyline.version import __version__

    ctx = sec.make_context(corpus, story_ids)
    quotes = {q["id"]: q for q in sec.present(sec.quote_item(q, ctx) for q in corpus.quotes)}
    claims = {c.id: c for c in corpus.claims}
    stories = [s for s in corpus.stories if ctx.selected is None or s.id in ctx.selected]
    return {
        "schema_version": SCHEMA_VERSION,
        "generated_by": f"storyline {__version__}",
        "stories": [sec.story_item(s, ctx) for s in stories],
        "sources": [
            {"id": s.id, "name": s.name, "kind": s.kind, "domain": s.domain} for s in corpus.sources
        ],
        "articles": [sec.article_item(a, ctx) for a in corpus.articles if a.id in ctx.kept],
        "reuse": sec.present(sec.reuse_item(link, ctx) for link in corpus.reuse),
        "origins": sec.present(sec.origin_item(g, ctx) for g in corpus.origins),
        "entities": sec.present(sec.entity_item(e, ctx) for e in corpus.entities),
        "quotes": list(quotes.values()),
        "quote_groups": sec.present(
            sec.quote_group_item(g, quotes, ctx) for g in corpus.quote_groups
        ),
        "timeline": sorted(
            sec.present(sec.event_item(e, ctx) for e in corpus.events), key=sec.date_key
        ),
        "claims": sec.present(sec.claim_item(g, claims, ctx) for g in sec.claim_groups(ctx)),
        "discrepancies": sec.present(sec.discrepancy_item(d, ctx) for d in corpus.discrepancies),
        "positions": sec.present(sec.position_item(p, ctx) for p in corpus.positions),
        "story_changes": [
            {"kind": c.kind, "story_id": c.story_id, "other_id": c.other_id,
             "articles": c.articles, "reason": c.reason, "at": c.at}
            for c in corpus.story_changes
            if ctx.selected is None or c.story_id in ctx.selected or c.other_id in ctx.selected
        ],
    }


# --------------------------------------------------------------------------- helpers


def dossier_to_json(d: dict[str, Any]) -> str:
    """The dossier as deterministic JSON text (sorted keys, UTF-8 characters kept)."""
    return json.dumps(d, sort_keys=True, ensure_ascii=False, indent=1) + "\n"


def evidence_text(d: dict[str, Any], ev: Evidence) -> str:
    """The text an evidence item points at."""
    for art in d["articles"]:
        if art["id"] == ev["article_id"]:
            return str(art["text"][ev["start"] : ev["end"]])
    raise NotFound(f"no article with id {ev['article_id']!r} in this dossier")


@cache
def _schema_text() -> str:
    return resources.files("storyline.report").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")


def load_schema() -> dict[str, Any]:
    """The published JSON Schema of the dossier document."""
    return dict(json.loads(_schema_text()))


def validate_dossier(d: dict[str, Any]) -> None:
    """Check a dossier against the schema; raise ``jsonschema.ValidationError`` if it fails."""
    try:
        import jsonschema
    except ImportError as exc:
        raise MissingExtra("jsonschema", "dev") from exc
    schema = load_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(d)

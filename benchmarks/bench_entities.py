"""Entities on MEANTIME: named mentions (person, organisation, place) and their identity.

Each MEANTIME topic corpus (30 Wikinews articles on one company) is treated as one story. Gold:
the named mentions (``syntactic_type="NAM"``) whose entity instance is a person, organisation or
place, and the instance each refers to across the corpus. Scored:

- mention P/R/F1: a predicted name mention matches a gold one of the same type when they
  overlap (one-to-one); ours vs spaCy's own entities (``doc.ents``) from the same pipeline.
  MEANTIME does not annotate every sentence, so predictions count only in sentences that hold
  at least one gold entity mention;
- resolution B-cubed F1 over the matched gold mentions: our canonical entities vs the naive
  peer that calls two mentions the same entity when their text is the same;
- alias-merge precision/recall: over pairs of matched mentions written differently ("Tim Cook",
  "Cook"), how many of the pairs we put in one entity are one gold instance, and how many gold
  same-instance pairs we merged (the same-text peer merges none: by the shared convention of
  :mod:`storyline.evaluate.metrics`, precision 1.0 over no merge, recall 0).

``--data`` is the meantime-en folder. ``--out`` gets our mentions, JSON Lines ``{"doc", "start",
"end", "type", "entity"}``. Last line: ``ENTITY_MENTION_F1=<ours>``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from storyline.evaluate.bench import bench_parser, datasets_dir, fail, headline
from storyline.evaluate.datasets import read_cat
from storyline.evaluate.metrics import bcubed, precision, prf, recall
from storyline.model import Article, ArticleAnnotations

DATASETS = datasets_dir(__file__)
GOLD_TYPES = {"PER": "PER", "ORG": "ORG", "LOC": "LOC"}
OURS_TYPES = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}


@dataclass(frozen=True)
class Ment:
    """A mention: document, extent, type, and the entity it names (gold instance or our id)."""

    doc: str
    start: int
    end: int
    type: str
    entity: str


def read_doc(path: Path, corpus: str) -> tuple[Article, list[Ment], list[tuple[int, int]]]:
    """One MEANTIME document: text from its tokens, gold named mentions, annotated sentences."""
    cat = read_cat(path)
    text = cat.text
    doc_id = f"{corpus}/{path.stem}"
    sentence_of = {t.t_id: t.sentence for t in cat.tokens}
    instances = {e.m_id: e for e in cat.of("ENTITY")}
    refers = {}
    for rel in cat.relations:
        if rel.tag == "REFERS_TO" and rel.target is not None:
            for src in rel.sources:
                refers[src] = instances.get(rel.target)
    gold = []
    mentions = cat.of("ENTITY_MENTION")
    annotated = {sentence_of.get(t) for m in mentions for t in m.token_ids}
    sentences: dict[str, list[int]] = {}
    for tid, (start, end) in cat.spans.items():
        if sentence_of[tid] in annotated:
            sentences.setdefault(sentence_of[tid], []).extend((start, end))
    ranges = [(min(v), max(v)) for v in sentences.values()]
    for m in mentions:
        inst = refers.get(m.m_id)
        if m.attrs.get("syntactic_type") != "NAM" or inst is None or m.extent is None:
            continue
        kind = GOLD_TYPES.get(inst.attrs.get("ent_type", ""))
        if kind:
            gold.append(Ment(doc_id, *m.extent, kind, inst.attrs.get("instance_id", "")))
    title = text.split("\n", 1)[0]
    return Article(id=doc_id, text=text, source_path=str(path), title=title), gold, ranges


def inside(ments: list[Ment], ranges: dict[str, list[tuple[int, int]]]) -> list[Ment]:
    """The mentions that fall in an annotated sentence."""
    return [m for m in ments
            if any(s <= m.start and m.end <= e for s, e in ranges.get(m.doc, []))]


def match(gold: list[Ment], pred: list[Ment]) -> list[tuple[Ment, Ment]]:
    """One-to-one overlap matches of the same type, largest overlap first."""
    cands = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            overlap = min(g.end, p.end) - max(g.start, p.start)
            if g.doc == p.doc and g.type == p.type and overlap > 0:
                cands.append((overlap, gi, pi))
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _, gi, pi in sorted(cands, reverse=True):
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gold[gi], pred[pi]))
    return out


def ours(articles: Sequence[Article], story: str) -> list[Ment]:
    """Our name mentions with the canonical entity each was resolved to."""
    from storyline.language.entities import find_mentions
    from storyline.language.nlp import parse
    from storyline.language.resolve import resolve_entities

    anns = {a.id: ArticleAnnotations(a.id, mentions=find_mentions(a, parse(a))) for a in articles}
    entity_of = {}
    for ent in resolve_entities(articles, anns, story):
        for m in ent.mentions:
            entity_of[(m.span.article_id, m.span.start, m.span.end)] = ent.id
    out = []
    for aid, ann in anns.items():
        for m in ann.mentions:
            kind = OURS_TYPES.get(m.label)
            if kind and m.kind == "name":
                key = (aid, m.span.start, m.span.end)
                out.append(Ment(aid, m.span.start, m.span.end, kind, entity_of.get(key, str(key))))
    return out


def spacy_peer(articles: Sequence[Article]) -> list[Ment]:
    """spaCy's entities, with same-text-same-entity resolution."""
    from storyline.language.nlp import parse

    return [
        Ment(a.id, e.start_char, e.end_char, OURS_TYPES[e.label_], e.text.casefold())
        for a in articles for e in parse(a).ents if e.label_ in OURS_TYPES
    ]


def scores(gold: list[Ment], pred: list[Ment]) -> dict[str, float]:
    """Mention P/R/F1 and resolution B-cubed F1 over matched mentions."""
    pairs = match(gold, pred)
    p, r, f = prf(len(pairs), len(pred) - len(pairs), len(gold) - len(pairs))
    g_clusters = {n: g.entity for n, (g, _) in enumerate(pairs)}
    p_clusters = {n: m.entity for n, (_, m) in enumerate(pairs)}
    return {"mention_p": p, "mention_r": r, "mention_f1": f,
            "resolution_b3": bcubed(g_clusters, p_clusters)[2]}


def alias_merges(pairs: list[tuple[Ment, Ment]], texts: dict[str, str]) -> dict[str, float]:
    """Pairwise precision/recall of merging differently written names into one entity.

    Over every two matched mentions whose surface texts differ (case aside): a predicted merge
    is right when MEANTIME's cross-document coreference puts both in one instance.
    """
    surface = [texts[p.doc][p.start : p.end].casefold() for _, p in pairs]
    both = merged = same = 0
    for i in range(len(pairs)):
        for j in range(i + 1, len(pairs)):
            if surface[i] == surface[j]:
                continue
            gold_same = pairs[i][0].entity == pairs[j][0].entity
            pred_same = pairs[i][1].entity == pairs[j][1].entity
            same += gold_same
            merged += pred_same
            both += gold_same and pred_same
    return {"alias_p": precision(both, merged - both), "alias_r": recall(both, same - both),
            "alias_merges": float(merged)}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark."""
    ap = bench_parser(__doc__, data=DATASETS / "meantime-en",
                      data_help="the meantime-en folder (corpus_*/ with .xml files)",
                      out_help="write our mentions here (JSONL)")
    args = ap.parse_args(argv)
    corpora = sorted(p for p in args.data.rglob("corpus_*") if p.is_dir())
    if not corpora:
        return fail(f"{args.data}: no corpus_* folders")
    gold, mine, peer = [], [], []
    texts: dict[str, str] = {}
    for folder in corpora:
        docs = [read_doc(p, folder.name) for p in sorted(folder.glob("*.xml"))]
        articles = [a for a, _, _ in docs]
        ranges = {a.id: r for a, _, r in docs}
        texts.update({a.id: a.text for a in articles})
        gold += [m for _, ms, _ in docs for m in ms]
        mine += inside(ours(articles, folder.name), ranges)
        peer += inside(spacy_peer(articles), ranges)
        print(f"  {folder.name}: {len(articles)} documents", file=sys.stderr)
    if args.out:
        with args.out.open("w", encoding="utf-8") as fh:
            for m in mine:
                fh.write(json.dumps({"doc": m.doc, "start": m.start, "end": m.end,
                                     "type": m.type, "entity": m.entity}) + "\n")
    print(f"{len(corpora)} corpora, {len(gold)} gold named mentions")
    cols = ["mention_p", "mention_r", "mention_f1", "resolution_b3", "alias_p", "alias_r",
            "alias_merges"]
    print(f"{'system':<22}" + "".join(f"{c:>14}" for c in cols))
    for name, pred in (("storyline", mine), ("spacy-ents+same-text", peer)):
        res = scores(gold, pred) | alias_merges(match(gold, pred), texts)
        print(f"{name:<22}" + "".join(f"{res[c]:>14.3f}" for c in cols))
    alias = alias_merges(match(gold, mine), texts)
    print(f"alias-merge precision (ours): {alias['alias_p']:.3f} "
          f"recall {alias['alias_r']:.3f} over {int(alias['alias_merges'])} merged pairs")
    headline("ENTITY_MENTION_F1", scores(gold, mine)["mention_f1"], 4)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

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
  same-instance pairs we merged (the same-text peer merges none).

``--data`` is the meantime-en folder. ``--out`` gets our mentions, JSON Lines ``{"doc", "start",
"end", "type", "entity"}``. Last line: ``ENTITY_MENTION_F1=<ours>``.
"""

from __future__ import annotations

import argparse
import json
import sys
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from storyline.evaluate.metrics import bcubed
from storyline.model import Article, ArticleAnnotations

DATASETS = Path(__file__).resolve().parents[1].parent / "shared" / "datasets"
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
    root = ET.parse(path).getroot()
    spans: dict[str, tuple[int, int]] = {}
    sentence_of: dict[str, str] = {}
    parts: list[str] = []
    pos, last = 0, None
    for tok in root.iter("token"):
        sentence_of[tok.get("t_id", "")] = tok.get("sentence", "")
        sep = "" if not parts else ("\n" if tok.get("sentence") != last else " ")
        last = tok.get("sentence")
        word = tok.text or ""
        parts.append(sep + word)
        spans[tok.get("t_id", "")] = (pos + len(sep), pos + len(sep) + len(word))
        pos += len(sep) + len(word)
    text = "".join(parts)
    doc_id = f"{corpus}/{path.stem}"
    instances = {e.get("m_id"): e for e in root.iter("ENTITY")}
    refers = {}
    for rel in root.iter("REFERS_TO"):
        target = rel.find("target")
        for src in rel.findall("source"):
            if target is not None:
                refers[src.get("m_id")] = instances.get(target.get("m_id"))
    gold = []
    annotated = {sentence_of.get(a.get("t_id", "")) for m in root.iter("ENTITY_MENTION")
                 for a in m.iter("token_anchor")}
    sentences: dict[str, list[int]] = {}
    for tid, (start, end) in spans.items():
        if sentence_of[tid] in annotated:
            sentences.setdefault(sentence_of[tid], []).extend((start, end))
    ranges = [(min(v), max(v)) for v in sentences.values()]
    for m in root.iter("ENTITY_MENTION"):
        inst = refers.get(m.get("m_id"))
        anchors = [spans[a.get("t_id", "")] for a in m.iter("token_anchor")
                   if a.get("t_id") in spans]
        if m.get("syntactic_type") != "NAM" or inst is None or not anchors:
            continue
        kind = GOLD_TYPES.get(inst.get("ent_type", ""))
        if kind:
            gold.append(Ment(doc_id, min(s for s, _ in anchors), max(e for _, e in anchors), kind,
                             inst.get("instance_id", "")))
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
    p = len(pairs) / len(pred) if pred else 0.0
    r = len(pairs) / len(gold) if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
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
    return {"alias_p": both / merged if merged else 0.0, "alias_r": both / same if same else 0.0,
            "alias_merges": float(merged)}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--data", type=Path, default=DATASETS / "meantime-en",
                    help="the meantime-en folder (corpus_*/ with .xml files)")
    ap.add_argument("--out", type=Path, default=None, help="write our mentions here (JSONL)")
    args = ap.parse_args(argv)
    corpora = sorted(p for p in args.data.rglob("corpus_*") if p.is_dir())
    if not corpora:
        print(f"error: {args.data}: no corpus_* folders", file=sys.stderr)
        return 2
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
    print(f"ENTITY_MENTION_F1={scores(gold, mine)['mention_f1']:.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

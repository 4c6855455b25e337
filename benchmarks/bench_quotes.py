"""Quotations and speakers on PolNeAR (attribution relations), with textacy as the peer.

For each article of the chosen split (``--split``; default ``test`` when present, else ``dev``),
the gold attributions of its first annotator are compared with ours and with textacy's
direct-quotation triples on the same spaCy pipeline. A predicted content span matches a gold
one when their character overlap / union is at least 0.5 (one-to-one, best overlap first).
Reported for direct quotes (content with quotation marks in or right around it, judged the same
way for gold and predicted spans, so that a reported clause holding a quoted fragment is direct
on both sides) and for all attributions: content P/R/F1, speaker accuracy on matched contents
(the predicted speaker span overlaps the gold source span; both absent also counts), and
attribution F1 (content matched and speaker right). Ours are the attributions
``find_quotes`` returns; the ``ours+u`` rows add the quotations whose speaker was not found,
which the language stage keeps for quote groups (``unattributed=True``). BASIL's annotated
quotes give a second speaker accuracy (named speakers only). The speed line times our side
alone (parse, entities, quotes) on one core.

``--out`` gets our predictions, JSON Lines, one article a line:
``{"article_id", "quotes": [{"content_start", "content_end", "source_start", "source_end",
"direct", "parts"}]}``; ``parts`` lists the ``[start, end)`` pieces a quotation interrupted by
its frame is scored on (“A,” X said, “B.” is A and B, as PolNeAR annotates it). Last line:
``QUOTE_ATTRIBUTION_F1_ALL=<ours>``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATASETS = Path(__file__).resolve().parents[1].parent / "shared" / "datasets"
DOUBLE_MARKS = frozenset('"“”«»„‟')


@dataclass(frozen=True)
class Attr:
    """One attribution: content characters, source characters (maybe empty), direct or not."""

    content: frozenset[int]
    source: frozenset[int]
    direct: bool
    start: int
    end: int
    source_span: tuple[int, int] | None


def _chars(spans: Iterable[Sequence[int]]) -> frozenset[int]:
    return frozenset(i for s, e in spans for i in range(s, e))


def _is_direct(text: str, start: int, end: int) -> bool:
    """Direct (or mixed) speech: quotation marks inside or right around the content.

    Single marks count only as openers (‘ or ' after a space), so that apostrophes
    ("Trump’s", "don't") do not make reported speech direct.
    """
    lo = max(0, start - 1)
    for k, c in enumerate(text[lo : end + 1], lo):
        if c in DOUBLE_MARKS:
            return True
        if c in "‘'" and (k == 0 or not text[k - 1].isalnum()) and text[k + 1 : k + 2].isalpha():
            return True
    return False


def gold_attributions(rec: dict[str, Any]) -> list[Attr]:
    """The first annotator's attributions of one PolNeAR article."""
    text = rec["text"]
    out = []
    for att in rec["annotations"][0]["attributions"] if rec["annotations"] else []:
        content = att.get("content") or {}
        spans = content.get("spans") or []
        if not spans:
            continue
        start, end = min(s for s, _ in spans), max(e for _, e in spans)
        src = (att.get("source") or {}).get("spans") or []
        src_span = (min(s for s, _ in src), max(e for _, e in src)) if src else None
        out.append(Attr(_chars(spans), _chars(src), _is_direct(text, start, end), start, end,
                        src_span))
    return out


def _attr(start: int, end: int, src: tuple[int, int] | None, direct: bool,
          parts: Sequence[tuple[int, int]] = ()) -> Attr:
    """A predicted attribution; an interrupted quotation counts its quoted parts only."""
    source = frozenset(range(*src)) if src else frozenset()
    content = _chars(parts) if parts else frozenset(range(start, end))
    return Attr(content, source, direct, start, end, src)


def ours(art_id: str, text: str) -> tuple[list[Attr], Any]:
    """storyline's attributions, on the dataset's text as it is, and what
    :func:`ours_unattributed` needs to add the quotations with no speaker found."""
    from storyline.language.entities import find_mentions
    from storyline.language.nlp import parse_text
    from storyline.model import Article
    from storyline.quotes.find import find_quotes

    article = Article(id=art_id, text=text, source_path=art_id)
    doc = parse_text(text)
    mentions = find_mentions(article, doc)
    return _attrs(find_quotes(article, doc, mentions)), (article, doc, mentions)


def ours_unattributed(parsed: Any) -> list[Attr]:
    """storyline's quotations with those whose speaker was not found (``unattributed=True``,
    as the language stage keeps them for quote groups)."""
    from storyline.quotes.find import find_quotes

    return _attrs(find_quotes(*parsed, unattributed=True))


def _attrs(quotes: Iterable[Any]) -> list[Attr]:
    return [
        _attr(q.content.start, q.content.end,
              (q.speaker.start, q.speaker.end) if q.speaker else None, q.direct,
              [(p.start, p.end) for p in q.parts])
        for q in quotes
    ]


def _runs(chars: frozenset[int]) -> list[list[int]]:
    """Character positions as ``[start, end)`` runs."""
    out: list[list[int]] = []
    for i in sorted(chars):
        if out and out[-1][1] == i:
            out[-1][1] = i + 1
        else:
            out.append([i, i + 1])
    return out


def textacy_peer(text: str) -> list[Attr]:
    """textacy's direct-quotation triples, called per paragraph.

    textacy gives up on a whole text when its quotation marks do not balance; calling it per
    paragraph (blank-line or newline separated) keeps the rest of the article, which is the
    best use of it we found.
    """
    from textacy.extract.triples import direct_quotations

    from storyline.language.nlp import parse_text

    out = []
    start = 0
    for para in text.split("\n"):
        offset, start = start, start + len(para) + 1
        if not para.strip():
            continue
        try:
            triples = list(direct_quotations(parse_text(para)))
        except ValueError:  # unbalanced quotation marks in this paragraph
            continue
        for triple in triples:
            sp = triple.speaker
            src = (offset + min(t.idx for t in sp), offset + max(t.idx + len(t) for t in sp)) \
                if sp else None
            content = triple.content
            out.append(_attr(offset + content.start_char, offset + content.end_char, src, True))
    return out


def match(gold: list[Attr], pred: list[Attr]) -> list[tuple[Attr, Attr]]:
    """One-to-one matches with overlap / union of at least 0.5, best overlap first."""
    scored = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if g.end <= p.start or p.end <= g.start:
                continue
            inter = len(g.content & p.content)
            iou = inter / len(g.content | p.content)
            if iou >= 0.5:
                scored.append((iou, gi, pi))
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, gi, pi in sorted(scored, reverse=True):
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gold[gi], pred[pi]))
    return pairs


def speaker_right(g: Attr, p: Attr) -> bool:
    """The predicted speaker span overlaps the gold source (or both have none)."""
    if not g.source:
        return not p.source
    return bool(g.source & p.source)


class Tally:
    """Counts for content P/R/F1, speaker accuracy and attribution F1."""

    def __init__(self) -> None:
        self.gold = self.pred = self.matched = self.speaker = 0

    def add(self, gold: list[Attr], pred: list[Attr]) -> None:
        """Add one article's attributions."""
        pairs = match(gold, pred)
        self.gold += len(gold)
        self.pred += len(pred)
        self.matched += len(pairs)
        self.speaker += sum(speaker_right(g, p) for g, p in pairs)

    def scores(self) -> dict[str, float]:
        """content P/R/F1, speaker accuracy, attribution F1."""
        p = self.matched / self.pred if self.pred else 0.0
        r = self.matched / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        ap = self.speaker / self.pred if self.pred else 0.0
        ar = self.speaker / self.gold if self.gold else 0.0
        af = 2 * ap * ar / (ap + ar) if ap + ar else 0.0
        acc = self.speaker / self.matched if self.matched else 0.0
        return {"content_p": p, "content_r": r, "content_f1": f, "speaker_acc": acc,
                "attribution_f1": af}


def load_split(folder: Path, split: str | None) -> tuple[str, list[dict[str, Any]]]:
    """The articles of a split (default: test when present, else dev)."""
    names = [split] if split else ["test", "dev"]
    for name in names:
        path = folder / f"{name}.jsonl.gz"
        if path.exists():
            with gzip.open(path, "rt", encoding="utf-8") as fh:
                return name, [json.loads(line) for line in fh]
    raise SystemExit(f"error: {folder}: no {' or '.join(n + '.jsonl.gz' for n in names)}")


def basil_speaker_accuracy(folder: Path, limit: int | None) -> tuple[float, int]:
    """Share of BASIL's quotes with a named speaker that we find with that speaker."""
    from storyline.evaluate.demo import speaker_matches
    from storyline.language.entities import find_mentions
    from storyline.language.nlp import parse_text
    from storyline.model import Article
    from storyline.quotes.find import find_quotes

    right = total = 0
    with gzip.open(folder / "basil.jsonl.gz", "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if limit is not None and n >= limit:
                break
            rec = json.loads(line)
            art = rec["article"]
            paras = [" ".join(p) if isinstance(p, list) else p for p in art["body-paragraphs"]]
            text = "\n\n".join(p for p in paras if p)
            article = Article(id=str(n), text=text, source_path=str(n))
            doc = parse_text(text)
            quotes = find_quotes(article, doc, find_mentions(article, doc))
            for ann in rec["annotation"]["phrase-level-annotations"]:
                speaker = ann.get("speaker") or ""
                if ann.get("quote") != "yes" or not speaker or speaker.startswith("other"):
                    continue
                pos = text.find(ann["txt"].strip('"“” '))
                if pos < 0:
                    continue
                total += 1
                end = pos + len(ann["txt"].strip('"“” '))
                hits = [q for q in quotes if q.content.start < end and pos < q.content.end]
                name = speaker.replace("_", " ")
                right += any(speaker_matches(name, [q.speaker_label or ""]) for q in hits)
    return (right / total if total else 0.0), total


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--data", type=Path, default=DATASETS / "polnear-attribution",
                    help="the polnear-attribution folder (<split>.jsonl.gz)")
    ap.add_argument("--split", default=None, help="test, dev or train (default: test, else dev)")
    ap.add_argument("--basil", type=Path, default=None,
                    help="the basil-media-bias folder (default: beside --data; skipped if absent)")
    ap.add_argument("--limit", type=int, default=None, help="score only the first N articles")
    ap.add_argument("--out", type=Path, default=None, help="write our predictions here (JSONL)")
    args = ap.parse_args(argv)
    split, records = load_split(args.data, args.split)
    records = records[: args.limit] if args.limit else records
    tallies = {k: Tally() for k in ("ours-direct", "ours-all", "ours+u-direct", "ours+u-all",
                                    "textacy-direct", "textacy-all")}
    out = args.out.open("w", encoding="utf-8") if args.out else None
    t0 = time.perf_counter()
    ours_seconds = 0.0
    for n, rec in enumerate(records, 1):
        text = rec["text"]
        gold = gold_attributions(rec)
        t1 = time.perf_counter()
        mine, parsed = ours(rec["filename"], text)
        ours_seconds += time.perf_counter() - t1
        with_unattributed = ours_unattributed(parsed)
        peer = textacy_peer(text)
        gold_direct = [g for g in gold if g.direct]
        for name, pred in (("ours", mine), ("ours+u", with_unattributed), ("textacy", peer)):
            tallies[f"{name}-all"].add(gold, pred)
            tallies[f"{name}-direct"].add(
                gold_direct, [p for p in pred if _is_direct(text, p.start, p.end)])
        if out:
            out.write(json.dumps({"article_id": rec["filename"], "quotes": [
                {"content_start": p.start, "content_end": p.end,
                 "source_start": p.source_span[0] if p.source_span else None,
                 "source_end": p.source_span[1] if p.source_span else None,
                 "direct": p.direct, "parts": _runs(p.content)} for p in mine]}) + "\n")
        if n % 20 == 0:
            print(f"  {n}/{len(records)} articles", file=sys.stderr)
    if out:
        out.close()
    print(f"PolNeAR {split}: {len(records)} articles in {time.perf_counter() - t0:.1f}s")
    print(f"speed (ours: parse, entities, quotes; one core): "
          f"{len(records) / ours_seconds if ours_seconds else 0.0:.2f} articles/s")
    cols = ["content_p", "content_r", "content_f1", "speaker_acc", "attribution_f1"]
    print(f"{'system':<16}" + "".join(f"{c:>16}" for c in cols))
    for name, tally in tallies.items():
        res = tally.scores()
        print(f"{name:<16}" + "".join(f"{res[c]:>16.3f}" for c in cols))
    basil = args.basil or args.data.parent / "basil-media-bias"
    if (basil / "basil.jsonl.gz").exists():
        acc, total = basil_speaker_accuracy(basil, args.limit)
        print(f"BASIL named-speaker accuracy (ours): {acc:.3f} on {total} quotes")
    else:
        print(f"BASIL: {basil / 'basil.jsonl.gz'} not found; skipped")
    print(f"QUOTE_ATTRIBUTION_F1_ALL={tallies['ours-all'].scores()['attribution_f1']:.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

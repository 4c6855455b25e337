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
``QUOTE_ATTRIBUTION_F1_ALL=<ours>``. The matching and scoring are
:mod:`storyline.evaluate.attribution`, which the golden test shares.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from storyline.evaluate.attribution import (
    Attr,
    Tally,
    find_attributions,
    gold_attributions,
    is_direct,
    make_attr,
    runs,
    with_unattributed,
)
from storyline.evaluate.bench import bench_parser, datasets_dir, headline
from storyline.evaluate.datasets import DatasetMissing, read_basil, read_polnear

DATASETS = datasets_dir(__file__)


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
            out.append(make_attr(offset + content.start_char, offset + content.end_char, src, True))
    return out


def basil_speaker_accuracy(folder: Path, limit: int | None) -> tuple[float, int]:
    """Share of BASIL's quotes with a named speaker that we find with that speaker."""
    from storyline.evaluate.demo import speaker_matches
    from storyline.language.entities import find_mentions
    from storyline.language.nlp import parse_text
    from storyline.model import Article
    from storyline.quotes.find import find_quotes

    right = total = 0
    articles = read_basil(folder)
    for n, art in enumerate(articles[:limit] if limit is not None else articles):
        text = "\n\n".join(p for p in (" ".join(p) for p in art.paragraphs) if p)
        article = Article(id=str(n), text=text, source_path=str(n))
        doc = parse_text(text)
        quotes = find_quotes(article, doc, find_mentions(article, doc))
        for ann in art.phrases:
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
    ap = bench_parser(__doc__, data=DATASETS / "polnear-attribution",
                      data_help="the polnear-attribution folder (<split>.jsonl.gz)",
                      out_help="write our predictions here (JSONL)")
    ap.add_argument("--split", default=None, help="test, dev or train (default: test, else dev)")
    ap.add_argument("--basil", type=Path, default=None,
                    help="the basil-media-bias folder (default: beside --data; skipped if absent)")
    ap.add_argument("--limit", type=int, default=None, help="score only the first N articles")
    args = ap.parse_args(argv)
    try:
        split, records = read_polnear(args.data, args.split)
    except DatasetMissing as exc:
        raise SystemExit(f"error: {exc}") from None
    records = records[: args.limit] if args.limit else records
    tallies = {k: Tally() for k in ("ours-direct", "ours-all", "ours+u-direct", "ours+u-all",
                                    "textacy-direct", "textacy-all")}
    out = args.out.open("w", encoding="utf-8") if args.out else None
    t0 = time.perf_counter()
    ours_seconds = 0.0
    for n, rec in enumerate(records, 1):
        text = rec.text
        gold = gold_attributions(rec)
        t1 = time.perf_counter()
        mine, parsed = find_attributions(rec.filename, text)
        ours_seconds += time.perf_counter() - t1
        plus_unattributed = with_unattributed(parsed)
        peer = textacy_peer(text)
        gold_direct = [g for g in gold if g.direct]
        for name, pred in (("ours", mine), ("ours+u", plus_unattributed), ("textacy", peer)):
            tallies[f"{name}-all"].add(gold, pred)
            tallies[f"{name}-direct"].add(
                gold_direct, [p for p in pred if is_direct(text, p.start, p.end)])
        if out:
            out.write(json.dumps({"article_id": rec.filename, "quotes": [
                {"content_start": p.start, "content_end": p.end,
                 "source_start": p.source_span[0] if p.source_span else None,
                 "source_end": p.source_span[1] if p.source_span else None,
                 "direct": p.direct, "parts": runs(p.content)} for p in mine]}) + "\n")
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
    headline("QUOTE_ATTRIBUTION_F1_ALL", tallies["ours-all"].scores()["attribution_f1"], 4)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Time expressions: TempEval-3 scoring on TimeML (TempEval-3) and MEANTIME, dateparser as the peer.

Each document's text (TimeML: the TEXT element with its tags removed; MEANTIME: its tokens joined
by spaces) is tagged with the document creation time as the publication date. Gold and predicted
expressions are aligned one-to-one by character overlap: strict = identical extent, relaxed =
any overlap. Reported per system: strict and relaxed P/R/F1, value accuracy on relaxed matches,
and value F1 = relaxed F1 x value accuracy (the TempEval-3 ranking measure). The creation time
itself is given, not scored. The peer is dateparser's ``search_dates`` (English, the creation
time as its relative base), its values at the granularity dateparser reports. MEANTIME is scored
only in its annotated window (see :data:`MEANTIME_TIMEX_SENTENCES`). Rows per sub-corpus follow.

``--data`` names a folder of ``.tml`` files (searched recursively) or of MEANTIME ``.xml`` files.
When its files carry no TIMEX3 besides the creation time (TempEval-3's platinum input), the
benchmark only predicts and writes ``--out``. ``--out`` gets JSON Lines, one expression a line:
``{"doc", "start", "end", "value", "type"}``. Last line: ``TIMEX_VALUE_F1=<ours>``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TextIO

DATASETS = Path(__file__).resolve().parents[1].parent / "shared" / "datasets"
# MEANTIME annotates time expressions only near the top of each article: no TIMEX3 lies past
# sentence 5 (title, dateline and the first four body sentences), while events and entities go
# on. Predictions after that window are not scored.
MEANTIME_TIMEX_SENTENCES = 6


@dataclass(frozen=True)
class Timex:
    """A time expression: character extent, value, type."""

    start: int
    end: int
    value: str
    type: str


@dataclass
class Doc:
    """One document: id, text, creation date, gold expressions, spans not scored."""

    id: str
    text: str
    dct: str | None
    gold: list[Timex] = field(default_factory=list)
    unscored: list[tuple[int, int]] = field(default_factory=list)
    part: str = ""  # the sub-corpus (TimeBank, AQUAINT, corpus_apple …)
    partial: bool = False  # only the start of the text is annotated (the rest is unscored)


def _walk_text(node: ET.Element, parts: list[str], gold: list[Timex], pos: int) -> int:
    """Append the text under ``node`` to ``parts``; record TIMEX3 extents. Returns the new pos."""
    start = pos
    if node.text:
        parts.append(node.text)
        pos += len(node.text)
    for child in node:
        pos = _walk_text(child, parts, gold, pos)
        if child.tail:
            parts.append(child.tail)
            pos += len(child.tail)
    if node.tag == "TIMEX3":
        gold.append(Timex(start, pos, node.get("value", ""), node.get("type", "")))
    return pos


def read_timeml(path: Path) -> Doc:
    """A TimeML document: TEXT without tags, DCT value, gold TIMEX3."""
    root = ET.parse(path).getroot()
    docid = (root.findtext("DOCID") or path.stem).strip()
    dct_node = root.find("DCT/TIMEX3")
    dct = dct_node.get("value") if dct_node is not None else None
    text_node = root.find("TEXT")
    parts: list[str] = []
    gold: list[Timex] = []
    if text_node is not None:
        _walk_text(text_node, parts, gold, 0)
    return Doc(docid, "".join(parts), dct, gold, part=path.parent.name)


def read_meantime(path: Path) -> Doc:
    """A MEANTIME document: tokens joined by spaces, TIMEX3 markables over token anchors.

    Text after the annotated window (:data:`MEANTIME_TIMEX_SENTENCES`) is marked unscored.
    """
    root = ET.parse(path).getroot()
    spans: dict[str, tuple[int, int]] = {}
    parts: list[str] = []
    pos = 0
    last_sentence = None
    window_end: int | None = None
    for tok in root.iter("token"):
        sep = "" if not parts else ("\n" if tok.get("sentence") != last_sentence else " ")
        last_sentence = tok.get("sentence")
        if window_end is None and int(last_sentence or 0) >= MEANTIME_TIMEX_SENTENCES:
            window_end = pos
        parts.append(sep + (tok.text or ""))
        pos += len(sep)
        spans[tok.get("t_id", "")] = (pos, pos + len(tok.text or ""))
        pos += len(tok.text or "")
    doc = Doc(path.stem, "".join(parts), None, part=path.parent.name)
    if window_end is not None:
        doc.unscored.append((window_end, pos + 1))
        doc.partial = True
    for tx in root.iter("TIMEX3"):
        anchors = [spans[a.get("t_id", "")] for a in tx.iter("token_anchor")
                   if a.get("t_id") in spans]
        if tx.get("functionInDocument") == "CREATION_TIME":
            doc.dct = tx.get("value")
            doc.unscored += [(min(s for s, _ in anchors), max(e for _, e in anchors))] \
                if anchors else []
            continue
        if anchors:
            start, end = min(s for s, _ in anchors), max(e for _, e in anchors)
            doc.gold.append(Timex(start, end, tx.get("value", ""), tx.get("type", "")))
    return doc


def load_docs(folder: Path) -> list[Doc]:
    """Every TimeML (.tml) or MEANTIME (.xml) document under ``folder``."""
    tml = sorted(folder.rglob("*.tml"))
    if tml:
        return [read_timeml(p) for p in tml]
    return [read_meantime(p) for p in sorted(folder.rglob("*.xml"))]


# --------------------------------------------------------------------------- systems


def ours(doc: Doc) -> list[Timex]:
    """storyline's time expressions, anchored to the creation date."""
    from storyline.language.nlp import parse_text
    from storyline.model import Article
    from storyline.timeline.timex import find_times

    article = Article(id=doc.id, text=doc.text, source_path=doc.id, published=doc.dct)
    found = find_times(article, parse_text(doc.text))
    return [Timex(t.span.start, t.span.end, t.value or "", t.kind) for t in found]


def dateparser_peer(doc: Doc) -> list[Timex]:
    """dateparser's search_dates with the creation time as the relative base.

    Each found surface is parsed again with ``DateDataParser`` for the granularity dateparser
    reports (year, month, week, day, time), so "1998" scores as ``1998`` and "last week" as an
    ISO week rather than a day. ``PREFER_DATES_FROM`` stays at its default (``current_period``),
    which scores higher on the TempEval-3 training documents than ``past``.
    """
    from dateparser.date import DateDataParser
    from dateparser.search import search_dates

    base = datetime(2000, 1, 1)
    if doc.dct:
        with contextlib.suppress(ValueError):
            base = datetime.fromisoformat(doc.dct[:10])
    settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "current_period",
                "RETURN_TIME_AS_PERIOD": True}
    try:
        hits = search_dates(doc.text, languages=["en"], settings=settings) or []
    except Exception:  # noqa: BLE001 - a crash counts as finding nothing
        hits = []
    parser = DateDataParser(languages=["en"], settings=settings)
    out, cursor = [], 0
    for surface, when in hits:
        pos = doc.text.find(surface, cursor)
        if pos < 0:
            continue
        cursor = pos + len(surface)
        try:
            period = parser.get_date_data(surface).period or "day"
        except Exception:  # noqa: BLE001 - keep the day reading
            period = "day"
        out.append(Timex(pos, cursor, _granular(when, period),
                         "TIME" if period == "time" else "DATE"))
    return out


def _granular(when: datetime, period: str) -> str:
    """A dateparser result as a TIMEX3 value at the granularity it reports."""
    if period == "year":
        return f"{when.year:04d}"
    if period == "month":
        return f"{when.year:04d}-{when.month:02d}"
    if period == "week":
        year, wk, _ = when.isocalendar()
        return f"{year:04d}-W{wk:02d}"
    if period == "time":
        return f"{when.date().isoformat()}T{when.hour:02d}:{when.minute:02d}"
    return when.date().isoformat()


# --------------------------------------------------------------------------- scoring


@dataclass
class Tally:
    """Micro counts over documents."""

    gold: int = 0
    pred: int = 0
    strict: int = 0
    relaxed: int = 0
    value: int = 0

    def add(self, gold: list[Timex], pred: list[Timex]) -> None:
        """Align one document's expressions (best overlap first, one-to-one) and count."""
        pairs = []
        for gi, g in enumerate(gold):
            for pi, p in enumerate(pred):
                overlap = min(g.end, p.end) - max(g.start, p.start)
                if overlap > 0:
                    pairs.append((overlap, -abs(g.start - p.start), gi, pi))
        used_g: set[int] = set()
        used_p: set[int] = set()
        for _, _, gi, pi in sorted(pairs, reverse=True):
            if gi in used_g or pi in used_p:
                continue
            used_g.add(gi)
            used_p.add(pi)
            g, p = gold[gi], pred[pi]
            self.relaxed += 1
            self.strict += (g.start, g.end) == (p.start, p.end)
            self.value += g.value == p.value
        self.gold += len(gold)
        self.pred += len(pred)

    def scores(self) -> dict[str, float]:
        """Strict/relaxed P/R/F1, value accuracy, value F1."""
        def f1(hits: int) -> tuple[float, float, float]:
            p = hits / self.pred if self.pred else 0.0
            r = hits / self.gold if self.gold else 0.0
            return p, r, (2 * p * r / (p + r) if p + r else 0.0)

        sp, sr, sf = f1(self.strict)
        rp, rr, rf = f1(self.relaxed)
        acc = self.value / self.relaxed if self.relaxed else 0.0
        return {"strict_p": sp, "strict_r": sr, "strict_f1": sf, "relaxed_p": rp,
                "relaxed_r": rr, "relaxed_f1": rf, "value_acc": acc, "value_f1": rf * acc}


def _scored(doc: Doc, pred: list[Timex]) -> list[Timex]:
    """Drop predictions over the creation time, which is given, not scored."""
    return [p for p in pred if not any(p.start < e and s < p.end for s, e in doc.unscored)]


def _write(out: TextIO, doc: Doc, found: list[Timex]) -> None:
    for t in found:
        out.write(json.dumps({"doc": doc.id, "start": t.start, "end": t.end, "value": t.value,
                              "type": t.type}) + "\n")


def _table(rows: dict[str, Tally]) -> list[str]:
    cols = ["strict_p", "strict_r", "strict_f1", "relaxed_p", "relaxed_r", "relaxed_f1",
            "value_acc", "value_f1"]
    lines = [f"{'system':<22}" + "".join(f"{c:>11}" for c in cols)]
    for name, tally in rows.items():
        res = tally.scores()
        lines.append(f"{name:<22}" + "".join(f"{res[c]:>11.3f}" for c in cols))
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--data", type=Path, default=DATASETS / "tempeval3-timeml",
                    help="a folder of TimeML .tml files, or of MEANTIME .xml files")
    ap.add_argument("--out", type=Path, default=None, help="write our expressions here (JSONL)")
    ap.add_argument("--limit", type=int, default=None, help="only the first N documents")
    ap.add_argument("--no-peer", action="store_true", help="skip dateparser")
    args = ap.parse_args(argv)
    docs = load_docs(args.data)[: args.limit] if args.limit else load_docs(args.data)
    if not docs:
        print(f"error: {args.data}: no .tml or .xml documents", file=sys.stderr)
        return 2
    scoring = any(d.gold for d in docs)
    tallies = {"storyline": Tally(), "dateparser": Tally()}
    by_part: dict[str, Tally] = {}
    out = args.out.open("w", encoding="utf-8") if args.out else None
    t0 = time.perf_counter()
    predicted = 0
    for n, doc in enumerate(docs, 1):
        found = ours(doc)
        predicted += len(found)
        if out:
            _write(out, doc, found)
        if scoring:
            mine = _scored(doc, found)
            tallies["storyline"].add(doc.gold, mine)
            by_part.setdefault(f"storyline {doc.part}", Tally()).add(doc.gold, mine)
            if not args.no_peer:
                tallies["dateparser"].add(doc.gold, _scored(doc, dateparser_peer(doc)))
        if n % 25 == 0:
            print(f"  {n}/{len(docs)} documents", file=sys.stderr)
    if out:
        out.close()
    secs = time.perf_counter() - t0
    if not scoring:
        print(f"{len(docs)} documents without gold expressions: predictions only ({secs:.1f}s)"
              + (f", written to {args.out}" if args.out else ""))
        print(f"TIMEX_PREDICTED={predicted}")
        return 0
    print(f"{args.data.name}: {len(docs)} documents, {tallies['storyline'].gold} gold "
          f"expressions ({secs:.1f}s)")
    if any(d.partial for d in docs):
        print(f"MEANTIME: only the annotated window is scored (sentences 0-"
              f"{MEANTIME_TIMEX_SENTENCES - 1}: title, dateline, first body sentences); "
              "later predictions are not counted")
    rows = {k: v for k, v in tallies.items() if v.pred or k == "storyline"}
    if len(by_part) > 1:
        rows |= dict(sorted(by_part.items()))
    print("\n".join(_table(rows)))
    print(f"TIMEX_VALUE_F1={tallies['storyline'].scores()['value_f1']:.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

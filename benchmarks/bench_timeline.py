"""Entity timelines: SemEval-2015 Task 4 (TimeLine, Track A: raw text) scored by temporal
awareness, with two simple anchoring peers on the same event mentions.

For each corpus (a folder holding ``corpus_trackA_TimeML`` and ``TimeLines_Gold_Standard``) and
each gold timeline's target entity, the entity's mentions are found by name (the full name, the
initials of a name of three words or more, and the surname of a person the parser tags as one),
and :func:`~storyline.timeline.entity_events.entity_events` gives the events those mentions are
arguments of, each anchored by an attached time expression, the publication day (simple past,
headline) or nothing. Distinct anchors are ordered (earlier first day, then longer period first)
into positions 1..n; unanchored events go to position 0. Mentions are named as the task names
them: ``docid-sentence-token``.

Scoring (:mod:`storyline.evaluate.temporal_awareness`): each timeline becomes a graph of
SIMULTANEOUS and BEFORE relations with a TIMEX3 per anchor, precision and recall are the shares
of reduced relations implied by the other graph's closure, micro-averaged over all timelines.
This is a re-implementation from the task's description, not the official tool (not public);
position-0 events take part in no relation. Peers, on the very same event mentions: ``dct``
(every event at its document's creation day) and ``nearest`` (the date expression nearest the
event in its sentence, else the creation day). Event-mention precision and recall against the
gold timelines (all positions) show how much of the score detection limits.

``--out`` gets our timelines in the task's format, one after another: the entity name, then
``position<TAB>anchor<TAB>mention`` lines, then a blank line. Last line: ``TIMELINE_F1=<ours>``.
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from storyline.evaluate.bench import bench_parser, datasets_dir, headline
from storyline.evaluate.datasets import read_timeml
from storyline.evaluate.metrics import f1, precision, recall
from storyline.evaluate.temporal_awareness import TimelineLine, awareness_counts
from storyline.language.nlp import parse_text
from storyline.model.records import Article, TimeExpression
from storyline.timeline.anchor import parse_value
from storyline.timeline.entity_events import EntityEvent, entity_events
from storyline.timeline.event_dates import date_interval
from storyline.timeline.timex import find_times

DATASETS = datasets_dir(__file__)


@dataclass
class Document:
    """One TimeML document: its text (sentences joined by newlines) and token positions."""

    doc_id: str
    dct: str
    text: str
    sentences: list[tuple[int, int]]  # (start, end) of each <s>, by its id
    tokens: list[tuple[int, int, int, str]]  # (start, end, sentence id, token)


def read_document(path: Path) -> Document:
    """A TimeML document of the task: its ``<s>`` sentences joined by newlines, the tokens."""
    timeml = read_timeml(path)
    parts, sentences, tokens, at = [], [], [], 0
    for sid, sent in timeml.sentences:
        for tok in re.finditer(r"\S+", sent):
            tokens.append((at + tok.start(), at + tok.end(), sid, tok.group()))
        sentences.append((at, at + len(sent)))
        parts.append(sent)
        at += len(sent) + 1
    return Document(timeml.id, (timeml.dct or "")[:10], "\n".join(parts), sentences, tokens)


def read_gold(path: Path) -> tuple[str, list[TimelineLine]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    out = []
    for line in lines[1:]:
        cells = line.rstrip("\n").split("\t")
        if len(cells) >= 3 and cells[0].strip().isdigit():
            out.append(TimelineLine(int(cells[0]), cells[1].strip(),
                                    tuple(c.strip() for c in cells[2:] if c.strip())))
    return lines[0].strip(), out


def task_anchor(value: str | None) -> str | None:
    """A TIMEX3 value in the task's anchor form: 2008-03-01, 2008-03-XX, 2008-XX-XX."""
    parsed = parse_value(value)
    if parsed is None:
        return None
    first, gran = parsed
    if gran == "D":
        return first.isoformat()
    if gran in ("W", "M"):
        return f"{first.year:04d}-{first.month:02d}-XX"
    return f"{first.year:04d}-XX-XX"


def aliases(name: str, person: bool) -> list[str]:
    words = name.split()
    out = [name]
    if len(words) >= 3:
        initials = "".join(w[0] for w in words if w[0].isupper())
        if len(initials) >= 3:
            out.append(initials)
    if person and len(words) == 2:
        out.append(words[1])
    return out


@dataclass
class Parsed:
    doc: Document
    article: Article
    spacy_doc: object
    times: tuple[TimeExpression, ...]


def _mention_spans(p: Parsed, name: str) -> list[tuple[int, int]]:
    person = any(e.text == name and e.label_ == "PERSON" for e in p.spacy_doc.ents)  # type: ignore[attr-defined]
    spans = []
    for alias in aliases(name, person):
        for m in re.finditer(r"(?<!\w)" + re.escape(alias) + r"(?!\w)", p.doc.text):
            spans.append((m.start(), m.end()))
    return spans


def _mention_id(doc: Document, start: int) -> str | None:
    for s, e, sid, tok in doc.tokens:
        if s <= start < e:
            return f"{doc.doc_id}-{sid}-{tok}"
    return None


Anchorer = Callable[[Parsed, EntityEvent], str | None]


def ours(p: Parsed, ev: EntityEvent) -> str | None:
    return task_anchor(ev.anchor)


def dct_peer(p: Parsed, ev: EntityEvent) -> str | None:
    return task_anchor(p.doc.dct)


def nearest_peer(p: Parsed, ev: EntityEvent) -> str | None:
    sent = next(((s, e) for s, e in p.doc.sentences if s <= ev.start <= e), (ev.start, ev.end))
    dated = [t for t in p.times if sent[0] <= t.span.start < sent[1] and task_anchor(t.value)]
    if not dated:
        return task_anchor(p.doc.dct)
    best = min(dated, key=lambda t: min(abs(t.span.start - ev.end), abs(ev.start - t.span.end)))
    return task_anchor(best.value)


def build_timeline(events: Sequence[tuple[str, str | None]]) -> list[TimelineLine]:
    """Mentions with anchors -> timeline lines; equal anchors share a position."""
    def order(value: str) -> tuple:
        iv = date_interval(value.replace("-XX", ""))
        return (iv[0], -(iv[1] - iv[0]).days, value) if iv else (None, 0, value)

    anchors = sorted({a for _, a in events if a and date_interval(a.replace("-XX", ""))},
                     key=order)
    pos = {a: i + 1 for i, a in enumerate(anchors)}
    lines = [TimelineLine(pos.get(a, 0) if a else 0, a if a in pos else "XXXX-XX-XX", (m,))
             for m, a in dict(events).items()]
    return sorted(lines, key=lambda ln: (ln.position, ln.mentions))


def main(argv: list[str] | None = None) -> int:
    parser = bench_parser(__doc__.splitlines()[0], data=DATASETS / "semeval2015-timeline",
                          out=Path("out/timelines.txt"), raw=False)
    args = parser.parse_args(argv)
    corpora = sorted(g.parent for g in args.data.rglob("TimeLines_Gold_Standard")
                     if (g.parent / "corpus_trackA_TimeML").is_dir())
    if not corpora:
        print(f"no SemEval-2015 TimeLine corpus under {args.data}", file=sys.stderr)
        return 1
    systems: dict[str, Anchorer] = {"storyline": ours, "dct": dct_peer, "nearest": nearest_peer}
    counts = {name: [0, 0, 0, 0] for name in systems}
    detect = [0, 0, 0]  # found gold mentions, predicted mentions, gold mentions
    started, n_docs, n_lines = time.perf_counter(), 0, 0
    out_parts: list[str] = []
    for corpus in corpora:
        parsed = []
        for path in sorted((corpus / "corpus_trackA_TimeML").glob("*.tml")):
            doc = read_document(path)
            art = Article(id=doc.doc_id, text=doc.text, source_path=str(path),
                          published=doc.dct or None)
            sdoc = parse_text(doc.text)
            parsed.append(Parsed(doc, art, sdoc, find_times(art, sdoc)))
        n_docs += len(parsed)
        for gold_path in sorted((corpus / "TimeLines_Gold_Standard").glob("*.txt")):
            name, gold = read_gold(gold_path)
            found: dict[str, list[tuple[str, str | None]]] = {k: [] for k in systems}
            for p in parsed:
                spans = _mention_spans(p, name)
                if not spans:
                    continue
                title_end = p.doc.sentences[0][1] if p.doc.sentences else 0
                for ev in entity_events(p.article, p.spacy_doc, p.times, spans, title_end):
                    mid = _mention_id(p.doc, ev.start)
                    if mid is None:
                        continue
                    for k, anchor in systems.items():
                        found[k].append((mid, anchor(p, ev)))
            timelines = {k: build_timeline(v) for k, v in found.items()}
            for k, tl in timelines.items():
                for i, c in enumerate(awareness_counts(tl, gold)):
                    counts[k][i] += c
            gold_m = {m for ln in gold for m in ln.mentions}
            ours_m = {m for ln in timelines["storyline"] for m in ln.mentions}
            detect[0] += len(gold_m & ours_m)
            detect[1] += len(ours_m)
            detect[2] += len(gold_m)
            n_lines += len(gold)
            out_parts.append(name + "\n" + "".join(
                f"{ln.position}\t{ln.anchor}\t{chr(9).join(ln.mentions)}\n"
                for ln in timelines["storyline"]))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(out_parts), encoding="utf-8")
    elapsed = time.perf_counter() - started
    print(f"corpora={len(corpora)} documents={n_docs} timelines={len(out_parts)} "
          f"gold_lines={n_lines} seconds={elapsed:.1f}")
    p_m = precision(detect[0], detect[1] - detect[0])
    r_m = recall(detect[0], detect[2] - detect[0])
    print(f"event_mentions: precision={p_m:.3f} recall={r_m:.3f} "
          f"(found {detect[0]} of {detect[2]} gold, {detect[1]} predicted)")
    f1s = {}
    for k, (pv, pn, rv, rn) in counts.items():
        prec, rec = precision(pv, pn - pv), recall(rv, rn - rv)
        f1s[k] = f1(prec, rec)
        print(f"{k:10s} awareness P={prec:.4f} R={rec:.4f} F1={f1s[k]:.4f} "
              f"(relations: {pv}/{pn} verified, {rv}/{rn} recalled)")
    headline("TIMELINE_F1", f1s["storyline"], 4)
    return 0


if __name__ == "__main__":
    sys.exit(main())

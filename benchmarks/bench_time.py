"""Time expressions: TempEval-3 scoring on TimeML (TempEval-3) and MEANTIME, dateparser as the peer.

Each document's text (TimeML: the TEXT element with its tags removed; MEANTIME: its tokens joined
by spaces) is tagged with the document creation time as the publication date. Gold and predicted
expressions are aligned one-to-one by character overlap: strict = identical extent, relaxed =
any overlap. Reported per system: strict and relaxed P/R/F1, value accuracy on relaxed matches,
and value F1 = relaxed F1 x value accuracy (the TempEval-3 ranking measure). The creation time
itself is given, not scored. The peer is dateparser's ``search_dates`` (English, the creation
time as its relative base), its values at the granularity dateparser reports. MEANTIME is scored
only in its annotated window (see :mod:`storyline.evaluate.datasets.timeml`). Rows per sub-corpus
follow. The reading and the scoring are :mod:`storyline.evaluate.datasets.timeml` and
:mod:`storyline.evaluate.timex`.

``--data`` names a folder of ``.tml`` files (searched recursively) or of MEANTIME ``.xml`` files.
When its files carry no TIMEX3 besides the creation time (TempEval-3's platinum input), the
benchmark only predicts and writes ``--out``. ``--out`` gets JSON Lines, one expression a line:
``{"doc", "start", "end", "value", "type"}``. Last line: ``TIMEX_VALUE_F1=<ours>``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from datetime import datetime

from storyline.evaluate.bench import bench_parser, datasets_dir, fail, headline
from storyline.evaluate.datasets.timeml import (
    MEANTIME_TIMEX_SENTENCES,
    TimeDoc,
    Timex,
    read_time_docs,
)
from storyline.evaluate.timex import Tally, run

DATASETS = datasets_dir(__file__)


def dateparser_peer(doc: TimeDoc) -> list[Timex]:
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
    ap = bench_parser(__doc__, data=DATASETS / "tempeval3-timeml",
                      data_help="a folder of TimeML .tml files, or of MEANTIME .xml files",
                      out_help="write our expressions here (JSONL)")
    ap.add_argument("--limit", type=int, default=None, help="only the first N documents")
    ap.add_argument("--no-peer", action="store_true", help="skip dateparser")
    args = ap.parse_args(argv)
    docs = read_time_docs(args.data)[: args.limit] if args.limit else read_time_docs(args.data)
    if not docs:
        return fail(f"{args.data}: no .tml or .xml documents")
    peers = {} if args.no_peer else {"dateparser": dateparser_peer}
    if args.out:
        with args.out.open("w", encoding="utf-8") as out:
            result = run(docs, peers, out)
    else:
        result = run(docs, peers)
    tallies, by_part, secs = result.tallies, result.by_part, result.seconds
    if not result.scoring:
        print(f"{len(docs)} documents without gold expressions: predictions only ({secs:.1f}s)"
              + (f", written to {args.out}" if args.out else ""))
        headline("TIMEX_PREDICTED", result.predicted, None)
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
    headline("TIMEX_VALUE_F1", tallies["storyline"].scores()["value_f1"], 4)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

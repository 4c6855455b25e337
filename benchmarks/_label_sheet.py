"""Hand-labelling worksheets for flagged discrepancies and positions, and merging the verdicts.

    python benchmarks/_label_sheet.py sheet out/positions.jsonl sheets/ --parts 3
    python benchmarks/_label_sheet.py merge out/positions.jsonl sheets/*.labels.jsonl \\
        --into benchmarks/data/real_position_labels.jsonl

``sheet`` writes Markdown worksheets (items numbered in the order of the ``--out`` file of
``bench_discrepancy.py`` or ``bench_positions.py``, each with its evidence sentences and
source file names) for a reader who labels under ``data/real_coverage_guidelines.md`` and
writes one verdict per line: ``{"n": 12, "label": true | false | "unsure", "why": "…",
"note": "…"}``. ``merge`` turns the verdicts into label records that hold no article text:
the item's kind, slot and values (or actor, issue and stance) and source file names, with the
verdict. Labels already in ``--into`` are kept; a new verdict for the same item replaces the
old one.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from storyline.evaluate.labels import LabelSet, read_jsonl


def _sheet_item(n: int, item: dict[str, Any]) -> str:
    if item["kind"] == "discrepancy":
        lines = [f"### item {n} — discrepancy, slot: {item['slot']}"]
        for side in item["sides"]:
            lines.append(f"- side value: {side['value']!r} (sources: {', '.join(side['sources'])})")
            for e in side["evidence"][:3]:
                lines.append(f"    - [{e['source']}, published {e.get('published')}] "
                             f"{e.get('text', '')}")
        return "\n".join(lines)
    lines = [f"### item {n} — position: actor={item['actor']!r} | issue={item['issue']!r} | "
             f"stance={item['stance']}"]
    lines += [f"    - [{e['source']}] {e.get('text', '')}" for e in item["evidence"][:3]]
    return "\n".join(lines)


def sheet(items: list[dict[str, Any]], folder: Path, parts: int) -> list[Path]:
    """Worksheets of about equal size; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    size = max(1, -(-len(items) // parts))
    paths = []
    for k in range(0, len(items), size):
        path = folder / f"sheet{k // size}.md"
        path.write_text("\n\n".join(_sheet_item(n, items[n])
                                    for n in range(k, min(k + size, len(items)))) + "\n",
                        encoding="utf-8")
        paths.append(path)
    return paths


def label_record(item: dict[str, Any], verdict: dict[str, Any]) -> dict[str, Any]:
    """A label: the item named by values and file names (no text), with the verdict."""
    if item["kind"] == "discrepancy":
        named: dict[str, Any] = {
            "kind": "discrepancy", "slot": item["slot"],
            "sides": [{"value": s["value"], "sources": s["sources"]} for s in item["sides"]]}
    else:
        named = {"kind": "position", "actor": item["actor"], "issue": item["issue"],
                 "stance": item["stance"], "sources": item["sources"]}
    return {**named, "label": verdict["label"], "why": verdict.get("why", ""),
            "note": verdict.get("note", "")}


def merge(items: list[dict[str, Any]], verdicts: list[dict[str, Any]],
          into: Path) -> int:
    """Add the verdicts' labels to ``into``; returns how many labels it holds."""
    old = LabelSet.load(into).labels
    new = [label_record(items[v["n"]], v) for v in verdicts]
    fresh = LabelSet(new)
    kept = [lab for lab in old if fresh.find(lab) is None]
    with into.open("w", encoding="utf-8") as fh:
        for lab in kept + new:
            fh.write(json.dumps(lab, ensure_ascii=False) + "\n")
    return len(kept) + len(new)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    one = sub.add_parser("sheet", help="write worksheets for a flagged-items file")
    one.add_argument("items", type=Path)
    one.add_argument("folder", type=Path)
    one.add_argument("--parts", type=int, default=1)
    two = sub.add_parser("merge", help="merge verdicts into a labels file")
    two.add_argument("items", type=Path)
    two.add_argument("verdicts", type=Path, nargs="+")
    two.add_argument("--into", type=Path, required=True)
    args = ap.parse_args(argv)
    items = read_jsonl(args.items)
    if args.command == "sheet":
        for path in sheet(items, args.folder, args.parts):
            print(path)
        return 0
    verdicts = [v for path in args.verdicts for v in read_jsonl(path)]
    print(f"{args.into}: {merge(items, verdicts, args.into)} labels")
    return 0


if __name__ == "__main__":
    sys.exit(main())

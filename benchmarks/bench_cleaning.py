"""Plain-text furniture removal on labelled seed and demo articles: ours against jusText.

The labels (``benchmarks/data/cleaning_labels.json``) give, for each seed article
(``--data``/seeds) and each demo-corpus article, the numbers of the non-empty lines that are
site furniture; every other non-empty line is reporting (or a headline or subheading). The
labels store a short SHA-1 of each labelled line, never its text: a file whose labelled lines
no longer match is reported as stale and left out.

Ours is ``make_article`` on the file as plain text, then the furniture learned over all the
labelled files as one batch (:mod:`storyline.clean.learned`), as an ingest run does; a line
counts as removed when it is among the article's removed lines. The row ``learned`` is the
learned pass alone, without any rule, on every non-empty line but the first: what recurrence
across articles finds by itself. The peer, in the same run on the same files, is jusText's
paragraph classifier (English stop words), fed one ``<p>`` per non-empty line; a line it calls
boilerplate counts as removed. Scored per system: precision and recall of removed lines
against the furniture labels, and the number of reporting lines lost (removed but not
furniture). ``--out`` gets our removed lines, JSON Lines ``{"id", "removed": [[line,
reason], ...]}``. Last line: ``CLEANING_FURNITURE_RECALL=<ours, all labelled files>``.
"""

from __future__ import annotations

import hashlib
import html
import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from storyline.evaluate.bench import bench_parser, fail, headline, shared_dir
from storyline.evaluate.metrics import prf, recall

REPO = Path(__file__).resolve().parents[1]
SHARED = shared_dir(__file__)
LABELS = REPO / "benchmarks" / "data" / "cleaning_labels.json"
DEMO = REPO / "src" / "storyline"


@dataclass(frozen=True, slots=True)
class Labelled:
    """One labelled file: its key, bytes, non-empty line numbers and furniture line numbers."""

    key: str
    data: bytes
    lines: tuple[int, ...]
    furniture: frozenset[int]


def _sha(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def load_labelled(labels: Path, shared: Path, demo_root: Path) -> tuple[list[Labelled], list[str]]:
    """The labelled files found whose labelled lines still match, and notes on the others."""
    doc = json.loads(labels.read_text(encoding="utf-8"))
    found, notes = [], []
    for key, entry in sorted(doc["files"].items()):
        path = (shared if key.startswith("seeds/") else demo_root) / key
        if not path.exists():
            notes.append(f"skipped {key}: not found")
            continue
        data = path.read_bytes()
        lines = data.decode("utf-8", errors="replace").split("\n")
        marks = {int(n): sha for n, sha, _ in entry["furniture"]}
        stale = [n for n, sha in marks.items()
                 if n > len(lines) or _sha(lines[n - 1].strip()) != sha]
        if stale:
            notes.append(f"skipped {key}: stale labels (lines {stale[:5]} changed)")
            continue
        if hashlib.sha1(data).hexdigest()[:12] != entry["file_sha1"]:
            notes.append(f"note: {key} changed since it was labelled (its labelled lines match)")
        nonempty = tuple(i for i, line in enumerate(lines, start=1) if line.strip())
        found.append(Labelled(key, data, nonempty, frozenset(marks)))
    return found, notes


def ours_batch(items: Sequence[Labelled]) -> dict[str, dict[int, str]]:
    """The lines removed by the rules (``make_article``) and by the furniture learned over all
    the labelled files as one batch, as an ingest run removes them."""
    from storyline.clean.article import clean_document
    from storyline.clean.learned import learn_furniture
    from storyline.io.raw import RawDocument

    cleaned = [clean_document(RawDocument(item.key, item.data, "text")) for item in items]
    articles = learn_furniture(cleaned)
    return {item.key: {r.line_no: r.reason for r in article.removed}
            for item, article in zip(items, articles, strict=True)}


def learned_only_batch(items: Sequence[Labelled]) -> dict[str, dict[int, str]]:
    """The lines the learned pass alone removes (no rules): what recurrence finds by itself.

    Each file's non-empty lines after the first (the headline) are its paragraphs; its outlet
    is the one ``make_article`` finds.
    """
    from storyline.clean.article import make_article
    from storyline.clean.learned import find_learned
    from storyline.clean.text import split_paragraphs
    from storyline.io.raw import RawDocument

    docs, numbers = [], []
    for item in items:
        outlet = make_article(RawDocument(item.key, item.data, "text")).outlet
        paras = split_paragraphs(item.data.decode("utf-8", errors="replace"))[1:]
        docs.append((outlet, [p.text for p in paras]))
        numbers.append([p.line_no for p in paras])
    found = find_learned(docs)
    return {item.key: {nos[j]: reason for j, reason in drops.items()}
            for item, nos, drops in zip(items, numbers, found, strict=True)}


def _per_file(find: Callable[[Labelled], dict[int, str]]
              ) -> Callable[[Sequence[Labelled]], dict[str, dict[int, str]]]:
    return lambda items: {item.key: find(item) for item in items}


def justext_lines(item: Labelled) -> dict[int, str]:
    """The lines jusText classifies as boilerplate (one paragraph per non-empty line)."""
    import justext

    lines = item.data.decode("utf-8", errors="replace").split("\n")
    page = "<html><body>" + "".join(f"<p>{html.escape(lines[n - 1].strip())}</p>"
                                     for n in item.lines) + "</body></html>"
    paragraphs = justext.justext(page.encode("utf-8"), justext.get_stoplist("English"))
    if len(paragraphs) != len(item.lines):  # the classifier merged or split lines: no mapping
        return {}
    return {n: p.class_type for n, p in zip(item.lines, paragraphs, strict=True)
            if p.is_boilerplate}


@dataclass(slots=True)
class Score:
    """Removed-line counts over a group of files."""

    files: int = 0
    lines: int = 0
    furniture: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    lost: list[str] = field(default_factory=list)

    def add(self, item: Labelled, removed: set[int]) -> None:
        """Count one file's removed lines against its labels."""
        self.files += 1
        self.lines += len(item.lines)
        self.furniture += len(item.furniture)
        self.tp += len(removed & item.furniture)
        self.fp += len(removed - item.furniture)
        self.fn += len(item.furniture - removed)
        self.lost.extend(f"{item.key}:{n}" for n in sorted(removed - item.furniture))

    def row(self, name: str, group: str) -> str:
        """One table row."""
        p, r, _ = prf(self.tp, self.fp, self.fn)
        return (f"{name:<12}{group:<7}{self.files:>6}{self.lines:>7}{self.furniture:>10}"
                f"{p:>11.3f}{r:>8.3f}{self.fp:>15}")


def evaluate(find: Callable[[Sequence[Labelled]], dict[str, dict[int, str]]],
             items: Sequence[Labelled]
             ) -> tuple[dict[str, Score], dict[str, dict[int, str]], float]:
    """Scores per group (seeds, demo, all), the removed lines per file and the time taken."""
    scores = {g: Score() for g in ("seeds", "demo", "all")}
    started = time.perf_counter()
    removed_by_file = find(items)
    elapsed = time.perf_counter() - started
    for item in items:
        removed = removed_by_file[item.key]
        group = "seeds" if item.key.startswith("seeds/") else "demo"
        for g in (group, "all"):
            scores[g].add(item, set(removed))
    return scores, removed_by_file, elapsed


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark."""
    ap = bench_parser(__doc__, data=SHARED, data_help="the folder holding seeds/ "
                      "(default: ../shared beside the checkout)",
                      out_help="write our removed lines here (JSONL)")
    ap.add_argument("--labels", type=Path, default=LABELS, help="the furniture labels (JSON)")
    ap.add_argument("--demo", type=Path, default=DEMO,
                    help="the folder holding demo/corpus/ (default: src/storyline)")
    args = ap.parse_args(argv)
    items, notes = load_labelled(args.labels, args.data, args.demo)
    if not items:
        return fail(f"no labelled file found under {args.data} or {args.demo}")
    results = [("storyline", *evaluate(ours_batch, items)),
               ("learned", *evaluate(learned_only_batch, items)),
               ("jusText", *evaluate(_per_file(justext_lines), items))]
    for note in notes:
        print(note)
    print(f"{'cleaner':<12}{'set':<7}{'files':>6}{'lines':>7}{'furniture':>10}{'precision':>11}"
          f"{'recall':>8}{'reporting lost':>15}")
    for name, scores, _, _ in results:
        for group in ("seeds", "demo", "all"):
            if scores[group].files:
                print(scores[group].row(name, group))
    lost = results[0][1]["all"].lost
    by_learning = sum(r.startswith("learned") for removed in results[0][2].values()
                      for r in removed.values())
    print(f"ours: removed by learned evidence after the rules: {by_learning}; "
          f"learned alone loses: {', '.join(results[1][1]['all'].lost) or 'none'}")
    print(f"ours: reporting lines lost: {', '.join(lost) if lost else 'none'}; "
          f"{len(items) / results[0][3]:.0f} files/s")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        with args.out.open("w", encoding="utf-8") as fh:
            for key, removed in results[0][2].items():
                fh.write(json.dumps({"id": key, "removed": sorted(removed.items())}) + "\n")
    total = results[0][1]["all"]
    headline("CLEANING_FURNITURE_RECALL", recall(total.tp, total.fn))
    return 0


if __name__ == "__main__":
    sys.exit(main())

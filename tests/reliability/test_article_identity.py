"""An article's identity does not depend on what it was ingested with.

Lines that recur across an outlet's articles are learned as furniture over the articles
ingested together, so the stored text may differ with the batch; the id may not: the same
record ingested alone and then in a batch is one article, stored once, and never a copy of
itself.
"""

from __future__ import annotations

import json
from pathlib import Path

from storyline import Pipeline


def _records(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for k, topic in enumerate(("harbour fees", "rail fares", "school meals", "bridge repairs")):
        body = (f"The council in Harlow voted on {topic} on Monday after a long debate.\n\n"
                f"Members said the plan for {topic} would be reviewed in the spring.\n\n"
                "Harlow Post newsdesk")
        record = {"title": f"Council votes on {topic}", "text": body, "outlet": "Harlow Post",
                  "url": f"https://harlow.example/{k}"}
        path = folder / f"r{k}.jsonl"
        path.write_text(json.dumps(record) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def test_records_ingested_alone_then_together_are_stored_once(tmp_path: Path) -> None:
    paths = _records(tmp_path / "in")
    pipe = Pipeline(tmp_path / "store.db")
    for path in paths:
        pipe.ingest([path])
    report = pipe.ingest([tmp_path / "in"])
    pipe.build()
    corpus = pipe.corpus()
    pipe.close()
    assert len(corpus.articles) == 4
    assert report.added == 0 and report.duplicates == 4
    assert not [r for r in corpus.reuse if r.a == r.b]

"""Events an entity takes part in, with their anchors."""

from __future__ import annotations

import re

from storyline.language.nlp import parse_text
from storyline.model.records import Article
from storyline.timeline.entity_events import entity_events
from storyline.timeline.timex import find_times

TEXT = ("Harbour Union strikes deal\nHarbour Union signed a contract with Norrland Ferries on "
        "3 May 2024 and plans to deliver ten ships in 2026. Norrland Ferries has gained market "
        "share. Harbour Union has grown fast. Harbour Union said it was pleased.")


def test_entity_events_predicates_and_anchors() -> None:
    art = Article(id="a-ent", text=TEXT, source_path="e.txt", published="2024-05-05")
    doc = parse_text(TEXT)
    spans = [(m.start(), m.end()) for m in re.finditer("Harbour Union", TEXT)]
    got = [(TEXT[e.start : e.end], e.anchor)
           for e in entity_events(art, doc, find_times(art, doc), spans, TEXT.index("\n"))]
    assert got == [("strikes", "2024-05-05"),  # headline present: the publication day
                   ("signed", "2024-05-03"),  # its own date
                   ("plans", None),
                   ("deliver", "2026"),
                   ("grown", None),  # perfect: no day
                   ("said", "2024-05-05")]  # simple past: the publication day
    assert "gained" not in [TEXT[e.start : e.end] for e in entity_events(
        art, doc, find_times(art, doc), spans)]  # another entity's event

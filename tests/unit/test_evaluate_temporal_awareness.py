"""Temporal awareness of entity timelines: graph, reduction, closure, precision and recall."""

from __future__ import annotations

from storyline.evaluate.temporal_awareness import TimelineLine, awareness_counts, timeline_graph

GOLD = [TimelineLine(0, "XXXX-XX-XX", ("d1-3-said",)),
        TimelineLine(1, "2020-01-05", ("d1-2-signed", "d2-4-signed")),
        TimelineLine(2, "2020-02", ("d1-5-delivered",)),
        TimelineLine(3, "2021-XX-XX", ("d2-7-sold",))]


def test_temporal_awareness_graph_closure_and_reduction() -> None:
    g = timeline_graph(GOLD)
    assert g.implies("d1-2-signed", "SIMULTANEOUS", "d2-4-signed")
    assert g.implies("d1-2-signed", "BEFORE", "d2-7-sold")  # by closure, through February
    assert not g.implies("d2-7-sold", "BEFORE", "d1-2-signed")
    assert "d1-3-said" not in g.cls  # position 0: not orderable
    rels = g.reduced()
    # three classes (two mentions and a TIMEX each), two BEFORE edges after reduction
    assert sum(r[1] == "SIMULTANEOUS" for r in rels) == 4
    assert sum(r[1] == "BEFORE" for r in rels) == 2


def test_temporal_awareness_perfect_and_partial_systems() -> None:
    assert awareness_counts(GOLD, GOLD) == (6, 6, 6, 6)
    swapped = [TimelineLine(1, "2021-XX-XX", ("d2-7-sold",)),
               TimelineLine(2, "2022-XX-XX", ("d1-5-delivered",))]
    p, pn, r, rn = awareness_counts(swapped, GOLD)
    # right: sold in 2021; wrong: delivered in 2022, sold before delivered
    assert (p, pn) == (1, 3)
    assert (r, rn) == (1, 6)
    half = [TimelineLine(1, "2020-01-05", ("d1-2-signed",)),
            TimelineLine(2, "2020-03", ("d2-7-sold",))]
    p, pn, r, rn = awareness_counts(half, GOLD)
    assert (p, pn) == (2, 3)  # signed = its TIMEX, signed BEFORE sold; the March TIMEX is not gold
    assert (r, rn) == (0, 6)  # gold's reduced chain runs through the missed delivery

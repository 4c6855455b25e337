"""Provenance on bad input, incrementally, and for shared quotations (invented text only)."""

from __future__ import annotations

import importlib
import random

import pytest

from storyline.model.records import Article
from storyline.provenance import (
    SignatureIndex,
    detect,
    detect_new,
    origin_groups,
    shared_quotes,
)

detect_module = importlib.import_module("storyline.provenance.detect")

_WORD_TEXT = """harbour council ferry tariff storm bridge mayor budget river school vote clinic
tram market strike union pension court appeal farmer grain drought rail depot museum canal
licence festival tunnel dredging reservoir orchard quarry pylon lighthouse census"""
WORDS = _WORD_TEXT.split()


def _article(aid: str, body: str, published: str | None = None) -> Article:
    head = f"Headline {aid}\n\n"
    return Article(id=aid, text=head + body, source_path=f"t/{aid}", body_start=len(head),
                   published=published)


def _story(seed: int, sentences: int = 12) -> str:
    rng = random.Random(seed)
    out = []
    for _ in range(sentences):
        words = [rng.choice(WORDS) for _ in range(rng.randint(12, 20))]
        out.append(words[0].capitalize() + " " + " ".join(words[1:]) + ".")
    return "\n\n".join(" ".join(out[k : k + 2]) for k in range(0, len(out), 2))


@pytest.fixture
def pair_counter(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the pairs that reach passage alignment."""
    calls = [0]
    real = detect_module.evaluate_pair

    def counting(fa, fb):  # type: ignore[no-untyped-def]
        calls[0] += 1
        return real(fa, fb)

    monkeypatch.setattr(detect_module, "evaluate_pair", counting)
    return calls


def test_provenance_empty_and_one_word_articles_stay_independent() -> None:
    arts = [_article("e1", ""), _article("e2", "   "), _article("w1", "Storm"),
            _article("w2", "Storm"), _article("s1", _story(1))]
    links, groups = detect(arts)
    assert links == ()
    assert sorted(len(g.members) for g in groups) == [1, 1, 1, 1, 1]


def test_provenance_one_long_repeated_line_does_not_blow_up(pair_counter: list[int]) -> None:
    line = "The ferry to the island was cancelled again because of the storm. " * 3000
    arts = [_article("r1", line), _article("r2", line[:-5000]), _article("s1", _story(2))]
    links, groups = detect(arts)
    assert pair_counter[0] <= 3
    assert {(lk.a, lk.b) for lk in links} <= {("r1", "r2")}
    assert all(len(lk.alignments) <= 2 * len(line) // 60 for lk in links)


def test_provenance_megabyte_article_is_handled(pair_counter: list[int]) -> None:
    big = "\n\n".join(_story(s, 6) for s in range(1500))
    assert len(big) > 1_000_000
    arts = [_article("big", big), _article("small", _story(5000)),
            _article("excerpt", "\n\n".join(_story(s, 6) for s in range(3)))]
    links, groups = detect(arts)
    assert pair_counter[0] <= 3
    assert ("big", "excerpt") in {(lk.a, lk.b) for lk in links}
    assert all(lk.b != "small" and lk.a != "small" for lk in links)


def test_provenance_identical_articles_from_500_outlets_form_one_group(
    pair_counter: list[int],
) -> None:
    body = _story(7)
    arts = [_article(f"o{k:03d}", body) for k in range(500)]
    arts.append(_article("other", _story(8)))
    links, groups = detect(arts)
    assert pair_counter[0] < 2 * 500  # linear in the copies, not 500 * 499 / 2
    sizes = sorted(len(g.members) for g in groups)
    assert sizes == [1, 500]


def test_provenance_incremental_matches_full_detection() -> None:
    base = _story(11)
    paras = base.split("\n\n")
    arts = [
        _article("a1", base, "2024-05-01"),
        _article("a2", "\n\n".join(paras[:4]) + "\n\nSubscribe for more.", "2024-05-02"),
        _article("a3", _story(12), "2024-05-02"),
        _article("a4", "\n\n".join(reversed(paras)), "2024-05-03"),
        _article("a5", _story(13), "2024-05-03"),
        _article("a6", _story(12), "2024-05-04"),
    ]
    full_links, full_groups = detect(arts)
    by_id = {a.id: a for a in arts}
    fetched: list[str] = []

    def fetch(ids):  # type: ignore[no-untyped-def]
        fetched.extend(ids)
        return [by_id[i] for i in ids]

    index = SignatureIndex()
    links = list(detect_new(index, arts[:3], fetch))
    index = SignatureIndex.from_bytes(index.to_bytes())
    links += detect_new(index, arts[3:], fetch)
    assert {(lk.a, lk.b) for lk in full_links} <= {(lk.a, lk.b) for lk in links}
    assert origin_groups(arts, links, index) == full_groups
    assert "a5" not in fetched and set(fetched) <= {"a1", "a2", "a3"}
    assert detect_new(index, arts, fetch) == ()  # stored articles are not compared again


def test_provenance_shared_quotation_is_a_shared_quote_not_a_link() -> None:
    quote = ("“We will not reopen the canal until every lock has been inspected by engineers "
             "from outside the region,”")
    one = _article("q1", _story(21) + f"\n\n{quote} the mayor said on Tuesday.")
    two = _article("q2", f"{quote} the mayor told a meeting.\n\n" + _story(22))
    links, _ = detect([one, two])
    found = shared_quotes([one, two])
    assert links == ()
    assert len(found) == 1
    q = found[0]
    assert one.text[q.a.start : q.a.end].startswith("“We will not reopen")
    assert two.text[q.b.start : q.b.end].endswith("region,”")


def test_provenance_report_merged_from_two_wires_keeps_them_two_origins() -> None:
    wire_a, wire_b = _story(31, 16).split("\n\n"), _story(32, 16).split("\n\n")
    arts = [
        _article("wa", "\n\n".join(wire_a), "2024-06-01"),
        _article("wb", "\n\n".join(wire_b), "2024-06-01"),
        _article("wa-copy", "\n\n".join(wire_a[:6]), "2024-06-02"),
        _article("merged", "\n\n".join(wire_a[:5] + wire_b[:3]), "2024-06-03"),
    ]
    links, groups = detect(arts)
    assert {("merged", "wb"), ("merged", "wa")} <= {(lk.a, lk.b) for lk in links}
    members = sorted(sorted(g.article_ids) for g in groups)
    assert members == [["merged", "wa", "wa-copy"], ["wb"]]

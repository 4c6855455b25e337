"""Property tests: whatever the text, spans stay in bounds and every article has one group."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.model.ids import content_id
from storyline.model.records import Article
from storyline.provenance import align_passages, detect

_WORDS = """harbour crane union strike offer port ships talks mediator monday rent wages city
    council members profits ferry cargo dockers gates lorries flour bakery police ministry"""
VOCABULARY = _WORDS.split()
MARKS = ["“", "”", '"', "‘", "’", "'", "«", "»", "\n\n", "Mr.", "3,200", "said", "!", "?"]
SENTENCES = st.lists(st.sampled_from(VOCABULARY), min_size=3, max_size=16).map(
    lambda ws: " ".join(ws).capitalize() + "."
)
PIECES = st.lists(st.one_of(SENTENCES, SENTENCES, st.sampled_from(MARKS)), max_size=16)


def _article(text: str, k: int, body_start: int) -> Article:
    return Article(
        id=content_id("a", k, text), text=text, source_path=f"{k}.txt", body_start=body_start
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PIECES, PIECES, st.integers(0, 6), st.data())
def test_provenance_spans_in_bounds(
    base: list[str], extra: list[str], cut: int, data: st.DataObject
) -> None:
    texts = [" ".join(base), " ".join(base[cut:] + extra), " ".join(extra + ["\n\n"] + base)]
    arts = [_article(t, k, data.draw(st.integers(0, len(t) + 5))) for k, t in enumerate(texts)]
    by_id = {a.id: a for a in arts}
    links, groups = detect(arts)
    for link in links:
        assert link.a < link.b
        for al in link.alignments:
            for span in (al.a, al.b):
                article = by_id[span.article_id]
                assert article.body_start <= span.start < span.end <= len(article.text)
    members = sorted(m.article_id for g in groups for m in g.members)
    assert members == sorted(by_id)
    for al in align_passages(arts[0], arts[2]):
        assert al.a.end <= len(arts[0].text) and al.b.end <= len(arts[2].text)

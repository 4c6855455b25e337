"""Article metadata from clean paragraphs: agencies, dateline, outlet from a URL, best date.

Agencies are the news agencies *credited* for the article: in a dateline ("WASHINGTON (AP) —",
"PORTLAND (CPA) —"), in a parenthesised credit at the start of a paragraph ("(Reuters) -"), or
in a closing credit line ("AFP/dpa", "(dpa)"). Agencies merely quoted in the reporting
("told Meridian Press") are not credits and are not listed. Known agency names are written in their
usual form; any other short capitalised word in a dateline credit is kept as written.

Not handled yet: credits phrased in prose ("with reporting by Reuters"), photo-agency
credits, and outlet names that differ from their domain (``nytimes.com`` gives "nytimes.com").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from storyline.clean.dates import date_from_url, find_date

__all__ = ["KNOWN_AGENCIES", "best_date", "find_agencies", "find_dateline", "outlet_from_url"]

KNOWN_AGENCIES: dict[str, str] = {
    name.casefold().replace(" ", ""): name
    for name in (
        "AP", "Reuters", "AFP", "dpa", "Interfax", "TASS", "RIA Novosti", "RIA", "Xinhua", "EFE",
        "ANSA", "Kyodo", "PA", "APA", "KNA", "epd", "Ukrinform", "UNIAN", "Yonhap", "PTI",
        "IANS", "ANI", "Anadolu", "Bernama", "Antara", "BTA", "PAP", "CTK", "MTI", "Belga",
        "ANP", "TT", "NTB", "STT", "Ritzau", "Lusa", "Europa Press", "AAP", "CP", "UPI",
        "Bloomberg", "Sputnik", "IRNA", "KCNA", "Tanjug", "Hina", "ATS", "SDA", "Keystone-SDA",
    )
}
_AGENCY_ALT = "|".join(
    re.escape(n) for n in sorted(KNOWN_AGENCIES.values(), key=len, reverse=True)
)
_CREDIT = r"(?P<credit>[A-Z][A-Za-z]{1,11}(?:[ -][A-Z][A-Za-z]{1,11})?)"
_PLACE = (
    r"(?P<place>[A-Z][A-Z.'’-]+(?:[ ][A-Z][A-Z.'’-]+){0,3}"  # WASHINGTON, NEW YORK
    r"(?:,\s*[A-Z][\w.'’]+(?: [A-Z][\w.'’]+)?)?"  # , Ore.  / , Maine
    r"(?:,\s*\w+\.?\s+\d{1,2})?)"  # , Jan. 9
)
_DATELINE = re.compile(r"^" + _PLACE + r"\s*\(" + _CREDIT + r"\)\s*(?:[—–-]|$)")
_LEADING_CREDIT = re.compile(r"^\(" + _CREDIT + r"\)\s*[—–-]")
_CLOSING_CREDIT = re.compile(
    rf"^[(\[]?(?P<credits>(?:{_AGENCY_ALT})(?:\s*[/,;]\s*(?:{_AGENCY_ALT}|[a-z]{{2,4}}))*)[)\]]?$"
)
HEAD_PARAGRAPHS = 3  # datelines and leading credits are looked for in the first paragraphs


def _agency_name(credit: str) -> str:
    """The usual spelling of a known agency, else the credit as written."""
    return KNOWN_AGENCIES.get(credit.casefold().replace(" ", ""), credit)


def find_dateline(paragraphs: Iterable[str]) -> tuple[str, str] | None:
    """The dateline ("WASHINGTON (AP)") and its agency credit, from the first paragraphs."""
    for i, para in enumerate(paragraphs):
        if i >= HEAD_PARAGRAPHS:
            break
        m = _DATELINE.match(para)
        if m:
            return f"{m['place']} ({m['credit']})", _agency_name(m["credit"])
    return None


def find_agencies(paragraphs: list[str], extra: Iterable[str] = ()) -> tuple[str, ...]:
    """The agencies credited in datelines, leading credits and closing credit lines."""
    found: list[str] = [_agency_name(a) for a in extra]
    dateline = find_dateline(paragraphs)
    if dateline:
        found.append(dateline[1])
    for para in paragraphs[:HEAD_PARAGRAPHS]:
        if m := _LEADING_CREDIT.match(para):
            found.append(_agency_name(m["credit"]))
    for para in paragraphs[-2:]:
        if m := _CLOSING_CREDIT.match(para.strip()):
            parts = re.split(r"\s*[/,;]\s*", m["credits"])
            found.extend(_agency_name(p) for p in parts if p.casefold().replace(" ", "")
                         in KNOWN_AGENCIES)
    return tuple(dict.fromkeys(found))


def outlet_from_url(url: str | None) -> str | None:
    """The site's domain without ``www.`` ("portvalecourier.example"), as a stand-in outlet name."""
    if not url:
        return None
    host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    host = host.removeprefix("www.").removeprefix("m.").removeprefix("amp.")
    return host or None


def best_date(candidates: Iterable[tuple[str | None, str]]) -> tuple[str | None, str]:
    """The first usable date among ``(text, source)`` pairs, as ``(iso, source)``."""
    for text, source in candidates:
        if not text:
            continue
        if source == "url":
            value = date_from_url(text)
        else:
            found = find_date(text)
            value = found.value if found else None
        if value:
            return value, source
    return None, "none"

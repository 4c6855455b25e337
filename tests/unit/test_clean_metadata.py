"""Metadata: dates in every supported shape, agencies, datelines, outlets, language."""

from __future__ import annotations

import pytest

from storyline.clean.dates import date_from_url, find_date
from storyline.clean.language_guess import guess_language
from storyline.clean.metadata import best_date, find_agencies, find_dateline, outlet_from_url


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Status: 04.03.2031 10:15 a.m.", "2031-03-04T10:15:00"),
        ("09.01.2031", "2031-01-09"),
        ("01/13/2031", "2031-01-13"),
        ("As of: March 4th, 2031 5:17 p.m.", "2031-03-04T17:17:00"),
        ("Updated March 4, 2031", "2031-03-04"),
        ("World | March 11, 2031, Tuesday // 10:20| views", "2031-03-11T10:20:00"),
        ("Published: Tuesday, 4 March 2031 at 14:30 CET", "2031-03-04T14:30:00+01:00"),
        ("Mar. 4, 2031 3:05 PM EST", "2031-03-04T15:05:00-05:00"),
        ("2031-03-04", "2031-03-04"),
        ("2031-03-04T17:05:00+01:00", "2031-03-04T17:05:00+01:00"),
        ("2031-03-04T16:05:00Z", "2031-03-04T16:05:00+00:00"),
        ("Stand: 4. März 2031, 12:00 Uhr", "2031-03-04T12:00:00"),
        ("terça-feira, 4 de março de 2031 às 10:15", "2031-03-04T10:15:00"),
        ("4 de marzo del 2031", "2031-03-04"),
        ("le 4 mars 2031 à 10:15", "2031-03-04T10:15:00"),
        ("4 marzo 2031", "2031-03-04"),
        ("4 maart 2031", "2031-03-04"),
    ],
)
def test_clean_metadata_date_shapes(text: str, value: str) -> None:
    found = find_date(text)
    assert found is not None and found.value == value


def test_clean_metadata_impossible_date_is_none() -> None:
    assert find_date("on 31.02.2031") is None
    assert find_date("no date here") is None


@pytest.mark.parametrize(
    "url",
    [
        "https://news.example/2031/03/04/harbour-fire/",
        "https://news.example/local/2031-03-04-harbour-fire",
        "https://news.example/20310304/harbour-fire",
        "https://news.example/2031/3/4/harbour-fire",
    ],
)
def test_clean_metadata_date_from_url(url: str) -> None:
    assert date_from_url(url) == "2031-03-04"


def test_clean_metadata_best_date_follows_trust_order() -> None:
    assert best_date([(None, "metadata"), ("no date", "html"), ("04.03.2031", "text")]) == (
        "2031-03-04", "text")
    assert best_date([("https://x.example/2031/03/04/a", "url")]) == ("2031-03-04", "url")
    assert best_date([]) == (None, "none")


def test_clean_metadata_dateline_and_agencies() -> None:
    paras = ["PORTVILLE (CPA) — Crews contained the fire on Tuesday.", "More text.", "AFP/dpa"]
    assert find_dateline(paras) == ("PORTVILLE (CPA)", "CPA")
    assert find_agencies(paras) == ("CPA", "AFP", "dpa")
    assert find_agencies(["LAKETON, Ore. (AP) — Officials met."]) == ("AP",)
    assert find_agencies(["(Reuters) - Officials met on Monday."]) == ("Reuters",)


def test_clean_metadata_quoted_agency_is_not_a_credit() -> None:
    assert find_agencies(["The minister told Interfax the talks were useful."]) == ()


def test_clean_metadata_outlet_from_url() -> None:
    assert outlet_from_url("https://www.citypost.example/2031/a") == "citypost.example"
    assert outlet_from_url(None) is None


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The minister said on Monday that the talks with the unions were difficult but that "
         "he saw no reason to end them.", "en"),
        ("Der Minister hat am Montag gesagt, dass die Gespräche mit den Gewerkschaften "
         "schwierig waren und nicht beendet werden.", "de"),
        ("Le ministre a déclaré lundi que les discussions avec les syndicats sont difficiles "
         "mais qu'il ne voit pas de raison de les arrêter.", "fr"),
        ("El ministro dijo el lunes que las conversaciones con los sindicatos fueron difíciles "
         "pero que no ve razón para terminarlas.", "es"),
        ("Il ministro ha detto lunedì che i colloqui con i sindacati sono stati difficili ma "
         "che non vede motivo per interromperli.", "it"),
        ("De minister heeft maandag gezegd dat de gesprekken met de bonden moeilijk waren maar "
         "dat hij geen reden ziet om ze te stoppen.", "nl"),
        ("O ministro disse na segunda-feira que as conversas com os sindicatos foram difíceis "
         "mas que não vê razão para as terminar.", "pt"),
        ("Министр заявил в понедельник, что переговоры с профсоюзами были трудными, но он не "
         "видит причин для их прекращения.", "ru"),
        ("Kurz.", "en"),
    ],
)
def test_clean_metadata_language_guess(text: str, lang: str) -> None:
    assert guess_language(text) == lang

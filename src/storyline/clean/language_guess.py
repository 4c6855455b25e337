"""A light language guess from stop words, for en, de, fr, es, it, nl, pt and ru.

Counts how many of a text's first 400 words are frequent function words of each language and
picks the language with the most. Short texts (under ``MIN_WORDS`` words) and texts where no
language stands out fall back to English. Not handled yet: other languages (they come out as
the nearest of these or English), mixed-language texts, and scripts other than Latin and
Cyrillic.
"""

from __future__ import annotations

import re

__all__ = ["DEFAULT_LANGUAGE", "guess_language"]

DEFAULT_LANGUAGE = "en"
MIN_WORDS = 12
MIN_SHARE = 0.08  # share of stop words the winner needs before it is trusted

STOP_WORDS: dict[str, frozenset[str]] = {
    lang: frozenset(words.split())
    for lang, words in {
        "en": "the and of to in is that it was for on are with as his they at be this from "
              "have by not but what all were when we there can an which their said will would",
        "de": "der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als "
              "auch es an werden aus er hat dass sie nach wird bei einer um am sind noch wie",
        "fr": "le la les de des et est en que un une du dans qui pour pas sur au avec ce il "
              "elle sont par plus ont été aux cette mais ou son ses leur nous vous",
        "es": "el la los las de del y en que un una por con para es se no al lo como más pero "
              "sus su le ha fue este esta entre cuando muy sin sobre también",
        "it": "il lo la gli le di del della e è che un una per con non si sono al alla ma come "
              "anche più nel nella dei delle ha questo questa",
        "nl": "de het een en van in is dat op te zijn met voor niet aan er ook als bij door "
              "maar om dan nog wel naar heeft worden wordt werd deze die",
        "pt": "o a os as de do da dos das e em um uma para com não que por se na no mais mas "
              "como foi ao ele ela são pelo pela também já",
        "ru": "и в во не что он на я с со как а то все она так его но да ты к у же вы за бы "
              "по только ее мне было вот от меня еще нет о из ему это был были при",
    }.items()
}

_LANGUAGES_OF: dict[str, tuple[str, ...]] = {}
for _lang, _stops in STOP_WORDS.items():
    for _stop in _stops:
        _LANGUAGES_OF[_stop] = (*_LANGUAGES_OF.get(_stop, ()), _lang)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def guess_language(text: str) -> str:
    """The ISO 639-1 code of the language ``text`` is most likely written in."""
    words = [w.lower() for w in _WORD.findall(text[:5000])][:400]
    if len(words) < MIN_WORDS:
        return DEFAULT_LANGUAGE
    scores = dict.fromkeys(STOP_WORDS, 0)
    for word in words:
        for lang in _LANGUAGES_OF.get(word, ()):
            scores[lang] += 1
    best = max(scores, key=lambda lang: scores[lang])
    if scores[best] / len(words) < MIN_SHARE:
        return DEFAULT_LANGUAGE
    return best

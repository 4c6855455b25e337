"""Build: the cross-document stages over the whole corpus, results replaced in one go.

Each stage receives the corpus and the state it carried from the last build, and returns the
corpus extended with the fields it provides (checked: a stage that changes another field
stops the build), its rejections and its new state. All results, with every stage's state,
are then stored in one transaction, so a killed build leaves the last complete one.
"""

from __future__ import annotations

from collections.abc import Sequence

from storyline.language.nlp import using_model
from storyline.model import Article, Corpus
from storyline.pipeline.annotate import LANGUAGE_STAGE
from storyline.pipeline.run_report import Progress, RunReport
from storyline.pipeline.stage import GroupStage, check_writes, state_key
from storyline.store.base import Store


def build_results(
    store: Store,
    stages: Sequence[GroupStage],
    articles: Sequence[Article],
    report: RunReport,
    progress: Progress,
    model: str | None = None,
) -> Corpus:
    """Run the cross-document stages over the stored articles and annotations, store every
    result and state at once, and return the corpus built (``model``: the spaCy pipeline the
    stages parse sentences with)."""
    corpus = Corpus(articles=tuple(articles), annotations=store.annotations(LANGUAGE_STAGE))
    states: dict[str, bytes] = {}
    with using_model(model):
        for stage in stages:
            progress(f"build: {stage.name}", 0, 1)
            key = state_key(stage)
            result = stage.run(corpus, store.load_state(key))
            check_writes(stage, corpus, result.corpus)
            corpus = result.corpus
            report.reject(store, result.rejected)
            if result.state is not None:
                states[key] = result.state
            progress(f"build: {stage.name}", 1, 1)
    store.save_results(corpus, state=states)
    report.stories = len(corpus.stories)
    return corpus

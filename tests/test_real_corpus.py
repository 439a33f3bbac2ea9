"""The reader on calendars, minutes and agendas that others published (tests/data/real/).

Each document is read as a user would read it, without ``--body``, and compared with its
truth file, checked by hand. ``benchmarks/corpus.py`` prints the figures per document.
"""

from __future__ import annotations

import datetime as dt

import pytest

from .corpus import REAL, Score, documents, score, truth

DOCUMENTS = documents()
#: The share of the meeting dates in the corpus that must be read.
RECALL = 0.98


@pytest.fixture(scope="module")
def scores() -> dict[str, Score]:
    return {name: score(name) for name in DOCUMENTS}


def test_the_corpus_is_real_and_varied() -> None:
    publishers = set()
    for name in DOCUMENTS:
        source, dates = truth(name)
        assert source["url"].startswith(("https://", "http://")), name
        publishers.add(source["publisher"])
        lines = (REAL / f"{name}.txt").read_text(encoding="utf-8").split("\n")
        for d in dates:
            assert d.text in lines[d.line - 1], (name, d.line, d.text)
            if d.date is not None and d.mismatch:
                assert d.cls in ("meeting", "reference", "other"), (name, d.line)
    assert len(DOCUMENTS) >= 20
    assert len(publishers) >= 10


def test_at_least_98_percent_of_the_meeting_dates_are_read(scores: dict[str, Score]) -> None:
    meetings = sum(s.meetings for s in scores.values())
    read = sum(s.read for s in scores.values())
    missed = {n: s.missed for n, s in scores.items() if s.missed}
    assert read / meetings >= RECALL, missed


@pytest.mark.parametrize("name", DOCUMENTS)
def test_no_date_is_invented(scores: dict[str, Score], name: str) -> None:
    """Every date read as a meeting or reference stands on that line, with that year."""
    assert scores[name].invented == ()


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_wrong_weekday_in_a_published_text_is_found(
    scores: dict[str, Score], name: str
) -> None:
    s = scores[name]
    assert s.mismatches_found == s.mismatches


WITHOUT_MEETINGS = [
    name for name in DOCUMENTS if not any(d.cls in ("meeting", "reference") for d in truth(name)[1])
]


@pytest.mark.parametrize("name", WITHOUT_MEETINGS)
def test_a_document_with_no_meeting_is_refused_not_passed(
    scores: dict[str, Score], name: str
) -> None:
    """A text from which nothing was read is an error, never "no findings"."""
    assert scores[name].nothing_read


def test_some_documents_hold_no_meeting() -> None:
    assert WITHOUT_MEETINGS


def test_the_published_mistakes_the_corpus_holds_are_there() -> None:
    """The corpus keeps the errors its publishers made: they are what validation is for."""
    wrong = [
        (name, d.line)
        for name in DOCUMENTS
        for d in truth(name)[1]
        if d.mismatch and isinstance(d.date, dt.date)
    ]
    assert len(wrong) >= 5, wrong

"""event_date(): same clause, then sentence, then paragraph, then the publication date."""
import datetime as dt

from conflictlens.dates.assign import PRECISION_PUBLICATION, event_date

TEXT = ("After IS announced itself in Syria in April 2013, Assad largely left it alone until the end of 2014. "
        "In the summer of 2014, Assad began token strikes. Nothing changed for months.\n\n"
        "The regime then conquered the town.")


def _at(result, word):
    i = result.document.text.index(word)
    idx = max(k for k, s in enumerate(result.sentences) if s.start <= i)
    return event_date(result, idx, i)


def test_same_clause_beats_nearest(analyse_dates):
    r = analyse_dates(TEXT, published=dt.date(2016, 3, 29))
    assert _at(r, "announced").text == "April 2013"
    assert _at(r, "left it alone").text == "the end of 2014"


def test_fronted_date_belongs_to_the_main_clause(analyse_dates):
    r = analyse_dates(TEXT, published=dt.date(2016, 3, 29))
    d = _at(r, "began token")
    assert d.text == "the summer of 2014" and d.precision == "season"


def test_paragraph_carries_the_date_forward(analyse_dates):
    r = analyse_dates(TEXT, published=dt.date(2016, 3, 29))
    d = _at(r, "Nothing changed")
    assert d.text == "the summer of 2014"


def test_publication_fallback_then_none(analyse_dates):
    r = analyse_dates(TEXT, published=dt.date(2016, 3, 29))
    d = _at(r, "conquered")
    assert d.precision == PRECISION_PUBLICATION and d.start == dt.date(2016, 3, 29) and d.text is None
    assert _at(analyse_dates(TEXT), "conquered") is None


def test_unresolved_mentions_are_not_event_dates(analyse_dates):
    r = analyse_dates("The town was shelled last week, residents said.")
    assert _at(r, "shelled") is None

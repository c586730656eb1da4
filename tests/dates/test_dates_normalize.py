"""Own normalisation rules: the hard cases of issue 6, no anchor, durations."""
import datetime as dt

import pytest

from conflictlens.dates.normalize import normalize

PUB = dt.date(2016, 3, 29)  # a Tuesday
D = dt.date.fromisoformat


@pytest.mark.parametrize("text,start,end,precision", [
    ("late 2011", "2011-09-01", "2011-12-31", "season"),
    ("summer 2014", "2014-06-01", "2014-08-31", "season"),
    ("the summer of 2014", "2014-06-01", "2014-08-31", "season"),
    ("the end of 2014", "2014-12-01", "2014-12-31", "month"),
    ("last week", "2016-03-21", "2016-03-27", "week"),
    ("on Monday", "2016-03-28", "2016-03-28", "day"),
    ("last September", "2015-09-01", "2015-09-30", "month"),
    ("in March", "2016-03-01", "2016-03-31", "month"),
    ("2015", "2015-01-01", "2015-12-31", "year"),
    ("the 1980s", "1980-01-01", "1989-12-31", "decade"),
    ("last September 2015", "2015-09-01", "2015-09-30", "month"),
    ("March\u00a029, 2016", "2016-03-29", "2016-03-29", "day"),
    ("May and June 2011", "2011-05-01", "2011-06-30", "month"),
    ("the winter of 2012", "2012-12-01", "2013-02-28", "season"),
    ("a month ago", "2016-02-01", "2016-02-29", "month"),
])
def test_hard_cases(text, start, end, precision):
    r = normalize(text, PUB)
    assert (r.start, r.end, r.precision) == (D(start), D(end), precision)


def test_narrative_needs_a_reference():
    ref = normalize("December 2016", PUB)
    r = normalize("two years earlier", PUB, ref)
    assert (r.start, r.end, r.precision, r.source) == (D("2014-01-01"), D("2014-12-31"), "year", "narrative")
    assert normalize("two years earlier", PUB).source == "unresolved"


@pytest.mark.parametrize("text", ["last week", "on Monday", "yesterday", "in March", "two years ago",
                                  "this year", "last September", "July of this year", "the past 3 years"])
def test_undated_relative_stays_unresolved(text):
    """No publication date: relative expressions are never resolved against today."""
    r = normalize(text, None)
    assert r is not None and r.start is None and r.end is None and r.source == "unresolved"


@pytest.mark.parametrize("text", ["May 2011", "late 2011", "the summer of 2014", "31 July 2017"])
def test_absolute_resolves_without_anchor(text):
    r = normalize(text, None)
    assert r.start is not None and r.source == "absolute"


@pytest.mark.parametrize("text", ["two weeks", "weekly", "five-year", "each day", "nearly two years",
                                  "several more months", "many years", "24 hours", "the old quarter"])
def test_durations_and_frequencies_are_not_dates(text):
    assert normalize(text, PUB) is None


def test_fallback_only_with_month_or_year_names():
    # dateparser would read these as dates relative to the anchor; the rules refuse.
    assert normalize("40 tuesday", PUB).start is None
    assert normalize("11th day", PUB).start is None


def test_bare_numbers_are_not_years():
    from conflictlens.dates.find import find_spans_text

    text = "Some 2000 fighters joined in 2015. The 2011-2013 period ended in late 2011."
    assert [text[c.start:c.end] for c in find_spans_text(text)] == ["2015", "2011-2013", "late 2011"]


def test_numeric_dates_pick_the_reading_before_the_anchor():
    # 09-07-2016 in an article of 2016-07-09 is 9 July (day first), not 7 September.
    assert normalize("09-07-2016", dt.date(2016, 7, 9)).start == dt.date(2016, 7, 9)
    assert normalize("3/29/2016", None).start == dt.date(2016, 3, 29)  # only one valid reading
    assert normalize("04/05/2016", None).start == dt.date(2016, 4, 5)  # slashes: US without anchor
    assert normalize("04.05.2016", None).start == dt.date(2016, 5, 4)  # dots: day first without anchor

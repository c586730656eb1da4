import datetime as dt

from conflictlens.clean.metadata import extract_metadata, parse_date


def test_byline_with_date():
    m = extract_metadata("A Title\n\nBy Jane Doe (@jdoe) on March 29, 2016\n\nBody text here.")
    assert m.author == "Jane Doe" and m.published == dt.date(2016, 3, 29) and m.title == "A Title"


def test_updated_line():
    assert extract_metadata("T\n\nBody.\n\nUpdated on 31 July 2017").updated == dt.date(2017, 7, 31)


def test_parse_date_forms():
    assert parse_date("4/5/2017") == dt.date(2017, 4, 5)  # FA-KES: m/d/yyyy
    assert parse_date("2017-04-05T10:00:00") == dt.date(2017, 4, 5)
    assert parse_date("5 April 2017") == dt.date(2017, 4, 5)
    assert parse_date("not a date") is None

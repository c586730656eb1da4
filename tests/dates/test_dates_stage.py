"""The dates stage on real spaCy output: spans, offsets, anchors, narrative chaining, store."""
import datetime as dt

from conflictlens.records import as_dict

TEXT = ("Aleppo was besieged starting in July 2016. East Aleppo fell in December 2016.\n\n"
        "Since the battle of Homs two years earlier, the regime relied on sieges. "
        "On Monday, the envoy said the siege lasted four months. "
        "The brigade was formed in late 2011 and split last week.")


def test_mentions_offsets_and_values(analyse_dates):
    r = analyse_dates(TEXT, published=dt.date(2016, 12, 20))  # a Tuesday
    by_text = {m.text: m for m in r.date_mentions}
    for m in r.date_mentions:
        assert r.document.text[m.start:m.end] == m.text
        sent = r.sentences[m.sentence_idx]
        assert sent.start <= m.start and m.end <= sent.end
    assert by_text["July 2016"].start_date == dt.date(2016, 7, 1)
    assert by_text["July 2016"].precision == "month"
    assert by_text["two years earlier"].start_date == dt.date(2014, 1, 1)
    assert by_text["two years earlier"].date_source == "narrative"
    assert by_text["Monday"].start_date == dt.date(2016, 12, 19)
    assert by_text["late 2011"].end_date == dt.date(2011, 12, 31)
    assert by_text["last week"].start_date == dt.date(2016, 12, 12)
    assert "four months" not in by_text  # a duration, not a date


def test_undated_document_keeps_text_unresolved(analyse_dates):
    r = analyse_dates(TEXT)
    by_text = {m.text: m for m in r.date_mentions}
    assert by_text["Monday"].start_date is None and by_text["Monday"].date_source == "unresolved"
    assert by_text["last week"].start_date is None
    assert by_text["December 2016"].start_date == dt.date(2016, 12, 1)  # absolute needs no anchor


def test_updated_date_is_the_fallback_anchor(analyse_dates):
    r = analyse_dates("Troops entered the town on Monday.", updated=dt.date(2017, 7, 31))
    (m,) = r.date_mentions
    assert m.start_date == dt.date(2017, 7, 31) and m.date_source == "relative"


def test_split_entity_is_one_mention(analyse_dates):
    r = analyse_dates("By Kyle Orton on March\u00a029,\u00a02016\n\nOriginally published elsewhere.")
    (m,) = r.date_mentions
    assert m.start_date == dt.date(2016, 3, 29) and m.text.startswith("March")


def test_written_to_store(analyse_dates, store):
    r = analyse_dates(TEXT, published=dt.date(2016, 12, 20))
    store.insert_records("dates", r.date_mentions)
    rows = store.query_dicts("SELECT text, start_date, precision, date_source FROM dates ORDER BY start")
    assert len(rows) == len(r.date_mentions)
    assert rows[0]["start_date"] == dt.date(2016, 7, 1)
    assert as_dict(r.date_mentions[0])["start_date"] == "2016-07-01"


def test_dates_exporter(analyse_dates, store, tmp_path):
    import csv
    import json

    from conflictlens.registry import load_all

    r = analyse_dates(TEXT, published=dt.date(2016, 12, 20))
    store.insert_records("dates", r.date_mentions)
    reg = load_all()
    out = tmp_path / "dates.jsonl"
    reg.get_exporter("dates", "jsonl").write(store, out, None)
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [x["text"] for x in rows] == [m.text for m in r.date_mentions]
    assert rows[0]["start_date"] == "2016-07-01"
    out_csv = tmp_path / "dates.csv"
    reg.get_exporter("dates", "csv").write(store, out_csv, None)
    with out_csv.open() as fh:
        assert len(list(csv.DictReader(fh))) == len(rows)


def test_copyright_year_is_not_a_date(analyse_dates):
    r = analyse_dates("Rebels shelled the town in 2016. Copyright \u00a9 2018 Some Outlet. All rights reserved.",
                      published=dt.date(2016, 7, 1))
    assert [m.text for m in r.date_mentions] == ["2016"]

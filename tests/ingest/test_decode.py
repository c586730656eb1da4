import pytest

from conflictlens.errors import IngestError
from conflictlens.ingest.decode import decode_bytes


def test_utf8_and_crlf():
    text, enc = decode_bytes("Aleppo\r\ncafé".encode(), "a.txt", 10_000)
    assert text == "Aleppo\ncafé" and enc == "utf-8"


def test_utf16_with_and_without_bom():
    assert decode_bytes("Hello Syria".encode("utf-16"), "a.txt", 10_000)[0] == "Hello Syria"
    text, enc = decode_bytes("Hello Syria, war news".encode("utf-16-le"), "a.txt", 10_000)
    assert text == "Hello Syria, war news" and enc == "utf-16-le"


def test_latin1_detected():
    data = ("Le régime syrien a été accusé. " * 20).encode("latin-1")
    text, enc = decode_bytes(data, "a.txt", 100_000)
    assert "régime" in text


@pytest.mark.parametrize(
    "data, code",
    [
        (b"", "E102"),
        (b"   \n ", "E102"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10, "E103"),
        ("caf\u00e9 ".encode() + b"\xff\xfe\xfd broken", "E104"),
    ],
)
def test_bad_bytes_rejected_with_code(data, code):
    with pytest.raises(IngestError) as exc:
        decode_bytes(data, "bad.txt", 10_000)
    assert str(exc.value).startswith(f"[{code}]") and "bad.txt" in str(exc.value)


def test_size_limit():
    with pytest.raises(IngestError, match=r"\[E105\]"):
        decode_bytes(b"a" * 2000, "big.txt", 1000)

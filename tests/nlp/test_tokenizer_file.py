"""The MiniLM tokenizer shipped in nlp/models is all-MiniLM-L6-v2's own, and every MiniLM user
(embeddings, stance cross-encoder) reads that file, not a package that drags in PyTorch."""
from __future__ import annotations

import contextlib
import io
import sys
import zipfile

import pytest

from conflictlens.nlp import embeddings


def test_tokenizer_is_the_packaged_minilm_one():
    with contextlib.redirect_stdout(io.StringIO()):  # the package prints a banner on import
        pkg = pytest.importorskip("all_minilm_l6_v2", reason="training-only package (requirements-train.txt)")
    with zipfile.ZipFile(pkg.get_model_zip_path()) as zf:
        assert zf.read("tokenizer.json").decode("utf-8") == embeddings.tokenizer_json()


def test_tokenizer_encodes_wordpieces():
    from tokenizers import Tokenizer

    tok = Tokenizer.from_str(embeddings.tokenizer_json())
    toks = [t for t in tok.encode("Daesh fighters shelled Deir ez-Zor").tokens if t != "[PAD]"]
    assert toks[0] == "[CLS]" and toks[-1] == "[SEP]"
    assert toks[1:4] == ["da", "##esh", "fighters"]  # lower-cased WordPiece pieces


def test_stance_and_embeddings_do_not_import_the_model_package():
    sys.modules.pop("all_minilm_l6_v2", None)
    from conflictlens.claims.stance import support_proba

    assert embeddings.embed(["The regime cannot defeat ISIS."]).shape == (1, 384)
    assert 0.0 <= float(support_proba(["Assad is the lesser evil."], ["Assad is not the lesser evil."])[0]) <= 1.0
    assert "all_minilm_l6_v2" not in sys.modules

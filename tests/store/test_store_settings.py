"""[store] settings reach the DuckDB connection (memory limit, threads)."""
from __future__ import annotations

import pytest

from conflictlens.config import defaults
from conflictlens.errors import StoreError
from conflictlens.store import Store


def _setting(store: Store, name: str) -> str:
    return store.query(f"SELECT current_setting('{name}')")[0][0]


def test_default_memory_limit_is_applied(tmp_path):
    limit = defaults()["store"]["memory_limit"]
    assert limit, "the packaged default bounds DuckDB's memory"
    with Store(tmp_path / "a.duckdb") as store:
        bare = Store(":memory:")
        bare.con.execute("RESET memory_limit")
        # DuckDB prints limits in MiB/GiB: compare with what it prints for the same value.
        bare.con.execute("SET memory_limit = ?", [limit])
        assert _setting(store, "memory_limit") == _setting(bare, "memory_limit")
        bare.con.execute("RESET memory_limit")
        assert _setting(store, "memory_limit") != _setting(bare, "memory_limit")
        bare.close()
    with Store(tmp_path / "a.duckdb", read_only=True) as ro:
        assert _setting(ro, "memory_limit") == _setting(Store(":memory:"), "memory_limit")


def test_configure_sets_and_rejects(tmp_path):
    with Store(tmp_path / "b.duckdb") as store:
        store.configure({"memory_limit": "1GB", "threads": 1})
        assert int(_setting(store, "threads")) == 1
        assert _setting(store, "memory_limit").startswith("953")  # 1 GB = 953.6 MiB
        with pytest.raises(StoreError, match="E150"):
            store.configure({"memory_limit": "plenty"})


def test_analyze_applies_user_store_settings(tmp_path):
    from conflictlens.config import load_settings
    from conflictlens.runner import analyze

    cfg = tmp_path / "c.toml"
    cfg.write_text('[store]\nmemory_limit = "512MB"\nthreads = 1\n')
    settings = load_settings(cfg)
    with Store(tmp_path / "c.duckdb") as store:
        analyze([], store, settings, workers=1)
        assert int(_setting(store, "threads")) == 1
        assert _setting(store, "memory_limit").startswith("488")  # 512 MB = 488.2 MiB


def test_corpus_stages_get_their_own_limit_and_the_writer_limit_returns(tmp_path):
    from conflictlens.config import load_settings
    from conflictlens.runner import run_corpus_stages

    cfg = tmp_path / "d.toml"
    cfg.write_text('[store]\nmemory_limit = "300MB"\ncorpus_memory_limit = "700MB"\n')
    settings = load_settings(cfg)
    seen = []
    from conflictlens.registry import load_all

    infos = load_all().ordered_corpus_stages()
    with Store(tmp_path / "d.duckdb") as store:
        store.configure(settings["store"])
        real = infos[0].run

        def spy(st, s):
            seen.append(_setting(st, "memory_limit"))
            return real(st, s)

        object.__setattr__(infos[0], "run", spy)  # wraps the real stage, which still runs
        try:
            run_corpus_stages(store, settings)
        finally:
            object.__setattr__(infos[0], "run", real)
        assert seen and seen[0].startswith("667")  # 700 MB = 667.5 MiB during the stages
        assert _setting(store, "memory_limit").startswith("286")  # 300 MB = 286.1 MiB after


def test_writer_limit_holds_while_documents_are_written_then_memory_limit_returns(tmp_path):
    """[store] writer_memory_limit bounds DuckDB while analyze writes; memory_limit after."""
    from conflictlens.config import load_settings
    from conflictlens.runner import analyze

    cfg = tmp_path / "w.toml"
    cfg.write_text('[store]\nmemory_limit = "300MB"\nwriter_memory_limit = "100MB"\n[analysis]\nwrite_batch = 1\n')
    settings = load_settings(cfg)
    corpus = tmp_path / "w.jsonl"
    corpus.write_text('{"text": "Rebels shelled the town of Idlib on Monday, officials said."}\n'
                      '{"text": "The army said it retook the village near Aleppo on Tuesday."}\n')
    during = []
    with Store(tmp_path / "w.duckdb") as store:
        def progress(event: str, n: int) -> None:
            if event == "stored":
                during.append(_setting(store, "memory_limit"))

        report = analyze([str(corpus)], store, settings, workers=1, progress=progress)
        after = _setting(store, "memory_limit")
    assert report.stored == 2 and len(during) == 2
    assert all(v.startswith("95") for v in during)  # 100 MB = 95.3 MiB
    assert after.startswith("286")  # 300 MB = 286.1 MiB

"""Settings that change a stage's output are part of its version: analyze re-runs what they affect."""
from __future__ import annotations

from typer.testing import CliRunner

from conflictlens.cli.app import app
from conflictlens.config import load_settings
from conflictlens.pipeline import Pipeline, settings_tag
from conflictlens.store import Store

TEXT = "Fighters of the Zorblax Brigade attacked a checkpoint near Aleppo on Monday, residents said."


def _actor_file(path, aliases: list[str]):
    path.write_text("- id: zorblax-brigade\n  name: Zorblax Brigade\n  type: armed_group\n"
                    f"  aliases: [{', '.join(aliases)}]\n", encoding="utf-8")
    return path


def test_settings_tag_follows_output_settings_and_file_content(tmp_path):
    base = load_settings()
    assert all(settings_tag(base, s) == "" for s in ("actors", "places", "dates", "events", "claims"))
    plain = Pipeline(base)
    assert all(plain.stage_versions[s.name] == s.version for s in plain.stage_infos)
    a = _actor_file(tmp_path / "a.yaml", ["Zorblax"])
    b = tmp_path / "copy.yaml"
    b.write_bytes(a.read_bytes())
    tag_a = settings_tag(base.with_overrides(actors__user_file=str(a)), "actors")
    assert tag_a and tag_a == settings_tag(base.with_overrides(actors__user_file=str(b)), "actors")  # content, not path
    _actor_file(b, ["Zorblax", "ZB"])
    assert settings_tag(base.with_overrides(actors__user_file=str(b)), "actors") != tag_a
    assert settings_tag(base.with_overrides(places__fuzzy_threshold=80), "places")
    # Corpus-stage-only settings leave the per-document versions alone.
    assert settings_tag(base.with_overrides(claims__cluster_threshold=0.9), "claims") == ""
    assert settings_tag(base.with_overrides(actors__discover_min_mentions=5), "actors") == ""
    p = Pipeline(base.with_overrides(actors__user_file=str(a)))
    assert p.stage_versions["actors"].endswith(f"+s{tag_a}") and p.version != Pipeline(base).version


def test_changed_actor_file_reruns_actors_unchanged_one_skips(tmp_path):
    doc = tmp_path / "a.txt"
    doc.write_text(TEXT, encoding="utf-8")
    actors = _actor_file(tmp_path / "actors.yaml", ["Zorblax Brigade"])
    db = tmp_path / "x.duckdb"

    def run(*extra: str):
        res = CliRunner().invoke(app, ["analyze", str(doc), "--db", str(db), "--workers", "1", *extra])
        assert res.exit_code == 0, res.output
        return res.output

    def mentions() -> set[tuple[str, str]]:
        with Store(db, read_only=True) as store:
            return set(store.query("SELECT text, actor_id FROM actor_mentions"))

    first = run("--actors", str(actors))
    assert "stored (new or changed)" in first and ("Zorblax Brigade", "zorblax-brigade") in mentions()
    same = run("--actors", str(actors))
    assert "stage actors changed" not in same
    assert _count(same, "unchanged (skipped)") == 1 and _count(same, "stored (new or changed)") == 0

    _actor_file(actors, ["Zorblax Brigade", "Zorblax"])  # same path, new content
    changed = run("--actors", str(actors))
    assert "stage actors changed" in changed
    assert _count(changed, "stored (new or changed)") == 1 and _count(changed, "unchanged (skipped)") == 0
    assert ("Zorblax Brigade", "zorblax-brigade") in mentions()  # replaced, still linked

    back = run()  # no actor file: the packaged KB again, so the document re-runs once more
    assert "stage actors changed" in back and _count(back, "stored (new or changed)") == 1
    assert "zorblax-brigade" not in {actor for _, actor in mentions()}


def _count(output: str, label: str) -> int:
    line = next(line for line in output.splitlines() if label in line)
    return int(line.replace("│", " ").split()[-1])


def test_a_changed_corpus_stage_version_reruns_only_the_corpus_stages(tmp_path, caplog):
    """Unchanged documents are skipped; the corpus stages run again only when one of their
    versions differs from the ones that last ran over the store (kept in its meta)."""
    import logging
    from pathlib import Path

    from conflictlens.config import load_settings
    from conflictlens.runner import CORPUS_VERSIONS_KEY, analyze, corpus_stage_versions
    from conflictlens.store import Store

    demo = Path(__file__).resolve().parents[2] / "demo" / "re3d_public_domain.jsonl"
    small = tmp_path / "small.jsonl"
    small.write_text("".join(demo.read_text(encoding="utf-8").splitlines(keepends=True)[:2]), encoding="utf-8")
    settings = load_settings()

    def ran_corpus_stages() -> bool:
        return any(r.getMessage().startswith("corpus stage ") for r in caplog.records)

    with Store(tmp_path / "v.duckdb") as store, caplog.at_level(logging.INFO, logger="conflictlens.runner"):
        analyze([str(small)], store, settings, workers=1)
        assert store.get_meta(CORPUS_VERSIONS_KEY) == corpus_stage_versions()
        caplog.clear()
        same = analyze([str(small)], store, settings, workers=1)
        assert same.unchanged == 2 and not ran_corpus_stages()
        store.set_meta(CORPUS_VERSIONS_KEY, corpus_stage_versions().replace("analytics.story_events=", "analytics.story_events=0"))
        caplog.clear()
        again = analyze([str(small)], store, settings, workers=1)
        assert again.unchanged == 2 and again.stored == 0 and ran_corpus_stages()
        assert any("corpus stage analytics.story_events changed" in r.getMessage() for r in caplog.records)
        assert store.get_meta(CORPUS_VERSIONS_KEY) == corpus_stage_versions()

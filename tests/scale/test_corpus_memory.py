"""Corpus stages: the per-document models' caches are released before them (large stores)."""
from __future__ import annotations

import datetime as dt


def test_release_document_models_clears_resources_but_keeps_settings_and_stance():
    from conflictlens import config, runner
    from conflictlens.claims import stance
    from conflictlens.dates import normalize as dates

    config.packaged_defaults()
    dates.normalize("last week", dt.date(2016, 12, 20))
    assert dates.normalize.cache_info().currsize >= 1
    kept_stance = stance._session.cache_info().currsize
    assert runner.release_document_models() >= 1
    assert dates.normalize.cache_info().currsize == 0  # a per-document resource: released
    assert config.packaged_defaults.cache_info().currsize == 1  # settings: kept
    assert stance._session.cache_info().currsize == kept_stance  # claims.cluster needs it: kept
    assert dates.normalize("last week", dt.date(2016, 12, 20)) is not None  # reloads on demand

"""The corpus stages of a large ``analyze`` run, in a fresh image of the same process.

After the per-document phase of a big run, the writer process keeps heap it no longer uses:
after 100,000 documents it held 230-460 MB more than a fresh process once the models were
released (what exactly was not pinned down: docs/performance.md, sixth pass). The corpus
stages (claims.cluster, story_events...) then peaked on top of that. So when the store holds
at least ``analysis.corpus_fresh_process_min_docs`` documents, ``conflictlens analyze``
closes the store and replaces its process image with this module (``os.execv``: same pid,
so a shell, a supervisor or a benchmark waiting on it sees one command), handing over the
run's report in a private file; this image runs the corpus stages from a clean heap, prints
the usual summary and exits with the run's status.

A kill between the two images leaves the corpus stages pending in the store (meta
``corpus_stages_pending``): the same command runs them next time.
"""
from __future__ import annotations

import logging
import os
import pickle
import sys
import tempfile
import time
from pathlib import Path

from ..config import Settings

LOGGER = logging.getLogger(__name__)


def exec_corpus_phase(report, db: Path, settings: Settings) -> None:
    """Replace this process by a fresh Python running the corpus stages on ``db``; returns
    only if the exec itself failed (OSError logged; the caller then runs them in-process).
    The store must be closed."""
    from ..runner import _rss_mb

    handover = {"report": report, "db": str(db), "settings": settings, "log_level": logging.getLogger().level,
                "wall": time.time()}
    fd, path = tempfile.mkstemp(prefix="conflictlens-corpus-", suffix=".pickle")
    with os.fdopen(fd, "wb") as f:
        pickle.dump(handover, f, protocol=pickle.HIGHEST_PROTOCOL)
    LOGGER.info("corpus stages in a fresh process image (this one: RSS %.0f MB)", _rss_mb())
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    try:
        os.execv(sys.executable, [sys.executable, "-m", "conflictlens.cli.corpus_phase", path])
    except OSError as exc:
        os.unlink(path)
        LOGGER.warning("could not start a fresh process for the corpus stages (%s): they run in this one", exc)


def main(path: str) -> None:
    from ..scale.lean import keep_unused_modules_out

    keep_unused_modules_out()  # no PyTorch behind anything imported here either
    with open(path, "rb") as f:
        handover = pickle.load(f)
    os.unlink(path)
    from ..runner import _rss_mb
    from ._common import setup_logging_level
    from .analyze import _exit_now

    setup_logging_level(handover["log_level"] or logging.WARNING)  # the level the CLI set (-v), else the default
    LOGGER.info("corpus stages: fresh process image, RSS %.0f MB", _rss_mb())
    report = handover["report"]
    finish_and_summarise(report, Path(handover["db"]), handover["settings"], since=handover["wall"])
    _exit_now(report.exit_code)


def finish_and_summarise(report, db: Path, settings: Settings, since: float) -> None:
    """Run the deferred corpus stages on ``db`` (closed by the caller), add the seconds since
    ``since`` (wall clock) to the run's, and print the run's summary."""
    from ..runner import finish_corpus_stages
    from ._common import console, open_store
    from .analyze import print_summary

    store = open_store(db, read_only=False)
    with console.status("corpus stages (claim clustering, story events, search index)"):
        finish_corpus_stages(store, settings, report)
    report.seconds += time.time() - since
    report.counts = store.counts()
    print_summary(report, db)
    store.close()


if __name__ == "__main__":
    main(sys.argv[1])

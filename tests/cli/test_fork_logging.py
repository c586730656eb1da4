"""Workers forked while another thread logs through the CLI's rich console do not hang.

`--dask local:2` hung at cluster start in 3 of 4 runs: Dask forks each worker from a watcher
thread while the event-loop thread logs through the RichHandler; a console lock held at the
fork stayed held in the child, whose first log line then waited for ever. The script below
does the same without Dask (a thread logging without pause, forks from a second thread, each
child logs once) in a subprocess with a time limit.
"""
from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

SCRIPT = textwrap.dedent(
    """
    import logging, multiprocessing, sys, threading
    from conflictlens.cli import _common

    if sys.argv[1] == "unsafe":  # as before the fix: no fork hooks (a manual check)
        _common._FORK_HOOKS = True
    _common.setup_logging(1)
    stop = threading.Event()

    def chatter():
        log = logging.getLogger("chatter")
        while not stop.is_set():
            log.info("parent thread line")

    def child():
        logging.getLogger("child").info("child line")

    def forks(results):
        ctx = multiprocessing.get_context("fork")
        for _ in range(FORKS):
            p = ctx.Process(target=child)
            p.start()
            p.join(10)
            results.append(p.exitcode)
            if p.exitcode is None:
                p.kill()
                p.join()

    FORKS = int(sys.argv[2])
    threading.Thread(target=chatter, daemon=True).start()
    results = []
    t = threading.Thread(target=forks, args=(results,))
    t.start()
    t.join()
    stop.set()
    print("exitcodes", results.count(0), results.count(None), file=sys.__stdout__)
    """
)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="worker processes are forked on Linux only")
def test_forked_children_log_while_a_parent_thread_logs():
    forks = 30
    done = subprocess.run([sys.executable, "-c", SCRIPT, "safe", str(forks)], capture_output=True,
                          text=True, timeout=240)
    assert done.returncode == 0, done.stderr[-2000:]
    line = [ln for ln in done.stdout.splitlines() if ln.startswith("exitcodes")][0]
    ok, hung = map(int, line.split()[1:])
    assert (ok, hung) == (forks, 0)
    # The children logged through a plain handler (no rich drawing in a worker).
    assert done.stderr.count("[worker ") >= forks

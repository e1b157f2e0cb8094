"""The latest-wins background job both the head zones and the energy estimate run on (app/latest_job.py)."""

from __future__ import annotations

import threading

from keidesigner.app.latest_job import SETTLE_MS, LatestJob


def held_job(gate: threading.Event, started: list):
    """A job whose work returns its request, the first run held until `gate` is set."""
    def work(item):
        started.append(item)
        if len(started) == 1:
            gate.wait(5)
        return item

    return LatestJob(work)


def test_a_result_is_handed_over_with_its_own_request(qtbot, qapp):
    """A run started after a newer request came carries its own request's generation: its result is dropped, never
    handed over as the newer request's (the newer one is worked on once its edits pause)."""
    gate, started = threading.Event(), []
    job = held_job(gate, started)
    got = []
    job.ready.connect(lambda item, result: got.append((item, result)))
    job.request("a")
    qtbot.waitUntil(lambda: started == ["a"], timeout=2000)  # a runs, held
    job.request("b")
    qtbot.waitUntil(lambda: job._waiting is not None, timeout=2000)  # b settled: waits for a
    job.request("c")  # c waits for the edits to pause
    gate.set()
    qtbot.waitUntil(lambda: not job.busy, timeout=5000)
    qtbot.wait(SETTLE_MS)
    assert got == [("c", "c")]
    assert started == ["a", "c"]  # b was overtaken before it could start: not worked on at all
    assert job.dropped == 1  # a's result
    job.wait()


def test_a_failure_reaches_the_gui_thread_and_the_job_is_idle_again(qtbot, qapp):
    def work(item):
        raise RuntimeError(f"broken by {item}")

    job = LatestJob(work)
    failed = []
    job.failed.connect(lambda item, exc: failed.append((item, str(exc))))
    job.request("x")
    qtbot.waitUntil(lambda: bool(failed) and not job.busy, timeout=3000)
    assert failed == [("x", "broken by x")]
    job.wait()


def test_cancel_drops_what_was_asked_for(qtbot, qapp):
    gate, started = threading.Event(), []
    job = held_job(gate, started)
    got = []
    job.ready.connect(lambda item, result: got.append(item))
    job.request("a")
    qtbot.waitUntil(lambda: started == ["a"], timeout=2000)
    job.request("b")
    job.cancel()
    gate.set()
    qtbot.waitUntil(lambda: not job.busy, timeout=3000)
    qtbot.wait(SETTLE_MS + 50)
    assert got == [] and started == ["a"]
    job.wait()

"""Where the NLP runs: this process, a pool of local worker processes, or a Dask cluster.

An engine takes *tasks* (a list of document texts, one ``nlp.pipe`` batch or
a Dask partition) and gives back, for each text, its records as the NLP cache
stores them (``graph.cache.encode_records``), in order. Every engine starts
lazily, on its first task: a run whose documents are all cached never loads
the model, forks a worker or contacts a cluster.

Each worker process has the pipeline loaded once (``worker_pipeline``, keyed
by the NLP settings; local workers forked on Linux get the one this process
loaded, shared copy-on-write) and reports the fingerprint of what it runs, so
that a cluster whose workers run another pipeline or version is refused
rather than mixed into the graph and the cache.
"""
from __future__ import annotations

import logging
import os
import signal
import socket
import threading
from collections import Counter

from .cache import NLPSettings, encode_records

__all__ = [
    "EngineError",
    "InProcessEngine",
    "PoolEngine",
    "DaskEngine",
    "make_engine",
    "default_processes",
    "nlp_task",
    "worker_pipeline",
    "FAILED",
    "worker_fingerprint",
    "ENGINES",
]

logger = logging.getLogger(__name__)

ENGINES = ("local", "dask")
WARM_UP = "黄峥创立了拼多多。"  # one short text through the pipeline sets up what its components load lazily (jieba)


class EngineError(Exception):
    """The engine cannot start, or its workers do not run the same pipeline."""


def default_processes() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


# -- the work, wherever it runs --------------------------------------------------------------


def run_texts(nlp, texts: list[str], settings: NLPSettings, batch_size: int) -> list[str]:
    """The encoded records of each text, in order. Where the pipeline fails on a batch, its
    texts are run one by one, and a text it fails on gets ``failed_payload`` instead."""
    from pipelines.extract import extract
    from pipelines.records import Document

    documents = (Document("", text) for text in texts)
    try:
        return [
            encode_records(result.mentions, result.relations)
            for result in extract(nlp, documents, types=settings.types, batch_size=batch_size,
                                  max_chars=settings.max_chars)
        ]
    except Exception as err:  # a bug or a text the pipeline cannot take: that text only is lost
        if len(texts) == 1:
            logger.debug("the pipeline failed on a text", exc_info=True)
            return [failed_payload(err)]
        return [payload for text in texts for payload in run_texts(nlp, [text], settings, batch_size)]


FAILED = "\x00failed\t"  # a payload that is no records: the pipeline failed on the text


def failed_payload(err: Exception) -> str:
    return FAILED + " ".join(f"{type(err).__name__}: {err}".split())[:300]


# one pipeline per worker process and settings; a lock because a Dask worker may run tasks in threads
_PIPELINES: dict[tuple, tuple] = {}
_PIPELINES_LOCK = threading.Lock()


def worker_pipeline(settings: NLPSettings):
    """``(nlp, fingerprint, lock)`` for ``settings`` in this worker process, loaded on first use."""
    from pipelines import pipeline

    key = (settings.model, settings.types, settings.max_chars)
    with _PIPELINES_LOCK:
        entry = _PIPELINES.get(key)
        if entry is None:
            one_blas_thread()  # the cluster's workers share the machine's cores
            nlp = pipeline.load(settings.model, labels=list(settings.types))
            nlp(WARM_UP)
            mine = NLPSettings.compute(settings.model, settings.types, settings.max_chars)
            entry = _PIPELINES[key] = (nlp, mine.fingerprint, threading.Lock())
    return entry


def worker_fingerprint(settings: NLPSettings) -> str:
    """Load the pipeline in this worker (if not yet) and return its fingerprint."""
    return worker_pipeline(settings)[1]


def nlp_task(settings: NLPSettings, texts: list[str], batch_size: int) -> tuple[str, str, list[str]]:
    """A worker's task: ``(worker id, its pipeline's fingerprint, encoded records of each text)``."""
    nlp, fingerprint, lock = worker_pipeline(settings)
    with lock:
        payloads = run_texts(nlp, texts, settings, batch_size)
    return f"{socket.gethostname()}:{os.getpid()}", fingerprint, payloads


def _ignore_sigint() -> None:
    # Ctrl-C reaches the whole process group: the main process handles it and stops the pool
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _worker_start() -> None:
    """A worker process's start: Ctrl-C is the main process's, and one BLAS thread,
    since the workers already use every core."""
    _ignore_sigint()
    one_blas_thread()


def one_blas_thread() -> None:
    """One thread for numpy's BLAS in this process. numpy is imported first: a limit set before
    its BLAS library is loaded does nothing (a spawned or Dask worker would multiply on every
    core, as many times over as there are workers)."""
    import numpy  # noqa: F401
    from threadpoolctl import threadpool_limits

    threadpool_limits(1, user_api="blas")


def _forked_worker(settings: NLPSettings, nlp) -> None:
    """A forked worker's start: the pipeline the main process loaded (shared copy-on-write),
    never pickled; its fingerprint is the main process's, computed on this machine."""
    _worker_start()
    key = (settings.model, settings.types, settings.max_chars)
    with _PIPELINES_LOCK:
        _PIPELINES[key] = (nlp, settings.fingerprint, threading.Lock())


# -- task handles ----------------------------------------------------------------------------


class _Done:
    def __init__(self, payloads: list[str]):
        self._payloads = payloads

    def done(self) -> bool:
        return True

    def result(self) -> list[str]:
        return self._payloads


class _Remote:
    """A task running in a worker (a ``concurrent.futures`` or Dask future)."""

    def __init__(self, engine, future, texts: list[str]):
        self.engine, self.future, self.texts = engine, future, texts

    def done(self) -> bool:
        return self.future.done()

    def result(self) -> list[str]:
        try:
            worker, fingerprint, payloads = self.future.result()
        except Exception as err:
            payloads = self.engine._failed(err, self.texts)
            if payloads is None:
                raise
        else:
            self.engine._accept(worker, fingerprint)
        self.future = self.texts = None
        return payloads


class _Engine:
    name = "local"

    def __init__(self, settings: NLPSettings, *, batch_size: int = 32):
        self.settings = settings
        self.batch_size = batch_size
        self.workers: Counter = Counter()  # worker id -> tasks it ran
        self.capacity = 1  # tasks in flight at once
        self.processes = 1
        self._nlp = None

    def _pipeline(self):
        """This process's pipeline, loaded (and its lazily loaded parts set up) on first use."""
        if self._nlp is None:
            from pipelines import pipeline

            nlp = pipeline.load(self.settings.model, labels=list(self.settings.types))
            nlp(WARM_UP)
            self._nlp = nlp
        return self._nlp

    def _run_here(self, texts: list[str]) -> list[str]:
        payloads = run_texts(self._pipeline(), texts, self.settings, self.batch_size)
        self.workers[f"{socket.gethostname()}:{os.getpid()}"] += 1
        return payloads

    def _accept(self, worker: str, fingerprint: str) -> None:
        self._check(worker, fingerprint)
        self.workers[worker] += 1

    def _check(self, worker: str, fingerprint: str) -> None:
        if fingerprint != self.settings.fingerprint:
            raise EngineError(
                f"worker {worker} runs another pipeline than this machine (its NLP settings hash "
                f"{fingerprint[:12]}, ours {self.settings.fingerprint[:12]}); install the same entity-graph "
                "version and model on every worker"
            )

    def _failed(self, err: Exception, texts: list[str]) -> list[str] | None:
        """A task failed: its payloads computed some other way, or None to raise ``err``."""
        return None


    def close(self, *, wait: bool = True) -> None:
        self._nlp = None

    def __enter__(self):
        return self

    def __exit__(self, kind, value, traceback):
        self.close(wait=kind is None)  # on an error or Ctrl-C, don't wait for the tasks running


class InProcessEngine(_Engine):
    """The NLP in this process, each task as it is submitted."""

    def submit(self, texts: list[str]) -> _Done:
        return _Done(self._run_here(texts))


class _Held:
    """The first task of a pool that has not started: sent to the pool if a second task comes,
    run in this process if its result is wanted first (one batch is not worth starting workers)."""

    def __init__(self, engine: "PoolEngine", texts: list[str]):
        self.engine, self.texts, self.sent = engine, texts, None

    def done(self) -> bool:
        return self.sent is not None and self.sent.done()

    def result(self) -> list[str]:
        if self.sent is None:
            self.engine._held = None
            payloads, self.texts = self.engine._run_here(self.texts), None
            return payloads
        return self.sent.result()


class PoolEngine(_Engine):
    """``processes`` local worker processes with the pipeline loaded once.

    The pool starts when a second task is submitted while the first is
    waiting; a run with a single batch of new documents stays in this process.
    Workers are forked on Linux (no re-import of the caller's ``__main__``, so
    scripts without a ``__main__`` guard and notebooks work) from this process
    once it has loaded the pipeline, which they share; elsewhere they are
    spawned and each loads it. If the workers cannot start or die, the build
    goes on in this process, with a warning.
    """

    def __init__(self, settings: NLPSettings, *, batch_size: int = 32, processes: int = 2):
        super().__init__(settings, batch_size=batch_size)
        self.processes = processes
        self.capacity = 2 * processes
        self._pool = None
        self._held: _Held | None = None
        self._here = False  # the workers failed: everything in this process from now on

    def _start(self) -> None:
        import multiprocessing
        import sys
        from concurrent.futures import ProcessPoolExecutor

        method = "fork" if sys.platform.startswith("linux") else "spawn"
        context = multiprocessing.get_context(method)
        initializer, initargs = _worker_start, ()
        if method == "fork":
            # load the pipeline here, once, and fork the workers with it ready: they start at once and
            # share its memory, instead of each importing spaCy and loading the model and jieba's
            # dictionaries on the same cores at the same time
            initializer, initargs = _forked_worker, (self.settings, self._pipeline())
        self._pool = ProcessPoolExecutor(self.processes, mp_context=context, initializer=initializer, initargs=initargs)
        logger.info("started %d worker processes (%s)", self.processes, method)

    def _send(self, texts: list[str]):
        try:
            return _Remote(self, self._pool.submit(nlp_task, self.settings, texts, self.batch_size), texts)
        except RuntimeError as err:  # e.g. spawn from a script with no __main__ guard; a broken pool
            return _Done(self._failed(err, texts))

    def _failed(self, err: Exception, texts: list[str]) -> list[str] | None:
        from concurrent.futures import CancelledError
        from concurrent.futures.process import BrokenProcessPool

        if not isinstance(err, (BrokenProcessPool, CancelledError, RuntimeError)):
            return None
        if not self._here:
            logger.warning("worker processes failed (%s); going on in this process", err)
            self._here = True
            if self._pool is not None:
                self._pool.shutdown(wait=False, cancel_futures=True)
        return self._run_here(texts)

    def submit(self, texts: list[str]):
        if self._here:
            return _Done(self._run_here(texts))
        if self._pool is None:
            if self._held is None:
                self._held = _Held(self, texts)
                return self._held
            self._start()
            self._held.sent, self._held.texts = self._send(self._held.texts), None
            self._held = None
        return self._send(texts)


    def close(self, *, wait: bool = True) -> None:
        super().close()
        if self._pool is not None:
            self._pool.shutdown(wait=wait, cancel_futures=True)
            self._pool = None


class DaskEngine(_Engine):
    """Tasks as Dask futures: on the cluster at ``scheduler``, or on a ``LocalCluster``
    of ``processes`` single-threaded worker processes on loopback when there is none."""

    name = "dask"

    def __init__(self, settings: NLPSettings, *, batch_size: int = 32, processes: int = 2, scheduler: str | None = None):
        super().__init__(settings, batch_size=batch_size)
        check_dask()
        self.processes = processes
        self.scheduler = scheduler
        self.client = None
        self.cluster = None

    def _start(self) -> None:
        from distributed import Client, LocalCluster

        for name in ("distributed", "tornado", "bokeh"):
            logging.getLogger(name).setLevel(logging.ERROR)
        try:
            if self.scheduler:
                self.client = Client(self.scheduler, timeout="20s")
            else:
                self.cluster = LocalCluster(
                    n_workers=self.processes, threads_per_worker=1, processes=True,
                    host="127.0.0.1", dashboard_address=None, silence_logs=logging.ERROR,
                )
                self.client = Client(self.cluster)
        except (OSError, TimeoutError) as err:
            self.close()
            where = f"the Dask scheduler at {self.scheduler}" if self.scheduler else "a local Dask cluster"
            raise EngineError(f"cannot reach {where}: {err}") from None
        # every worker loads the pipeline now, all at once, and shows what it loaded
        for worker, fingerprint in self.client.run(worker_fingerprint, self.settings).items():
            self._check(worker, fingerprint)
        threads = sum(w.get("nthreads", 1) for w in self.client.scheduler_info().get("workers", {}).values())
        self.capacity = max(2, 2 * threads)
        logger.info("Dask: %s, %d worker threads", self.client.scheduler.address, threads)

    def submit(self, texts: list[str]) -> _Remote:
        if self.client is None:
            self._start()
        return _Remote(self, self.client.submit(nlp_task, self.settings, texts, self.batch_size, pure=False), texts)


    def close(self, *, wait: bool = True) -> None:
        super().close()
        if self.client is not None:
            self.client.close()
            self.client = None
        if self.cluster is not None:
            self.cluster.close()
            self.cluster = None


def check_dask() -> None:
    """Raise ``EngineError`` when ``distributed`` is not installed."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise EngineError('--engine dask needs Dask: pip install "entity-graph[dask]"') from None


def make_engine(
    name: str, settings: NLPSettings, *, batch_size: int = 32, processes: int | None = None, scheduler: str | None = None
) -> _Engine:
    """The engine called ``name`` (``local`` or ``dask``); nothing starts before its first task.

    Raises
    ------
    EngineError
        An unknown engine, or ``dask`` without Dask installed.
    """
    processes = processes or default_processes()
    if name == "dask":
        return DaskEngine(settings, batch_size=batch_size, processes=processes, scheduler=scheduler)
    if name != "local":
        raise EngineError(f"unknown engine {name!r}; expected one of {', '.join(ENGINES)}")
    if scheduler:
        raise EngineError("--scheduler needs --engine dask")
    if processes == 1:
        return InProcessEngine(settings, batch_size=batch_size)
    return PoolEngine(settings, batch_size=batch_size, processes=processes)

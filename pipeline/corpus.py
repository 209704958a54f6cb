"""Corpus runs: many PDFs, each bounded in time and memory, in parallel; one table per kind.

Not a stage: it only decides where `runner.run_report` runs and collects what comes back.

Process model (Linux `fork`, as Python's multiprocessing "fork" start method, without its
daemon rules so that it also works inside a Dask worker): every file runs in a child process
forked from the process that holds the spaCy model, so each worker has the model without
loading it again (copy-on-write) and a file's memory is gone when its child ends. The child
caps its own address space (`RLIMIT_AS`, `--max-memory-mb`); the parent kills it with SIGKILL
when it runs past `--timeout`. So a hostile file ends with E018, E019 or E020 and the run goes
on, and a hang in pure Python or in C is bounded alike. With one PDF the model is loaded in the
child, after the parse, as an in-process run would (a bad PDF fails before the 1 s model load);
with several, once in the parent before the first fork. With `--timeout 0 --max-memory-mb 0
--jobs 1` nothing needs a child and the files run in this process.

The child sends its progress lines, its log records and its outcome through a pipe; the
parent shows them in input order (the first unfinished file's live, a later file's when its
turn comes), so stdout, stderr and `failures.csv` do not depend on `--jobs`. `--dask` sends
each file to a Dask worker, which loads the model once (`runner.get_nlp`) and runs the file
in the same kind of bounded child.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import re
import resource
import signal
import sys
import threading
import time
import traceback
from collections import defaultdict, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from .errors import (
    EXIT_DATA,
    EXIT_INTERNAL,
    EXIT_LIMIT,
    EXIT_MODEL,
    EXIT_OUTPUT,
    EXIT_SOME_FAILED,
    EXIT_USAGE,
    PipelineError,
    error,
)

if TYPE_CHECKING:  # imported where a worker is started (13 ms that other commands need not pay)
    from multiprocessing.connection import Connection

DEFAULT_TIMEOUT_S = 600.0  # a 300-page report takes about 90 s on 2 cores; a hang is caught within 10 min
DEFAULT_MAX_MEMORY_MB = 4096  # a worker's address space, model included (about 0.5 GB after a 10-page run)
CORPUS_DIR = "corpus"
FAILURES_CSV = "failures.csv"
FAILURE_COLUMNS = ["file", "code", "message"]
CORPUS_TABLES = ("sections.csv", "entities.csv", "obligations.csv", "countries.csv")
# A failure of the environment, not of the file: every later file would fail the same way.
FATAL_STATUSES = frozenset({EXIT_MODEL, EXIT_DATA, EXIT_OUTPUT})
TICK_S = 1.0  # how often the progress line is redrawn while files run

TIMELINE_ENV = "PIPELINE_TIMELINE"  # debug: a file that gets one JSON line per event of the run (benchmarks)

# What a worker reports while it runs: ("progress", text) or ("log", logger name, level, text).
Message = tuple[Any, ...]


@dataclass(frozen=True)
class Limits:
    """Per-file bounds; 0 turns one off."""

    timeout_s: float = DEFAULT_TIMEOUT_S
    max_memory_mb: int = DEFAULT_MAX_MEMORY_MB

    @property
    def any(self) -> bool:
        return bool(self.timeout_s or self.max_memory_mb)


@dataclass(frozen=True)
class Task:
    """One file of a run: `index` is its place in the input order."""

    index: int
    pdf: Path
    gold: Path | None
    out_root: Path
    options: tuple[tuple[str, Any], ...] = ()  # more keyword arguments of run_report


@dataclass
class Outcome:
    """What became of one file: its summary, or the error that stopped it."""

    task: Task
    summary: str | None = None
    code: str = ""
    message: str = ""
    exit_status: int = 0
    traceback: str = ""  # of an E999, shown with PIPELINE_DEBUG=1
    messages: list[Message] = field(default_factory=list)  # kept only where they cannot be shown live (Dask)

    @property
    def failed(self) -> bool:
        return self.summary is None

    def fail(self, exc: PipelineError) -> Outcome:
        self.code, self.message, self.exit_status = exc.code, exc.message, exc.exit_status
        return self


OnMessage = Callable[[int, Message], None]
OnOutcome = Callable[[Outcome], None]


# ---------------------------------------------------------------- the debug timeline


def timeline(event: str, **fields: Any) -> None:
    """With $PIPELINE_TIMELINE set, append one JSON line: the event, `time.monotonic()` (one clock for
    every process of the machine), this process's id and its CPU seconds so far (a forked child's
    start at 0). Parent and workers append to the same file (O_APPEND: each line lands whole);
    `benchmarks/bench_corpus.py` turns it into a timeline and the workers' idle time."""
    path = os.environ.get(TIMELINE_ENV)
    if not path:
        return
    times = os.times()
    record = {"event": event, "t": time.monotonic(), "pid": os.getpid(), "cpu": times.user + times.system, **fields}
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, (json.dumps(record) + "\n").encode())
        finally:
            os.close(fd)
    except OSError:  # a debug aid never stops a run
        pass


# ---------------------------------------------------------------- the order files are handed out

PAGE_TREE = re.compile(rb"/Type\s*/Pages(?![A-Za-z])")
PAGE_COUNT = re.compile(rb"/Count\s+(\d{1,9})")
SCANNED_BYTES = 16 * 2**20  # a larger file is judged by its size alone
BYTES_PER_PAGE = 50_000  # the guess where no page count is readable (object streams): about the test PDFs'


def estimated_pages(pdf: Path) -> float:
    """The file's page count as its page tree declares it (`/Count` of a `/Type /Pages` dictionary,
    the largest), found by a regular expression over the raw bytes, else its size / BYTES_PER_PAGE.
    Only a guess at the work a file holds, to hand out the longest files first; nothing is parsed
    here (a hostile file is only read in a bounded worker), and the outputs never depend on it."""
    try:
        size = pdf.stat().st_size
        data = pdf.read_bytes() if size <= SCANNED_BYTES else b""
    except OSError:
        return 0.0
    best = 0
    for match in PAGE_TREE.finditer(data):
        start, end = data.rfind(b"<<", 0, match.start()), data.find(b">>", match.end())
        count = PAGE_COUNT.search(data, start, end) if 0 <= start and 0 <= end else None
        if count:
            best = max(best, int(count.group(1)))
    return float(best) if best else size / BYTES_PER_PAGE


def longest_first(tasks: Sequence[Task]) -> list[Task]:
    """LPT scheduling (longest processing time first): with the longest files handed out first, the
    files left at the end are short, so no worker waits long for the last one (Graham's bound: the
    run ends within 4/3 of the best order). Ties in input order; outputs are shown and written in
    input order whatever the order here."""
    pages = {task.index: estimated_pages(task.pdf) for task in tasks}
    return sorted(tasks, key=lambda task: (-pages[task.index], task.index))


# ---------------------------------------------------------------- one file


def run_one(task: Task, on_message: Callable[[Message], None], *, max_memory_mb: int = 0) -> Outcome:
    """Run one report in this process; every error becomes the outcome, none escapes but an interrupt."""
    from .runner import readable_path, run_report

    outcome = Outcome(task)
    try:
        outcome.summary = run_report(
            task.pdf,
            out_root=task.out_root,
            gold_path=task.gold,
            progress=lambda text: on_message(("progress", text)),
            **dict(task.options),
        )
    except PipelineError as exc:
        outcome.fail(exc)
    except MemoryError:  # raised under the worker's RLIMIT_AS (or by a machine out of memory)
        limit = f"cap {max_memory_mb} MB" if max_memory_mb else "no cap was set"
        outcome.fail(error("E019", EXIT_LIMIT, path=readable_path(task.pdf), limit=limit))
    except Exception as exc:  # a bug: one line per file, the traceback on request
        outcome.traceback = traceback.format_exc()
        outcome.fail(
            PipelineError(
                "E999",
                f"internal error {type(exc).__name__}: {exc} (set PIPELINE_DEBUG=1 for the traceback)",
                EXIT_INTERNAL,
            )
        )
    return outcome


class _ForwardLogs(logging.Handler):
    """In a worker: the stages' warnings go to the parent, which shows them in input order."""

    def __init__(self, send: Callable[[Message], None]) -> None:
        super().__init__(logging.WARNING)
        self.send = send

    def emit(self, record: logging.LogRecord) -> None:
        self.send(("log", record.name, record.levelno, record.getMessage()))


PR_SET_PDEATHSIG = 1  # prctl(2): the signal the kernel sends a process when its parent ends


def _libc() -> Any:
    """The C library, for prctl; None where there is none to call (loaded in the parent, before a fork)."""
    global _LIBC
    if _LIBC is None and sys.platform.startswith("linux"):
        try:
            import ctypes

            _LIBC = ctypes.CDLL(None, use_errno=True)
        except (ImportError, OSError):
            _LIBC = False
    return _LIBC or None


_LIBC: Any = None


def _die_with_parent(parent: int) -> None:
    """A worker whose parent is killed (not Ctrl-C: that reaches both) ends too, not runs on unseen."""
    libc = _libc()
    if libc is not None:
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent ended before prctl took effect
        os._exit(70)


def _bound_child(limits: Limits, parent: int) -> None:
    """What every forked child does first: Ctrl-C left to the parent, die with it, cap memory."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C: the parent cleans up and reports
    _die_with_parent(parent)
    if limits.max_memory_mb:
        cap = limits.max_memory_mb * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def _send_logs_to(send: Callable[[Message], None]) -> None:
    stages = logging.getLogger("pipeline")
    for handler in list(stages.handlers):
        stages.removeHandler(handler)
    stages.addHandler(_ForwardLogs(send))


def _child(task: Task, limits: Limits, conn: Connection, parent: int, slot: int, parsed: Parsed | None) -> NoReturn:
    """The forked worker of one file: cap memory, run, send the outcome, leave without cleanup
    (the parent's atexit handlers and buffers are not this process's to run or flush)."""
    status = 0
    try:
        # The parent's objects (the model's) are never scanned by this process's collector, so the
        # pages that hold them stay shared with the parent instead of being copied (27% fewer page
        # faults on the first report). O(1): only the generation lists' heads are relinked.
        gc.freeze()
        timeline("start", index=task.index, slot=slot, file=task.pdf.name)
        _bound_child(limits, parent)
        _send_logs_to(conn.send)
        if parsed is not None:
            _use_parsed(parsed)

        def send(message: Message) -> None:
            if message[0] == "progress":
                timeline("progress", index=task.index, slot=slot, text=message[1])
            conn.send(message)

        outcome = run_one(task, send, max_memory_mb=limits.max_memory_mb)
        usage = resource.getrusage(resource.RUSAGE_SELF)
        timeline("end", index=task.index, slot=slot, minflt=usage.ru_minflt, maxrss_kb=usage.ru_maxrss)
        conn.send(("outcome", outcome))
    except BaseException:  # nothing may return into the parent's code; the parent reports E020
        status = 70
    finally:
        os._exit(status)


# ---------------------------------------------------------------- parsing while the model loads

# A file's parse done in a child forked before the model is loaded: (Document, its sections, the
# log records the parse gave as (logger name, level, text)).
Parsed = tuple[Any, Any, list[tuple[str, int, str]]]


def _parse_child(task: Task, limits: Limits, conn: Connection, parent: int, slot: int) -> NoReturn:
    """Parse one file (the parse and the section split, as `runner.analyse` calls them) and send
    the result; under the same memory cap, killed at the file's timeout by the parent. Any
    failure sends nothing: the file's worker then parses it itself and meets the error there."""
    status = 0
    try:
        gc.freeze()
        timeline("parse start", index=task.index, slot=slot, file=task.pdf.name)
        _bound_child(limits, parent)
        records: list[Message] = []
        _send_logs_to(records.append)
        from . import runner

        document = runner.parse_pdf(task.pdf, limits=dict(task.options).get("parse_limits"))
        sections = runner.split_sections(document)
        timeline("parse end", index=task.index, slot=slot)
        conn.send(("parsed", (document, sections, [record[1:] for record in records])))
    except BaseException:
        status = 70
    finally:
        os._exit(status)


def _use_parsed(parsed: Parsed) -> None:
    """In the worker of a file parsed while the model loaded: the runner's parse and section split
    give that parse instead of computing it again (the parse's warnings logged again here, where
    the parse would have logged them). The same code on the same bytes: the same Document."""
    from . import runner

    document, sections, records = parsed

    def parse_pdf(pdf: Path, **_: Any) -> Any:
        for name, level, text in records:
            logging.getLogger(name).log(level, text)
        return document

    runner.parse_pdf = parse_pdf  # type: ignore[assignment]  # this process runs this one file only
    runner.split_sections = lambda _document: sections  # type: ignore[assignment]


def start_parsing(tasks: Sequence[Task], *, jobs: int, limits: Limits) -> list[_Worker]:
    """Before the model is loaded (about 1.2-1.5 s of one core), the first `jobs` files to be
    handed out are parsed, one child each, sharing the cores with the loading parent: a parse is
    shorter than the load (0.8 s on the first report), so with `jobs - 1` children one core sat
    idle for the rest of the load; with `jobs` none does. `run_local` then starts each file's
    worker with its parse. `--jobs 1` parses nothing early (it would borrow a second core)."""
    count = jobs if jobs > 1 else 0
    return [_Worker(task, limits, slot=slot, kind="parse") for slot, task in enumerate(tasks[:count])]


# ---------------------------------------------------------------- the local pool


class _Worker:
    """A forked child running one task, as the parent sees it."""

    def __init__(
        self, task: Task, limits: Limits, slot: int = 0, *, kind: str = "run", parsed: Parsed | None = None,
        deadline: float | None = None,
    ) -> None:
        for stream in (sys.stdout, sys.stderr):  # else the child inherits unwritten lines
            stream.flush()
        _libc()
        from multiprocessing.connection import Pipe

        reader, writer = Pipe(duplex=False)
        parent = os.getpid()
        timeline("fork", index=task.index, slot=slot)
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child, which reports through the pipe
            reader.close()
            if kind == "parse":
                _parse_child(task, limits, writer, parent, slot)
            _child(task, limits, writer, parent, slot, parsed)
        writer.close()
        self.slot = slot
        self.kind = kind
        self.parsed: Parsed | None = None
        self.pid = pid
        self.conn = reader
        self.task = task
        self.outcome: Outcome | None = None
        self.killed = False
        # the file's time counts from its first child (its parse while the model loaded, if any)
        self.deadline = deadline or (time.monotonic() + limits.timeout_s if limits.timeout_s else None)

    def kill(self) -> None:
        self.killed = True
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def reap(self) -> int:
        """Wait for the child to end; its wait status."""
        self.conn.close()
        _, status = os.waitpid(self.pid, 0)
        return status

    def reap_later(self) -> None:
        """The child sent its outcome and is leaving: reap it when it is gone, not now (tearing
        down a process of a few hundred MB takes tens of ms, which a single run need not wait for)."""
        self.conn.close()
        _UNREAPED.append(self.pid)


_UNREAPED: list[int] = []  # children that sent their outcome and may still be exiting


def _reap_exited() -> None:
    for pid in list(_UNREAPED):
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            done = pid
        if done:
            _UNREAPED.remove(pid)


def _ended_abruptly(task: Task, status: int) -> PipelineError:
    from .runner import readable_path

    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        try:
            how = f"killed by signal {signal.Signals(number).name}"
        except ValueError:
            how = f"killed by signal {number}"
    else:
        how = f"exit status {os.WEXITSTATUS(status)} without a result"
    return error("E020", EXIT_LIMIT, path=readable_path(task.pdf), how=how)


def run_local(
    tasks: Sequence[Task], *, jobs: int, limits: Limits, on_message: OnMessage, on_outcome: OnOutcome,
    on_tick: Callable[[], None] = lambda: None, parsing: Sequence[_Worker] = (),
) -> None:
    """Run `tasks` over at most `jobs` forked workers, each bounded by `limits`.

    `on_message(index, message)` and `on_outcome(outcome)` come in the order things happen;
    `on_outcome` raising (a fatal error) stops the others. A killed child is reaped before
    return; one that sent its outcome when it has exited (here or in a later call).
    `parsing`: children of `start_parsing` (their files among `tasks`), each holding a slot until
    its parse ends, when the file's worker starts in that slot, with the parse if one came.
    """
    from multiprocessing.connection import wait

    from .runner import readable_path

    _reap_exited()
    running: dict[Connection, _Worker] = {w.conn: w for w in parsing}
    being_parsed = {w.task.index for w in parsing}
    queue = deque(task for task in tasks if task.index not in being_parsed)
    try:
        while queue or running:
            while queue and len(running) < jobs:
                busy = {w.slot for w in running.values()}
                worker = _Worker(queue.popleft(), limits, slot=min(set(range(jobs)) - busy))
                running[worker.conn] = worker
            deadlines = [w.deadline for w in running.values() if w.deadline is not None]
            timeout = max(0.0, min([TICK_S, *(d - time.monotonic() for d in deadlines)]))
            ended: list[_Worker] = []
            for ready in wait(list(running), timeout):
                worker = running[ready]  # type: ignore[index]
                try:
                    message: Message = worker.conn.recv()
                except (EOFError, OSError):  # the child ended; with an outcome sent, or killed
                    ended.append(worker)
                    continue
                if message[0] == "outcome":
                    worker.outcome = message[1]
                    ended.append(worker)
                elif message[0] == "parsed":
                    worker.parsed = message[1]
                    ended.append(worker)
                else:
                    on_message(worker.task.index, message)
            now = time.monotonic()
            for worker in running.values():
                if worker.outcome is None and worker.deadline is not None and now >= worker.deadline and worker not in ended:
                    worker.kill()
                    worker.outcome = Outcome(worker.task).fail(
                        error("E018", EXIT_LIMIT, path=readable_path(worker.task.pdf), seconds=limits.timeout_s)
                    )
                    ended.append(worker)
            for worker in ended:
                del running[worker.conn]
                if worker.kind == "parse" and worker.outcome is None:  # parsed, or failed to: now the file's worker
                    if worker.parsed is not None:
                        worker.reap_later()
                    else:
                        worker.reap()
                    successor = _Worker(worker.task, limits, slot=worker.slot, parsed=worker.parsed, deadline=worker.deadline)
                    running[successor.conn] = successor
                    continue
                timeline("outcome", index=worker.task.index, slot=worker.slot)
                if worker.outcome is not None and not worker.killed:
                    worker.reap_later()
                    on_outcome(worker.outcome)
                else:
                    status = worker.reap()
                    on_outcome(worker.outcome or Outcome(worker.task).fail(_ended_abruptly(worker.task, status)))
            on_tick()
    finally:
        for worker in running.values():
            worker.kill()
            worker.reap()
        _reap_exited()


def run_in_process(tasks: Sequence[Task], *, on_message: OnMessage, on_outcome: OnOutcome) -> None:
    """No limits and one job: the files one after the other in this process (no fork)."""
    for task in tasks:
        timeline("start", index=task.index, slot=0, file=task.pdf.name)
        outcome = run_one(task, partial(on_message, task.index))
        timeline("end", index=task.index, slot=0)
        on_outcome(outcome)


# ---------------------------------------------------------------- Dask


_WORKER_LOCK = threading.Lock()


def dask_task(task: Task, limits: Limits) -> Outcome:
    """What a Dask worker runs for one file: the model loaded once per worker process
    (`runner.get_nlp`), then the file in a bounded child forked from it. One file at a time
    per worker process (the lock), whatever its thread count."""
    from .runner import get_nlp

    outcomes: list[Outcome] = []
    messages: list[Message] = []
    with _WORKER_LOCK:
        try:
            get_nlp()
        except PipelineError as exc:  # a PipelineError does not survive pickling; an Outcome does
            return Outcome(task).fail(exc)
        run_local(
            [task], jobs=1, limits=limits,
            on_message=lambda index, message: messages.append(message), on_outcome=outcomes.append,
        )
    outcomes[0].messages = messages
    return outcomes[0]


def run_dask(
    tasks: Sequence[Task], *, scheduler: str, limits: Limits, on_message: OnMessage, on_outcome: OnOutcome,
    on_tick: Callable[[], None] = lambda: None,
) -> None:
    """Send every task to the Dask scheduler at `scheduler`; outcomes as they complete."""
    try:
        from distributed import Client, as_completed
    except ImportError as exc:
        raise error("E031", EXIT_USAGE, address=scheduler, detail="dask is not installed: pip install 'policy-pipeline[dask]'") from exc
    try:
        client = Client(scheduler, timeout="20s", set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise error("E031", EXIT_USAGE, address=scheduler, detail=str(exc) or type(exc).__name__) from exc
    try:
        by_key = {}
        futures = []
        for task in tasks:
            future = client.submit(dask_task, task, limits, pure=False)
            by_key[future.key] = task
            futures.append(future)
        for future in as_completed(futures, loop=client.loop):
            task = by_key[future.key]
            try:
                outcome = future.result()
            except Exception as exc:  # the worker died (dask's KilledWorker) or the task could not run
                outcome = Outcome(task).fail(_lost_on_cluster(task, exc))
            for message in outcome.messages:
                on_message(task.index, message)
            on_outcome(outcome)
            on_tick()
    finally:
        client.close()


def _lost_on_cluster(task: Task, exc: Exception) -> PipelineError:
    from .runner import readable_path

    return error("E020", EXIT_LIMIT, path=readable_path(task.pdf), how=f"on the Dask cluster: {type(exc).__name__}: {exc}")


# ---------------------------------------------------------------- showing it


class ProgressLine:
    """`3/20 files, 1 failed, about 2 min left` redrawn at the bottom of a terminal; nothing elsewhere."""

    def __init__(self, stream: TextIO, total: int, *, enabled: bool) -> None:
        self.stream = stream
        self.total = total
        self.enabled = enabled
        self.started = time.monotonic()
        self.done = 0
        self.failed = 0
        self.visible = False

    def text(self, now: float | None = None) -> str:
        elapsed = (now if now is not None else time.monotonic()) - self.started
        if self.done == 0:
            left = "time left unknown"
        elif self.done == self.total:
            left = f"done in {_duration(elapsed)}"
        else:
            left = f"about {_duration(elapsed / self.done * (self.total - self.done))} left"
        return f"{self.done}/{self.total} files, {self.failed} failed, {left}"

    def show(self) -> None:
        if self.enabled:
            self.stream.write("\r\x1b[K" + self.text())
            self.stream.flush()
            self.visible = True

    def hide(self) -> None:
        if self.visible:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.visible = False


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


class Console:
    """Shows each file's messages and outcome in input order: the first unfinished file's live,
    a later file's when every earlier one is shown. Summaries go to `out`, the rest to `err`."""

    def __init__(self, out: TextIO, err: TextIO, total: int, *, corpus: bool) -> None:
        self.out = out
        self.err = err
        self.corpus = corpus
        self.bar = ProgressLine(err, total, enabled=corpus and _isatty(err))
        self.head = 0
        self.waiting: dict[int, list[Message]] = defaultdict(list)
        self.finished: dict[int, Outcome] = {}
        self.shown: list[Outcome] = []

    def message(self, index: int, message: Message) -> None:
        if index == self.head:
            self._show(message)
        else:
            self.waiting[index].append(message)

    def outcome(self, outcome: Outcome) -> None:
        if outcome.failed and self.corpus and outcome.exit_status in FATAL_STATUSES:
            raise PipelineError(outcome.code, outcome.message, outcome.exit_status)
        self.bar.done += 1
        self.bar.failed += outcome.failed
        self.finished[outcome.task.index] = outcome
        while self.head in self.finished:
            self._show_outcome(self.finished.pop(self.head))
            self.head += 1
            for message in self.waiting.pop(self.head, []):
                self._show(message)
        self.tick()

    def tick(self) -> None:
        self.bar.show()

    def _show(self, message: Message) -> None:
        self.bar.hide()
        if message[0] == "progress":
            print(message[1], file=self.err)
        elif message[0] == "log":
            _, name, level, text = message
            logging.getLogger(name).log(level, text)

    def _show_outcome(self, outcome: Outcome) -> None:
        from .runner import warn_unscored

        self.shown.append(outcome)
        self.bar.hide()
        if not outcome.failed:
            print(outcome.summary, file=self.out)
            if outcome.task.gold is None:
                warn_unscored(outcome.task.pdf)
            return
        if outcome.traceback and os.environ.get("PIPELINE_DEBUG"):
            print(outcome.traceback.rstrip("\n"), file=self.err)
        if self.corpus:  # with one PDF the CLI prints the error and exits with its status
            print(f"error [{outcome.code}]: {outcome.message}", file=self.err)


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


# ---------------------------------------------------------------- the run


def run_corpus(
    pdfs: Sequence[Path],
    *,
    out_root: Path,
    gold: Path | None = None,
    jobs: int = 1,
    limits: Limits = Limits(),
    dask_scheduler: str | None = None,
    report_options: dict[str, Any] | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Run every PDF; return the exit status.

    One PDF: as a single run always was, its error raised (its own code and status). Two or
    more (a corpus): a failed file is one `error [E0NN]` line and a row of `failures.csv`, the
    others go on; `corpus/` holds the tables of the reports that succeeded; the status is
    EXIT_SOME_FAILED when any failed. A model, data-file or output error stops the run.
    """
    from .runner import default_gold

    out = out or sys.stdout
    err = err or sys.stderr
    corpus = len(pdfs) > 1
    if corpus:
        clash = next((pdf for pdf in pdfs if pdf.stem == CORPUS_DIR), None)
        if clash is not None:
            from .runner import readable_path

            raise error("E021", EXIT_USAGE, path=readable_path(clash), out=out_root)
    options = tuple(sorted((report_options or {}).items()))
    tasks = [
        Task(index, pdf, gold if gold is not None else default_gold(pdf), out_root, options)
        for index, pdf in enumerate(pdfs)
    ]
    console = Console(out, err, len(tasks), corpus=corpus)
    console.tick()
    timeline("run", jobs=jobs, files=len(tasks))
    try:
        if dask_scheduler is not None:
            run_dask(longest_first(tasks), scheduler=dask_scheduler, limits=limits, on_message=console.message,
                     on_outcome=console.outcome, on_tick=console.tick)
        elif jobs == 1 and not limits.any:
            run_in_process(tasks, on_message=console.message, on_outcome=console.outcome)
        else:
            schedule = longest_first(tasks) if jobs > 1 else list(tasks)
            parsing: list[_Worker] = []
            if corpus:
                from .runner import get_nlp

                parsing = start_parsing(schedule, jobs=jobs, limits=limits)
                try:
                    get_nlp()  # once, here: every forked worker has it
                except BaseException:
                    for worker in parsing:
                        worker.kill()
                        worker.reap()
                    raise
                timeline("model")
            run_local(schedule, jobs=jobs, limits=limits, on_message=console.message,
                      on_outcome=console.outcome, on_tick=console.tick, parsing=parsing)
    finally:
        console.bar.hide()
    outcomes = console.shown
    if not corpus:
        (outcome,) = outcomes
        if outcome.failed:
            raise PipelineError(outcome.code, outcome.message, outcome.exit_status)
        return 0
    failures = [o for o in outcomes if o.failed]
    timeline("files done")
    write_failures(out_root, failures)
    write_corpus_tables(out_root, [o.task.pdf.stem for o in outcomes if not o.failed])
    timeline("tables")
    if failures:
        print(
            f"{len(failures)} of {len(outcomes)} files failed: listed in {out_root / FAILURES_CSV}",
            file=err,
        )
        return EXIT_SOME_FAILED
    return 0


def _readable(text: str) -> str:
    return os.fsencode(text).decode("utf-8", "backslashreplace")


def write_failures(out_root: Path, failures: Sequence[Outcome]) -> None:
    """`failures.csv` (file, code, message), in input order; only the header when none failed,
    so it always describes the last corpus run. Written to a temporary name and renamed."""
    from .export import to_csv_bytes
    from .runner import readable_path
    from .table import Table as Records  # (this module's `Table` is a header and rows of text)

    table = Records(
        list(FAILURE_COLUMNS),
        [{"file": readable_path(o.task.pdf), "code": o.code, "message": o.message} for o in failures],
    )
    write_atomically(out_root / FAILURES_CSV, to_csv_bytes(table))


def write_atomically(path: Path, content: bytes) -> None:
    """`path` holds either its old bytes or `content`, never a part (a fixed temporary name, so a
    killed run leaves at most one stray file, replaced by the next run)."""
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        temporary.write_bytes(content)  # the user's umask, as any file they write
        os.replace(temporary, path)
    except OSError as exc:
        raise error("E011", EXIT_OUTPUT, path=path, detail=exc.strerror or str(exc)) from exc


def write_corpus_tables(out_root: Path, reports: Sequence[str]) -> None:
    """`corpus/<table>.csv`: every report's rows of that table under a first column `report`
    (the report's output folder), reports in input order, rows as in the report's own CSV.

    Read back from the reports' written CSVs (as text, so every cell comes back byte for
    byte), which also works when Dask workers wrote them; the folder is written all or nothing.
    With the csv module rather than pandas: the same bytes (pandas writes through the same csv
    writer, see `csv_bytes`) in about a third of the time (0.36 → 0.12 s of CPU for 20 reports),
    which is spent after the last file, while every core but one is idle."""
    from .export import write_outputs

    files: dict[str, bytes] = {}
    counts: dict[str, int] = {}
    for name in CORPUS_TABLES:
        tables = []
        for report in reports:
            header, rows = read_csv_table(out_root / report / name)
            tables.append((["report", *header], [[_readable(report), *row] for row in rows]))
        header, rows = stack(tables, zero=_is_count_column if name == "countries.csv" else lambda column: False)
        files[name] = csv_bytes(header, rows)
        counts[name] = len(rows)
    manifest = {"reports": [_readable(r) for r in reports], "counts": counts}
    write_outputs(out_root / CORPUS_DIR, {}, manifest, files=files)


Table = tuple[list[str], list[list[str]]]  # a CSV's header and its rows, every cell text


def read_csv_table(path: Path) -> Table:
    """A CSV written by `export.to_csv_bytes`: its header and rows (a short row padded with empty cells)."""
    import csv

    try:
        with path.open(newline="", encoding="utf-8") as f:
            header, *rows = list(csv.reader(f)) or [[]]
    except (OSError, UnicodeDecodeError) as exc:
        raise error("E011", EXIT_OUTPUT, path=path, detail=str(exc)) from exc
    return header, [row + [""] * (len(header) - len(row)) for row in rows]


def csv_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    """These text cells through the one writer, `export.to_csv_bytes` (every cell neutralised)."""
    from .export import to_csv_bytes
    from .table import Table as Records

    if len(set(header)) != len(header):
        raise ValueError(f"repeated columns: {header}")  # stack() gives each column once
    return to_csv_bytes(Records(list(header), [dict(zip(header, row)) for row in rows]))


def _is_count_column(column: str) -> bool:
    """A `countries.csv` count column, which a report leaves out when it is 0 for every country."""
    from .compare import NOT_OMITTED, OMITTABLE_PREFIXES

    return column.startswith(OMITTABLE_PREFIXES) and column not in NOT_OMITTED


def stack(tables: Sequence[Table], *, zero: Callable[[str], bool]) -> Table:
    """Tables of text cells one under the other. Columns: the union, each new one placed after
    its predecessor in the table that brings it (so every report's order is kept); a cell a
    report lacks is "0" in a `zero` column, else empty."""
    if not tables:
        return ["report"], []
    columns: list[str] = []
    for header, _ in tables:
        for position, column in enumerate(header):
            if column not in columns:
                before = header[position - 1] if position else None
                columns.insert(columns.index(before) + 1 if before in columns else len(columns), column)
    stacked: list[list[str]] = []
    for header, rows in tables:
        where = {column: position for position, column in enumerate(header)}
        fill = ["0" if zero(column) else "" for column in columns]
        picks = [(where.get(column), fill[k]) for k, column in enumerate(columns)]
        stacked.extend([row[p] if p is not None else missing for p, missing in picks] for row in rows)
    return columns, stacked

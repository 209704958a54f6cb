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

import logging
import os
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


def _child(task: Task, limits: Limits, conn: Connection, parent: int) -> NoReturn:
    """The forked worker of one file: cap memory, run, send the outcome, leave without cleanup
    (the parent's atexit handlers and buffers are not this process's to run or flush)."""
    status = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C: the parent cleans up and reports
        _die_with_parent(parent)
        if limits.max_memory_mb:
            cap = limits.max_memory_mb * 2**20
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        stages = logging.getLogger("pipeline")
        for handler in list(stages.handlers):
            stages.removeHandler(handler)
        stages.addHandler(_ForwardLogs(conn.send))
        outcome = run_one(task, conn.send, max_memory_mb=limits.max_memory_mb)
        conn.send(("outcome", outcome))
    except BaseException:  # nothing may return into the parent's code; the parent reports E020
        status = 70
    finally:
        os._exit(status)


# ---------------------------------------------------------------- the local pool


class _Worker:
    """A forked child running one task, as the parent sees it."""

    def __init__(self, task: Task, limits: Limits) -> None:
        for stream in (sys.stdout, sys.stderr):  # else the child inherits unwritten lines
            stream.flush()
        _libc()
        from multiprocessing.connection import Pipe

        reader, writer = Pipe(duplex=False)
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child, which reports through the pipe
            reader.close()
            _child(task, limits, writer, parent)
        writer.close()
        self.pid = pid
        self.conn = reader
        self.task = task
        self.outcome: Outcome | None = None
        self.killed = False
        self.deadline = time.monotonic() + limits.timeout_s if limits.timeout_s else None

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
    on_tick: Callable[[], None] = lambda: None,
) -> None:
    """Run `tasks` over at most `jobs` forked workers, each bounded by `limits`.

    `on_message(index, message)` and `on_outcome(outcome)` come in the order things happen;
    `on_outcome` raising (a fatal error) stops the others. A killed child is reaped before
    return; one that sent its outcome when it has exited (here or in a later call).
    """
    from multiprocessing.connection import wait

    from .runner import readable_path

    _reap_exited()
    queue = deque(tasks)
    running: dict[Connection, _Worker] = {}
    try:
        while queue or running:
            while queue and len(running) < jobs:
                worker = _Worker(queue.popleft(), limits)
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
        on_outcome(run_one(task, partial(on_message, task.index)))


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
    try:
        if dask_scheduler is not None:
            run_dask(tasks, scheduler=dask_scheduler, limits=limits, on_message=console.message,
                     on_outcome=console.outcome, on_tick=console.tick)
        elif jobs == 1 and not limits.any:
            run_in_process(tasks, on_message=console.message, on_outcome=console.outcome)
        else:
            if corpus:
                from .runner import get_nlp

                get_nlp()  # once, here: every forked worker has it
            run_local(tasks, jobs=jobs, limits=limits, on_message=console.message,
                      on_outcome=console.outcome, on_tick=console.tick)
    finally:
        console.bar.hide()
    outcomes = console.shown
    if not corpus:
        (outcome,) = outcomes
        if outcome.failed:
            raise PipelineError(outcome.code, outcome.message, outcome.exit_status)
        return 0
    failures = [o for o in outcomes if o.failed]
    write_failures(out_root, failures)
    write_corpus_tables(out_root, [o.task.pdf.stem for o in outcomes if not o.failed])
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
    import pandas as pd

    from .export import to_csv_bytes
    from .runner import readable_path

    frame = pd.DataFrame(
        [{"file": readable_path(o.task.pdf), "code": o.code, "message": o.message} for o in failures],
        columns=FAILURE_COLUMNS,
    )
    write_atomically(out_root / FAILURES_CSV, to_csv_bytes(frame))


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
    byte), which also works when Dask workers wrote them; the folder is written all or nothing."""
    import pandas as pd

    from .export import write_outputs

    tables: dict[str, pd.DataFrame] = {}
    for name in CORPUS_TABLES:
        frames = []
        for report in reports:
            frame = pd.read_csv(out_root / report / name, dtype=str, keep_default_na=False)
            frame.insert(0, "report", _readable(report))
            frames.append(frame)
        tables[name] = stack(frames, zero=_is_count_column if name == "countries.csv" else lambda column: False)
    manifest = {"reports": [_readable(r) for r in reports], "counts": {n: len(t) for n, t in tables.items()}}
    write_outputs(out_root / CORPUS_DIR, tables, manifest)



def _is_count_column(column: str) -> bool:
    """A `countries.csv` count column, which a report leaves out when it is 0 for every country."""
    from .compare import NOT_OMITTED, OMITTABLE_PREFIXES

    return column.startswith(OMITTABLE_PREFIXES) and column not in NOT_OMITTED


def stack(frames: Sequence[Any], *, zero: Callable[[str], bool]) -> Any:
    """Frames of text cells one under the other. Columns: the union, each new one placed after
    its predecessor in the frame that brings it (so every report's order is kept); a cell a
    report lacks is "0" in a `zero` column, else empty."""
    import pandas as pd

    if not frames:
        return pd.DataFrame(columns=["report"])
    columns: list[str] = []
    for frame in frames:
        for position, column in enumerate(frame.columns):
            if column not in columns:
                before = frame.columns[position - 1] if position else None
                columns.insert(columns.index(before) + 1 if before in columns else len(columns), column)
    filled = []
    for frame in frames:
        frame = frame.copy()
        for column in columns:
            if column not in frame.columns:
                frame[column] = "0" if zero(column) else ""
        filled.append(frame[columns])
    return pd.concat(filled, ignore_index=True)

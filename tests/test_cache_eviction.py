"""The cache's size cap: least-recently-used eviction of whole entries after a run writes one,
no entry larger than the cap, an evicted entry a plain miss (the same CSVs), and concurrent runs
on one folder that never see part of an entry."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import random
from pathlib import Path

import pytest

from pipeline.cache import FORMAT, ReportCache, cache_entries, evict
from pipeline.types import Document
from tests.pdf_factory import build_report, serif_numbered

KB = 1024


def _pdf(folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.pdf"
    path.write_bytes(b"%PDF-1.4\n% a stand-in, only hashed: " + name.encode() + b"\n")
    return path


def _entry_names(root: Path) -> list[str]:
    """The entries under `root`, oldest use first, as `<pdf stem>/<kind>`."""
    return [Path(path).parent.name[:8] + "/" + Path(path).name.split("-")[0] for _, path, _ in cache_entries(root)]


def _set_last_use(path: Path, seconds: float) -> None:
    os.utime(path, (seconds, seconds))


def test_eviction_removes_the_least_recently_used_entries_first(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    caches = [ReportCache(root, _pdf(tmp_path, name), max_bytes=None) for name in ("a", "b", "c", "d")]
    for n, cache in enumerate(caches):
        cache._write("parse", cache.parse_key, "json", b"x" * (10 * KB))
        _set_last_use(cache._path("parse", cache.parse_key, "json"), 1_000_000 + n)  # a used first, d last
    assert caches[0]._read("parse", caches[0].parse_key, "json") is not None  # a hit: a is now the latest used
    removed = evict(root, 25 * KB)  # room for two of the four
    assert [p.parent for p in removed] == [caches[1].folder, caches[2].folder]  # b, then c: the longest unused
    kept = {Path(path).parent for _, path, _ in cache_entries(root)}
    assert kept == {caches[0].folder, caches[3].folder}
    assert not caches[1].folder.exists()  # a folder left empty goes too
    assert evict(root, 25 * KB) == []  # within the cap: nothing more


def test_a_run_that_writes_cuts_the_folder_back_to_the_cap(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    cap = 50 * KB

    def analyse(pdf: Path, *, cache: ReportCache) -> dict:
        cache._write("docs", cache.model_key, "spacy", os.urandom(20 * KB))  # what the model stage stores
        return {"document": Document(path=str(pdf), n_pages=1, blocks=[], footnotes=[], body_size=10.0)}

    caches = []
    for n in range(6):
        cache = ReportCache(root, _pdf(tmp_path, f"r{n}"), max_bytes=cap)
        cache.cached_analysis(analyse)
        caches.append(cache)
        total = sum(size for _, _, size in cache_entries(root))
        assert total <= cap, (n, total)
    latest = caches[-1]
    assert {p.name.split("-")[0] for p in latest.folder.iterdir()} == {"docs", "result"}  # the newest stay
    assert not caches[0].folder.exists()
    # without a cap nothing is evicted
    for n in range(6, 9):
        ReportCache(root, _pdf(tmp_path, f"r{n}"), max_bytes=None).cached_analysis(analyse)
    assert sum(size for _, _, size in cache_entries(root)) > cap


def test_an_entry_larger_than_the_cap_is_not_written(tmp_path: Path) -> None:
    cache = ReportCache(tmp_path / "cache", _pdf(tmp_path, "big"), max_bytes=10 * KB)
    cache._write("docs", cache.model_key, "spacy", b"x" * (10 * KB + 1))
    assert cache._read("docs", cache.model_key, "spacy") is None and not cache.written
    cache._write("docs", cache.model_key, "spacy", b"x" * (10 * KB))
    assert cache._read("docs", cache.model_key, "spacy") == b"x" * (10 * KB)


def test_stale_temporary_files_are_removed_and_never_counted(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    cache = ReportCache(root, _pdf(tmp_path, "t"), max_bytes=None)
    cache._write("parse", cache.parse_key, "json", b"{}")
    fresh = cache.folder / ".parse-x.json.abc.tmp"  # a run writing now
    stale = cache.folder / ".parse-y.json.def.tmp"  # left by a killed run
    fresh.write_bytes(b"y" * KB)
    stale.write_bytes(b"y" * KB)
    _set_last_use(stale, 1_000_000)
    assert [Path(p).name for _, p, _ in cache_entries(root)] == [f"parse-{cache.parse_key}.json"]
    assert fresh.exists() and not stale.exists()


# ---------------------------------------------------------------- two processes on one folder


def _payload(rng: random.Random) -> bytes:
    """Bytes that say whether they are whole: a SHA-256 of the rest, then the rest."""
    body = rng.randbytes(rng.randrange(1, 40) * KB)
    return hashlib.sha256(body).digest() + body


def _whole(data: bytes) -> bool:
    return hashlib.sha256(data[32:]).digest() == data[:32]


def _writer(root: str, folder: str, seed: int, rounds: int, cap: int, queue: multiprocessing.Queue) -> None:
    """One run's worth of cache traffic, again and again: write an entry, read others, evict."""
    rng = random.Random(seed)
    pdfs = [_pdf(Path(folder), f"shared{n}") for n in range(8)]  # both processes use these PDFs
    broken = reads = 0
    for _ in range(rounds):
        cache = ReportCache(Path(root), rng.choice(pdfs), max_bytes=cap)
        cache._write(rng.choice(["parse", "docs", "result"]), cache.parse_key, "bin", _payload(rng))
        for other_pdf in rng.sample(pdfs, 3):
            other = ReportCache(Path(root), other_pdf, max_bytes=cap)
            for kind in ("parse", "docs", "result"):
                data = other._read(kind, other.parse_key, "bin")
                if data is not None:
                    reads += 1
                    broken += not _whole(data)
        cache.evict()
    queue.put((reads, broken))


@pytest.mark.slow
def test_two_processes_on_one_folder_never_see_part_of_an_entry(tmp_path: Path) -> None:
    root, cap = tmp_path / "cache", 200 * KB
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    workers = [
        context.Process(target=_writer, args=(str(root), str(tmp_path / "pdfs"), seed, 150, cap, queue))
        for seed in (1, 2)
    ]
    for worker in workers:
        worker.start()
    results = [queue.get(timeout=300) for _ in workers]  # a generous bound: only detects a hang
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    assert all(reads > 0 for reads, _ in results)  # the processes did read each other's entries
    assert [broken for _, broken in results] == [0, 0]
    entries = cache_entries(root)
    assert sum(size for _, _, size in entries) <= cap  # each process evicted after its last write
    assert all(_whole(Path(path).read_bytes()) for _, path, _ in entries)
    assert not [p for p in (root / FORMAT).rglob(".*.tmp")]  # no temporary file left behind


# ---------------------------------------------------------------- an evicted entry is a miss (model)


@pytest.mark.slow
def test_an_evicted_entry_is_a_miss_with_the_same_csvs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.cli import main

    report = build_report(serif_numbered(), tmp_path / "report.pdf").path
    monkeypatch.chdir(tmp_path)
    in_process = ["--timeout", "0", "--max-memory-mb", "0", "--cache-dir", "c"]
    names = ("sections.csv", "entities.csv", "obligations.csv", "footnotes.csv", "countries.csv")

    def run(out: str, *extra: str) -> dict[str, bytes]:
        assert main(["run", str(report), "--out", out, *in_process, *extra]) == 0
        return {name: (tmp_path / out / "report" / name).read_bytes() for name in names}

    cold = run("a")
    assert '"read": []' in (tmp_path / "a" / "report" / "manifest.json").read_text()
    assert evict(tmp_path / "c", 0)  # everything evicted: the next run misses
    assert cache_entries(tmp_path / "c") == []
    assert run("b") == cold
    assert '"read": []' in (tmp_path / "b" / "report" / "manifest.json").read_text()
    assert run("h") == cold and '"result"' in (tmp_path / "h" / "report" / "manifest.json").read_text()  # a hit
    evict(tmp_path / "c", 0)
    # a cap below every entry: none is written, the run is whole all the same
    assert run("d", "--cache-max-mb", "0.001") == cold
    assert cache_entries(tmp_path / "c") == []
    assert run("e", "--cache-max-mb", "0.001") == cold
    assert '"read": []' in (tmp_path / "e" / "report" / "manifest.json").read_text()

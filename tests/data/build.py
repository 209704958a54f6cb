#!/usr/bin/env python3
"""Build a test report from its source and check its gold: one tool for every report in tests/data.

A report folder holds `report.json`:

    {"title": "...", "heading": "plain" | "numbered",
     "sections": [{"country": "Canada", "passages": ["b01", "b03"]}, ...],   # real-text reports
     "producers": [{"pdf": "x.pdf", "engine": "libreoffice" | "chromium" | "latex" | "reportlab",
                    "columns": 1 | 2, "font": "...", "size": 10.5}]}

or, for a report written as one Markdown file, `"source": "source.md"` and `"countries": [...]`
instead of `"sections"`. A real-text report is assembled from passages in `tests/data/real/passages/`
(`<id>.md`: front matter with publisher, url, licence, country; verbatim text in pandoc Markdown;
`<id>.gold.jsonl`: its gold, written by reading it): the builder writes `source.md` (the title, one
`##` heading per country, the passages, a footnote per passage citing its source) and `gold.jsonl`
(the passages' gold in section order) beside `report.json`, then typesets each producer's PDF.

    python tests/data/build.py tests/data/real/reports/dev-a            # assemble, check, build PDFs
    python tests/data/build.py --check tests/data/real/reports/dev-a    # assemble and check only

Checks (standard library only): every gold line is a JSON object with its type's keys, a known label
or deontic class; each sentence_quote is 30 characters or more and occurs in its section's body text;
each entity text occurs in its section at least as often as it is listed (whole words). Prints the
counts. Exit status 1 when a check fails.

Producers (Debian 12 packages): libreoffice (pandoc -> DOCX -> LibreOffice 7.4), chromium (pandoc ->
HTML -> headless Chromium; `columns: 2` sets the body in CSS columns), latex (pandoc -> pdfLaTeX,
texlive-latex-recommended), reportlab (tests/pdf_factory.py, pure Python: CI can rebuild it).
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent
PASSAGES = DATA / "real" / "passages"
LABELS = {"ORG", "POLICY", "ACTOR", "PLACE", "DATE"}
DEONTICS = {"obligation", "prohibition", "recommendation", "permission", "responsibility"}
ENTITY_KEYS = {"type", "country", "label", "text"}
OBLIGATION_KEYS = {"type", "country", "bearer", "deontic", "trigger", "aim", "issuer", "sentence_quote"}
MIN_QUOTE = 30  # the guidelines' shortest sentence_quote


# ---------------------------------------------------------------- passages


@dataclass(frozen=True)
class Passage:
    id: str
    meta: dict[str, str]
    text: str  # pandoc Markdown, verbatim from the source

    @property
    def gold_path(self) -> Path:
        return PASSAGES / f"{self.id}.gold.jsonl"


def read_passage(passage_id: str, folder: Path = PASSAGES) -> Passage:
    raw = (folder / f"{passage_id}.md").read_text("utf-8")
    match = re.match(r"^---\n(.*?)\n---\n(.*)$", raw, re.S)
    if not match:
        raise ValueError(f"{passage_id}.md: no front matter between --- lines")
    meta = {}
    for line in match.group(1).splitlines():
        key, sep, value = line.partition(":")
        if sep:
            meta[key.strip()] = value.strip().strip('"')
    return Passage(passage_id, meta, match.group(2).strip())


def citation(p: Passage) -> str:
    return f"{p.meta.get('publisher', '')}, “{p.meta.get('title', '')}”, {p.meta.get('url', '')} ({p.meta.get('licence', '')})."


# ---------------------------------------------------------------- assembling


def heading(country: str, number: int, style: str) -> str:
    return f"## {number}. {country}" if style == "numbered" else f"## {country}"


def assemble(folder: Path, config: dict) -> None:
    """Write source.md and gold.jsonl of a real-text report from its passages."""
    lines = [f"# {config['title']}", ""]
    if config.get("intro"):
        lines += [config["intro"], ""]
    notes: list[str] = []
    gold: list[str] = []
    intro_gold = folder / "intro.gold.jsonl"
    if intro_gold.exists():
        gold += [g for g in intro_gold.read_text("utf-8").splitlines() if g.strip()]
    for number, section in enumerate(config["sections"], 1):
        lines += [heading(section["country"], number, config.get("heading", "plain")), ""]
        for pid in section["passages"]:
            p = read_passage(pid)
            if p.meta.get("country") != section["country"]:
                raise ValueError(f"{pid}: country {p.meta.get('country')!r} under {section['country']!r}")
            notes.append(citation(p))
            body = p.text.split("\n\n")
            # The source note goes after the first paragraph that is not a heading or list.
            for i, block in enumerate(body):
                if not block.startswith(("#", "-", "*")):
                    body[i] = block.rstrip() + f"[^{len(notes)}]"
                    break
            lines += ["\n\n".join(body), ""]
            gold += [g for g in p.gold_path.read_text("utf-8").splitlines() if g.strip()]
    lines += [f"[^{n}]: {text}" for n, text in enumerate(notes, 1)]
    (folder / "source.md").write_text("\n".join(lines).rstrip() + "\n", "utf-8")
    (folder / "gold.jsonl").write_text("\n".join(gold) + "\n", "utf-8")


# ---------------------------------------------------------------- checking the gold


def section_texts(md: str, countries: set[str]) -> tuple[dict[str, str], list[str]]:
    """Body text per section of a pandoc Markdown report (footnote markers, heading and list marks
    dropped, white space collapsed) and the footnote numbers."""
    body, notes = [], []
    for line in md.splitlines():
        (notes if re.match(r"^\[\^\d+\]:", line) or (notes and line.startswith("    ")) else body).append(line)
    out: dict[str, list[str]] = collections.defaultdict(list)
    current = ""
    for line in body:
        m = re.match(r"^##\s+(?:\d+(?:\.\d+)*\.?\s+)?(.+?)\s*$", line)
        name = m.group(1) if m else None
        if name is not None:
            name = re.split(r"\s*(?::|\s[–—-])\s+", name)[0]
        if m and not line.startswith("###") and name in countries:
            current = name
            out[current]
            continue
        line = re.sub(r"^#+\s+", "", line)
        line = re.sub(r"^\s*(?:[-*]|\d+\.)\s+", "", line)
        line = re.sub(r"\[\^\d+\]", "", line)
        out[current].append(line.replace("**", ""))
    text = {k: re.sub(r"\s+", " ", "\n".join(v)).strip() for k, v in out.items()}
    return text, [re.match(r"^\[\^(\d+)\]", n).group(1) for n in notes if re.match(r"^\[\^\d+\]", n)]  # type: ignore[union-attr]


def check_gold(gold_lines: list[str], text: dict[str, str]) -> tuple[list[str], list[dict]]:
    errors, records = [], []
    for n, line in enumerate(gold_lines, 1):
        try:
            d = json.loads(line)
        except json.JSONDecodeError as e:
            errors.append(f"line {n}: not JSON ({e})")
            continue
        if not isinstance(d, dict):
            errors.append(f"line {n}: not an object")
            continue
        kind = d.get("type")
        keys = ENTITY_KEYS if kind == "entity" else OBLIGATION_KEYS if kind == "obligation" else None
        if keys is None:
            errors.append(f"line {n}: unknown type {kind!r}")
            continue
        extra = set(d) - keys - ({"bearer_text"} if kind == "obligation" else set())
        if keys - set(d) or extra:
            errors.append(f"line {n}: keys missing {sorted(keys - set(d))} extra {sorted(extra)}")
            continue
        if d["country"] not in text:
            errors.append(f"line {n}: unknown section {d['country']!r}")
            continue
        body = text[d["country"]]
        if kind == "entity":
            if d["label"] not in LABELS:
                errors.append(f"line {n}: unknown label {d['label']!r}")
            if not d["text"] or d["text"] != d["text"].strip():
                errors.append(f"line {n}: empty or padded text {d['text']!r}")
        else:
            if d["deontic"] not in DEONTICS:
                errors.append(f"line {n}: unknown deontic {d['deontic']!r}")
            for k in ("bearer", "trigger", "aim"):
                if not d[k]:
                    errors.append(f"line {n}: empty {k}")
            quote = " ".join(d["sentence_quote"].split())
            if len(quote) < MIN_QUOTE:
                errors.append(f"line {n}: sentence_quote shorter than {MIN_QUOTE} characters")
            if quote not in body:
                errors.append(f"line {n}: sentence_quote not in section {d['country']!r}: {quote!r}")
        records.append(d)
    listed = collections.Counter((d["country"], d["text"]) for d in records if d["type"] == "entity")
    for (country, t), k in listed.items():
        found = len(re.findall(r"(?<!\w)%s(?!\w)" % re.escape(t), text[country]))
        if found < k:
            errors.append(f"entity {t!r} listed {k}x in {country or 'introduction'!r}, occurs {found}x")
    return errors, records


def countries_of(config: dict) -> set[str]:
    if "sections" in config:
        return {s["country"] for s in config["sections"]}
    return set(config["countries"])


def check(folder: Path, config: dict, *, out=sys.stdout) -> int:
    md = (folder / config.get("source", "source.md")).read_text("utf-8")
    text, notes = section_texts(md, countries_of(config))
    gold = [g for g in (folder / config.get("gold", "gold.jsonl")).read_text("utf-8").splitlines() if g.strip()]
    errors, records = check_gold(gold, text)
    for e in errors:
        print("ERROR", e, file=sys.stderr)
    words = sum(len(v.split()) for v in text.values())
    print(f"{folder.name}: sections {len(text)}; body words {words}; footnotes {len(notes)}", file=out)
    ents = collections.Counter(d["label"] for d in records if d["type"] == "entity")
    obs = collections.Counter(d["deontic"] for d in records if d["type"] == "obligation")
    print(f"  entities {sum(ents.values())}: " + ", ".join(f"{k} {ents[k]}" for k in sorted(LABELS)), file=out)
    print(f"  obligations {sum(obs.values())}: " + ", ".join(f"{k} {obs[k]}" for k in sorted(DEONTICS)), file=out)
    return 1 if errors else 0


# ---------------------------------------------------------------- producers


def _run(cmd: list[str], log: Path, what: str) -> None:
    with log.open("w") as fh:
        if subprocess.run(cmd, stdout=fh, stderr=subprocess.STDOUT).returncode != 0:
            sys.exit(f"build.py: {what} failed; see {log}")


def _need(*commands: str) -> None:
    for c in commands:
        if not shutil.which(c):
            sys.exit(f"build.py: {c} not found (see this script's docstring for the Debian packages)")


CSS = """@page {{ size: A4; margin: 1.8cm; }}
html {{ font-family: "{font}", "DejaVu Sans", sans-serif; font-size: {size}pt; line-height: 1.3; }}
body {{ margin: 0; }} h1 {{ font-size: 17pt; }} h2 {{ font-size: 13pt; break-after: avoid; }}
h3 {{ font-size: {size}pt; font-style: italic; break-after: avoid; }}
p {{ margin: 0 0 0.5em 0; text-align: justify; }} a {{ color: #000; text-decoration: none; }}
.body {{ column-count: {columns}; column-gap: 0.8cm; }}
section.footnotes {{ font-size: 8pt; }} a.footnote-back {{ display: none; }}
"""


def produce(folder: Path, config: dict, producer: dict) -> None:
    source = folder / config.get("source", "source.md")
    target = folder / producer["pdf"]
    engine = producer["engine"]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        out = work / "out.pdf"
        if engine == "libreoffice":
            _need("pandoc", "soffice")
            _run(["pandoc", "--from", "markdown-smart", "--to", "docx", "-o", str(work / "r.docx"), str(source)],
                 work / "pandoc.log", "pandoc")
            _run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{work}/lo",
                  "--convert-to", "pdf", "--outdir", str(work), str(work / "r.docx")], work / "lo.log", "LibreOffice")
            (work / "r.pdf").rename(out)
        elif engine == "chromium":
            _need("pandoc", "chromium")
            css = CSS.format(font=producer.get("font", "Liberation Serif"), size=producer.get("size", 10.5),
                             columns=producer.get("columns", 1))
            (work / "r.css").write_text(css, "utf-8")
            html = work / "r.html"
            _run(["pandoc", "--from", "markdown-smart", "--to", "html5", "--standalone", "--css", "r.css",
                  "--metadata", f"pagetitle={config['title']}", "-o", str(html), str(source)],
                 work / "pandoc.log", "pandoc")
            # Wrap everything after the title in one multi-column block.
            page = html.read_text("utf-8")
            page = re.sub(r"(</h1>\s*</header>|</h1>)", r"\1<div class='body'>", page, count=1)
            page = page.replace("</body>", "</div></body>")
            html.write_text(page, "utf-8")
            _run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={work}/cr",
                  "--no-pdf-header-footer", f"--print-to-pdf={out}", f"file://{html}"], work / "cr.log", "Chromium")
        elif engine == "latex":
            _need("pandoc", "pdflatex")
            _run(["pandoc", "--from", "markdown-smart", "--pdf-engine=pdflatex", "-V", "papersize=a4",
                  "-V", "geometry:margin=2.2cm", "-V", f"fontsize={producer.get('size', 11)}pt",
                  "-V", "documentclass=article", "--metadata", f"title={config['title']}",
                  "-o", str(out), str(_without_title(source, work))], work / "pandoc.log", "pandoc/pdfLaTeX")
        elif engine == "reportlab":
            sys.path.insert(0, str(DATA.parent))
            from pdf_factory import build_report  # type: ignore[import-not-found]

            build_report(markdown_report(source.read_text("utf-8"), config, producer), out)
        else:
            sys.exit(f"build.py: unknown engine {engine!r}")
        shutil.move(str(out), target)
    print(f"wrote {target}")


def _without_title(source: Path, work: Path) -> Path:
    """pandoc's LaTeX writer typesets the title from metadata; drop the Markdown `# title` line."""
    text = re.sub(r"^# .*\n", "", source.read_text("utf-8"), count=1)
    path = work / "body.md"
    path.write_text(text, "utf-8")
    return path


def markdown_report(md: str, config: dict, producer: dict):
    """The pdf_factory spec of a pandoc Markdown report (headings, paragraphs, lists, footnotes)."""
    sys.path.insert(0, str(DATA.parent))
    import pdf_factory as f  # type: ignore[import-not-found]

    countries = countries_of(config)
    notes = {int(m.group(1)): f.Note(m.group(2).strip(), tuple(re.findall(r"https?://[^\s)]+", m.group(2))))
             for m in re.finditer(r"^\[\^(\d+)\]:\s*(.+)$", md, re.M)}
    blocks: list = []
    title = ""
    for chunk in re.split(r"\n\s*\n", re.sub(r"^\[\^\d+\]:.*$", "", md, flags=re.M)):
        chunk = chunk.strip()
        if not chunk:
            continue
        if chunk.startswith("# "):
            title = chunk[2:].strip()
        elif chunk.startswith("## "):
            name = re.sub(r"^(?:\d+\.\s+)", "", chunk[3:].strip())
            blocks.append(f.Heading(chunk[3:].strip(), level=1, country=name if name in countries else None))
        elif chunk.startswith("###"):
            blocks.append(f.Heading(chunk.lstrip("#").strip(), level=2))
        elif re.match(r"^[-*]\s", chunk):
            items = [re.sub(r"\s+", " ", i).strip() for i in re.split(r"(?m)^[-*]\s+", chunk) if i.strip()]
            blocks.append(f.Bullets(tuple(items)))
        else:
            blocks.append(f.Para(re.sub(r"\s+", " ", chunk)))
    return f.Report(blocks=tuple(blocks), title=title, footnotes=notes, font=producer.get("font", f.SANS),
                    body_size=producer.get("size", 10), running_header=producer.get("header", ""),
                    page_number=producer.get("page_number", "{n}"))


# ---------------------------------------------------------------- command line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("reports", nargs="+", type=Path, help="report folders (each with report.json)")
    parser.add_argument("--check", action="store_true", help="assemble and check the gold; build no PDF")
    parser.add_argument("--engine", help="build only this producer's PDFs")
    args = parser.parse_args(argv)
    status = 0
    for folder in args.reports:
        config = json.loads((folder / "report.json").read_text("utf-8"))
        if "sections" in config:
            assemble(folder, config)
        status |= check(folder, config)
        if not args.check:
            for producer in config.get("producers", []):
                if args.engine in (None, producer["engine"]):
                    produce(folder, config, producer)
    return status


if __name__ == "__main__":
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")  # reproducible PDF dates where honoured
    sys.exit(main())

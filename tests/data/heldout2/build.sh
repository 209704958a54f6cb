#!/usr/bin/env bash
# Build the second held-out report, heldout2.pdf, from source.md:
#
#   source.md --pandoc (+ two_columns.lua)--> DOCX --LibreOffice--> PDF
#
# Look (from reference.docx, written by make_reference_docx.py on every
# build from pandoc's own default reference document): Liberation Serif 11 pt
# justified body, 14 pt bold title, 12 pt bold country headings (barely
# larger than the body), 11 pt bold italic subheadings, no running header,
# page number centred in the footer, footnotes at the page bottom (9 pt) with
# superscript markers, A4 with 2.5 cm margins. Title, introduction and "Key
# findings" are set in one column; from the first country heading on, the
# text runs in TWO COLUMNS (a continuous section break inserted by
# two_columns.lua before the first country heading).
#
# Needs (Debian 12 packages): pandoc, libreoffice-writer, fonts-liberation,
# python3:
#   apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y \
#     pandoc libreoffice-writer fonts-liberation
# Built with pandoc 2.17.1.1 and LibreOffice 7.4.7.2; other versions give the
# same text but may break lines and pages differently.
#
# Usage: tests/data/heldout2/build.sh   (writes heldout2.pdf next to this script)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$here/source.md"

die() { echo "build.sh: $*" >&2; exit 1; }

command -v pandoc >/dev/null 2>&1 || die "pandoc not found; apt-get install pandoc"
command -v python3 >/dev/null 2>&1 || die "python3 not found; apt-get install python3"
soffice="$(command -v soffice || command -v libreoffice || true)"
[ -n "$soffice" ] || die "LibreOffice (soffice) not found; apt-get install libreoffice-writer"
[ -n "$(fc-list "Liberation Serif" family 2>/dev/null)" ] \
    || die "font Liberation Serif not found; apt-get install fonts-liberation"
[ -f "$src" ] || die "missing source $src"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

pandoc --print-default-data-file reference.docx >"$work/pandoc-default.docx"
python3 "$here/make_reference_docx.py" "$work/pandoc-default.docx" "$here/reference.docx"
section_break="$(python3 "$here/make_reference_docx.py" --section-break)"

# -smart: keep the curly quotes and apostrophes exactly as written.
pandoc --from markdown-smart --to docx \
    --reference-doc="$here/reference.docx" \
    --lua-filter="$here/two_columns.lua" \
    --metadata section-break-xml="$section_break" \
    --output "$work/heldout2.docx" \
    "$src"
python3 "$here/make_reference_docx.py" --fix-footer-id "$work/heldout2.docx"

# A private profile keeps the run independent of any user setup.
"$soffice" --headless --norestore \
    "-env:UserInstallation=file://$work/lo-profile" \
    --convert-to pdf --outdir "$work" "$work/heldout2.docx" \
    >"$work/soffice.log" 2>&1 \
    || { cat "$work/soffice.log" >&2; die "LibreOffice conversion failed"; }
[ -s "$work/heldout2.pdf" ] \
    || { cat "$work/soffice.log" >&2; die "LibreOffice produced no PDF"; }
mv "$work/heldout2.pdf" "$here/heldout2.pdf"
echo "wrote $here/heldout2.pdf"

#!/usr/bin/env bash
# Build the held-out report's two PDFs from source.md, with two different
# PDF producers:
#
#   (a) heldout-libreoffice.pdf: source.md --pandoc--> DOCX --soffice--> PDF
#       Liberation Sans 10 pt, 13 pt bold country headings, 11 pt bold
#       subheadings, running header with the title, page numbers in the
#       footer, real footnotes at page bottoms with superscript markers.
#       Styles come from reference.docx, which make_reference_docx.py writes
#       from pandoc's own default reference document on every build.
#   (b) heldout-chromium.pdf: source.md --pandoc--> standalone HTML
#       (heldout.css: serif body, A4, 2 cm margins) --headless Chromium-->
#       PDF. No JavaScript: pandoc's footnotes come out as ENDNOTES, in a
#       numbered section after the last country section; the markers in the
#       text are superscript numbers.
#
# Needs (Debian 12 packages): pandoc, libreoffice-writer, chromium,
# fonts-liberation, fonts-dejavu-core, python3:
#   apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y \
#     pandoc libreoffice-writer chromium fonts-dejavu-core fonts-liberation
# Built with pandoc 2.17.1.1, LibreOffice 7.4.7.2 and Chromium 156; other
# versions give the same text but may break lines and pages differently.
#
# Usage: tests/data/heldout/build.sh   (writes the PDFs next to this script)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$here/source.md"
title="Local prevention of violent extremism in five European countries"

die() { echo "build.sh: $*" >&2; exit 1; }

command -v pandoc >/dev/null 2>&1 || die "pandoc not found; apt-get install pandoc"
command -v python3 >/dev/null 2>&1 || die "python3 not found; apt-get install python3"
soffice="$(command -v soffice || command -v libreoffice || true)"
[ -n "$soffice" ] || die "LibreOffice (soffice) not found; apt-get install libreoffice-writer"
chromium="$(command -v chromium || command -v chromium-browser || true)"
[ -n "$chromium" ] || die "chromium not found; apt-get install chromium"
[ -n "$(fc-list "Liberation Sans" family 2>/dev/null)" ] \
    || die "font Liberation Sans not found; apt-get install fonts-liberation"
[ -n "$(fc-list "Liberation Serif" family 2>/dev/null)" ] \
    || die "font Liberation Serif not found; apt-get install fonts-liberation"
[ -f "$src" ] || die "missing source $src"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# ---- (a) pandoc -> DOCX -> LibreOffice PDF --------------------------------
pandoc --print-default-data-file reference.docx >"$work/pandoc-default.docx"
python3 "$here/make_reference_docx.py" "$work/pandoc-default.docx" "$here/reference.docx"

# -smart: keep the curly quotes and apostrophes exactly as written.
pandoc --from markdown-smart --to docx \
    --reference-doc="$here/reference.docx" \
    --metadata pagetitle="$title" \
    --output "$work/heldout-libreoffice.docx" \
    "$src"

# A private profile keeps the run independent of any user setup.
"$soffice" --headless --norestore \
    "-env:UserInstallation=file://$work/lo-profile" \
    --convert-to pdf --outdir "$work" "$work/heldout-libreoffice.docx" \
    >"$work/soffice.log" 2>&1 \
    || { cat "$work/soffice.log" >&2; die "LibreOffice conversion failed"; }
[ -s "$work/heldout-libreoffice.pdf" ] \
    || { cat "$work/soffice.log" >&2; die "LibreOffice produced no PDF"; }
mv "$work/heldout-libreoffice.pdf" "$here/heldout-libreoffice.pdf"
echo "wrote $here/heldout-libreoffice.pdf"

# ---- (b) pandoc -> HTML -> headless Chromium PDF --------------------------
cp "$here/heldout.css" "$work/heldout.css"
pandoc --from markdown-smart --to html5 --standalone \
    --css heldout.css \
    --metadata pagetitle="$title" --metadata lang=en-GB \
    --output "$work/heldout.html" \
    "$src"

# --no-pdf-header-footer: no date/URL furniture added by the browser.
# A private profile directory; no network, no GPU, no sandbox (runs as root).
"$chromium" --headless --no-sandbox --disable-gpu \
    --disable-background-networking --disable-component-update \
    --disable-sync --no-first-run --no-default-browser-check \
    --user-data-dir="$work/chromium-profile" \
    --no-pdf-header-footer \
    --print-to-pdf="$work/heldout-chromium.pdf" \
    "file://$work/heldout.html" >"$work/chromium.log" 2>&1 \
    || { cat "$work/chromium.log" >&2; die "Chromium printing failed"; }
[ -s "$work/heldout-chromium.pdf" ] \
    || { cat "$work/chromium.log" >&2; die "Chromium produced no PDF"; }
mv "$work/heldout-chromium.pdf" "$here/heldout-chromium.pdf"
echo "wrote $here/heldout-chromium.pdf"

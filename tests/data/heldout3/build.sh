#!/usr/bin/env bash
# Build the third held-out report, heldout3.pdf, from source.md:
#
#   source.md --pandoc--> DOCX (reference.docx) --LibreOffice--> PDF
#
# Look (from reference.docx, written by make_reference_docx.py on every
# build from pandoc's own default reference document): DejaVu Sans 10.5 pt
# body, JUSTIFIED, with LibreOffice's AUTOMATIC HYPHENATION turned on for the
# body styles (en-GB patterns), so that words are split at line ends
# ("radicali-" / "sation"); 16 pt bold title, 13 pt bold chapter headings
# ("1. Introduction", "2. Country profiles", "3. Conclusions"), 11.5 pt bold
# numbered country headings ("2.1 Slovenia"), 10.5 pt bold italic
# subheadings; footnotes (8.5 pt) at the page bottoms with superscript
# markers; a running header with the short title on every page and "Page N"
# in the footer; A4.
#
# Needs (Debian 12 packages): pandoc, libreoffice-writer, fonts-dejavu-core,
# hyphen-en-gb (the hyphenation patterns; without them LibreOffice silently
# does not hyphenate and the PDF loses the point of this report), python3:
#   apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y \
#     pandoc libreoffice-writer fonts-dejavu-core hyphen-en-gb
# Built with pandoc 2.17.1.1 and LibreOffice 7.4.7.2; other versions give the
# same text but may break lines (and so hyphenate) and pages differently.
#
# Usage: tests/data/heldout3/build.sh   (writes heldout3.pdf next to this script)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$here/source.md"

die() { echo "build.sh: $*" >&2; exit 1; }

command -v pandoc >/dev/null 2>&1 || die "pandoc not found; apt-get install pandoc"
command -v python3 >/dev/null 2>&1 || die "python3 not found; apt-get install python3"
soffice="$(command -v soffice || command -v libreoffice || true)"
[ -n "$soffice" ] || die "LibreOffice (soffice) not found; apt-get install libreoffice-writer"
[ -n "$(fc-list "DejaVu Sans" family 2>/dev/null)" ] \
    || die "font DejaVu Sans not found; apt-get install fonts-dejavu-core"
ls /usr/share/hyphen/hyph_en_GB*.dic >/dev/null 2>&1 \
    || die "en-GB hyphenation patterns not found; apt-get install hyphen-en-gb"
[ -f "$src" ] || die "missing source $src"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

pandoc --print-default-data-file reference.docx >"$work/pandoc-default.docx"
python3 "$here/make_reference_docx.py" "$work/pandoc-default.docx" "$here/reference.docx"

# -smart: keep the curly quotes, apostrophes and dashes exactly as written.
pandoc --from markdown-smart --to docx \
    --reference-doc="$here/reference.docx" \
    --output "$work/heldout3.docx" \
    "$src"

# A private profile keeps the run independent of any user setup.
"$soffice" --headless --norestore \
    "-env:UserInstallation=file://$work/lo-profile" \
    --convert-to pdf --outdir "$work" "$work/heldout3.docx" \
    >"$work/soffice.log" 2>&1 \
    || { cat "$work/soffice.log" >&2; die "LibreOffice conversion failed"; }
[ -s "$work/heldout3.pdf" ] \
    || { cat "$work/soffice.log" >&2; die "LibreOffice produced no PDF"; }
mv "$work/heldout3.pdf" "$here/heldout3.pdf"
echo "wrote $here/heldout3.pdf"

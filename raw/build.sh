#!/usr/bin/env bash
# Rebuild raw/local-authorities-radicalisation.pdf from its committed source.
#
# Needs Debian's pandoc and LibreOffice Writer, and the DejaVu fonts:
#   apt-get install pandoc libreoffice-writer fonts-dejavu-core
# Built with pandoc 2.17.1.1 and LibreOffice 7.4.7.2 (Debian 12); other
# versions give the same text but may break lines and pages differently.
#
#   source/local-authorities-radicalisation.md  --pandoc-->  DOCX
#   (styles, A4 page, no auto-hyphenation: source/reference.docx)
#   DOCX  --soffice --headless --convert-to pdf-->  local-authorities-radicalisation.pdf
#
# See PROVENANCE.md for what the source is and how it was reconstructed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
name="local-authorities-radicalisation"
src="$here/source/$name.md"
ref="$here/source/reference.docx"
out="$here/$name.pdf"

die() { echo "build.sh: $*" >&2; exit 1; }

command -v pandoc >/dev/null 2>&1 \
    || die "pandoc not found; install it with: apt-get install pandoc"
soffice="$(command -v soffice || command -v libreoffice || true)"
[ -n "$soffice" ] \
    || die "LibreOffice (soffice) not found; install it with: apt-get install libreoffice-writer"
[ -n "$(fc-list "DejaVu Serif" family 2>/dev/null)" ] \
    || die "font DejaVu Serif not found; install it with: apt-get install fonts-dejavu-core"
[ -f "$src" ] || die "missing source $src"
[ -f "$ref" ] || die "missing reference document $ref"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# -smart: keep the report's straight and curly quotes exactly as written.
pandoc --from markdown-smart --to docx \
    --reference-doc="$ref" \
    --output "$work/$name.docx" \
    "$src"

# A private LibreOffice profile keeps the run independent of any user setup
# and lets it work while another LibreOffice instance is open.
"$soffice" --headless --norestore \
    "-env:UserInstallation=file://$work/profile" \
    --convert-to pdf --outdir "$work" "$work/$name.docx" >"$work/soffice.log" 2>&1 \
    || { cat "$work/soffice.log" >&2; die "LibreOffice conversion failed"; }
[ -s "$work/$name.pdf" ] \
    || { cat "$work/soffice.log" >&2; die "LibreOffice produced no PDF"; }

mv "$work/$name.pdf" "$out"
echo "wrote $out"

#!/usr/bin/env python3
"""Write the reference.docx that gives heldout3.pdf its look.

Usage: make_reference_docx.py PANDOC_DEFAULT_REFERENCE.docx OUT.docx

Starts from pandoc's own default reference document (pandoc
--print-default-data-file reference.docx) and changes only styles, document
settings and page set-up, with the standard library:

- body (Normal, Body Text, First Paragraph, Compact): DejaVu Sans 10.5 pt,
  black, JUSTIFIED, 4 pt after each paragraph, language en-GB;
- AUTOMATIC HYPHENATION ON: w:autoHyphenation in settings.xml (LibreOffice
  turns it into "hyphenation: automatic" on the paragraph styles), hyphenation
  zone 0.25 cm, at most 3 consecutive hyphenated lines. The en-GB patterns
  come from the Debian package hyphen-en-gb (/usr/share/hyphen); without
  them LibreOffice silently does not hyphenate;
- Heading 1 (the report title): 16 pt bold; Heading 2 (chapters "1.
  Introduction", "2. Country profiles", "3. Conclusions"): 13 pt bold;
  Heading 3 (the numbered country headings "2.1 Slovenia" ...): 11.5 pt
  bold; Heading 4 (unnumbered subheadings): 10.5 pt bold italic; headings and
  footnotes are never hyphenated (w:suppressAutoHyphens), left-aligned;
- footnote text 8.5 pt, footnote markers superscript (pandoc's default);
- A4 page, 2.3 cm left/right and 2.5 cm top/bottom margins;
- a running header on every page: the short title, 8 pt italic, right-aligned,
  with a rule below it;
- the page number in the footer, "Page N", 8 pt, right-aligned.
"""

from __future__ import annotations

import re
import sys
import zipfile

FONT = "DejaVu Sans"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_HEADER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
REL_FOOTER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
CT_HEADER = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
CT_FOOTER = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"
HEADER_ID = "rIdHeldout3Header1"
FOOTER_ID = "rIdHeldout3Footer1"
SHORT_TITLE = "Sharing the load \u2013 NLPC policy brief"

FONTS = f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}" />'
SMALL = f'<w:rPr>{FONTS}<w:sz w:val="16" /><w:szCs w:val="16" /></w:rPr>'
SMALL_ITALIC = f'<w:rPr>{FONTS}<w:i /><w:iCs /><w:sz w:val="16" /><w:szCs w:val="16" /></w:rPr>'

HEADER = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:hdr xmlns:w="{W_NS}" xmlns:r="{R_NS}">
  <w:p>
    <w:pPr><w:pStyle w:val="Header" /><w:pBdr><w:bottom w:val="single" w:sz="4" w:space="1" w:color="000000" /></w:pBdr><w:jc w:val="right" /></w:pPr>
    <w:r>{SMALL_ITALIC}<w:t xml:space="preserve">{SHORT_TITLE}</w:t></w:r>
  </w:p>
</w:hdr>
"""

FOOTER = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr xmlns:w="{W_NS}" xmlns:r="{R_NS}">
  <w:p>
    <w:pPr><w:pStyle w:val="Footer" /><w:jc w:val="right" /></w:pPr>
    <w:r>{SMALL}<w:t xml:space="preserve">Page </w:t></w:r>
    <w:r>{SMALL}<w:fldChar w:fldCharType="begin" /></w:r>
    <w:r>{SMALL}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>
    <w:r>{SMALL}<w:fldChar w:fldCharType="separate" /></w:r>
    <w:r>{SMALL}<w:t>1</w:t></w:r>
    <w:r>{SMALL}<w:fldChar w:fldCharType="end" /></w:r>
  </w:p>
</w:ftr>
"""

# A4 = 11906 x 16838 twips; 2.5 cm = 1418 twips; 2.3 cm = 1304 twips.
SECTPR = (
    "<w:sectPr>"
    f'<w:headerReference w:type="default" r:id="{HEADER_ID}" />'
    f'<w:footerReference w:type="default" r:id="{FOOTER_ID}" />'
    '<w:pgSz w:w="11906" w:h="16838" />'
    '<w:pgMar w:top="1418" w:right="1304" w:bottom="1418" w:left="1304" '
    'w:header="709" w:footer="709" w:gutter="0" />'
    "</w:sectPr>"
)


def style_block(styles: str, style_id: str) -> tuple[int, int]:
    m = re.search(r'<w:style [^>]*w:styleId="%s".*?</w:style>' % re.escape(style_id), styles, re.S)
    if not m:
        raise SystemExit(f"make_reference_docx: style {style_id} not in pandoc's reference.docx")
    return m.span()


def set_run_props(styles: str, style_id: str, size_half_points: int,
                  bold: bool = False, italic: bool = False) -> str:
    a, b = style_block(styles, style_id)
    block = styles[a:b]
    rpr = (f"<w:rPr>{FONTS}" + ("<w:b /><w:bCs />" if bold else "")
           + ("<w:i /><w:iCs />" if italic else "")
           + f'<w:color w:val="000000" /><w:sz w:val="{size_half_points}" />'
           f'<w:szCs w:val="{size_half_points}" /></w:rPr>')
    if "<w:rPr>" in block:
        block = re.sub(r"<w:rPr>.*?</w:rPr>", rpr, block, flags=re.S)
    else:
        block = block.replace("</w:style>", rpr + "</w:style>")
    return styles[:a] + block + styles[b:]


def set_ppr(styles: str, style_id: str, before: int, after: int, jc: str,
            hyphenate: bool) -> str:
    """Spacing, alignment and hyphenation of a paragraph style (the pPr
    children are written in schema order: keepNext, keepLines,
    suppressAutoHyphens, spacing, jc, outlineLvl)."""
    a, b = style_block(styles, style_id)
    block = styles[a:b]
    m = re.search(r"<w:pPr>(.*?)</w:pPr>", block, re.S)
    old = m.group(1) if m else ""
    keep = "".join(t for t in ("<w:keepNext />", "<w:keepLines />") if t in old)
    outline = re.search(r"<w:outlineLvl [^>]*/>", old)
    ppr = ("<w:pPr>" + keep + ("" if hyphenate else "<w:suppressAutoHyphens />")
           + f'<w:spacing w:before="{before}" w:after="{after}" />'
           + f'<w:jc w:val="{jc}" />' + (outline.group(0) if outline else "") + "</w:pPr>")
    if m:
        block = block[:m.start()] + ppr + block[m.end():]
    else:
        block = re.sub(r"(<w:rPr>|</w:style>)", ppr + r"\1", block, count=1)
    return styles[:a] + block + styles[b:]


def main(src: str, out: str) -> None:
    with zipfile.ZipFile(src) as zin:
        parts = {name: zin.read(name) for name in zin.namelist()}

    styles = parts["word/styles.xml"].decode("utf-8")
    styles = re.sub(
        r"<w:rPrDefault>.*?</w:rPrDefault>",
        "<w:rPrDefault><w:rPr>" + FONTS
        + '<w:sz w:val="21" /><w:szCs w:val="21" />'
        '<w:lang w:val="en-GB" w:eastAsia="en-US" w:bidi="ar-SA" /></w:rPr></w:rPrDefault>',
        styles, count=1, flags=re.S)
    styles = re.sub(r"<w:pPrDefault>.*?</w:pPrDefault>",
                    '<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="264" w:lineRule="auto" />'
                    "</w:pPr></w:pPrDefault>",
                    styles, count=1, flags=re.S)
    # Body styles: justified, hyphenated.
    styles = set_ppr(styles, "Normal", 0, 0, "both", hyphenate=True)
    styles = set_ppr(styles, "BodyText", 0, 80, "both", hyphenate=True)
    styles = set_ppr(styles, "FirstParagraph", 0, 80, "both", hyphenate=True)
    styles = set_ppr(styles, "Compact", 20, 40, "both", hyphenate=True)
    # Headings: never hyphenated.
    styles = set_run_props(styles, "Heading1", 32, bold=True)
    styles = set_run_props(styles, "Heading2", 26, bold=True)
    styles = set_run_props(styles, "Heading3", 23, bold=True)
    styles = set_run_props(styles, "Heading4", 21, bold=True, italic=True)
    styles = set_ppr(styles, "Heading1", 0, 200, "left", hyphenate=False)
    styles = set_ppr(styles, "Heading2", 300, 120, "left", hyphenate=False)
    styles = set_ppr(styles, "Heading3", 220, 80, "left", hyphenate=False)
    styles = set_ppr(styles, "Heading4", 140, 40, "left", hyphenate=False)
    styles = set_run_props(styles, "FootnoteText", 17)
    styles = set_ppr(styles, "FootnoteText", 0, 20, "left", hyphenate=False)
    parts["word/styles.xml"] = styles.encode("utf-8")

    settings = parts["word/settings.xml"].decode("utf-8")
    settings = re.sub(r"<w:(autoHyphenation|hyphenationZone|consecutiveHyphenLimit|doNotHyphenateCaps)[^>]*/>\s*",
                      "", settings)
    hyph = ('<w:autoHyphenation w:val="true" />\n  <w:consecutiveHyphenLimit w:val="3" />\n'
            '  <w:hyphenationZone w:val="142" />\n  ')
    if "<w:defaultTabStop" in settings:
        settings = re.sub(r"(<w:defaultTabStop [^>]*/>\s*)", r"\1" + hyph, settings, count=1)
    else:
        settings = settings.replace("<w:zoom ", hyph + "<w:zoom ", 1)
    parts["word/settings.xml"] = settings.encode("utf-8")

    document = parts["word/document.xml"].decode("utf-8")
    document, n = re.subn(r"<w:sectPr\s*/>|<w:sectPr>.*?</w:sectPr>", SECTPR, document, flags=re.S)
    if n != 1:
        raise SystemExit("make_reference_docx: expected one w:sectPr in pandoc's reference.docx")
    if 'xmlns:r="' not in document[:2000]:
        document = document.replace("<w:document ", f'<w:document xmlns:r="{R_NS}" ', 1)
    parts["word/document.xml"] = document.encode("utf-8")

    rels = parts["word/_rels/document.xml.rels"].decode("utf-8")
    rels = rels.replace(
        "</Relationships>",
        f'<Relationship Type="{REL_HEADER}" Id="{HEADER_ID}" Target="header1.xml" />'
        f'<Relationship Type="{REL_FOOTER}" Id="{FOOTER_ID}" Target="footer1.xml" />'
        "</Relationships>")
    parts["word/_rels/document.xml.rels"] = rels.encode("utf-8")

    types = parts["[Content_Types].xml"].decode("utf-8")
    types = types.replace(
        "</Types>",
        f'<Override PartName="/word/header1.xml" ContentType="{CT_HEADER}" />'
        f'<Override PartName="/word/footer1.xml" ContentType="{CT_FOOTER}" />'
        "</Types>")
    parts["[Content_Types].xml"] = types.encode("utf-8")
    parts["word/header1.xml"] = HEADER.encode("utf-8")
    parts["word/footer1.xml"] = FOOTER.encode("utf-8")

    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in ["[Content_Types].xml"] + sorted(n for n in parts if n != "[Content_Types].xml"):
            zout.writestr(name, parts[name])


if __name__ == "__main__":
    if len(sys.argv) == 3:
        main(sys.argv[1], sys.argv[2])
    else:
        raise SystemExit(__doc__)

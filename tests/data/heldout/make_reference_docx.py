#!/usr/bin/env python3
"""Write the reference.docx that gives heldout-libreoffice.pdf its look.

Usage: make_reference_docx.py PANDOC_DEFAULT_REFERENCE.docx OUT.docx

Starts from pandoc's own default reference document (pandoc
--print-default-data-file reference.docx) and changes only styles and page
set-up, with the standard library:

- body: Liberation Sans 10 pt, black, 6 pt after each paragraph;
- Heading 1 (the report title): 16 pt bold; Heading 2 (numbered country
  headings and "1. Introduction"): 13 pt bold; Heading 3 (numbered
  subheadings): 11 pt bold; all black;
- footnote text 8 pt, footnote markers superscript (pandoc's default);
- A4 page, 2 cm margins, no automatic hyphenation;
- a running header with the report title (8 pt italic) and the page
  number centred in the footer (8 pt), on every page.
"""

from __future__ import annotations

import re
import sys
import zipfile

TITLE = "Local prevention of violent extremism in five European countries"
FONT = "Liberation Sans"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_HEADER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
REL_FOOTER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
CT_HEADER = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
CT_FOOTER = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"

FONTS = f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}" />'

HEADER = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:hdr xmlns:w="{W_NS}" xmlns:r="{R_NS}">
  <w:p>
    <w:pPr><w:pStyle w:val="Header" /><w:jc w:val="right" /></w:pPr>
    <w:r><w:rPr>{FONTS}<w:i /><w:sz w:val="16" /><w:szCs w:val="16" /></w:rPr>
      <w:t xml:space="preserve">{TITLE}</w:t></w:r>
  </w:p>
</w:hdr>
"""

FOOTER = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr xmlns:w="{W_NS}" xmlns:r="{R_NS}">
  <w:p>
    <w:pPr><w:pStyle w:val="Footer" /><w:jc w:val="center" /></w:pPr>
    <w:r><w:rPr>{FONTS}<w:sz w:val="16" /><w:szCs w:val="16" /></w:rPr><w:fldChar w:fldCharType="begin" /></w:r>
    <w:r><w:rPr>{FONTS}<w:sz w:val="16" /><w:szCs w:val="16" /></w:rPr><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>
    <w:r><w:rPr>{FONTS}<w:sz w:val="16" /><w:szCs w:val="16" /></w:rPr><w:fldChar w:fldCharType="separate" /></w:r>
    <w:r><w:rPr>{FONTS}<w:sz w:val="16" /><w:szCs w:val="16" /></w:rPr><w:t>1</w:t></w:r>
    <w:r><w:rPr>{FONTS}<w:sz w:val="16" /><w:szCs w:val="16" /></w:rPr><w:fldChar w:fldCharType="end" /></w:r>
  </w:p>
</w:ftr>
"""

# A4 = 11906 x 16838 twips; 2 cm = 1134 twips.
SECTPR = (
    '<w:sectPr>'
    '<w:headerReference w:type="default" r:id="rIdHeldoutHeader1" />'
    '<w:footerReference w:type="default" r:id="rIdHeldoutFooter1" />'
    '<w:pgSz w:w="11906" w:h="16838" />'
    '<w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" '
    'w:header="567" w:footer="567" w:gutter="0" />'
    '</w:sectPr>'
)


def style_block(styles: str, style_id: str) -> tuple[int, int]:
    m = re.search(r'<w:style [^>]*w:styleId="%s".*?</w:style>' % re.escape(style_id), styles, re.S)
    if not m:
        raise SystemExit(f"make_reference_docx: style {style_id} not in pandoc's reference.docx")
    return m.span()


def set_run_props(styles: str, style_id: str, size_half_points: int, bold: bool) -> str:
    a, b = style_block(styles, style_id)
    block = styles[a:b]
    rpr = (f"<w:rPr>{FONTS}" + ("<w:b /><w:bCs />" if bold else "")
           + f'<w:color w:val="000000" /><w:sz w:val="{size_half_points}" />'
           f'<w:szCs w:val="{size_half_points}" /></w:rPr>')
    if "<w:rPr>" in block:
        block = re.sub(r"<w:rPr>.*?</w:rPr>", rpr, block, flags=re.S)
    else:
        block = block.replace("</w:style>", rpr + "</w:style>")
    return styles[:a] + block + styles[b:]


def set_spacing(styles: str, style_id: str, before: int, after: int) -> str:
    a, b = style_block(styles, style_id)
    block = styles[a:b]
    spacing = f'<w:spacing w:before="{before}" w:after="{after}" />'
    if "<w:spacing " in block:
        block = re.sub(r"<w:spacing [^>]*/>", spacing, block)
    elif "<w:pPr>" in block:
        block = block.replace("<w:pPr>", "<w:pPr>" + spacing)
    else:
        block = block.replace("</w:style>", f"<w:pPr>{spacing}</w:pPr></w:style>")
    return styles[:a] + block + styles[b:]


def main(src: str, out: str) -> None:
    with zipfile.ZipFile(src) as zin:
        parts = {name: zin.read(name) for name in zin.namelist()}

    styles = parts["word/styles.xml"].decode("utf-8")
    styles = re.sub(
        r"<w:rPrDefault>.*?</w:rPrDefault>",
        "<w:rPrDefault><w:rPr>" + FONTS
        + '<w:sz w:val="20" /><w:szCs w:val="20" />'
        '<w:lang w:val="en-GB" w:eastAsia="en-US" w:bidi="ar-SA" /></w:rPr></w:rPrDefault>',
        styles, count=1, flags=re.S)
    styles = set_run_props(styles, "Heading1", 32, True)
    styles = set_run_props(styles, "Heading2", 26, True)
    styles = set_run_props(styles, "Heading3", 22, True)
    styles = set_spacing(styles, "Heading1", 0, 240)
    styles = set_spacing(styles, "Heading2", 360, 120)
    styles = set_spacing(styles, "Heading3", 240, 80)
    styles = set_spacing(styles, "BodyText", 0, 120)
    styles = set_spacing(styles, "Compact", 20, 20)
    styles = set_run_props(styles, "FootnoteText", 16, False)
    styles = set_spacing(styles, "FootnoteText", 0, 20)
    parts["word/styles.xml"] = styles.encode("utf-8")

    settings = parts["word/settings.xml"].decode("utf-8")
    if "<w:autoHyphenation" not in settings:
        settings = settings.replace("<w:zoom ", '<w:autoHyphenation w:val="false" />\n  <w:zoom ', 1)
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
        f'<Relationship Type="{REL_HEADER}" Id="rIdHeldoutHeader1" Target="header1.xml" />'
        f'<Relationship Type="{REL_FOOTER}" Id="rIdHeldoutFooter1" Target="footer1.xml" />'
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
        # [Content_Types].xml first, as Office expects.
        for name in ["[Content_Types].xml"] + sorted(n for n in parts if n != "[Content_Types].xml"):
            zout.writestr(name, parts[name])


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    main(sys.argv[1], sys.argv[2])

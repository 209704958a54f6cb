#!/usr/bin/env python3
"""Write the reference.docx that gives heldout2.pdf its look.

Usage: make_reference_docx.py PANDOC_DEFAULT_REFERENCE.docx OUT.docx

Starts from pandoc's own default reference document (pandoc
--print-default-data-file reference.docx) and changes only styles and page
set-up, with the standard library:

- body: Liberation Serif 11 pt, black, justified, 5 pt after each paragraph;
- Heading 1 (the report title): 14 pt bold; Heading 2 ("Key findings" and
  the country headings): 12 pt bold, i.e. only slightly larger than the
  body; Heading 3 (subheadings): 11 pt bold italic, the body size; all black;
- footnote text 9 pt, footnote markers superscript (pandoc's default);
- A4 page, 2.5 cm margins, no automatic hyphenation, no running header;
- the page number centred in the footer (9 pt), on every page;
- the document's LAST section is set in two columns (0.75 cm gap) and starts
  without a page break ("continuous"). build.sh inserts, with
  two_columns.lua, a section break before the first country heading that
  closes a one-column first section (title, introduction, key findings);
  SECTION_BREAK below is the raw OOXML of that break (print it with
  --section-break); pandoc renumbers the footer relationship, so after
  pandoc has run, --fix-footer-id DOCX points the break at the new id.
"""

from __future__ import annotations

import re
import sys
import zipfile

FONT = "Liberation Serif"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_FOOTER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
CT_FOOTER = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"
FOOTER_ID = "rIdHeldout2Footer1"

FONTS = f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}" />'

FOOTER = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr xmlns:w="{W_NS}" xmlns:r="{R_NS}">
  <w:p>
    <w:pPr><w:pStyle w:val="Footer" /><w:jc w:val="center" /></w:pPr>
    <w:r><w:rPr>{FONTS}<w:sz w:val="18" /><w:szCs w:val="18" /></w:rPr><w:fldChar w:fldCharType="begin" /></w:r>
    <w:r><w:rPr>{FONTS}<w:sz w:val="18" /><w:szCs w:val="18" /></w:rPr><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>
    <w:r><w:rPr>{FONTS}<w:sz w:val="18" /><w:szCs w:val="18" /></w:rPr><w:fldChar w:fldCharType="separate" /></w:r>
    <w:r><w:rPr>{FONTS}<w:sz w:val="18" /><w:szCs w:val="18" /></w:rPr><w:t>1</w:t></w:r>
    <w:r><w:rPr>{FONTS}<w:sz w:val="18" /><w:szCs w:val="18" /></w:rPr><w:fldChar w:fldCharType="end" /></w:r>
  </w:p>
</w:ftr>
"""

# A4 = 11906 x 16838 twips; 2.5 cm = 1418 twips; 0.75 cm = 425 twips.
PAGE = (
    '<w:pgSz w:w="11906" w:h="16838" />'
    '<w:pgMar w:top="1418" w:right="1418" w:bottom="1418" w:left="1418" '
    'w:header="709" w:footer="709" w:gutter="0" />'
)
# Final section of the document: two columns, continuing on the same page.
SECTPR_LAST = (
    '<w:sectPr>'
    f'<w:footerReference w:type="default" r:id="{FOOTER_ID}" />'
    '<w:type w:val="continuous" />'
    + PAGE +
    '<w:cols w:num="2" w:space="425" />'
    '</w:sectPr>'
)
# Break that ends the first (one-column) section; inserted by two_columns.lua.
SECTION_BREAK = (
    f'<w:p xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:pPr><w:spacing w:before="0" w:after="0" /><w:sectPr>'
    f'<w:footerReference w:type="default" r:id="{FOOTER_ID}" />'
    + PAGE +
    '<w:cols w:num="1" w:space="425" />'
    '</w:sectPr></w:pPr></w:p>'
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


def set_ppr(styles: str, style_id: str, before: int, after: int, jc: str | None = None) -> str:
    a, b = style_block(styles, style_id)
    block = styles[a:b]
    extra = f'<w:spacing w:before="{before}" w:after="{after}" />' + (f'<w:jc w:val="{jc}" />' if jc else "")
    block = re.sub(r"<w:spacing [^>]*/>", "", block)
    block = re.sub(r"<w:jc [^>]*/>", "", block)
    if "<w:pPr>" in block:
        block = block.replace("<w:pPr>", "<w:pPr>" + extra)
    else:
        block = block.replace("</w:style>", f"<w:pPr>{extra}</w:pPr></w:style>")
    return styles[:a] + block + styles[b:]


def fix_footer_id(docx: str) -> None:
    """Point the inserted section break at the footer relationship id that
    pandoc gave the reference document's footer (pandoc renumbers it)."""
    with zipfile.ZipFile(docx) as zin:
        parts = {name: zin.read(name) for name in zin.namelist()}
    document = parts["word/document.xml"].decode("utf-8")
    last = document[document.rfind("<w:sectPr"):]
    m = re.search(r'<w:footerReference [^>]*r:id="([^"]+)"', last)
    if not m:
        raise SystemExit("make_reference_docx: no footer reference in the last section")
    document, n = re.subn(re.escape(FOOTER_ID), m.group(1), document)
    if n != 1:
        raise SystemExit(f"make_reference_docx: expected one section break, found {n}")
    parts["word/document.xml"] = document.encode("utf-8")
    with zipfile.ZipFile(docx, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in ["[Content_Types].xml"] + sorted(n for n in parts if n != "[Content_Types].xml"):
            zout.writestr(name, parts[name])


def main(src: str, out: str) -> None:
    with zipfile.ZipFile(src) as zin:
        parts = {name: zin.read(name) for name in zin.namelist()}

    styles = parts["word/styles.xml"].decode("utf-8")
    styles = re.sub(
        r"<w:rPrDefault>.*?</w:rPrDefault>",
        "<w:rPrDefault><w:rPr>" + FONTS
        + '<w:sz w:val="22" /><w:szCs w:val="22" />'
        '<w:lang w:val="en-GB" w:eastAsia="en-US" w:bidi="ar-SA" /></w:rPr></w:rPrDefault>',
        styles, count=1, flags=re.S)
    styles = re.sub(r"<w:pPrDefault>.*?</w:pPrDefault>",
                    '<w:pPrDefault><w:pPr><w:spacing w:after="0" /></w:pPr></w:pPrDefault>',
                    styles, count=1, flags=re.S)
    styles = set_run_props(styles, "Heading1", 28, bold=True)
    styles = set_run_props(styles, "Heading2", 24, bold=True)
    styles = set_run_props(styles, "Heading3", 22, bold=True, italic=True)
    styles = set_ppr(styles, "Heading1", 0, 120)
    styles = set_ppr(styles, "Heading2", 280, 100)
    styles = set_ppr(styles, "Heading3", 180, 60)
    styles = set_ppr(styles, "BodyText", 0, 100, "both")
    styles = set_ppr(styles, "Compact", 20, 40, "both")
    styles = set_run_props(styles, "FootnoteText", 18)
    styles = set_ppr(styles, "FootnoteText", 0, 20, "left")
    parts["word/styles.xml"] = styles.encode("utf-8")

    settings = parts["word/settings.xml"].decode("utf-8")
    if "<w:autoHyphenation" not in settings:
        settings = settings.replace("<w:zoom ", '<w:autoHyphenation w:val="false" />\n  <w:zoom ', 1)
    parts["word/settings.xml"] = settings.encode("utf-8")

    document = parts["word/document.xml"].decode("utf-8")
    document, n = re.subn(r"<w:sectPr\s*/>|<w:sectPr>.*?</w:sectPr>", SECTPR_LAST, document, flags=re.S)
    if n != 1:
        raise SystemExit("make_reference_docx: expected one w:sectPr in pandoc's reference.docx")
    if 'xmlns:r="' not in document[:2000]:
        document = document.replace("<w:document ", f'<w:document xmlns:r="{R_NS}" ', 1)
    parts["word/document.xml"] = document.encode("utf-8")

    rels = parts["word/_rels/document.xml.rels"].decode("utf-8")
    rels = rels.replace(
        "</Relationships>",
        f'<Relationship Type="{REL_FOOTER}" Id="{FOOTER_ID}" Target="footer1.xml" />'
        "</Relationships>")
    parts["word/_rels/document.xml.rels"] = rels.encode("utf-8")

    types = parts["[Content_Types].xml"].decode("utf-8")
    types = types.replace(
        "</Types>",
        f'<Override PartName="/word/footer1.xml" ContentType="{CT_FOOTER}" />'
        "</Types>")
    parts["[Content_Types].xml"] = types.encode("utf-8")
    parts["word/footer1.xml"] = FOOTER.encode("utf-8")

    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in ["[Content_Types].xml"] + sorted(n for n in parts if n != "[Content_Types].xml"):
            zout.writestr(name, parts[name])


if __name__ == "__main__":
    if len(sys.argv) == 2 and sys.argv[1] == "--section-break":
        print(SECTION_BREAK)
    elif len(sys.argv) == 3 and sys.argv[1] == "--fix-footer-id":
        fix_footer_id(sys.argv[2])
    elif len(sys.argv) == 3:
        main(sys.argv[1], sys.argv[2])
    else:
        raise SystemExit(__doc__)

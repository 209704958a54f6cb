-- Insert a raw OOXML section break before the first level-2 heading that is
-- not "Key findings" (the first country heading). The break closes a
-- one-column first section; the rest of the document (the country sections)
-- is the reference document's last section, set in two columns.
-- The break's XML is passed in the metadata field `section-break-xml`
-- (build.sh reads it from make_reference_docx.py --section-break).
function Pandoc(doc)
  local xml = pandoc.utils.stringify(doc.meta["section-break-xml"] or "")
  if xml == "" then error("two_columns.lua: metadata section-break-xml is empty") end
  local out, done = {}, false
  for _, b in ipairs(doc.blocks) do
    if not done and b.t == "Header" and b.level == 2
        and pandoc.utils.stringify(b) ~= "Key findings" then
      table.insert(out, pandoc.RawBlock("openxml", xml))
      done = true
    end
    table.insert(out, b)
  end
  if not done then error("two_columns.lua: no country heading found") end
  doc.meta["section-break-xml"] = nil
  return pandoc.Pandoc(out, doc.meta)
end

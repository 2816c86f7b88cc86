-- Format-specific touches to the one scorecard source, for pandoc and Quarto alike.
--
-- * RAG spans ([✔ Green]{.rag .rag-green}) keep their word and symbol in every format and gain
--   their colour: a character style in Word ("RAG Green", from the reference document), a text
--   fill in typst (colours from the `rag-colours` metadata, which Python sets from the house
--   style), a CSS class in HTML.
-- * Images carry their alt text into typst (pandoc's typst writer drops it), so the tagged PDF
--   has it.
-- * HTML table cells get a data-label (their column heading), so the stylesheet can stack a
--   table's rows as cards on a phone screen instead of scrolling sideways.
-- * Word: a page break before each top-level section but the first; PDF: the scorecard
--   section on landscape pages.

local rag_colours = {}
local word_styles = { green = "RAG Green", amber = "RAG Amber", red = "RAG Red" }

local function rag_status(el)
  for _, class in ipairs(el.classes) do
    local status = class:match("^rag%-(%a+)$")
    if status then return status end
  end
  return nil
end

local function typst_string(text)
  return '"' .. text:gsub("\\", "\\\\"):gsub('"', '\\"') .. '"'
end

function Meta(meta)
  if meta["rag-colours"] then
    for status, colour in pairs(meta["rag-colours"]) do
      rag_colours[status] = pandoc.utils.stringify(colour)
    end
  end
end

function Span(el)
  local status = rag_status(el)
  if not status then return nil end
  if FORMAT:match("docx") then
    el.attributes["custom-style"] = word_styles[status]
    return el
  end
  if FORMAT:match("typst") then
    local colour = rag_colours[status] or "#000000"
    local out = { pandoc.RawInline("typst",
      "#text(fill: rgb(" .. typst_string(colour) .. "), weight: \"bold\")[") }
    for _, inline in ipairs(el.content) do table.insert(out, inline) end
    table.insert(out, pandoc.RawInline("typst", "]"))
    return out
  end
  return nil
end

local function typst_image(img)
  local alt = img.attributes["alt"] or pandoc.utils.stringify(img.caption)
  local width = img.attributes["width"] or "100%"
  return "image(" .. typst_string(img.src) .. ", width: " .. width .. ", alt: "
    .. typst_string(alt) .. ")"
end

function Figure(fig)
  if not FORMAT:match("typst") then return nil end
  local img = nil
  fig:walk({ Image = function(i) img = img or i end })
  if not img then return nil end
  local caption = pandoc.write(pandoc.Pandoc(fig.caption.long), "typst"):gsub("%s+$", "")
  return pandoc.RawBlock("typst",
    "#figure(" .. typst_image(img) .. ",\n  caption: [" .. caption .. "],\n  kind: image)")
end

function Image(img)
  if not FORMAT:match("typst") then return nil end
  return pandoc.RawInline("typst", "#box(" .. typst_image(img) .. ")")
end

function Table(tbl)
  if not FORMAT:match("html") then return nil end
  local head_rows = tbl.head.rows
  if #head_rows == 0 then return nil end
  -- Only tables too wide for a phone become cards; a two-column table stays a table.
  if #tbl.colspecs > 3 then tbl.attr.classes:insert("wide") end
  local labels = {}
  for i, cell in ipairs(head_rows[#head_rows].cells) do
    labels[i] = pandoc.utils.stringify(cell.contents)
  end
  for _, body in ipairs(tbl.bodies) do
    for _, row in ipairs(body.body) do
      for i, cell in ipairs(row.cells) do
        if labels[i] then cell.attributes["data-label"] = labels[i] end
      end
    end
  end
  return tbl
end

-- Each top-level section after the first starts a new page in Word (typst and print CSS do
-- the same in their own templates).
local level_one_seen = false
-- In the PDF the scorecard section (the heading with id "scorecard") is set on landscape pages,
-- where its ten columns fit without squeezing; the next section returns to portrait.
local landscape = false
function Header(h)
  if h.level ~= 1 then return nil end
  if FORMAT:match("typst") then
    if h.identifier == "scorecard" then
      landscape = true
      return { pandoc.RawBlock("typst", "#set page(flipped: true)"), h }
    elseif landscape then
      landscape = false
      return { pandoc.RawBlock("typst", "#set page(flipped: false)"), h }
    end
    return nil
  end
  if not FORMAT:match("docx") then return nil end
  if not level_one_seen then
    level_one_seen = true
    return nil
  end
  return { pandoc.RawBlock("openxml", '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'), h }
end

return {
  { Meta = Meta },
  { Span = Span, Figure = Figure, Image = Image, Table = Table, Header = Header },
}

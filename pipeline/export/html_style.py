"""The report's stylesheet, inlined into every HTML file (screen and print)."""

#: Fonts that carry Chinese on Windows, macOS, Linux (Noto/Source Han) and WPS machines.
FONTS = (
    '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", '
    '"WenQuanYi Micro Hei", "SimHei", sans-serif'
)

CSS = """
:root { --ink: #1f2328; --muted: #59636e; --line: #d0d7de; --amber: #fff3cd; --red: #fde2e1; }
* { box-sizing: border-box; }
body { font-family: FONTS; color: var(--ink); margin: 0 auto; max-width: 1000px;
       padding: 24px 28px 60px; line-height: 1.55; font-size: 15px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 34px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
h3 { font-size: 16px; margin: 22px 0 6px; }
.en { color: var(--muted); font-size: 12px; font-weight: normal; }
.meta { color: var(--muted); font-size: 13px; margin: 0 0 12px; }
.invented { background: var(--amber); border-left: 4px solid #e8a33d; padding: 8px 12px; margin: 12px 0; }
nav { font-size: 13px; margin: 12px 0 4px; }
nav a { margin-right: 14px; }
ul.summary li { margin: 4px 0; }
figure { margin: 14px 0 26px; break-inside: avoid; page-break-inside: avoid; }
figcaption { font-size: 13px; color: var(--muted); margin-top: 2px; }
svg.chart { display: block; max-width: 100%; height: auto; }
svg .ct { font-size: 14px; font-weight: bold; fill: var(--ink); }
svg .lbl { font-size: 13px; fill: var(--ink); }
svg .val, svg .tick { font-size: 11px; fill: var(--muted); }
svg .grid { stroke: #e5e8eb; stroke-width: 1; }
svg .median { stroke-dasharray: 4 3; stroke-width: 1.5; }
svg .series { fill: none; stroke-width: 2.2; }
svg text { font-family: FONTS; }
table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 6px 0 4px; }
th, td { border: 1px solid var(--line); padding: 3px 6px; vertical-align: top; }
th { background: #f3f5f7; text-align: left; font-weight: bold; }
th .en { display: block; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.outlier td { background: var(--amber); }
tr.differ td { background: var(--red); }
a { color: #0b5cad; text-decoration: none; }
a:hover { text-decoration: underline; }
a.v { border-bottom: 1px dotted #0b5cad; }
ol.prov { font-size: 12.5px; padding-left: 2.4em; }
ol.prov li { margin: 6px 0; }
ol.prov li:target { background: var(--amber); }
.loc { color: var(--muted); }
.sent { display: block; color: var(--ink); background: #f6f8fa; padding: 2px 6px; margin-top: 2px; }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; }
@media print {
  @page { size: A4; margin: 14mm 12mm; }
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  nav { display: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  a, a.v { color: inherit; border: 0; }
  table { font-size: 9pt; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  section.prov { break-before: page; page-break-before: always; }
  .invented, tr.outlier td, tr.differ td, th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
""".replace("FONTS", FONTS)

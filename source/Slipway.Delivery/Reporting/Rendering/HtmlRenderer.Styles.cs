namespace Slipway.Delivery.Reporting.Rendering;

/// <summary>The page's inline style sheet.</summary>
public static partial class HtmlRenderer
{
    private const string Styles = """
:root{--ok:#1a7f37;--bad:#cf222e;--warn:#bc4c00;--skip:#8c959f;--up:#0969da;--muted:#59636e;--fg:#1f2328;--bg:#fff;--line:#d1d9e0;--panel:#f6f8fa;
--build:#0969da;--test:#8250df;--image:#bf8700;--deploy:#1a7f37}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:1100px;margin:0 auto;padding:16px;overflow-wrap:anywhere}
h1{margin:0;font-size:28px}h2{font-size:20px;margin:0 0 10px;padding-bottom:6px;border-bottom:1px solid var(--line)}h3{font-size:16px;margin:18px 0 8px}
code{font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--panel);padding:1px 4px;border-radius:4px}
pre{font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:10px;margin:6px 0;white-space:pre-wrap;overflow-wrap:anywhere}
pre.stack{color:var(--muted);font-size:12px}
.headline{color:#fff;border-radius:10px;padding:16px 20px;margin-bottom:14px}
.headline p{margin:4px 0 0}.headline .eyebrow{opacity:.85;font-size:13px;text-transform:uppercase;letter-spacing:.04em}
.headline .meta{opacity:.9;font-size:13px}.headline code{background:rgba(255,255,255,.2);color:#fff}
.o-succeeded{background:var(--ok)}.o-failed{background:var(--bad)}.o-aborted{background:var(--warn)}.o-unknown{background:var(--muted)}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(160px,1fr));gap:10px;margin:10px 0 16px}
.card{border:1px solid var(--line);border-left:4px solid var(--up);border-radius:8px;padding:8px 12px;background:var(--panel);min-width:0}
.card.bad{border-left-color:var(--bad)}
.card .k{font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.03em}
.card .v{font-size:22px;font-weight:600;overflow-wrap:anywhere}.card .n{font-size:12px;color:var(--muted);overflow-wrap:anywhere}
nav{display:flex;flex-wrap:wrap;gap:6px 14px;margin:0 0 14px;font-size:14px}
nav a{color:var(--up);text-decoration:none}
section{margin:0 0 26px}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;max-width:100%;margin:6px 0}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{padding:6px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top;white-space:nowrap;overflow-wrap:normal}
th{font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.03em}
.num{text-align:right;font-variant-numeric:tabular-nums}
.note{display:inline-block;white-space:normal;min-width:220px;max-width:520px}
.muted{color:var(--muted)}.na{color:var(--muted);background:var(--panel);border:1px dashed var(--line);border-radius:6px;padding:8px 12px}
.ok{color:var(--ok)}.bad{color:var(--bad)}
.figures{font-size:16px}.reason{border-left:4px solid var(--warn);padding:4px 10px;background:#fff8f0}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;color:#fff;background:var(--skip)}
.b-succeeded{background:var(--ok)}.b-failed{background:var(--bad)}.b-rolled-back,.b-aborted{background:var(--warn)}.b-uptodate,.b-unchanged{background:var(--up)}
.meter{display:inline-block;width:80px;height:8px;border-radius:4px;background:var(--line);vertical-align:middle;overflow:hidden}
.meter .fill{display:block;height:100%}.fill.ok{background:var(--ok)}.fill.warn{background:var(--warn)}.fill.bad{background:var(--bad)}
dl.facts{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:6px 16px;margin:8px 0}
dl.facts div{min-width:0}dt{font-size:12px;color:var(--muted)}dd{margin:0;overflow-wrap:anywhere}
details{margin:6px 0}summary{cursor:pointer}
svg.chart{display:block;width:100%;min-width:620px;height:auto}
.chart text{font-size:12px;fill:var(--fg)}.chart .axis{fill:var(--muted);font-size:11px}.chart .small{font-size:10px}
.chart .label{font-weight:600}.chart .value{fill:var(--muted)}
.chart .grid{stroke:var(--line);stroke-width:1}
.chart .marker{stroke-width:2;stroke-dasharray:4 3}.chart .m0{stroke:var(--up)}.chart .m1{stroke:var(--warn)}.chart .m2{stroke:var(--bad)}
.chart .marker-label{font-size:12px;font-weight:600}
.s-succeeded{fill:var(--ok)}.s-failed{fill:var(--bad)}.s-aborted,.s-rolled-back{fill:var(--warn)}.s-uptodate,.s-unchanged{fill:var(--up)}
.s-skipped,.s-notrun,.s-started,.s-unknown{fill:var(--skip)}
.stage-build{fill:var(--build)}.stage-test{fill:var(--test)}.stage-image{fill:var(--image)}.stage-deploy{fill:var(--deploy)}
.rollback{border:1px solid var(--bad);border-left:6px solid var(--bad);border-radius:6px;padding:8px 12px;margin:8px 0;background:#fff5f5;color:var(--bad);font-size:16px}
.rollback strong{text-transform:uppercase;letter-spacing:.03em}
.v-pass,.v-passed{background:var(--ok)}.v-fail,.v-rejected{background:var(--bad)}.v-inconclusive,.v-new-model{background:var(--warn)}
td code.query{display:inline-block;white-space:pre-wrap;overflow-wrap:anywhere;min-width:260px;max-width:520px}
a.graph{display:block;font-size:12px;color:var(--up)}dl.facts div.wide{grid-column:1/-1}.quiet{color:var(--ok)}
.chart .traffic{fill:none;stroke:var(--up);stroke-width:2.5}.chart .move{fill:var(--up)}
.chart .candidate{fill:none;stroke:var(--fg);stroke-width:2}.chart .baseline{fill:none;stroke:var(--skip);stroke-width:2;stroke-dasharray:5 4}
.chart .threshold{fill:none;stroke:var(--bad);stroke-width:1.5;stroke-dasharray:6 4}.chart .bound{fill:var(--bad)}.chart .baseline-pt{fill:var(--skip)}
.chart .pt.v-pass,.chart .verdict.v-pass{fill:var(--ok)}.chart .pt.v-fail,.chart .verdict.v-fail{fill:var(--bad)}
.chart .pt.v-inconclusive,.chart .verdict.v-inconclusive{fill:var(--warn)}
svg.confusion{width:auto;min-width:0;max-width:100%}.confusion .vertical{writing-mode:vertical-rl;transform-box:fill-box}
.cm{fill:#eef2f7}.cm1{fill:#c6dbef}.cm2{fill:#6baed6}.cm3{fill:#2171b5}.cm4{fill:#08306b}.cm.diagonal{stroke:var(--ok);stroke-width:1.5}
.confusion .cm-count{fill:var(--fg);font-size:11px}
footer{color:var(--muted);font-size:12px;border-top:1px solid var(--line);padding-top:8px}
@media (max-width:600px){main{padding:10px}h1{font-size:22px}.card .v{font-size:18px}.cards{grid-template-columns:repeat(2,minmax(0,1fr))}}
""";
}

/// The dashboard: one page of plain HTML, CSS and JavaScript, served by the binary (no
/// CDN). It reads the same API as everyone else.
enum Dashboard {
    static let html = #"""
<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>thidua — Bảng xếp hạng thi đua</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f6f6f4;color:#222}
header{background:#a50e0e;color:#fff;padding:.8em 1.5em;display:flex;justify-content:space-between;align-items:center}
header h1{font-size:1.25em;margin:0}
header button{background:#fff;color:#a50e0e;border:0;border-radius:3px;padding:.3em .8em;cursor:pointer;font-weight:600}
main{padding:1em 1.5em;display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:1.5em}
section{background:#fff;border-radius:6px;padding:1em;box-shadow:0 1px 2px rgba(0,0,0,.08)}
h2{font-size:1.05em;margin:.2em 0 .6em}
table{border-collapse:collapse;width:100%;margin-bottom:1em}
th,td{padding:.3em .5em;border-bottom:1px solid #e4e4e0;text-align:left;font-size:.92em}
td.n{text-align:right;font-variant-numeric:tabular-nums}
tr.unit{cursor:pointer}tr.unit:hover{background:#fff4d6}
.flag{color:#a50e0e;font-weight:700}.dq{color:#999;text-decoration:line-through}
.ok{color:#176b2c;font-weight:600}.bad{color:#a50e0e;font-weight:600}
pre{white-space:pre-wrap;font-size:.82em;background:#fafaf8;padding:.6em;border-radius:4px;max-height:30em;overflow:auto}
.bar{height:10px;background:#e4e4e0;border-radius:5px;overflow:hidden}.bar>div{height:100%;background:#d4a017}
.bar>div.met{background:#2e8b57}
.warn li{font-size:.88em;margin-bottom:.3em}
@media (max-width:900px){main{grid-template-columns:1fr}}
</style>
</head>
<body>
<header><h1 id="title">Bảng xếp hạng thi đua</h1><div><span id="origin"></span> <button id="lang">English</button></div></header>
<main>
  <div>
    <section id="rankings"><h2 id="h-rank">Xếp hạng</h2><div id="groups">…</div></section>
    <section id="progress"><h2 id="h-progress">Tiến độ chỉ tiêu phong trào</h2><div id="charts">…</div></section>
  </div>
  <div>
    <section id="status"><h2 id="h-status">Toàn vẹn của sổ</h2><div id="verify">…</div><pre id="checkpoint"></pre></section>
    <section id="explain"><h2 id="h-explain">Giải thích điểm</h2><p id="hint">Chọn một đơn vị trong bảng để xem từng điểm và các bản ghi đã ký tạo ra nó.</p><pre id="explanation"></pre></section>
    <section id="warnings"><h2 id="h-warn">Cảnh báo chất lượng dữ liệu</h2><ul class="warn" id="warnlist"></ul></section>
  </div>
</main>
<script>
"use strict";
const T = {
  vi: {title:"Bảng xếp hạng thi đua", rank:"Xếp hạng", progress:"Tiến độ chỉ tiêu phong trào", status:"Toàn vẹn của sổ",
       explain:"Giải thích điểm", warn:"Cảnh báo chất lượng dữ liệu", hint:"Chọn một đơn vị trong bảng để xem từng điểm và các bản ghi đã ký tạo ra nó.",
       switch:"English", r:"Hạng", u:"Đơn vị", t:"Tổng điểm", b:"Xếp loại", leader:"Dẫn đầu", flag:"đề nghị Cờ thi đua của UBND tỉnh",
       dq:"không xét danh hiệu (vi phạm)", ok:"ĐÃ KIỂM TRA", bad:"LỖI", entries:"bản ghi", target:"chỉ tiêu", gov:"Đề nghị Cờ thi đua của Chính phủ"},
  en: {title:"Emulation ranking", rank:"Rankings", progress:"Movement target progress", status:"Log integrity",
       explain:"Score explained", warn:"Data-quality warnings", hint:"Pick a unit in a table to see every point and the signed entries behind it.",
       switch:"Tiếng Việt", r:"Rank", u:"Unit", t:"Total", b:"Band", leader:"Leader", flag:"proposed for the province emulation flag",
       dq:"no title (violation)", ok:"VERIFIED", bad:"FAULT", entries:"entries", target:"target", gov:"Government emulation flag proposals"}
};
let lang = new URLSearchParams(location.search).get("lang") === "en" ? "en" : "vi";
const $ = id => document.getElementById(id);
const esc = s => String(s).replace(/[&<>"]/g, c => ({"&":"&amp;","<":"&lt;",">":"&gt;","\"":"&quot;"}[c]));
const num = s => { const [w, f] = String(s).split("."); const g = lang === "vi" ? "." : ","; const p = lang === "vi" ? "," : ".";
  return w.replace(/\B(?=(\d{3})+(?!\d))/g, g) + (f !== undefined ? p + f : ""); };
async function get(path) { const r = await fetch(path + (path.includes("?") ? "&" : "?") + "lang=" + lang); if (!r.ok) throw new Error(path + ": " + r.status); return r.json(); }
function labels() {
  const t = T[lang]; document.documentElement.lang = lang;
  for (const [id, k] of [["title","title"],["h-rank","rank"],["h-progress","progress"],["h-status","status"],["h-explain","explain"],["h-warn","warn"],["hint","hint"],["lang","switch"]]) $(id).textContent = t[k];
  document.title = "thidua — " + t.title;
}
async function rankings() {
  const t = T[lang], d = await get("/v1/rankings");
  $("origin").textContent = d.origin + " · " + d.size + " " + t.entries;
  let h = "";
  for (const g of d.groups) {
    h += `<h3>${esc(g.name)}</h3><table><tr><th>${t.r}</th><th>${t.u}</th><th class="n">${t.t}</th><th>${t.b}</th></tr>`;
    for (const u of g.units) {
      const cls = u.disqualified ? "dq" : (g.provinceFlag === u.unit ? "flag" : "");
      h += `<tr class="unit" data-unit="${esc(u.unit)}"><td>${u.rank}</td><td class="${cls}">${esc(u.name)}${g.provinceFlag === u.unit ? " ★" : ""}</td><td class="n">${num(Number(u.total).toFixed(2))}</td><td>${esc(u.bandName)}${u.disqualified ? " — " + t.dq : ""}</td></tr>`;
    }
    h += `</table>`;
    if (g.leader) { const l = g.units.find(x => x.unit === g.leader); h += `<p>${t.leader}: <b>${esc(l.name)}</b>${g.provinceFlag ? " — " + t.flag : ""}</p>`; }
  }
  h += `<p>${t.gov}: ${d.governmentFlag.proposed.length ? d.governmentFlag.proposed.map(esc).join(", ") : "—"} (≤ ${num(d.governmentFlag.quotaPercent)}% → ${d.governmentFlag.quota})</p>`;
  $("groups").innerHTML = h;
  for (const tr of document.querySelectorAll("tr.unit")) tr.onclick = () => explain(tr.dataset.unit);
  let c = "";
  for (const p of d.progress) {
    c += `<h4>(${p.number}) ${esc(p.code)} ${esc(p.name)} — ${t.target} ${num(p.target)} ${esc(p.unitOfMeasure)}</h4><table>`;
    for (const u of p.units) {
      const pct = Math.min(150, 100 * Number(u.value) / Math.max(Number(u.target), 1e-9));
      c += `<tr><td style="width:40%">${esc(u.name)}</td><td style="width:35%"><div class="bar" title="${pct.toFixed(1)}%"><div class="${u.met ? "met" : ""}" style="width:${(pct / 1.5).toFixed(1)}%"></div></div></td><td class="n">${num(u.value)} / ${num(u.target)}</td></tr>`;
    }
    c += `</table>`;
  }
  $("charts").innerHTML = c;
  $("warnlist").innerHTML = d.warnings.map(w => `<li>[${w.entry}] ${esc(w.message)}</li>`).join("");
}
async function status() {
  const t = T[lang], s = await get("/v1/status");
  const what = s.verified ? (lang === "vi" ? `${s.entries} bản ghi, ${s.signatures} chữ ký, thẩm quyền và gốc Merkle đã được kiểm tra` : `${s.entries} entries, ${s.signatures} signatures, authority and Merkle root verified`) : s.verification;
  $("verify").innerHTML = `<span class="${s.verified ? "ok" : "bad"}">${s.verified ? t.ok : t.bad}</span> — ${esc(what)}`;
  $("checkpoint").textContent = s.checkpoint;
}
async function explain(unit) {
  const e = await get("/v1/units/" + encodeURIComponent(unit) + "/explain");
  $("explanation").textContent = e.text;
}
async function load() { labels(); try { await rankings(); await status(); } catch (err) { $("groups").textContent = String(err); } }
$("lang").onclick = () => { lang = lang === "vi" ? "en" : "vi"; history.replaceState(null, "", "?lang=" + lang); load(); };
load();
</script>
</body>
</html>
"""#
}

package trace

import (
	"bytes"
	"html"
	"io"
	"text/template"
)

// WriteHTML writes a self-contained page (no network access: all script
// and style inline) that draws the trace in traceJSON: a timeline per P
// with the goroutines' runs colored by why they stopped, the Ms' P spans,
// zoom (wheel, or the + and - buttons), pan (drag), and a goroutine's stack
// on click. title names the trace file.
func WriteHTML(w io.Writer, traceJSON []byte, title string) error {
	if err := Validate(traceJSON); err != nil {
		return err
	}
	// The JSON goes inside a <script> element: "<" must not open a tag
	// there ("</script>"), and U+2028/9 are line ends in old JavaScript.
	data := bytes.ReplaceAll(traceJSON, []byte("<"), []byte(`\u003c`))
	data = bytes.ReplaceAll(data, []byte("\u2028"), []byte(`\u2028`))
	data = bytes.ReplaceAll(data, []byte("\u2029"), []byte(`\u2029`))
	return page.Execute(w, struct {
		Title string
		Data  string
	}{html.EscapeString(title), string(data)})
}

var page = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>goro trace: {{.Title}}</title>
<style>
body { font: 13px/1.4 system-ui, sans-serif; margin: 0; color: #222; background: #fafafa; }
header { padding: 8px 12px; background: #263238; color: #eceff1; display: flex; gap: 16px; align-items: center; }
header h1 { font-size: 15px; margin: 0; font-weight: 600; }
header button { font: inherit; padding: 1px 8px; }
#wrap { position: relative; margin: 8px 12px; border: 1px solid #ccc; background: #fff; }
canvas { display: block; width: 100%; cursor: grab; }
#side { margin: 8px 12px; display: flex; gap: 24px; align-items: flex-start; }
#legend span { display: inline-block; margin-right: 12px; }
#legend i { display: inline-block; width: 10px; height: 10px; margin-right: 4px; vertical-align: middle; }
#detail { white-space: pre; font-family: ui-monospace, monospace; font-size: 12px; background: #fff; border: 1px solid #ddd; padding: 6px 8px; min-width: 360px; min-height: 3em; }
#summary ul { margin: 0; padding-left: 18px; }
</style></head>
<body>
<header><h1>goro trace: {{.Title}}</h1>
<span id="range"></span>
<button id="zin" title="zoom in">+</button><button id="zout" title="zoom out">&minus;</button><button id="zreset">reset</button>
<span>wheel: zoom, drag: pan, click a run: its goroutine and stack</span></header>
<div id="wrap"><canvas id="tl" height="200"></canvas></div>
<div id="legend" style="margin: 0 12px"></div>
<div id="side"><div id="summary"></div><div id="detail">Click a goroutine's run to see why it stopped and its stack.</div></div>
<script id="trace-data" type="application/json">{{.Data}}</script>
<script>
(function () {
"use strict";
var data = JSON.parse(document.getElementById("trace-data").textContent);
var evs = data.traceEvents || [], frames = data.stackFrames || {};
var gnames = (data.goro && data.goro.goroutines) || {};
function gname(n) { var f = gnames[n.slice(1)]; return f ? n + " " + f : n; }
var tracks = [];          // {label, pid, tid, slices: [{ts, end, name, cat, sf}], marks: []}
var byKey = {};
var threadNames = {};
evs.forEach(function (e) {
  if (e.ph === "M" && e.name === "thread_name") threadNames[e.pid + ":" + e.tid] = e.args.name;
});
function track(pid, tid) {
  var k = pid + ":" + tid;
  if (!byKey[k]) {
    byKey[k] = {label: threadNames[k] || ((pid === 0 ? "P" : pid === 1 ? "M" : "S") + tid), pid: pid, tid: tid, slices: [], marks: []};
    tracks.push(byKey[k]);
  }
  return byKey[k];
}
var t0 = Infinity, t1 = -Infinity;
evs.forEach(function (e) {
  if (e.ph === "X" && (e.pid === 0 || e.pid === 1)) {
    track(e.pid, e.tid).slices.push({ts: e.ts, end: e.ts + e.dur, name: e.pid === 0 ? gname(e.name) : e.name, cat: e.cat || "", sf: e.sf || 0,
      woke: (e.args && e.args.woke) || []});
    t0 = Math.min(t0, e.ts); t1 = Math.max(t1, e.ts + e.dur);
  } else if (e.ph === "i" && e.pid === 0) {
    track(e.pid, e.tid).marks.push({ts: e.ts, name: e.name, sf: e.sf || 0, args: e.args || {}});
  }
});
if (t0 === Infinity) { t0 = 0; t1 = 1; }
if (t1 <= t0) t1 = t0 + 1;
tracks.sort(function (a, b) { return a.pid - b.pid || a.tid - b.tid; });

var palette = {"chan receive": "#1e88e5", "chan send": "#43a047", "select": "#8e24aa", "sleep": "#fb8c00",
  "sync.Mutex.Lock": "#e53935", "sync.WaitGroup.Wait": "#d81b60", "IO wait": "#00897b", "syscall": "#6d4c41",
  "preempted": "#fdd835", "yield": "#c0ca33", "exit": "#90a4ae", "running": "#546e7a"};
var extra = ["#5e35b1", "#3949ab", "#00acc1", "#7cb342", "#f4511e", "#757575"], nextExtra = 0;
function color(cat, pid) {
  if (pid === 1) return "#b0bec5";
  if (!palette[cat]) palette[cat] = extra[nextExtra++ % extra.length];
  return palette[cat];
}

var canvas = document.getElementById("tl"), ctx = canvas.getContext("2d");
var rowH = 22, top = 20, left = 56;
var view = {a: t0, b: t1};
var hit = [];
function resize() {
  var w = canvas.parentNode.clientWidth || 800;
  var h = top + tracks.length * rowH + 8;
  var dpr = window.devicePixelRatio || 1;
  canvas.width = w * dpr; canvas.height = h * dpr;
  canvas.style.height = h + "px";
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  draw();
}
function x(t, w) { return left + (t - view.a) / (view.b - view.a) * (w - left - 4); }
function fmt(us) {
  if (us >= 1e6) return (us / 1e6).toFixed(3) + " s";
  if (us >= 1e3) return (us / 1e3).toFixed(3) + " ms";
  return us.toFixed(3) + " µs";
}
var drawn = 0;
function draw() {
  var w = canvas.width / (window.devicePixelRatio || 1);
  ctx.clearRect(0, 0, w, canvas.height);
  ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, w, canvas.height);
  ctx.font = "11px sans-serif"; ctx.textBaseline = "middle";
  // time axis
  ctx.fillStyle = "#555"; ctx.strokeStyle = "#e0e0e0";
  for (var i = 0; i <= 8; i++) {
    var t = view.a + (view.b - view.a) * i / 8, px = x(t, w);
    ctx.beginPath(); ctx.moveTo(px, top - 4); ctx.lineTo(px, canvas.height); ctx.stroke();
    ctx.fillText(fmt(t - t0), Math.min(px + 2, w - 60), 9);
  }
  hit = []; drawn = 0;
  tracks.forEach(function (tr, row) {
    var y = top + row * rowH;
    ctx.fillStyle = row % 2 ? "#f5f5f5" : "#fff"; ctx.fillRect(left, y, w - left, rowH);
    ctx.fillStyle = "#222"; ctx.fillText(tr.label, 6, y + rowH / 2);
    var lastPx = -1;
    tr.slices.forEach(function (s) {
      if (s.end < view.a || s.ts > view.b) return;
      var xa = Math.max(x(s.ts, w), left), xb = Math.min(x(s.end, w), w);
      var wd = Math.max(xb - xa, 1);
      if (wd < 1.5 && Math.floor(xa) === lastPx) return; // many tiny runs share a pixel
      lastPx = Math.floor(xa);
      ctx.fillStyle = color(s.cat, tr.pid);
      ctx.fillRect(xa, y + 3, wd, rowH - 6);
      if (wd > 40) { ctx.fillStyle = "#fff"; ctx.fillText(s.name, xa + 3, y + rowH / 2, wd - 6); }
      hit.push({x0: xa, x1: xa + wd, y0: y, y1: y + rowH, s: s, tr: tr});
      drawn++;
    });
    ctx.fillStyle = "#000";
    tr.marks.forEach(function (m) {
      if (m.ts < view.a || m.ts > view.b) return;
      var px = x(m.ts, w);
      ctx.fillRect(px, y + rowH - 4, 1, 4);
    });
  });
  document.getElementById("range").textContent = fmt(view.b - view.a) + " shown of " + fmt(t1 - t0);
  document.body.setAttribute("data-drawn", String(drawn));
}
function stackOf(sf) {
  var out = [];
  for (var id = sf; id && frames[id] && out.length < 200; id = frames[id].parent) out.push(frames[id].name);
  return out;
}
canvas.addEventListener("click", function (ev) {
  if (moved) return;
  var r = canvas.getBoundingClientRect(), px = ev.clientX - r.left, py = ev.clientY - r.top;
  for (var i = hit.length - 1; i >= 0; i--) {
    var h = hit[i];
    if (px >= h.x0 - 1 && px <= h.x1 + 1 && py >= h.y0 && py <= h.y1) { show(h); return; }
  }
});
function show(h) {
  var s = h.s, lines = [h.tr.label + ": " + s.name, "from " + fmt(s.ts - t0) + " for " + fmt(s.end - s.ts)];
  if (h.tr.pid === 0) lines.push("stopped: " + (s.cat || "?"));
  if (s.woke.length) lines.push("woke: " + s.woke.map(function (g) { return gname("G" + g); }).join(", "));
  var st = stackOf(s.sf);
  if (st.length) { lines.push("stack:"); st.forEach(function (f) { lines.push("  " + f); }); }
  var d = document.getElementById("detail");
  d.textContent = lines.join("\n");
  d.setAttribute("data-g", s.name);
}
function zoom(f, cx) {
  var w = canvas.width / (window.devicePixelRatio || 1);
  var c = view.a + (cx - left) / (w - left - 4) * (view.b - view.a);
  var na = c - (c - view.a) * f, nb = c + (view.b - c) * f;
  if (nb - na < 0.001) return;
  view.a = Math.max(na, t0 - (t1 - t0)); view.b = Math.min(nb, t1 + (t1 - t0));
  draw();
}
canvas.addEventListener("wheel", function (ev) {
  ev.preventDefault();
  var r = canvas.getBoundingClientRect();
  zoom(ev.deltaY < 0 ? 0.8 : 1.25, ev.clientX - r.left);
}, {passive: false});
var dragX = null, moved = false;
canvas.addEventListener("mousedown", function (ev) { dragX = ev.clientX; moved = false; });
window.addEventListener("mouseup", function () { dragX = null; });
window.addEventListener("mousemove", function (ev) {
  if (dragX === null) return;
  var w = canvas.width / (window.devicePixelRatio || 1), dx = ev.clientX - dragX;
  if (Math.abs(dx) > 2) moved = true;
  var dt = dx / (w - left - 4) * (view.b - view.a);
  view.a -= dt; view.b -= dt; dragX = ev.clientX; draw();
});
document.getElementById("zin").onclick = function () { zoom(0.5, (canvas.clientWidth + left) / 2); };
document.getElementById("zout").onclick = function () { zoom(2, (canvas.clientWidth + left) / 2); };
document.getElementById("zreset").onclick = function () { view.a = t0; view.b = t1; draw(); };

// Summary: per P, the runs and how busy it was.
var sum = document.getElementById("summary"), ul = document.createElement("ul");
tracks.forEach(function (tr) {
  if (tr.pid !== 0) return;
  var busy = 0, gs = {};
  tr.slices.forEach(function (s) { busy += s.end - s.ts; gs[s.name] = 1; });
  var li = document.createElement("li");
  li.className = "ptrack";
  li.setAttribute("data-p", tr.label);
  li.setAttribute("data-runs", String(tr.slices.length));
  li.textContent = tr.label + ": " + tr.slices.length + " runs of " + Object.keys(gs).length + " goroutines, busy " + (100 * busy / (t1 - t0)).toFixed(1) + "%";
  ul.appendChild(li);
});
sum.appendChild(ul);
var lg = document.getElementById("legend");
Object.keys(palette).forEach(function (k) {
  var used = tracks.some(function (tr) { return tr.slices.some(function (s) { return s.cat === k; }); });
  if (!used) return;
  var sp = document.createElement("span"), i = document.createElement("i");
  i.style.background = palette[k]; sp.appendChild(i); sp.appendChild(document.createTextNode(k)); lg.appendChild(sp);
});
window.addEventListener("resize", resize);
resize();
document.body.setAttribute("data-rendered", "ok");
})();
</script>
</body></html>
`))

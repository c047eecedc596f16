// codec-lab dashboard: helpers shared by every page. Every string from the server reaches the DOM through
// textContent (el() below), never as markup; the Content-Security-Policy allows no inline script.
"use strict";

const codecLab = {
  charts: {},

  el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v == null || v === undefined || v === false) continue;
      if (k === "class") node.className = v;
      else if (k === "text") node.textContent = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v);
    }
    for (const c of children.flat()) {
      if (c == null || c === undefined) continue;
      node.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
    }
    return node;
  },

  clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; },

  async getJson(url) {
    const response = await fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } });
    const body = await response.json().catch(() => ({}));
    return { status: response.status, body };
  },

  async postJson(url, value, csrf) {
    const response = await fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf || "" },
      body: JSON.stringify(value),
    });
    const body = await response.json().catch(() => ({ error: "HTTP " + response.status }));
    return { status: response.status, body };
  },

  fmt(n, digits) {
    return n == null || n === undefined || Number.isNaN(n) ? "–" : Number(n).toFixed(digits === undefined ? 2 : digits);
  },

  signed(n) {
    return n == null || n === undefined ? "–" : (n > 0 ? "+" : "") + Number(n).toFixed(2) + " %";
  },

  statusBadge(status, running, phase) {
    const cls = "badge " + status + (running ? " running" : "");
    return codecLab.el("span", { class: cls, "data-status": status }, status + (running && phase ? " · " + phase : ""));
  },

  /** Python source as numbered lines (ids L1, L2...) with keywords, strings, comments and numbers marked. */
  highlightPython(code, idPrefix) {
    const kw = new Set(("False None True and as assert async await break class continue def del elif else except "
      + "finally for from global if import in is lambda nonlocal not or pass raise return try while with yield").split(" "));
    const box = codecLab.el("div", { class: "code" });
    const tokenRe = /(#.*$)|("""[\s\S]*?"""|'''[\s\S]*?'''|"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*')|(\b\d+(?:\.\d+)?(?:e[+-]?\d+)?\b)|([A-Za-z_]\w*)/gm;
    // Tokens are found on the whole text (strings may span lines), then cut into lines.
    const parts = [];
    let last = 0, m, prevWord = "";
    while ((m = tokenRe.exec(code)) != null) {
      if (m.index > last) parts.push(["", code.slice(last, m.index)]);
      let cls = "";
      if (m[1]) cls = "tok-com"; else if (m[2]) cls = "tok-str"; else if (m[3]) cls = "tok-num";
      else if (m[4] && kw.has(m[4])) cls = "tok-kw";
      else if (m[4] && (prevWord === "def" || prevWord === "class")) cls = "tok-def";
      if (m[4]) prevWord = m[4];
      parts.push([cls, m[0]]);
      last = m.index + m[0].length;
    }
    if (last < code.length) parts.push(["", code.slice(last)]);
    let lineNo = 1;
    let line = null, text = null;
    const newLine = () => {
      line = codecLab.el("div", { class: "ln", id: (idPrefix || "L") + lineNo },
        codecLab.el("a", { class: "no", href: "#" + (idPrefix || "L") + lineNo }, String(lineNo)));
      text = codecLab.el("span", { class: "tx" });
      line.appendChild(text);
      box.appendChild(line);
    };
    newLine();
    for (const [cls, s] of parts) {
      const pieces = s.split("\n");
      pieces.forEach((piece, i) => {
        if (i > 0) { lineNo++; newLine(); }
        if (piece) text.appendChild(cls ? codecLab.el("span", { class: cls }, piece) : document.createTextNode(piece));
      });
    }
    return box;
  },

  /** A line diff (longest common subsequence) of a against b, as +/- lines. */
  diff(a, b) {
    const x = a.split("\n"), y = b.split("\n");
    const box = codecLab.el("pre", { class: "diff" });
    if (x.length * y.length > 4000000) {
      box.appendChild(document.createTextNode("(too long to compare here)"));
      return box;
    }
    const n = x.length, m = y.length;
    const lcs = Array.from({ length: n + 1 }, () => new Int32Array(m + 1));
    for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--)
      lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    let i = 0, j = 0, changes = 0;
    const line = (cls, prefix, s) => box.appendChild(codecLab.el("div", { class: cls }, prefix + s));
    while (i < n || j < m) {
      if (i < n && j < m && x[i] === y[j]) { line("", "  ", x[i]); i++; j++; }
      else if (j < m && (i >= n || lcs[i][j + 1] >= lcs[i + 1][j])) { line("add", "+ ", y[j]); j++; changes++; }
      else { line("del", "- ", x[i]); i++; changes++; }
    }
    box.setAttribute("data-changes", String(changes));
    return box;
  },

  /**
   * A uPlot line chart of several series of {x, y} points on a shared x axis (the union of all x values;
   * a series has null where it has no point). Kept in codecLab.charts[id]: its data are the plotted points.
   */
  chart(container, id, title, xLabel, yLabel, series, opts) {
    const xs = [...new Set(series.flatMap(s => s.points.map(p => p.x)))].sort((a, b) => a - b);
    const data = [xs];
    for (const s of series) {
      const byX = new Map(s.points.map(p => [p.x, p.y]));
      data.push(xs.map(x => (byX.has(x) ? byX.get(x) : null)));
    }
    const colors = ["#1f5fa8", "#c2410c", "#2e7d4f", "#7b30a8", "#a16207"];
    const box = codecLab.el("div", { class: "chart", id: id, "data-series": String(series.length) });
    container.appendChild(box);
    const u = new uPlot({
      title: title, width: (opts && opts.width) || 520, height: (opts && opts.height) || 300,
      scales: { x: { time: !!(opts && opts.time) } },
      axes: [{ label: xLabel }, { label: yLabel }],
      series: [{ label: xLabel }].concat(series.map((s, i) => ({
        label: s.label, stroke: colors[i % colors.length], width: 2, spanGaps: true,
        points: { show: true, size: 7 },
      }))),
    }, data, box);
    codecLab.charts[id] = u;
    return u;
  },
};

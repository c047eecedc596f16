// The execution-log analysis (GET /api/logs/analysis) as a page; a clear notice when this server has none.
"use strict";
(function () {
  const { el, clear, getJson, fmt } = codecLab;

  function rows(tableId, items, cells) {
    const tbody = clear(document.querySelector("#" + tableId + " tbody"));
    for (const item of items || []) tbody.appendChild(el("tr", {}, cells(item).map(c => el("td", {}, c == null || c === undefined ? "–" : String(c)))));
  }

  function pct(r) { return r == null || r === undefined ? "–" : fmt(r * 100, 1) + " %"; }

  async function load() {
    let result;
    try {
      result = await getJson("/api/logs/analysis");
    } catch (e) {
      result = { status: 0, body: {} };
    }
    if (result.status === 404) {
      document.getElementById("analysis-missing").classList.remove("hidden");
      return;
    }
    if (result.status !== 200) {
      const error = document.getElementById("analysis-error");
      error.textContent = "The log analysis could not be read: " + (result.body.error || "HTTP " + result.status);
      error.classList.remove("hidden");
      return;
    }
    const a = result.body;
    document.getElementById("analysis").classList.remove("hidden");
    document.getElementById("analysis-summary").textContent = a.records + " records since " + (a.since || "–");
    document.getElementById("llm-summary").textContent = a.llmSummary || "";
    const perDay = (a.successRate && a.successRate.perDay) || [];
    const points = perDay.filter(d => d.rate != null).map(d => ({ x: Date.parse(d.day + "T00:00:00Z") / 1000, y: d.rate * 100 }));
    if (points.length) {
      codecLab.chart(document.getElementById("success-chart"), "success-plot", "Success rate per day", "day", "passed (%)",
        [{ label: "passed (%)", points: points }], { time: true, width: 800 });
    }
    rows("windows", a.successRate && a.successRate.perWindow, w => [w.from, w.to, w.experiments, pct(w.rate)]);
    rows("patterns", a.patterns, p => [p.exceptionType, p.stage, p.pattern, p.count, p.fixed, p.unfixed, p.lastSeen]);
    const s = a.sessions || {};
    document.getElementById("sessions").textContent = (s.total || 0) + " sessions: " + (s.fixed || 0) + " fixed, "
      + (s.unfixed || 0) + " unfixed; " + fmt(s.meanAttemptsToFix, 2) + " attempts to a fix on average";
    rows("unfixed", a.unfixed, u => [u.sessionId, u.experimentId, u.stage, u.exceptionType, u.message, u.at]);
    rows("stages", a.stages, t => [t.stage, t.runs, fmt(t.seconds, 1), fmt(t.usd, 4)]);
    const box = clear(document.getElementById("recommendations"));
    for (const r of a.recommendations || []) {
      box.appendChild(el("div", { class: "recommendation" },
        el("h3", {}, (r.exceptionType || "") + " in " + (r.stage || "?") + " (" + r.count + "×): " + (r.pattern || "")),
        el("p", {}, r.advice || ""), r.rule ? el("p", { class: "muted" }, "rule: " + r.rule) : null,
        r.fixDiff ? el("pre", {}, r.fixDiff) : null));
    }
    if (!box.firstChild) box.appendChild(el("p", { class: "muted" }, "No recommendations."));
  }
  load();
})();

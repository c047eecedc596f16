// One experiment: facts, rate-distortion plots per clip (candidate, champion, x264), code with its diff
// against the parent champion, the policy verdict linked to code lines, stage logs, prompt and response.
// While it runs, its phase is polled every 2 s and the page re-renders when the status changes.
"use strict";
(function () {
  const { el, clear, getJson, fmt, signed, statusBadge } = codecLab;
  const id = decodeURIComponent(location.pathname.split("/").pop());
  let shownStatus = null;

  function fact(name, value) {
    return el("tr", {}, el("th", {}, name), el("td", {}, value));
  }

  function points(list, y) {
    return (list || []).filter(p => p && p.kbps != null && p[y] != null && p[y] !== undefined)
      .map(p => ({ x: p.kbps, y: p[y] }));
  }

  function rdCharts(e) {
    const box = clear(document.getElementById("rd"));
    const report = e.report && typeof e.report === "object" ? e.report : null;
    let candidate = report && report.adoption && Object.keys(report.adoption).length ? report.adoption
      : report && report.search ? report.search : null;
    if (!candidate) candidate = { "headline clip": e.points };
    const champion = (report && report.champion) || {};
    const x264 = (report && report.x264) || {};
    let n = 0;
    for (const clip of Object.keys(candidate)) {
      for (const [y, label] of [["psnrY", "PSNR-Y (dB)"], ["ssimY", "SSIM-Y"]]) {
        const series = [{ label: "candidate", points: points(candidate[clip], y) }];
        if (champion[clip]) series.push({ label: "champion v" + e.championVersion, points: points(champion[clip], y) });
        if (x264[clip]) {
          const anchor = points(x264[clip], y);
          if (anchor.length) series.push({ label: "x264", points: anchor });
        }
        if (series[0].points.length === 0) continue;
        codecLab.chart(box, "rd-" + n + "-" + y, clip + ": " + label + " against rate", "kbps", label, series);
      }
      n++;
    }
    if (!box.firstChild) box.appendChild(el("p", { class: "muted" }, "No rate-distortion points (the experiment was not scored)."));
  }

  function verdict(e) {
    const box = clear(document.getElementById("verdict"));
    const v = e.validation;
    const violations = (v && v.violations) || e.violations || [];
    if (v && v.accepted !== undefined) {
      box.appendChild(el("p", { class: v.accepted ? "ok" : "error", id: "verdict-summary" },
        (v.accepted ? "accepted" : "rejected") + " by policy " + (v.policyVersion || "")));
    } else if (!violations.length) {
      box.appendChild(el("p", { class: "muted" }, "No verdict recorded."));
    }
    if (violations.length) {
      const ul = el("ul", { id: "violations" });
      for (const x of violations) {
        ul.appendChild(el("li", {}, el("a", { href: "#L" + x.line }, "line " + x.line + ":" + x.column),
          " " + x.rule + ": " + x.message));
      }
      box.appendChild(ul);
    }
  }

  function logs(e) {
    const box = clear(document.getElementById("logs"));
    const stages = Object.keys(e.logs || {});
    if (!stages.length) box.appendChild(el("p", { class: "muted" }, "No sandbox logs."));
    for (const stage of stages) {
      box.appendChild(el("h3", {}, stage));
      const runs = Array.isArray(e.logs[stage]) ? e.logs[stage] : [e.logs[stage]];
      for (const r of runs) {
        if (!r || typeof r !== "object") { box.appendChild(el("pre", {}, String(r))); continue; }
        box.appendChild(el("p", {}, [r.side, r.clip, r.quality !== undefined ? "q" + r.quality : ""].filter(Boolean).join(" · ")
          + " — " + r.status + " (exit " + r.exitCode + "), wall " + r.wallSeconds + " s, cpu " + r.cpuSeconds + " s"
          + (r.reason ? ", " + r.reason : "")));
        if (r.stdoutTail) box.appendChild(el("pre", { class: "stdout" }, r.stdoutTail));
        if (r.stderrTail) box.appendChild(el("pre", { class: "stderr" }, r.stderrTail));
      }
    }
  }

  function render(e) {
    document.getElementById("experiment-id").textContent = e.id;
    clear(document.getElementById("status")).appendChild(statusBadge(e.status, e.running, e.phase));
    document.getElementById("summary").textContent = e.summary;
    const facts = clear(document.querySelector("#facts tbody"));
    facts.appendChild(fact("Created", e.createdAt + " · updated " + e.updatedAt));
    facts.appendChild(fact("Source", e.source));
    facts.appendChild(fact("Versions", "from v" + e.championVersion
      + (e.adoptedVersion != null ? ", adopted as v" + e.adoptedVersion : "")));
    facts.appendChild(fact("Parent experiment", e.parentExperimentId || "–"));
    facts.appendChild(fact("BD-rate", "vs champion " + signed(e.bdRateVsChampionPercent) + ", vs x264 "
      + signed(e.bdRateVsX264Percent)));
    facts.appendChild(fact("LLM", e.llmUsage.inputTokens + " in / " + e.llmUsage.outputTokens + " out tokens, $"
      + fmt(e.llmUsage.costUsd, 4) + ", " + e.llmUsage.latencyMillis + " ms"));
    facts.appendChild(fact("Code SHA-256", e.codeSha256));
    const failure = document.getElementById("failure-section");
    failure.classList.toggle("hidden", !e.failure);
    if (e.failure) {
      document.getElementById("failure").textContent = e.failure.stage + " · " + e.failure.kind + ": " + e.failure.message
        + (e.failure.tracebackTail ? "\n\n" + e.failure.tracebackTail : "");
    }
    rdCharts(e);
    clear(document.getElementById("code")).appendChild(e.code ? codecLab.highlightPython(e.code)
      : el("p", { class: "muted" }, "No code stored."));
    document.getElementById("parent-version").textContent = "(v" + e.championVersion + ")";
    clear(document.getElementById("diff")).appendChild(e.code && e.parentCode ? codecLab.diff(e.parentCode, e.code)
      : el("p", { class: "muted" }, "Nothing to compare."));
    verdict(e);
    const stages = clear(document.querySelector("#stages tbody"));
    for (const s of e.stages) {
      stages.appendChild(el("tr", {}, el("td", {}, s.stage), el("td", {}, s.status), el("td", { class: "num" }, fmt(s.wallSeconds, 2)),
        el("td", { class: "num" }, fmt(s.cpuSeconds, 2)), el("td", { class: "num" }, fmt(s.peakMemoryBytes / 1048576, 1) + " MiB"),
        el("td", {}, s.backend)));
    }
    logs(e);
    document.getElementById("prompt").textContent = e.prompt || "(none: offline proposer)";
    document.getElementById("response").textContent = e.response || "(none)";
  }

  async function load() {
    const { status, body } = await getJson("/api/experiments/" + encodeURIComponent(id));
    if (status !== 200) {
      const error = document.getElementById("error");
      error.textContent = body.error || "HTTP " + status;
      error.classList.remove("hidden");
      return;
    }
    shownStatus = body.status;
    render(body);
    if (body.running) setTimeout(poll, 2000);
  }

  async function poll() {
    const { status, body } = await getJson("/api/experiments/" + encodeURIComponent(id) + "/phase");
    if (status !== 200) return;
    if (body.status !== shownStatus) { load(); return; }
    clear(document.getElementById("status")).appendChild(statusBadge(body.status, body.running, body.phase));
    if (body.running) setTimeout(poll, 2000);
  }

  load();
})();

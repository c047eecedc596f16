// The experiments table: newest first, paged by id, filtered by status; running rows refresh every 2 s.
"use strict";
(function () {
  const { el, clear, getJson, fmt, signed, statusBadge } = codecLab;
  const tbody = document.querySelector("#experiments tbody");
  const filter = document.getElementById("status-filter");
  const older = document.getElementById("older");
  const live = document.getElementById("live");
  const params = new URLSearchParams(location.search);
  let before = params.get("before") || "";
  let timer = null;
  let shown = "";

  function row(e) {
    const top = e.top ? "q" + e.top.quality + ": " + fmt(e.top.kbps, 1) + " kbps, " + fmt(e.top.psnrY, 2) + " dB, "
      + fmt(e.top.ssimY, 4) : "–";
    return el("tr", { "data-id": e.id },
      el("td", {}, el("a", { href: "/experiments/" + encodeURIComponent(e.id) }, e.id)),
      el("td", {}, e.createdAt.replace("T", " ").replace(/\.\d+Z$|Z$/, "")),
      el("td", { class: "status" }, statusBadge(e.status, e.running, e.phase), e.leaseExpired ? " (lease expired)" : ""),
      el("td", {}, el("span", { class: "badge", title: "parent champion" }, "from v" + e.championVersion),
        e.adoptedVersion != null ? el("span", { class: "badge adopted" }, "adopted v" + e.adoptedVersion) : null),
      el("td", {}, e.source),
      el("td", { class: "num" }, top),
      el("td", { class: "num" }, signed(e.bdRateVsChampionPercent)),
      el("td", { class: "num" }, signed(e.bdRateVsX264Percent)),
      el("td", { class: "num" }, fmt(e.durationSeconds, 1) + " s"),
      el("td", { class: "num" }, "$" + fmt(e.costUsd, 4)),
      el("td", {}, e.failureKind ? e.failureStage + ": " + e.failureKind : ""));
  }

  async function load() {
    const q = new URLSearchParams();
    if (filter.value) q.set("status", filter.value);
    if (before) q.set("before", before);
    const { status, body } = await getJson("/api/experiments?" + q);
    if (status !== 200) {
      clear(tbody).appendChild(el("tr", {}, el("td", { colspan: "11", class: "error" }, body.error || "HTTP " + status)));
      return;
    }
    if (filter.options.length === 1) {
      for (const s of body.statuses) filter.appendChild(el("option", { value: s }, s));
      filter.value = params.get("status") || "";
    }
    // Rebuilt only when something changed, so that a reader's selection (and a test's elements) stay put.
    const signature = JSON.stringify(body.experiments);
    if (signature !== shown) {
      shown = signature;
      clear(tbody);
      body.experiments.forEach(e => tbody.appendChild(row(e)));
    }
    document.getElementById("empty").classList.toggle("hidden", body.experiments.length > 0);
    older.disabled = !body.next;
    older.dataset.next = body.next || "";
    // Running rows refresh every 2 s; the newest page also looks for new experiments every 10 s.
    const running = body.experiments.some(e => e.running);
    live.textContent = running ? "live: running experiments refresh every 2 s" : (before ? "" : "live: new experiments appear within 10 s");
    clearTimeout(timer);
    if (running || !before) timer = setTimeout(load, running ? 2000 : 10000);
  }

  function go() {
    const q = new URLSearchParams();
    if (filter.value) q.set("status", filter.value);
    if (before) q.set("before", before);
    history.replaceState(null, "", "/" + (q.toString() ? "?" + q : ""));
    load();
  }
  filter.addEventListener("change", () => { before = ""; go(); });
  older.addEventListener("click", () => { before = older.dataset.next; go(); });
  document.getElementById("newest").addEventListener("click", () => { before = ""; go(); });
  load();
})();

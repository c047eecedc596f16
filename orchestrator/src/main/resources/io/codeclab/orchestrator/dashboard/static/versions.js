// Adopted versions: BD-rate against x264 over time as a plot, the history as a table, and the code diff
// between any two versions.
"use strict";
(function () {
  const { el, clear, getJson, signed } = codecLab;

  async function load() {
    const { status, body } = await getJson("/api/versions");
    const tbody = document.querySelector("#versions tbody");
    if (status !== 200) {
      tbody.appendChild(el("tr", {}, el("td", { colspan: "5", class: "error" }, body.error || "HTTP " + status)));
      return;
    }
    const from = document.getElementById("diff-from"), to = document.getElementById("diff-to");
    for (const v of body.versions) {
      tbody.appendChild(el("tr", { "data-version": String(v.version) }, el("td", {}, "v" + v.version),
        el("td", {}, v.adoptedAt.replace("T", " ").replace(/\.\d+Z$|Z$/, "")),
        el("td", {}, v.experimentId ? el("a", { href: "/experiments/" + encodeURIComponent(v.experimentId) }, v.experimentId) : "built-in"),
        el("td", { class: "num" }, signed(v.bdRateVsPreviousPercent)),
        el("td", { class: "num" }, signed(v.bdRateVsX264Percent))));
      from.appendChild(el("option", { value: String(v.version) }, "v" + v.version));
      to.appendChild(el("option", { value: String(v.version) }, "v" + v.version));
    }
    if (body.versions.length > 1) {
      from.value = String(body.versions[body.versions.length - 2].version);
      to.value = String(body.versions[body.versions.length - 1].version);
    }
    const points = body.versions.filter(v => v.bdRateVsX264Percent != null)
      .map(v => ({ x: Date.parse(v.adoptedAt) / 1000, y: v.bdRateVsX264Percent }));
    const box = document.getElementById("versions-chart");
    if (points.length) {
      codecLab.chart(box, "versions-plot", "BD-rate against x264 of each adopted version", "adopted", "BD-rate vs x264 (%)",
        [{ label: "BD-rate vs x264 (%)", points: points }], { time: true, width: 800 });
    } else {
      box.appendChild(el("p", { class: "muted" }, "No adopted version has a BD-rate against x264 yet."));
    }
  }

  document.getElementById("show-diff").addEventListener("click", async () => {
    const a = document.getElementById("diff-from").value, b = document.getElementById("diff-to").value;
    const box = clear(document.getElementById("version-diff"));
    const [x, y] = await Promise.all([getJson("/api/versions/" + a + "/code"), getJson("/api/versions/" + b + "/code")]);
    if (x.status !== 200 || y.status !== 200) {
      box.appendChild(el("p", { class: "error" }, (x.body.error || y.body.error || "cannot load the code")));
      return;
    }
    box.appendChild(el("p", { class: "muted" }, "v" + a + " → v" + b));
    box.appendChild(codecLab.diff(x.body.code, y.body.code));
  });
  load();
})();

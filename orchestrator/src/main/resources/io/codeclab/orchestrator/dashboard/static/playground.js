// The playground (the seed's script editor): an image script run in the sandbox after the policy check, or a
// codec program evaluated on one clip. Both POST JSON with the session's CSRF token.
"use strict";
(function () {
  const { el, clear, getJson, postJson, fmt } = codecLab;
  const MAX_IMAGE_BYTES = 2 * 1024 * 1024;
  const DEFAULT_SCRIPT = [
    "import cv2",
    "import numpy as np",
    "",
    "",
    "def process(image):",
    "    \"\"\"image: H x W x 3 uint8 (BGR); returns the picture to show.\"\"\"",
    "    out = image.copy()",
    "    h, w = out.shape[:2]",
    "    cv2.circle(out, (w // 2, h // 2), min(h, w) // 4, (0, 0, 255), 8)",
    "    cv2.putText(out, \"codec-lab\", (10, 30), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (255, 255, 255), 2)",
    "    print(\"drew on a\", w, \"x\", h, \"image\")",
    "    return out",
    "",
  ].join("\n");
  let csrf = "";
  let image = null; // base64 of an uploaded PNG/JPEG, or null for the sample

  function show(id, text) {
    const node = document.getElementById(id);
    node.textContent = text;
    node.classList.toggle("hidden", !text);
  }

  function verdictView(v) {
    if (!v) return el("p", { class: "muted" }, "");
    const box = el("div", { class: "verdict" }, el("p", { class: v.accepted ? "ok" : "error", "data-accepted": String(v.accepted) },
      "Policy " + (v.policyVersion || "") + ": " + (v.accepted ? "accepted" : "rejected")));
    if (v.violations && v.violations.length) {
      box.appendChild(el("ul", {}, v.violations.map(x => el("li", {}, "line " + x.line + ":" + x.column + " " + x.rule + ": " + x.message))));
    }
    return box;
  }

  async function run() {
    show("run-error", "");
    clear(document.getElementById("run-verdict"));
    document.getElementById("result").classList.add("hidden");
    document.getElementById("stdout").textContent = "";
    document.getElementById("stderr").textContent = "";
    document.getElementById("run-status").textContent = "";
    document.getElementById("run-state").textContent = "running…";
    const { status, body } = await postJson("/api/playground/run", { code: document.getElementById("script").value, image: image }, csrf);
    document.getElementById("run-state").textContent = "";
    if (status !== 200) { show("run-error", body.error || "HTTP " + status); return; }
    document.getElementById("run-verdict").appendChild(verdictView(body.verdict));
    if (body.run) {
      document.getElementById("run-status").textContent = "Sandbox: " + body.run.status + " (exit " + body.run.exitCode + ") on "
        + body.run.backend + ", wall " + body.run.wallSeconds + " s, cpu " + body.run.cpuSeconds + " s"
        + (body.run.reason ? ": " + body.run.reason : "");
      document.getElementById("stdout").textContent = body.run.stdoutTail;
      document.getElementById("stderr").textContent = body.run.stderrTail;
    }
    if (body.result) {
      const img = document.getElementById("result");
      img.src = body.result;
      img.classList.remove("hidden");
    }
  }

  function upload(event) {
    const file = event.target.files[0];
    if (!file) return;
    if (file.size > MAX_IMAGE_BYTES) { show("run-error", "the image has " + file.size + " bytes; at most " + MAX_IMAGE_BYTES + " are accepted"); return; }
    const reader = new FileReader();
    reader.onload = () => {
      const bytes = new Uint8Array(reader.result);
      let s = "";
      for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
      image = btoa(s);
      document.getElementById("input-preview").src = URL.createObjectURL(file);
      document.getElementById("input-label").textContent = "Input: " + file.name;
    };
    reader.readAsArrayBuffer(file);
  }

  async function evaluate() {
    show("evaluate-error", "");
    clear(document.getElementById("evaluate-verdict"));
    clear(document.getElementById("evaluate-charts"));
    const tbody = clear(document.querySelector("#evaluate-points tbody"));
    document.getElementById("evaluate-state").textContent = "evaluating (this takes a while)…";
    const { status, body } = await postJson("/api/playground/evaluate",
      { code: document.getElementById("codec").value, clip: document.getElementById("clip").value }, csrf);
    document.getElementById("evaluate-state").textContent = "";
    if (status !== 200) { show("evaluate-error", body.error || "HTTP " + status); return; }
    document.getElementById("evaluate-verdict").appendChild(verdictView(body.verdict));
    if (!body.scored) {
      const f = body.failure || {};
      show("evaluate-error", (f.stage || "") + " · " + (f.kind || "") + ": " + (f.message || "") + (f.tracebackTail ? "\n" + f.tracebackTail : ""));
      return;
    }
    document.getElementById("evaluate-verdict").appendChild(el("p", {}, "BD-rate vs champion v" + body.championVersion + ": "
      + codecLab.signed(body.bdRateVsChampionPercent) + ", vs x264: " + codecLab.signed(body.bdRateVsX264Percent)));
    for (const clip of Object.keys(body.candidate)) {
      for (const [y, label] of [["psnrY", "PSNR-Y (dB)"], ["ssimY", "SSIM-Y"]]) {
        const series = [{ label: "candidate", points: body.candidate[clip].filter(p => p[y] != null).map(p => ({ x: p.kbps, y: p[y] })) }];
        if (body.champion[clip]) series.push({ label: "champion", points: body.champion[clip].filter(p => p[y] != null).map(p => ({ x: p.kbps, y: p[y] })) });
        const anchor = ((body.x264 || {})[clip] || []).filter(p => p[y] != null).map(p => ({ x: p.kbps, y: p[y] }));
        if (anchor.length) series.push({ label: "x264", points: anchor });
        codecLab.chart(document.getElementById("evaluate-charts"), "evaluate-" + y, clip + ": " + label, "kbps", label, series);
      }
      for (const [who, list] of [["candidate", body.candidate[clip]], ["champion", body.champion[clip] || []]]) {
        for (const p of list) tbody.appendChild(el("tr", {}, el("td", {}, who), el("td", {}, String(p.quality)),
          el("td", { class: "num" }, fmt(p.kbps, 1)), el("td", { class: "num" }, fmt(p.psnrY, 2)), el("td", { class: "num" }, fmt(p.ssimY, 4))));
      }
    }
  }

  function mode() {
    const codec = document.getElementById("mode-codec").checked;
    document.getElementById("image-mode").classList.toggle("hidden", codec);
    document.getElementById("codec-mode").classList.toggle("hidden", !codec);
  }

  async function init() {
    document.getElementById("script").value = DEFAULT_SCRIPT;
    document.getElementById("run").addEventListener("click", run);
    document.getElementById("evaluate").addEventListener("click", evaluate);
    document.getElementById("upload").addEventListener("change", upload);
    document.getElementById("use-sample").addEventListener("click", () => {
      image = null;
      document.getElementById("upload").value = "";
      document.getElementById("input-preview").src = "/api/playground/sample.png";
      document.getElementById("input-label").textContent = "Input: sample image";
    });
    document.getElementById("mode-image").addEventListener("change", mode);
    document.getElementById("mode-codec").addEventListener("change", mode);
    const session = await getJson("/api/session");
    csrf = session.body.csrf || "";
    document.getElementById("login-needed").classList.toggle("hidden", !!session.body.authenticated);
    const clips = await getJson("/api/playground/clips");
    for (const c of (clips.body.clips || [])) document.getElementById("clip").appendChild(el("option", { value: c }, c.split("/").pop()));
    const champion = await getJson("/api/versions");
    if (champion.status === 200 && champion.body.versions.length) {
      const last = champion.body.versions[champion.body.versions.length - 1].version;
      const code = await getJson("/api/versions/" + last + "/code");
      if (code.status === 200) document.getElementById("codec").value = code.body.code;
    }
    document.body.setAttribute("data-ready", "true");
  }
  init();
})();

/* wattbit-siting review page: upload or click, screen, show the proposals; the details and the portfolio job are
 * in detail.js and job.js, the helpers in common.js, the map in map.js. */
"use strict";

(function () {
  const {DATA, S, FINAL, $, t, fmt, moneyNumber, bn, el, badge, showErrors, api, status} = W;

  const MAP = window.WattbitMap({t: t, fmt: fmt, years: DATA.info.reference.years,
    get: async (url) => { const r = await api("GET", url); return r.ok ? r.data : null; },
    onPick: pickPoint, onSelect: select});

  /* --- header, static labels, language ------------------------------------------------------------------ */
  function relabel() {
    document.documentElement.lang = S.lang;
    document.title = t("title");
    for (const e of document.querySelectorAll("[data-t]")) {
      if (e.id === "point-lonlat" && S.pick) continue;
      e.textContent = t(e.getAttribute("data-t"));
    }
    $("upload-hint").textContent = t("upload_hint", {mb: fmt(DATA.info.max_upload_mb, 0)});
    const r = DATA.info.reference;
    const last = r.years[r.years.length - 1];
    $("reference-line").textContent = t("reference") + " (" + t("scenario") + " " + r.scenario + "): "
      + t("regions") + " " + r.n_regions + ", " + fmt(r.mw_last_year, 0) + " IT MW (" + last + "), "
      + t("total_cost") + " " + bn(r.objective_jpy) + " · " + status(r.status, r.gap);
    const sel = $("point-pref");
    const chosen = sel.value;
    sel.replaceChildren(el("option", {value: ""}, "-"),
      ...DATA.prefectures.map((p) => el("option", {value: p.code}, S.lang === "ja" ? p.ja : p.en + " (" + p.ja + ")")));
    sel.value = chosen;
    MAP.relabel();
  }

  $("lang-switch").addEventListener("click", () => {
    S.lang = S.lang === "ja" ? "en" : "ja";
    relabel();
    render();
  });

  /* --- upload and points -------------------------------------------------------------------------------- */
  $("file").addEventListener("change", async (e) => {
    const file = e.target.files[0];
    if (!file) return;
    showErrors("file-errors", []);
    $("upload-status").textContent = t("screening");
    const r = await api("POST", "/api/evaluations?name=" + encodeURIComponent(file.name), file,
      "application/octet-stream");
    e.target.value = "";
    $("upload-status").textContent = "";
    if (!r.ok) { showErrors("file-errors", r.errors); return; }
    setEvaluation(r.data);
  });

  function pickPoint(lat, lon, pref) {
    S.pick = {lat: lat, lon: lon};
    $("point-box").open = true;
    $("point-lonlat").textContent = lon.toFixed(5) + ", " + lat.toFixed(5);
    if (pref) $("point-pref").value = pref;
  }

  $("point-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    if (!S.pick) { showErrors("point-errors", [t("point_pick")]); return; }
    const f = e.target.elements;
    const point = {lon: S.pick.lon, lat: S.pick.lat};
    for (const k of ["proposal_id", "name", "prefecture", "site_area_ha", "requested_mw", "full_year"]) point[k] = f[k].value;
    const base = S.ev && S.ev.kind === "points" && !f.new_set.checked ? S.ev.id : null;
    showErrors("point-errors", []);
    const r = await api("POST", "/api/points", JSON.stringify({base: base, point: point}), "application/json");
    if (!r.ok) { showErrors("point-errors", r.errors); return; }
    f.new_set.checked = false;
    f.proposal_id.value = "point-" + S.nextPoint++;
    setEvaluation(r.data);
  });

  /* --- the evaluation ----------------------------------------------------------------------------------- */
  function setEvaluation(ev, keep) {
    const sel = keep ? S.sel : null;
    S.ev = ev;
    S.sel = null;
    MAP.showEvaluation(ev);
    render();
    if (sel !== null && sel < ev.proposals.length) select(sel, true);
    if (ev.job && !FINAL.includes(ev.job.state)) follow(ev.job);
    else { S.job = ev.job; renderJob(); }
  }

  function select(index, quiet) {
    S.sel = index;
    MAP.select(index);
    renderTable();
    renderDetail();
    if (!quiet) $("detail").scrollIntoView({block: "start", behavior: "smooth"});
  }

  function render() {
    renderTable();
    renderDetail();
    renderJob();
    renderDownloads();
  }

  function failedText(p) {
    return p.failed.map((c) => DATA.text[S.lang].criteria[c] || c).join(", ");
  }

  function proposalRow(p) {
    const pf = p.portfolio || {};
    return el("tr", {"data-index": p.index, "data-verdict": p.overall, class: S.sel === p.index ? "selected" : null,
      onclick: () => select(p.index)},
    el("td", {}, badge(p.overall)),
    el("td", {title: p.name + " (" + p.proposal_id + ")"}, el("span", {class: "name"}, p.name),
      el("span", {class: "id"}, p.proposal_id)),
    el("td", {class: "num"}, fmt(p.requested_mw, 0)),
    el("td", {class: "counts"}, p.counts.pass + "/" + p.counts.warn + "/" + p.counts.fail),
    el("td", {}, failedText(p)),
    el("td", {class: "num pf"}, pf.portfolio_value_jpy === undefined || pf.portfolio_value_jpy === null ? "-"
      : moneyNumber(pf.portfolio_value_jpy)),
    el("td", {class: "num pf"}, pf.rank === undefined || pf.rank === null ? "-" : String(pf.rank)));
  }

  function rejectedRows(ev) {
    const groups = new Map();
    for (const r of ev.rejected) {
      const key = r.proposal_id ? "id:" + r.proposal_id : "row:" + r.row;
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(r);
    }
    return [...groups.values()].map((rs) => el("tr", {class: "rejected", "data-verdict": "rejected"},
      el("td", {}, badge("rejected")),
      el("td", {colspan: 6}, el("span", {class: "name"}, rs[0].proposal_id || t("row") + " " + rs[0].row),
        el("ul", {class: "errors"}, rs.map((r) => el("li", {}, r.line))))));
  }

  function renderTable() {
    const ev = S.ev;
    $("empty").hidden = !!ev;
    $("proposals").hidden = !ev;
    $("portfolio-box").hidden = !ev || !ev.proposals.length;
    $("source").textContent = ev ? "(" + t("source") + ": " + ev.source + ")" : "";
    if (!ev) return;
    $("proposals").classList.toggle("no-portfolio", !ev.portfolio);
    $("proposals").tBodies[0].replaceChildren(...ev.proposals.map(proposalRow), ...rejectedRows(ev));
  }

  function renderDownloads() {
    const box = $("downloads");
    box.hidden = !S.ev || !S.ev.proposals.length;
    if (box.hidden) return;
    const base = "/api/evaluations/" + S.ev.id + "/files/";
    const names = ["evaluation.csv", "evaluation.json", "ranking.csv", "metrics.csv"];
    if (S.ev.portfolio) names.push("portfolio.json");
    const links = names.map((n) => el("a", {href: base + n + "?lang=" + S.lang, download: n}, n));
    links.push(el("a", {href: base + "evaluation.zip?lang=" + S.lang, download: "evaluation.zip"}, t("all_files")));
    box.replaceChildren(el("span", {"data-t": "downloads"}, t("downloads") + ":"), ...links);
  }

  function renderDetail() { W.renderDetail(S.ev, S.sel); }

  function renderJob() { W.renderJob(); }

  function follow(job) { W.follow(job); }

  W.setEvaluation = setEvaluation;
  W.map = MAP;
  relabel();
  MAP.load();
})();

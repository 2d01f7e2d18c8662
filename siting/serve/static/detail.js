/* The selected proposal: scorecard with reasons, grid metrics, MW-by-year chart (SVG built here), substations in
 * reach, portfolio value and the link to its report. Text enters as text nodes only. */
"use strict";

(function () {
  const {DATA, S, $, t, fmt, bn, signedBn, year, el, badge, status} = W;
  const SVG = "http://www.w3.org/2000/svg";

  const UNITS = ["ha", "ms", "IT MW", "m3/day"];

  /* A criterion's value or threshold: years as written, numbers with at most 3 significant decimals. */
  function value(v, unit) {
    if (v === null || v === undefined) return "-";
    if (typeof v === "boolean") return t(v ? "yes" : "no");
    if (typeof v !== "number") return String(v);
    if (unit === "year") return String(v);
    const d = Number.isInteger(v) || Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 3;
    const text = v.toLocaleString(S.lang === "ja" ? "ja-JP" : "en-US", {maximumFractionDigits: d});
    return UNITS.includes(unit) ? text + " " + unit : text;
  }

  function scorecard(p) {
    const crit = DATA.text[S.lang].criteria;
    const head = el("tr", {}, ["criterion", "measured", "threshold", "result", "reason"].map((k) => el("th", {}, t(k))));
    const rows = p.criteria.map((c) => el("tr", {"data-criterion": c.criterion},
      el("td", {}, crit[c.criterion] || c.criterion),
      el("td", {class: "num"}, value(c.value, c.unit)),
      el("td", {}, value(c.threshold, c.unit)),
      el("td", {class: c.result}, badge(c.result)),
      el("td", {}, S.lang === "ja" ? c.reason_ja : c.reason)));
    return el("table", {class: "scorecard"}, el("thead", {}, head), el("tbody", {}, rows));
  }

  /* The substations the requested MW uses, by name (the metrics hold their ids). */
  function usedNames(p) {
    return p.substations.filter((s) => s.used).map((s) => s.name).join(", ");
  }

  function metrics(p) {
    const m = p.metrics;
    const rows = [
      ["grid_area", m.area || "-"], ["land_it_mw", fmt(m.land_it_mw, 0) + " MW"],
      ["in_service_year", year(m.in_service_year)], ["requested_year", year(m.requested_year)],
      ["target_year_reached", year(m.target_year_reached)],
      ["grid_it_mw_by_target_year", fmt(m.grid_it_mw_by_target_year, 0) + " MW"],
      ["grid_it_mw_max", fmt(m.grid_it_mw_max, 0) + " MW"],
      ["connection_cost_jpy", bn(m.connection_cost_jpy)], ["reinforcement_cost_jpy", bn(m.reinforcement_cost_jpy)],
      ["substations_used", usedNames(p) || m.substations || "-"]];
    return el("table", {class: "metrics"}, el("tbody", {}, rows.map(([k, v]) => el("tr", {},
      el("th", {}, t(k)), el("td", {class: "num"}, v)))));
  }

  function svg(tag, attrs, text) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
    if (text !== undefined) e.textContent = String(text);
    return e;
  }

  /* IT MW by planning year as bars, the requested MW as a dashed line. */
  function chart(p) {
    const bars = p.mw_by_year;
    const w = 70 + 72 * bars.length, h = 210, base = 180, top = 24;
    const peak = Math.max(p.requested_mw || 0, ...bars.map((b) => b.mw || 0), 1);
    const k = (base - top) / peak;
    const box = svg("svg", {width: w, height: h, class: "chart", role: "img", viewBox: "0 0 " + w + " " + h});
    box.append(svg("title", {}, t("chart")));
    box.append(svg("line", {x1: 40, y1: base, x2: w - 10, y2: base, stroke: "#444"}));
    const ry = base - (p.requested_mw || 0) * k;
    box.append(svg("line", {x1: 40, y1: ry, x2: w - 10, y2: ry, stroke: "#c0392b", "stroke-dasharray": "5 3"}));
    box.append(svg("text", {x: 42, y: ry - 4, fill: "#c0392b"}, t("requested") + " " + fmt(p.requested_mw, 0) + " MW"));
    bars.forEach((b, i) => {
      const x = 55 + 72 * i, hh = (b.mw || 0) * k;
      box.append(svg("rect", {x: x, y: base - hh, width: 42, height: hh, fill: "#3a7bd5"}));
      box.append(svg("text", {x: x + 21, y: base + 15, "text-anchor": "middle"}, b.year));
      box.append(svg("text", {x: x + 21, y: base - hh - 4, "text-anchor": "middle"}, fmt(b.mw, 0)));
    });
    return el("figure", {}, el("figcaption", {}, t("chart")), box);
  }

  function substations(p) {
    if (!p.substations.length) return null;
    const head = el("tr", {}, el("th", {}, t("substations")), el("th", {class: "num"}, "kV"),
      el("th", {class: "num"}, t("headroom")), el("th", {class: "num"}, t("distance")), el("th", {}, t("sub_used")));
    const rows = p.substations.map((s) => el("tr", {}, el("td", {}, s.name), el("td", {class: "num"}, fmt(s.voltage_kv, 0)),
      el("td", {class: "num"}, fmt(s.headroom_mw, 0) + " MW"), el("td", {class: "num"}, fmt(s.dist_km, 1) + " km"),
      el("td", {}, s.used ? "●" : "")));
    return el("table", {class: "subs"}, el("thead", {}, head), el("tbody", {}, rows));
  }

  function portfolio(p) {
    const pf = p.portfolio;
    if (!pf) return null;
    if (!pf.candidate) {
      const why = S.lang === "ja" ? pf.screened_reason_ja : pf.screened_reason;
      return el("p", {}, t("not_candidate") + ": " + (why || "-"));
    }
    const side = (v, st, gap) => signedBn(v) + " (" + status(String(st || "").split(" ")[0], gap) + ")";
    const rows = [["selected", t(pf.selected ? "yes" : "no")],
      ["delta_in", side(pf.delta_cost_in_jpy, pf.status_in, pf.gap_in)],
      ["delta_out", side(pf.delta_cost_out_jpy, pf.status_out, pf.gap_out)],
      ["value", signedBn(pf.portfolio_value_jpy) + " (" + t("value_def") + ")"], ["rank", String(pf.rank)]];
    return el("table", {class: "portfolio"}, el("tbody", {}, rows.map(([k, v]) => el("tr", {},
      el("th", {}, t(k)), el("td", {}, v)))));
  }

  W.renderDetail = function (ev, sel) {
    const box = $("detail");
    if (!ev || sel === null || sel === undefined || !ev.proposals[sel]) {
      box.hidden = !ev || !ev.proposals.length;
      box.replaceChildren(el("h2", {}, t("detail")), el("p", {class: "hint"}, t("select")));
      return;
    }
    const p = ev.proposals[sel];
    const pref = DATA.prefectures.find((x) => x.code === p.pref_code);
    const sub = [p.proposal_id, p.municipality, pref ? (S.lang === "ja" ? pref.ja : pref.en) : null,
      fmt(p.requested_mw, 0) + " IT MW", fmt(p.site_area_ha, 1) + " ha"].filter((x) => x).join(" · ");
    const report = el("a", {id: "report-link", href: "/api/evaluations/" + ev.id + "/reports/" + p.report + "?lang=" + S.lang,
      target: "_blank", rel: "noopener"}, t("report"));
    box.hidden = false;
    /* replaceChildren would show a null as the text "null": the parts a proposal lacks are dropped */
    box.replaceChildren(...[
      el("h2", {}, badge(p.overall), " ", p.name), el("p", {class: "sub"}, sub),
      p.notes ? el("p", {class: "hint"}, p.notes) : null, el("p", {}, report),
      el("h3", {}, t("scorecard")), scorecard(p), el("h3", {}, t("metrics")), metrics(p), chart(p),
      substations(p), p.portfolio ? el("h3", {}, t("portfolio")) : null, portfolio(p)].filter((x) => x !== null));
  };
})();

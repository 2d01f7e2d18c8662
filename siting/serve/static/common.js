/* The review page's shared helpers (window.W): its data, state, words, number formats, DOM building and the
 * API call. Text always enters the page as text nodes (el, showErrors), never as HTML. */
"use strict";

window.W = (function () {
  const DATA = JSON.parse(document.getElementById("wattbit-data").textContent);
  const S = {lang: DATA.lang, ev: null, sel: null, job: null, es: null, pick: null, nextPoint: 2};
  const FINAL = ["done", "cancelled", "failed"];
  const $ = (id) => document.getElementById(id);

  function t(key, vars) {
    let s = DATA.text[S.lang][key];
    if (s === undefined) return key;
    for (const [k, v] of Object.entries(vars || {})) s = s.replace("{" + k + "}", String(v));
    return s;
  }

  function fmt(v, digits) {
    if (v === null || v === undefined || v === "" || (typeof v === "number" && !isFinite(v))) return "-";
    if (typeof v === "boolean") return t(v ? "yes" : "no");
    if (typeof v !== "number") return String(v);
    const d = digits === undefined ? (Math.abs(v) >= 100 || Number.isInteger(v) ? 0 : 2) : digits;
    return v.toLocaleString(S.lang === "ja" ? "ja-JP" : "en-US",
      {minimumFractionDigits: d, maximumFractionDigits: d});
  }

  /* Money in the language's one unit (siting.i18n.money): 億円 to the 1e8 yen in Japanese, bn JPY to 0.1 bn. */
  const moneyNumber = (v) => (S.lang === "ja" ? fmt(v / 1e8, 0) : fmt(v / 1e9, 1));
  const bn = (v) => (v === null || v === undefined ? "-" : moneyNumber(v) + " " + t("money_unit"));
  const signedBn = (v) => (v === null || v === undefined ? "-" : (v >= 0 ? "+" : "") + bn(v));
  const year = (v) => (v === null || v === undefined ? t("never") : String(v));

  /* el("td", {class: "num"}, "text", childNode, ...): text children become text nodes, never HTML. */
  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") e.className = v;
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? "" : String(v));
    }
    for (const kid of kids.flat()) {
      if (kid !== null && kid !== undefined) e.append(kid instanceof Node ? kid : String(kid));
    }
    return e;
  }

  function badge(result) {
    return el("span", {class: "badge " + result}, result === "rejected" ? t("rejected") : t(result));
  }

  function showErrors(id, lines) {
    $(id).replaceChildren(...(lines || []).map((line) => el("li", {}, line)));
  }

  async function api(method, url, body, type) {
    const opts = {method: method, headers: {}};
    if (method !== "GET") opts.headers["X-Wattbit-Siting"] = "1";
    if (body !== undefined) { opts.body = body; if (type) opts.headers["Content-Type"] = type; }
    let res;
    try { res = await fetch(url, opts); } catch (e) { return {ok: false, errors: [t("network_error")]}; }
    let data = null;
    try { data = await res.json(); } catch (e) { data = null; }
    if (!res.ok) return {ok: false, errors: (data && data.errors) || [res.status + " " + res.statusText]};
    return {ok: true, data: data};
  }


  function status(code, gap) {
    const label = DATA.text[S.lang]["st_" + code] || code;
    return gap === null || gap === undefined ? label : label + ", " + t("gap") + " " + fmt(100 * gap, 2) + " %";
  }

  return {DATA, S, FINAL, $, t, fmt, moneyNumber, bn, signedBn, year, el, badge, showErrors, api, status};
})();

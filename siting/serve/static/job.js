/* The portfolio job: start it, follow its progress as server-sent events, cancel it; when it is done the
 * evaluation is fetched again and the table shows each proposal's value and rank. */
"use strict";

(function () {
  const {S, FINAL, $, t, bn, showErrors, api, status} = W;

  function stageText(job) {
    const id = job.proposal || "";
    const words = {queued: t("queued"), preparing: t("preparing"), national: t("national"),
      forced_in: t("forced_in", {id: id}), forced_out: t("forced_out", {id: id}), done: t("job_done"),
      cancelled: t("job_cancelled"), failed: t("job_failed")};
    return (words[job.stage] || job.stage) + " · " + job.done + " / " + job.total + " · "
      + t("elapsed", {s: Math.round(job.elapsed_s)});
  }

  W.renderJob = function () {
    const ev = S.ev, job = S.job && ev && S.job.evaluation === ev.id ? S.job : null;
    const running = !!job && !FINAL.includes(job.state);
    $("run-portfolio").disabled = running;
    $("cancel-portfolio").hidden = !running;
    $("job").hidden = !job;
    $("job").setAttribute("data-state", job ? job.state : "");
    if (job) {
      $("job-progress").max = job.total;
      $("job-progress").value = job.done;
      $("job-text").textContent = stageText(job);
    }
    showErrors("job-errors", job ? job.errors : []);
    const base = ev && ev.portfolio;
    $("portfolio-base").textContent = base ? t("base_plan") + ": " + bn(base.objective_jpy) + " · "
      + status(base.status, base.gap) : "";
  };

  W.follow = function (job) {
    S.job = job;
    W.renderJob();
    if (S.es) { S.es.close(); S.es = null; }
    if (FINAL.includes(job.state)) return;
    const es = new EventSource("/api/jobs/" + job.id + "/events");
    S.es = es;
    es.onmessage = async (m) => {
      const next = JSON.parse(m.data);
      S.job = next;
      W.renderJob();
      if (!FINAL.includes(next.state)) return;
      es.close();
      if (S.es === es) S.es = null;
      if (next.state === "done" && S.ev && S.ev.id === next.evaluation) {
        const r = await api("GET", "/api/evaluations/" + next.evaluation);
        if (r.ok) W.setEvaluation(r.data, true);
      }
    };
  };

  $("run-portfolio").addEventListener("click", async () => {
    if (!S.ev) return;
    showErrors("job-errors", []);
    const r = await api("POST", "/api/evaluations/" + S.ev.id + "/portfolio");
    if (!r.ok) { showErrors("job-errors", r.errors); return; }
    W.follow(r.data);
  });

  $("cancel-portfolio").addEventListener("click", async () => {
    if (!S.job) return;
    const r = await api("POST", "/api/jobs/" + S.job.id + "/cancel");
    if (!r.ok) showErrors("job-errors", r.errors);
  });
})();

// The audit browser (auditor, administrator): the chain's verification status
// (GET /api/audit/status) and the records with filters (GET /api/audit/records), oldest
// first, paged with "Show more". Every reading is itself recorded in the trail.
"use strict";

(() => {
  const { $, el, t } = window.Valvo;
  let next = null;

  function query(after) {
    const params = new URLSearchParams();
    for (const [key, id] of [["actor", "#audit-actor"], ["action", "#audit-action"], ["target_type", "#audit-target"]]) {
      const value = $(id).value.trim();
      if (value) params.set(key, value);
    }
    // Whole local days: from the start of the first to the start of the day after the last.
    const from = $("#audit-from").value;
    const to = $("#audit-to").value;
    if (from) params.set("from", new Date(`${from}T00:00:00`).toISOString());
    if (to) params.set("to", new Date(new Date(`${to}T00:00:00`).getTime() + 86400000).toISOString());
    if (after !== null) params.set("after_id", String(after));
    params.set("limit", "100");
    return params;
  }

  async function chain() {
    const box = $("#audit-chain");
    try {
      const s = await window.Valvo.api("/api/audit/status");
      box.className = `chain ${s.intact ? "intact" : "broken"}`;
      box.textContent = s.intact
        ? `${t("chain_intact")} (${s.records} ${t("chain_records")}, ${window.Valvo.fmtTime(s.checked_at)})`
        : `${t("chain_broken")} ${s.broken_id}: ${s.reason}`;
    } catch (error) { box.className = "chain broken"; box.textContent = error.message; }
  }

  async function load(more = false) {
    $("#audit-error").textContent = "";
    if (!more) { next = null; $("#audit-rows").replaceChildren(); }
    try {
      const page = await window.Valvo.api(`/api/audit/records?${query(more ? next : null)}`);
      for (const r of page.records) {
        $("#audit-rows").append(el("tr", {}, el("td", { text: window.Valvo.fmtTime(r.at) }), el("td", { text: r.actor }),
          el("td", { text: r.action }), el("td", { text: r.target_type }), el("td", { text: r.target_id || t("none") }),
          el("td", { text: r.purpose || "" })));
      }
      next = page.next_after_id;
      $("#audit-more").hidden = next === null;
      $("#audit-empty").hidden = $("#audit-rows").children.length > 0;
    } catch (error) { $("#audit-error").textContent = error.message; }
  }

  // The slice of whole local days chosen in the form, as the command line exports it: a ZIP of
  // the JSON lines and their manifest (GET /api/audit/export; the export is itself recorded).
  async function exportSlice() {
    $("#audit-error").textContent = "";
    $("#audit-status").textContent = "";
    const from = $("#audit-from").value;
    const to = $("#audit-to").value;
    if (!from || !to) { $("#audit-error").textContent = t("audit_export_days"); return; }
    const params = new URLSearchParams({
      from: new Date(`${from}T00:00:00`).toISOString(),
      to: new Date(new Date(`${to}T00:00:00`).getTime() + 86400000).toISOString(),
    });
    try {
      const response = await ValvoSession.authFetch(`/api/audit/export?${params}`);
      if (!response.ok) {
        const body = await response.json().catch(() => ({}));
        throw new Error(Array.isArray(body.detail) ? body.detail.map((d) => d.msg).join("; ") : (body.detail || response.statusText));
      }
      const link = $("#audit-download");
      link.href = URL.createObjectURL(await response.blob());
      link.download = `valvo-audit-${from}_${to}.zip`;
      link.click();
      $("#audit-status").textContent = t("audit_exported");
    } catch (error) { $("#audit-error").textContent = error.message; }
  }

  window.Valvo.audit = { load: () => { chain(); return load(); } };
  $("#audit-form").addEventListener("submit", (event) => { event.preventDefault(); load(); });
  $("#audit-more").addEventListener("click", () => load(true));
  $("#audit-export").addEventListener("click", exportSlice);
})();

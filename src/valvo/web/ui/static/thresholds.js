// Versioned thresholds per order type (supervisors and the administrator, on the statistics
// page): the revisions of the chosen order type, the one in force marked; a draft from the
// values in force (or the open draft) with the four values operators ask about; publishing it
// to take effect now or at a chosen local time. GET/POST/PATCH /api/thresholds.
"use strict";

(() => {
  const V = window.Valvo;
  const { $, el, t } = V;
  const TYPES = ["monitoring_sentence", "travel_ban", "pretrial_monitoring"];
  // Form field → (value name, from the form to the stored unit, back).
  const FIELDS = [
    ["#th-presence-grace", "presence_grace", (v) => v * 60, (v) => v / 60],
    ["#th-confirm-fixes", "inclusion_confirm_fixes", (v) => v, (v) => v],
    ["#th-confidence", "confidence", (v) => Math.round(v * 10) / 1000, (v) => Math.round(v * 1000) / 10],
    ["#th-flap-window", "flap_window", (v) => v * 60, (v) => v / 60],
    ["#th-incident-window", "incident_window", (v) => v * 60, (v) => v / 60],
  ];
  let revisions = [];
  let limits = {};

  const ofType = () => revisions.filter((r) => r.order_type === $("#th-order-type").value);
  const draft = () => ofType().filter((r) => r.status === "draft").pop() || null;
  const inForce = () => ofType().find((r) => r.in_force) || null;
  const number = (v) => (Number.isInteger(v) ? String(v) : v.toLocaleString(V.locale(), { maximumFractionDigits: 2 }));

  async function load() {
    const section = $("#thresholds-section");
    section.hidden = !V.may("alarms:supervise");
    if (section.hidden) return;
    const select = $("#th-order-type");
    const chosen = select.value || TYPES[0];
    select.replaceChildren(...TYPES.map((type) => el("option", { value: type, text: t(`order_${type}`) })));
    select.value = chosen;
    try {
      const answer = await V.api("/api/thresholds");
      revisions = answer.revisions;
      limits = answer.limits;
      // One region's supervisor reads the national thresholds; a national one changes them.
      $("#thresholds-form").hidden = !answer.editable;
      $("#th-national").hidden = answer.editable;
      render(true);
    } catch (error) { $("#th-error").textContent = error.message; }
  }

  function render(refill = false) {
    if ($("#thresholds-section").hidden) return;
    const select = $("#th-order-type");
    [...select.options].forEach((o) => { o.textContent = t(`order_${o.value}`); });
    const shown = (r, name, back) => number(back(r.thresholds[name]));
    $("#th-revisions").replaceChildren(
      el("thead", {}, el("tr", {}, ...["th_revision", "status", "th_effective_from", "th_presence_grace",
        "th_confirm_fixes", "th_confidence", "th_flap_window", "th_incident_window"].map((k) => el("th", { text: t(k) })))),
      el("tbody", {}, ...ofType().slice().reverse().map((r) => el("tr", { class: r.in_force ? "in-force" : "" },
        el("td", { text: String(r.id) }),  // as each alarm names it
        el("td", { text: r.in_force ? t("th_in_force") : t(r.status === "draft" ? "th_draft" : "th_published") }),
        el("td", { text: r.effective_from ? V.fmtTime(r.effective_from) : t("none") }),
        ...FIELDS.map(([, name, , back]) => el("td", { text: shown(r, name, back) }))))));
    const open = draft();
    $("#th-editing").textContent = open ? `${t("th_editing_draft")} ${open.id}` : t("th_new_draft");
    $("#th-publish-row").hidden = !open;  // publishing is for a saved draft
    if (!refill) return;
    const source = open || inForce();
    for (const [id, name, , back] of FIELDS) {
      $(id).value = source ? back(source.thresholds[name]) : "";
      const limit = limits[name];
      if (limit) { $(id).min = back(limit.low); $(id).max = back(limit.high); }
    }
    $("#th-note").value = open ? open.note : "";
  }

  function values() {
    const out = {};
    for (const [id, name, to, back] of FIELDS) {
      const input = $(id);
      const raw = Number(input.value);
      const limit = limits[name];
      if (input.value === "" || Number.isNaN(raw)) throw new Error(`${t("th_value_needed")}: ${input.labels[0].textContent}`);
      const value = to(raw);
      if (limit && (value < limit.low || value > limit.high)) {
        throw new Error(`${input.labels[0].textContent}: ${t("th_out_of_range")} ${number(back(limit.low))}–${number(back(limit.high))}`);
      }
      out[name] = value;
    }
    return out;
  }

  function say(text) { $("#th-status").textContent = text; $("#th-error").textContent = ""; }

  async function save(event) {
    event.preventDefault();
    say("");
    try {
      const body = { values: values(), note: $("#th-note").value.trim() };
      const open = draft();
      if (open) await V.api(`/api/thresholds/${open.id}`, { method: "PATCH", json: body });
      else await V.api("/api/thresholds", { method: "POST", json: { ...body, order_type: $("#th-order-type").value } });
      await load();
      say(t("th_saved"));
    } catch (error) { $("#th-error").textContent = error.message; }
  }

  async function publish() {
    say("");
    const open = draft();
    if (!open) return;
    const typed = $("#th-effective").value;  // local time; empty: now
    const at = typed ? new Date(typed) : new Date(V.serverNow());
    if (typed && at.getTime() < V.serverNow() - 60000) { $("#th-error").textContent = t("th_in_past"); return; }
    try {
      await V.api(`/api/thresholds/${open.id}/publish`, { method: "POST", json: { effective_from: at.toISOString() } });
      $("#th-effective").value = "";
      await load();
      say(`${t("th_published_at")} ${V.fmtTime(at.toISOString())}`);
    } catch (error) { $("#th-error").textContent = error.message; }
  }

  $("#th-order-type").addEventListener("change", () => { say(""); render(true); });
  $("#thresholds-form").addEventListener("submit", save);
  $("#th-publish").addEventListener("click", publish);
  V.thresholds = { load, render: () => render(false) };
})();

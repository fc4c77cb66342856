// Identity checks of phone monitoring (R38; report 7.1.3) and sweat patches (R67; 5.2) on the
// case page, for the case's supervisor. Identity checks: the methods, random checks a day
// inside required presence, a check when presence begins; today's checks and the outcomes the
// desk recorded; whether presence is verified (a phone's location alone never is). Sweat
// patches (sentences): the change interval and the laboratory share, the patch worn and its
// change (late ones marked), removals with the laboratory draw, and the laboratory's result.
// Uses cases.js's helpers ($, el, state, json, post, send, when).
"use strict";

const CHECK_TEXT = {
  en: {
    id_title: "Identity checks (phone)", id_rule: "A phone's location alone does not show the person is there: presence counts only after a passed identity check.",
    verified: "Presence verified by a check at {when} (valid {hours} h).", not_verified: "Presence not verified: the phone's location is location only.",
    no_config: "No identity checks are configured.", config_line: "Methods: {methods}. Random checks a day: {n}. When required presence begins: {start}.",
    yes: "yes", no: "no", methods: "Methods", m_voice: "Voice (the caller knows the person's voice)", m_questions: "Personal questions", m_video: "Video link",
    mm_voice: "voice", mm_questions: "personal questions", mm_video: "video link",
    random: "Random checks a day (0–6)", at_start: "Check when required presence begins", reason: "Reason (optional)",
    save_checks: "Save the checks", switch_off: "Switch the checks off", today: "Today's checks", none_today: "No checks today.",
    history: "Checks recorded", none_recorded: "No checks recorded yet.",
    trig_random: "random", trig_presence_start: "presence began", trig_manual: "started by hand",
    st_open: "due now", st_overdue: "late", st_upcoming: "later", st_done: "done",
    o_passed: "identified", o_failed: "not identified", o_no_answer: "no answer", by: "by", alarm: "alarm raised",
    saved: "Saved.", refused: "Not saved:",
    p_title: "Sweat patches", p_config: "Changed every {days} days; {pct} % of removed patches go to the laboratory.",
    change_days: "Change every (days)", lab_percent: "To the laboratory (%)", save_config: "Save",
    worn: "Worn: {code}, applied {when} by {by}; change due {due}.", overdue: "The change is overdue.", none_worn: "No patch is worn.",
    code: "Patch code", applied_at: "Applied at", applied_by: "Applied by", apply: "Record the patch",
    removed_at: "Removed at", removed_by: "Removed by", removal: "Condition", r_intact: "intact", r_tampered: "tampered with",
    remove: "Record the removal", patches: "Patches", none_patches: "No patches recorded.",
    p_line: "{code}: applied {applied}", p_removed: ", removed {when} ({state})", drawn: "drawn for the laboratory ({value} < {pct})",
    not_drawn: "not drawn ({value} ≥ {pct})", p_breach: "a breach was opened", result: "Result", res_positive: "positive", res_negative: "negative",
    substance: "Substance found", laboratory: "Laboratory", record_result: "Record the result",
    c_court_referral: "referred to court", c_none: "no breach", entitled: "a prescription covers it", waiting: "waiting for the laboratory",
  },
  fi: {
    id_title: "Henkilöllisyyden tarkistukset (puhelin)", id_rule: "Puhelimen sijainti ei yksin osoita henkilön olevan paikalla: läsnäolo lasketaan vasta hyväksytyn tarkistuksen jälkeen.",
    verified: "Läsnäolo varmistettu tarkistuksella {when} (voimassa {hours} h).", not_verified: "Läsnäoloa ei ole varmistettu: puhelimen sijainti on vain sijainti.",
    no_config: "Tarkistuksia ei ole määritetty.", config_line: "Tavat: {methods}. Satunnaisia tarkistuksia päivässä: {n}. Läsnäoloajan alkaessa: {start}.",
    yes: "kyllä", no: "ei", methods: "Tavat", m_voice: "Ääni (soittaja tuntee henkilön äänen)", m_questions: "Henkilökohtaiset kysymykset", m_video: "Videoyhteys",
    mm_voice: "ääni", mm_questions: "henkilökohtaiset kysymykset", mm_video: "videoyhteys",
    random: "Satunnaisia tarkistuksia päivässä (0–6)", at_start: "Tarkistus läsnäoloajan alkaessa", reason: "Peruste (valinnainen)",
    save_checks: "Tallenna tarkistukset", switch_off: "Lopeta tarkistukset", today: "Tämän päivän tarkistukset", none_today: "Ei tarkistuksia tänään.",
    history: "Kirjatut tarkistukset", none_recorded: "Tarkistuksia ei ole vielä kirjattu.",
    trig_random: "satunnainen", trig_presence_start: "läsnäolo alkoi", trig_manual: "käsin aloitettu",
    st_open: "nyt", st_overdue: "myöhässä", st_upcoming: "myöhemmin", st_done: "tehty",
    o_passed: "tunnistettu", o_failed: "ei tunnistettu", o_no_answer: "ei vastausta", by: "kirjaaja", alarm: "hälytys tehty",
    saved: "Tallennettu.", refused: "Ei tallennettu:",
    p_title: "Hikilaastarit", p_config: "Vaihto {days} päivän välein; {pct} % irrotetuista laastareista laboratorioon.",
    change_days: "Vaihtoväli (päivää)", lab_percent: "Laboratorioon (%)", save_config: "Tallenna",
    worn: "Käytössä: {code}, kiinnitetty {when}, kiinnittäjä {by}; vaihto viimeistään {due}.", overdue: "Vaihto on myöhässä.", none_worn: "Laastaria ei ole kiinnitetty.",
    code: "Laastarin koodi", applied_at: "Kiinnitetty", applied_by: "Kiinnittäjä", apply: "Kirjaa laastari",
    removed_at: "Irrotettu", removed_by: "Irrottaja", removal: "Kunto", r_intact: "ehjä", r_tampered: "peukaloitu",
    remove: "Kirjaa irrotus", patches: "Laastarit", none_patches: "Laastareita ei ole kirjattu.",
    p_line: "{code}: kiinnitetty {applied}", p_removed: ", irrotettu {when} ({state})", drawn: "arvottu laboratorioon ({value} < {pct})",
    not_drawn: "ei arvottu ({value} ≥ {pct})", p_breach: "rikkomus avattiin", result: "Tulos", res_positive: "positiivinen", res_negative: "negatiivinen",
    substance: "Löydetty aine", laboratory: "Laboratorio", record_result: "Kirjaa tulos",
    c_court_referral: "saatettu tuomioistuimeen", c_none: "ei rikkomusta", entitled: "resepti kattaa", waiting: "odottaa laboratoriota",
  },
};

const ct = (key, values = {}) => ((CHECK_TEXT[state.lang] || CHECK_TEXT.en)[key] ?? CHECK_TEXT.en[key] ?? key)
  .replace(/\{(\w+)\}/g, (_, name) => values[name] ?? "");
const CHECK_METHODS = ["voice", "questions", "video"];

function checkInput(id, type, attrs = {}) {
  const input = document.createElement("input");
  input.type = type; input.id = id;
  Object.assign(input, attrs);
  return input;
}
function checkField(key, input) {
  const label = el("label");
  if (input.type === "checkbox") label.append(input, " ", el("span", ct(key)));
  else label.append(el("span", ct(key)), " ", input);
  return label;
}
function checkSelect(id, values, labelOf) {
  const select = document.createElement("select");
  select.id = id;
  select.replaceChildren(...values.map((v) => { const o = el("option", labelOf(v)); o.value = v; return o; }));
  return select;
}
function checkForm(id, parts, buttonKey, submit, redraw) {
  const form = el("form", undefined, "step-form");
  form.id = id;
  const button = el("button", ct(buttonKey)); button.type = "submit";
  const result = el("span", "", "step-result"); result.setAttribute("role", "alert");
  form.append(...parts, button, result);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try { redraw(await submit()); } catch (error) { result.textContent = `${ct("refused")} ${error.message}`; }
  });
  return form;
}
function checkLocalNow() {
  const now = new Date(); now.setSeconds(0, 0);
  return new Date(now.getTime() - now.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
}
const checkInstant = (value) => new Date(value).toISOString();

// --- identity checks (R38) --------------------------------------------------------------------

async function renderCheckBoxes(detail) {
  const may = state.may || new Set();
  const idBox = $("#identity-box");
  const patchBox = $("#patch-box");
  if (idBox) {
    idBox.hidden = !(may.has("sentences:work") || may.has("travel_bans:work"));
    if (!idBox.hidden) {
      try { identityDraw(await json(`/api/cases/${detail.id}/identity-checks`)); } catch (error) { idBox.hidden = true; }
    }
  }
  if (patchBox) {
    patchBox.hidden = !(may.has("sentences:work") && detail.type === "monitoring_sentence");
    if (!patchBox.hidden) {
      try { patchDraw(await json(`/api/cases/${detail.id}/sweat-patches`)); } catch (error) { patchBox.hidden = true; }
    }
  }
}

function identityDraw(section) {
  const box = $("#identity-box");
  const base = `/api/cases/${section.case_id}/identity-checks`;
  box.replaceChildren(el("h3", ct("id_title")), el("p", ct("id_rule"), "muted"));
  const verified = el("p", section.verified_at ? ct("verified", { when: when(section.verified_at), hours: section.verified_for_hours })
    : ct("not_verified"), section.verified_at ? "ok" : "late");
  verified.id = "identity-verified";
  box.append(verified);
  const config = section.config;
  const line = el("p", config ? ct("config_line", {
    methods: config.methods.map((m) => ct(`mm_${m}`)).join(", "), n: config.random_per_day,
    start: ct(config.at_presence_start ? "yes" : "no"),
  }) : ct("no_config"));
  line.id = "identity-config";
  box.append(line);

  const boxes = CHECK_METHODS.map((m) => checkInput(`identity-method-${m}`, "checkbox", { checked: config ? config.methods.includes(m) : m === "questions" }));
  const methods = el("fieldset");
  methods.append(el("legend", ct("methods")), ...CHECK_METHODS.map((m, i) => checkField(`m_${m}`, boxes[i])));
  const random = checkInput("identity-random", "number", { min: 0, max: 6, value: config ? config.random_per_day : 2 });
  const atStart = checkInput("identity-at-start", "checkbox", { checked: config ? config.at_presence_start : true });
  const reason = checkInput("identity-reason", "text", { maxLength: 2000 });
  box.append(checkForm("identity-config-form", [methods, checkField("random", random), checkField("at_start", atStart), checkField("reason", reason)],
    "save_checks", () => send("PUT", `${base}/config`, {
      active: true, methods: CHECK_METHODS.filter((m, i) => boxes[i].checked), random_per_day: Number(random.value),
      at_presence_start: atStart.checked, reason: reason.value.trim() || null,
    }), identityDraw));
  if (config) {
    const off = el("button", ct("switch_off")); off.type = "button"; off.id = "identity-off";
    off.addEventListener("click", async () => identityDraw(await send("PUT", `${base}/config`, { active: false })));
    box.append(off);
  }

  box.append(el("h4", ct("today")));
  const today = el("ul", undefined, "plain");
  today.id = "identity-today";
  today.replaceChildren(...(section.today.length ? section.today.map((c) => {
    const done = c.outcome ? `: ${ct(`o_${c.outcome}`)} (${ct(`mm_${c.method}`)}, ${ct("by")} ${c.performed_by})` : "";
    const li = el("li", `${when(c.due_at)} — ${ct(`trig_${c.trigger}`)}, ${ct(`st_${c.state}`)}${done}${c.alarm_id ? `; ${ct("alarm")}` : ""}`);
    if (c.state === "overdue" || (c.outcome && c.outcome !== "passed")) li.classList.add("late");
    return li;
  }) : [el("li", ct("none_today"))]));
  box.append(today);
  box.append(el("h4", ct("history")));
  const history = el("ul", undefined, "plain");
  history.id = "identity-history";
  history.replaceChildren(...(section.checks.length ? section.checks.map((c) => {
    const li = el("li", `${when(c.performed_at)} ${ct(`o_${c.outcome}`)} — ${ct(`mm_${c.method}`)}, ${ct(`trig_${c.trigger}`)}, ${ct("by")} ${c.performed_by}${c.note ? `: ${c.note}` : ""}${c.alarm_id ? `; ${ct("alarm")}` : ""}`);
    if (c.outcome !== "passed") li.classList.add("late");
    return li;
  }) : [el("li", ct("none_recorded"))]));
  box.append(history);
}

// --- sweat patches (R67) ----------------------------------------------------------------------

function patchDraw(section) {
  const box = $("#patch-box");
  const base = `/api/cases/${section.case_id}/sweat-patches`;
  box.replaceChildren(el("h3", ct("p_title")));
  const configLine = el("p", ct("p_config", { days: section.config.change_days, pct: section.config.lab_percent }));
  configLine.id = "patch-config";
  box.append(configLine);
  const days = checkInput("patch-change-days", "number", { min: 1, max: 14, value: section.config.change_days, required: true });
  const pct = checkInput("patch-lab-percent", "number", { min: 1, max: 100, value: section.config.lab_percent, required: true });
  box.append(checkForm("patch-config-form", [checkField("change_days", days), checkField("lab_percent", pct)], "save_config",
    () => send("PUT", `${base}/config`, { change_days: Number(days.value), lab_percent: Number(pct.value) }), patchDraw));

  const worn = section.worn;
  const status = el("p", worn ? ct("worn", { code: worn.code, when: when(worn.applied_at), by: worn.applied_by, due: when(worn.change_due_at) }) : ct("none_worn"));
  status.id = "patch-worn";
  box.append(status);
  if (worn && worn.overdue) {
    const late = el("p", ct("overdue"), "late");
    late.id = "patch-overdue";
    box.append(late);
  }
  if (worn) {
    const at = checkInput("patch-removed-at", "datetime-local", { required: true, value: checkLocalNow() });
    const by = checkInput("patch-removed-by", "text", { required: true, maxLength: 200 });
    const removal = checkSelect("patch-removal", ["intact", "tampered"], (v) => ct(`r_${v}`));
    box.append(checkForm("patch-remove-form", [checkField("removed_at", at), checkField("removed_by", by), checkField("removal", removal)],
      "remove", () => post(`${base}/${worn.id}/removal`, { removed_at: checkInstant(at.value), removed_by: by.value.trim(), removal: removal.value }), patchDraw));
  } else if (section.serving) {
    const code = checkInput("patch-code", "text", { required: true, maxLength: 60 });
    const at = checkInput("patch-applied-at", "datetime-local", { required: true, value: checkLocalNow() });
    const by = checkInput("patch-applied-by", "text", { required: true, maxLength: 200 });
    box.append(checkForm("patch-apply-form", [checkField("code", code), checkField("applied_at", at), checkField("applied_by", by)],
      "apply", () => post(base, { code: code.value.trim(), applied_at: checkInstant(at.value), applied_by: by.value.trim() }), patchDraw));
  }

  box.append(el("h4", ct("patches")));
  const list = el("ul", undefined, "plain");
  list.id = "patch-list";
  list.replaceChildren(...(section.patches.length ? section.patches.map((p) => patchItem(p, base)) : [el("li", ct("none_patches"))]));
  box.append(list);
}

function patchItem(p, base) {
  let text = ct("p_line", { code: p.code, applied: when(p.applied_at) });
  if (p.removed_at) text += ct("p_removed", { when: when(p.removed_at), state: ct(`r_${p.removal}`) });
  if (p.selected !== null && p.selected !== undefined) {
    text += `; ${ct(p.selected ? "drawn" : "not_drawn", { value: p.draw_value, pct: p.draw_percent })}`;
  }
  if (p.breach_id) text += `; ${ct("p_breach")}`;
  if (p.result) {
    text += `; ${ct("result")}: ${ct(`res_${p.result}`)}${p.substance ? ` (${p.substance})` : ""}, ${ct(`c_${p.consequence}`)}`;
    if (p.entitled_medicine) text += `, ${ct("entitled")}`;
  } else if (p.selected) {
    text += `; ${ct("waiting")}`;
  }
  const li = el("li", text);
  li.dataset.patch = p.id;
  if (p.overdue || p.breach_id || p.consequence === "court_referral") li.classList.add("late");
  if (p.selected && !p.result) {
    const result = checkSelect(`patch-result-${p.id}`, ["negative", "positive"], (v) => ct(`res_${v}`));
    const substance = checkInput(`patch-substance-${p.id}`, "text", { maxLength: 100 });
    const lab = checkInput(`patch-lab-${p.id}`, "text", { maxLength: 200 });
    li.append(checkForm(`patch-result-form-${p.id}`, [checkField("result", result), checkField("substance", substance), checkField("laboratory", lab)],
      "record_result", () => post(`${base}/${p.id}/lab-result`, {
        result: result.value, substance: substance.value.trim() || null, laboratory: lab.value.trim() || null,
      }), patchDraw));
  }
  return li;
}

// The person's network, continued (issue 21): the fine-defaulter / short-term pre-enforcement
// case — opened by us or on a stakeholder's contact (its participation request linked), its
// participants, its steps in order (the next one started, done or skipped with a reason), closed
// with an outcome — and, where the switch allows it, a health-services consultation for the
// sentence plan in the preparation phase. Drawn into network.js's grid; uses its helpers (NET,
// nlabel, flash, loadNetwork, toggleForm, ValvoSessionMay) and cases.js's (el, post, when).
"use strict";

const PRE_TEXT = {
  en: {
    pre_title: "Preparation before enforcement (fine conversion or short sentence)",
    pre_open: "Open a case", pre_none: "No preparation case.", pre_sanction: "Sanction", pre_initiative: "Opened by",
    pre_initiator: "Contact from (organisation)", pre_request: "Participation request", pre_opened_on: "Opened on",
    pre_due: "Enforcement expected to start", pre_participants: "Participants", pre_role: "Party", pre_partner: "From the registry",
    pre_name: "Name (if not in the registry)", pre_contact: "Contact person", pre_add_participant: "Add the party", pre_notes: "Notes",
    pre_save: "Open the case", pre_cancel: "Cancel", pre_steps: "Steps", pre_owner: "owner", pre_step_status: "Status",
    pre_on: "Date", pre_who: "Who", pre_note: "Note", pre_skip_reason: "Why skipped", pre_save_step: "Save the step",
    pre_close: "Close the case", pre_outcome: "Outcome", pre_closed_on: "Closed on", pre_closed: "Closed",
    pre_open_status: "Open", pre_next: "Next step:", pre_from_request: "from the participation request of",
    pre_no_request: "none", pre_not_registry: "not in the registry", pre_skipped_because: "skipped:",
    vthc_title: "Health-services consultation for the sentence plan", vthc_request: "Request a consultation",
    vthc_plan: "Sentence plan", vthc_unit: "Health-services unit", vthc_question: "Question (functional capacity only, no health data)",
    vthc_requested_on: "Requested on", vthc_send: "Send the request", vthc_phase_only: "Requested while the sentence plan is drafted in the preparation phase.",
    vthc_by: "requested by",
  },
  fi: {
    pre_title: "Valmistelu ennen täytäntöönpanoa (sakon muuntorangaistus tai lyhyt vankeus)",
    pre_open: "Avaa asia", pre_none: "Ei valmisteluasiaa.", pre_sanction: "Seuraamus", pre_initiative: "Aloite",
    pre_initiator: "Yhteydenottaja (organisaatio)", pre_request: "Osallistumispyyntö", pre_opened_on: "Avattu",
    pre_due: "Täytäntöönpano alkaa arviolta", pre_participants: "Osapuolet", pre_role: "Osapuoli", pre_partner: "Rekisteristä",
    pre_name: "Nimi (jos ei rekisterissä)", pre_contact: "Yhteyshenkilö", pre_add_participant: "Lisää osapuoli", pre_notes: "Huomiot",
    pre_save: "Avaa asia", pre_cancel: "Peruuta", pre_steps: "Vaiheet", pre_owner: "vastuu", pre_step_status: "Tila",
    pre_on: "Päivä", pre_who: "Tekijä", pre_note: "Huomio", pre_skip_reason: "Ohittamisen syy", pre_save_step: "Tallenna vaihe",
    pre_close: "Päätä asia", pre_outcome: "Lopputulos", pre_closed_on: "Päätetty", pre_closed: "Päätetty",
    pre_open_status: "Avoin", pre_next: "Seuraava vaihe:", pre_from_request: "osallistumispyynnöstä, pyytäjä",
    pre_no_request: "ei", pre_not_registry: "ei rekisterissä", pre_skipped_because: "ohitettu:",
    vthc_title: "Vankiterveydenhuollon konsultaatio rangaistusajan suunnitelmaan", vthc_request: "Pyydä konsultaatiota",
    vthc_plan: "Suunnitelma", vthc_unit: "Vankiterveydenhuollon yksikkö", vthc_question: "Kysymys (vain toimintakyvystä, ei terveystietoja)",
    vthc_requested_on: "Pyydetty", vthc_send: "Lähetä pyyntö", vthc_phase_only: "Pyydetään, kun rangaistusajan suunnitelmaa laaditaan valmisteluvaiheessa.",
    vthc_by: "pyytäjä",
  },
};
const pet = (key) => (PRE_TEXT[state.lang] || PRE_TEXT.en)[key] ?? PRE_TEXT.en[key] ?? key;

function preField(labelKey, control, name) {
  const label = el("label"); label.append(el("span", pet(labelKey)), control);
  if (name) control.name = name;
  return label;
}
function preSelect(set, { blank = false, skip = [] } = {}) {
  const select = el("select");
  if (blank) select.append(new Option("—", ""));
  for (const c of NET.meta[set]) if (!skip.includes(c.value)) select.append(new Option(state.lang === "fi" ? c.label_fi : c.label_en, c.value));
  return select;
}
function preDate(value) { const input = el("input"); input.type = "date"; if (value) input.value = value; return input; }
function preBadge(set, value) {
  const b = el("span", nlabel(set, value), "badge");
  const c = (NET.meta[set] || []).find((x) => x.value === value); if (c) b.style.background = c.colour;
  return b;
}

function preOpenForm() {
  const form = el("form", "", "net-form pre-open");
  const sanction = preSelect("pre_sanctions"), initiative = preSelect("pre_initiatives");
  const initiator = el("input"); initiator.setAttribute("list", "net-orgs");
  const request = el("select"); request.append(new Option(pet("pre_no_request"), ""));
  for (const r of NET.data.requests || []) request.append(new Option(`${when(r.received_on)} ${r.requester}, ${r.organisation}`, r.id));
  const opened = preDate(today()), due = preDate("");
  const initiatorLabel = preField("pre_initiator", initiator, "initiator");
  const requestLabel = preField("pre_request", request, "participation_request_id");
  const follow = () => { const s = initiative.value === "stakeholder"; initiatorLabel.hidden = !s; requestLabel.hidden = !s; };
  initiative.addEventListener("change", follow); follow();
  // The parties: a registry partner where one exists, else a name.
  const people = [], list = el("ul", "", "plain");
  const role = preSelect("pre_participant_roles"), partner = el("select"), name = el("input"), contact = el("input");
  partner.append(new Option("—", ""));
  for (const p of NET.partners) partner.append(new Option(p.name, p.id));
  role.setAttribute("aria-label", pet("pre_role")); partner.setAttribute("aria-label", pet("pre_partner"));
  name.placeholder = pet("pre_name"); name.setAttribute("aria-label", pet("pre_name"));
  contact.placeholder = pet("pre_contact"); contact.setAttribute("aria-label", pet("pre_contact"));
  const add = el("button", pet("pre_add_participant")); add.type = "button";
  add.addEventListener("click", () => {
    if (!partner.value && !name.value.trim()) return;
    const p = { role: role.value };
    if (partner.value) p.partner_id = partner.value; else p.name = name.value.trim();
    if (contact.value.trim()) p.contact = contact.value.trim();
    people.push(p);
    const shownName = partner.value ? partner.selectedOptions[0].text : name.value.trim();
    list.append(el("li", `${nlabel("pre_participant_roles", role.value)}: ${shownName}${p.contact ? `, ${p.contact}` : ""}`));
    partner.value = ""; name.value = ""; contact.value = "";
  });
  const parties = el("fieldset", "", "pre-parties"); parties.append(el("legend", pet("pre_participants")), list, role, partner, name, contact, add);
  const notes = el("textarea"); notes.rows = 2;
  const save = el("button", pet("pre_save")); save.type = "submit";
  const cancel = el("button", pet("pre_cancel")); cancel.type = "button"; cancel.addEventListener("click", () => { form.hidden = true; });
  form.append(preField("pre_sanction", sanction, "sanction"), preField("pre_initiative", initiative, "initiative"), initiatorLabel, requestLabel,
    preField("pre_opened_on", opened, "opened_on"), preField("pre_due", due, "enforcement_due_on"), parties, preField("pre_notes", notes, "notes"), save, cancel);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = { subject_id: NET.subjectId, sanction: sanction.value, initiative: initiative.value, opened_on: opened.value, participants: people };
    if (initiative.value === "stakeholder") {
      if (initiator.value.trim()) body.initiator = initiator.value.trim();
      if (request.value) body.participation_request_id = request.value;
    }
    if (due.value) body.enforcement_due_on = due.value;
    if (notes.value.trim()) body.notes = notes.value.trim();
    try { await post("/api/partners/pre-enforcement-cases", body); await loadNetwork(); flash($("#network-box"), ""); }
    catch (error) { flash(form, error.message); }
  });
  return form;
}

function preStepForm(c, next) {
  const form = el("form", "", "net-form pre-step-form");
  const status = preSelect("pre_step_statuses", { skip: ["pending"] });
  const current = c.steps.find((s) => s.step === next);
  if (current.status === "in_progress") status.value = "done";
  const on = preDate(today()), who = el("input"), note = el("input"), reason = el("input");
  who.value = current.who || "";
  const reasonLabel = preField("pre_skip_reason", reason, "skip_reason"), whoLabel = preField("pre_who", who, "who");
  const follow = () => { reasonLabel.hidden = status.value !== "skipped"; whoLabel.hidden = status.value === "skipped"; };
  status.addEventListener("change", follow); follow();
  const save = el("button", pet("pre_save_step")); save.type = "submit";
  form.append(preField("pre_step_status", status, "status"), preField("pre_on", on, "on"), whoLabel, preField("pre_note", note, "note"), reasonLabel, save);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = { status: status.value, on: on.value };
    if (status.value === "skipped") body.skip_reason = reason.value; else body.who = who.value;
    if (note.value.trim()) body.note = note.value.trim();
    try { await post(`/api/network/pre-enforcement/${c.id}/steps/${next}`, body); await loadNetwork(); flash($("#network-box"), ""); }
    catch (error) { flash(form, error.message); }
  });
  return form;
}

function preCloseForm(c) {
  const form = el("form", "", "net-form pre-close-form"); form.hidden = true;
  const outcome = preSelect("pre_outcomes"), on = preDate(today()), note = el("input");
  const save = el("button", pet("pre_close")); save.type = "submit";
  form.append(preField("pre_outcome", outcome, "outcome"), preField("pre_closed_on", on, "closed_on"), preField("pre_note", note, "note"), save);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = { outcome: outcome.value, closed_on: on.value };
    if (note.value.trim()) body.note = note.value.trim();
    try { await post(`/api/network/pre-enforcement/${c.id}/close`, body); await loadNetwork(); flash($("#network-box"), ""); }
    catch (error) { flash(form, error.message); }
  });
  return form;
}

function preCase(c) {
  const item = el("article", "", "pre-case"); item.dataset.id = c.id;
  const head = el("p", "", "pre-summary");
  head.append(preBadge("pre_sanctions", c.sanction), " ", `${pet("pre_opened_on")} ${when(c.opened_on)} — ${nlabel("pre_initiatives", c.initiative)}${c.initiator ? `: ${c.initiator}` : ""}`);
  if (c.enforcement_due_on) head.append(` — ${pet("pre_due")} ${when(c.enforcement_due_on)}`);
  const status = el("span", c.status === "closed" ? pet("pre_closed") : pet("pre_open_status"), `badge pre-status ${c.status}`);
  head.append(" ", status);
  item.append(head);
  if (c.participation_request) item.append(el("p", `${pet("pre_from_request")} ${c.participation_request.requester}, ${c.participation_request.organisation} (${when(c.participation_request.received_on)})`, "muted"));
  const parties = el("p", `${pet("pre_participants")}: ${(c.participants || []).map((p) => `${nlabel("pre_participant_roles", p.role)} — ${p.partner_name || p.name}${p.contact ? `, ${p.contact}` : ""}`).join("; ")}`, "pre-parties-line");
  item.append(parties);
  const ol = el("ol", "", "pre-steps");
  for (const s of c.steps) {
    const li = el("li", "", `pre-step ${s.status}`); li.dataset.step = s.step;
    li.append(el("strong", nlabel("pre_steps", s.step)), " ", el("span", `(${pet("pre_owner")}: ${nlabel("pre_owners", s.owner)})`, "muted"), " ", preBadge("pre_step_statuses", s.status));
    const facts = [s.on && when(s.on), s.who, s.note, s.skip_reason && `${pet("pre_skipped_because")} ${s.skip_reason}`].filter(Boolean);
    if (facts.length) li.append(" ", el("span", facts.join(" — "), "pre-facts"));
    ol.append(li);
  }
  item.append(ol);
  if (c.status === "closed") {
    item.append(el("p", `${pet("pre_outcome")}: ${nlabel("pre_outcomes", c.outcome)} (${when(c.closed_on)})${c.closing_note ? ` — ${c.closing_note}` : ""}`, "pre-outcome"));
    return item;
  }
  if (!ValvoSessionMay("partners:write")) return item;
  if (c.next_step) {
    const nextLine = el("p", "", "pre-next"); nextLine.append(`${pet("pre_next")} `, el("strong", nlabel("pre_steps", c.next_step)));
    item.append(nextLine, preStepForm(c, c.next_step));
  }
  const closeForm = preCloseForm(c);
  const closeButton = el("button", pet("pre_close"), "pre-close"); closeButton.type = "button";
  closeButton.addEventListener("click", () => { closeForm.hidden = !closeForm.hidden; });
  item.append(closeButton, closeForm);
  return item;
}

function preEnforcementBox() {
  const box = el("section", "", "net-section pre-enforcement"); box.id = "net-pre-enforcement";
  const head = el("div", "", "net-head"); head.append(el("h4", pet("pre_title")));
  box.append(head);
  const cases = NET.data.pre_enforcement || [];
  if (ValvoSessionMay("partners:write") && !cases.some((c) => c.status !== "closed")) {
    const open = el("button", pet("pre_open"), "net-add"); open.type = "button";
    open.addEventListener("click", () => toggleForm(head, preOpenForm)); head.append(open);
  }
  if (!cases.length) box.append(el("p", pet("pre_none"), "muted"));
  for (const c of [...cases].reverse()) box.append(preCase(c));
  return box;
}

// Offered only while the switch is on (the legal enablement) and shown with what was requested.
function vthConsultationBox() {
  const settings = NET.data.vth_consultation || {};
  const rows = NET.data.vth_consultations || [];
  if (!settings.enabled && !rows.length) return null;
  const box = el("section", "", "net-section"); box.id = "net-vth-consultation";
  const head = el("div", "", "net-head"); head.append(el("h4", pet("vthc_title")));
  box.append(head);
  if (settings.enabled && ValvoSessionMay("partners:write")) {
    if (settings.phase_allows) {
      const ask = el("button", pet("vthc_request"), "net-add"); ask.type = "button";
      ask.addEventListener("click", () => toggleForm(head, vthConsultationForm)); head.append(ask);
    } else box.append(el("p", pet("vthc_phase_only"), "muted"));
  }
  const ul = el("ul", "", "plain net-list");
  for (const r of rows) ul.append(el("li", `${when(r.requested_on)} ${nlabel("consultation_plans", r.plan)} → ${r.vth_unit}: ${r.question} (${pet("vthc_by")} ${r.requested_by})`));
  box.append(ul);
  return box;
}

function vthConsultationForm() {
  const form = el("form", "", "net-form");
  const plan = preSelect("consultation_plans"), unit = el("input"), question = el("textarea"), on = preDate(today());
  question.rows = 2; unit.value = "Vankiterveydenhuollon yksikkö";
  const save = el("button", pet("vthc_send")); save.type = "submit";
  form.append(preField("vthc_plan", plan, "plan"), preField("vthc_unit", unit, "vth_unit"), preField("vthc_question", question, "question"), preField("vthc_requested_on", on, "requested_on"), save);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = { subject_id: NET.subjectId, plan: plan.value, vth_unit: unit.value, question: question.value, requested_on: on.value };
    try { await post("/api/network/vth-consultations", body); await loadNetwork(); flash($("#network-box"), ""); }
    catch (error) { flash(form, error.message); }
  });
  return form;
}

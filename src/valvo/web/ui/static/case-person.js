// The person's own page as the case page shows it to the case's supervisor (issue 15 item 8):
// the person's login (create, close), the device instructions given or the device refused
// (a refusal opens a breach on the case) and whether the person confirmed them, messages to
// the person with their read receipts and the person's replies, and the problems the person
// reported, each with a "handled" action. Shown to roles that work the case; the login's
// buttons only with registry:write. Uses cases.js's helpers ($, el, state, json, post).
"use strict";

const PERSON_TEXT = {
  en: {
    title: "The person's own page", login: "Login", no_login: "The person has no login to their own page yet.",
    login_line: "{username} — {status}, created {when} by {by}", active: "in use", closed: "closed",
    username: "Person's login", password: "Passphrase for the person (at least 12 characters)", create_login: "Create the login",
    close_login: "Close the login", instructions: "Device instructions", no_instructions: "No instructions recorded.",
    device: "Device handed over", language: "Written in", version: "Version of the instruction text", given_by: "Given by",
    given_at: "Given at", outcome: "Result", out_given: "instructions given", out_refused: "device refused",
    record: "Record", confirmed: "the person confirmed {when}", not_confirmed: "not yet confirmed by the person",
    refused_breach: "refused: a breach was opened on the case",
    messages: "Messages", no_messages: "No messages.", to_person: "To the person", from_person: "From the person",
    read: "read {when}", unread: "not read yet", write: "Message to the person", send: "Send",
    mark_read: "Mark as read", reports: "Problems the person reported", no_reports: "No problems reported.",
    handled: "handled {when} by {by}", open: "waiting", handle: "Mark handled", note: "Note to the person (optional)",
    kind_device: "Device", kind_schedule: "Schedule", kind_other: "Other", saved: "Saved.", refused: "Not saved:",
    device_gps_tracker: "GPS tracker", device_rf_home_unit: "RF home unit", device_rf_tag: "RF tag",
    device_alcohol_tester: "Breath alcohol tester", device_presence_checker: "Presence checker",
    lang_fi: "Finnish", lang_sv: "Swedish", lang_se: "Sámi", lang_en: "English", lang_ru: "Russian",
    lang_et: "Estonian", lang_ar: "Arabic", lang_so: "Somali",
  },
  fi: {
    title: "Henkilön oma sivu", login: "Tunnus", no_login: "Henkilöllä ei vielä ole tunnusta omalle sivulleen.",
    login_line: "{username} — {status}, luotu {when}, luoja {by}", active: "käytössä", closed: "suljettu",
    username: "Henkilön tunnus", password: "Henkilön salalause (vähintään 12 merkkiä)", create_login: "Luo tunnus",
    close_login: "Sulje tunnus", instructions: "Laitteen ohjeet", no_instructions: "Ohjeita ei ole kirjattu.",
    device: "Luovutettu laite", language: "Kirjoituskieli", version: "Ohjetekstin versio", given_by: "Antaja",
    given_at: "Annettu", outcome: "Tulos", out_given: "ohjeet annettu", out_refused: "laitteesta kieltäydytty",
    record: "Kirjaa", confirmed: "henkilö vahvisti {when}", not_confirmed: "henkilö ei ole vielä vahvistanut",
    refused_breach: "kieltäytyi: asiaan avattiin rikkomus",
    messages: "Viestit", no_messages: "Ei viestejä.", to_person: "Henkilölle", from_person: "Henkilöltä",
    read: "luettu {when}", unread: "ei vielä luettu", write: "Viesti henkilölle", send: "Lähetä",
    mark_read: "Merkitse luetuksi", reports: "Henkilön ilmoittamat ongelmat", no_reports: "Ei ilmoitettuja ongelmia.",
    handled: "käsitelty {when}, käsittelijä {by}", open: "odottaa", handle: "Merkitse käsitellyksi",
    note: "Viesti henkilölle (valinnainen)",
    kind_device: "Laite", kind_schedule: "Aikataulu", kind_other: "Muu", saved: "Tallennettu.", refused: "Ei tallennettu:",
    device_gps_tracker: "GPS-paikannin", device_rf_home_unit: "RF-kotiyksikkö", device_rf_tag: "RF-panta",
    device_alcohol_tester: "Alkometri", device_presence_checker: "Läsnäolon tarkistin",
    lang_fi: "suomi", lang_sv: "ruotsi", lang_se: "saame", lang_en: "englanti", lang_ru: "venäjä",
    lang_et: "viro", lang_ar: "arabia", lang_so: "somali",
  },
};

const PERSON_DEVICES = ["gps_tracker", "rf_home_unit", "rf_tag", "alcohol_tester", "presence_checker"];
const PERSON_LANGUAGES = ["fi", "sv", "se", "en", "ru", "et", "ar", "so"];
const pt = (key, values = {}) => ((PERSON_TEXT[state.lang] || PERSON_TEXT.en)[key] ?? PERSON_TEXT.en[key] ?? key)
  .replace(/\{(\w+)\}/g, (_, name) => values[name] ?? "");

function personField(labelKey, input) {
  const label = el("label");
  label.append(el("span", pt(labelKey)), " ", input);
  return label;
}
function personInput(id, type = "text", attrs = {}) {
  const input = document.createElement(type === "textarea" ? "textarea" : "input");
  if (type !== "textarea") input.type = type;
  input.id = id;
  Object.assign(input, attrs);
  return input;
}
function personSelect(id, values, labelOf) {
  const select = document.createElement("select");
  select.id = id;
  select.replaceChildren(...values.map((v) => { const o = el("option", labelOf(v)); o.value = v; return o; }));
  return select;
}
function personForm(id, parts, buttonKey, submit) {
  const form = el("form", undefined, "step-form");
  form.id = id;
  const button = el("button", pt(buttonKey)); button.type = "submit";
  const result = el("span", "", "step-result"); result.setAttribute("role", "alert");
  form.append(...parts, button, result);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try { personDraw(await submit()); } catch (error) { result.textContent = `${pt("refused")} ${error.message}`; }
  });
  return form;
}

async function renderPersonBox(detail) {
  const box = $("#person-box");
  if (!box) return;
  const may = state.may || new Set();
  box.hidden = !(may.has("sentences:work") || may.has("travel_bans:work"));
  if (box.hidden) return;
  box.dataset.caseId = detail.id;
  try {
    personDraw(await json(`/api/cases/${detail.id}/person`));
  } catch (error) {
    box.hidden = true; // a case this role reads but does not work
  }
}

function personDraw(section) {
  const box = $("#person-box");
  const may = state.may || new Set();
  const base = `/api/cases/${section.case_id}/person`;
  box.replaceChildren(el("h3", pt("title")));

  box.append(el("h4", pt("login")));
  const login = section.login;
  box.append(el("p", login ? pt("login_line", {
    username: login.username, status: pt(login.active ? "active" : "closed"), when: when(login.created_at), by: login.created_by,
  }) : pt("no_login")));
  if (may.has("registry:write")) {
    if (login && login.active) {
      const close = el("button", pt("close_login")); close.type = "button"; close.id = "person-close-login";
      close.addEventListener("click", async () => personDraw(await post(`${base}/login/disable`, {})));
      box.append(close);
    } else {
      const username = personInput("person-username", "text", { required: true, maxLength: 100, autocomplete: "off" });
      const password = personInput("person-password", "password", { required: true, minLength: 12, autocomplete: "new-password" });
      box.append(personForm("person-login-form", [personField("username", username), personField("password", password)],
        "create_login", () => post(`${base}/login`, { username: username.value.trim(), password: password.value })));
    }
  }

  box.append(el("h4", pt("instructions")));
  const instructions = el("ul", undefined, "plain");
  instructions.id = "person-instructions";
  instructions.replaceChildren(...(section.instructions.length ? section.instructions.map((i) => {
    const state_ = i.outcome === "refused" ? pt("refused_breach")
      : i.acknowledged_at ? pt("confirmed", { when: when(i.acknowledged_at) }) : pt("not_confirmed");
    return el("li", `${when(i.given_at)} ${pt(`device_${i.device_kind}`)}, ${pt(`lang_${i.language}`)}, ${i.text_version} (${i.given_by}) — ${state_}`);
  }) : [el("li", pt("no_instructions"))]));
  box.append(instructions);
  const device = personSelect("person-device", PERSON_DEVICES, (v) => pt(`device_${v}`));
  const language = personSelect("person-language", PERSON_LANGUAGES, (v) => pt(`lang_${v}`));
  const version = personInput("person-version", "text", { required: true, maxLength: 60 });
  const givenBy = personInput("person-given-by", "text", { required: true, maxLength: 200 });
  const givenAt = personInput("person-given-at", "datetime-local", { required: true });
  const now = new Date(); now.setSeconds(0, 0);
  givenAt.value = new Date(now.getTime() - now.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
  const outcome = personSelect("person-outcome", ["given", "refused"], (v) => pt(`out_${v}`));
  box.append(personForm("person-instructions-form", [
    personField("device", device), personField("language", language), personField("version", version),
    personField("given_by", givenBy), personField("given_at", givenAt), personField("outcome", outcome),
  ], "record", () => post(`${base}/instructions`, {
    device_kind: device.value, language: language.value, text_version: version.value.trim(),
    outcome: outcome.value, given_by: givenBy.value.trim(), given_at: new Date(givenAt.value).toISOString(),
  })));

  box.append(el("h4", pt("messages")));
  const messages = el("ul", undefined, "plain");
  messages.id = "person-messages";
  messages.replaceChildren(...(section.messages.length ? section.messages.map((m) => {
    const li = el("li");
    const who = pt(m.direction === "to_person" ? "to_person" : "from_person");
    const receipt = m.read_at ? pt("read", { when: when(m.read_at) }) : pt("unread");
    li.append(el("strong", `${who}, ${when(m.created_at)}: `), m.body, el("span", ` — ${receipt}`, "actor"));
    if (m.direction === "from_person" && !m.read_at) {
      const read = el("button", pt("mark_read")); read.type = "button";
      read.addEventListener("click", async () => personDraw(await post(`${base}/messages/${m.id}/read`, {})));
      li.append(" ", read);
    }
    return li;
  }) : [el("li", pt("no_messages"))]));
  box.append(messages);
  const body = personInput("person-message", "textarea", { required: true, maxLength: 2000 });
  const writeLabel = personField("write", body); writeLabel.classList.add("wide");
  box.append(personForm("person-message-form", [writeLabel], "send", () => post(`${base}/messages`, { body: body.value })));

  box.append(el("h4", pt("reports")));
  const reports = el("ul", undefined, "plain");
  reports.id = "person-reports";
  reports.replaceChildren(...(section.reports.length ? section.reports.map((r) => {
    const li = el("li");
    const status = r.handled_at ? pt("handled", { when: when(r.handled_at), by: r.handled_by }) : pt("open");
    li.append(el("strong", `${pt(`kind_${r.kind}`)}, ${when(r.created_at)}: `), r.text, el("span", ` — ${status}`, "actor"));
    if (!r.handled_at) {
      const note = personInput(`person-note-${r.id}`, "text", { maxLength: 2000, placeholder: pt("note") });
      note.setAttribute("aria-label", pt("note"));
      const handle = el("button", pt("handle")); handle.type = "button";
      handle.addEventListener("click", async () => personDraw(await post(`${base}/reports/${r.id}/handled`, { note: note.value || null })));
      li.append(" ", note, " ", handle);
      li.classList.add("late");
    }
    return li;
  }) : [el("li", pt("no_reports"))]));
  box.append(reports);
}

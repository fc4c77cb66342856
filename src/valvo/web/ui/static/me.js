// The monitored person's own page (/me): their week from the plan, coming appointments,
// messages from their supervisor (read receipts, replies), the device instructions to confirm,
// and a way to report a problem. Phone-sized, plain language. Every text is in ME_TEXT, one
// dictionary a language (English and Finnish; Swedish is added as a third dictionary with the
// same keys: the language menu lists every dictionary). Times are shown in the person's own zone.
"use strict";

const ME_TEXT = {
  en: {
    _name: "English", _locale: "en-GB",
    language: "Language", logout: "Log out", login_title: "Log in to your own page",
    username: "Username", password: "Password", login: "Log in",
    login_failed: "Wrong username or password.", not_yours: "This page is for the person under monitoring. Your own pages open instead.",
    hello: "Hello, {name}", case_number: "Case {number}",
    instructions_title: "Device instructions",
    instructions_help: "Please confirm that you have received the instructions for your device and read them.",
    instruction_line: "{device}: instructions version {version}, in {language}, given {when}",
    acknowledge: "I have received and read these instructions", acknowledged: "Confirmed {when}",
    messages_title: "Messages from your supervisor", no_messages: "No messages yet.",
    from_supervisor: "Supervisor, {when}", from_you: "You, {when}",
    mark_read: "I have read this", read_at: "Read {when}", unread_reply: "Not read yet",
    reply_label: "Reply to your supervisor", send: "Send", sent: "Sent.",
    week_title: "Your week", week_help: "When you must be at home and when you may be away.",
    no_plan: "Your plan is not ready yet. Your supervisor will tell you.",
    at_home: "At home", today: "Today", all_day: "All day",
    purpose_activity: "Work, study or activity", purpose_travel: "Travel",
    purpose_personal: "Your own time", purpose_rehabilitation: "Treatment or rehabilitation",
    purpose_exemption: "Permitted exception", away_allowed: "you may be away",
    appointments_title: "Coming appointments", no_appointments: "No appointments you need to go to.",
    sample_at: "Give a sample at {place} ({kind})",
    place_prison: "prison", place_khl_office: "probation office",
    place_health_centre: "health centre", place_substance_care_unit: "substance abuse care unit",
    report_title: "Report a problem", report_kind: "What is the problem about?",
    kind_device: "The device", kind_schedule: "My schedule", kind_other: "Something else",
    report_text: "Tell us briefly what happened", send_report: "Send the report",
    report_sent: "Your report was sent to your supervisor.",
    your_reports: "Your reports", no_reports: "You have not sent any reports.",
    report_waiting: "Sent {when}. Waiting for your supervisor.", report_handled: "Handled {when}",
    device_gps_tracker: "Location tracker", device_rf_home_unit: "Home unit",
    device_rf_tag: "Ankle tag", device_alcohol_tester: "Breath alcohol tester",
    device_presence_checker: "Presence checker",
    lang_fi: "Finnish", lang_sv: "Swedish", lang_se: "Sámi", lang_en: "English",
    lang_ru: "Russian", lang_et: "Estonian", lang_ar: "Arabic", lang_so: "Somali",
    failed: "That did not work: {detail}",
  },
  fi: {
    _name: "Suomi", _locale: "fi-FI",
    language: "Kieli", logout: "Kirjaudu ulos", login_title: "Kirjaudu omalle sivullesi",
    username: "Käyttäjätunnus", password: "Salasana", login: "Kirjaudu",
    login_failed: "Väärä käyttäjätunnus tai salasana.", not_yours: "Tämä sivu on valvottavalle. Omat sivusi avautuvat sen sijaan.",
    hello: "Hei, {name}", case_number: "Asia {number}",
    instructions_title: "Laitteen ohjeet",
    instructions_help: "Vahvista, että olet saanut laitteesi käyttöohjeet ja lukenut ne.",
    instruction_line: "{device}: ohjeen versio {version}, kieli {language}, annettu {when}",
    acknowledge: "Olen saanut ja lukenut ohjeet", acknowledged: "Vahvistettu {when}",
    messages_title: "Viestit valvojaltasi", no_messages: "Ei vielä viestejä.",
    from_supervisor: "Valvoja, {when}", from_you: "Sinä, {when}",
    mark_read: "Olen lukenut viestin", read_at: "Luettu {when}", unread_reply: "Ei vielä luettu",
    reply_label: "Vastaa valvojallesi", send: "Lähetä", sent: "Lähetetty.",
    week_title: "Viikkosi", week_help: "Milloin sinun pitää olla kotona ja milloin saat olla poissa.",
    no_plan: "Suunnitelmasi ei ole vielä valmis. Valvojasi kertoo sinulle.",
    at_home: "Kotona", today: "Tänään", all_day: "Koko päivän",
    purpose_activity: "Työ, opiskelu tai toiminta", purpose_travel: "Matka",
    purpose_personal: "Omaa aikaa", purpose_rehabilitation: "Hoito tai kuntoutus",
    purpose_exemption: "Sallittu poikkeus", away_allowed: "saat olla poissa",
    appointments_title: "Tulevat käynnit", no_appointments: "Ei käyntejä, joihin sinun pitää mennä.",
    sample_at: "Anna näyte: {place} ({kind})",
    place_prison: "vankila", place_khl_office: "yhdyskuntaseuraamustoimisto",
    place_health_centre: "terveysasema", place_substance_care_unit: "päihdehuollon yksikkö",
    report_title: "Ilmoita ongelmasta", report_kind: "Mitä ongelma koskee?",
    kind_device: "Laitetta", kind_schedule: "Aikatauluani", kind_other: "Jotain muuta",
    report_text: "Kerro lyhyesti, mitä tapahtui", send_report: "Lähetä ilmoitus",
    report_sent: "Ilmoituksesi lähti valvojallesi.",
    your_reports: "Ilmoituksesi", no_reports: "Et ole lähettänyt ilmoituksia.",
    report_waiting: "Lähetetty {when}. Odottaa valvojaasi.", report_handled: "Käsitelty {when}",
    device_gps_tracker: "Paikannin", device_rf_home_unit: "Kotiyksikkö",
    device_rf_tag: "Nilkkapanta", device_alcohol_tester: "Alkometri",
    device_presence_checker: "Läsnäolon tarkistin",
    lang_fi: "suomi", lang_sv: "ruotsi", lang_se: "saame", lang_en: "englanti",
    lang_ru: "venäjä", lang_et: "viro", lang_ar: "arabia", lang_so: "somali",
    failed: "Ei onnistunut: {detail}",
  },
};

const ME = { lang: localStorage.getItem("valvo.lang") || "fi", page: null };
if (!ME_TEXT[ME.lang]) ME.lang = "fi";

const $me = (sel) => document.querySelector(sel);
function say(key, values = {}) {
  const text = (ME_TEXT[ME.lang] || ME_TEXT.en)[key] ?? ME_TEXT.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => values[name] ?? "");
}
function node(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}
const zoneOf = () => (ME.page && ME.page.timezone) || "Europe/Helsinki";
const locale = () => say("_locale");
function clock(iso) {
  return new Date(iso).toLocaleTimeString(locale(), { hour: "2-digit", minute: "2-digit", timeZone: zoneOf() });
}
function moment(iso) {
  return new Date(iso).toLocaleString(locale(), { weekday: "short", day: "numeric", month: "numeric", hour: "2-digit", minute: "2-digit", timeZone: zoneOf() });
}
function dayName(isoDate) {
  return new Date(`${isoDate}T12:00:00Z`).toLocaleDateString(locale(), { weekday: "long", day: "numeric", month: "numeric", timeZone: "UTC" });
}
const localToday = () => new Date().toLocaleDateString("sv-SE", { timeZone: zoneOf() });

function applyText() {
  document.documentElement.lang = ME.lang;
  document.querySelectorAll("[data-me]").forEach((e) => { e.textContent = say(e.dataset.me); });
  const menu = $me("#me-lang");
  menu.replaceChildren(...Object.keys(ME_TEXT).map((lang) => {
    const option = node("option", ME_TEXT[lang]._name); option.value = lang; return option;
  }));
  menu.value = ME.lang;
}

async function call(path, method = "GET", body) {
  const options = { method };
  if (body !== undefined) { options.headers = { "Content-Type": "application/json" }; options.body = JSON.stringify(body); }
  const response = await ValvoSession.authFetch(path, options);
  if (response.status === 401) { ValvoSession.clear(); showLogin(); throw new Error(say("login_failed")); }
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) {
    const detail = Array.isArray(answer.detail) ? answer.detail.map((d) => d.msg).join("; ") : answer.detail;
    throw new Error(detail || response.statusText);
  }
  return answer;
}

function showLogin() {
  $me("#me-login").hidden = false;
  $me("#me-page").hidden = true;
  $me("#me-logout").hidden = true;
}

async function start() {
  const may = await ValvoSession.me();
  if (!may.has("own_page:use") || may.has("registry:read")) {
    // A staff member who opened /me: their own home instead.
    location.replace(may.size ? ValvoSession.home(may) : "/");
    return;
  }
  $me("#me-login").hidden = true;
  $me("#me-page").hidden = false;
  $me("#me-logout").hidden = false;
  render(await call("/api/me/page"));
}

function render(page) {
  ME.page = page;
  applyText();
  $me("#me-hello").textContent = say("hello", { name: page.name.split(" ")[0] });
  renderInstructions(page.instructions);
  renderMessages(page.messages);
  renderWeek(page.week);
  renderAppointments(page.appointments);
  renderReports(page.reports);
}

function renderInstructions(instructions) {
  const open = instructions.filter((i) => !i.acknowledged_at);
  $me("#me-instructions-box").hidden = instructions.length === 0;
  $me("#me-instructions-box").classList.toggle("attention", open.length > 0);
  $me("#me-instructions").replaceChildren(...instructions.map((i) => {
    const li = node("li", undefined, "instruction");
    li.append(node("span", say("instruction_line", {
      device: say(`device_${i.device_kind}`), version: i.text_version,
      language: say(`lang_${i.language}`), when: moment(i.given_at),
    })));
    if (i.acknowledged_at) {
      li.append(node("span", `✓ ${say("acknowledged", { when: moment(i.acknowledged_at) })}`, "done"));
    } else {
      const button = node("button", say("acknowledge"));
      button.type = "button";
      button.addEventListener("click", () => act(`/api/me/instructions/${i.id}/acknowledge`, li));
      li.append(button);
    }
    return li;
  }));
}

function renderMessages(messages) {
  const list = $me("#me-messages");
  if (!messages.length) { list.replaceChildren(node("li", say("no_messages"))); return; }
  list.replaceChildren(...messages.map((m) => {
    const mine = m.direction === "from_person";
    const li = node("li", undefined, mine ? "mine" : (m.read_at ? "" : "unread"));
    li.append(node("span", say(mine ? "from_you" : "from_supervisor", { when: moment(m.written_at) }), "meta"));
    li.append(node("p", m.body));
    if (mine) {
      li.append(node("span", m.read_at ? say("read_at", { when: moment(m.read_at) }) : say("unread_reply"), "meta"));
    } else if (m.read_at) {
      li.append(node("span", `✓ ${say("read_at", { when: moment(m.read_at) })}`, "meta done"));
    } else {
      const button = node("button", say("mark_read"));
      button.type = "button";
      button.addEventListener("click", () => act(`/api/me/messages/${m.id}/read`, li));
      li.append(button);
    }
    return li;
  }));
}

function renderWeek(week) {
  const list = $me("#me-week");
  if (!week.length) { list.replaceChildren(node("li", say("no_plan"))); return; }
  const today = localToday();
  list.replaceChildren(...week.map((day) => {
    const li = node("li", undefined, day.date === today ? "today" : "");
    const title = day.date === today ? `${say("today")}, ${dayName(day.date)}` : dayName(day.date);
    li.append(node("div", title.charAt(0).toUpperCase() + title.slice(1), "day"));
    day.spans.forEach((span, index) => {
      const row = node("div", undefined, "span");
      // The day's last span ends at midnight: 24.00, not 00.00; a day at home is "all day".
      const last = index === day.spans.length - 1;
      const end = clock(span.end);
      const shown = day.spans.length === 1 ? say("all_day")
        : `${clock(span.start)}–${last && /^00\D00$/.test(end) ? end.replace(/^00/, "24") : end}`;
      row.append(node("time", shown));
      row.append(span.at_home ? node("span", say("at_home"), "home")
        : node("span", `${say(`purpose_${span.purpose}`)} (${say("away_allowed")})`, "away"));
      li.append(row);
    });
    return li;
  }));
}

function renderAppointments(appointments) {
  const list = $me("#me-appointments");
  if (!appointments.length) { list.replaceChildren(node("li", say("no_appointments"))); return; }
  list.replaceChildren(...appointments.map((a) => {
    const li = node("li");
    li.append(node("span", dayName(a.on), "meta"), node("span", say("sample_at", { place: a.place, kind: say(`place_${a.place_kind}`) })));
    return li;
  }));
}

function renderReports(reports) {
  const list = $me("#me-reports");
  if (!reports.length) { list.replaceChildren(node("li", say("no_reports"))); return; }
  list.replaceChildren(...[...reports].reverse().map((r) => {
    const li = node("li");
    li.append(node("span", `${say(`kind_${r.kind}`)}: ${r.text}`));
    const status = r.handled_at
      ? `✓ ${say("report_handled", { when: moment(r.handled_at) })}${r.handled_note ? ` — ${r.handled_note}` : ""}`
      : say("report_waiting", { when: moment(r.created_at) });
    li.append(node("span", status, r.handled_at ? "meta done" : "meta"));
    return li;
  }));
}

async function act(path, where) {
  try {
    render(await call(path, "POST"));
  } catch (error) {
    where.append(node("p", say("failed", { detail: error.message }), "error"));
  }
}

async function sendForm(event, path, body, resultId, done) {
  event.preventDefault();
  const result = $me(resultId);
  result.classList.remove("bad");
  try {
    render(await call(path, "POST", body));
    event.target.reset();
    result.textContent = say(done);
  } catch (error) {
    result.classList.add("bad");
    result.textContent = say("failed", { detail: error.message });
  }
}

$me("#me-reply-form").addEventListener("submit", (event) =>
  sendForm(event, "/api/me/messages", { body: $me("#me-reply").value }, "#me-reply-result", "sent"));
$me("#me-report-form").addEventListener("submit", (event) =>
  sendForm(event, "/api/me/reports", { kind: $me("#me-report-kind").value, text: $me("#me-report-text").value },
    "#me-report-result", "report_sent"));

$me("#me-login-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const answer = await ValvoSession.login($me("#me-username").value.trim(), $me("#me-password").value);
  if (!answer.ok) {
    $me("#me-login-error").textContent = answer.detail === "wrong username or password" ? say("login_failed") : answer.detail;
    return;
  }
  if (answer.token.scope !== "full") { ValvoSession.limited($me("#me-login-form"), answer.token.scope); return; }
  start().catch((error) => { $me("#me-login-error").textContent = error.message; });
});
$me("#me-logout").addEventListener("click", async () => { await ValvoSession.logout(); showLogin(); });
$me("#me-lang").addEventListener("change", (event) => {
  ME.lang = event.target.value;
  localStorage.setItem("valvo.lang", ME.lang);
  if (ME.page) render(ME.page); else applyText();
});

applyText();
if (ValvoSession.token()) start().catch(showLogin); else showLogin();

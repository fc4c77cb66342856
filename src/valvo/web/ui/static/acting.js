// Acting on the person from the selected alarm: whom to call (one click logs the call and how it
// went to the trail), the alarm kind's response steps (ticking one writes who and when to the
// trail), and device commands ("locate now") with their acknowledgement as the gateway reports
// it. Loaded after alarm-detail.js, which calls V.acting.show on every render of the alarm.
"use strict";

(function () {
  const V = window.Valvo;
  const S = V.state;
  const $ = V.$;
  const t = V.t;
  const el = V.el;
  const WAITING = new Set(["queued", "sent"]);
  // This module's own words (kept out of the shared i18n table).
  const ACTING_TEXT = {
    en: { every: (n) => `every ${n} s`, confirmed: "the device confirmed the command" },
    fi: { every: (n) => `${n} s välein`, confirmed: "laite vahvisti komennon" },
  };
  // Protocols whose devices confirm a command by naming it (H02 V4, a watch's echo, Meitrack's
  // "<code>,OK"): the answer says so in words; the device's text is on hover.
  const CONFIRMING = new Set(["h02", "watch", "meitrack"]);
  const at = (key) => (ACTING_TEXT[S.lang] || ACTING_TEXT.en)[key] || ACTING_TEXT.en[key];

  // A command's name for a device of ``protocol``: faster reporting says how often, as the
  // protocol's document allows (GT06 and Meitrack every 10 s, H02 30 s, a watch 60 s).
  function kindLabel(protocol, kind) {
    const name = V.choice(S.meta.command_kinds, kind);
    const every = kind === "fast_reporting" ? (S.meta.command_intervals || {})[protocol] : null;
    return every ? `${name} (${at("every")(every)})` : name;
  }
  let shown = { id: null, contacts: null, checklist: null, commands: [] };
  let polling = null;

  function show(alarm, reload) {
    const box = $("#acting");
    box.hidden = false;
    if (shown.id !== alarm.id) {
      shown = { id: alarm.id, contacts: null, checklist: null, commands: [] };
      $("#acting-error").textContent = "";
      $("#acting-call-note").value = "";
      load(alarm.id, true);
    } else if (reload) {
      load(alarm.id, false);
    }
    render();
  }

  async function load(id, everything) {
    try {
      const [contacts, checklist, commands] = await Promise.all([
        everything || !shown.contacts ? V.api(`/api/alarms/${id}/contacts`) : shown.contacts,
        V.api(`/api/alarms/${id}/checklist`),
        V.api(`/api/alarms/${id}/commands`),
      ]);
      if (shown.id !== id) return;
      Object.assign(shown, { contacts, checklist, commands });
    } catch (e) {
      if (shown.id === id) $("#acting-error").textContent = e.message;
      return;
    }
    render();
    V.detail.renderTrail();  // the trail names the ticked steps by their text
    watch();
  }

  // While a command waits for the device, ask again every 1.5 s.
  function watch() {
    clearTimeout(polling);
    if (!shown.commands.some((c) => WAITING.has(c.status))) return;
    const id = shown.id;
    polling = setTimeout(async () => {
      if (shown.id !== id || S.selected !== id) return;
      try {
        shown.commands = await V.api(`/api/alarms/${id}/commands`);
      } catch (e) { return; }
      if (shown.id !== id) return;
      renderCommands();
      watch();
    }, 1500);
  }

  function personName() {
    const alarm = S.alarms.get(shown.id);
    return alarm ? V.subjectName(alarm) : "";
  }

  function text(step) { return S.lang === "fi" ? step.text_fi : step.text_en; }

  V.actingStepText = function actingStepText(key) {
    const step = ((shown.checklist && shown.checklist.steps) || []).find((s) => s.key === key);
    return step ? text(step) : "";
  };

  function callButtons(number, callee) {
    if (!V.may("alarms:work")) return null;
    return el("span", { class: "call-outcomes", role: "group", "aria-label": t("acting_log_call") },
      ...S.meta.call_outcomes.map((o) => el("button", {
        type: "button", class: `call-${o.value}`, text: V.choice(S.meta.call_outcomes, o.value),
        onclick: () => logCall(number, callee, o.value),
      })));
  }

  function numberLink(number) {
    return el("a", { href: `tel:${number.replace(/[^+\d]/g, "")}`, text: number });
  }

  function renderContacts() {
    const c = shown.contacts;
    const list = $("#acting-phones");
    if (!c) { list.replaceChildren(el("li", { class: "muted", text: "…" })); return; }
    const name = personName();
    const rows = c.phones.map((p) => {
      // The person's own number, or a co-resident's or contact person's entered with theirs.
      const whose = p.holder && p.holder !== "person" ? `${p.holder_name}, ${t(`contact_${p.holder}`)}` : name;
      return el("li", {},
        el("span", { class: "who", text: `${whose} (${t(`phone_${p.label}`)})` }), " ", numberLink(p.number), " ",
        callButtons(p.number, whose));
    });
    for (const person of c.contacts) {
      const label = `${person.name}${person.name ? ", " : ""}${t(`contact_${person.kind}`)}`;
      rows.push(el("li", {}, el("span", { class: "who", text: label }), " ",
        person.phone ? numberLink(person.phone) : el("span", { class: "muted", text: t("acting_no_number") }), " ",
        person.phone ? callButtons(person.phone, label) : null));
    }
    list.replaceChildren(...(rows.length ? rows : [el("li", { class: "muted", text: t("acting_no_numbers") })]));
  }

  function renderSteps() {
    const list = $("#acting-steps");
    const alarm = S.alarms.get(shown.id);
    const checklist = shown.checklist;
    if (!checklist || !alarm) { list.replaceChildren(); return; }
    const may = V.may("alarms:work") && V.OPEN.has(alarm.status);
    list.replaceChildren(...checklist.steps.map((step) => {
      const box = el("input", { type: "checkbox", id: `step-${step.key}` });
      box.checked = Boolean(step.done_by);
      box.disabled = Boolean(step.done_by) || !may;
      box.addEventListener("change", () => tick(step.key, box));
      return el("li", { class: step.done_by ? "done" : "" },
        box, el("label", { for: `step-${step.key}`, text: ` ${text(step)}` }),
        step.done_by ? el("span", { class: "muted", text: ` — ${step.done_by}, ${V.fmtTime(step.done_at)}` }) : null);
    }));
    const warn = $("#act-unticked");
    const open = checklist.steps.filter((s) => !s.done_by);
    warn.hidden = !(may && open.length);
    warn.textContent = open.length ? `${t("acting_unticked")} ${open.map(text).join(" · ")}` : "";
  }

  function renderDevices() {
    const c = shown.contacts;
    const box = $("#acting-devices");
    if (!c) { box.replaceChildren(); return; }
    const alarm = S.alarms.get(shown.id);
    const may = V.may("alarms:work") && alarm && V.OPEN.has(alarm.status);
    if (!c.devices.length) { box.replaceChildren(el("p", { class: "muted", text: t("acting_no_device") })); return; }
    box.replaceChildren(...c.devices.map((d) => el("div", { class: "device-row" },
      el("span", { class: "who", text: `${t(`kind_${d.kind}`)} ${d.identifier}` }), " ",
      d.commands.length
        ? (may ? el("span", { class: "button-row inline" }, ...d.commands.map((k) => el("button", {
          type: "button", id: `cmd-${k}`, text: kindLabel(d.protocol, k), onclick: () => send(d.id, k),
        }))) : null)
        : el("span", { class: "muted", text: t("acting_no_commands") }))));
  }

  // The device's answer in words: a position answer (GT06 "Current position!", Teltonika
  // getgps) as the place and the local time, anything else as the device wrote it.
  function answerText(reply, protocol) {
    if (CONFIRMING.has(protocol) && !reply.startsWith("position ")) return at("confirmed");
    const degrees = (value) => value.toLocaleString(V.locale(), { minimumFractionDigits: 5, maximumFractionDigits: 5 });
    const gt06 = /Lat:([NS])([\d.]+),Lon:([EW])([\d.]+).*DateTime:(\d{4}-\d\d-\d\d)\s+(\d\d:\d\d:\d\d)/.exec(reply);
    if (gt06) {
      return `${t("acting_position")} ${degrees(Number(gt06[2]))} ${gt06[1]}, ${degrees(Number(gt06[4]))} ${gt06[3]}`
        + ` (${V.fmtTime(`${gt06[5]}T${gt06[6]}Z`)})`;
    }
    // Teltonika getgps ("Lat:.. Long:..") or a position report answering H02 D1 / Meitrack A10
    // (the gateway's "position <lat>,<lon>").
    const fmb = /Lat:(-?[\d.]+)\s+Long:(-?[\d.]+)/.exec(reply) || /^position (-?[\d.]+),(-?[\d.]+)/.exec(reply);
    if (fmb) {
      const lat = Number(fmb[1]);
      const lon = Number(fmb[2]);
      return `${t("acting_position")} ${degrees(Math.abs(lat))} ${lat < 0 ? "S" : "N"}, ${degrees(Math.abs(lon))} ${lon < 0 ? "W" : "E"}`;
    }
    return V.localise(reply);
  }

  function commandItems(commands) {
    return commands.slice(0, 5).map((c) => {
      const pill = el("span", { class: "pill", text: V.choice(S.meta.command_statuses, c.status) });
      pill.style.backgroundColor = V.colour(S.meta.command_statuses, c.status);
      const times = [`${t("acting_requested")} ${V.fmtTime(c.requested_at)} (${c.requested_by})`];
      if (c.sent_at) times.push(`${t("acting_sent")} ${V.fmtTime(c.sent_at)}`);
      if (c.answered_at) times.push(`${t("acting_answered")} ${V.fmtTime(c.answered_at)}`);
      if (c.finished_at && !c.answered_at) times.push(V.fmtTime(c.finished_at));
      const why = c.status === "expired" ? t("acting_expired_why") : c.status === "failed" ? t("acting_failed_why") : null;
      return el("li", { class: `command command-${c.status}`, "data-status": c.status },
        el("strong", { text: kindLabel(c.protocol, c.kind) }), " ", pill,
        el("div", { class: "muted", text: times.join(" · ") }),
        c.reply ? el("div", { class: "reply", title: c.reply, text: `${t("acting_reply")}: ${answerText(c.reply, c.protocol)}` }) : null,
        why ? el("div", { class: "muted", text: why }) : null);
    });
  }

  function renderCommands() {
    $("#acting-commands").replaceChildren(...commandItems(shown.commands));
  }

  // The person's page: the commands their trackers take, and the latest ones with their state.
  let person = { id: null, commands: [] };
  let personPolling = null;

  async function showSubject(page) {
    const box = $("#subject-commands");
    const devices = page.devices.filter((d) => ((S.meta.command_protocols || {})[d.protocol] || []).length);
    const may = V.may("alarms:work");
    // The device is named on its button only when more than one of them takes commands.
    const named = (d, k) => kindLabel(d.protocol, k) + (devices.length > 1 ? ` (${d.identifier})` : "");
    const buttons = may ? devices.flatMap((d) => S.meta.command_protocols[d.protocol].map((k) => el("button", {
      type: "button", text: named(d, k), onclick: () => sendFromPage(page.subject.id, d.id, k),
    }))) : [];
    box.replaceChildren(...[
      buttons.length ? el("div", { class: "button-row" }, ...buttons) : null,
      devices.length ? null : el("p", { class: "muted", text: t("acting_no_commands") }),
      el("ol", { id: "subject-command-list", class: "acting-commands" }),
      el("p", { id: "subject-command-error", class: "error", role: "alert" }),
    ].filter(Boolean));
    person = { id: page.subject.id, commands: [] };
    await loadPerson(page.subject.id);
  }

  async function loadPerson(id) {
    try {
      const commands = await V.api(`/api/subjects/${encodeURIComponent(id)}/commands`);
      if (person.id !== id) return;
      person.commands = commands;
    } catch (e) { return; }
    const list = $("#subject-command-list");
    if (list) list.replaceChildren(...commandItems(person.commands));
    clearTimeout(personPolling);
    if (person.commands.some((c) => WAITING.has(c.status))) {
      personPolling = setTimeout(() => { if (person.id === id && !$("#subject-commands").closest("[hidden]")) loadPerson(id); }, 1500);
    }
  }

  async function sendFromPage(subjectId, deviceId, kind) {
    $("#subject-command-error").textContent = "";
    try {
      await V.api(`/api/subjects/${encodeURIComponent(subjectId)}/commands`, { method: "POST", json: { kind, device_id: deviceId } });
      await loadPerson(subjectId);
    } catch (e) { $("#subject-command-error").textContent = e.message; }
  }

  function render() {
    if (!shown.id || shown.id !== S.selected) return;
    renderContacts();
    renderSteps();
    renderDevices();
    renderCommands();
    $("#acting-call-note").hidden = !V.may("alarms:work");
    $("#acting-call-note").previousElementSibling.hidden = !V.may("alarms:work");
  }

  function failed(e) { $("#acting-error").textContent = e.message; }

  async function logCall(number, callee, outcome) {
    const id = shown.id;
    $("#acting-error").textContent = "";
    const note = $("#acting-call-note").value.trim();
    try {
      const alarm = await V.api(`/api/alarms/${id}/calls`, {
        method: "POST", json: { outcome, number, callee: callee || t("acting_the_person"), note: note || null } });
      $("#acting-call-note").value = "";
      V.announce(`${t("acting_call_logged")}: ${V.choice(S.meta.call_outcomes, outcome)}`);
      V.upsert(alarm);
    } catch (e) { failed(e); }
  }

  async function tick(key, box) {
    const id = shown.id;
    $("#acting-error").textContent = "";
    box.disabled = true;
    try {
      shown.checklist = await V.api(`/api/alarms/${id}/checklist`, { method: "POST", json: { step: key } });
      const alarm = await V.api(`/api/alarms/${id}`);
      V.upsert(alarm);
    } catch (e) { box.checked = false; box.disabled = false; failed(e); }
  }

  async function send(deviceId, kind) {
    const id = shown.id;
    $("#acting-error").textContent = "";
    try {
      const command = await V.api(`/api/alarms/${id}/commands`, { method: "POST", json: { kind, device_id: deviceId } });
      shown.commands = [command, ...shown.commands.filter((c) => c.id !== command.id)];
      renderCommands();
      watch();
      V.upsert(await V.api(`/api/alarms/${id}`));
    } catch (e) { failed(e); }
  }

  V.acting = { show, showSubject };
})();

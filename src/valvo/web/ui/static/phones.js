// The person's phone numbers where the person is edited (enrolment): their own, a co-resident's
// and a contact person's, added, changed (the old number ends and the new one replaces it) and
// ended; earlier numbers on request with who ended them and when. The server keeps each number
// as +358… (E.164) and says exactly what is wrong with one it refuses; the form checks the same
// rules first, so the user reads the reason in their own language.
"use strict";

(function () {
  const V = window.Valvo;
  const S = V.state;
  const $ = V.$;
  const el = V.el;
  const PHONE_TEXT = {
    en: {
      title: "Phone numbers", holder: "Whose number", holder_person: "The person's own",
      holder_co_resident: "A co-resident's", holder_contact_person: "A contact person's",
      name: "Their name", label: "Kind", label_mobile: "Mobile", label_home: "Home", label_work: "Work",
      label_other: "Other", number: "Number", add: "Add the number", save: "Save the change",
      cancel: "Cancel the change", show_history: "Show earlier numbers", change: "Change", end: "End",
      none: "No phone numbers yet.", own: "own", co_resident: "co-resident", contact_person: "contact person",
      added: "Number added.", changed: "Number changed; the earlier one is kept in the history.",
      ended_ok: "Number ended; it is kept in the history.", end_confirm: "End the number {number}?",
      ended: "ended {when} by {who}", replaced: "replaced {when} by {who}", since: "since {when}",
      bad_chars: "The number may have digits, spaces, -, ( ) and a leading + only.",
      bad_start: "Begin with + and the country code (+358 40 123 4567) or, for a Finnish number, with 0 (040 123 4567).",
      bad_zero: "After +358 leave out the 0 of the area code (+358 40 …, not +358 040 …).",
      too_short: "The number is too short.", too_long: "The number is too long (at most 15 digits after the +).",
      need_name: "Give the name of the person whose number it is.",
    },
    fi: {
      title: "Puhelinnumerot", holder: "Kenen numero", holder_person: "Henkilön oma",
      holder_co_resident: "Samassa taloudessa asuvan", holder_contact_person: "Yhteyshenkilön",
      name: "Hänen nimensä", label: "Laji", label_mobile: "Matkapuhelin", label_home: "Koti", label_work: "Työ",
      label_other: "Muu", number: "Numero", add: "Lisää numero", save: "Tallenna muutos",
      cancel: "Peru muutos", show_history: "Näytä aiemmat numerot", change: "Muuta", end: "Päätä",
      none: "Ei vielä puhelinnumeroita.", own: "oma", co_resident: "samassa taloudessa asuva",
      contact_person: "yhteyshenkilö",
      added: "Numero lisätty.", changed: "Numero muutettu; aiempi säilyy historiassa.",
      ended_ok: "Numero päätetty; se säilyy historiassa.", end_confirm: "Päätetäänkö numero {number}?",
      ended: "päätetty {when}, {who}", replaced: "korvattu {when}, {who}", since: "{when} alkaen",
      bad_chars: "Numerossa saa olla vain numeroita, välilyöntejä, -, ( ) ja alussa +.",
      bad_start: "Aloita +-merkillä ja maatunnuksella (+358 40 123 4567) tai suomalainen numero nollalla (040 123 4567).",
      bad_zero: "Jätä +358:n jälkeen suuntanumeron 0 pois (+358 40 …, ei +358 040 …).",
      too_short: "Numero on liian lyhyt.", too_long: "Numero on liian pitkä (enintään 15 numeroa +-merkin jälkeen).",
      need_name: "Anna sen henkilön nimi, jonka numero on.",
    },
  };
  const pt = (key, values = {}) => {
    const text = (PHONE_TEXT[S.lang] || PHONE_TEXT.en)[key] ?? PHONE_TEXT.en[key] ?? key;
    return text.replace(/\{(\w+)\}/g, (_, k) => values[k] ?? "");
  };
  let subject = null;
  let editing = null; // the number being changed

  function say(text, error) {
    const node = $("#enrol-phone-status");
    node.textContent = text;
    node.classList.toggle("error", Boolean(error));
  }

  function labels() {
    document.querySelectorAll("[data-pt]").forEach((node) => { node.textContent = pt(node.dataset.pt); });
    $("#enrol-phone-save").textContent = pt(editing ? "save" : "add");
  }

  // The server's rules, checked first so the reason reads in the user's language.
  function problem(number, holder, name) {
    const text = number.trim();
    if (/[^\d+\s\-./()]/.test(text)) return "bad_chars";
    if (text.slice(1).includes("+")) return "bad_chars";
    const digits = text.replace("(0)", "").replace(/[^\d]/g, "");
    if (!(text.startsWith("+") || digits.startsWith("0"))) return "bad_start";
    const intl = text.startsWith("+") ? digits : digits.startsWith("00") ? digits.slice(2) : `358${digits.slice(1)}`;
    if (intl.startsWith("3580")) return "bad_zero";
    if (intl.length > 15) return "too_long";
    if (intl.length < 7 || (intl.startsWith("358") && intl.length < 8)) return "too_short";
    if (holder !== "person" && !name.trim()) return "need_name";
    return null;
  }

  function whose(p) {
    return p.holder === "person" ? pt("own") : `${p.holder_name}, ${pt(p.holder)}`;
  }

  async function render(person) {
    subject = person;
    editing = null;
    labels();
    $("#enrol-phones-box").disabled = !person;
    reset();
    if (!person) { $("#enrol-phones").replaceChildren(); say(""); return; }
    await list();
  }

  async function list() {
    const history = $("#enrol-phone-history").checked;
    const rows = await V.api(`/api/subjects/${encodeURIComponent(subject.id)}/phones${history ? "?history=true" : ""}`);
    $("#enrol-phones").replaceChildren(...(rows.length ? rows.map((p) => {
      const item = el("li", { class: p.ended_at ? "phone ended muted" : "phone" },
        el("span", { class: "who", text: `${whose(p)} · ${pt(`label_${p.label}`)}` }), " ",
        el("a", { href: `tel:${p.number}`, text: p.number }), " ");
      if (p.ended_at) {
        item.append(el("span", { class: "small", text: pt(p.replaced_by ? "replaced" : "ended", { when: V.fmtTime(p.ended_at), who: p.ended_by }) }));
      } else {
        if (history) item.append(el("span", { class: "small muted", text: `${pt("since", { when: V.fmtTime(p.added_at) })} ` }));
        item.append(el("button", { type: "button", class: "small", text: pt("change"), onclick: () => change(p) }), " ",
          el("button", { type: "button", class: "small", text: pt("end"), onclick: () => end(p) }));
      }
      return item;
    }) : [el("li", { class: "muted", text: pt("none") })]));
  }

  function reset() {
    editing = null;
    $("#enrol-phone-holder").value = "person";
    $("#enrol-phone-name").value = "";
    $("#enrol-phone-label").value = "mobile";
    $("#enrol-phone-number").value = "";
    $("#enrol-phone-cancel").hidden = true;
    nameBox();
    labels();
  }

  function nameBox() {
    $("#enrol-phone-name-box").hidden = $("#enrol-phone-holder").value === "person";
  }

  function change(p) {
    editing = p;
    $("#enrol-phone-holder").value = p.holder;
    $("#enrol-phone-name").value = p.holder_name || "";
    $("#enrol-phone-label").value = p.label;
    $("#enrol-phone-number").value = p.number;
    $("#enrol-phone-cancel").hidden = false;
    nameBox();
    labels();
    $("#enrol-phone-number").focus();
  }

  async function end(p) {
    if (!window.confirm(pt("end_confirm", { number: p.number }))) return;
    try {
      await V.api(`/api/subjects/${encodeURIComponent(subject.id)}/phones/${p.id}/end`, { method: "POST" });
      say(pt("ended_ok"));
      await list();
    } catch (e) { say(e.message, true); }
  }

  async function save() {
    const holder = $("#enrol-phone-holder").value;
    const name = $("#enrol-phone-name").value;
    const number = $("#enrol-phone-number").value;
    const wrong = problem(number, holder, name);
    if (wrong) { say(pt(wrong), true); $("#enrol-phone-number").focus(); return; }
    const body = { holder, label: $("#enrol-phone-label").value, number, holder_name: holder === "person" ? null : name.trim() };
    const base = `/api/subjects/${encodeURIComponent(subject.id)}/phones`;
    try {
      if (editing) await V.api(`${base}/${editing.id}`, { method: "PATCH", json: body });
      else await V.api(base, { method: "POST", json: body });
      say(pt(editing ? "changed" : "added"));
      reset();
      await list();
    } catch (e) { say(e.message, true); }
  }

  $("#enrol-phone-form").addEventListener("submit", (e) => { e.preventDefault(); save(); });
  $("#enrol-phone-cancel").addEventListener("click", () => { reset(); say(""); });
  $("#enrol-phone-holder").addEventListener("change", nameBox);
  $("#enrol-phone-history").addEventListener("change", () => subject && list());
  document.querySelector("#lang").addEventListener("change", () => { say(""); labels(); if (subject) list(); });
  V.phones = { render };
})();

// Identity checks on the alarm desk (R38; report 7.1.3): the day's checks of the people
// monitored by phone, planned by each case's configuration (random times inside required
// presence, a check when presence begins). The operator calls the person, identifies them by
// the case's methods (voice only when they know the person's voice) and records the outcome;
// a failed or unanswered check raises an alarm in the queue. Asked every minute.
"use strict";

(function () {
  const V = window.Valvo;
  const $ = V.$;
  const el = V.el;
  const EVERY_MS = 60000;

  const TEXT = {
    en: {
      title: "Identity checks today", none: "No identity checks planned today.", due: "{n} to do",
      all_done: "all done", state_open: "due now", state_overdue: "late", state_upcoming: "later",
      state_done: "done", trig_random: "random check", trig_presence_start: "presence began",
      trig_manual: "started by hand", m_voice: "voice", m_questions: "personal questions", m_video: "video link",
      o_passed: "identified", o_failed: "not identified", o_no_answer: "no answer",
      method: "Method", outcome: "Outcome", knows_voice: "I know the person's voice", note: "Note",
      record: "Record the outcome", saved: "Recorded.", refused: "Not recorded:", by: "by",
      alarm_raised: "an alarm was raised", rule: "A phone's location alone does not show who carries it: call the person and identify them.",
    },
    fi: {
      title: "Henkilöllisyyden tarkistukset tänään", none: "Ei tarkistuksia tänään.", due: "{n} tekemättä",
      all_done: "kaikki tehty", state_open: "nyt", state_overdue: "myöhässä", state_upcoming: "myöhemmin",
      state_done: "tehty", trig_random: "satunnainen tarkistus", trig_presence_start: "läsnäolo alkoi",
      trig_manual: "käsin aloitettu", m_voice: "ääni", m_questions: "henkilökohtaiset kysymykset", m_video: "videoyhteys",
      o_passed: "tunnistettu", o_failed: "ei tunnistettu", o_no_answer: "ei vastausta",
      method: "Tapa", outcome: "Tulos", knows_voice: "Tunnen henkilön äänen", note: "Huomio",
      record: "Kirjaa tulos", saved: "Kirjattu.", refused: "Ei kirjattu:", by: "kirjaaja",
      alarm_raised: "hälytys tehtiin", rule: "Puhelimen sijainti ei kerro, kuka puhelinta kantaa: soita henkilölle ja tunnista hänet.",
    },
  };
  const it = (key, values = {}) => ((TEXT[V.state.lang] || TEXT.en)[key] ?? TEXT.en[key] ?? key)
    .replace(/\{(\w+)\}/g, (_, name) => values[name] ?? "");

  let checks = null;
  let timer = null;
  let opened = false;

  async function load() {
    if (!V.may("alarms:work")) return;
    try { checks = await V.api("/api/identity-checks"); } catch (e) { checks = null; }
    const list = $("#identity-list");
    if (list && list.contains(document.activeElement)) return; // not under the operator's typing
    render();
  }

  function select(id, values, labelOf) {
    const s = el("select", { id });
    for (const v of values) s.append(el("option", { value: v, text: labelOf(v) }));
    return s;
  }

  function form(check) {
    const method = select(`idc-method-${check.id}`, check.methods, (m) => it(`m_${m}`));
    const outcome = select(`idc-outcome-${check.id}`, ["passed", "failed", "no_answer"], (o) => it(`o_${o}`));
    const voice = el("input", { type: "checkbox", id: `idc-voice-${check.id}` });
    const voiceLabel = el("label", {}, voice, ` ${it("knows_voice")}`);
    const note = el("input", { type: "text", id: `idc-note-${check.id}`, maxlength: "2000" });
    const result = el("span", { class: "step-result", role: "alert" });
    const showVoice = () => { voiceLabel.hidden = method.value !== "voice"; };
    method.addEventListener("change", showVoice);
    showVoice();
    const button = el("button", { type: "submit", text: it("record") });
    const f = el("form", { class: "idc-form", "data-check": check.id },
      el("label", {}, `${it("method")} `, method), " ",
      el("label", {}, `${it("outcome")} `, outcome), " ", voiceLabel, " ",
      el("label", {}, `${it("note")} `, note), " ", button, " ", result);
    f.addEventListener("submit", async (event) => {
      event.preventDefault();
      button.disabled = true;
      try {
        await V.api(`/api/subjects/${check.subject_id}/identity-checks`, { method: "POST", json: {
          trigger: check.trigger, due_at: check.due_at, method: method.value, outcome: outcome.value,
          knows_voice: voice.checked, note: note.value.trim() || null,
        } });
        V.announce(it("saved"));
        await load();
      } catch (error) {
        result.textContent = `${it("refused")} ${V.localise(error.message)}`;
        button.disabled = false;
      }
    });
    return f;
  }

  function item(check) {
    const time = el("time", { datetime: check.due_at, text: V.fmtTime(check.due_at) });
    const li = el("li", { class: `idc-${check.state}`, "data-subject": check.subject_id },
      el("strong", { text: check.subject_name || check.case_number || "" }), " ", time,
      ` — ${it(`trig_${check.trigger}`)}, `, el("span", { class: "idc-state", text: it(`state_${check.state}`) }));
    if (check.state === "done") {
      li.append(`: ${it(`o_${check.outcome}`)} (${it(`m_${check.method}`)}, ${it("by")} ${check.performed_by})`);
      if (check.alarm_id) li.append(`; ${it("alarm_raised")}`);
    } else if (check.state !== "upcoming") {
      li.append(form(check));
    }
    return li;
  }

  function render() {
    const box = $("#identity-checks");
    if (!box) return;
    if (!checks) { box.hidden = true; return; }
    box.hidden = false;
    const todo = checks.filter((c) => c.state === "open" || c.state === "overdue").length;
    if (todo && !opened) { box.open = true; opened = true; }
    box.classList.toggle("behind", checks.some((c) => c.state === "overdue"));
    $("#identity-summary").textContent = `${it("title")}: ${checks.length ? (todo ? it("due", { n: todo }) : it("all_done")) : it("none")}`;
    const list = $("#identity-list");
    list.replaceChildren(...checks.map(item));
    $("#identity-rule").textContent = it("rule");
  }

  function start() {
    if (timer !== null || !V.may("alarms:work")) return;
    load();
    timer = setInterval(load, EVERY_MS);
  }

  V.identityDesk = { load, render, start };
})();

// The device stock (supervisors): a region's units counted by state and model, the units out
// for servicing too long, a warning when the spares run low against the caseload, every unit
// with the moves its state allows (send to another region, receive, install, check a returned
// unit, send to servicing and record it back, retire) and its history of moves (who, when).
// Assigning and taking off are done on the person (enrolment); the server refuses a move the
// unit's state does not allow and says why.
"use strict";

(function () {
  const V = window.Valvo;
  const S = V.state;
  const $ = V.$;
  const t = V.t;
  const el = V.el;
  const KINDS = ["gps_tracker", "rf_home_unit", "rf_tag", "alcohol_tester", "presence_checker"];
  const PROTOCOLS = ["osmand", "teltonika", "gt06", "h02", "gl200", "meitrack", "watch", "valvo"];
  const STATES = ["in_stock", "in_transport", "assigned", "installed", "returned", "servicing", "retired"];
  // The moves each state allows (domain/stock.py), made here.
  const MOVES = {
    in_stock: ["send", "service", "retire"], in_transport: ["receive"], assigned: ["install"],
    installed: [], returned: ["check", "service", "retire"], servicing: ["back", "retire"], retired: [],
  };
  const FIELDS = { send: ["region", "location"], receive: ["location"], check: ["location"], back: ["location", "back"],
    service: ["vendor", "reason"], retire: ["reason"], install: [] };
  const STOCK_TEXT = {
    en: {
      nav: "Devices", title: "Device stock", region: "Region", all_regions: "All regions",
      overdue_days: "Out for servicing longer than (days)", counts: "Units by state and model",
      overdue: "Out for servicing too long", none_overdue: "None.", units: "Units", model: "Model",
      no_model: "(no model)", identifier: "Device id", state: "State", where: "Where", since: "Since",
      actions: "Actions", total: "Total", register: "Register a unit into stock", kind: "Kind",
      protocol: "Protocol", location: "Unit (where it is kept)", register_button: "Register",
      to_region: "To region", vendor: "Vendor", reason: "Reason", back_on: "Came back on",
      confirm: "Confirm", cancel: "Cancel", history: "History", history_of: "Moves of {id}",
      low: "Low stock. Units in stock: {stock}; spares needed: {needed}; people under monitoring: {caseload}.",
      enough: "Units in stock: {stock}; spares needed: {needed}; people under monitoring: {caseload}.",
      sent_days: "with {vendor} since {when} ({days} days): {reason}", registered: "Registered into stock.",
      done: "Done.", with_person: "with {name}",
      state_in_stock: "In stock", state_in_transport: "In transport", state_assigned: "Assigned",
      state_installed: "Installed", state_returned: "Returned, awaiting check", state_servicing: "In servicing",
      state_retired: "Retired",
      move_send: "Send", move_receive: "Receive", move_install: "Installed", move_check: "Checked, to stock",
      move_service: "To servicing", move_back: "Back from servicing", move_retire: "Retire",
      move_register: "Registered", move_assign: "Assigned", move_return: "Returned",
      act_install: "Mark installed", act_check: "Checked: to stock",
      event: "{when} · {who} · {move}: {from} → {to}",
    },
    fi: {
      nav: "Laitteet", title: "Laitevarasto", region: "Alue", all_regions: "Kaikki alueet",
      overdue_days: "Huollossa yli (päivää)", counts: "Laitteet tilan ja mallin mukaan",
      overdue: "Liian kauan huollossa", none_overdue: "Ei yhtään.", units: "Laitteet", model: "Malli",
      no_model: "(ei mallia)", identifier: "Laitetunnus", state: "Tila", where: "Missä", since: "Alkaen",
      actions: "Toimet", total: "Yhteensä", register: "Kirjaa laite varastoon", kind: "Laji",
      protocol: "Protokolla", location: "Yksikkö (missä säilytetään)", register_button: "Kirjaa",
      to_region: "Alueelle", vendor: "Huoltaja", reason: "Syy", back_on: "Palasi",
      confirm: "Vahvista", cancel: "Peru", history: "Historia", history_of: "Laitteen {id} siirrot",
      low: "Varasto vähissä. Laitteita varastossa: {stock}; varalaitteita tarvitaan: {needed}; valvottavia: {caseload}.",
      enough: "Laitteita varastossa: {stock}; varalaitteita tarvitaan: {needed}; valvottavia: {caseload}.",
      sent_days: "huollossa ({vendor}) {when} alkaen ({days} päivää): {reason}", registered: "Kirjattu varastoon.",
      done: "Tehty.", with_person: "henkilöllä {name}",
      state_in_stock: "Varastossa", state_in_transport: "Kuljetuksessa", state_assigned: "Osoitettu",
      state_installed: "Asennettu", state_returned: "Palautettu, tarkastamatta", state_servicing: "Huollossa",
      state_retired: "Poistettu käytöstä",
      move_send: "Lähetä", move_receive: "Vastaanota", move_install: "Asennettu", move_check: "Tarkastettu, varastoon",
      move_service: "Huoltoon", move_back: "Palasi huollosta", move_retire: "Poista käytöstä",
      move_register: "Kirjattu", move_assign: "Osoitettu", move_return: "Palautettu",
      act_install: "Merkitse asennetuksi", act_check: "Tarkastettu: varastoon",
      event: "{when} · {who} · {move}: {from} → {to}",
    },
  };
  const st = (key, values = {}) => {
    const text = (STOCK_TEXT[S.lang] || STOCK_TEXT.en)[key] ?? STOCK_TEXT.en[key] ?? key;
    return text.replace(/\{(\w+)\}/g, (_, k) => values[k] ?? "");
  };
  let data = null;
  let moving = null; // { device, action }
  let region = null; // the user's own region (null: every region)

  function say(text, error) {
    const node = $("#stock-status");
    node.textContent = text;
    node.classList.toggle("error", Boolean(error));
  }

  function labels() {
    document.querySelectorAll("[data-st]").forEach((node) => { node.textContent = st(node.dataset.st); });
  }

  async function fillChoices() {
    if (region === null) {
      const me = await V.api("/api/auth/me");
      region = me.region || "";
    }
    const regions = region ? [region] : S.regions;
    const chosen = $("#stock-region").value;
    $("#stock-region").replaceChildren(...(region ? [] : [el("option", { value: "", text: st("all_regions") })]),
      ...regions.map((r) => el("option", { value: r, text: r })));
    $("#stock-region").value = regions.includes(chosen) ? chosen : (region || "");
    $("#stock-move-region").replaceChildren(...S.regions.map((r) => el("option", { value: r, text: r })));
    $("#stock-new-kind").replaceChildren(...KINDS.map((k) => el("option", { value: k, text: t(`kind_${k}`) })));
    $("#stock-new-protocol").replaceChildren(...PROTOCOLS.map((p) => el("option", { value: p, text: t(`proto_${p}`) })));
  }

  async function load() {
    labels();
    await fillChoices();
    await refresh();
  }

  async function refresh() {
    const query = new URLSearchParams({ servicing_days: $("#stock-days").value || "14" });
    if ($("#stock-region").value) query.set("region", $("#stock-region").value);
    try {
      data = await V.api(`/api/stock?${query}`);
    } catch (e) { say(e.message, true); return; }
    render();
  }

  function render() {
    if (!data) return;
    labels();
    const values = { stock: data.counts.in_stock, needed: data.spares_needed, caseload: data.caseload };
    $("#stock-warning").hidden = false;
    $("#stock-warning").textContent = st(data.low ? "low" : "enough", values);
    $("#stock-warning").classList.toggle("low", data.low);
    renderCounts();
    $("#stock-overdue").replaceChildren(...(data.overdue.length ? data.overdue.map((d) => el("li", {},
      el("strong", { text: d.identifier }), " ", st("sent_days", {
        vendor: d.service_vendor, when: V.fmtTime(d.service_sent_at), reason: d.service_reason || "",
        days: Math.floor((Date.now() - Date.parse(d.service_sent_at)) / 86400000),
      }))) : [el("li", { class: "muted", text: st("none_overdue") })]));
    $("#stock-units").replaceChildren(...data.devices.map(unitRow));
  }

  // States down, models across (a region has a few models), the total last.
  function renderCounts() {
    const shown = STATES.filter((s) => s !== "retired" || data.counts.retired);
    const models = Object.keys(data.by_model);
    const head = el("tr", {}, el("th", { text: st("state") }),
      ...models.map((m) => el("th", { text: m || st("no_model") })), el("th", { text: st("total") }));
    const rows = shown.map((s) => el("tr", { class: `state-${s}` }, el("th", { text: st(`state_${s}`) }),
      ...models.map((m) => el("td", { text: String(data.by_model[m][s]) })), el("th", { text: String(data.counts[s]) })));
    $("#stock-counts").replaceChildren(el("thead", {}, head), el("tbody", {}, ...rows));
  }

  function where(d) {
    if (d.subject_name) return st("with_person", { name: d.subject_name });
    return [d.region, d.stock_location].filter(Boolean).join(" · ");
  }

  // A button's label: what to do ("Mark installed"), where the move's name says what was done.
  function button(action) {
    const key = `act_${action}`;
    return (STOCK_TEXT[S.lang] || STOCK_TEXT.en)[key] ? st(key) : st(`move_${action}`);
  }

  function unitRow(d) {
    const buttons = V.may("registry:write") ? MOVES[d.stock_state].map((action) => el("button", {
      type: "button", class: "small", text: button(action), onclick: () => startMove(d, action) })) : [];
    return el("tr", { "data-device": d.identifier, class: `state-${d.stock_state}` },
      el("td", { text: d.identifier }), el("td", { text: d.model || "" }),
      el("td", { text: st(`state_${d.stock_state}`) }), el("td", { text: where(d) }),
      el("td", { text: d.stock_since ? V.fmtTime(d.stock_since) : "" }),
      el("td", {}, ...buttons.flatMap((b) => [b, " "]),
        el("button", { type: "button", class: "small ghost", text: st("history"), onclick: () => history(d) })));
  }

  function startMove(device, action) {
    moving = { device, action };
    $("#stock-move").hidden = false;
    $("#stock-move-title").textContent = `${device.identifier}: ${button(action)}`;
    for (const field of ["region", "location", "vendor", "reason", "back"]) {
      $(`#stock-move-${field}-box`).hidden = !FIELDS[action].includes(field);
    }
    $("#stock-move-location").value = device.stock_location && action !== "send" ? device.stock_location : "";
    $("#stock-move-vendor").value = "";
    $("#stock-move-reason").value = "";
    $("#stock-move-back").value = "";
    if (action === "install") { confirmMove(); return; }
    const first = FIELDS[action][0];
    if (first) $(`#stock-move-${first}`).focus();
  }

  async function confirmMove() {
    const { device, action } = moving;
    const body = { action };
    const fields = FIELDS[action];
    if (fields.includes("region")) body.region = $("#stock-move-region").value;
    if (fields.includes("location")) body.location = $("#stock-move-location").value || null;
    if (fields.includes("vendor")) body.vendor = $("#stock-move-vendor").value;
    if (fields.includes("reason")) body.reason = $("#stock-move-reason").value;
    if (fields.includes("back") && $("#stock-move-back").value) body.back_on = $("#stock-move-back").value;
    try {
      await V.api(`/api/devices/${device.id}/stock`, { method: "POST", json: body });
      $("#stock-move").hidden = true;
      moving = null;
      say(st("done"));
      await refresh();
      if (!$("#stock-history").hidden) await history(device);
    } catch (e) { say(e.message, true); }
  }

  let moves = null; // { device, rows }: the history shown

  async function history(device) {
    moves = { device, rows: await V.api(`/api/devices/${device.id}/stock`) };
    renderHistory();
  }

  function renderHistory() {
    if (!moves) return;
    $("#stock-history").hidden = false;
    $("#stock-history-title").textContent = st("history_of", { id: moves.device.identifier });
    $("#stock-history-list").replaceChildren(...moves.rows.map((e) => el("li", {}, st("event", {
      when: V.fmtTime(e.at), who: e.actor, move: st(`move_${e.action}`),
      from: e.from_state ? st(`state_${e.from_state}`) : "—", to: st(`state_${e.to_state}`),
    }) + [e.location, e.details.reason].filter(Boolean).map((x) => ` · ${x}`).join(""))));
  }

  async function register(event) {
    event.preventDefault();
    const body = {
      identifier: $("#stock-new-id").value.trim(), kind: $("#stock-new-kind").value,
      protocol: $("#stock-new-protocol").value, model: $("#stock-new-model").value.trim() || null,
      stock_location: $("#stock-new-location").value.trim() || null,
    };
    try {
      await V.api("/api/devices", { method: "POST", json: body });
      $("#stock-new-id").value = "";
      say(st("registered"));
      await refresh();
    } catch (e) { say(e.message, true); }
  }

  $("#stock-region").addEventListener("change", refresh);
  $("#stock-days").addEventListener("change", refresh);
  $("#stock-register").addEventListener("submit", register);
  $("#stock-move").addEventListener("submit", (e) => { e.preventDefault(); confirmMove(); });
  $("#stock-move-cancel").addEventListener("click", () => { $("#stock-move").hidden = true; moving = null; });
  document.querySelector("#lang").addEventListener("change", () => { say(""); labels(); render(); renderHistory(); });
  labels();
  V.stock = { load };
})();

// The pipeline's health on the alarm desk (issue 20 item 8): how far the engine is behind the
// log, the newest frame per protocol, assigned devices silent by model. Asked every 30 s; when
// the data falls behind a red banner is pinned above the queue (a system alarm has no person,
// and the alarm queue holds only alarms about a person).
"use strict";

(function () {
  const V = window.Valvo;
  const S = V.state;
  const $ = V.$;
  const t = V.t;
  const el = V.el;
  const EVERY_MS = 30000;

  let health = null;
  let timer = null;

  async function load() {
    if (!V.may("alarms:read")) return;
    try { health = await V.api("/api/desk/health"); } catch (e) { health = null; }
    if (health) V.serverSaysNow(health.checked_at);
    render();
  }

  function duration(seconds) {
    if (seconds < 60) return `${Math.round(seconds)} s`;
    if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
    return `${Math.floor(seconds / 3600)} ${t("hours_short")} ${Math.floor((seconds % 3600) / 60)} min`;
  }

  function lagText(h) {
    if (h.lag_seconds === null) return t("pipeline_lag_unknown");
    if (h.lag_seconds === 0) return t("pipeline_caught_up");
    return `${duration(h.lag_seconds)} (${h.messages_behind ?? "?"} ${t("pipeline_messages")})`;
  }

  const protocolName = (p) => { const key = `proto_${p}`; const text = t(key); return text === key ? p : text; };
  const modelName = (m) => m.model || t(`kind_${m.kind}`);

  function render() {
    const box = $("#pipeline-health");
    const banner = $("#pipeline-alarm");
    if (!health) { box.hidden = true; banner.hidden = true; return; }
    const h = health;
    box.hidden = false;
    box.classList.toggle("behind", h.behind);
    const last = h.last_frame_at ? V.fmtAgo(h.last_frame_at) : t("pipeline_no_frames_yet");
    const lag = h.lag_seconds === null ? "?" : duration(h.lag_seconds);
    $("#pipeline-summary").textContent = [
      h.behind ? t("pipeline_behind") : t("pipeline_ok"),
      `${t("pipeline_lag_short")} ${lag}`,
      `${t("pipeline_last_short")} ${last}`,
      `${t("pipeline_silent_short")} ${h.silent_devices}/${h.assigned_devices}`,
    ].join(" · ");
    box.title = $("#pipeline-summary").textContent;
    const frames = h.last_frames.length ? h.last_frames.map((f) => el("li", {},
      `${protocolName(f.protocol)}: `, el("time", { datetime: f.received_at, title: V.fmtTime(f.received_at), text: V.fmtAgo(f.received_at) })))
      : [el("li", { class: "muted", text: t("pipeline_no_frames_yet") })];
    const models = h.silent_by_model.length ? h.silent_by_model.map((m) => el("li", { class: m.silent ? "silent" : "" },
      `${modelName(m)}: ${m.silent} / ${m.assigned}`))
      : [el("li", { class: "muted", text: t("pipeline_no_devices") })];
    $("#pipeline-facts").replaceChildren(
      el("dt", { text: t("pipeline_lag_title") }), el("dd", { text: lagText(h) }),
      el("dt", { text: t("pipeline_last_frames") }), el("dd", {}, el("ul", {}, ...frames)),
      el("dt", { text: t("pipeline_silent_by_model") }), el("dd", {}, el("ul", {}, ...models)),
      el("dt", { text: t("pipeline_checked") }), el("dd", { text: V.fmtTime(h.checked_at) }));
    banner.hidden = !h.behind;
    banner.textContent = h.behind ? [t("pipeline_alarm"), ...h.reasons.map((r) => reasonText(r, h))].join(" ") : "";
  }

  function reasonText(reason, h) {
    if (reason === "engine_lag") return `${t("pipeline_reason_lag")} ${duration(h.lag_seconds || 0)} (${t("pipeline_bound")} ${duration(h.lag_alarm_seconds)}).`;
    const since = h.last_frame_at ? V.fmtAgo(h.last_frame_at) : t("pipeline_never");
    return `${t("pipeline_reason_frames")} ${since} (${t("pipeline_bound")} ${duration(h.no_frame_alarm_seconds)}).`;
  }

  function start() {
    if (timer !== null || !V.may("alarms:read")) return;
    load();
    timer = setInterval(load, EVERY_MS);
  }

  V.pipelineHealth = { load, render, start };
})();

// The night shift: the alarm sound repeats while an urgent alarm waits for someone to take it
// (raised or reopened, high or critical, handled in real time) and stops once every one is
// acknowledged; each user can mute it, and the console remembers that (localStorage). The dark
// theme is remembered the same way.
"use strict";

(function () {
  const V = window.Valvo;
  const S = V.state;
  const $ = V.$;
  const t = V.t;
  const EVERY_MS = 4000;
  let context = null;
  let timer = null;

  const soundKey = () => `valvo.sound.${sessionStorage.getItem("valvo.user") || ""}`;
  const sound = (V.sound = { muted: false, ringing: false, beeps: 0 });

  function waiting() {
    return [...S.alarms.values()].some((a) => ValvoQueue.UNATTENDED.has(a.status)
      && a.handling !== "review" && (ValvoQueue.SEVERITY_RANK[a.severity] || 0) >= 3);
  }

  function beep() {
    sound.beeps += 1;
    try {
      context = context || new AudioContext();
      for (const [offset, pitch] of [[0, 880], [0.3, 660]]) {
        const osc = context.createOscillator();
        const gain = context.createGain();
        gain.gain.value = 0.15;
        osc.frequency.value = pitch;
        osc.connect(gain).connect(context.destination);
        osc.start(context.currentTime + offset);
        osc.stop(context.currentTime + offset + 0.22);
      }
    } catch (e) { /* sound is best effort */ }
  }

  // Called after every change to the queue and on a timer: ring while something waits.
  function tick() {
    sound.ringing = waiting();
    if (sound.ringing && !sound.muted) beep();
  }

  function ring() {
    sound.ringing = true;
    if (!sound.muted) beep();
    if (!timer) timer = setInterval(tick, EVERY_MS);
  }

  function render() {
    const button = $("#sound-toggle");
    button.textContent = t(sound.muted ? "sound_off" : "sound_on");
    button.setAttribute("aria-pressed", String(!sound.muted));
    button.classList.toggle("muted-sound", sound.muted);
    const dark = document.documentElement.dataset.theme === "dark";
    $("#theme-toggle").setAttribute("aria-pressed", String(dark));
  }

  function start() {
    sound.muted = localStorage.getItem(soundKey()) === "off";
    $("#sound-toggle").hidden = false;
    render();
    if (!timer) timer = setInterval(tick, EVERY_MS);
  }

  $("#sound-toggle").addEventListener("click", () => {
    sound.muted = !sound.muted;
    localStorage.setItem(soundKey(), sound.muted ? "off" : "on");
    render();
  });
  $("#theme-toggle").addEventListener("click", () => {
    const dark = document.documentElement.dataset.theme !== "dark";
    document.documentElement.dataset.theme = dark ? "dark" : "light";
    localStorage.setItem("valvo.theme", dark ? "dark" : "light");
    render();
  });

  V.night = { start, ring, tick, render };
  render();
})();

// Valvo login session, shared by the console pages (/, /cases, /partners): log in with the
// one-time code when the account has a second factor, refresh the short-lived access token
// before it expires (and once more when a request is refused), log out on the server, and the
// two limited sessions: enrolling a second factor, changing a reset password.
"use strict";

(() => {
  const store = sessionStorage;
  const TEXT = {
    en: {
      enrol_title: "Set up your second factor",
      enrol_help: "Add this key to an authenticator app (scan the otpauth link or type the key), then enter the code it shows.",
      enrol_done: "Second factor enabled. Log in again with your one-time code.",
      code: "Code", confirm: "Confirm",
      password_title: "Choose a new password",
      current_password: "Current password", new_password: "New password",
      password_done: "Password changed. Log in again with the new password.",
    },
    fi: {
      enrol_title: "Ota toinen tunnistautumistekijä käyttöön",
      enrol_help: "Lisää avain todennussovellukseen (otpauth-linkki tai avain käsin) ja anna sovelluksen näyttämä koodi.",
      enrol_done: "Toinen tekijä on käytössä. Kirjaudu uudelleen kertakäyttökoodilla.",
      code: "Koodi", confirm: "Vahvista",
      password_title: "Valitse uusi salasana",
      current_password: "Nykyinen salasana", new_password: "Uusi salasana",
      password_done: "Salasana vaihdettu. Kirjaudu uudelleen uudella salasanalla.",
    },
  };
  const say = (key) => (TEXT[document.documentElement.lang] || TEXT.en)[key] || TEXT.en[key];
  let timer = null;
  let refreshing = null;

  function save(token) {
    store.setItem("valvo.token", token.access_token);
    store.setItem("valvo.refresh", token.refresh_token);
    store.setItem("valvo.expires", String(Date.now() + token.expires_in * 1000));
    store.setItem("valvo.scope", token.scope);
    store.setItem("valvo.role", token.role);
    store.setItem("valvo.user", `${token.username} (${token.role})`);
    schedule();
  }

  function clear() {
    clearTimeout(timer);
    for (const key of ["token", "refresh", "expires", "scope", "role", "user", "permissions"]) store.removeItem(`valvo.${key}`);
  }

  // The role's permission names (GET /api/auth/me), kept for the session: the pages show only
  // the menu items and buttons the role may use (the server checks every request anyway).
  async function me() {
    const kept = store.getItem("valvo.permissions");
    if (kept) return new Set(JSON.parse(kept));
    const response = await authFetch("/api/auth/me");
    if (!response.ok) return new Set();
    const permissions = (await response.json()).permissions || [];
    store.setItem("valvo.permissions", JSON.stringify(permissions));
    return new Set(permissions);
  }

  // Where a role starts: the alarm desk for those who work alarms, the caseload for supervisors,
  // the queue of what the cases ask of them for prosecutors and courts, the audit browser for the auditor, the
  // caseload for regional managers and police, the place's day view for a partner contact,
  // crime matching for a crime analyst, their own page for the monitored person.
  function home(may) {
    if (may.has("alarms:work")) return "/";
    if (may.has("sentences:work")) return "/cases";
    if (may.has("cases:decide")) return "/cases#queue";
    if (may.has("audit:read")) return "/#audit";
    if (may.has("sentences:read") || may.has("travel_bans:read")) return "/cases";
    if (may.has("attendance:confirm")) return "/partners";
    if (may.has("crimes:match")) return "/crimes";
    if (may.has("own_page:use")) return "/me"; // the monitored person: their own page
    return "/";
  }

  // Hide every element whose data-perm names permissions (any one of them, "|"-separated) the
  // role lacks.
  function gate(may, root = document) {
    root.querySelectorAll("[data-perm]").forEach((node) => {
      node.hidden = !node.dataset.perm.split("|").some((p) => may.has(p));
    });
  }

  // Refresh a minute before the access token expires (at once if that moment has passed).
  function schedule() {
    clearTimeout(timer);
    const expires = Number(store.getItem("valvo.expires") || 0);
    if (!expires || !store.getItem("valvo.refresh")) return;
    timer = setTimeout(() => refresh().catch(() => {}), Math.max(0, expires - Date.now() - 60000));
  }

  // One refresh at a time: the refresh token is spent by use, a second caller waits for the first.
  function refresh() {
    if (!refreshing) {
      refreshing = (async () => {
        const token = store.getItem("valvo.refresh");
        if (!token) return false;
        const response = await fetch("/api/auth/refresh", {
          method: "POST", headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ refresh_token: token }),
        });
        if (!response.ok) { clear(); return false; }
        save(await response.json());
        return true;
      })().finally(() => { refreshing = null; });
    }
    return refreshing;
  }

  async function login(username, password, otp) {
    const body = new URLSearchParams({ username, password });
    if (otp) body.set("otp", otp.replace(/\s/g, ""));
    const response = await fetch("/api/auth/token", { method: "POST", body });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) return { ok: false, status: response.status, detail: answer.detail || response.statusText };
    save(answer);
    return { ok: true, token: answer };
  }

  async function logout() {
    const token = store.getItem("valvo.token");
    clear();
    if (token) {
      await fetch("/api/auth/logout", { method: "POST", headers: { Authorization: `Bearer ${token}` } }).catch(() => {});
    }
  }

  // fetch with the bearer token; a 401 gets one refresh and one retry.
  async function authFetch(path, options = {}) {
    const send = () => fetch(path, Object.assign({}, options, {
      headers: Object.assign({}, options.headers || {}, { Authorization: `Bearer ${store.getItem("valvo.token")}` }),
    }));
    const response = await send();
    if (response.status !== 401 || !(await refresh())) return response;
    return send();
  }

  function field(form, id, label, type) {
    const l = document.createElement("label"); l.htmlFor = id; l.textContent = label;
    const input = document.createElement("input"); input.id = id; input.type = type; input.required = true;
    form.append(l, input);
    return input;
  }

  // A limited session (scope totp_enrol or password_change): hide the login form and show the
  // one thing the token allows; when done, end the session and bring the login form back.
  async function limited(loginForm, scope) {
    const form = document.createElement("form");
    form.className = "session-limited";
    const title = document.createElement("h2");
    const message = document.createElement("p"); message.className = "error"; message.setAttribute("role", "alert");
    form.append(title);
    let submit;
    if (scope === "totp_enrol") {
      title.textContent = say("enrol_title");
      const help = document.createElement("p"); help.textContent = say("enrol_help");
      const response = await authFetch("/api/auth/totp/enrol", { method: "POST" });
      const enrolment = await response.json();
      const key = document.createElement("code"); key.id = "totp-secret"; key.textContent = enrolment.secret || enrolment.detail;
      const link = document.createElement("a"); link.id = "totp-uri"; link.href = enrolment.otpauth_uri || "#"; link.textContent = "otpauth://";
      form.append(help, key, document.createElement("br"), link);
      const code = field(form, "totp-code", say("code"), "text");
      code.inputMode = "numeric"; code.autocomplete = "one-time-code";
      submit = () => authFetch("/api/auth/totp/confirm", {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ code: code.value.trim() }),
      });
      form.dataset.done = say("enrol_done");
    } else {
      title.textContent = say("password_title");
      const current = field(form, "current-password", say("current_password"), "password");
      const next = field(form, "new-password", say("new_password"), "password");
      next.autocomplete = "new-password";
      submit = () => authFetch("/api/auth/password", {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ current_password: current.value, new_password: next.value }),
      });
      form.dataset.done = say("password_done");
    }
    const button = document.createElement("button"); button.type = "submit"; button.textContent = say("confirm");
    form.append(button, message);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const response = await submit();
      if (!response.ok) {
        const body = await response.json().catch(() => ({}));
        message.textContent = Array.isArray(body.detail) ? body.detail.map((d) => d.msg).join("; ") : body.detail || response.statusText;
        return;
      }
      await logout();
      form.remove();
      loginForm.hidden = false;
      loginForm.reset();
      const notice = loginForm.querySelector("[role=alert]");
      if (notice) notice.textContent = form.dataset.done;
    });
    loginForm.hidden = true;
    loginForm.after(form);
  }

  window.ValvoSession = {
    token: () => store.getItem("valvo.token"),
    scope: () => store.getItem("valvo.scope") || "full",
    login, logout, refresh, authFetch, limited, clear, me, home, gate,
  };
  schedule();
})();

// Interface text in English and Finnish; the console reads every label from here.
window.VALVO_TEXT = {
  en: {
    offline: "offline", live: "live", language: "Language", logout: "Log out",
    login_title: "Operator login", username: "Username", password: "Password", login: "Log in",
    login_failed: "Wrong username or password.", alarms: "Alarms", status: "Status", open: "Open",
    raised: "Raised", acknowledged: "Acknowledged", resolved: "Resolved",
    acknowledge: "Acknowledge", resolve: "Resolve", cause: "Cause",
  },
  fi: {
    offline: "ei yhteyttä", live: "reaaliaikainen", language: "Kieli", logout: "Kirjaudu ulos",
    login_title: "Operaattorin kirjautuminen", username: "Käyttäjätunnus", password: "Salasana",
    login: "Kirjaudu", login_failed: "Väärä käyttäjätunnus tai salasana.", alarms: "Hälytykset",
    status: "Tila", open: "Avoimet", raised: "Uusi", acknowledged: "Kuitattu",
    resolved: "Ratkaistu", acknowledge: "Kuittaa", resolve: "Ratkaise", cause: "Syy",
  },
};

// Evidence packages, one click from an alarm or from a period of a person's track: the server
// builds the signed ZIP (PDF reports, raw frames, records, manifest) and records the read in
// the audit trail; the browser saves it under the server's file name.
"use strict";

(function () {
  const V = window.Valvo;
  const S = V.state;
  const $ = V.$;
  const t = V.t;
  const SIGNATORY = "valvo.evidence.signatory";
  let subjectId = null;

  function localInput(date) {
    const shifted = new Date(date.getTime() - date.getTimezoneOffset() * 60000);
    return shifted.toISOString().slice(0, 16);
  }

  function problem(body, fallback) {
    const detail = body && body.detail;
    if (Array.isArray(detail)) return detail.map((d) => d.msg).join("; ");
    return detail || fallback;
  }

  async function download(body, status, button) {
    status.classList.remove("error");
    if (!body.signatory) { fail(status, t("evidence_need_signatory")); return; }
    localStorage.setItem(SIGNATORY, body.signatory);
    status.textContent = t("evidence_building");
    button.disabled = true;
    try {
      const response = await ValvoSession.authFetch("/api/evidence/packages", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      if (!response.ok) {
        throw new Error(problem(await response.json().catch(() => null), response.statusText));
      }
      const blob = await response.blob();
      const found = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") || "");
      const name = found ? found[1] : "evidence.zip";
      const url = URL.createObjectURL(blob);
      const link = document.createElement("a");
      link.href = url;
      link.download = name;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
      const key = response.headers.get("X-Valvo-Key-Fingerprint") || "";
      status.textContent = `${t("evidence_ready")}: ${name} · ${t("evidence_signed")} ${key.slice(0, 23)}…`;
    } catch (e) {
      fail(status, e.message);
    } finally {
      button.disabled = false;
    }
  }

  function fail(status, message) {
    status.textContent = message;
    status.classList.add("error");
  }

  function fillSignatory(input) {
    if (!input.value) input.value = localStorage.getItem(SIGNATORY) || "";
  }

  // The alarm detail: shown for roles that may build a package. The detail is drawn again on
  // every change to the alarm; the status line is cleared only when another alarm is shown.
  let alarmShown = null;
  function showAlarm() {
    $("#ev-alarm").hidden = !V.may("evidence:build");
    if (alarmShown !== S.selected) {
      alarmShown = S.selected;
      const status = $("#ev-alarm-status");
      status.textContent = "";
      status.classList.remove("error");
    }
    fillSignatory($("#ev-alarm-signatory"));
  }

  // The subject page: the period defaults to the page's track (the last 24 hours).
  function showSubject(page) {
    $("#ev-subject").hidden = !V.may("evidence:build");
    if (subjectId !== page.subject.id) {
      subjectId = page.subject.id;
      $("#ev-subject-from").value = localInput(new Date(page.from));
      $("#ev-subject-to").value = localInput(new Date(page.to));
      $("#ev-subject-status").textContent = "";
    }
    fillSignatory($("#ev-subject-signatory"));
  }

  $("#ev-alarm-build").addEventListener("click", () => download(
    { alarm_id: S.selected, signatory: $("#ev-alarm-signatory").value.trim() },
    $("#ev-alarm-status"), $("#ev-alarm-build")));

  $("#ev-subject-build").addEventListener("click", () => {
    const from = $("#ev-subject-from").value;
    const to = $("#ev-subject-to").value;
    const status = $("#ev-subject-status");
    if (!from || !to) { fail(status, t("evidence_need_period")); return; }
    download({
      subject_id: subjectId,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      purpose: $("#ev-subject-purpose").value.trim() || null,
      signatory: $("#ev-subject-signatory").value.trim(),
    }, status, $("#ev-subject-build"));
  });

  V.evidence = { showAlarm, showSubject };
})();

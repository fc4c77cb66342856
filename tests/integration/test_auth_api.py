"""Authentication through the API on SQLite and PostgreSQL: sessions with refresh rotation and
reuse detection, logout, the TOTP second factor with replay refusal, lockout after repeated
failures, the password policy and changes, and the users administration API."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.conftest import FakeClock, make_valvo
from valvo.adapters.db import tables as t
from valvo.adapters.db.audit_trail import verify_chain
from valvo.bootstrap import Valvo
from valvo.domain.auth import totp
from valvo.services import auth
from valvo.web.app import create_app

ADMIN = ("admin", "valvo-demo")
OPERATOR = ("olli", "korppi-Lintu-47")


@pytest.fixture
def client(valvo: Valvo) -> Iterator[TestClient]:
    with TestClient(create_app(valvo)) as test_client:
        yield test_client


def add_operator(valvo: Valvo, username: str = OPERATOR[0], role: str = "operator") -> str:
    with valvo.uow() as uow:
        user = auth.create_user(
            uow,
            valvo.hasher,
            "t",
            valvo.clock(),
            username=username,
            password=OPERATOR[1],
            role=role,
        )
        uow.commit()
    return user.user_id


def token(client: TestClient, username: str, password: str, otp: str | None = None) -> Any:
    data = {"username": username, "password": password}
    if otp is not None:
        data["otp"] = otp
    return client.post("/api/auth/token", data=data)


def bearer(answer: Any) -> dict[str, str]:
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def actions(valvo: Valvo) -> list[tuple[str, str]]:
    with valvo.db.connect() as conn:
        rows = conn.execute(
            select(t.audit_records.c.action, t.audit_records.c.actor).order_by(t.audit_records.c.id)
        )
        return [(a, b) for a, b in rows]


def chain_intact(valvo: Valvo) -> bool:
    with valvo.db.connect() as conn:
        records = conn.execute(select(t.audit_records).order_by(t.audit_records.c.id)).mappings()
        rows = [dict(r) for r in records]
    return verify_chain(rows) == (len(rows), None)


def key_of(uri: str) -> bytes:
    secret = parse_qs(urlparse(uri).query)["secret"][0]
    return base64.b32decode(secret + "=" * (-len(secret) % 8))


def test_refresh_rotates_and_a_reused_refresh_token_revokes_the_session(
    client: TestClient, valvo: Valvo, clock: FakeClock
) -> None:
    login = token(client, *ADMIN)
    body = login.json()
    assert body["scope"] == "full"
    assert body["expires_in"] == valvo.settings.access_token_minutes * 60
    first = body["refresh_token"]

    clock.advance(minutes=10)
    rotated = client.post("/api/auth/refresh", json={"refresh_token": first})
    assert rotated.status_code == 200, rotated.text
    second = rotated.json()["refresh_token"]
    assert second != first
    assert client.get("/api/subjects", headers=bearer(rotated)).status_code == 200

    clock.advance(minutes=10)
    assert client.post("/api/auth/refresh", json={"refresh_token": second}).status_code == 200

    # The first token again: someone kept a copy. The whole session ends.
    reused = client.post("/api/auth/refresh", json={"refresh_token": first})
    assert reused.status_code == 401
    assert "already used" in reused.json()["detail"]
    refused = client.get("/api/subjects", headers=bearer(rotated))
    assert refused.status_code == 401
    assert "session ended" in refused.json()["detail"]
    unknown = client.post("/api/auth/refresh", json={"refresh_token": "nonsense"})
    assert unknown.status_code == 401
    assert unknown.json()["detail"] == "unknown refresh token: log in again"
    assert ("session_revoke", "system") in actions(valvo)
    with valvo.db.connect() as conn:
        stored = conn.execute(select(t.metadata.tables["auth_refresh_tokens"])).mappings().all()
    assert all(first not in str(dict(row).values()) for row in stored)  # only hashes stored


def test_an_access_token_expires_and_the_session_has_a_hard_end(
    client: TestClient, clock: FakeClock, valvo: Valvo
) -> None:
    login = token(client, *ADMIN)
    clock.advance(minutes=valvo.settings.access_token_minutes)
    expired = client.get("/api/subjects", headers=bearer(login))
    assert expired.status_code == 401
    assert expired.json()["detail"] == "token expired: refresh it or log in again"
    clock.advance(hours=valvo.settings.session_hours)
    late = client.post("/api/auth/refresh", json={"refresh_token": login.json()["refresh_token"]})
    assert late.status_code == 401
    assert late.json()["detail"] == "session expired: log in again"


def test_logout_refuses_the_old_access_and_refresh_tokens(client: TestClient, valvo: Valvo) -> None:
    login = token(client, *ADMIN)
    other = token(client, *ADMIN)
    h = bearer(login)
    assert client.post("/api/auth/logout", headers=h).status_code == 204
    after = client.get("/api/subjects", headers=h)
    assert after.status_code == 401
    assert after.json()["detail"] == "session ended (logged out or revoked): log in again"
    spent = client.post("/api/auth/refresh", json={"refresh_token": login.json()["refresh_token"]})
    assert spent.status_code == 401
    assert client.get("/api/subjects", headers=bearer(other)).status_code == 200
    assert ("logout", "admin") in actions(valvo)


def test_totp_enrolment_login_with_a_code_and_a_replayed_code_refused(
    client: TestClient, valvo: Valvo, clock: FakeClock
) -> None:
    add_operator(valvo)
    h = bearer(token(client, *OPERATOR))
    enrol = client.post("/api/auth/totp/enrol", headers=h)
    assert enrol.status_code == 200, enrol.text
    uri = enrol.json()["otpauth_uri"]
    assert uri.startswith("otpauth://totp/Valvo%3Aolli?")
    key = key_of(uri)
    with valvo.db.connect() as conn:
        sealed = conn.execute(select(t.metadata.tables["user_security"].c.totp_secret)).scalar()
    assert sealed
    assert enrol.json()["secret"] not in sealed
    assert key.hex() not in sealed

    wrong = client.post("/api/auth/totp/confirm", json={"code": "000000"}, headers=h)
    if totp.totp(key, clock.now) != "000000":
        assert wrong.status_code == 422
        assert "one-time code wrong" in wrong.json()["detail"]
    code = totp.totp(key, clock.now)
    assert client.post("/api/auth/totp/confirm", json={"code": code}, headers=h).status_code == 204
    again = client.post("/api/auth/totp/enrol", headers=h)
    assert again.status_code == 409

    missing = token(client, *OPERATOR)
    assert missing.status_code == 401
    assert missing.json()["detail"] == auth.OTP_REQUIRED
    # The code used to confirm is spent: the same step cannot log in.
    replayed = token(client, *OPERATOR, otp=code)
    assert replayed.status_code == 401
    assert replayed.json()["detail"] == auth.OTP_REPLAYED
    clock.advance(seconds=30)
    fresh = totp.totp(key, clock.now)
    assert bearer(token(client, *OPERATOR, otp=fresh))
    replay = token(client, *OPERATOR, otp=fresh)
    assert replay.status_code == 401
    assert replay.json()["detail"] == auth.OTP_REPLAYED
    wrong_code = str((int(fresh) + 1) % 1_000_000).zfill(6)
    clock.advance(seconds=30)
    if wrong_code not in {totp.hotp(key, totp.time_step(clock.now) + d) for d in (-1, 0, 1)}:
        bad = token(client, *OPERATOR, otp=wrong_code)
        assert bad.status_code == 401
        assert bad.json()["detail"] == auth.OTP_WRONG


def test_required_totp_gives_unenrolled_staff_a_token_that_only_enrols(
    database_url: str, tmp_path: Path, clock: FakeClock
) -> None:
    valvo = make_valvo(database_url, tmp_path, clock, require_totp=True)
    try:
        user_id = add_operator(valvo)
        with TestClient(create_app(valvo)) as client:
            login = token(client, *OPERATOR)
            assert login.json()["scope"] == "totp_enrol"
            h = bearer(login)
            limited = client.get("/api/subjects", headers=h)
            assert limited.status_code == 403
            assert "only allows enrolling a second factor" in limited.json()["detail"]
            key = key_of(client.post("/api/auth/totp/enrol", headers=h).json()["otpauth_uri"])
            code = totp.totp(key, clock.now)
            confirm = client.post("/api/auth/totp/confirm", json={"code": code}, headers=h)
            assert confirm.status_code == 204
            clock.advance(seconds=30)
            full = token(client, *OPERATOR, otp=totp.totp(key, clock.now))
            assert full.json()["scope"] == "full"
            assert client.get("/api/subjects", headers=bearer(full)).status_code == 200

            # The administrator (staff too: enrolled first) resets the lost second factor:
            # the user's sessions end and the next login may only enrol again.
            first = token(client, *ADMIN)
            assert first.json()["scope"] == "totp_enrol"
            admin_enrol = client.post("/api/auth/totp/enrol", headers=bearer(first))
            admin_key = key_of(admin_enrol.json()["otpauth_uri"])
            client.post(
                "/api/auth/totp/confirm",
                json={"code": totp.totp(admin_key, clock.now)},
                headers=bearer(first),
            )
            clock.advance(seconds=30)
            admin = bearer(token(client, *ADMIN, otp=totp.totp(admin_key, clock.now)))
            reset = client.delete(f"/api/users/{user_id}/totp", headers=admin)
            assert reset.status_code == 204
            assert client.get("/api/subjects", headers=bearer(full)).status_code == 401
            assert token(client, *OPERATOR).json()["scope"] == "totp_enrol"
            assert ("totp_reset", "admin") in actions(valvo)
    finally:
        valvo.db.dispose()


def test_partner_contacts_are_exempt_from_the_required_second_factor() -> None:
    user = {"role": "partner_contact"}
    assert auth.login_scope(user, {}, require_totp=True) == auth.SCOPE_FULL
    assert auth.login_scope({"role": "court"}, {}, require_totp=True) == auth.SCOPE_TOTP_ENROL
    assert auth.login_scope({"role": "court"}, {}, require_totp=False) == auth.SCOPE_FULL


def test_lockout_after_repeated_failures_then_unlock_by_an_administrator_or_by_time(
    client: TestClient, valvo: Valvo, clock: FakeClock
) -> None:
    user_id = add_operator(valvo)
    admin = bearer(token(client, *ADMIN))
    limit = valvo.settings.login_max_failures
    for _ in range(limit - 1):
        failed = token(client, OPERATOR[0], "wrong-password-1")
        assert failed.status_code == 401
        assert failed.json()["detail"] == auth.WRONG_CREDENTIALS
    locked = token(client, OPERATOR[0], "wrong-password-1")
    assert locked.status_code == 429
    assert "too many failed logins" in locked.json()["detail"]
    assert int(locked.headers["Retry-After"]) == valvo.settings.lockout_minutes * 60
    # Even the right password is refused while locked.
    assert token(client, *OPERATOR).status_code == 429
    listed = client.get(f"/api/users/{user_id}", headers=admin).json()
    assert listed["locked_until"] is not None

    # A username that does not exist behaves the same way: same answers, same lockout.
    for _ in range(limit - 1):
        assert token(client, "nobody", "wrong-password-1").json() == failed.json()
    assert token(client, "nobody", "wrong-password-1").status_code == 429

    assert client.post(f"/api/users/{user_id}/unlock", headers=admin).status_code == 204
    assert client.post(f"/api/users/{user_id}/unlock", headers=admin).status_code == 409
    assert bearer(token(client, *OPERATOR))

    for _ in range(limit):
        token(client, OPERATOR[0], "wrong-password-1")
    assert token(client, *OPERATOR).status_code == 429
    clock.advance(minutes=valvo.settings.lockout_minutes)
    assert bearer(token(client, *OPERATOR))

    log = actions(valvo)
    assert log.count(("lockout", "system")) == 3
    assert ("unlock", "admin") in log
    assert ("unlock", "system") in log
    assert chain_intact(valvo)


def test_failed_one_time_codes_count_towards_the_lockout(
    client: TestClient, valvo: Valvo, clock: FakeClock
) -> None:
    add_operator(valvo)
    h = bearer(token(client, *OPERATOR))
    key = key_of(client.post("/api/auth/totp/enrol", headers=h).json()["otpauth_uri"])
    assert (
        client.post(
            "/api/auth/totp/confirm", json={"code": totp.totp(key, clock.now)}, headers=h
        ).status_code
        == 204
    )
    clock.advance(minutes=5)
    valid = {totp.hotp(key, totp.time_step(clock.now) + d) for d in (-1, 0, 1)}
    wrong = next(c for c in ("111111", "222222", "333333", "444444") if c not in valid)
    answers = [token(client, *OPERATOR, otp=wrong).status_code for _ in range(5)]
    assert answers == [401, 401, 401, 401, 429]
    assert token(client, *OPERATOR, otp=totp.totp(key, clock.now)).status_code == 429


def test_password_change_policy_and_other_sessions_ending(client: TestClient, valvo: Valvo) -> None:
    add_operator(valvo)
    here, elsewhere = bearer(token(client, *OPERATOR)), bearer(token(client, *OPERATOR))

    def change(current: str, new: str) -> Any:
        body = {"current_password": current, "new_password": new}
        return client.post("/api/auth/password", json=body, headers=here)

    assert change("not-my-password", "uusi-Salasana-9").status_code == 403
    for weak, why in [
        ("short", "at least 10"),
        ("olli-on-paras-2026", "username"),
        ("Salasana123", "common"),
        ("zzzzzzzzzzzz", "repeated"),
    ]:
        refused = change(OPERATOR[1], weak)
        assert refused.status_code == 422
        assert why in refused.json()["detail"]
    assert client.get("/api/alarms", headers=elsewhere).status_code == 200  # nothing changed

    changed = change(OPERATOR[1], "uusi-Salasana-9")
    assert changed.status_code == 200
    assert changed.json() == {"detail": "password changed", "log_in_again": False}
    assert client.get("/api/alarms", headers=here).status_code == 200
    assert client.get("/api/alarms", headers=elsewhere).status_code == 401
    assert token(client, *OPERATOR).status_code == 401
    assert bearer(token(client, OPERATOR[0], "uusi-Salasana-9"))
    assert ("password_change", "olli") in actions(valvo)


def test_users_administration_with_forced_change_after_reset_and_deactivation(
    client: TestClient, valvo: Valvo
) -> None:
    admin = bearer(token(client, *ADMIN))
    bad = {"username": "sanna", "password": "sanna-2026-abc", "role": "supervisor"}
    refused = client.post("/api/users", json=bad, headers=admin)
    assert refused.status_code == 422
    assert refused.json()["detail"] == "password must not contain the username"
    wrong_role = client.post("/api/users", json={**bad, "role": "king", "password": "x-" * 6})
    assert wrong_role.status_code == 401  # no token: nothing is told
    created = client.post("/api/users", json={**bad, "password": "ohjaus-Kala-31"}, headers=admin)
    assert created.status_code == 201, created.text
    user = created.json()
    assert user | {"id": "x", "created_at": "x"} == {
        "id": "x",
        "created_at": "x",
        "username": "sanna",
        "role": "supervisor",
        "region": None,
        "active": True,
        "totp_enabled": False,
        "must_change_password": False,
        "locked_until": None,
    }
    assert client.post("/api/users", json={**bad, "password": "ohjaus-Kala-31"}, headers=admin)
    sanna = bearer(token(client, "sanna", "ohjaus-Kala-31"))
    assert client.get("/api/users", headers=sanna).status_code == 403

    uid = user["id"]
    moved = client.patch(
        f"/api/users/{uid}", json={"region": "Etelä-Suomi", "role": "operator"}, headers=admin
    )
    assert moved.status_code == 200
    assert (moved.json()["role"], moved.json()["region"]) == ("operator", "Etelä-Suomi")
    assert client.get("/api/subjects", headers=sanna).status_code == 401  # old role's token
    bad_role = client.patch(f"/api/users/{uid}", json={"role": "king"}, headers=admin)
    assert bad_role.status_code == 422

    # A reset password must be changed at the next login; the token allows only that.
    reset = client.post(
        f"/api/users/{uid}/password", json={"new_password": "vaihda-Heti-77"}, headers=admin
    )
    assert reset.status_code == 204
    forced = token(client, "sanna", "vaihda-Heti-77")
    assert forced.json()["scope"] == "password_change"
    limited = client.get("/api/alarms", headers=bearer(forced))
    assert limited.status_code == 403
    assert "only allows changing the password" in limited.json()["detail"]
    changed = client.post(
        "/api/auth/password",
        json={"current_password": "vaihda-Heti-77", "new_password": "oma-Salasana-88"},
        headers=bearer(forced),
    )
    assert changed.json() == {"detail": "password changed; log in again", "log_in_again": True}
    again = token(client, "sanna", "oma-Salasana-88")
    assert again.json()["scope"] == "full"

    sessions = client.get(f"/api/users/{uid}/sessions", headers=admin).json()
    live = [s for s in sessions if s["revoked_at"] is None]
    assert [s["scope"] for s in live] == ["full"]
    one = client.delete(f"/api/users/{uid}/sessions/{live[0]['id']}", headers=admin)
    assert one.status_code == 204
    assert client.get("/api/alarms", headers=bearer(again)).status_code == 401

    last = bearer(token(client, "sanna", "oma-Salasana-88"))
    off = client.patch(f"/api/users/{uid}", json={"active": False}, headers=admin)
    assert off.status_code == 200
    assert off.json()["active"] is False
    assert client.get("/api/alarms", headers=last).status_code == 401
    assert token(client, "sanna", "oma-Salasana-88").json()["detail"] == auth.WRONG_CREDENTIALS
    me = client.get("/api/users", headers=admin).json()
    admin_id = next(u["id"] for u in me if u["username"] == "admin")
    selfish = client.patch(f"/api/users/{admin_id}", json={"active": False}, headers=admin)
    assert selfish.status_code == 422

    log = actions(valvo)
    for action in ("create", "update", "password_reset", "session_revoke"):
        assert (action, "admin") in log
    assert chain_intact(valvo)


def test_me_names_the_role_and_its_permissions(client: TestClient, valvo: Valvo) -> None:
    add_operator(valvo)
    me = client.get("/api/auth/me", headers=bearer(token(client, *OPERATOR)))
    assert me.status_code == 200, me.text
    body = me.json()
    assert (body["username"], body["role"], body["scope"]) == ("olli", "operator", "full")
    assert "alarms:work" in body["permissions"]
    assert "audit:read" not in body["permissions"]
    assert body["permissions"] == sorted(body["permissions"])
    assert client.get("/api/auth/me").status_code == 401

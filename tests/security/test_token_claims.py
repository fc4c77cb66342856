"""The per-request session check takes who the bearer is from the session and user rows, not
from the token's claims: a token re-signed with the key cannot raise its role, widen its
region or lift a limited scope."""

from __future__ import annotations

import jwt
from fastapi.testclient import TestClient

from tests.security.conftest import TokenFor
from valvo.bootstrap import Valvo
from valvo.services import registry
from valvo.web.auth import ALGORITHM


def forged(valvo: Valvo, headers: dict[str, str], **claims: object) -> dict[str, str]:
    """The same token with ``claims`` changed, signed again with the server's key."""
    key = valvo.settings.secret_key.get_secret_value()
    token = headers["Authorization"].removeprefix("Bearer ")
    original = jwt.decode(token, key, algorithms=[ALGORITHM], options={"verify_exp": False})
    return {"Authorization": f"Bearer {jwt.encode({**original, **claims}, key, ALGORITHM)}"}


def test_a_resigned_token_claiming_administrator_acts_with_the_users_own_role(
    client: TestClient, valvo: Valvo, token_for: TokenFor
) -> None:
    operator = token_for("operator", "Itä-Suomi")
    raised = forged(valvo, operator, role="administrator", region=None, scope="full")
    refused = client.get("/api/users", headers=raised)
    assert refused.status_code == 403
    assert refused.json()["detail"] == "role operator may not users:manage"
    assert (
        client.get("/api/users", headers=forged(valvo, operator, name="admin")).status_code == 403
    )


def test_a_resigned_token_cannot_leave_its_region(
    client: TestClient, valvo: Valvo, token_for: TokenFor
) -> None:
    with valvo.uow() as uow:
        registry.create_subject(
            uow, "t", valvo.clock(), name="Etelän henkilö", region="Etelä-Suomi"
        )
        uow.commit()
    east = token_for("supervisor", "Itä-Suomi")
    widened = forged(valvo, east, region=None)
    assert client.get("/api/subjects", headers=widened).json() == []


def test_a_token_for_another_user_or_an_inactive_account_is_refused(
    client: TestClient, valvo: Valvo, token_for: TokenFor
) -> None:
    operator = token_for("operator", name="olli")
    admin = token_for("administrator", name="anna")
    admin_id = jwt.decode(
        admin["Authorization"].removeprefix("Bearer "), options={"verify_signature": False}
    )["sub"]
    assert (
        client.get("/api/subjects", headers=forged(valvo, operator, sub=admin_id)).status_code
        == 401
    )
    with valvo.uow() as uow:
        uow.users.update(admin_id, {"active": False})
        uow.commit()
    assert client.get("/api/subjects", headers=admin).status_code == 401

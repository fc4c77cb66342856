"""What production mode refuses at start beyond the settings (``valvo.settings``): the demo's
staff, partner and administrator accounts still signing in with the passwords the demo prints."""

from __future__ import annotations

from valvo.bootstrap import Valvo
from valvo.settings import DEV_ADMIN_PASSWORD
from valvo.sim.partners_seed import PARTNER_LOGIN
from valvo.sim.staff_seed import DEMO_PASSWORD, DEMO_STAFF


def demo_accounts(valvo: Valvo) -> list[str]:
    """Usernames of active accounts whose password is still the demo's (none in a sound
    production database)."""
    known = [(name, DEMO_PASSWORD) for name, _, _ in DEMO_STAFF]
    known += [PARTNER_LOGIN, (valvo.settings.admin_username, DEV_ADMIN_PASSWORD)]
    found = []
    with valvo.uow() as uow:
        for username, password in known:
            row = uow.users.by_username(username)
            if row and row["active"] and valvo.hasher.verify(row["password_hash"], password):
                found.append(username)
    return found

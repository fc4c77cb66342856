"""Production hashes use argon2id with the recommended parameters; the dummy hash used for
unknown users has the same parameters, so its check takes as long as a real one."""

from __future__ import annotations

from valvo.adapters.passwords import Argon2Hasher


def test_the_production_hasher_uses_argon2id_with_the_recommended_parameters() -> None:
    hashed = Argon2Hasher().hash("a long enough password")
    assert hashed.startswith("$argon2id$v=19$m=65536,t=3,p=4$")


def test_the_dummy_hash_has_the_hashers_own_parameters_and_matches_no_password() -> None:
    cheap = Argon2Hasher(time_cost=1, memory_cost_kib=1024)
    dummy = cheap.dummy_hash()
    assert dummy.startswith("$argon2id$v=19$m=1024,t=1,")
    assert dummy == cheap.dummy_hash()
    assert not cheap.verify(dummy, "")

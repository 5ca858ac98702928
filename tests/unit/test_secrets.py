import keyring
import pytest
from keyring.backends import fail

from themisia_desktop.core.notify.secrets import KeyringUnavailable, SecretStore


def test_a_secret_goes_to_the_os_keyring_and_comes_back():
    store = SecretStore()
    store.set("smtp:mail.cabinet.fr:alice", "s3cret")
    assert keyring.get_password("Themisia", "smtp:mail.cabinet.fr:alice") == "s3cret"
    assert SecretStore().get("smtp:mail.cabinet.fr:alice") == "s3cret"
    store.delete("smtp:mail.cabinet.fr:alice")
    assert store.get("smtp:mail.cabinet.fr:alice") is None


def test_without_a_keyring_the_user_is_told_and_nothing_is_written(tmp_path, monkeypatch):
    keyring.set_keyring(fail.Keyring())
    store = SecretStore()
    assert not store.available
    with pytest.raises(KeyringUnavailable, match="Aucun trousseau"):
        store.set("smtp:x", "s3cret")
    store.remember_for_session("smtp:x", "s3cret")
    assert store.get("smtp:x") == "s3cret"
    assert SecretStore().get("smtp:x") is None  # gone with the session
    written = [p for p in tmp_path.rglob("*") if p.is_file() and b"s3cret" in p.read_bytes()]
    assert written == []

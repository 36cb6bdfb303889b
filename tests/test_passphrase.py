"""New passphrases must be strong enough: for the vault, its export and a protected key."""

from __future__ import annotations

from pathlib import Path

import pytest

from pensioenchecker.cli import main
from pensioenchecker.passphrase import WeakPassphraseError, estimate_bits, weakness
from pensioenchecker.vault import Vault, crypto

STRONG = "synthetic lantern orchard velvet"


@pytest.fixture(autouse=True)
def _no_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(crypto, "keyring_available", lambda: False)
    for variable in (
        "PENSIOENCHECKER_VAULT_PASSPHRASE",
        "PENSIOENCHECKER_EXPORT_PASSPHRASE",
        "PENSIOENCHECKER_KEY_PASSPHRASE",
    ):
        monkeypatch.delenv(variable, raising=False)


@pytest.mark.parametrize(
    "phrase",
    ["x", "short one", "aaaaaaaaaaaaaaaa", "abcdefghijklmnop", "Password1234", "Welkom2024!!",
     "123456789012", "qwertyuiopasdf", "geheimgeheimgeheim"],
)  # fmt: skip
def test_weak_passphrases_are_refused(phrase: str) -> None:
    assert weakness(phrase) is not None


@pytest.mark.parametrize(
    "phrase", [STRONG, "correct horse battery staple", "Tr0ub4dor&3x", "synthetisch wachtwoord"]
)
def test_strong_passphrases_pass(phrase: str) -> None:
    assert weakness(phrase) is None and estimate_bits(phrase) >= 48


def test_a_new_vault_needs_a_strong_passphrase_an_existing_one_opens_as_made(
    tmp_path: Path,
) -> None:
    with pytest.raises(WeakPassphraseError, match="at least 12 characters"):
        Vault.open(tmp_path / "v", passphrase="x")
    with Vault.open(tmp_path / "v", passphrase=STRONG) as vault:
        assert vault.key_source == "passphrase"
    with Vault.open(tmp_path / "v", passphrase=STRONG) as vault:
        vault.export(tmp_path / "ok.pcvault", passphrase=STRONG)
        with pytest.raises(WeakPassphraseError, match="too easy to guess"):
            vault.export(tmp_path / "weak.pcvault", passphrase="Password1234")
    assert not (tmp_path / "weak.pcvault").exists()


def test_the_command_line_refuses_weak_passphrases_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PENSIOENCHECKER_VAULT_PASSPHRASE", STRONG)
    Vault.open(tmp_path / "v").close()
    monkeypatch.setenv("PENSIOENCHECKER_EXPORT_PASSPHRASE", "1")
    code = main(["vault", "export", "-o", str(tmp_path / "e"), "--folder", str(tmp_path / "v")])
    err = capsys.readouterr().err
    assert code == 2 and len(err.splitlines()) == 1 and "at least 12 characters" in err
    monkeypatch.setenv("PENSIOENCHECKER_KEY_PASSPHRASE", "abcabcabcabcabc")
    key = tmp_path / "adviser.key"
    assert main(["share", "keygen", "-o", str(key), "--protect"]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "too easy to guess" in err and not key.exists()
    # A restore makes a new vault: its passphrase too; nothing is left in the folder.
    monkeypatch.setenv("PENSIOENCHECKER_EXPORT_PASSPHRASE", STRONG)
    backup = tmp_path / "e"
    assert main(["vault", "export", "-o", str(backup), "--folder", str(tmp_path / "v")]) == 0
    monkeypatch.setenv("PENSIOENCHECKER_VAULT_PASSPHRASE", "kort")
    assert main(["vault", "restore", str(backup), "--folder", str(tmp_path / "w")]) == 2
    assert "at least 12 characters" in capsys.readouterr().err
    assert list((tmp_path / "w").iterdir()) == []


def test_the_share_page_refuses_a_weak_key_passphrase(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QInputDialog

    from pensioenchecker.engine import Engine
    from ui.controller import DossierController
    from ui.i18n import Texts
    from ui.pages.share import SharePage
    from ui.tasks import SyncTaskRunner

    answers = [("kort", True)]
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *_args: answers.pop(0)))
    controller = DossierController(Engine(), SyncTaskRunner(), Texts("nl"))
    page = SharePage(controller, tmp_path, ask=True)
    qtbot.addWidget(page)
    page.state.make_adviser_key()
    assert not page.state.key_path().exists() and answers == []

"""The vault's log written out in the reader's language: stored as codes, said when shown."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from pensioenchecker import clock
from pensioenchecker.i18n import PSEUDO
from pensioenchecker.vault import Vault
from pensioenchecker.vault.logbook import EVENTS, FIELDS, describe, details, event_name
from pensioenchecker.vault.records import LogEntry

KEY = bytes(range(32))
ROOT = Path(__file__).resolve().parents[1]
MOMENT = dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def vault(tmp_path: Path):  # type: ignore[no-untyped-def]
    with clock.frozen(MOMENT), Vault.open(tmp_path, key=KEY) as opened:
        yield opened


def test_a_shared_entry_reads_in_dutch_and_in_english(vault: Vault) -> None:
    with clock.frozen(MOMENT):
        vault.log(
            "shared",
            share="5f0c1d2e",
            to="A. Adviseur (Advieskantoor Voorbeeld)",
            purpose="pensioenadvies",
            categories="pensions,debts",
            until="2026-12-28",
        )
    entry = vault.logs(1)[0]
    assert entry.event == "shared"  # the code is stored, not a sentence
    assert entry.fields["until"] == "2026-12-28"
    dutch, english = describe(entry, "nl"), describe(entry, "en")
    assert dutch.event == "gedeeld"
    assert dutch.details == (
        "deling: 5f0c1d2e; ontvanger: A. Adviseur (Advieskantoor Voorbeeld); doel: "
        "pensioenadvies; gegevens: pensioenen, schulden; tot: 28 december 2026"
    )
    assert english.event == "shared"
    assert english.details == (
        "share: 5f0c1d2e; recipient: A. Adviseur (Advieskantoor Voorbeeld); purpose: "
        "pensioenadvies; data: pensions, debts; until: 28 December 2026"
    )
    local = MOMENT.astimezone()
    assert dutch.at.startswith(f"{local.day} november 2026, ")
    assert english.at.endswith(f"{local:%H:%M}") and "November 2026" in english.at
    assert "2026-12-28" not in dutch.details + english.details


def test_codes_in_the_fields_are_words(vault: Vault) -> None:
    vault.log("share recorded", share="5f0c", direction="received")
    vault.log("dossier saved", dossier="d1", origin="own")
    vault.log("share status", share="5f0c", status="revoked")
    lines = [describe(entry, "nl") for entry in vault.logs(3)]
    assert [line.event for line in lines] == [
        "status gewijzigd",
        "dossier bewaard",
        "deling vastgelegd",
    ]
    assert [line.details for line in lines] == [
        "deling: 5f0c; status: ingetrokken",
        "dossier: d1; herkomst: eigen huishouden",
        "deling: 5f0c; richting: ontvangen",
    ]
    assert describe(vault.logs(1)[0], "en").details == "share: 5f0c; status: withdrawn"


def test_an_entry_of_another_version_is_shown_as_stored() -> None:
    older = LogEntry(1, MOMENT, "backup checked", {"checked by": "the night job", "until": "soon"})
    line = describe(older, "nl")
    assert line.event == "backup checked"
    assert line.details == "checked by: the night job; tot: soon"


def test_every_event_the_program_logs_has_a_name() -> None:
    logged = set()
    for path in [*(ROOT / "pensioenchecker").rglob("*.py"), *(ROOT / "ui").rglob("*.py")]:
        text = path.read_text(encoding="utf-8")
        logged |= set(re.findall(r"\.log\(\s*\"([^\"]+)\"", text))
        logged |= set(re.findall(r"_log\(\s*db,\s*\"([^\"]+)\"", text))
    assert "shared" in logged and "vault restored" in logged
    assert logged <= set(EVENTS), logged - set(EVENTS)


def test_log_words_come_from_the_catalog() -> None:
    for code in EVENTS:
        name = event_name(code, PSEUDO)
        assert name.startswith("⟦") and name.endswith("⟧"), code
    every_field = {name: "x" for name in FIELDS}
    shown = details(every_field, PSEUDO)
    assert shown.count("⟦") == 2 * len(FIELDS)  # the pair and its field name, each changed
    assert details({"direction": "sent", "categories": "bank"}, PSEUDO) == (
        "⟦⟦ðíréçtíóñ⟧: ⟦šéñt⟧⟧; ⟦⟦ðátá⟧: ⟦báñk óvérvíéw⟧⟧"
    ).replace("ð", "d")


def test_a_received_share_is_named_by_its_number_alone() -> None:
    """The vault keys a received package as "received:<id>"; people see the package's id."""
    fields = {"share": "received:c760abdc-e99c-42cf", "direction": "received"}
    assert details(fields, "nl") == "deling: c760abdc-e99c-42cf; richting: ontvangen"
    assert details(fields, "en") == "share: c760abdc-e99c-42cf; direction: received"


def test_a_package_not_shared_from_this_vault_is_refused_in_the_readers_language(vault: Vault):
    from pensioenchecker.errors import InputError
    from pensioenchecker.share.ledger import check_sent

    with pytest.raises(InputError) as refused:
        check_sent(vault, "c760abdc-e99c-42cf", "revocation.json")
    assert refused.value.text("nl") == (
        "revocation.json: dit pakket is niet vanuit deze kluis gedeeld"
    )
    assert str(refused.value) == "revocation.json: this package was not shared from this vault"
    assert refused.value.text(PSEUDO).startswith("revocation.json: ⟦")

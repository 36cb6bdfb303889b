"""The one way files are written: whole or not at all, private when asked, never clobbered."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from pensioenchecker.errors import InputError
from pensioenchecker.storage import write_atomic


def test_a_file_is_replaced_whole_and_no_temporary_file_stays(tmp_path: Path) -> None:
    target = tmp_path / "dossier.json"
    target.write_bytes(b"old")
    assert write_atomic(target, b"new content") is True
    assert target.read_bytes() == b"new content"
    assert os.listdir(tmp_path) == ["dossier.json"]


def test_a_missing_folder_is_a_one_line_error_naming_the_file(tmp_path: Path) -> None:
    target = tmp_path / "absent" / "x.json"
    with pytest.raises(InputError, match="the folder does not exist") as caught:
        write_atomic(target, b"x")
    assert caught.value.where == str(target)


def test_a_private_file_is_0600_from_its_first_byte(tmp_path: Path) -> None:
    target = tmp_path / "adviser.key"
    write_atomic(target, b"secret", mode=0o600)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_exclusive_never_replaces_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "adviser.key"
    assert write_atomic(target, b"first", exclusive=True) is True
    assert write_atomic(target, b"second", exclusive=True) is False
    assert target.read_bytes() == b"first"
    assert sorted(os.listdir(tmp_path)) == ["adviser.key"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "dossier.json"
    target.write_bytes(b"old")

    def full_disk(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(InputError, match="cannot write"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["dossier.json"]

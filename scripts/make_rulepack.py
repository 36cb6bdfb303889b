"""Build and sign a rule pack from pensioenchecker/rules/params (``make rulepack``).

The private release key is the file named by PENSIOENCHECKER_RELEASE_KEY (PEM, PKCS#8, Ed25519);
it never lives in the repository. The pack goes to dist/rulepack-<version>.json, where the
version is index.yaml's ``version`` unless --version gives another one.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pensioenchecker.errors import PensioencheckerError  # noqa: E402
from pensioenchecker.rules.packs import build_pack, key_id_for, verify_pack  # noqa: E402
from pensioenchecker.rules.parameters import PARAMS_DIR, Parameters  # noqa: E402

KEY_VARIABLE = "PENSIOENCHECKER_RELEASE_KEY"


def main(argv: list[str] | None = None) -> int:
    """Build, sign, verify against the embedded keys, write."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--params", type=Path, default=PARAMS_DIR)
    parser.add_argument("--version", help="the pack's version (default: index.yaml's)")
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    args = parser.parse_args(argv)
    key_file = os.environ.get(KEY_VARIABLE)
    if not key_file:
        sys.stderr.write(
            f"make rulepack: set {KEY_VARIABLE} to the file with the private release key "
            "(see docs/rule-packs.md); nothing built\n"
        )
        return 2
    try:
        key = serialization.load_pem_private_key(Path(key_file).read_bytes(), password=None)
    except (OSError, ValueError) as exc:
        sys.stderr.write(f"make rulepack: cannot read the release key {key_file}: {exc}\n")
        return 2
    if not isinstance(key, Ed25519PrivateKey):
        sys.stderr.write(f"make rulepack: {key_file} is not an Ed25519 private key\n")
        return 2
    try:
        version = args.version or Parameters(args.params).version
        if not version:
            sys.stderr.write("make rulepack: index.yaml has no version; give --version\n")
            return 2
        data = build_pack(args.params, version, key)
        raw = key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        try:
            pack = verify_pack(data)
        except PensioencheckerError as exc:
            sys.stderr.write(
                f"make rulepack: warning: the program does not trust key {key_id_for(raw)} "
                f"({exc}); add it to pensioenchecker/rules/trusted_keys.py first\n"
            )
            return 2
        args.out.mkdir(parents=True, exist_ok=True)
        target = args.out / pack.file_name
        from pensioenchecker.storage import write_atomic

        write_atomic(target, data)
    except PensioencheckerError as exc:
        sys.stderr.write(f"make rulepack: {exc}\n")
        return 2
    sys.stdout.write(f"{target} (version {pack.version}, key {pack.key_id}, {len(data)} bytes)\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

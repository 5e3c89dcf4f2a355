"""The ledger's Ed25519 key and the checkpoint text it signs.

The private key lives in a PEM file at settings.LEDGER_KEY_PATH (mode 0600), generated at first
use and never stored in the database: whoever can rewrite the database still cannot sign a tree
head for the rewritten history.

The signed message is a C2SP tlog-checkpoint body with one extension line for the time:

    <origin>\\n<tree size>\\n<base64 root hash>\\ntimestamp <ISO 8601 UTC>\\n

and the full note adds a blank line and `— <origin> <base64(key hash || signature)>` (C2SP
signed-note), so Go's golang.org/x/mod/sumdb/note can check it with the verifier key below.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import logging
import os
import tempfile
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings

from .encoding import iso_utc

logger = logging.getLogger(__name__)

DEFAULT_ORIGIN = "sanxiang/ledger"
_ED25519_ALGORITHM = b"\x01"  # signed-note signature type for Ed25519
_keys: dict[str, Ed25519PrivateKey] = {}


def origin() -> str:
    """The checkpoint origin line, e.g. `sanxiang.hebei-smr/ledger` (setting LEDGER_ORIGIN)."""
    value = getattr(settings, "LEDGER_ORIGIN", DEFAULT_ORIGIN) or DEFAULT_ORIGIN
    if any(c.isspace() or c == "+" for c in value):
        raise ValueError(f"LEDGER_ORIGIN {value!r} 不得含空白或“+” (must not contain spaces or '+')")
    return value


def key_path() -> Path:
    return Path(settings.LEDGER_KEY_PATH)


def _write_new_key(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    # Write a private temp file, then hard-link it into place: the key appears complete or not at
    # all, and if another process won the race its key is kept (os.link refuses to overwrite).
    fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=".ledger-key-")
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, pem)
        os.fsync(fd)
        os.close(fd)
        try:
            os.link(temp_name, path)
            logger.warning("已生成防篡改日志签名密钥 %s (generated ledger signing key)", path)
        except FileExistsError:
            pass
    finally:
        os.unlink(temp_name)


def private_key(*, create: bool = True) -> Ed25519PrivateKey | None:
    """The signing key at LEDGER_KEY_PATH, generated on first use when `create` is true."""
    path = key_path()
    cache_key = str(path.resolve())
    if cache_key in _keys:
        return _keys[cache_key]
    if not path.exists():
        if not create:
            return None
        _write_new_key(path)
    if path.stat().st_mode & 0o077:
        logger.warning("签名密钥文件 %s 的权限过宽，应为 0600 (key file is group/world accessible)", path)
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} 不是 Ed25519 私钥 (not an Ed25519 key)")
    _keys[cache_key] = key
    return key


def public_key(*, create: bool = True) -> Ed25519PublicKey | None:
    key = private_key(create=create)
    return key.public_key() if key else None


def raw_public_key(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_key_pem(key: Ed25519PublicKey) -> str:
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()


def load_public_key(value: Ed25519PublicKey | bytes | str) -> Ed25519PublicKey:
    """Accept a key object, a PEM text, raw 32 bytes or their base64."""
    if isinstance(value, Ed25519PublicKey):
        return value
    data = value.encode() if isinstance(value, str) else value
    if b"BEGIN PUBLIC KEY" in data:
        key = serialization.load_pem_public_key(data)
        if not isinstance(key, Ed25519PublicKey):
            raise ValueError("不是 Ed25519 公钥 (not an Ed25519 public key)")
        return key
    if len(data) != 32:
        data = base64.b64decode(data, validate=True)
    return Ed25519PublicKey.from_public_bytes(data)


def key_id(key: Ed25519PublicKey) -> str:
    """Hex SHA-256 of the raw public key: how TreeHead rows name their key."""
    return hashlib.sha256(raw_public_key(key)).hexdigest()


def note_key_hash(name: str, key: Ed25519PublicKey) -> bytes:
    """The 4-byte key hash of C2SP signed-note: SHA-256(name || 0x0A || 0x01 || key)[:4]."""
    return hashlib.sha256(name.encode() + b"\n" + _ED25519_ALGORITHM + raw_public_key(key)).digest()[:4]


def verifier_key(name: str, key: Ed25519PublicKey) -> str:
    """The signed-note verifier key `<name>+<hex key hash>+<base64(0x01 || key)>`."""
    encoded = base64.b64encode(_ED25519_ALGORITHM + raw_public_key(key)).decode()
    return f"{name}+{note_key_hash(name, key).hex()}+{encoded}"


def checkpoint_body(origin_line: str, tree_size: int, root_hash: bytes, timestamp: dt.datetime) -> bytes:
    """The exact bytes that are signed."""
    root_b64 = base64.b64encode(root_hash).decode()
    return f"{origin_line}\n{tree_size}\n{root_b64}\ntimestamp {iso_utc(timestamp)}\n".encode()


def verify_signature(body: bytes, signature: bytes, key: Ed25519PublicKey) -> bool:
    try:
        key.verify(signature, body)
    except InvalidSignature:
        return False
    return True


def note_text(body: bytes, origin_line: str, signature: bytes, key: Ed25519PublicKey) -> str:
    """The complete signed note (checkpoint + signature line), as published."""
    sig = base64.b64encode(note_key_hash(origin_line, key) + signature).decode()
    return f"{body.decode()}\n\u2014 {origin_line} {sig}\n"

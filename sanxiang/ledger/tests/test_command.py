"""`sanxiang ledger ...`: output and exit codes (0 ok, 1 verification failed, 2 bad input)."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from sanxiang.ledger import merkle, signing
from sanxiang.ledger.models import TreeHead

from . import tamper
from .test_merkle_vectors import LEAVES, ROOTS


def run(*args) -> str:
    out = StringIO()
    call_command("ledger", *args, stdout=out)
    return out.getvalue()


def fails(*args) -> CommandError:
    with pytest.raises(CommandError) as caught:
        run(*args)
    return caught.value


@pytest.mark.django_db
def test_verify_prints_ok_with_counts(system_entries):
    system_entries(3)
    run("sign")
    out = run("verify")
    assert out.startswith("OK：3 条日志、1 个签名树头")


@pytest.mark.django_db
def test_verify_names_the_first_bad_entry_and_exits_1(system_entries):
    system_entries(5)
    tamper.edit_payload(3)
    out = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("ledger", "verify", stdout=out)
    assert caught.value.returncode == 1
    assert "条目 #3" in out.getvalue() and "leaf_mismatch" in out.getvalue()


@pytest.mark.parametrize("size", [0, 1, 5, 8])
def test_root_of_the_reference_leaves(tmp_path, size):
    path = tmp_path / "leaves.txt"
    path.write_text("".join(f"{leaf.hex()}\n" for leaf in LEAVES[:size]))
    assert run("root", "--leaves", str(path)).strip() == ROOTS[size]


def test_root_reads_a_last_line_without_newline_and_crlf(tmp_path):
    path = tmp_path / "leaves.txt"
    path.write_bytes(b"\r\n00\r\n10")
    assert run("root", "--leaves", str(path)).strip() == ROOTS[3]


def test_a_lone_newline_is_one_empty_leaf(tmp_path):
    path = tmp_path / "leaves.txt"
    path.write_text("\n")
    assert run("root", "--leaves", str(path)).strip() == ROOTS[1]


@pytest.mark.parametrize("content", ["0g\n", "abc\n", "00\nzz\n", "00 11\n", "非十六进制\n"])
def test_root_refuses_malformed_hex_with_exit_2(tmp_path, content):
    path = tmp_path / "leaves.txt"
    path.write_text(content, encoding="utf-8")
    error = fails("root", "--leaves", str(path))
    assert error.returncode == 2
    assert "十六进制" in str(error)


def test_root_of_a_missing_file_exits_2(tmp_path):
    assert fails("root", "--leaves", str(tmp_path / "missing.txt")).returncode == 2


def test_root_never_touches_the_database(tmp_path, django_db_blocker):
    # No django_db mark here, and the blocker is explicitly on: any query would raise.
    path = tmp_path / "leaves.txt"
    path.write_text("00\n10\n")
    with django_db_blocker.block():
        out = run("root", "--leaves", str(path))
    assert out.strip() == merkle.root([merkle.hash_leaf(b"\x00"), merkle.hash_leaf(b"\x10")]).hex()


@pytest.mark.django_db
def test_prove_signs_a_head_if_needed_and_prints_a_checkable_proof(system_entries):
    system_entries(6)
    data = json.loads(run("prove", "4"))
    assert TreeHead.objects.count() == 1
    assert (data["index"], data["tree_size"]) == (4, 6)
    assert data["tree_head"]["root_hash"] == data["root_hash"]
    assert data["entry"]["subject_id"] == "4"
    assert merkle.verify_inclusion(
        4,
        6,
        bytes.fromhex(data["leaf_hash"]),
        [bytes.fromhex(p) for p in data["proof"]],
        bytes.fromhex(data["root_hash"]),
    )


@pytest.mark.django_db
def test_prove_an_unknown_entry_exits_2(system_entries):
    system_entries(2)
    error = fails("prove", "2")
    assert error.returncode == 2 and "#2" in str(error)
    assert fails("prove", "-1").returncode == 2


@pytest.mark.django_db
def test_consistency_prints_both_roots_and_the_proof(system_entries):
    system_entries(7)
    data = json.loads(run("consistency", "3", "7"))
    assert merkle.verify_consistency(
        3,
        7,
        bytes.fromhex(data["old_root"]),
        bytes.fromhex(data["new_root"]),
        [bytes.fromhex(p) for p in data["proof"]],
    )
    assert fails("consistency", "5", "3").returncode == 2


@pytest.mark.django_db
def test_sign_prints_the_checkpoint_note(system_entries):
    system_entries(2)
    out = run("sign")
    lines = out.split("\n")
    assert lines[:2] == ["sanxiang/ledger", "2"]
    assert lines[3].startswith("timestamp ")
    assert lines[5].startswith("\u2014 sanxiang/ledger ")


@pytest.mark.django_db
def test_pubkey_in_three_formats():
    key = signing.public_key()
    assert run("pubkey") == signing.public_key_pem(key)
    assert run("pubkey", "--format", "vkey").strip() == signing.verifier_key("sanxiang/ledger", key)
    raw = run("pubkey", "--format", "raw").strip()
    assert signing.raw_public_key(signing.load_public_key(raw)) == signing.raw_public_key(key)

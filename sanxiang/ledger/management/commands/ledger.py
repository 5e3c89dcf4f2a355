"""`sanxiang ledger ...`: verify the log, sign its head, print proofs and the public key.

Exit codes: 0 success, 1 verification failed, 2 bad input (unknown entry, malformed file).
"""

from __future__ import annotations

import argparse
import base64
import json
import re
import sys

from django.core.management.base import BaseCommand, CommandError

from sanxiang.core.errors import DomainError
from sanxiang.ledger import merkle, selectors, signing
from sanxiang.ledger.proofs import consistency_proof, inclusion_proof
from sanxiang.ledger.serialize import tree_head_dict
from sanxiang.ledger.services import sign_tree_head
from sanxiang.ledger.verify import verify_ledger

_HEX_LINE = re.compile(r"(?:[0-9a-fA-F]{2})*")


class Command(BaseCommand):
    help = "防篡改日志：verify 校验、root 计算根哈希、prove 包含证明、consistency 一致性证明、sign 签名树头、pubkey 公钥"
    requires_system_checks: list = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        sub = parser.add_subparsers(
            dest="action", required=True, metavar="{verify,root,prove,consistency,sign,pubkey}"
        )
        verify = sub.add_parser("verify", help="重算全部叶哈希与根哈希，并核对每个签名树头")
        verify.add_argument(
            "--workers",
            type=_positive_int,
            default=None,
            metavar="N",
            help="读取并重算叶哈希的进程数（默认每个 CPU 一个；1 为单进程）；少于 20 万条时总是单进程",
        )
        root = sub.add_parser(
            "root", help="计算文件中各叶数据（每行一个十六进制）的 RFC 6962 根哈希，不访问数据库"
        )
        root.add_argument(
            "--leaves",
            required=True,
            metavar="FILE",
            help="每行一个十六进制编码的叶数据；空行为空叶；- 表示标准输入",
        )
        prove = sub.add_parser("prove", help="输出条目 N 对最新签名树头的包含证明（JSON）")
        prove.add_argument("index", type=int, metavar="N")
        consistency = sub.add_parser("consistency", help="输出树大小 M 到 N 的一致性证明（JSON）")
        consistency.add_argument("old", type=int, metavar="M")
        consistency.add_argument("new", type=int, metavar="N")
        sub.add_parser("sign", help="签名当前树头并输出检查点")
        pubkey = sub.add_parser("pubkey", help="输出公钥")
        pubkey.add_argument(
            "--format",
            choices=["pem", "vkey", "raw"],
            default="pem",
            help="pem（默认）、vkey（signed-note 验证密钥）或 raw（Base64）",
        )

    def handle(self, *args, action: str, **options):
        getattr(self, f"_{action}")(**options)

    def _verify(self, *, workers: int | None = None, **options):
        report = verify_ledger(workers=workers)
        if report.ok:
            self.stdout.write(
                f"OK：{report.entries} 条日志、{report.tree_heads} 个签名树头、{report.tree_nodes} 个子树哈希均一致；"
                f"根哈希 {report.root_hash}"
            )
            return
        first = report.first_problem
        where = f"条目 #{first.index}" if first.index is not None else "日志"
        self.stdout.write(f"校验失败：{where} 不符 [{first.code}] {first.message}")
        total = len(report.problems) + report.problems_dropped
        if total > 1:
            self.stdout.write(f"共发现 {total} 处问题：")
            for problem in report.problems:
                self.stdout.write(f"  - [{problem.code}] {problem.message}")
        raise CommandError("防篡改日志校验失败", returncode=1)

    def _root(self, *, leaves: str, **options):
        try:
            stream = sys.stdin if leaves == "-" else open(leaves, encoding="ascii", newline="")  # noqa: SIM115
        except OSError as exc:
            raise CommandError(f"无法读取文件 {leaves}：{exc.strerror}", returncode=2) from None
        # One leaf per line; a last line without newline still counts, so "" is the empty tree and
        # "\n" is one empty leaf.
        tree = merkle.TreeBuilder()
        with stream:
            try:
                for number, line in enumerate(stream, start=1):
                    line = line.removesuffix("\n").removesuffix("\r")
                    if not _HEX_LINE.fullmatch(line):
                        raise CommandError(
                            f"第 {number} 行不是合法的十六进制叶数据：{line[:40]!r}", returncode=2
                        )
                    tree.push(merkle.hash_leaf(bytes.fromhex(line)))
            except UnicodeDecodeError:
                raise CommandError(f"{leaves} 含有非 ASCII 字符，不是十六进制文本", returncode=2) from None
        self.stdout.write(tree.root().hex())

    def _prove(self, *, index: int, **options):
        if index < 0 or selectors.entry_at(index) is None:
            raise CommandError(f"日志条目 #{index} 不存在", returncode=2)
        head = selectors.latest_tree_head()
        if head is None or head.tree_size <= index:
            sign_tree_head()
        proof = self._call(inclusion_proof, index)
        entry = selectors.entry_at(index)
        self._json(
            {
                "index": proof.index,
                "tree_size": proof.tree_size,
                "leaf_hash": proof.leaf_hash,
                "root_hash": proof.root_hash,
                "proof": proof.proof,
                "entry": {
                    "kind": entry.kind,
                    "subject_type": entry.subject_type,
                    "subject_id": entry.subject_id,
                    "actor_id": entry.actor_id,
                    "actor_label": entry.actor_label,
                    "created_at": entry.created_at.isoformat(),
                    "payload": entry.payload,
                },
                "tree_head": tree_head_dict(proof.tree_head),
            }
        )

    def _consistency(self, *, old: int, new: int, **options):
        proof = self._call(consistency_proof, old, new)
        self._json(
            {
                "old_size": proof.old_size,
                "new_size": proof.new_size,
                "old_root": proof.old_root,
                "new_root": proof.new_root,
                "proof": proof.proof,
            }
        )

    def _sign(self, **options):
        head = sign_tree_head()
        self.stdout.write(tree_head_dict(head)["checkpoint"], ending="")

    def _pubkey(self, *, format: str, **options):
        key = signing.public_key()
        if format == "vkey":
            self.stdout.write(signing.verifier_key(signing.origin(), key))
        elif format == "raw":
            self.stdout.write(base64.b64encode(signing.raw_public_key(key)).decode())
        else:
            self.stdout.write(signing.public_key_pem(key), ending="")

    def _call(self, function, *args):
        try:
            return function(*args)
        except DomainError as exc:
            raise CommandError(exc.message, returncode=2) from None

    def _json(self, data: dict) -> None:
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"进程数须为正整数，而不是“{text}”")
    return value

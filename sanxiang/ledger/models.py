"""The append-only log: entries, the stored subtree hashes, signed tree heads and the head row.

Entry, TreeNode and TreeHead rows are written once by services.py and never changed: the ORM
refuses save() on an existing row and every delete; on PostgreSQL, triggers refuse UPDATE, DELETE
and TRUNCATE (migration 0002). LedgerHead is the one mutable row, locked by every append.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .errors import ImmutableEntry
from .merkle import EMPTY_ROOT


class AppendOnlyQuerySet(models.QuerySet):
    """Bulk update and delete are refused like their per-row counterparts."""

    def update(self, **kwargs):
        raise ImmutableEntry(f"{self.model._meta.verbose_name}只允许追加，不可修改")

    def delete(self):
        raise ImmutableEntry(f"{self.model._meta.verbose_name}只允许追加，不可删除")


class AppendOnlyModel(models.Model):
    """A row that can be inserted once and never updated or deleted through the ORM."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableEntry(f"{self._meta.verbose_name}只允许追加，不可修改")
        kwargs["force_insert"] = True
        kwargs.pop("force_update", None)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableEntry(f"{self._meta.verbose_name}只允许追加，不可删除")


class Entry(AppendOnlyModel):
    """One audit record, a leaf of the RFC 6962 tree. `payload` is the canonical JSON exactly as hashed.

    The leaf data is documented in docs/ledger.md and built by encoding.leaf_data(); `leaf_hash`
    is SHA-256(0x00 || leaf data) in hex.
    """

    index = models.BigIntegerField("序号", unique=True, editable=False)
    kind = models.CharField("事件类型", max_length=64, editable=False)
    subject_type = models.CharField("对象类型", max_length=64, editable=False)
    subject_id = models.CharField("对象标识", max_length=128, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ledger_entries",
        editable=False,
    )
    actor_label = models.CharField(
        "系统操作者",
        max_length=100,
        blank=True,
        editable=False,
        help_text="如 system:deadline-scan；有操作人时为空",
    )
    created_at = models.DateTimeField("记录时间", editable=False)
    payload = models.TextField("内容（规范 JSON）", editable=False)
    leaf_hash = models.CharField("叶哈希", max_length=64, editable=False)

    class Meta:
        verbose_name = "日志条目"
        verbose_name_plural = "日志条目"
        ordering = ["index"]
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="ledger_entry_subject")]

    def __str__(self) -> str:
        return f"#{self.index} {self.kind} {self.subject_type}:{self.subject_id}"


class TreeNode(AppendOnlyModel):
    """The hash of a perfect subtree of 2**level leaves, stored for level >= MIN_LEVEL.

    With these, any proof needs at most a few hundred leaf hashes plus O(log n) stored nodes,
    instead of every leaf of the tree. Written by append() when the subtree completes.
    """

    MIN_LEVEL = 8  # subtrees of 256 leaves and up: about one row per 128 entries

    level = models.PositiveSmallIntegerField("层", editable=False)
    index = models.BigIntegerField("层内序号", editable=False)
    hash = models.CharField("哈希", max_length=64, editable=False)

    class Meta:
        verbose_name = "子树哈希"
        verbose_name_plural = "子树哈希"
        constraints = [models.UniqueConstraint(fields=["level", "index"], name="ledger_treenode_unique")]

    def __str__(self) -> str:
        return f"L{self.level}#{self.index}"


class TreeHead(AppendOnlyModel):
    """A signed tree head: (tree_size, root_hash) signed with Ed25519 as a checkpoint note (signing.py)."""

    tree_size = models.BigIntegerField("树大小", editable=False, db_index=True)
    root_hash = models.CharField("根哈希", max_length=64, editable=False)
    timestamp = models.DateTimeField("签名时间", editable=False)
    origin = models.CharField("日志标识", max_length=255, editable=False)
    key_id = models.CharField(
        "公钥标识", max_length=64, editable=False, help_text="SHA-256(原始 Ed25519 公钥)"
    )
    signature = models.CharField("签名（Base64）", max_length=88, editable=False)

    class Meta:
        verbose_name = "签名树头"
        verbose_name_plural = "签名树头"
        ordering = ["tree_size", "id"]

    def __str__(self) -> str:
        return f"{self.origin} @ {self.tree_size}"


class LedgerHead(models.Model):
    """The single mutable row (id 1): current size, root and compact range, and the append lock."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    size = models.BigIntegerField("条目数", default=0)
    root_hash = models.CharField("根哈希", max_length=64, default=EMPTY_ROOT.hex())
    frontier = models.JSONField("紧凑范围", default=list, help_text="各完全子树的根哈希，从大到小")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "日志头"
        verbose_name_plural = "日志头"
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="ledger_head_single_row")]

    def __str__(self) -> str:
        return f"size {self.size}"

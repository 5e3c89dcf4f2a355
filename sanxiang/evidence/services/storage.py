"""Content-addressed blob storage behind Django's storage API.

Keys are `evidence/<sha256[:2]>/<sha256>` (identical content is stored once) and
`thumbnails/<sha256[:2]>/<sha256>.jpg`. The STORAGES alias is conf.storage_alias(). Three adapters:

- FileSystemStorage (the default): a blob is published only after fsync(file), an atomic rename
  into place and fsync(directory) (DUR-03); it is then made read-only (0440, EVD-02).
- S3Storage (django-storages): multipart upload from the spooled file with bounded part size and
  concurrency; reads are ranged GETs streamed in blocks (S3File would buffer whole objects).
- any other Django storage: its plain API (save/open/exists/delete/listdir).
"""

from __future__ import annotations

import contextlib
import datetime
import errno
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

from django.core.files import File
from django.core.files.storage import FileSystemStorage, storages

from sanxiang.core.errors import DomainError

from .. import conf
from ..errors import InsufficientStorage, StorageFailure

BLOCK = 1024 * 1024
BLOB_PREFIX = "evidence/"
THUMB_PREFIX = "thumbnails/"


def blob_key(sha256: str) -> str:
    return f"{BLOB_PREFIX}{sha256[:2]}/{sha256}"


def thumb_key(sha256: str) -> str:
    return f"{THUMB_PREFIX}{sha256[:2]}/{sha256}.jpg"


@contextlib.contextmanager
def storage_errors(what: str):
    """OS and object-store errors become domain errors: disk full 507, anything else 500 (DUR-03/04)."""
    try:
        yield
    except DomainError:
        raise
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise InsufficientStorage(f"{what}失败：存储空间已满，本次操作未生效，请释放空间后重试") from exc
        raise StorageFailure(f"{what}失败：存储写入错误（{exc.strerror or exc}），本次操作未生效") from exc
    except Exception as exc:
        if type(exc).__module__.startswith(("botocore", "boto3", "s3transfer")):
            raise StorageFailure(f"{what}失败：对象存储错误，本次操作未生效") from exc
        raise


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class BlobStore:
    """The operations evidence needs, over any Django storage."""

    def __init__(self, storage):
        self.storage = storage

    def exists(self, key: str) -> bool:
        return self.storage.exists(key)

    def size(self, key: str) -> int:
        return self.storage.size(key)

    def put_file(self, key: str, path: Path, size: int) -> bool:
        """Store the file at `path` under `key`; False when identical content was already there."""
        if self.exists(key) and self.size(key) == size:
            return False
        with contextlib.suppress(FileNotFoundError):
            self.storage.delete(key)  # a wrong-sized blob under a content hash is damage: replace it
        with open(path, "rb") as fh:
            saved = self.storage.save(key, File(fh, name=key))
        if saved != key:
            raise StorageFailure("保存证据文件失败：存储后端改写了文件名")
        return True

    def put_bytes(self, key: str, data: bytes) -> None:
        from django.core.files.base import ContentFile

        if not self.exists(key):
            self.storage.save(key, ContentFile(data, name=key))

    def iter_range(self, key: str, start: int = 0, end: int | None = None) -> Iterator[bytes]:
        """Bytes start..end (inclusive; end None = to the end), in blocks, never the whole file at once."""
        with self.storage.open(key, "rb") as fh:
            fh.seek(start)
            yield from _blocks(fh, None if end is None else end - start + 1)

    def delete(self, key: str) -> None:
        self.storage.delete(key)

    def keys(self, prefix: str) -> Iterator[tuple[str, datetime.datetime | None]]:
        """Every stored key under `prefix`, with its modification time when the backend knows it."""
        directories, files = self.storage.listdir(prefix)
        for name in files:
            key = f"{prefix.rstrip('/')}/{name}"
            try:
                modified = self.storage.get_modified_time(key)
            except (NotImplementedError, OSError):
                modified = None
            yield key, modified
        for directory in directories:
            yield from self.keys(f"{prefix.rstrip('/')}/{directory}")


class LocalBlobStore(BlobStore):
    """FileSystemStorage with crash-safe publication (DUR-03)."""

    def put_file(self, key: str, path: Path, size: int) -> bool:
        final = Path(self.storage.path(key))
        if final.exists() and final.stat().st_size == size:
            return False
        created = _makedirs(final.parent)
        with open(path, "rb") as fh:
            os.fsync(fh.fileno())
        tmp = final.with_name(f".{final.name}.{uuid.uuid4().hex}.tmp")
        try:
            try:
                os.link(path, tmp)  # same filesystem: publish the already-synced inode, no copy
            except OSError as exc:
                if exc.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP):
                    raise
                _copy_synced(path, tmp)
            os.chmod(tmp, 0o440)
            os.replace(tmp, final)
            fsync_dir(final.parent)
            for directory in created:
                fsync_dir(directory.parent)
        except BaseException:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise
        return True

    def put_bytes(self, key: str, data: bytes) -> None:
        final = Path(self.storage.path(key))
        if final.exists():
            return
        _makedirs(final.parent)
        tmp = final.with_name(f".{final.name}.{uuid.uuid4().hex}.tmp")
        try:
            with open(tmp, "xb") as fh:
                fh.write(data)
            os.replace(tmp, final)
        finally:
            with contextlib.suppress(OSError):
                tmp.unlink()

    def iter_range(self, key: str, start: int = 0, end: int | None = None) -> Iterator[bytes]:
        with open(self.storage.path(key), "rb") as fh:
            fh.seek(start)
            yield from _blocks(fh, None if end is None else end - start + 1)

    def keys(self, prefix: str) -> Iterator[tuple[str, datetime.datetime | None]]:
        root = Path(self.storage.location)
        base = root / prefix
        if not base.is_dir():
            return
        for directory, _dirs, files in os.walk(base):
            for name in files:
                path = Path(directory) / name
                with contextlib.suppress(FileNotFoundError):
                    modified = datetime.datetime.fromtimestamp(path.stat().st_mtime, tz=datetime.UTC)
                    yield path.relative_to(root).as_posix(), modified


class S3BlobStore(BlobStore):
    """S3-compatible storage: multipart upload with bounded memory, ranged streaming reads."""

    def _name(self, key: str) -> str:
        return self.storage._normalize_name(key)  # applies the storage's `location` prefix

    def put_file(self, key: str, path: Path, size: int) -> bool:
        from boto3.s3.transfer import TransferConfig

        if self.exists(key) and self.size(key) == size:
            return False
        part = conf.s3_transfer_chunk_bytes()
        config = TransferConfig(multipart_threshold=part, multipart_chunksize=part, max_concurrency=2)
        obj = self.storage.bucket.Object(self._name(key))
        obj.upload_file(str(path), ExtraArgs={"ContentType": "application/octet-stream"}, Config=config)
        obj.reload()
        if obj.content_length != size:
            raise StorageFailure("保存证据文件失败：对象存储中的文件大小与上传不符")
        return True

    def put_bytes(self, key: str, data: bytes) -> None:
        self.storage.bucket.put_object(Key=self._name(key), Body=data, ContentType="image/jpeg")

    def iter_range(self, key: str, start: int = 0, end: int | None = None) -> Iterator[bytes]:
        wanted = f"bytes={start}-{'' if end is None else end}"
        body = self.storage.bucket.Object(self._name(key)).get(Range=wanted)["Body"]
        try:
            yield from body.iter_chunks(BLOCK)
        finally:
            body.close()

    def keys(self, prefix: str) -> Iterator[tuple[str, datetime.datetime | None]]:
        location = self.storage.location.strip("/")
        for obj in self.storage.bucket.objects.filter(Prefix=self._name(prefix)):
            key = obj.key[len(location) + 1 :] if location else obj.key
            yield key, obj.last_modified


def blob_store() -> BlobStore:
    storage = storages[conf.storage_alias()]
    if isinstance(storage, FileSystemStorage):
        return LocalBlobStore(storage)
    try:
        from storages.backends.s3 import S3Storage
    except ImportError:  # pragma: no cover - django-storages is a dependency
        S3Storage = None  # noqa: N806
    if S3Storage is not None and isinstance(storage, S3Storage):
        return S3BlobStore(storage)
    return BlobStore(storage)


def _blocks(fh, remaining: int | None) -> Iterator[bytes]:
    while remaining is None or remaining > 0:
        block = fh.read(BLOCK if remaining is None else min(BLOCK, remaining))
        if not block:
            return
        if remaining is not None:
            remaining -= len(block)
        yield block


def _makedirs(directory: Path) -> list[Path]:
    """Create missing directories; return the new ones so their parents can be synced."""
    created: list[Path] = []
    current = directory
    while not current.exists():
        created.append(current)
        current = current.parent
    directory.mkdir(parents=True, exist_ok=True)
    return list(reversed(created))


def _copy_synced(source: Path, target: Path) -> None:
    with open(source, "rb") as src, open(target, "xb") as dst:
        shutil.copyfileobj(src, dst, BLOCK)
        dst.flush()
        os.fsync(dst.fileno())

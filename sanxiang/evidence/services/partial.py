"""The partial file of an upload on local disk: locking, appending, and its live hash state.

hashlib objects cannot be pickled, so the state of an upload's SHA-256 and SM3 lives in this
process (a small LRU keyed by session). A process without it (after a restart, or another worker)
rebuilds it by re-hashing the bytes already on disk; the file only ever grows (a failed chunk is
cut back to where it started), so the prefix a cached state covers never changes.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading
import uuid
from collections import OrderedDict
from collections.abc import Iterator
from pathlib import Path

from django.core.files import File

from sanxiang.core.errors import Conflict, InvalidInput

from .. import conf
from ..choices import UploadState
from ..conf import human_size
from ..errors import TooLarge
from ..models import UploadSession
from .hashing import Digests
from .storage import storage_errors

BLOCK = 256 * 1024  # request body read size: bounded memory, few hand-offs to the SM3 thread
CATCH_UP_BLOCK = 1024 * 1024
_LIVE: OrderedDict[str, Digests] = OrderedDict()
_LIVE_LOCK = threading.Lock()
_LIVE_MAX = 64


def temp_path(session: UploadSession) -> Path:
    return conf.upload_tmp_dir() / f"{session.public_id}.part"


def offset_of(session: UploadSession) -> int:
    """Bytes durably received: the length of the session's file on disk."""
    if session.state == UploadState.COMPLETED:
        return session.size
    try:
        return temp_path(session).stat().st_size
    except FileNotFoundError:
        return 0


def spool(uploaded) -> tuple[Path, int, str, str, bool]:
    """A file on local disk with its digests: reused when the upload handler made one, else copied."""
    if getattr(uploaded, "sm3", "") and hasattr(uploaded, "temporary_file_path"):
        return Path(uploaded.temporary_file_path()), uploaded.size, uploaded.sha256, uploaded.sm3, False
    source = uploaded if isinstance(uploaded, File) else File(uploaded)
    path = conf.upload_tmp_dir() / f"{uuid.uuid4()}.spool"
    digests = Digests()
    try:
        with storage_errors("接收文件"), open(path, "xb") as out, digests.parallel():
            for block in source.chunks(BLOCK):
                if digests.offset + len(block) > conf.max_file_bytes():
                    raise TooLarge(f"文件过大：单个文件不得超过 {human_size(conf.max_file_bytes())}")
                out.write(block)
                digests.update(block)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    if digests.offset == 0:
        path.unlink(missing_ok=True)
        raise InvalidInput("文件为空", fields={"file": ["文件为空"]})
    return path, digests.offset, *digests.hexdigests(), True


@contextlib.contextmanager
def locked(path: Path, *, writable: bool) -> Iterator[int]:
    """An fd on the session's file with an exclusive lock: one writer per session at a time."""
    with storage_errors("打开上传文件"):
        fd = os.open(path, (os.O_RDWR if writable else os.O_RDONLY) | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise Conflict("该上传会话正在接收另一个分片，请稍后重试", code="upload_busy") from None
        yield fd
    finally:
        os.close(fd)


def digests_at(session: UploadSession, fd: int, offset: int) -> Digests:
    """This process's hash state at `offset`, re-hashing the file from disk when it has none."""
    with _LIVE_LOCK:
        digests = _LIVE.pop(str(session.public_id), None)
    if digests is None or digests.offset > offset:
        digests = Digests()
    with storage_errors("读取上传文件"), digests.parallel():
        while digests.offset < offset:
            block = os.pread(fd, min(CATCH_UP_BLOCK, offset - digests.offset), digests.offset)
            if not block:
                raise OSError("upload file shorter than its offset")
            digests.update(block)
    return digests


def keep(session: UploadSession, digests: Digests) -> None:
    with _LIVE_LOCK:
        _LIVE[str(session.public_id)] = digests
        while len(_LIVE) > _LIVE_MAX:
            _LIVE.popitem(last=False)


def forget(session: UploadSession) -> None:
    with _LIVE_LOCK:
        _LIVE.pop(str(session.public_id), None)


def read_block(stream, size: int) -> bytes:
    try:
        return stream.read(size)
    except OSError:  # the client went away mid-chunk: what arrived is kept, it can resume
        return b""


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]

"""SHA-256 and SM3 computed together while bytes stream past (EVD-01).

SM3 (GB/T 32905) is the digest of record; SHA-256 is kept for outside tools. Both come from
OpenSSL through hashlib (`hashlib.new("sm3")`); the pure-Python gmssl is ~1000x slower.
"""

from __future__ import annotations

import contextlib
import hashlib
import queue
import threading
from collections.abc import Iterable, Iterator

_IN_FLIGHT = 8  # blocks queued for the SM3 thread: memory stays at a few blocks


class Digests:
    """Incremental SHA-256 + SM3 with the number of bytes fed so far."""

    __slots__ = ("sha256", "sm3", "offset", "_queue")

    def __init__(self) -> None:
        self.sha256 = hashlib.sha256()
        self.sm3 = hashlib.new("sm3")
        self.offset = 0
        self._queue: queue.Queue | None = None

    def update(self, data: bytes) -> None:
        """Feed immutable bytes (the SM3 thread may still be reading them after this returns)."""
        self.sha256.update(data)
        if self._queue is not None:
            self._queue.put(data)
        else:
            self.sm3.update(data)
        self.offset += len(data)

    @contextlib.contextmanager
    def parallel(self) -> Iterator[Digests]:
        """Run SM3 in a helper thread while a stream is fed in.

        SM3 is the slowest step of ingest (~200 MiB/s a core); hashlib releases the GIL while it
        hashes, so on a second core it overlaps receiving, writing and SHA-256. On exit the queue
        is drained, so the digests are complete whatever happened inside.
        """
        blocks: queue.Queue = queue.Queue(maxsize=_IN_FLIGHT)
        failure: list[BaseException] = []

        def drain() -> None:
            try:
                while (block := blocks.get()) is not None:
                    self.sm3.update(block)
            except BaseException as exc:  # pragma: no cover - hashlib does not fail on bytes
                failure.append(exc)

        worker = threading.Thread(target=drain, name="sm3", daemon=True)
        worker.start()
        self._queue = blocks
        try:
            yield self
        finally:
            self._queue = None
            blocks.put(None)
            worker.join()
        if failure:
            raise failure[0]

    def hexdigests(self) -> tuple[str, str]:
        return self.sha256.hexdigest(), self.sm3.hexdigest()


def sm3_of(blocks: Iterable[bytes]) -> str:
    digest = hashlib.new("sm3")
    for block in blocks:
        digest.update(block)
    return digest.hexdigest()


def digests_of(blocks: Iterable[bytes]) -> Digests:
    digests = Digests()
    with digests.parallel():
        for block in blocks:
            digests.update(block)
    return digests


def passing_through(blocks: Iterable[bytes], digest) -> Iterator[bytes]:
    """Yield the blocks unchanged while feeding `digest`."""
    for block in blocks:
        digest.update(block)
        yield block

"""A process that ingests evidence until the crash test kills it with SIGKILL (test_crash.py).

Run as `python -m sanxiang.evidence.tests.crash_child MODE` with SANXIANG_DATA_DIR and
DATABASE_URL pointing at a migrated throwaway installation. It prints one line per event:
`READY`, `ACK <evidence id> <sha256>` after each acknowledged upload, and `PLACED` when a blob is
durable but its row is not committed yet (mode "between", which then stalls there).
"""

from __future__ import annotations

import io
import os
import sys
import time


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main(mode: str) -> None:
    import django

    django.setup()
    from sanxiang.cases.models import Case
    from sanxiang.evidence.services import ingest
    from sanxiang.evidence.services.storage import LocalBlobStore
    from sanxiang.orgs.models import User

    user = User.objects.get(username="crash.officer")
    case = Case.objects.get()
    header = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2"

    def upload(size: int):
        data = header + os.urandom(size - len(header))
        session = ingest.create_session(
            user, case.public_id, {"step": "field", "filename": "a.mp4", "size": size}
        )
        for offset in range(0, size, 256 * 1024):
            part = data[offset : offset + 256 * 1024]
            ingest.receive_chunk(
                user, session.public_id, io.BytesIO(part), length=len(part), offset=str(offset)
            )
        return ingest.complete_session(user, session.public_id)

    if mode == "between":
        original = LocalBlobStore.put_file

        def put_then_stall(self, *args, **kwargs):
            result = original(self, *args, **kwargs)
            say("PLACED")
            time.sleep(60)
            return result

        LocalBlobStore.put_file = put_then_stall
    say("READY")
    while True:
        evidence = upload(int.from_bytes(os.urandom(3), "big") % (3 * 1024 * 1024) + 1024)
        say(f"ACK {evidence.public_id} {evidence.sha256}")


if __name__ == "__main__":
    main(sys.argv[1])

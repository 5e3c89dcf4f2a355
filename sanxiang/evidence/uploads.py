"""A Django upload handler that spools a form upload to the upload tmp dir and hashes it as it arrives.

Used by the staff UI's single-request upload: memory stays at one 64 KiB chunk whatever the file
size, and a file over the form limit is cut off before anything beyond the limit is stored.
"""

from __future__ import annotations

import tempfile

from django.core.files.uploadedfile import TemporaryUploadedFile, UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

from . import conf
from .services.hashing import Digests

MULTIPART_OVERHEAD = 64 * 1024  # boundaries and the small metadata fields around the file


class HashedTemporaryFile(TemporaryUploadedFile):
    """A TemporaryUploadedFile in the evidence upload dir, carrying its SHA-256 and SM3."""

    def __init__(self, name, content_type, size, charset, content_type_extra=None):
        file = tempfile.NamedTemporaryFile(suffix=".upload", dir=conf.upload_tmp_dir())  # noqa: SIM115 - closed by Django
        UploadedFile.__init__(self, file, name, content_type, size, charset, content_type_extra)
        self.sha256 = ""
        self.sm3 = ""


class HashingUploadHandler(FileUploadHandler):
    chunk_size = 64 * 1024

    def __init__(self, request=None, limit: int | None = None):
        super().__init__(request)
        self.limit = limit if limit is not None else conf.form_upload_max_bytes()
        self.too_large = False
        self.digests = Digests()

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        # Decided before any file byte is read; the parser only catches StopUpload from new_file on.
        self.too_large = bool(content_length and content_length > self.limit + MULTIPART_OVERHEAD)

    def new_file(self, *args, **kwargs):
        if self.too_large:
            raise StopUpload(connection_reset=True)
        super().new_file(*args, **kwargs)
        self.digests = Digests()
        self.file = HashedTemporaryFile(
            self.file_name, self.content_type, 0, self.charset, self.content_type_extra
        )

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            self.too_large = True
            self.file.close()
            raise StopUpload(connection_reset=True)
        self.file.write(raw_data)
        self.digests.update(raw_data)

    def file_complete(self, file_size):
        self.file.seek(0)
        self.file.size = file_size
        self.file.sha256, self.file.sm3 = self.digests.hexdigests()
        return self.file

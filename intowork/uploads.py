"""Uploads larger than the largest file the site accepts are never stored.

Django reads an upload into memory or a temporary file before any view or form can look at
it, and the CSRF check reads the form before the view runs, so a view's own size check comes
after a 1 GB body is already on disk. This handler runs first (FILE_UPLOAD_HANDLERS): it passes
a file's chunks on until FILE_UPLOAD_MAX_BYTES, then drops the rest as it arrives and hands the
form an empty file that says how large the upload was, so the form's own check refuses it with
its usual message ("A CV can be at most 5 MB") and the page keeps the rest of what was posted.
"""

from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler


class TooLargeUpload(SimpleUploadedFile):
    """What is left of an upload over the limit: no content, its real size."""

    def __init__(self, name: str, content_type: str, size: int) -> None:
        super().__init__(name, b"", content_type)
        self.size = size


class UploadSizeLimitHandler(FileUploadHandler):
    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        # None: the next handlers never see this chunk (nothing kept in memory or on disk).
        return raw_data if self.received <= settings.FILE_UPLOAD_MAX_BYTES else None

    def file_complete(self, file_size: int) -> TooLargeUpload | None:
        if self.received <= settings.FILE_UPLOAD_MAX_BYTES:
            return None  # the next handler's file, as Django would have made it
        return TooLargeUpload(self.file_name or "", self.content_type or "", self.received)

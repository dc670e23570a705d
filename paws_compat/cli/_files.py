"""Private files for secrets: a token file must never be readable by others or written through a link.

A file is written to a fresh temporary file (O_EXCL, O_NOFOLLOW, mode 0600) beside the target and
renamed over it, so an existing file keeps none of its old mode, a symlink planted at the target is
replaced rather than followed, and a reader never sees half a token.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat

_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def write_private(path: str, text: str) -> None:
    """Write `text` to `path` with mode 0600, replacing whatever is there atomically."""
    directory = os.path.dirname(os.path.abspath(path))
    with contextlib.suppress(FileNotFoundError):
        if stat.S_ISDIR(os.lstat(path).st_mode):
            raise IsADirectoryError(21, "is a directory", path)
    temporary = os.path.join(directory, f".{os.path.basename(path)}.{secrets.token_hex(6)}.tmp")
    descriptor = os.open(temporary, _FLAGS, stat.S_IRUSR | stat.S_IWUSR)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise

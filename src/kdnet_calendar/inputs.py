"""Reading an input file's bytes, the one way every reader and the data file do it.

Only a regular file is read, and at most :data:`~kdnet_calendar.limits.MAX_INPUT_BYTES`
of it: a FIFO or a device given as an input would block or never end.
"""

from __future__ import annotations

import os

from .exceptions import InputError
from .limits import MAX_INPUT_BYTES

__all__ = ["read_input_bytes"]


def read_input_bytes(path: str | os.PathLike[str], expected: str) -> bytes:
    """An input file's bytes, or an :class:`InputError` naming it and what was expected.

    Only a regular file is read, and no more than :data:`~kdnet_calendar.limits.MAX_INPUT_BYTES`
    of it: a FIFO or a device would block or never end, and no agenda is that large.
    """
    import stat

    name = os.fspath(path)
    try:
        # Non-blocking, so that opening a FIFO does not wait for a writer before it is refused.
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with open(fd, "rb") as f:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise InputError(
                    "cannot read the file: it is not a regular file", path=name, expected=expected
                )
            data = f.read(MAX_INPUT_BYTES + 1)
    except FileNotFoundError:
        raise InputError("no such file", path=name, expected=expected) from None
    except OSError as exc:
        raise InputError(
            f"cannot read the file: {exc.strerror or exc}", path=name, expected=expected
        ) from None
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(
            f"the file is larger than {MAX_INPUT_BYTES // 2**20} MB and was not read",
            path=name,
            expected=expected,
        )
    return data

"""Files: reading an input's bytes, the one way every reader does it, and writing a file
atomically, the one way every writer does it.

Only a regular file is read, and at most :data:`~kdnet_calendar.limits.MAX_INPUT_BYTES`
of it: a FIFO or a device given as an input would block or never end.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .exceptions import InputError
from .limits import MAX_INPUT_BYTES

__all__ = ["read_input_bytes", "write_atomic"]


def read_input_bytes(
    path: str | os.PathLike[str], expected: str, expected_da: str | None = None
) -> bytes:
    """An input file's bytes, or an :class:`InputError` naming it and what was expected
    (``expected_da`` in Danish; without it the Danish message repeats ``expected``).

    Only a regular file is read, and no more than :data:`~kdnet_calendar.limits.MAX_INPUT_BYTES`
    of it: a FIFO or a device would block or never end, and no agenda is that large.
    """
    import stat

    from .exceptions import os_problem

    name = os.fspath(path)
    try:
        # Non-blocking, so that opening a FIFO does not wait for a writer before it is refused.
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with open(fd, "rb") as f:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise InputError(
                    "cannot read the file: it is not a regular file",
                    path=name,
                    expected=expected,
                    problem_da="filen kan ikke læses: den er ikke en almindelig fil",
                    expected_da=expected_da,
                )
            data = f.read(MAX_INPUT_BYTES + 1)
    except FileNotFoundError:
        raise InputError(
            "no such file",
            path=name,
            expected=expected,
            problem_da="filen findes ikke",
            expected_da=expected_da,
        ) from None
    except OSError as exc:
        raise InputError(
            f"cannot read the file: {os_problem(exc)}",
            path=name,
            expected=expected,
            problem_da=f"filen kan ikke læses: {os_problem(exc, 'da')}",
            expected_da=expected_da,
        ) from None
    if len(data) > MAX_INPUT_BYTES:
        size = MAX_INPUT_BYTES // 2**20
        raise InputError(
            f"the file is larger than {size} MB and was not read",
            path=name,
            expected=expected,
            problem_da=f"filen er større end {size} MB og blev ikke læst",
            expected_da=expected_da,
        )
    return data


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace ``path`` with ``data`` so that a reader sees the old file or the new, never half.

    The bytes go to a temporary file in the same directory (so the rename cannot cross a
    file system), are flushed to disk, and the file is renamed over the target.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

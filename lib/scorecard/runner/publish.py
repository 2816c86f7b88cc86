"""The output folder, published atomically: a failed or interrupted run never damages a good one.

A run builds everything in a hidden sibling of its final folder (same filesystem, so moves are
renames):

    <output>/<la_code>/.<period>.building-<pid>/   while the run works
    <output>/<la_code>/<period>/                   the published run, swapped in when complete
    <output>/<la_code>/<period>.failed/            the last failed run, kept for its notebooks

Publishing exchanges the two folders in one `renameat2(RENAME_EXCHANGE)` call where Linux offers
it, so there is no moment at which the period has no folder; elsewhere the old folder is renamed
aside first and put back if the second rename fails. A lock file stops two runs of the same
period from building at once, so whatever hidden folder of that period a run finds while holding
the lock is a leftover of a run killed outright (SIGKILL, power cut): it is removed, and a
previous run that was renamed aside but never replaced is put back.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import re
import shutil
from pathlib import Path

from scorecard.errors import ScorecardError

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class OutputFolder:
    """Context manager: `.build` is the folder to write; call `publish()` or `keep_failed()`."""

    def __init__(self, final: Path):
        self.final = Path(final)
        self.parent = self.final.parent
        self.name = self.final.name
        self.build = self.parent / f".{self.name}.building-{os.getpid()}"
        self.failed = self.parent / f"{self.name}.failed"
        self._lock = None
        self._done = False

    def __enter__(self) -> OutputFolder:
        self.parent.mkdir(parents=True, exist_ok=True)
        lock_path = self.parent / f".{self.name}.lock"
        self._lock = open(lock_path, "w")  # noqa: SIM115
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._lock.close()
            raise ScorecardError(
                f"another scorecard run is writing {self.final} now; wait for it to finish"
            ) from None
        self._clean_leftovers()
        self.build.mkdir()
        return self

    def publish(self) -> None:
        """Put the build in place of the final folder, then remove the one it replaced."""
        if self.final.exists():
            if _exchange(self.build, self.final):
                shutil.rmtree(self.build)  # now holds the previous run
            else:
                aside = self.parent / f".{self.name}.previous-{os.getpid()}"
                os.rename(self.final, aside)
                try:
                    os.rename(self.build, self.final)
                except OSError:
                    os.rename(aside, self.final)
                    raise
                shutil.rmtree(aside)
        else:
            os.rename(self.build, self.final)
        if self.failed.exists():  # a good run supersedes the last failure
            shutil.rmtree(self.failed, ignore_errors=True)
        self._done = True

    def keep_failed(self) -> Path:
        """Move the build to `<period>.failed` (replacing an older failure) for inspection."""
        if self.failed.exists():
            shutil.rmtree(self.failed)
        os.rename(self.build, self.failed)
        self._done = True
        return self.failed

    def __exit__(self, *exc) -> None:
        try:
            if not self._done and self.build.exists():
                shutil.rmtree(self.build, ignore_errors=True)
        finally:
            if self._lock is not None:
                fcntl.flock(self._lock, fcntl.LOCK_UN)
                self._lock.close()

    def _clean_leftovers(self) -> None:
        pattern = re.compile(rf"^\.{re.escape(self.name)}\.(building|previous)-(\d+)$")
        for entry in sorted(self.parent.iterdir()):
            m = pattern.match(entry.name)
            if not m:
                continue
            if m.group(1) == "previous" and not self.final.exists():
                os.rename(entry, self.final)  # a run died between its two renames
            else:
                shutil.rmtree(entry, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2); False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                          ctypes.c_uint]
    rc = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if rc == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.EXDEV):
        return False
    raise OSError(err, os.strerror(err), str(b))

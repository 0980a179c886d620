"""Storage faults for `brinkwatch run`: a read-only store file, a read-only folder and a full
disk, each run as a user would meet it (a subprocess), with what it printed and returned."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .killer import BRINKWATCH

NOBODY = 65534


@dataclass
class FaultResult:
    exit_code: int
    stderr: str
    integrity: str = ""

    @property
    def error_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]


def run_brinkwatch(args: list[str], *, as_user: int | None = None, timeout: float = 300) -> FaultResult:
    """``brinkwatch ARGS`` in a subprocess, optionally as another user (root ignores file
    permissions, so read-only cases run as ``nobody`` when the tests run as root)."""
    preexec = None
    env = dict(os.environ)
    if as_user is not None:
        env["HOME"] = "/tmp"

        def preexec() -> None:
            os.setgid(as_user)
            os.setuid(as_user)

    proc = subprocess.run([*BRINKWATCH, *args], capture_output=True, text=True, env=env, preexec_fn=preexec,
                          timeout=timeout, cwd="/")
    return FaultResult(exit_code=proc.returncode, stderr=proc.stderr)


def readonly_user() -> int | None:
    """The user to run read-only cases as: ``nobody`` when we are root, else ourselves."""
    return NOBODY if os.geteuid() == 0 else None


def world_readable(*paths: Path) -> None:
    for path in paths:
        for parent in [path, *path.parents]:
            if parent == Path("/") or parent == Path("/tmp"):
                break
            mode = parent.stat().st_mode
            parent.chmod(mode | 0o005 | (0o001 if parent.is_dir() else 0))


@contextlib.contextmanager
def tiny_disk(folder: Path, size_kb: int) -> Iterator[Path | None]:
    """A tmpfs of ``size_kb`` mounted at ``folder`` (None when mounting is not permitted)."""
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or not shutil.which("mount"):
        yield None
        return
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(folder)],
                             capture_output=True)
    if mounted.returncode != 0:
        yield None
        return
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def python_can_run_as_nobody() -> bool:
    """Whether ``nobody`` can start this interpreter and import brinkwatch (venv readable)."""
    if os.geteuid() != 0:
        return True
    try:
        proc = subprocess.run([sys.executable, "-c", "import brinkwatch.cli"], preexec_fn=lambda: os.setuid(NOBODY),
                              capture_output=True, timeout=60, cwd="/")
    except (OSError, subprocess.SubprocessError):
        return False
    return proc.returncode == 0

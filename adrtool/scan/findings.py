"""The scanner's notebook: evidence, warnings and safe, size-capped manifest reads."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from adrtool.errors import located
from adrtool.scan.profile import Evidence

MAX_MANIFEST_BYTES = 1 << 20  # 1 MiB: no real manifest is bigger


class Findings:
    """Collects evidence and warnings while detectors read the repo's manifests."""

    def __init__(self, root: Path, files: Iterable[str] = ()) -> None:
        self.root = root
        self._real_root = os.path.realpath(root)
        self.files: frozenset[str] = frozenset(files)
        self.evidence: dict[Evidence, None] = {}  # insertion-ordered set
        self.warnings: list[str] = []
        self.manifests: dict[str, None] = {}
        self.names: list[tuple[str, str]] = []  # (project name, manifest path), as found

    def add(self, kind: str, value: str, path: str) -> None:
        """Record that ``path`` shows ``value`` (a language, framework, deployment, ci, ...)."""
        self.evidence.setdefault(Evidence(kind, value, path), None)

    def name(self, value: object, path: str) -> None:
        """Offer a project name found in the manifest at ``path``."""
        if isinstance(value, str) and value.strip():
            self.names.append((value.strip(), path))

    def warn(self, path: str, line: int | None, message: str) -> None:
        """A problem with one file: reported, and the scan goes on without it."""
        self.warnings.append(located(path, line, message))

    def read(self, rel: str, *, limit: int = MAX_MANIFEST_BYTES, quiet: bool = False) -> str | None:
        """The text of the file at POSIX path ``rel``, or None (with a warning) if unreadable.

        Files over ``limit`` bytes are skipped (with ``quiet``: only their head is read, for
        sniffing). Symlinks that lead outside the repo are not followed.
        """
        path = os.path.join(self.root, *PurePosixPath(rel).parts)
        try:
            if os.path.islink(path):
                real = os.path.realpath(path)
                if os.path.commonpath([real, self._real_root]) != self._real_root:
                    if not quiet:
                        self.warn(rel, None, "symlink to a file outside the repo; skipped")
                    return None
            with open(path, "rb") as fh:
                data = fh.read(limit + 1)
        except FileNotFoundError:
            return None  # listed by git but deleted in the work tree
        except (IsADirectoryError, NotADirectoryError):
            return None  # a submodule or a folder named like a manifest
        except OSError as e:
            if not quiet:
                self.warn(rel, None, f"cannot read ({e.strerror or e}); skipped")
            return None
        if len(data) > limit:
            if quiet:
                data = data[:limit]
            else:
                self.warn(rel, None, f"larger than {limit // 1024} KiB; skipped")
                return None
        if not quiet:
            self.manifests.setdefault(rel, None)
        return data.decode("utf-8-sig", errors="replace")


def parent(rel: str) -> str:
    """The folder of POSIX path ``rel`` ('' at the root)."""
    return rel.rpartition("/")[0]


def sibling(rel: str, name: str) -> str:
    """The path of ``name`` in the same folder as ``rel``."""
    folder = parent(rel)
    return f"{folder}/{name}" if folder else name

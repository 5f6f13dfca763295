"""Where packaged data (templates, criteria) lives, in a wheel or a source checkout."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def data_dir(name: str) -> Path:
    """Return the packaged ``templates`` or ``criteria`` folder.

    A wheel carries them inside the package (hatchling force-include); an editable or
    source checkout has them at the repository root.
    """
    packaged = files("adrtool") / name
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / name

from __future__ import annotations

from adrtool.cli import main

if __name__ == "__main__":
    main()

"""Screenshots of a built site, light and dark, desktop and phone.

    python -m tests.tools.screenshots site/ build/screenshots/ papers/skillmimic/ topics/x/
    python -m tests.tools.screenshots --full site/ build/screenshots/ topics/   # whole pages
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from .browser import CHROMIUM_ARGS, chromium_path, serve

SIZES = {"desktop": (1280, 900), "phone": (390, 844)}


def main(argv: list[str]) -> int:
    full = "--full" in argv
    site, out, *paths = [arg for arg in argv if arg != "--full"]
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    with serve(Path(site)) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for scheme in ("light", "dark"):
            for size_name, (width, height) in SIZES.items():
                page = browser.new_page(viewport={"width": width, "height": height},
                                        color_scheme=scheme)
                for path in paths or [""]:
                    page.goto(base + path)
                    page.wait_for_timeout(300)
                    name = (path.strip("/").replace("/", "_") or "home")
                    page.screenshot(path=str(out_dir / f"{name}-{scheme}-{size_name}.png"),
                                    full_page=full)
                page.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

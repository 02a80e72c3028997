"""Headless Chromium (Debian's package) driven by Playwright, and axe-core from npm."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


class BrowserUnavailableError(RuntimeError):
    pass


def chromium_path() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    raise BrowserUnavailableError(
        "Chromium est introuvable : installez le paquet Debian chromium (voir .ci/run)."
    )


def axe_source() -> str:
    if not AXE.exists():
        raise BrowserUnavailableError(
            f"axe-core est introuvable ({AXE}) : lancez « npm ci » (fait par make test)."
        )
    return AXE.read_text(encoding="utf-8")


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe-core on the page with the WCAG 2.1 A/AA rules; return the violations."""
    page.add_script_tag(content=axe_source())
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA
    )
    return list(result["violations"])


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        targets = [node["target"] for node in violation["nodes"]][:3]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} — {targets}")
    return "\n".join(lines)


def tab_to(page: Any, element_id: str, presses: int = 60) -> None:
    """From where the focus is, press Tab until the element with this id has it (keyboard only)."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == element_id:
            return
    raise AssertionError(f"#{element_id} never gets the focus with Tab")


def refusals(page: Any) -> list[str]:
    """Listen to ``page`` from now on: the list fills with every Content-Security-Policy
    refusal the console reports and every uncaught script error (empty on a clean page)."""
    found: list[str] = []
    page.on(
        "console",
        lambda message: (
            found.append(f"{message.type}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    page.on("pageerror", lambda error: found.append(f"pageerror: {error}"))
    return found

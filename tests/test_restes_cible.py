"""Every control of the header can be hit with a thumb on a 360 px phone: its box is at least 44 × 44 CSS px (WCAG
2.5.5, which the heading block's buttons already meet), or it is a small target (under 24 × 24) that meets WCAG
2.5.8's spacing exception (a 24 px circle centred on it crosses no other target nor another small target's circle).
Measured in headless Chromium on what a person sees: the header as it loads, with the menu opened, and the skip
link once focused."""

from __future__ import annotations

import math
from typing import Any

import pytest

TARGET = 44  # px, both dimensions
SMALL = 24  # px: under this, WCAG 2.5.8's spacing exception may apply
PAGES = ["", "fiches/pair-aidance/", "fiches/pair-aidance/facile-a-lire/"]

# The header's interactive elements a person can see now, with their boxes.
BOXES = """() => {
  const header = document.querySelector("header");
  const chosen = [...header.querySelectorAll(
    "a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex='-1'])")];
  const skip = document.querySelector("a.up-evitement");
  if (skip && document.activeElement === skip) chosen.push(skip);
  return chosen
    .filter(e => e.checkVisibility({visibilityProperty: true, opacityProperty: true}))
    .map(e => {
      const r = e.getBoundingClientRect();
      const name = (e.getAttribute("aria-label") || e.textContent || e.placeholder || e.name || "").trim();
      return {name: e.tagName.toLowerCase() + " « " + name.replace(/\\s+/g, " ").slice(0, 40) + " »",
              x: r.x, y: r.y, w: r.width, h: r.height};
    })
    .filter(b => b.w > 0 && b.h > 0);
}"""


def _circle_hits_box(cx: float, cy: float, radius: float, box: dict[str, Any]) -> bool:
    nearest_x = min(max(cx, box["x"]), box["x"] + box["w"])
    nearest_y = min(max(cy, box["y"]), box["y"] + box["h"])
    return math.hypot(cx - nearest_x, cy - nearest_y) < radius


def too_small(boxes: list[dict[str, Any]]) -> list[str]:
    """The targets that are neither 44 × 44 nor small targets meeting WCAG 2.5.8's spacing exception."""
    centre = {id(b): (b["x"] + b["w"] / 2, b["y"] + b["h"] / 2) for b in boxes}
    small = [b for b in boxes if b["w"] < SMALL or b["h"] < SMALL]
    out = []
    for b in boxes:
        if b["w"] >= TARGET and b["h"] >= TARGET:
            continue
        if b in small:
            cx, cy = centre[id(b)]
            others = [o for o in boxes if o is not b]
            crosses = any(_circle_hits_box(cx, cy, SMALL / 2, o) for o in others) or any(
                math.dist(centre[id(b)], centre[id(o)]) < SMALL for o in small if o is not b
            )
            if not crosses:
                continue
        out.append(f"{b['name']} : {b['w']:.1f} × {b['h']:.1f} px")
    return out


def test_the_rule_measures_what_it_says() -> None:
    """The rule itself, on boxes laid out by hand: a wide 36 px field fails; a 16 px icon alone passes, touching
    another target it fails; a 44 × 44 button passes."""
    field = {"name": "champ", "x": 0, "y": 0, "w": 280, "h": 36}
    button = {"name": "bouton", "x": 300, "y": 0, "w": 44, "h": 44}
    icon = {"name": "icône", "x": 400, "y": 0, "w": 16, "h": 16}
    near = {"name": "voisin", "x": 418, "y": 0, "w": 44, "h": 44}
    assert too_small([field, button]) == ["champ : 280.0 × 36.0 px"]
    assert too_small([button, icon]) == []
    assert too_small([button, icon, near]) == ["icône : 16.0 × 16.0 px"]


@pytest.mark.parametrize("url", PAGES)
def test_every_header_control_is_a_thumb_sized_target_on_a_phone(browser, server: str, url: str) -> None:
    tab = browser.new_page()
    try:
        tab.set_viewport_size({"width": 360, "height": 780})
        tab.goto(f"{server}/{url}")
        seen: dict[str, list[str]] = {}
        closed = tab.evaluate(BOXES)
        seen["à l'arrivée"] = too_small(closed)
        names = {b["name"] for b in closed}
        assert any(n.startswith("input") for n in names) and any(n.startswith("button") for n in names), names
        menu = tab.locator("header summary")
        if menu.count():
            menu.first.click()
            opened = tab.evaluate(BOXES)
            assert len(opened) > len(closed), "the menu's links show once it is opened"
            seen["menu ouvert"] = too_small(opened)
        tab.goto(f"{server}/{url}")
        tab.keyboard.press("Tab")  # the skip link, first stop of the page, shown once focused
        focused = tab.evaluate(BOXES)
        assert any("Aller au contenu" in b["name"] for b in focused), focused
        seen["lien d'évitement"] = too_small(focused)
    finally:
        tab.close()
    assert not any(seen.values()), f"/{url} à 360 px : cibles de moins de 44 × 44 px : {seen}"

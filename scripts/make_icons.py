"""Draw runback's home-screen icons and favicon (run once; the PNGs and ICO are checked in).

Why a script: the icons are generated, not downloaded, so anyone can redraw them at
new sizes with no network and no design tool. Pillow arrives with reportlab.

    python scripts/make_icons.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parents[1] / "src/runback/web/static/runback/icons"
BRAND = (15, 118, 110, 255)  # --brand in runback.css
WHITE = (255, 255, 255, 255)
SCALE = 4  # draw large, shrink: smooth edges without an anti-aliasing library


def draw(size: int, *, maskable: bool) -> Image.Image:
    """A teal tile with a white rising path (a runner coming back); maskable keeps a safe zone."""
    big = size * SCALE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    if maskable:
        pen.rectangle((0, 0, big, big), fill=BRAND)
        inset = big * 0.2
    else:
        pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=big * 0.22, fill=BRAND)
        inset = big * 0.14
    span = big - 2 * inset
    points = [
        (inset, inset + span * 0.82),
        (inset + span * 0.36, inset + span * 0.5),
        (inset + span * 0.56, inset + span * 0.68),
        (inset + span * 0.92, inset + span * 0.2),
    ]
    pen.line(points, fill=WHITE, width=max(1, int(span * 0.13)), joint="curve")
    radius = span * 0.1
    x, y = points[-1]
    pen.ellipse((x - radius, y - radius, x + radius, y + radius), fill=WHITE)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        draw(size, maskable=False).save(OUT / f"icon-{size}.png", optimize=True)
        draw(size, maskable=True).save(OUT / f"icon-maskable-{size}.png", optimize=True)
    draw(180, maskable=True).convert("RGB").save(OUT / "apple-touch-icon.png", optimize=True)
    draw(64, maskable=False).save(OUT / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])


if __name__ == "__main__":
    main()

"""Draw Pensioenchecker's icon: a rising line over a rounded square, with a euro sign.

``python scripts/make_icon.py`` writes ``resources/icons/pensioenchecker.png`` (512 px) and
``resources/icons/pensioenchecker.ico`` (16 to 256 px, for Windows). Drawn with Pillow at four
times the size and scaled down, so the edges are smooth. Run it again after changing the drawing
and commit both files; the bundle (``build.spec``) only reads them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "resources" / "icons"
SIZE = 512
SCALE = 4
BACKGROUND = (23, 86, 140)  # deep blue
LINE = (255, 255, 255)
ACCENT = (255, 196, 61)  # warm yellow


def euro_font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """A bold sans-serif font with a euro sign: DejaVu (shipped with matplotlib), else Pillow's."""
    candidates = [Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")]
    try:
        import matplotlib

        candidates.insert(0, Path(matplotlib.get_data_path()) / "fonts/ttf/DejaVuSans-Bold.ttf")
    except ImportError:
        pass
    for path in candidates:
        if path.is_file():
            return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size)


def draw(size: int = SIZE) -> Image.Image:
    """The icon at ``size`` pixels square."""
    big = size * SCALE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    margin = big // 16
    pen.rounded_rectangle(
        (margin, margin, big - margin, big - margin), radius=big // 6, fill=BACKGROUND
    )

    # A line that rises in steps, as an income that grows towards retirement.
    unit = big / 16
    points = [(3.2, 12.0), (6.0, 9.6), (8.4, 10.6), (12.8, 5.2)]
    line = [(x * unit, y * unit) for x, y in points]
    width = int(unit * 1.05)
    pen.line(line, fill=LINE, width=width, joint="curve")
    for x, y in (line[0], line[-1]):
        r = width * 0.5
        pen.ellipse((x - r, y - r, x + r, y + r), fill=LINE)
    x, y = line[-1]
    r = width * 1.05
    pen.ellipse((x - r, y - r, x + r, y + r), fill=ACCENT)

    # The euro sign, top left.
    font = euro_font(int(unit * 5.2))
    pen.text((unit * 3.0, unit * 2.2), "€", font=font, fill=ACCENT)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    ICONS.mkdir(parents=True, exist_ok=True)
    icon = draw()
    icon.save(ICONS / "pensioenchecker.png", optimize=True)
    sizes = [(s, s) for s in (16, 24, 32, 48, 64, 128, 256)]
    icon.save(ICONS / "pensioenchecker.ico", sizes=sizes)
    sys.stdout.write(f"wrote {ICONS / 'pensioenchecker.png'} and {ICONS / 'pensioenchecker.ico'}\n")


if __name__ == "__main__":
    main()

"""Draw the original illustrations of the demo issue 47 (Workers' Lantern).

Shapes -> flat-colour, linocut-style pictures -> palette PNGs at 300 ppi in
issues/47/pictures/.  Everything is drawn here with Pillow's ImageDraw: no
fonts, no photographs, no other people's pictures.  The drawing is
deterministic (fixed random seeds), so running the script twice gives the
same files.

    .venv/bin/python scripts/draw_demo_pictures.py
"""

from __future__ import annotations

import math
import random
from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "issues" / "47" / "pictures"
SS = 3  # supersampling factor: draw big, shrink once, for smooth edges

# The inks of the "linocut": a cream paper and a few flat colours.
PAPER = (243, 234, 214)
INK = (31, 27, 25)
RED = (187, 48, 38)
DEEP = (122, 30, 28)
OCHRE = (222, 160, 58)
SAND = (226, 197, 143)
SLATE = (58, 78, 96)
GREY = (150, 144, 134)
DUSK = (92, 104, 118)
CLAY = (150, 98, 56)


class Sheet:
    """A picture in final pixels, drawn on a supersampled canvas."""

    def __init__(self, width: int, height: int, background=PAPER):
        self.w, self.h = width, height
        self.img = Image.new("RGB", (width * SS, height * SS), background)
        self.draw = ImageDraw.Draw(self.img)

    def poly(self, pts, fill, outline=None, width=0):
        """A filled polygon; an outline straddles the edge (Pillow's own
        polygon outline lies inside the shape, so a later fill hides it)."""
        big = [(x * SS, y * SS) for x, y in pts]
        self.draw.polygon(big, fill=fill)
        if outline is not None and width:
            self.draw.line(big + big[:1], fill=outline, width=int(width * SS),
                           joint="curve")

    def rect(self, x0, y0, x1, y1, fill, radius=0):
        box = (x0 * SS, y0 * SS, x1 * SS, y1 * SS)
        if radius:
            self.draw.rounded_rectangle(box, radius * SS, fill=fill)
        else:
            self.draw.rectangle(box, fill=fill)

    def oval(self, cx, cy, rx, ry, fill):
        self.draw.ellipse(((cx - rx) * SS, (cy - ry) * SS,
                           (cx + rx) * SS, (cy + ry) * SS), fill=fill)

    def line(self, pts, fill, width):
        self.draw.line([(x * SS, y * SS) for x, y in pts], fill=fill,
                       width=max(1, int(width * SS)), joint="curve")

    def save(self, name: str, colors: int = 64) -> Path:
        small = self.img.resize((self.w, self.h), Image.LANCZOS)
        pal = small.quantize(colors, method=Image.Quantize.MEDIANCUT,
                             dither=Image.Dither.NONE)
        OUT.mkdir(parents=True, exist_ok=True)
        path = OUT / name
        pal.save(path, optimize=True, dpi=(300, 300))
        return path


# --- texture --------------------------------------------------------------

def gouge(sh, x0, x1, y, thick, color, wobble=0.0, phase=0.0):
    """One tapered cut of the gouge: a thin lens shape from x0 to x1."""
    n = max(6, int((x1 - x0) / 12))
    top, bottom = [], []
    for i in range(n + 1):
        u = i / n
        x = x0 + (x1 - x0) * u
        yc = y + wobble * math.sin(u * math.pi * 2 + phase)
        t = thick * math.sin(math.pi * u) ** 0.7
        top.append((x, yc - t / 2))
        bottom.append((x, yc + t / 2))
    sh.poly(top + bottom[::-1], fill=color)


def carve_rows(sh, rng, box, color, spacing, thick, gap=0.35, wobble=3.0):
    """Rows of gouge cuts filling a box, as on a hand-cut block."""
    x0, y0, x1, y1 = box
    y = y0 + spacing / 2
    while y < y1:
        x = x0 - rng.uniform(0, 80)
        while x < x1:
            length = rng.uniform(90, 320)
            if rng.random() > gap:
                gouge(sh, x, x + length, y + rng.uniform(-2, 2),
                      thick * rng.uniform(0.6, 1.2), color, wobble,
                      rng.uniform(0, 6.3))
            x += length + rng.uniform(10, 40)
        y += spacing * rng.uniform(0.85, 1.15)


def rays(sh, cx, cy, n, colors, start=0.0):
    """Poster sunburst: alternating wedges around (cx, cy)."""
    far = 4 * max(sh.w, sh.h)
    for i in range(n):
        a0 = start + 2 * math.pi * i / n
        a1 = start + 2 * math.pi * (i + 1) / n
        sh.poly([(cx, cy),
                 (cx + far * math.cos(a0), cy + far * math.sin(a0)),
                 (cx + far * math.cos(a1), cy + far * math.sin(a1))],
                fill=colors[i % len(colors)])


def striped_sun(sh, cx, cy, r, fill, cut, rng):
    """A disc whose lower half is cut by widening horizontal stripes."""
    sh.oval(cx, cy, r, r, fill)
    y, k = cy + r * 0.1, 1
    while y < cy + r:
        half = math.sqrt(max(0.0, r * r - (y - cy) ** 2))
        gouge(sh, cx - half - 4, cx + half + 4, y, 2 + k * 1.6, cut, 1.0,
              rng.uniform(0, 6))
        y += r * 0.13
        k += 1


# --- people ---------------------------------------------------------------

def person_shapes(x, base, h, kind, arm):
    """Silhouette of a person seen from behind, as a list of primitives."""
    r = 0.12 * h
    hy = base - h + r
    sw = 0.27 * h
    ys = hy + r + 0.04 * h
    shapes = [("oval", (x, hy, r * 0.93, r)),
              ("rect", (x - 0.06 * h, hy, x + 0.06 * h, ys + 0.05 * h, 0)),
              ("oval", (x - sw + 0.08 * h, ys + 0.09 * h, 0.09 * h, 0.09 * h)),
              ("oval", (x + sw - 0.08 * h, ys + 0.09 * h, 0.09 * h, 0.09 * h)),
              ("poly", [(x - sw + 0.08 * h, ys), (x + sw - 0.08 * h, ys),
                        (x + sw, ys + 0.09 * h), (x + sw * 0.96, base + h),
                        (x - sw * 0.96, base + h), (x - sw, ys + 0.09 * h)])]
    shapes += hat_shapes(x, hy, r, kind)
    if arm:
        shapes += arm_shapes(x, ys, h, sw, arm)
    return shapes


def hat_shapes(x, hy, r, kind):
    if kind == "cap":
        return [("oval", (x, hy - r * 0.45, r * 1.05, r * 0.6)),
                ("poly", [(x - r * 0.3, hy - r * 0.25), (x + r * 1.6, hy - r * 0.05),
                          (x + r * 1.5, hy + r * 0.12), (x, hy + r * 0.05)])]
    if kind == "scarf":
        return [("oval", (x, hy - r * 0.05, r * 1.12, r * 1.12)),
                ("poly", [(x - r * 1.1, hy), (x + r * 1.1, hy),
                          (x + r * 0.7, hy + r * 2.0), (x - r * 0.7, hy + r * 2.0)])]
    if kind == "fur":
        return [("rect", (x - r * 1.08, hy - r * 1.2, x + r * 1.08, hy - r * 0.15,
                          r * 0.5))]
    if kind == "helmet":
        return [("oval", (x, hy - r * 0.3, r * 1.1, r * 0.85)),
                ("rect", (x - r * 1.45, hy - r * 0.05, x + r * 1.45, hy + r * 0.12, 0))]
    return []


def arm_shapes(x, ys, h, sw, arm):
    """A raised arm ending in a fist ("fist") or gripping a pole ("grip")."""
    side = 1 if arm in ("fist", "grip") else -1
    sx = x + side * (sw - 0.1 * h)
    hx, hy = sx + side * 0.12 * h, ys - 0.4 * h
    t = 0.085 * h
    shapes = [("poly", [(sx - t, ys + 0.1 * h), (sx + t, ys + 0.1 * h),
                        (hx + t * 0.55, hy), (hx - t * 0.55, hy)]),
              ("rect", (hx - 0.09 * h, hy - 0.15 * h, hx + 0.09 * h, hy + 0.01 * h,
                        0.055 * h)),
              ("oval", (hx - side * 0.085 * h, hy - 0.02 * h, 0.05 * h, 0.045 * h))]
    return shapes


def limb(p0, p1, w0, w1):
    """A tapered bar from p0 (width w0) to p1 (width w1), as a polygon."""
    (x0, y0), (x1, y1) = p0, p1
    length = math.hypot(x1 - x0, y1 - y0) or 1.0
    nx, ny = -(y1 - y0) / length, (x1 - x0) / length
    return ("poly", [(x0 + nx * w0 / 2, y0 + ny * w0 / 2), (x1 + nx * w1 / 2, y1 + ny * w1 / 2),
                     (x1 - nx * w1 / 2, y1 - ny * w1 / 2), (x0 - nx * w0 / 2, y0 - ny * w0 / 2)])


def walker_shapes(x, base, h, kind, pose, facing):
    """A whole standing figure: head, body, legs in a stride, two arms."""
    f = facing
    r = 0.07 * h
    hy = base - h + r
    ys, yh = hy + r + 0.03 * h, base - 0.47 * h
    shapes = [("oval", (x, hy, r, r * 1.05)),
              ("poly", [(x - 0.11 * h, ys), (x + 0.11 * h, ys), (x + 0.095 * h, yh),
                        (x - 0.095 * h, yh)]),
              ("oval", (x - 0.075 * h, ys + 0.03 * h, 0.035 * h, 0.035 * h)),
              ("oval", (x + 0.075 * h, ys + 0.03 * h, 0.035 * h, 0.035 * h)),
              limb((x - 0.045 * h, yh - 0.02 * h), (x - f * 0.11 * h, base), 0.095 * h, 0.065 * h),
              limb((x + 0.045 * h, yh - 0.02 * h), (x + f * 0.1 * h, base), 0.095 * h, 0.065 * h),
              ("rect", (x + f * 0.1 * h - 0.04 * h, base - 0.03 * h,
                        x + f * 0.1 * h + 0.06 * h, base, 0.01 * h)),
              ("rect", (x - f * 0.11 * h - 0.04 * h, base - 0.03 * h,
                        x - f * 0.11 * h + 0.06 * h, base, 0.01 * h))]
    back = (x - f * 0.1 * h, ys + 0.04 * h)
    front = (x + f * 0.1 * h, ys + 0.04 * h)
    shapes.append(limb(back, (x - f * 0.17 * h, yh + 0.02 * h), 0.07 * h, 0.055 * h))
    if pose == "fist":
        hand = (x + f * 0.17 * h, hy - 0.12 * h)
        shapes += [limb(front, hand, 0.07 * h, 0.055 * h),
                   ("oval", (hand[0], hand[1] - 0.01 * h, 0.04 * h, 0.04 * h))]
    elif pose == "sign":
        hand = (x + f * 0.13 * h, hy + 0.1 * h)
        shapes += [limb(front, (x + f * 0.2 * h, ys + 0.2 * h), 0.06 * h, 0.05 * h),
                   limb((x + f * 0.2 * h, ys + 0.2 * h), hand, 0.05 * h, 0.045 * h),
                   ("oval", (hand[0], hand[1], 0.035 * h, 0.035 * h))]
    elif pose == "pail":
        hand = (x + f * 0.14 * h, yh + 0.03 * h)
        shapes += [limb(front, hand, 0.07 * h, 0.055 * h),
                   ("rect", (hand[0] - 0.06 * h, hand[1], hand[0] + 0.06 * h,
                             hand[1] + 0.08 * h, 0.015 * h))]
    elif pose == "wrench":
        hand = (x + f * 0.14 * h, ys + 0.02 * h)
        shapes += [limb(front, (x + f * 0.16 * h, yh - 0.05 * h), 0.07 * h, 0.055 * h),
                   limb((x + f * 0.16 * h, yh - 0.05 * h), hand, 0.045 * h, 0.04 * h),
                   limb((hand[0] + f * 0.02 * h, hand[1] + 0.02 * h),
                        (x - f * 0.12 * h, hy - 0.06 * h), 0.025 * h, 0.025 * h)]
    else:
        shapes.append(limb(front, (x + f * 0.16 * h, yh + 0.02 * h), 0.07 * h, 0.055 * h))
    return shapes + hat_shapes(x, hy, r, kind)


def walker(sh, x, base, h, fill, edge, kind="bare", pose=None, facing=1):
    shapes = walker_shapes(x, base, h, kind, pose, facing)
    if edge is not None:
        draw_shapes(sh, shapes, edge, grow=max(2.0, h * 0.01))
    draw_shapes(sh, shapes, fill)


def draw_shapes(sh, shapes, fill, grow=0.0):
    for kind, g in shapes:
        if kind == "oval":
            cx, cy, rx, ry = g
            sh.oval(cx, cy, rx + grow, ry + grow, fill)
        elif kind == "rect":
            x0, y0, x1, y1, rad = g
            sh.rect(x0 - grow, y0 - grow, x1 + grow, y1 + grow, fill, rad + grow)
        else:
            sh.poly(g, fill, outline=fill if grow else None, width=2 * grow)


def person(sh, x, base, h, fill, edge, kind="bare", arm=None):
    """A person cut out of the block: a paper rim, then the ink."""
    shapes = person_shapes(x, base, h, kind, arm)
    if edge is not None:
        draw_shapes(sh, shapes, edge, grow=max(2.0, h * 0.012))
    draw_shapes(sh, shapes, fill)


def crowd(sh, rng, x0, x1, base, h, fill, edge, arms=0.15, spread=0.42):
    """A row of people, shoulder to shoulder, with some fists up."""
    kinds = ["bare", "cap", "scarf", "fur", "bare", "cap", "scarf"]
    x = x0
    while x < x1:
        hh = h * rng.uniform(0.9, 1.08)
        arm = "fist" if rng.random() < arms else None
        person(sh, x, base + rng.uniform(-0.03, 0.03) * h, hh, fill, edge,
               rng.choice(kinds), arm)
        x += h * spread * rng.uniform(0.8, 1.2)


# --- banners and emblems --------------------------------------------------

def banner(sh, x0, x1, top, height, pole_to, cloth, edge, emblem=None,
           phase=0.0):
    """A cloth banner on two poles, with a little wave in it."""
    for px in (x0, x1):
        sh.line([(px, top - 18), (px, pole_to)], INK, 9)
        sh.oval(px, top - 20, 9, 9, INK)
    n = 24
    wave = [(x0 + (x1 - x0) * i / n,
             10 * math.sin(i / n * math.pi * 2.2 + phase)) for i in range(n + 1)]
    upper = [(x, top + dy) for x, dy in wave]
    lower = [(x, top + height + dy) for x, dy in wave[::-1]]
    sh.poly(upper + lower, fill=edge)
    inset = [(x, top + 9 + dy) for x, dy in wave[1:-1]]
    inset += [(x, top + height - 9 + dy) for x, dy in wave[-2:0:-1]]
    sh.poly(inset, fill=cloth)
    if emblem:
        mid = (x0 + x1) / 2
        emblem(sh, mid, top + height / 2 + 10 * math.sin(math.pi * 1.1 + phase),
               height * 0.3)


def cog(color, hole):
    def draw(sh, cx, cy, r):
        for i in range(10):
            a = 2 * math.pi * i / 10
            pts = []
            for da, rr in ((-0.17, 0.8), (-0.12, 1.18), (0.12, 1.18), (0.17, 0.8)):
                pts.append((cx + r * rr * math.cos(a + da), cy + r * rr * math.sin(a + da)))
            sh.poly(pts, color)
        sh.oval(cx, cy, r * 0.9, r * 0.9, color)
        sh.oval(cx, cy, r * 0.38, r * 0.38, hole)
    return draw


def star(color):
    def draw(sh, cx, cy, r):
        pts = []
        for i in range(10):
            rr = r * (1.15 if i % 2 == 0 else 0.46)
            a = -math.pi / 2 + math.pi * i / 5
            pts.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
        sh.poly(pts, color)
    return draw


def bands(color):
    def draw(sh, cx, cy, r):
        for k in (-1, 0, 1):
            w = r * (3.2 if k == 0 else 2.4)
            sh.rect(cx - w, cy + k * r * 0.62 - r * 0.16, cx + w,
                    cy + k * r * 0.62 + r * 0.16, color, r * 0.12)
    return draw


def derrick_emblem(color):
    def draw(sh, cx, cy, r):
        derrick(sh, cx, cy + r * 1.2, r * 2.5, r * 1.5, color, max(3, r * 0.12))
    return draw


# --- machines and buildings -----------------------------------------------

def derrick(sh, x, base, h, w, color, lw):
    """A lattice oil derrick: two legs, cross-braces, a crown on top."""
    top_w = w * 0.16
    left = lambda u: (x - w / 2 + (w - top_w) / 2 * u, base - h * u)
    right = lambda u: (x + w / 2 - (w - top_w) / 2 * u, base - h * u)
    sh.line([left(0), left(1)], color, lw * 1.4)
    sh.line([right(0), right(1)], color, lw * 1.4)
    steps = 9
    for i in range(steps):
        u0, u1 = i / steps, (i + 1) / steps
        sh.line([left(u0), right(u0)], color, lw)
        sh.line([left(u0), right(u1)], color, lw * 0.7)
        sh.line([right(u0), left(u1)], color, lw * 0.7)
    cx, cy = x, base - h
    sh.rect(cx - top_w * 0.9, cy - lw * 4, cx + top_w * 0.9, cy + lw, color)
    sh.poly([(cx - top_w * 0.4, cy - lw * 4), (cx + top_w * 0.4, cy - lw * 4),
             (cx, cy - lw * 9)], color)
    sh.rect(x - w * 0.7, base - h * 0.22, x + w * 0.7, base - h * 0.2, color)


def pumpjack(sh, x, base, s, color, head_color, tilt=0.12):
    """A 'nodding donkey' beam pump, s = length of the walking beam."""
    post_top = (x, base - s * 0.55)
    sh.poly([(x - s * 0.16, base), (x + s * 0.16, base), post_top], color)
    sh.poly([(x - s * 0.09, base), (x + s * 0.09, base), post_top], head_color)
    sh.poly([(x - s * 0.05, base), (x + s * 0.05, base),
             (x + s * 0.01, base - s * 0.45), (x - s * 0.01, base - s * 0.45)], color)
    c, si = math.cos(tilt), math.sin(tilt)
    end = lambda d: (post_top[0] + d * c, post_top[1] + d * si)
    a, b = end(-s * 0.55), end(s * 0.5)
    sh.line([a, b], color, s * 0.07)
    hx, hy = end(-s * 0.55)
    sh.poly([(hx + s * 0.04, hy - s * 0.08), (hx - s * 0.1, hy - s * 0.1),
             (hx - s * 0.16, hy + s * 0.02), (hx - s * 0.1, hy + s * 0.16),
             (hx + s * 0.02, hy + s * 0.08)], head_color)
    sh.line([(hx - s * 0.14, hy + s * 0.05), (hx - s * 0.14, base)], color, s * 0.015)
    cxk, cyk = x + s * 0.42, base - s * 0.2
    sh.line([b, (cxk + s * 0.08, cyk)], color, s * 0.03)
    sh.poly([(cxk - s * 0.02, base), (cxk + s * 0.1, base), (cxk + s * 0.06, cyk),
             (cxk + s * 0.02, cyk)], color)
    sh.oval(cxk + s * 0.04, cyk, s * 0.13, s * 0.13, color)
    sh.oval(cxk + s * 0.04, cyk, s * 0.04, s * 0.04, head_color)
    sh.rect(x - s * 0.7, base, x + s * 0.65, base + s * 0.04, color)


def block_of_flats(sh, rng, x0, x1, top, bottom, body, lit, dark, floors=5):
    """A Soviet-era five-storey block with a grid of windows."""
    sh.rect(x0, top, x1, bottom, body)
    sh.rect(x0 - 6, top - 10, x1 + 6, top + 2, body)
    fh = (bottom - top - 30) / floors
    cols = max(3, int((x1 - x0) / 46))
    cw = (x1 - x0 - 24) / cols
    for f in range(floors):
        for c in range(cols):
            wx = x0 + 12 + c * cw + cw * 0.22
            wy = top + 18 + f * fh + fh * 0.2
            color = lit if rng.random() < 0.3 else dark
            sh.rect(wx, wy, wx + cw * 0.56, wy + fh * 0.5, color)


def tent(sh, x, base, w, h, cloth, shade, ink):
    sh.poly([(x - w / 2, base), (x, base - h), (x + w / 2, base)], cloth)
    sh.poly([(x, base - h), (x + w / 2, base), (x + w * 0.1, base)], shade)
    sh.poly([(x - w * 0.1, base), (x, base - h * 0.45), (x + w * 0.06, base)], ink)
    sh.line([(x, base - h - 16), (x, base - h + 4)], ink, 4)


# --- the pictures ---------------------------------------------------------

def flag(sh, x, top, w, h, pole_to, cloth, edge, phase=0.0):
    """A single flag on a pole, waving to the right."""
    sh.line([(x, top - 14), (x, pole_to)], INK, 9)
    sh.oval(x, top - 16, 9, 9, INK)
    n = 16
    wave = [(x + w * i / n, 9 * math.sin(i / n * math.pi * 2 + phase) * i / n)
            for i in range(n + 1)]
    outline = [(px, top + dy) for px, dy in wave] + [(px, top + h + dy)
                                                     for px, dy in wave[::-1]]
    sh.poly(outline, edge, outline=edge, width=10)
    sh.poly(outline, cloth)


def draw_strike() -> Sheet:
    """Cover: strikers in the square at Zhanaozen, sun going down."""
    rng = random.Random(1216)
    sh = Sheet(1600, 1200)
    horizon = 760
    rays(sh, 800, horizon - 120, 32, [RED, DEEP], start=0.05)
    striped_sun(sh, 800, horizon - 120, 215, OCHRE, RED, rng)
    derrick(sh, 690, horizon + 5, 260, 110, INK, 4)
    derrick(sh, 905, horizon + 5, 200, 85, INK, 3.5)
    block_of_flats(sh, rng, 20, 560, 445, horizon + 30, INK, OCHRE, DEEP)
    block_of_flats(sh, rng, 1060, 1590, 470, horizon + 30, INK, OCHRE, DEEP)
    sh.rect(0, horizon, 1600, 1200, SAND)
    carve_rows(sh, rng, (0, horizon + 12, 1600, 1200), OCHRE, 22, 7, gap=0.45)
    for i, tx in enumerate((470, 600, 1010, 1140, 1270)):
        tent(sh, tx, horizon + 70, 140, 100, PAPER if i % 2 else GREY, DUSK, INK)
    crowd(sh, rng, -20, 1640, 940, 125, DEEP, SAND, arms=0.12, spread=0.34)
    banner(sh, 110, 500, 520, 125, 1060, RED, PAPER, cog(PAPER, RED), 0.4)
    banner(sh, 1110, 1490, 545, 120, 1060, OCHRE, INK, star(RED), 2.9)
    flag(sh, 560, 395, 170, 105, 1060, RED, PAPER, 1.2)
    crowd(sh, rng, -40, 1660, 1085, 225, INK, SAND, arms=0.22, spread=0.37)
    crowd(sh, rng, 40, 1640, 1330, 390, INK, PAPER, arms=0.0, spread=0.52)
    return sh


def draw_derrick() -> Sheet:
    """An oil derrick and beam pumps on the plateau above the Caspian."""
    rng = random.Random(1965)
    sh = Sheet(1500, 1125)
    horizon = 840
    sh.rect(0, 0, 1500, horizon, DUSK)
    carve_rows(sh, rng, (0, 0, 1500, horizon * 0.55), SLATE, 30, 9, gap=0.3)
    sh.rect(0, horizon * 0.6, 1500, horizon, SAND)
    sh.rect(0, horizon * 0.8, 1500, horizon, OCHRE)
    carve_rows(sh, rng, (0, horizon * 0.6, 1500, horizon * 0.78), PAPER, 22, 5, gap=0.5)
    striped_sun(sh, 380, horizon * 0.7, 150, PAPER, OCHRE, rng)
    sh.rect(0, horizon, 1500, 1125, CLAY)
    carve_rows(sh, rng, (0, horizon + 14, 1500, 1125), OCHRE, 22, 7, gap=0.4)
    for px, s in ((150, 70), (560, 55), (1320, 80)):
        pumpjack(sh, px, horizon + 2, s, INK, INK, tilt=rng.uniform(-0.15, 0.15))
    derrick(sh, 1010, horizon + 40, 790, 300, INK, 7)
    sh.rect(890, horizon + 20, 1140, horizon + 48, INK)
    sh.rect(0, horizon + 104, 1500, horizon + 122, INK)
    for x in range(0, 1500, 190):
        sh.rect(x + 60, horizon + 120, x + 70, horizon + 170, INK)
    pumpjack(sh, 400, 1060, 540, INK, RED, tilt=-0.1)
    walker(sh, 850, 1085, 270, INK, PAPER, "helmet", "wrench", facing=1)
    walker(sh, 1250, 1050, 215, INK, PAPER, "helmet", "pail", facing=-1)
    return sh


def fist(sh, cx, base, size, fill, edge, cuff):
    """The raised-fist poster motif: fingers, thumb, forearm and a cuff."""
    s = size
    arm = [(cx - 0.42 * s, base), (cx + 0.42 * s, base),
           (cx + 0.36 * s, base - 1.2 * s), (cx - 0.34 * s, base - 1.2 * s)]
    sh.poly(arm, edge, outline=edge, width=10)
    sh.poly(arm, fill)
    sh.rect(cx - 0.5 * s, base - 0.58 * s, cx + 0.5 * s, base - 0.22 * s, edge, 16)
    sh.rect(cx - 0.47 * s, base - 0.55 * s, cx + 0.47 * s, base - 0.25 * s, cuff, 12)
    top = base - 2.1 * s
    sh.rect(cx - 0.52 * s, top + 0.25 * s, cx + 0.5 * s, base - 1.05 * s, edge, 0.2 * s)
    sh.rect(cx - 0.48 * s, top + 0.3 * s, cx + 0.46 * s, base - 1.1 * s, fill, 0.18 * s)
    for i, lift in enumerate((0.02, 0.1, 0.06, -0.04)):
        x0 = cx - 0.48 * s + i * 0.24 * s
        y0 = top + 0.05 * s - lift * s
        sh.rect(x0 - 5, y0 - 5, x0 + 0.23 * s + 5, top + 0.62 * s, edge, 0.1 * s)
        sh.rect(x0, y0, x0 + 0.23 * s, top + 0.6 * s, fill, 0.1 * s)
        sh.line([(x0 + 0.05 * s, y0 + 0.17 * s), (x0 + 0.18 * s, y0 + 0.17 * s)], edge, 4)
    ty = top + 0.62 * s
    sh.rect(cx - 0.56 * s, ty - 6, cx + 0.28 * s, ty + 0.26 * s + 6, edge, 0.14 * s)
    sh.rect(cx - 0.52 * s, ty, cx + 0.24 * s, ty + 0.26 * s, fill, 0.12 * s)


def pennant(sh, x, top, length, color, flip=1):
    sh.line([(x, top - 10), (x, top + length * 1.8)], INK, 7)
    sh.poly([(x, top), (x + flip * length, top + length * 0.28), (x, top + length * 0.56)],
            color)


def draw_protest() -> Sheet:
    """A scene from the protests: a fist raised over the crowd."""
    rng = random.Random(2011)
    sh = Sheet(1400, 1050)
    rays(sh, 700, 700, 28, [OCHRE, RED], start=0.02)
    fist(sh, 700, 830, 310, INK, PAPER, RED)
    pennant(sh, 200, 330, 150, PAPER)
    pennant(sh, 1190, 300, 160, PAPER, flip=-1)
    pennant(sh, 380, 440, 120, INK)
    pennant(sh, 1030, 450, 120, INK, flip=-1)
    crowd(sh, rng, -30, 1430, 890, 170, DEEP, PAPER, arms=0.3, spread=0.36)
    crowd(sh, rng, -60, 1460, 1025, 250, INK, PAPER, arms=0.2, spread=0.4)
    crowd(sh, rng, 20, 1420, 1190, 330, INK, PAPER, arms=0.0, spread=0.5)
    return sh


def factory(sh, rng, x0, x1, base, roof, color, glass):
    """A sawtooth-roofed shop with a long strip of windows."""
    teeth = 7
    tw = (x1 - x0) / teeth
    pts = [(x0, base), (x0, roof)]
    for i in range(teeth):
        pts += [(x0 + i * tw, roof - 70), (x0 + (i + 1) * tw, roof)]
    pts += [(x1, base)]
    sh.poly(pts, color)
    for i in range(teeth):
        sh.poly([(x0 + i * tw + 8, roof - 58), (x0 + i * tw + 18, roof - 62),
                 (x0 + i * tw + 18, roof - 4), (x0 + i * tw + 8, roof - 4)], glass)
    y = roof + 40
    cols = int((x1 - x0 - 50) / 60)
    while y < base - 90:
        for j in range(cols):
            wx = x0 + 25 + j * 60 + ((x1 - x0 - 50) - cols * 60 + 20) / 2
            sh.rect(wx, y, wx + 40, y + 45, glass if rng.random() < 0.8 else SLATE)
        y += 70


def smoke(sh, rng, x, y, color, n=7):
    for i in range(n):
        r = 26 + i * 9
        sh.oval(x + i * 38 + rng.uniform(-6, 6), y - i * 30, r * 1.3, r, color)


def chain_fence(sh, x0, x1, top, bottom, color):
    step = 22
    sh.line([(x0, top), (x1, top)], color, 5)
    sh.line([(x0, bottom), (x1, bottom)], color, 3)
    x = x0 - (bottom - top)
    while x < x1:
        a = (max(x0, x), top + max(0, x0 - x))
        b = (min(x1, x + (bottom - top)), top + min(bottom - top, x1 - x))
        sh.line([a, b], color, 1.6)
        c = (min(x1, x + (bottom - top)), top + max(0, x + (bottom - top) - x1))
        d = (max(x0, x), top + min(bottom - top, x + (bottom - top) - x0))
        sh.line([c, d], color, 1.6)
        x += step


def placard(sh, x, base, h, board, edge):
    """A picket sign on a stick; the stick runs from base up to base - h."""
    w, top, bottom = h * 0.4, base - h, base - h * 0.4
    sh.line([(x, base + 4), (x, top + 10)], PAPER, 16)
    sh.line([(x, base), (x, top + 10)], INK, 9)
    sh.rect(x - w - 7, top - 7, x + w + 7, bottom + 7, edge)
    sh.rect(x - w, top, x + w, bottom, board)
    for k in range(3):
        y = top + (bottom - top) * (0.2 + 0.25 * k)
        sh.rect(x - w * 0.7, y, x + w * (0.7 - 0.3 * k), y + h * 0.035, edge)


def draw_factory() -> Sheet:
    """The gate of a parts plant on the east side, with a picket."""
    rng = random.Random(1937)
    sh = Sheet(1500, 1050)
    ground = 760
    sh.rect(0, 0, 1500, ground, PAPER)
    carve_rows(sh, rng, (0, 0, 1500, 420), SAND, 28, 8, gap=0.45)
    smoke(sh, rng, 360, 150, GREY)
    smoke(sh, rng, 1060, 120, GREY, n=6)
    for sx in (330, 1030):
        sh.poly([(sx - 34, ground), (sx + 34, ground), (sx + 20, 170), (sx - 20, 170)], INK)
        for k in range(4):
            sh.rect(sx - 26, 230 + k * 80, sx + 26, 240 + k * 80, RED)
    factory(sh, rng, 60, 1440, ground, 420, INK, OCHRE)
    sh.rect(1220, 260, 1320, 330, INK, 16)
    sh.line([(1240, 330), (1225, 420)], INK, 8)
    sh.line([(1300, 330), (1315, 420)], INK, 8)
    sh.rect(0, ground, 1500, 1050, GREY)
    carve_rows(sh, rng, (0, ground + 8, 1500, 1050), PAPER, 24, 5, gap=0.6)
    for gx in (520, 980):
        sh.rect(gx - 22, 520, gx + 22, ground + 20, RED)
        sh.oval(gx, 515, 30, 30, RED)
    chain_fence(sh, 0, 498, 560, ground + 10, INK)
    chain_fence(sh, 1002, 1500, 560, ground + 10, INK)
    chain_fence(sh, 542, 700, 575, ground + 5, INK)
    for x, h, k, f in ((640, 175, "cap", 1), (740, 160, "bare", 1), (850, 185, "scarf", -1)):
        walker(sh, x, ground + 45, h, INK, PAPER, k, "pail", facing=f)
    for x, h, k, f, board, edge in ((170, 380, "cap", 1, PAPER, RED),
                                    (1290, 390, "fur", -1, OCHRE, INK)):
        walker(sh, x, 1020, h, INK, PAPER, k, "sign", facing=f)
        placard(sh, x + f * 0.13 * h, 1020 - h * 0.75, h * 0.75, board, edge)
    walker(sh, 420, 1000, 340, INK, PAPER, "scarf", "fist", facing=1)
    walker(sh, 1060, 1005, 350, INK, PAPER, "bare", "fist", facing=-1)
    return sh


def bus(sh, x0, base, length, body, stripe, glass):
    """A city bus in side view."""
    h = length * 0.27
    top = base - h
    sh.rect(x0, top, x0 + length, base - 20, body, 26)
    sh.rect(x0 + 10, top + h * 0.58, x0 + length - 10, top + h * 0.7, stripe)
    win_w = length * 0.105
    for i in range(7):
        wx = x0 + length * 0.2 + i * (win_w + 10)
        sh.rect(wx, top + h * 0.12, wx + win_w, top + h * 0.48, glass, 6)
    sh.rect(x0 + 14, top + h * 0.1, x0 + length * 0.16, top + h * 0.9, glass, 6)
    sh.line([(x0 + length * 0.088, top + h * 0.1), (x0 + length * 0.088, top + h * 0.9)],
            body, 5)
    sh.rect(x0 + length - 22, top + h * 0.74, x0 + length - 4, top + h * 0.86, DEEP, 4)
    sh.rect(x0 + 2, top + h * 0.74, x0 + 16, top + h * 0.86, OCHRE, 4)
    for wx in (x0 + length * 0.22, x0 + length * 0.8):
        sh.oval(wx, base - 20, h * 0.17, h * 0.17, INK)
        sh.oval(wx, base - 20, h * 0.07, h * 0.07, GREY)
    sh.rect(x0 + 18, top - 14, x0 + length * 0.25, top + 4, INK, 6)


def rain(sh, rng, box, color):
    x0, y0, x1, y1 = box
    for _ in range(260):
        x, y = rng.uniform(x0, x1), rng.uniform(y0, y1)
        ln = rng.uniform(18, 40)
        sh.line([(x, y), (x - ln * 0.3, y + ln)], color, 1.6)


def draw_bus() -> Sheet:
    """Early morning at the bus depot, riders waiting in the rain."""
    rng = random.Random(2012)
    sh = Sheet(1400, 1050)
    street, curb = 760, 905
    sh.rect(0, 0, 1400, street, SLATE)
    carve_rows(sh, rng, (0, 0, 1400, 230), DUSK, 26, 8, gap=0.4)
    sh.rect(60, 250, 1340, street, INK)
    sh.poly([(40, 255), (700, 170), (1360, 255)], INK)
    for i in range(4):
        dx = 140 + i * 300
        sh.rect(dx, 400, dx + 220, street, OCHRE)
        for k in range(6):
            sh.rect(dx, 410 + k * 34, dx + 220, 414 + k * 34, DEEP)
    sh.rect(0, street, 1400, curb, DUSK)
    carve_rows(sh, rng, (0, street + 70, 1400, curb - 6), SLATE, 16, 4, gap=0.5)
    bus(sh, 180, street + 110, 900, RED, PAPER, SAND)
    sh.rect(0, curb, 1400, curb + 16, PAPER)
    sh.rect(0, curb + 16, 1400, 1050, GREY)
    carve_rows(sh, rng, (0, curb + 30, 1400, 1050), PAPER, 22, 4, gap=0.55)
    sh.rect(1060, 540, 1390, 562, INK)
    for px in (1075, 1375):
        sh.rect(px - 6, 550, px + 6, 1030, INK)
    walker(sh, 1200, 1030, 330, INK, PAPER, "scarf", "pail", facing=-1)
    walker(sh, 1300, 1035, 175, INK, PAPER, "bare", None, facing=-1)
    walker(sh, 1110, 1040, 150, INK, PAPER, "cap", None, facing=1)
    walker(sh, 150, 1040, 360, INK, PAPER, "cap", "pail", facing=1)
    sh.line([(40, 1050), (40, 330)], INK, 12)
    sh.rect(30, 318, 150, 338, INK)
    sh.oval(140, 346, 28, 14, OCHRE)
    rain(sh, rng, (0, 0, 1500, 1050), PAPER)
    return sh


PICTURES = {
    "strike.png": draw_strike,
    "derrick.png": draw_derrick,
    "protest.png": draw_protest,
    "factory.png": draw_factory,
    "bus.png": draw_bus,
}


def main() -> None:
    for name, draw in PICTURES.items():
        path = draw().save(name)
        print(f"{path.relative_to(OUT.parent.parent.parent)}: "
              f"{path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()

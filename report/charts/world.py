"""The world map of the ranked clusters, for Altair/Vega-Lite, rendering offline (the outline is inline data).

The land comes from an inline TopoJSON (world-atlas land-110m). The projection is Equal Earth with an explicit
scale and translate computed here, so the same maths places the labels in pixels: a small search keeps the
labels clear of each other, of the circles, of the size key and of the frame, with a leader rule where a label
sits away from its circle. The chart sets autosize "none" and padding 0, so the view is exactly width x height,
whatever the config around it says.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

LAT_MIN, LAT_MAX = -58.0, 83.7  # crop Antarctica; keep Tierra del Fuego and northern Greenland
MARGIN = 4  # px kept clear round the land
CHAR_EM = 0.58  # average advance of the chart face, in em, for mixed-case labels (a slight over-estimate)
LAND_STAND_IN: dict[str, Any] = {"type": "Topology", "stand_in": "land"}  # what Altair carries instead of the land
WIDE_EM = 1.0  # a CJK character (East Asian wide or fullwidth) is a full em
REGION_ANCHORS = {  # where a WIPO region's tally is written on the world: land or sea clear of the usual clusters
    "Northern America": (-102.0, 58.0),
    "Europe": (24.0, 64.0),
    "South East Asia, East Asia and Oceania": (128.0, -6.0),
    "Central and Southern Asia": (78.0, 18.0),
    "Northern Africa and Western Asia": (30.0, 22.0),
    "Latin America and the Caribbean": (-60.0, -14.0),
    "Sub-Saharan Africa": (22.0, -6.0),
}
TALLY_SPREAD = 30.0  # degrees: a tally of clusters scattered wider than this has no one place on the map
TALLY_GAP = 6.0  # px: a count stands at least this far off the enlarged area's outline
_A1, _A2, _A3, _A4, _M = 1.340264, -0.081106, 0.000893, 0.003796, math.sqrt(3) / 2


def _ems(text: str) -> float:
    """A label's width in em: a Korean or Chinese name is about twice as wide as a Latin one of as many letters."""
    return sum(WIDE_EM if unicodedata.east_asian_width(ch) in ("W", "F") else CHAR_EM for ch in text)


def _equal_earth(lon: float, lat: float) -> tuple[float, float]:
    """d3-geo's Equal Earth raw projection (unit sphere, y up)."""
    lam, phi = math.radians(lon), math.radians(lat)
    t = math.asin(_M * math.sin(phi))
    t2 = t * t
    t6 = t2 * t2 * t2
    x = lam * math.cos(t) / (_M * (_A1 + 3 * _A2 * t2 + t6 * (7 * _A3 + 9 * _A4 * t2)))
    y = t * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2))
    return x, y


class _Projection:
    """Equal Earth fitted inside a width x height view: the whole world (lat LAT_MIN..LAT_MAX, all land but Fiji),
    or one region (lon0, lon1, lat0, lat1), centred on its middle meridian."""

    def __init__(self, width: int, height: int, region: tuple[float, float, float, float] | None = None) -> None:
        if region is None:
            self.centre = 0.0
            half_w = 0.93 * _equal_earth(180, 0)[0]  # past this is only open Pacific and Fiji
            left, right = -half_w, half_w
            top, bottom = _equal_earth(0, LAT_MAX)[1], _equal_earth(0, LAT_MIN)[1]
        else:
            lon0, lon1, lat0, lat1 = region
            self.centre = (lon0 + lon1) / 2
            edge = [(lon, lat0 + i * (lat1 - lat0) / 8) for lon in (lon0, lon1) for i in range(9)]
            edge += [(lon0 + i * (lon1 - lon0) / 8, lat) for lat in (lat0, lat1) for i in range(9)]
            xs, ys = zip(*(_equal_earth(lon - self.centre, lat) for lon, lat in edge), strict=True)
            left, right, top, bottom = min(xs), max(xs), max(ys), min(ys)
        self.scale = min((width - 2 * MARGIN) / (right - left), (height - 2 * MARGIN) / (top - bottom))
        self.width, self.height = width, height
        self.tx = width / 2 - self.scale * (left + right) / 2
        self.ty = height / 2 + self.scale * (top + bottom) / 2

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        x, y = _equal_earth(lon - self.centre, lat)
        return self.tx + self.scale * x, self.ty - self.scale * y

    def inside(self, lon: float, lat: float, pad: float = 0.0) -> bool:
        x, y = self(lon, lat)
        return pad <= x <= self.width - pad and pad <= y <= self.height - pad

    def vega(self) -> dict[str, Any]:
        """Arguments for Chart.project: the same projection in Vega-Lite."""
        bottom = min(self.height, self(self.centre, LAT_MIN)[1])
        return {
            "type": "equalEarth",
            "rotate": [-self.centre, 0, 0],
            "scale": round(self.scale, 4),
            "translate": [round(self.tx, 4), round(self.ty, 4)],
            "clipExtent": [[0, 0], [self.width, round(bottom, 2)]],
        }


Box = tuple[float, float, float, float]  # x0, y0, x1, y1


def _overlap(a: Box, b: Box) -> float:
    """Area two boxes share."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def _text_box(x: float, y: float, align: str, baseline: str, w: float, h: float) -> Box:
    """The box of a w x h text block anchored at (x, y)."""
    x0 = {"left": x, "center": x - w / 2, "right": x - w}[align]
    y0 = {"top": y, "middle": y - h / 2, "bottom": y - h}[baseline]
    return x0, y0, x0 + w, y0 + h


def _box_gap(box: Box, x: float, y: float) -> float:
    """Distance from a point to a box (0 inside)."""
    return math.hypot(max(box[0] - x, 0, x - box[2]), max(box[1] - y, 0, y - box[3]))


def _seg_gap(x1: float, y1: float, x2: float, y2: float, x: float, y: float) -> float:
    """Distance from a point to a segment."""
    dx, dy = x2 - x1, y2 - y1
    t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy or 1)))
    return math.hypot(x1 + t * dx - x, y1 + t * dy - y)


BREAK_COST = 40.0  # a name broken after a dash costs this much, so a label is kept whole wherever it fits nearby


def _variants(label: str) -> list[tuple[str, float]]:
    """The label on one line, broken after its last en dash, and after every en dash (each a little dearer)."""
    last = label.rfind("\u2013")
    if last < 0:
        return [(label, 0.0)]
    forms = [label, label[: last + 1] + "\n" + label[last + 1 :], label.replace("\u2013", "\u2013\n")]
    return [(text, BREAK_COST * i) for i, text in enumerate(dict.fromkeys(forms))]


def _directions() -> list[tuple[int, int]]:
    """The 16 directions round a circle; straight above and below also with the text set off to either side."""
    return [(k, 0) for k in range(16)] + [(k, shift) for k in (4, 12) for shift in (-1, 1)]


def _candidates(
    p: dict[str, Any],
    points: list[dict[str, Any]],
    width: int,
    height: int,
    size: int,
    keep_out: list[Box],
    leader: bool = False,
) -> list[tuple[float, dict[str, Any], Box]]:
    """Every spot for one label (16 directions x 4 distances x line breaks) with its cost apart from other
    labels: distance, leaving the frame, covering circles or the legend, sitting nearer another labelled
    circle than its own, and a leader that crosses a circle."""
    out = []
    for text, text_cost in _variants(p["label"]):
        lines = text.split("\n")
        w, h = max(map(_ems, lines)) * size + 3, len(lines) * size * 1.2
        for step, gap in enumerate((3, 16, 30, 46)):
            if leader and not step:
                continue
            for k, shift in _directions():
                ux, uy = math.cos(math.pi / 8 * k), -math.sin(math.pi / 8 * k)
                align = "left" if ux > 0.3 else "right" if ux < -0.3 else "center"
                baseline = "bottom" if uy < -0.3 else "top" if uy > 0.3 else "middle"
                x, y = p["px"] + ux * (p["r"] + gap), p["py"] + uy * (p["r"] + gap)
                if shift:  # above or below, the line starting (or ending) under the circle: a long name kept whole
                    align, x = ("left", x - p["r"]) if shift < 0 else ("right", x + p["r"])
                box = _text_box(x, y, align, baseline, w, h)
                lead = (p["px"] + ux * p["r"], p["py"] + uy * p["r"], x - ux * 2, y - uy * 2)
                cost = text_cost + 14 * step + 2 * min(k, 16 - k) + 8 * abs(shift)
                cost += 1000 * (max(0, -box[0]) + max(0, box[2] - width) + max(0, -box[1]) + max(0, box[3] - height))
                cost += 50 * sum(_overlap(box, b) for b in keep_out)
                own = _box_gap(box, p["px"], p["py"]) - p["r"]
                for q in points:
                    if q is p:
                        continue
                    marked = bool(q["label"])
                    r = q["r"]
                    cost += (3 if marked else 1) * _overlap(box, (q["px"] - r, q["py"] - r, q["px"] + r, q["py"] + r))
                    if step and _seg_gap(*lead, q["px"], q["py"]) < r + 1:
                        cost += 120 if marked else 25
                    if marked:
                        near = _box_gap(box, q["px"], q["py"]) - r
                        cost += (60 if step else 150) * (near < own) + 100 * (near < 5)  # a leader says whose
                # Vega sets the first line by the baseline and runs the others down: shift to match the box
                first = y - (len(lines) - 1) * size * 1.2 * {"top": 0, "middle": 0.5, "bottom": 1}[baseline]
                spot = {
                    "x": x,
                    "y": first,
                    "align": align,
                    "baseline": baseline,
                    "lead": step > 0,
                    "x1": lead[0],
                    "y1": lead[1],
                    "x2": lead[2],
                    "y2": lead[3],
                    "label": text,
                    "cluster": p["cluster"],
                }
                out.append((cost, spot, box))
    return out


def _clash(a: tuple[float, dict[str, Any], Box], b: tuple[float, dict[str, Any], Box]) -> float:
    """Cost of two placed labels together: boxes overlapping, or a leader running through the other label."""
    cost = 50 * _overlap(a[2], b[2])
    for (_, s, _), box in ((a, b[2]), (b, a[2])):
        if not s["lead"] or not _overlap(
            box,
            (
                min(s["x1"], s["x2"]) - 1,
                min(s["y1"], s["y2"]) - 1,
                max(s["x1"], s["x2"]) + 1,
                max(s["y1"], s["y2"]) + 1,
            ),
        ):
            continue
        if any(
            _box_gap(box, s["x1"] + t / 8 * (s["x2"] - s["x1"]), s["y1"] + t / 8 * (s["y2"] - s["y1"])) < 1
            for t in range(9)
        ):
            cost += 200
    return cost


def _place_labels(
    points: list[dict[str, Any]],
    width: int,
    height: int,
    size: int,
    keep_out: list[Box],
    keep: int = 24,
    leader: bool = False,
) -> list[dict[str, Any]]:
    """The cheapest set of spots: the `keep` best spots of each label, searched together (branch and bound);
    with `leader`, every label stands off its circle on a leader rule (small circles in a crowd)."""
    marked = sorted((p for p in points if p["label"]), key=lambda p: -p["score"])
    options = [
        sorted(_candidates(p, points, width, height, size, keep_out, leader), key=lambda o: o[0])[:keep] for p in marked
    ]
    n = len(options)
    clash = {(i, j): [[_clash(a, b) for b in options[j]] for a in options[i]] for j in range(n) for i in range(j)}
    floor = [sum(opts[0][0] for opts in options[i:]) for i in range(n + 1)]  # options are sorted by cost
    best: list[Any] = [math.inf, []]

    def search(i: int, cost: float, picked: list[int]) -> None:
        if cost + floor[i] >= best[0]:
            return
        if i == n:
            best[:] = [cost, picked]
            return
        for j, (own, _, _) in enumerate(options[i]):
            search(i + 1, cost + own + sum(clash[k, i][picked[k]][j] for k in range(i)), [*picked, j])

    search(0, 0.0, [])
    return [options[i][j][1] for i, j in enumerate(best[1])]


def _tally_spots(
    proj: _Projection, tallies: tuple[dict[str, Any], ...], size: int, avoid: Box | None = None
) -> list[dict[str, Any]]:
    """Where each region's count is written on the world: at its region's anchor, or else under the clusters it
    counts when they lie close together; a tally of clusters scattered over the world is not written. A count
    that would touch the outline of the enlarged area (``avoid``) moves along its line until it stands clear."""
    spots = []
    for tally in tallies:
        anchor = REGION_ANCHORS.get(tally.get("region") or "")
        members = tally["members"]
        if anchor is None and members:
            lons, lats = [m[0] for m in members], [m[1] for m in members]
            if max(lons) - min(lons) > TALLY_SPREAD or max(lats) - min(lats) > TALLY_SPREAD:
                continue
            anchor = (sum(lons) / len(lons), min(lats) - 7.0)
        if anchor is None:
            continue
        x, y = proj(*anchor)
        w, h = _ems(tally["text"]) * size + 4, size * 1.3
        if avoid is not None:
            ax0, ay0, ax1, ay1 = avoid
            clear = (ax0 - TALLY_GAP, ay0 - TALLY_GAP, ax1 + TALLY_GAP, ay1 + TALLY_GAP)
            while _overlap(_text_box(x, y, "center", "middle", w, h), clear) > 0:
                x += -2.0 if x < (ax0 + ax1) / 2 else 2.0  # away from the outline's nearer side
        spots.append({"x": x, "y": y, "text": tally["text"], "box": _text_box(x, y, "center", "middle", w, h)})
    return spots


def _legend_values(top: float) -> list[float]:
    """Up to three round values (1-2-5 series) no bigger than the largest score."""
    nice = [m * 10.0**e for e in range(-2, 6) for m in (1, 2, 5)]
    return [v for v in nice if v <= top][-3:]


def _pixels(field: str) -> dict[str, Any]:
    return {"field": field, "type": "quantitative", "scale": None, "axis": None}


def _text_marks(alt: Any, rows: list[dict[str, Any]], colours: dict[str, str], font: str, size: int) -> list[Any]:
    """Labels in pixels, with their leader rules, each on a halo of the paper colour."""
    marks = alt.Chart({"values": rows})
    leaders = (
        marks.transform_filter("datum.lead")
        .mark_rule(color=colours["muted"], strokeWidth=0.75, clip=True)
        .encode(x=_pixels("x1"), y=_pixels("y1"), x2="x2:Q", y2="y2:Q")
    )
    text = {
        "align": {"expr": "datum.align"},
        "baseline": {"expr": "datum.baseline"},
        "font": font,
        "fontSize": size,
        "lineBreak": "\n",
        "lineHeight": size * 1.2,
    }
    words = marks.encode(x=_pixels("x"), y=_pixels("y"), text="label:N")
    halo = words.mark_text(
        **text, fill=colours["paper"], stroke=colours["paper"], strokeWidth=3, strokeJoin="round", clip=True
    )
    return [leaders, halo, words.mark_text(**text, fill=colours["ink"], clip=True)]


class _Panel:
    """One map view: its projection, its circles in pixels and the layers that draw land, circles and labels."""

    def __init__(self, proj: _Projection, rows: list[dict[str, Any]], top_score: float, max_area: float) -> None:
        self.proj, self.top_score, self.max_area = proj, top_score, max_area
        self.points = []
        for r in rows:
            px, py = proj(r["lon"], r["lat"])
            self.points.append({**r, "px": px, "py": py, "r": math.sqrt(max_area * r["score"] / top_score) / 2})

    def layers(self, alt: Any, topo: dict, colours: dict[str, str]) -> list[Any]:
        land = alt.Chart(
            {"values": topo, "format": {"type": "topojson", "feature": "land"}},
            mark={"type": "geoshape", "fill": colours["land"], "strokeWidth": 0},
            projection=self.proj.vega(),
        )
        # drawing order: the others, then the top group, each biggest first so smaller circles stay on top
        order = sorted(self.points, key=lambda p: (p["group"] == "top", -p["score"]))
        dots = [{k: p[k] for k in ("cluster", "px", "py", "score", "group")} | {"z": z} for z, p in enumerate(order)]
        circles = (
            alt.Chart({"values": dots})
            .mark_circle(opacity=1, stroke=colours["paper"], strokeWidth=0.8, clip=True)
            .encode(
                x=_pixels("px"),
                y=_pixels("py"),
                size=alt.Size(
                    "score:Q",
                    scale=alt.Scale(zero=True, domain=[0, self.top_score], range=[0, self.max_area]),
                    legend=None,
                ),
                color=alt.Color(
                    "group:N",
                    legend=None,
                    scale=alt.Scale(domain=["top", "other"], range=[colours["focus"], colours["context"]]),
                ),
                order=alt.Order("z:Q"),
            )
        )
        return [land, circles] if dots else [land]


def _size_key(
    panel: _Panel, values: list[float], title: str, size: int, height: int, colour_key: tuple[tuple[str, str], ...] = ()
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], Box]:
    """The key drawn by hand at the bottom left (open South Pacific): what each colour means, one row each, then
    the size key: circles standing on one base, each value centred under its circle. Its circles, words and box."""
    x, under = 6.0, height - 4.0 - size / 2  # the values' line
    base = under - size * 0.8  # the circles stand on this
    biggest = math.sqrt(panel.max_area * max(values, default=1.0) / panel.top_score)
    circles: list[dict[str, Any]] = []
    words: list[dict[str, Any]] = []
    for value in values:
        d = math.sqrt(panel.max_area * value / panel.top_score)
        label = f"{value:g}"
        room = max(d, _ems(label) * size)
        circles.append({"px": x + room / 2, "py": base - d / 2, "d2": d * d, "fill": "context"})
        words.append({"x": x + room / 2, "y": under, "text": label, "align": "center"})
        x += room + size * 0.9
    line = base - biggest - size * 0.9  # the size key's title, above its tallest circle
    words.append({"x": 6.0, "y": line, "text": title})
    widest = max(x, _ems(title) * size + 6)
    dot = size * 0.8
    for fill, name in reversed(colour_key):
        line -= size * 1.4
        circles.append({"px": 6.0 + dot / 2, "py": line, "d2": dot * dot, "fill": fill})
        words.append({"x": 6.0 + dot + 4, "y": line, "text": name})
        widest = max(widest, 6.0 + dot + 4 + _ems(name) * size + 6)
    return circles, words, (0.0, line - size, widest, float(height))


def _dataset_name(values: Any) -> str:
    """The name Altair gives inline data it moves to the spec's datasets (altair.vegalite.v6.api._dataset_name)."""
    text = json.dumps(values, sort_keys=True, default=str)
    return "data-" + hashlib.sha256(text.encode()).hexdigest()[:32]


def with_land(spec: dict[str, Any], topo: dict[str, Any]) -> dict[str, Any]:
    """The spec of a map drawn with LAND_STAND_IN, with the real land in its place.

    Altair copies a chart's inline data at every step (layer, hconcat, resolve, to_dict): with 55 KB of
    outlines in two views that was three quarters of the map's cost. The result is the spec Altair would
    have made from the land itself, byte for byte (the chart snapshot checks it).
    """
    stand_in, real = _dataset_name(LAND_STAND_IN), _dataset_name(topo)
    if spec.get("datasets", {}).pop(stand_in, None) is None:
        raise ValueError("the map spec holds no stand-in land to replace")
    spec["datasets"][real] = topo

    def swap(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: swap(v) for k, v in node.items()}
        if isinstance(node, list):
            return [swap(v) for v in node]
        return real if node == stand_in else node

    return {k: v if k == "datasets" else swap(v) for k, v in spec.items()}


def world_map_spec(
    altair: Callable[[], Any], land: Callable[[], dict[str, Any]], rows: list[dict[str, Any]], **drawing: Any
) -> dict[str, Any]:
    """`world_map(...)`'s Vega-Lite spec with the land in it, remembered by its inputs (report.charts.memo):
    a rebuild whose map did not change neither imports Altair for it nor builds it again."""
    from report.charts import memo

    key = memo.digest(rows, drawing, memo.code_version(Path(__file__)))
    spec = memo.recall("map", key)
    if spec is None:
        spec = with_land(world_map(altair(), LAND_STAND_IN, rows, **drawing).to_dict(validate=False), land())
        memo.remember("map", key, spec)
    return spec


def region_around(
    points: list[tuple[float, float]], aspect: float, pad: float = 5.0
) -> tuple[float, float, float, float]:
    """A lon/lat box round the points, padded, and widened or heightened until its Equal Earth picture has the
    given width-to-height ratio, so the enlarged view shows the box and nothing far beyond it."""
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    lon0, lon1 = min(lons) - pad, max(lons) + pad
    lat0, lat1 = max(min(lats) - pad, LAT_MIN), min(max(lats) + pad, LAT_MAX)
    for _ in range(4):
        c = (lon0 + lon1) / 2
        xs = [_equal_earth(lon - c, lat)[0] for lon in (lon0, lon1) for lat in (lat0, lat1)]
        ys = [_equal_earth(0, lat)[1] for lat in (lat0, lat1)]
        ratio = (max(xs) - min(xs)) / (max(ys) - min(ys))
        if ratio < aspect:
            grow = (lon1 - lon0) * (aspect / ratio - 1) / 2
            lon0, lon1 = lon0 - grow, lon1 + grow
        else:
            grow = (lat1 - lat0) * (ratio / aspect - 1) / 2
            lat0, lat1 = max(lat0 - grow, LAT_MIN), min(lat1 + grow, LAT_MAX)
    return (lon0, lon1, lat0, lat1)


def world_map(
    alt: Any,
    topo: dict,
    rows: list[dict[str, Any]],
    *,
    width: int,
    height: int,
    inset_width: int,
    region: tuple[float, float, float, float],
    colours: dict[str, str],
    font: str,
    label_size: int,
    legend_title: str = "Combined score",
    region_title: str = "",
    group_names: tuple[str, str] = ("", ""),
    tallies: tuple[dict[str, Any], ...] = (),
    inset_height: int = 0,
    stacked: bool = False,
) -> Any:
    """The world beside one region drawn larger: land in quiet grey (pass LAND_STAND_IN as `topo`, and put the
    land in the spec with `with_land`, to keep Altair from copying it), one circle per cluster (area proportional
    to score, the same scale in both), and labels where `label` is set (`world_label` on the world view).

    Rows: cluster, lat, lon, score, rank, label and world_label ("" for none; an en dash may become a line break),
    group ("top" or "other"), named in the key by `group_names`. `tallies` write a count of clusters by region on
    the world: each a text, the WIPO region it counts (None for several) and the lon/lat of the clusters counted.
    `colours` needs paper, focus, context, muted, ink, rule and land. The region's outline is drawn on the world,
    and its clusters are labelled in the enlarged view, where they do not crowd. `stacked` sets the enlarged view
    (`inset_width` x `inset_height`, by default as tall as the world) under the world instead of beside it: the
    page's layout, where the map may be taller than on a slide.
    """
    top_score = max(r["score"] for r in rows)
    max_area = (0.05 * width) ** 2  # the biggest circle is 5% of the world's width across (Vega size = d^2)
    world = _Panel(_Projection(width, height), [{**r, "label": r["world_label"]} for r in rows], top_score, max_area)
    tall = inset_height or height
    zoom = _Projection(inset_width, tall, region)
    inset = _Panel(zoom, [r for r in rows if zoom.inside(r["lon"], r["lat"], 2)], top_score, max_area)

    values = _legend_values(top_score)
    named = tuple((fill, name) for fill, name in zip(("focus", "context"), group_names, strict=True) if name)
    key_circles, key_words, key_box = _size_key(world, values, legend_title, label_size + 1, height, named)
    lon0, lon1, lat0, lat1 = region
    steps = [i / 8 for i in range(9)]
    ring = [(lon0 + t * (lon1 - lon0), lat1) for t in steps] + [(lon1, lat1 - t * (lat1 - lat0)) for t in steps[1:]]
    ring += [(lon1 - t * (lon1 - lon0), lat0) for t in steps[1:]] + [
        (lon0, lat0 + t * (lat1 - lat0)) for t in steps[1:]
    ]
    corners = [world.proj(lon, lat) for lon, lat in ring]  # the region's edges, curved as the projection curves them
    frame = (
        min(c[0] for c in corners),
        min(c[1] for c in corners),
        max(c[0] for c in corners),
        max(c[1] for c in corners),
    )
    x0, y0, x1, y1 = frame  # drawn square to the page, the shape of the enlarged view, not a skewed outline
    square = [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]
    outline = [{"x1": a[0], "y1": a[1], "x2": b[0], "y2": b[1]} for a, b in itertools.pairwise(square)]
    tally_spots = _tally_spots(world.proj, tallies, label_size + 1, frame)
    world_labels = _place_labels(
        world.points, width, height, label_size, [key_box, frame, *(t["box"] for t in tally_spots)], leader=True
    )
    title_box = (0.0, 0.0, _ems(region_title) * label_size + 8, label_size * 1.6)
    inset_labels = _place_labels(inset.points, inset_width, tall, label_size, [title_box])

    small = {"font": font, "fontSize": label_size + 1, "fill": colours["muted"], "baseline": "middle"}  # the key
    key = [
        alt.Chart({"values": [{**c, "fill": colours[c["fill"]]} for c in key_circles]})
        .mark_circle(opacity=1)
        .encode(
            x=_pixels("px"),
            y=_pixels("py"),
            size=alt.Size("d2:Q", scale=None, legend=None),
            color=alt.Color("fill:N", scale=None, legend=None),
        ),
        alt.Chart({"values": [w for w in key_words if "align" not in w]})
        .mark_text(align="left", **small)
        .encode(x=_pixels("x"), y=_pixels("y"), text="text:N"),
        alt.Chart({"values": [w for w in key_words if "align" in w]})
        .mark_text(align="center", **small)
        .encode(x=_pixels("x"), y=_pixels("y"), text="text:N"),
    ]
    box = (
        alt.Chart({"values": outline})
        .mark_rule(color=colours["muted"], strokeWidth=1)
        .encode(x=_pixels("x1"), y=_pixels("y1"), x2="x2:Q", y2="y2:Q")
    )
    heading = (
        alt.Chart({"values": [{"x": 4, "y": label_size * 0.8, "text": region_title}]})
        .mark_text(
            align="left", font=font, fontSize=label_size, fontWeight="bold", fill=colours["ink"], baseline="middle"
        )
        .encode(x=_pixels("x"), y=_pixels("y"), text="text:N")
    )
    counts = alt.Chart({"values": [{k: t[k] for k in ("x", "y", "text")} for t in tally_spots]}).encode(
        x=_pixels("x"), y=_pixels("y"), text="text:N"
    )
    tally = {"align": "center", "baseline": "middle", "font": font, "fontSize": label_size + 1, "fontWeight": "bold"}
    counted = [
        counts.mark_text(**tally, fill=colours["paper"], stroke=colours["paper"], strokeWidth=3, strokeJoin="round"),
        counts.mark_text(**tally, fill=colours["muted"]),
    ]
    view = {"width": width, "height": height}
    left = alt.layer(
        *world.layers(alt, topo, colours),
        box,
        *key,
        *(counted if tally_spots else ()),
        *_text_marks(alt, world_labels, colours, font, label_size),
        **view,
    )
    edge = [
        (0, 0, inset_width, 0),
        (inset_width, 0, inset_width, tall),
        (0, tall, inset_width, tall),
        (0, 0, 0, tall),
    ]
    border = (
        alt.Chart({"values": [{"x1": a, "y1": b, "x2": c, "y2": d} for a, b, c, d in edge]})
        .mark_rule(color=colours["muted"], strokeWidth=1, clip=True)
        .encode(x=_pixels("x1"), y=_pixels("y1"), x2="x2:Q", y2="y2:Q")
    )
    right = alt.layer(
        *inset.layers(alt, topo, colours),
        border,
        heading,
        *_text_marks(alt, inset_labels, colours, font, label_size),
        width=inset_width,
        height=tall,
    )
    concat = alt.vconcat if stacked else alt.hconcat
    return concat(
        left,
        right,
        spacing=12,
        padding=0,
        background=colours["paper"],
    ).resolve_scale(size="independent", color="independent")

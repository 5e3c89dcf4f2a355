"""Draw a stored flowchart (nodes, edges, branches) as an SVG, server-side, with no JavaScript.

Layout: nodes go into layers by their longest distance from a start node along forward edges;
edges that go back up (e.g. "补正材料" back to "受理") are drawn as curves on the right-hand side.
The SVG scales to the page width, so it stays readable on a phone.
"""

from __future__ import annotations

from django.utils.html import escape

from .choices import NodeKind

BOX_W, BOX_H, GAP_X, GAP_Y, MARGIN = 168, 52, 28, 46, 16
CHARS_PER_LINE = 10


def _layers(nodes: list[dict], edges: list[dict]) -> tuple[dict[str, int], set[int]]:
    """Layer of each node and the indexes of back edges (found by a depth-first search)."""
    ids = [n["id"] for n in nodes]
    out: dict[str, list[tuple[int, str]]] = {i: [] for i in ids}
    for index, edge in enumerate(edges):
        out[edge["from"]].append((index, edge["to"]))
    targets = {e["to"] for e in edges}
    roots = (
        [n["id"] for n in nodes if n["kind"] == NodeKind.START]
        or [i for i in ids if i not in targets]
        or ids[:1]
    )
    back: set[int] = set()
    state: dict[str, int] = {}  # 1 = on the stack, 2 = done
    order: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        for index, target in out[node]:
            if state.get(target) == 1:
                back.add(index)
            elif target not in state:
                visit(target)
        state[node] = 2
        order.append(node)

    for root in roots + ids:
        if root not in state:
            visit(root)
    layer = dict.fromkeys(ids, 0)
    for node in reversed(order):  # topological order of the forward edges
        for index, target in out[node]:
            if index not in back:
                layer[target] = max(layer[target], layer[node] + 1)
    return layer, back


def _lines(label: str) -> list[str]:
    return [label[i : i + CHARS_PER_LINE] for i in range(0, len(label), CHARS_PER_LINE)][:3] or [""]


def _shape(kind: str, x: int, y: int) -> str:
    if kind == NodeKind.DECISION:
        cx, cy = x + BOX_W // 2, y + BOX_H // 2
        points = f"{x},{cy} {cx},{y} {x + BOX_W},{cy} {cx},{y + BOX_H}"
        return f'<polygon points="{points}" class="fc-decision"/>'
    radius = BOX_H // 2 if kind in (NodeKind.START, NodeKind.END) else 6
    return f'<rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="{radius}" class="fc-{kind}"/>'


def render_svg(content: dict, title: str = "") -> str:
    nodes, edges = content.get("nodes", []), content.get("edges", [])
    if not nodes:
        return ""
    layer, back = _layers(nodes, edges)
    rows: dict[int, list[dict]] = {}
    for node in nodes:
        rows.setdefault(layer[node["id"]], []).append(node)
    widest = max(len(r) for r in rows.values())
    width = MARGIN * 2 + widest * BOX_W + (widest - 1) * GAP_X + (60 if back else 0)
    height = MARGIN * 2 + len(rows) * BOX_H + (len(rows) - 1) * GAP_Y
    pos: dict[str, tuple[int, int]] = {}
    for depth, row in rows.items():
        span = len(row) * BOX_W + (len(row) - 1) * GAP_X
        left = MARGIN + (widest * BOX_W + (widest - 1) * GAP_X - span) // 2
        for i, node in enumerate(row):
            pos[node["id"]] = (left + i * (BOX_W + GAP_X), MARGIN + depth * (BOX_H + GAP_Y))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'style="max-width:{width}px" role="img" aria-label="{escape(title or "流程图")}" class="flowchart">',
        '<defs><marker id="fc-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#52606d"/></marker></defs>',
        "<style>.flowchart text{font-family:'Noto Sans CJK SC','PingFang SC','Microsoft YaHei',sans-serif;"
        "font-size:14px;fill:#1f2933}.flowchart rect,.flowchart polygon{fill:#fff;stroke:#9b1c1c;stroke-width:1.5}"
        ".flowchart .fc-start,.flowchart .fc-end{fill:#fdf2f2}.flowchart .fc-decision{fill:#fffbea;stroke:#b7791f}"
        ".flowchart path.fc-edge{fill:none;stroke:#52606d;stroke-width:1.4}"
        ".flowchart text.fc-label{font-size:12px;fill:#9b1c1c}</style>",
    ]
    right = width - 30
    for index, edge in enumerate(edges):
        (x1, y1), (x2, y2) = pos[edge["from"]], pos[edge["to"]]
        if index in back or y2 <= y1:
            sx, sy, tx, ty = x1 + BOX_W, y1 + BOX_H // 2, x2 + BOX_W, y2 + BOX_H // 2
            d = f"M{sx},{sy} C{right + 20},{sy} {right + 20},{ty} {tx},{ty}"
            lx, ly = right - 4, (sy + ty) // 2
        else:
            sx, sy, tx, ty = x1 + BOX_W // 2, y1 + BOX_H, x2 + BOX_W // 2, y2
            d = f"M{sx},{sy} C{sx},{(sy + ty) // 2} {tx},{(sy + ty) // 2} {tx},{ty}"
            lx, ly = (sx + tx) // 2 + 6, (sy + ty) // 2 - 2
        parts.append(f'<path d="{d}" class="fc-edge" marker-end="url(#fc-arrow)"/>')
        if edge.get("label"):
            parts.append(f'<text x="{lx}" y="{ly}" class="fc-label">{escape(edge["label"])}</text>')
    for node in nodes:
        x, y = pos[node["id"]]
        parts.append(_shape(node["kind"], x, y))
        lines = _lines(node["label"])
        first = y + BOX_H // 2 - (len(lines) - 1) * 8 + 5
        for i, line in enumerate(lines):
            parts.append(
                f'<text x="{x + BOX_W // 2}" y="{first + i * 16}" text-anchor="middle">{escape(line)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)

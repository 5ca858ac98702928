"""The workflow graph drawn as a scene: one card per node, arrows for the edges.

The scene is a view of a :class:`WorkflowGraph` and is rebuilt from it after every edit.
Layout, left to right: the trigger, the root condition, then the actions in order; the
conditions of a group hang below it, indented; loose (detached) pieces sit on a row below.
A node with errors gets a red border, a badge with their number and a tooltip listing them.
Dragging from a node's output port (right edge) onto another node asks to connect them; the
Delete key asks to remove the selected node.
"""

from __future__ import annotations

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (QBrush, QColor, QFont, QFontMetrics, QKeyEvent, QPainter,
                           QPainterPath, QPen, QPolygonF)
from PySide6.QtWidgets import (QGraphicsItem, QGraphicsLineItem, QGraphicsPathItem,
                               QGraphicsPolygonItem,
                               QGraphicsScene, QGraphicsSceneContextMenuEvent,
                               QGraphicsSceneMouseEvent,
                               QGraphicsSimpleTextItem, QMenu, QStyleOptionGraphicsItem, QWidget)

from themisia_desktop.core.automation.graph import NO_NAMES, GraphNode, Names, WorkflowGraph

NODE_W, NODE_H = 232.0, 66.0
COL_STEP, ROW_STEP, INDENT = 286.0, 84.0, 34.0
BAND_GAP = 30.0
CHAIN_COLUMNS = 3  # cards per band before the chain wraps (fits the editor at 1366 px)
PORT_R = 6.0
ERROR_RED = QColor("#c62828")
EDGE_GREY = QColor("#6b7280")
COLORS = {"trigger": ("#e3edf9", "#3867a8"), "group": ("#efe8f7", "#7450a8"),
          "condition": ("#fdf3e1", "#b7791f"), "action": ("#e6f4ea", "#2e7d4f")}
KIND_LABELS = {"trigger": "Déclencheur", "group": "Groupe", "condition": "Condition",
               "action": "Action"}


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class NodeItem(QGraphicsItem):
    """A card: kind colour, title (elided), subtitle, ports, error border and badge."""

    def __init__(self, node: GraphNode, errors: list[str]) -> None:
        super().__init__()
        self.node = node
        self.errors = list(errors)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, True)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsFocusable, True)
        self.setAcceptHoverEvents(True)
        self.setData(0, node.id)
        tip = f"<b>{_escape(node.title)}</b><br>{_escape(node.subtitle)}"
        if self.errors:
            lines = "".join(f"<li>{_escape(e)}</li>" for e in self.errors)
            tip += f"<p style='color:{ERROR_RED.name()}'>À corriger :</p><ul>{lines}</ul>"
        self.setToolTip(tip)

    @property
    def node_id(self) -> str:
        return self.node.id

    @property
    def has_output(self) -> bool:
        return not self.node.detached

    @property
    def has_input(self) -> bool:
        return self.node.kind != "trigger"

    def output_port(self) -> QPointF:
        return self.mapToScene(QPointF(NODE_W, NODE_H / 2))

    def input_port(self) -> QPointF:
        return self.mapToScene(QPointF(0, NODE_H / 2))

    def port_rect(self) -> QRectF:
        return QRectF(NODE_W - PORT_R - 2, NODE_H / 2 - PORT_R - 2, 2 * PORT_R + 4, 2 * PORT_R + 4)

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt's name
        return QRectF(-PORT_R - 2, -12, NODE_W + 2 * PORT_R + 16, NODE_H + 16)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        fill, accent = (QColor(c) for c in COLORS.get(self.node.kind, ("#f2f2f2", "#666666")))
        if self.node.detached:
            fill = QColor("#f5f5f5")
        rect = QRectF(0, 0, NODE_W, NODE_H)
        border = QPen(ERROR_RED if self.errors else accent, 2.6 if self.errors else 1.4)
        if self.node.detached:
            border.setStyle(Qt.PenStyle.DashLine)
        if self.isSelected():
            painter.setPen(QPen(QColor("#1a73e8"), 5))
            painter.drawRoundedRect(rect.adjusted(-3, -3, 3, 3), 10, 10)
        painter.setPen(border)
        painter.setBrush(QBrush(fill))
        painter.drawRoundedRect(rect, 8, 8)
        painter.fillRect(QRectF(1.5, 8, 5, NODE_H - 16), accent)
        font = QFont(painter.font())
        font.setPointSizeF(8.5)
        painter.setFont(font)
        painter.setPen(QColor("#555b63"))
        metrics = QFontMetrics(font)
        painter.drawText(QRectF(14, 6, NODE_W - 44, 18), Qt.AlignmentFlag.AlignLeft,
                         metrics.elidedText(self.node.subtitle, Qt.TextElideMode.ElideRight,
                                            int(NODE_W - 44)))
        font.setPointSizeF(9.5)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("#1f2328"))
        self._draw_title(painter, QFontMetrics(font))
        painter.setPen(QPen(accent, 1.2))
        painter.setBrush(QBrush(Qt.GlobalColor.white))
        if self.has_input:
            painter.drawEllipse(QPointF(0, NODE_H / 2), PORT_R - 1, PORT_R - 1)
        if self.has_output:
            painter.setBrush(QBrush(accent))
            painter.drawEllipse(QPointF(NODE_W, NODE_H / 2), PORT_R, PORT_R)
        if self.errors:
            self._draw_badge(painter)

    def _draw_title(self, painter: QPainter, metrics: QFontMetrics) -> None:
        """The title on up to two lines, the second elided."""
        width, text = int(NODE_W - 24), self.node.title
        first = text
        while metrics.horizontalAdvance(first) > width and " " in first:
            first = first.rsplit(" ", 1)[0]
        if metrics.horizontalAdvance(first) > width:
            first = metrics.elidedText(first, Qt.TextElideMode.ElideRight, width)
        rest = text[len(first):].strip() if not first.endswith("…") else ""
        painter.drawText(QRectF(14, 24, width, 18), Qt.AlignmentFlag.AlignLeft, first)
        if rest:
            painter.drawText(QRectF(14, 42, width, 18), Qt.AlignmentFlag.AlignLeft,
                             metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width))

    def _draw_badge(self, painter: QPainter) -> None:
        center = QPointF(NODE_W - 4, 0)
        painter.setPen(QPen(Qt.GlobalColor.white, 1.5))
        painter.setBrush(QBrush(ERROR_RED))
        painter.drawEllipse(center, 10, 10)
        font = QFont(painter.font())
        font.setPointSizeF(8)
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(QRectF(center.x() - 10, center.y() - 10, 20, 20),
                         Qt.AlignmentFlag.AlignCenter, str(len(self.errors)))


class EdgeItem(QGraphicsPathItem):
    """An arrow: straight from port to port along the chain, an elbow down into a group's
    conditions."""

    def __init__(self, source: NodeItem, target: NodeItem) -> None:
        super().__init__()
        self.source_id, self.target_id = source.node_id, target.node_id
        end = target.input_port()
        path = QPainterPath()
        if target.node.kind in ("condition", "group") and source.node.kind == "group":
            start = source.mapToScene(QPointF(INDENT / 2, NODE_H))
            path.moveTo(start)
            path.lineTo(start.x(), end.y())
            path.lineTo(end)
        elif end.x() < source.output_port().x():  # the chain wraps onto the next band
            start = source.output_port()
            gap_y = end.y() - NODE_H / 2 - BAND_GAP / 2
            path.moveTo(start)
            for point in (QPointF(start.x() + 14, start.y()), QPointF(start.x() + 14, gap_y),
                          QPointF(end.x() - 16, gap_y), QPointF(end.x() - 16, end.y()), end):
                path.lineTo(point)
        else:
            start = source.output_port()
            path.moveTo(start)
            dx = max(30.0, (end.x() - start.x()) / 2)
            path.cubicTo(QPointF(start.x() + dx, start.y()), QPointF(end.x() - dx, end.y()), end)
        self.setPath(path)
        self.setPen(QPen(EDGE_GREY, 1.6))
        self.setZValue(-1)
        head = QGraphicsPolygonItem(QPolygonF([end, QPointF(end.x() - 10, end.y() - 5),
                                               QPointF(end.x() - 10, end.y() + 5)]), self)
        head.setPen(QPen(EDGE_GREY, 1))
        head.setBrush(QBrush(EDGE_GREY))


class GraphScene(QGraphicsScene):
    node_selected = Signal(object)        # node id, or None when nothing is selected
    connect_requested = Signal(str, str)  # source id, target id
    delete_requested = Signal(str)
    detach_requested = Signal(str, str)   # the edge (source, target) to cut
    move_requested = Signal(str, int)     # an action id, its new index

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items_by_id: dict[str, NodeItem] = {}
        self.incoming: dict[str, str] = {}
        self._drag_from: NodeItem | None = None
        self._drag_line: QGraphicsLineItem | None = None
        self.selectionChanged.connect(self._on_selection)

    # building
    def set_graph(self, graph: WorkflowGraph, errors: dict[str, list[str]],
                  selected: str | None = None, names: Names = NO_NAMES) -> None:
        self.blockSignals(True)
        try:
            self.clear()
            self.items_by_id = {}
            self._drag_from = self._drag_line = None
            positions = layout(graph)
            nodes = graph.nodes(names)
            for node in nodes:
                item = NodeItem(node, errors.get(node.id, []))
                item.setPos(positions[node.id])
                self.addItem(item)
                self.items_by_id[node.id] = item
            self.incoming = {e.target: e.source for e in graph.edges()}
            for edge in graph.edges():
                self.addItem(EdgeItem(self.items_by_id[edge.source],
                                      self.items_by_id[edge.target]))
            loose = [n for n in nodes if n.detached]
            if loose:
                label = QGraphicsSimpleTextItem("Éléments non reliés (reliez-les ou supprimez-les)")
                label.setBrush(QColor("#6b7280"))
                label.setPos(positions[loose[0].id] + QPointF(0, -24))
                self.addItem(label)
            if selected in self.items_by_id:
                self.items_by_id[selected].setSelected(True)
        finally:
            self.blockSignals(False)

    def selected_id(self) -> str | None:
        chosen = [i for i in self.selectedItems() if isinstance(i, NodeItem)]
        return chosen[0].node_id if chosen else None

    def select(self, node_id: str | None) -> None:
        self.clearSelection()
        if node_id in self.items_by_id:
            self.items_by_id[node_id].setSelected(True)

    def _on_selection(self) -> None:
        self.node_selected.emit(self.selected_id())

    # interaction
    def _node_at(self, pos: QPointF) -> NodeItem | None:
        for item in self.items(pos):
            if isinstance(item, NodeItem):
                return item
        return None

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        node = self._node_at(event.scenePos())
        if node is not None and node.has_output and event.button() == Qt.MouseButton.LeftButton \
                and node.port_rect().contains(node.mapFromScene(event.scenePos())):
            self._drag_from = node
            self._drag_line = QGraphicsLineItem(QLineF(node.output_port(), event.scenePos()))
            self._drag_line.setPen(QPen(QColor("#1a73e8"), 2, Qt.PenStyle.DashLine))
            self.addItem(self._drag_line)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        if self._drag_line is not None and self._drag_from is not None:
            self._drag_line.setLine(QLineF(self._drag_from.output_port(), event.scenePos()))
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        if self._drag_from is not None:
            source = self._drag_from.node_id
            if self._drag_line is not None:
                self.removeItem(self._drag_line)
            self._drag_from = self._drag_line = None
            target = self._node_at(event.scenePos())
            if target is not None and target.node_id != source:
                self.connect_requested.emit(source, target.node_id)
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def contextMenuEvent(self, event: QGraphicsSceneContextMenuEvent) -> None:  # noqa: N802
        item = self._node_at(event.scenePos())
        if item is None:
            return
        self.select(item.node_id)
        menu = QMenu()
        node_id = item.node_id
        if node_id.startswith("action/"):
            index = int(node_id.split("/")[1])
            count = sum(1 for key in self.items_by_id if key.startswith("action/"))
            menu.addAction("Déplacer avant", lambda: self.move_requested.emit(node_id, index - 1)
                           ).setEnabled(index > 0)
            menu.addAction("Déplacer après", lambda: self.move_requested.emit(node_id, index + 1)
                           ).setEnabled(index < count - 1)
        incoming = self.incoming.get(node_id)
        if incoming is not None:
            menu.addAction("Détacher", lambda: self.detach_requested.emit(incoming, node_id))
        if node_id != "trigger":
            menu.addAction("Supprimer", lambda: self.delete_requested.emit(node_id))
        if not menu.isEmpty():
            menu.exec(event.screenPos())
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        selected = self.selected_id()
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and selected:
            self.delete_requested.emit(selected)
            event.accept()
            return
        super().keyPressEvent(event)


def layout(graph: WorkflowGraph) -> dict[str, QPointF]:
    """Positions: the chain trigger → root condition → actions runs left to right and wraps
    every :data:`CHAIN_COLUMNS` cards onto a new band; a group's conditions hang below it,
    indented; detached pieces sit on a row of their own under everything."""
    children: dict[str, list[str]] = {}
    for edge in graph.edges():
        if edge.source.startswith("cond") and edge.target.startswith("cond"):
            children.setdefault(edge.source, []).append(edge.target)
    nodes = graph.nodes()
    chain = [n.id for n in nodes if n.id in ("trigger", "cond") or n.id.startswith("action/")]
    pos: dict[str, QPointF] = {}
    band_top, band_rows = 0.0, 1

    def place(node_id: str, x: float, row: int) -> int:
        pos[node_id] = QPointF(x, band_top + row * ROW_STEP)
        row += 1
        for child in children.get(node_id, []):
            row = place(child, x + INDENT, row)
        return row

    for k, node_id in enumerate(chain):
        column = k % CHAIN_COLUMNS
        if k and column == 0:
            band_top += band_rows * ROW_STEP + BAND_GAP
            band_rows = 1
        band_rows = max(band_rows, place(node_id, column * COL_STEP, 0))
    bottom = band_top + band_rows * ROW_STEP + BAND_GAP / 2
    for i, node in enumerate(n for n in nodes if n.detached):
        pos[node.id] = QPointF((i % CHAIN_COLUMNS) * COL_STEP,
                               bottom + (i // CHAIN_COLUMNS) * ROW_STEP)
    return pos

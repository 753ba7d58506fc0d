"""Turning a flat list of units into a tree for display, without further queries."""

from dataclasses import dataclass, field


@dataclass
class UnitNode:
    """A unit with its children, ready for a recursive template."""

    unit: object
    children: list["UnitNode"] = field(default_factory=list)
    hidden_children: int = 0


def build_tree(units):
    """Nest `units` by parent, keeping their order; units whose parent is absent are roots."""
    nodes = {unit.pk: UnitNode(unit) for unit in units}
    roots = []
    for node in nodes.values():
        parent = nodes.get(node.unit.parent_id)
        (parent.children if parent else roots).append(node)
    return roots


def walk_nodes(nodes):
    """Every node of the tree in display order (depth first)."""
    for node in nodes:
        yield node
        yield from walk_nodes(node.children)

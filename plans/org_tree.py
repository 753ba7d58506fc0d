"""The one walk of a unit tree: from (unit, parent) pairs to subtrees, depth-first order and nested nodes."""

from collections import defaultdict
from dataclasses import dataclass, field


class UnitTree:
    """A unit tree from (id, parent id) pairs, keeping the order in which siblings were given."""

    def __init__(self, pairs):
        """Index the children of every unit; units whose parent is absent are roots."""
        pairs = list(pairs)
        known = {unit_id for unit_id, _parent in pairs}
        self.children = defaultdict(list)
        self.roots = []
        for unit_id, parent_id in pairs:
            (self.children[parent_id] if parent_id in known else self.roots).append(unit_id)

    def depth_first(self):
        """Every unit id in display order: each unit, then its sub-units."""
        stack = list(reversed(self.roots))
        while stack:
            unit_id = stack.pop()
            yield unit_id
            stack.extend(reversed(self.children[unit_id]))

    def subtrees(self):
        """For every unit, the ids of itself and all units below it."""
        subtrees = {}
        for unit_id in reversed(list(self.depth_first())):
            subtrees[unit_id] = {unit_id}.union(*(subtrees[child] for child in self.children[unit_id]))
        return subtrees


@dataclass
class UnitNode:
    """A unit with its children, ready for a recursive template."""

    unit: object
    children: list["UnitNode"] = field(default_factory=list)


def build_tree(units):
    """Nest `units` by parent, keeping their order; units whose parent is absent are roots."""
    nodes = {unit.pk: UnitNode(unit) for unit in units}
    tree = UnitTree((unit.pk, unit.parent_id) for unit in units)
    for parent_id, child_ids in tree.children.items():
        nodes[parent_id].children = [nodes[child] for child in child_ids]
    return [nodes[root] for root in tree.roots]


def walk(nodes):
    """Every unit of a nested tree in display order (depth first)."""
    for node in nodes:
        yield node.unit
        yield from walk(node.children)

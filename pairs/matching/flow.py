"""The b-matching as a min-cost flow (OR-Tools), and the potentials that prove
an assignment optimal (issue 15).

Network: source s → mentee i (capacity 1, cost 0); mentee i → mentor j
(capacity 1, cost −w_ij) for every edge given; mentor j → sink t (capacity
places_j, cost 0); s → t (capacity n, cost 0) for the mentees left unpaired.
s supplies n units, t takes n. A min-cost flow is a maximum-weight
assignment. Weights are integers (int64), so the optimum is exact.

Potentials: the shortest distances d in the residual network of the optimal
flow from a virtual root joined to every node at cost 0 (Bellman–Ford,
vectorised). Every residual arc then has reduced cost c + d_tail − d_head ≥ 0.
An edge (i, j) left out of the network is unused, so it would add the
residual arc i → j of cost −w_ij: when w_ij ≤ d_i − d_j for every left-out
edge, no cycle of negative cost exists in the whole graph either and the
assignment is optimal on it (the reduced costs telescope around a cycle).
"""

import numpy as np
from ortools.graph.python import min_cost_flow


class SolverError(RuntimeError):
    """The min-cost flow solver did not find an optimum (a bug or costs out of
    its range), or the potentials found a negative cycle."""


def assign(n: int, m: int, rows, cols, weights, places) -> np.ndarray:
    """The maximum-weight assignment over the given edges: a bool array over the
    edges, True where used. ``rows``/``cols``/``weights``: int64 arrays (E,),
    weights ≥ 1; ``places``: (m,) ints ≥ 0. Each mentee gets at most one edge,
    each mentor at most places_j. Deterministic for the same input. Raises
    SolverError when OR-Tools does not report an optimum."""
    edges = len(rows)
    if edges == 0:
        return np.zeros(0, dtype=bool)
    source, sink = 0, n + m + 1
    solver = min_cost_flow.SimpleMinCostFlow()
    tails = np.concatenate([np.zeros(n, np.int64), rows + 1, np.arange(m) + n + 1, [source]])
    heads = np.concatenate([np.arange(n) + 1, cols + n + 1, np.full(m, sink), [sink]])
    capacities = np.concatenate([
        np.ones(n, np.int64), np.ones(edges, np.int64), np.asarray(places, np.int64), [n]
    ])
    costs = np.concatenate([np.zeros(n, np.int64), -weights, np.zeros(m, np.int64), [0]])
    arcs = solver.add_arcs_with_capacity_and_unit_cost(tails, heads, capacities, costs)
    solver.set_node_supply(source, n)
    solver.set_node_supply(sink, -n)
    status = solver.solve()
    if status != solver.OPTIMAL:
        raise SolverError(f"min-cost flow ended with status {status}")
    return solver.flows(arcs[n:n + edges]) > 0


def potentials(n: int, m: int, rows, cols, weights, used, places) -> tuple[np.ndarray, np.ndarray]:
    """(d_mentee (n,), d_mentor (m,)) int64: shortest distances in the residual
    network of the optimal assignment ``used`` over the given edges (module
    doc). Raises SolverError on a negative cycle (the assignment was not
    optimal over its own edges)."""
    source, sink = 0, n + m + 1
    mentee = np.arange(n) + 1
    mentor = np.arange(m) + n + 1
    paired = np.zeros(n, dtype=bool)
    paired[rows[used]] = True
    load = np.bincount(cols[used], minlength=m)
    places = np.asarray(places, np.int64)
    free, busy = load < places, load > 0
    tails = [np.where(paired, mentee, source), rows[~used] + 1, cols[used] + n + 1,
             mentor[free], np.full(int(busy.sum()), sink)]
    heads = [np.where(paired, source, mentee), cols[~used] + n + 1, rows[used] + 1,
             np.full(int(free.sum()), sink), mentor[busy]]
    costs = [np.zeros(n, np.int64), -weights[~used], weights[used],
             np.zeros(int(free.sum()), np.int64), np.zeros(int(busy.sum()), np.int64)]
    count = int(paired.sum())
    if count:  # the bypass s → t carries n − count: it can give some back
        tails.append([sink]), heads.append([source]), costs.append([0])
    if count < n:
        tails.append([source]), heads.append([sink]), costs.append([0])
    tail, head, cost = (np.concatenate(a).astype(np.int64) for a in (tails, heads, costs))
    order = np.argsort(head, kind="stable")
    tail, head, cost = tail[order], head[order], cost[order]
    targets, starts = np.unique(head, return_index=True)
    nodes = n + m + 2
    distance = np.zeros(nodes, np.int64)
    for _ in range(nodes + 1):
        reached = np.minimum(distance[targets], np.minimum.reduceat(distance[tail] + cost, starts))
        if np.array_equal(reached, distance[targets]):
            return distance[1:n + 1], distance[n + 1:n + m + 1]
        distance[targets] = reached
    raise SolverError("negative cycle in the residual network")

#!/usr/bin/env python3
"""Reference values for the Atlas's graph measures, computed once with networkx and kept as a fixture.

Run from the project root:  python3 scripts/graph-reference.py > test/fixtures/graph/reference.json
(needs networkx: pip install networkx). The graph is a seeded random directed graph with weights and
lengths on a simple edge set, with some dangling nodes; test/analysis.test.ts reads the fixture and
checks the Atlas's own PageRank and betweenness against it to 1e-6.
"""
import json
import random

import networkx as nx

SEED = 20261201
N = 60
rng = random.Random(SEED)
G = nx.DiGraph()
G.add_nodes_from(range(N))
for u in range(N):
    if u % 9 == 0:
        continue  # dangling: no out-edges
    for v in rng.sample(range(N), rng.randint(1, 6)):
        if v != u:
            G.add_edge(u, v, weight=rng.randint(1, 5), length=rng.uniform(0.5, 3.0))

edges = [[u, v, d["weight"], d["length"]] for u, v, d in sorted(G.edges(data=True))]
out = {
    "generator": f"scripts/graph-reference.py, networkx {nx.__version__}, seed {SEED}",
    "n": N,
    "edges": edges,
    "pagerank_weighted": [nx.pagerank(G, alpha=0.85, weight="weight", tol=1e-14, max_iter=10000)[i] for i in range(N)],
    "pagerank_unweighted": [nx.pagerank(G, alpha=0.85, weight=None, tol=1e-14, max_iter=10000)[i] for i in range(N)],
    # restart weights 1 + (i mod 4); networkx spreads dangling mass by them too (dangling=None)
    "pagerank_personalised": [
        nx.pagerank(
            G, alpha=0.85, weight="weight", personalization={i: 1 + (i % 4) for i in range(N)}, tol=1e-14, max_iter=10000
        )[i]
        for i in range(N)
    ],
    "betweenness": [nx.betweenness_centrality(G, normalized=True)[i] for i in range(N)],
    "betweenness_by_length": [nx.betweenness_centrality(G, normalized=True, weight="length")[i] for i in range(N)],
    "modularity_mod3": nx.community.modularity(
        G.to_undirected(reciprocal=False), [{i for i in range(N) if i % 3 == r} for r in range(3)], weight=None
    ),
    "karate_edges": [[u, v] for u, v in nx.karate_club_graph().edges()],
    "karate_louvain_modularity": nx.community.modularity(
        nx.karate_club_graph(), nx.community.louvain_communities(nx.karate_club_graph(), weight=None, seed=1), weight=None
    ),
    "in_degree": [G.in_degree(i) for i in range(N)],
    "out_degree": [G.out_degree(i) for i in range(N)],
}
print(json.dumps(out))

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import {
  type Bench,
  type BenchOptions,
  type BenchResult,
  median,
  ms,
  once,
  type Samples,
  since,
} from './lib.ts';
import { nationalDatabase } from './national.ts';

/**
 * The stakeholder map's measures (issue 6) on the national demo (bench/national.ts: the ODS structure
 * of `../shared/data/ods` on top of the national reference, and `atlas demo --scale national` in one
 * workspace). The database is set up once (not timed) and shared by the five benchmarks below; the
 * graph builds are measured there too, then the database is closed and every other measure runs on the
 * built graph in memory.
 */
/** The ICS the one-ICS figure is measured on (Cheshire and Merseyside ICB). */
const ICS = 'QYG';
const SAMPLES = 256;

const n = (x: number) => x.toLocaleString('en-GB');
const s = (x: number) => `${(x / 1000).toFixed(1)} s`;
const mib = (b: number) => `${(b / 2 ** 20).toFixed(1)} MiB`;
const runsOf = (xs: Samples) => xs.map(ms).join(', ');

/** The application modules, loaded inside `run()` so other benchmarks do not load them. */
async function loadApp() {
  const [logger, openDatabase, scope, repo, service] = await Promise.all([
    import('../src/logger.ts'),
    import('../src/services/open-database.ts'),
    import('../src/storage/workspace-scope.ts'),
    import('../src/storage/graph-repo.ts'),
    import('../src/services/analysis.ts'),
  ]);
  const [build, measures, model, pagerank, scopes, louvain, exporter] = await Promise.all([
    import('../src/analysis/build.ts'),
    import('../src/analysis/measures.ts'),
    import('../src/analysis/model.ts'),
    import('../src/analysis/pagerank.ts'),
    import('../src/analysis/scope.ts'),
    import('../src/analysis/louvain.ts'),
    import('../src/analysis/export.ts'),
  ]);
  return {
    ...logger,
    ...openDatabase,
    ...scope,
    ...repo,
    ...service,
    ...build,
    ...measures,
    ...model,
    ...pagerank,
    ...scopes,
    ...louvain,
    ...exporter,
  };
}
type App = Awaited<ReturnType<typeof loadApp>>;
type Built = Awaited<ReturnType<InstanceType<App['GraphCache']>['get']>>;

/** A garbage collection on demand (for the memory figures), without a flag on the command line. */
function gcNow(): void {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  gc();
  gc();
}

/**
 * Times `fn` `times` times after `warm` untimed calls; returns the wall-clock samples, the process's
 * CPU time for each call (user + system: what the call cost when the machine is shared), and the
 * last result.
 */
function timeSync<T>(times: number, fn: () => T, warm = 1): { samples: Samples; cpu: Samples; last: T } {
  let last = fn();
  for (let i = 1; i < warm; i++) last = fn();
  const samples: Samples = [];
  const cpu: Samples = [];
  for (let i = 0; i < times; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    last = fn();
    samples.push(since(t0));
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { samples, cpu, last };
}

/** What the shared set-up leaves: the built national graph, and the graph-build figures. */
interface Shared {
  app: App;
  built: Built;
  counts: string;
  build: Samples;
  load: Samples;
  buildGraph: Samples;
  flow: Samples;
  stamp: Samples;
  memory: string[];
  csrBytes: number;
  tmp: string;
}

/** The shared set-up, made once for whichever of the benchmarks below are asked for. */
const sharedSetup = once(setUp);

async function setUp(opts: BenchOptions): Promise<Shared> {
  const { runs, log } = opts;
  const national = await nationalDatabase(opts);
  const app = await loadApp();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-bench-analysis-'));
  process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));
  const db = await app.openDatabase({ dataDir: national.dataDir, databaseUrl: undefined }, app.silentLog);
  try {
    const ws = national.workspaceId;
    const today = national.today;
    let t0: number;

    // Memory: the first build, between two full collections.
    gcNow();
    const m0 = process.memoryUsage();
    t0 = performance.now();
    let built = await new app.GraphCache(db).get(ws, today, { wait: true });
    const firstMs = since(t0);
    const mPeak = process.memoryUsage();
    gcNow();
    const m1 = process.memoryUsage();
    const g = built.graph;
    const c = g.csr;
    const csrBytes =
      [
        c.offsets,
        c.targets,
        c.weights,
        c.kinds,
        c.inOffsets,
        c.sources,
        c.inEdge,
        c.outWeight,
        g.edgeDetail,
        g.edgePersona,
      ].reduce((a, x) => a + x.byteLength, 0) +
      built.flow.scores.byteLength +
      built.flow.teleport.byteLength;
    const memory = [
      `memory of the first build (${s(firstMs)}, cold): retained after a full collection heapUsed +${mib(m1.heapUsed - m0.heapUsed)}, ` +
        `external (typed arrays) +${mib(m1.external - m0.external)}, RSS +${mib(m1.rss - m0.rss)}; ` +
        `at its end before collecting heapUsed +${mib(mPeak.heapUsed - m0.heapUsed)}, RSS +${mib(mPeak.rss - m0.rss)}`,
      `typed arrays of the CSR form, edge details and the flow: ${mib(csrBytes)} ` +
        `(${n(g.n)} nodes, ${n(c.targets.length)} edges: ${(csrBytes / c.targets.length).toFixed(1)} bytes an edge)`,
    ];

    // Measured: GraphCache builds (a fresh cache each time: stamp, rows, buildGraph, flow).
    const times = Math.max(3, runs);
    const build: Samples = [];
    const load: Samples = [];
    for (let i = 0; i < times; i++) {
      t0 = performance.now();
      built = await new app.GraphCache(db).get(ws, today, { wait: true });
      build.push(since(t0));
      t0 = performance.now();
      await app.inWorkspace(db, ws, (tx) => app.loadGraphRows(tx, today, ws));
      load.push(since(t0));
      log(
        `build ${i + 1}/${times}: GraphCache ${ms(build.at(-1)!)}, loadGraphRows alone ${ms(load.at(-1)!)}`,
      );
    }
    // The data stamp every analysis request reads before using the cached graph.
    const stamp: Samples = [];
    for (let i = 0; i < 20; i++) {
      t0 = performance.now();
      await app.inWorkspace(db, ws, (tx) => app.graphDataStamp(tx, ws));
      stamp.push(since(t0));
    }
    const rows = await app.inWorkspace(db, ws, (tx) => app.loadGraphRows(tx, today, ws));
    const bg = timeSync(Math.max(5, runs), () => app.buildGraph(rows, app.DEFAULT_WEIGHTS));
    const fl = timeSync(Math.max(5, runs), () => app.influenceFlow(built.graph, app.DEFAULT_WEIGHTS));
    const counts =
      `${n(app.rowCount(rows, 'organisations'))} organisations, ${n(app.rowCount(rows, 'networks'))} networks, ` +
      `${n(app.rowCount(rows, 'people'))} people, ${n(app.rowCount(rows, 'posts'))} posts, ` +
      `${n(app.rowCount(rows, 'memberships'))} memberships, ${n(app.rowCount(rows, 'relationships'))} relationships ` +
      `→ ${n(g.n)} nodes, ${n(c.targets.length)} edges`;
    log(counts);
    return {
      app,
      built,
      counts,
      build,
      load,
      buildGraph: bg.samples,
      flow: fl.samples,
      stamp,
      memory,
      csrBytes,
      tmp,
    };
  } finally {
    await db.close();
  }
}

export const graphBuild: Bench = {
  name: 'graph-build',
  title: 'stakeholder graph of the national demo: GraphCache build (rows, buildGraph, influence flow)',
  async run(opts) {
    const sh = await sharedSetup(opts);
    return {
      measured: {
        label:
          'new GraphCache(db).get(workspace, today, { wait: true }): stamp, loadGraphRows, buildGraph, influence flow',
        samples: sh.build,
      },
      baseline: { label: 'loadGraphRows alone, inside inWorkspace (the database part)', samples: sh.load },
      stat: 'median',
      targetMs: 3000,
      notes: [
        sh.counts,
        `buildGraph alone (rows → CSR): median ${ms(median(sh.buildGraph))} (${runsOf(sh.buildGraph)})`,
        `influence flow alone (teleportOf + flowRank): median ${ms(median(sh.flow))} (${runsOf(sh.flow)})`,
        `the data stamp each request reads first (graphDataStamp in the workspace): median ${ms(median(sh.stamp))} of 20`,
        ...sh.memory,
      ],
    };
  },
};

/** The graph with parallel edges merged (as every export writes it), in graphology. */
async function graphologyOf(app: App, g: Built['graph']) {
  const { DirectedGraph } = await import('graphology');
  const graph = new DirectedGraph();
  for (const id of g.ids) graph.addNode(id);
  for (const e of app.exportEdges(g)) graph.addDirectedEdge(e.source, e.target, { weight: e.weight });
  return graph;
}

/** The largest absolute difference between our scores and a map of id → score. */
function maxDiff(ids: string[], ours: Float64Array, theirs: Record<string, number>): number {
  let worst = 0;
  for (let i = 0; i < ids.length; i++)
    worst = Math.max(worst, Math.abs(ours[i]! - (theirs[ids[i]!] ?? Number.NaN)));
  return worst;
}

/**
 * networkx's pagerank on the exported GraphML, in a child process: the file is read first (not
 * timed), then `pagerank` is called `reps` times and only the calls are timed.
 */
function networkx(
  file: string,
  reps: number,
  tol: number,
): { samples: Samples; scores: Record<string, number>; version: string } | { skipped: string } {
  const script = `
import json, sys, time
import networkx as nx
G = nx.read_graphml(sys.argv[1])
reps, tol = int(sys.argv[2]), float(sys.argv[3])
times = []
for _ in range(reps):
    t0 = time.perf_counter()
    pr = nx.pagerank(G, alpha=0.85, weight="weight", tol=tol, max_iter=1000)
    times.append((time.perf_counter() - t0) * 1000)
json.dump({"version": nx.__version__, "times": times, "scores": pr}, sys.stdout)
`;
  const r = spawnSync('python3', ['-c', script, file, String(reps), String(tol)], {
    encoding: 'utf8',
    maxBuffer: 256 * 2 ** 20,
  });
  if (r.error || r.status !== 0)
    return { skipped: (r.error?.message ?? r.stderr).trim().split('\n').at(-1)! };
  const out = JSON.parse(r.stdout) as { version: string; times: number[]; scores: Record<string, number> };
  return { samples: out.times, scores: out.scores, version: out.version };
}

export const influenceNational: Bench = {
  name: 'influence',
  title:
    'influence for the whole country (flowRank on the national demo) against graphology-metrics PageRank',
  async run(opts) {
    const sh = await sharedSetup(opts);
    const { app } = sh;
    const g = sh.built.graph;
    const times = Math.max(5, opts.runs);
    const flow = timeSync(times, () => app.influenceFlow(g, app.DEFAULT_WEIGHTS));
    const ours = timeSync(times, () => app.pageRank(g.csr, { damping: 0.85 }));
    // The same stopping rule for both: L1 change of a round below 1e-12 (graphology and networkx stop
    // when it is below n × tolerance).
    const tol = 1e-12 / g.n;
    const pagerank = createRequire(import.meta.url)(
      'graphology-metrics/centrality/pagerank',
    ) as typeof import('graphology-metrics/centrality/pagerank.js').default;
    const gg = await graphologyOf(app, g);
    const theirs = timeSync(times, () =>
      pagerank(gg, { alpha: 0.85, getEdgeWeight: 'weight', tolerance: tol, maxIterations: 1000 }),
    );
    const agree = maxDiff(g.ids, ours.last.scores, theirs.last);
    if (!(agree < 1e-6))
      throw new Error(`graphology's PageRank differs from ours by ${agree} (more than 1e-6)`);
    const notes = [
      `${n(g.n)} nodes, ${n(g.csr.targets.length)} edges (${n(gg.size)} after merging parallel edges, as exported); ` +
        `influence flow converged in ${flow.last.iterations} rounds, textbook PageRank in ${ours.last.iterations}`,
      `our textbook pageRank on the CSR form: median ${ms(median(ours.samples))} (${runsOf(ours.samples)}); ` +
        `graphology-metrics pagerank: median ${ms(median(theirs.samples))}: ours is ${(median(theirs.samples) / median(ours.samples)).toFixed(1)}× faster; ` +
        `largest difference ${agree.toExponential(1)}`,
      `CPU time (process user + system) medians: influence flow ${ms(median(flow.cpu))}, our pageRank ${ms(median(ours.cpu))}, ` +
        `graphology ${ms(median(theirs.cpu))}`,
    ];
    const file = path.join(sh.tmp, 'national.graphml');
    fs.writeFileSync(file, app.toGraphml(g));
    const nx = networkx(file, Math.min(times, 3), tol);
    if ('skipped' in nx) notes.push(`networkx: not compared (${nx.skipped})`);
    else {
      const d = maxDiff(g.ids, ours.last.scores, nx.scores);
      notes.push(
        `networkx ${nx.version} pagerank on the exported GraphML (reading not timed, same stopping rule): median ` +
          `${ms(median(nx.samples))} (${runsOf(nx.samples)}): ours is ${(median(nx.samples) / median(ours.samples)).toFixed(1)}× faster; ` +
          `largest difference ${d.toExponential(1)}${d < 1e-6 ? '' : ' (MORE THAN 1e-6)'}`,
      );
    }
    notes.push('python-igraph: not installed, not compared');
    return {
      measured: {
        label: 'influenceFlow(national graph): teleportOf + flowRank to L1 < 1e-12',
        samples: flow.samples,
      },
      baseline: {
        label:
          'graphology-metrics pagerank on the same graph (DirectedGraph, parallel edges merged), same stopping rule',
        samples: theirs.samples,
      },
      stat: 'median',
      targetMs: 1000,
      notes,
    } satisfies BenchResult;
  },
};

export const influenceIcs: Bench = {
  name: 'influence-ics',
  title: `influence for one ICS (scoped(built, '${ICS}'): scope, subgraph, flow) on the national demo`,
  async run(opts) {
    const sh = await sharedSetup(opts);
    const { app, built } = sh;
    const g = built.graph;
    const times = Math.max(20, opts.runs);
    const whole = timeSync(times, () => app.scoped(built, ICS), 3);
    const root = app.scopeId(g, ICS);
    const nodes = timeSync(times, () => app.scopeNodes(g, root), 3);
    const sub = timeSync(times, () => app.subgraph(g, nodes.last), 3);
    const flow = timeSync(times, () => app.influenceFlow(sub.last, app.DEFAULT_WEIGHTS), 3);
    const sg = sub.last;
    const kinds = (k: string) => sg.kinds.filter((x) => x === k).length;
    return {
      measured: {
        label: `scoped(built, '${ICS}'): scopeNodes + subgraph + influence flow`,
        samples: whole.samples,
      },
      baseline: { label: 'the influence flow alone on the same scope graph', samples: flow.samples },
      stat: 'median',
      targetMs: 100,
      notes: [
        `${g.names[g.index.get(root)!]}: ${n(sg.n)} nodes (${n(kinds('organisation'))} organisations, ${n(kinds('network'))} networks, ` +
          `${n(kinds('person'))} people), ${n(sg.csr.targets.length)} edges; flow converged in ${whole.last.flow.iterations} rounds`,
        `scopeNodes median ${ms(median(nodes.samples))}, subgraph median ${ms(median(sub.samples))}, flow median ${ms(median(flow.samples))}`,
        `CPU time (process user + system) medians: scoped ${ms(median(whole.cpu))}, flow alone ${ms(median(flow.cpu))}`,
      ],
    };
  },
};

export const betweennessSampled: Bench = {
  name: 'betweenness',
  title: `betweenness with ${SAMPLES} sampled sources on the national demo`,
  async run(opts) {
    const sh = await sharedSetup(opts);
    const { app } = sh;
    const g = sh.built.graph;
    const times = Math.max(3, opts.runs);
    const measured = timeSync(times, () =>
      app.scoresOf(g, 'betweenness', app.DEFAULT_WEIGHTS, { samples: SAMPLES, seed: 1 }),
    );
    // Baseline, the floor of Brandes: a plain BFS from each of the same sources on the same simple graph.
    const simple = timeSync(times, () => app.simpleGraph(g));
    const sg = simple.last;
    const sources = app.sampleSources(g.n, SAMPLES, 1);
    const dist = new Int32Array(g.n);
    const queue = new Uint32Array(g.n);
    let reached = 0;
    const bfs = timeSync(times, () => {
      reached = 0;
      for (const src of sources) {
        dist.fill(-1);
        let head = 0;
        let tail = 0;
        queue[tail++] = src;
        dist[src] = 0;
        while (head < tail) {
          const v = queue[head++]!;
          for (let e = sg.offsets[v]!; e < sg.offsets[v + 1]!; e++) {
            const w = sg.targets[e]!;
            if (dist[w]! < 0) {
              dist[w] = dist[v]! + 1;
              queue[tail++] = w;
            }
          }
        }
        reached += tail;
      }
    });
    return {
      measured: {
        label: `scoresOf(graph, 'betweenness', { samples: ${SAMPLES} }): simpleGraph + Brandes from ${SAMPLES} sources`,
        samples: measured.samples,
      },
      baseline: {
        label: `a plain BFS from each of the same ${SAMPLES} sources on the same simple graph`,
        samples: bfs.samples,
      },
      stat: 'median',
      notes: [
        `${n(g.n)} nodes, ${n(sg.targets.length)} edges once parallel edges are merged; a source reaches ${n(Math.round(reached / SAMPLES))} nodes on average`,
        `stated error bound ε = ${measured.last.errorBound!.toExponential(2)} (95%); simpleGraph alone median ${ms(median(simple.samples))}`,
      ],
    };
  },
};

/** networkx's Louvain on the exported GraphML (undirected), the call alone timed, once. */
function networkxLouvain(
  file: string,
): { ms: number; modularity: number; count: number } | { skipped: string } {
  const script = `
import json, sys, time
import networkx as nx
D = nx.read_graphml(sys.argv[1])
G = nx.Graph()
G.add_nodes_from(D)
for u, v, w in D.edges(data="weight"):
    if G.has_edge(u, v): G[u][v]["weight"] += w
    else: G.add_edge(u, v, weight=w)
t0 = time.perf_counter()
cs = nx.community.louvain_communities(G, weight="weight", resolution=1, seed=1)
t = (time.perf_counter() - t0) * 1000
json.dump({"ms": t, "count": len(cs), "modularity": nx.community.modularity(G, cs, weight="weight")}, sys.stdout)
`;
  const r = spawnSync('python3', ['-c', script, file], { encoding: 'utf8', timeout: 600_000 });
  if (r.error || r.status !== 0)
    return { skipped: (r.error?.message ?? r.stderr).trim().split('\n').at(-1)! };
  return JSON.parse(r.stdout);
}

export const louvainNational: Bench = {
  name: 'louvain',
  title: 'Louvain communities of the national demo, named and ranked',
  async run(opts) {
    const sh = await sharedSetup(opts);
    const { app, built } = sh;
    const g = built.graph;
    const times = Math.max(3, opts.runs);
    const measured = timeSync(times, () => app.communities(g, built.flow.scores));
    const sym = timeSync(times, () => app.symmetrise(g.csr));
    const r = measured.last;
    const notes = [
      `${n(r.count)} communities, modularity ${r.modularity.toFixed(4)}; largest ${n(Math.max(...r.communities.map((c) => c.size)))} nodes`,
    ];
    const file = path.join(sh.tmp, 'national-louvain.graphml');
    fs.writeFileSync(file, app.toGraphml(g));
    const nx = networkxLouvain(file);
    notes.push(
      'skipped' in nx
        ? `networkx: not compared (${nx.skipped})`
        : `networkx louvain_communities (seed 1, one call, reading not timed): ${ms(nx.ms)}, ${n(nx.count)} communities, ` +
            `modularity ${nx.modularity.toFixed(4)}: ours is ${(nx.ms / median(measured.samples)).toFixed(1)}× faster`,
    );
    return {
      measured: {
        label: 'communities(graph, influence): Louvain, then naming and ranking',
        samples: measured.samples,
      },
      baseline: { label: 'symmetrise alone (the undirected form Louvain starts from)', samples: sym.samples },
      stat: 'median',
      notes,
    };
  },
};

/** The five, in the order they run. */
export const ANALYSIS_BENCHES: Bench[] = [
  graphBuild,
  influenceNational,
  influenceIcs,
  betweennessSampled,
  louvainNational,
];

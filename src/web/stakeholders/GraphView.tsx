import type { AbstractGraph } from 'graphology-types';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type SigmaType from 'sigma';
import {
  DIM_COLOUR,
  drawnItems,
  levelBands,
  lineBudget,
  lineStrengthOrder,
  lineVisibility,
  type MapGraphData,
  type MapLines,
  neighbourIndexes,
  nodeExtent,
  sameFlags,
  spreadLabels,
  strongestLines,
} from './model.ts';

/** What the map draws, all computed outside it: the graph itself is built once per answer. */
export interface GraphViewProps {
  graph: MapGraphData;
  /** each node id's index in `graph.nodes` */
  index: ReadonlyMap<string, number>;
  /** the lines drawn (one per pair of nodes tied either way), built once per graph */
  lines: MapLines;
  nodesShown: Uint8Array;
  edgesShown: Uint8Array;
  sizes: Float32Array;
  colours: readonly string[];
  selected: string | null;
  /** a request to move the camera to a node; `seq` changes for each request */
  focus: { id: string; seq: number } | null;
  onSelect: (id: string) => void;
  /** the map's accessible name */
  label: string;
  /** the id of the text that says where the same data is in words (the tables) */
  describedBy: string;
  /** WebGL is missing or failed: the page says so and relies on the tables */
  onUnavailable: (reason: string) => void;
}

/**
 * What the reducers read: swapped on every change. The renderer's graph holds only the nodes and lines
 * shown (`drawnItems`): a change of what is shown gives it a new graph of those, any other change
 * re-runs the reducers.
 */
interface View {
  nodesShown: Uint8Array;
  /** the lines drawn: those the filters show, the strongest only when zoomed out (`lineBudget`) */
  linesShown: Uint8Array;
  sizes: Float32Array;
  colours: readonly string[];
  /** the selected node's index, -1 for none */
  selected: number;
  neighbours: Set<number>;
  /** whether a selection dims everything else (small graphs) or only marks the node and its ties */
  dim: boolean;
}

const EDGE_COLOUR = '#aeb7bd';
/** The least distance between two band labels' middles, in pixels (a label may wrap to two lines). */
const BAND_LABEL_GAP = 34;
/** The performance mark set when a graph's first frame is drawn (read by bench/map.ts). */
export const MAP_DRAWN_MARK = 'atlas:map-drawn';
/** Above this many lines, lines are hidden while the camera moves (and labels above this many nodes). */
const HIDE_EDGES_ON_MOVE_ABOVE = 4000;
/**
 * Above this many lines, they are drawn one pixel wide (WebGL lines: two vertices each) instead of as
 * rectangles as wide as the tie is strong (six vertices each, smoothed): the renderer copies and draws
 * every line on each frame, which without a GPU (Chromium draws WebGL in software) is most of its cost.
 */
const THIN_LINES_ABOVE = 10_000;
/**
 * Up to this many nodes and lines together, choosing a node dims all the others (every node and line
 * redrawn). Above it, only the chosen node and its own lines change, so a choice costs its degree, not
 * the graph: for the whole country that is the difference between a second and a frame.
 */
const DIM_ON_SELECT_UP_TO = 60_000;
/**
 * Zoomed out (the whole map in view), at most this many lines are drawn: the strongest of those the
 * filters show. Each halving of the camera's ratio draws four times as many, all from 1/8 (`lineBudget`).
 * The page's legend says so.
 */
export const LINES_ZOOMED_OUT = 15_000;
/** The camera has to rest this long before the lines drawn follow the zoom (each change redraws them). */
const BUDGET_SETTLE_MS = 600;

type GraphClass = new (options?: { allowSelfLoops?: boolean }) => AbstractGraph;

/**
 * A graph of what is shown, for the renderer: the shown nodes at their layout position and the lines
 * drawn between them. Sigma re-reads (reducers) and re-fills its buffers (`process`) over its whole
 * graph after any change of what it holds, so holding only what is shown makes that cost what is on
 * screen: 17,640 nodes and 15,000 lines, not the country's 56,798 and 230,000.
 */
function shownGraph(
  Graph: GraphClass,
  graph: MapGraphData,
  lines: MapLines,
  nodesShown: Uint8Array,
  linesShown: Uint8Array,
): AbstractGraph {
  const g = new Graph({ allowSelfLoops: false });
  const drawn = drawnItems(lines, nodesShown, linesShown);
  for (const i of drawn.nodes) {
    const n = graph.nodes[i]!;
    g.addNode(n.id, { x: n.x, y: n.y, size: 3, label: n.name, color: EDGE_COLOUR, i });
  }
  const { a, b, weight } = lines;
  for (const k of drawn.lines) {
    g.addEdgeWithKey(`l${k}`, graph.nodes[a[k]!]!.id, graph.nodes[b[k]!]!.id, {
      i: k,
      a: a[k],
      b: b[k],
      size: Math.min(4, 0.4 + Math.log1p(weight[k]!) / 2),
    });
  }
  return g;
}

/** True when the browser can give a WebGL context (without a GPU, Chromium may still, in software). */
function webglAvailable(): boolean {
  try {
    const canvas = document.createElement('canvas');
    const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null;
    if (!gl) return false;
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return true;
  } catch {
    return false;
  }
}

/**
 * The stakeholder map: a Sigma.js (WebGL) drawing of the scope's graph at the x/y the API sends, level
 * bands labelled at the side. The renderer's graph holds only what is shown (a filter or a change of the
 * lines drawn gives it a new graph of those); sizes, colours and the selection reach it through Sigma's
 * node and edge reducers. Zoomed out only the strongest lines are drawn. The frame stays the whole
 * graph's (Sigma's bounding box is every node's extent), so a filter does not move what stays shown.
 * Labels follow Sigma's size threshold.
 * How responsive it is at 3,000, 17,640 and 56,798 nodes: bench/README.md ("The stakeholder map in a
 * browser").
 */
export function GraphView(props: GraphViewProps) {
  const {
    graph,
    index,
    lines,
    nodesShown,
    edgesShown,
    sizes,
    colours,
    selected,
    focus,
    onSelect,
    onUnavailable,
  } = props;
  const container = useRef<HTMLDivElement>(null);
  const sigmaRef = useRef<SigmaType | null>(null);
  const view = useRef<View | null>(null);
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;
  const onUnavailableRef = useRef(onUnavailable);
  onUnavailableRef.current = onUnavailable;
  const bandRefs = useRef<(HTMLLIElement | null)[]>([]);
  const bands = useMemo(() => levelBands(graph.nodes), [graph]);
  const [ready, setReady] = useState(false);
  const legendId = useId();

  // The selected node and its neighbours (read from its own lines), emphasised together.
  const selectedIndex = selected === null ? -1 : (index.get(selected) ?? -1);
  const neighbours = useMemo(
    () => (selectedIndex < 0 ? new Set<number>() : neighbourIndexes(lines, selectedIndex)),
    [lines, selectedIndex],
  );
  const strength = useMemo(() => lineStrengthOrder(lines), [lines]);
  // how many lines the camera's zoom allows (set from the camera once it rests)
  const [budget, setBudget] = useState(LINES_ZOOMED_OUT);
  const linesShown = useMemo(
    () => strongestLines(strength, lineVisibility(lines, edgesShown), budget),
    [strength, lines, edgesShown, budget],
  );

  const dim = graph.nodes.length + lines.a.length <= DIM_ON_SELECT_UP_TO;
  view.current = { nodesShown, linesShown, sizes, colours, selected: selectedIndex, neighbours, dim };
  /** what the renderer last drew with, to redraw only what a change of selection touches */
  const drawn = useRef<View | null>(null);
  /** graphology's graph class, once loaded: the renderer gets a new graph when what is shown changes */
  const graphClass = useRef<GraphClass | null>(null);

  // Build the graph and the renderer once per answer from the API.
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    let cancelled = false;
    let renderer: SigmaType | null = null;
    setReady(false);
    setBudget(LINES_ZOOMED_OUT);
    if (!webglAvailable()) {
      onUnavailableRef.current('This browser cannot draw WebGL graphics.');
      return;
    }
    const thin = lines.a.length > THIN_LINES_ABOVE;
    let settle: ReturnType<typeof setTimeout> | undefined;
    void Promise.all([import('graphology'), import('sigma'), import('sigma/rendering')]).then(
      ([{ UndirectedGraph }, { default: Sigma }, { EdgeLineProgram, NodePointProgram }]) => {
        if (cancelled) return;
        const Graph = UndirectedGraph as unknown as GraphClass;
        const v = view.current!;
        try {
          // Created on an empty graph, so the first processing is of what is shown, in the whole
          // graph's frame (the bounding box: without it Sigma would frame the shown nodes only).
          renderer = new Sigma(new Graph({ allowSelfLoops: false }), element, {
            edgeProgramClasses: thin ? { line: EdgeLineProgram } : {},
            // Discs as WebGL points (one vertex each): drawn in software, Sigma's default circles (a
            // triangle each) cost ten times as much (bench/map.ts).
            nodeProgramClasses: { circle: NodePointProgram },
            labelRenderedSizeThreshold: 9,
            labelDensity: 0.5,
            labelGridCellSize: 160,
            hideEdgesOnMove: lines.a.length > HIDE_EDGES_ON_MOVE_ABOVE,
            hideLabelsOnMove: graph.nodes.length > HIDE_EDGES_ON_MOVE_ABOVE,
            renderEdgeLabels: false,
            enableEdgeEvents: false,
            defaultEdgeColor: EDGE_COLOUR,
            zIndex: true,
            labelFont: 'Arial, sans-serif',
            nodeReducer: (_node, data) => {
              const v = view.current!;
              const i = data.i as number;
              const chosen = i === v.selected;
              const dimmed = v.dim && v.selected >= 0 && !chosen && !v.neighbours.has(i);
              return {
                ...data,
                size: v.sizes[i] ?? 3,
                color: dimmed ? DIM_COLOUR : (v.colours[i] ?? EDGE_COLOUR),
                highlighted: chosen,
                forceLabel: chosen,
                label: dimmed ? null : data.label,
                zIndex: chosen ? 2 : dimmed ? 0 : 1,
              };
            },
            edgeReducer: (_edge, data) => {
              const v = view.current!;
              if (v.selected < 0) return data;
              const touches = data.a === v.selected || data.b === v.selected;
              if (!v.dim) return touches ? { ...data, color: '#212b32', zIndex: 1 } : data;
              return { ...data, color: touches ? '#212b32' : '#eef0f1', zIndex: touches ? 1 : 0 };
            },
          });
          renderer.setCustomBBox(nodeExtent(graph.nodes));
          renderer.setGraph(shownGraph(Graph, graph, lines, v.nodesShown, v.linesShown));
          drawn.current = v;
        } catch (error) {
          renderer = null;
          element.replaceChildren();
          onUnavailableRef.current(
            `The map could not be drawn: ${error instanceof Error ? error.message : String(error)}`,
          );
          return;
        }
        const placeBands = () => {
          if (!renderer) return;
          const ys = bands.map((b) => renderer!.graphToViewport({ x: 0, y: b.y }).y);
          const placed = spreadLabels(ys, BAND_LABEL_GAP);
          placed.forEach((y, i) => {
            const el = bandRefs.current[i];
            if (el) el.style.top = `${Math.round(y)}px`;
          });
        };
        renderer.on('afterRender', placeBands);
        // The lines drawn follow the zoom once the camera rests (a change redraws the lines).
        renderer.getCamera().on('updated', (state) => {
          clearTimeout(settle);
          settle = setTimeout(() => setBudget(lineBudget(state.ratio, LINES_ZOOMED_OUT)), BUDGET_SETTLE_MS);
        });
        renderer.on('clickNode', ({ node }) => onSelectRef.current(node));
        renderer.on('enterNode', () => element.classList.add('app-stakeholder-map--pointing'));
        renderer.on('leaveNode', () => element.classList.remove('app-stakeholder-map--pointing'));
        sigmaRef.current = renderer;
        graphClass.current = Graph;
        placeBands();
        // Sigma draws its first frame of what is shown when given the graph (`setGraph`): a signal for
        // the benchmark (bench/map.ts) and the browser's performance panel that the map is on screen.
        performance.mark(MAP_DRAWN_MARK);
        setReady(true);
      },
      (error: unknown) => {
        if (!cancelled) onUnavailableRef.current(`The map could not be loaded: ${String(error)}`);
      },
    );
    return () => {
      cancelled = true;
      clearTimeout(settle);
      renderer?.kill();
      sigmaRef.current = null;
      graphClass.current = null;
      drawn.current = null;
    };
  }, [graph, lines, bands]);

  // Filters, sizes, colours, the zoom's lines or the selection changed. What is shown changed: the
  // renderer gets a new graph of what is shown (it processes only that). Sizes or colours, or a
  // selection that dims the rest of a small graph: the reducers run again on everything it holds. A
  // selection otherwise: on the nodes and lines it touches only.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the reducers read these through `view`
  useEffect(() => {
    const renderer = sigmaRef.current;
    const Graph = graphClass.current;
    const v = view.current!;
    const was = drawn.current;
    drawn.current = renderer ? v : null;
    if (!renderer || !Graph) return;
    if (
      was === null ||
      !sameFlags(was.nodesShown, v.nodesShown) ||
      !sameFlags(was.linesShown, v.linesShown)
    ) {
      renderer.setGraph(shownGraph(Graph, graph, lines, v.nodesShown, v.linesShown));
      return;
    }
    const selectionChanged = was.selected !== v.selected;
    if (was.sizes !== v.sizes || was.colours !== v.colours || (v.dim && selectionChanged)) {
      renderer.refresh();
      return;
    }
    if (!selectionChanged) return;
    const g = renderer.getGraph();
    const nodes = new Set<string>();
    const edges = new Set<string>();
    for (const i of [was.selected, v.selected]) {
      if (i < 0) continue;
      const id = graph.nodes[i]!.id;
      if (g.hasNode(id)) nodes.add(id);
      for (let j = lines.nodeStart[i]!; j < lines.nodeStart[i + 1]!; j++) {
        const key = `l${lines.lines[j]!}`;
        if (g.hasEdge(key)) edges.add(key);
      }
    }
    if (nodes.size === 0 && edges.size === 0) return;
    renderer.refresh({ partialGraph: { nodes: [...nodes], edges: [...edges] }, skipIndexation: true });
  }, [nodesShown, linesShown, sizes, colours, selectedIndex, neighbours, ready]);

  // Move the camera to a node asked for (search, a table row, a click), once the renderer is ready.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `ready` re-runs a request made before the map was drawn
  useEffect(() => {
    const renderer = sigmaRef.current;
    if (!renderer || !focus) return;
    const n = graph.nodes[index.get(focus.id) ?? -1];
    if (!n) return;
    // The node's place in the camera's coordinates, held or not by the renderer (a filter may hide it).
    const d = renderer.viewportToFramedGraph(renderer.graphToViewport({ x: n.x, y: n.y }));
    const ratio = Math.min(renderer.getCamera().ratio, 0.35);
    void renderer.getCamera().animate({ x: d.x, y: d.y, ratio }, { duration: 500 });
  }, [focus, ready]);

  return (
    <div className="app-stakeholder-map__frame">
      <div
        ref={container}
        className="app-stakeholder-map"
        role="img"
        aria-label={props.label}
        aria-describedby={`${props.describedBy} ${legendId}`}
        data-state={ready ? 'ready' : 'loading'}
        data-selected={selected ?? ''}
      />
      <ol className="app-stakeholder-map__bands" aria-label="Levels, top to bottom" id={legendId}>
        {bands.map((b, i) => (
          <li
            key={b.level ?? 'none'}
            ref={(el) => {
              bandRefs.current[i] = el;
            }}
            className="app-stakeholder-map__band"
          >
            {b.label}
          </li>
        ))}
      </ol>
    </div>
  );
}

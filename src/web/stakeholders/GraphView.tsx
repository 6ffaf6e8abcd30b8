import type { AbstractGraph } from 'graphology-types';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type SigmaType from 'sigma';
import { DIM_COLOUR, levelBands, type MapGraphData, spreadLabels } from './model.ts';

/** What the map draws, all computed outside it: the graph itself is built once per answer. */
export interface GraphViewProps {
  graph: MapGraphData;
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

/** What the reducers read: swapped on every change, then Sigma refreshes (the graph is untouched). */
interface View {
  nodesShown: Uint8Array;
  edgesShown: Uint8Array;
  sizes: Float32Array;
  colours: readonly string[];
  selected: string | null;
  neighbours: Set<string>;
}

const EDGE_COLOUR = '#aeb7bd';
/** The least distance between two band labels' middles, in pixels (a label may wrap to two lines). */
const BAND_LABEL_GAP = 34;
/** Above this many ties, ties are hidden while the camera moves. */
const HIDE_EDGES_ON_MOVE_ABOVE = 4000;

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
 * bands labelled at the side. Filters, sizes, colours and the selection reach it only through Sigma's
 * node and edge reducers, so 20,000 nodes stay responsive; labels follow Sigma's size threshold.
 */
export function GraphView(props: GraphViewProps) {
  const { graph, nodesShown, edgesShown, sizes, colours, selected, focus, onSelect, onUnavailable } = props;
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

  // The neighbours of the selected node, emphasised with it.
  const neighbours = useMemo(() => {
    const out = new Set<string>();
    if (!selected) return out;
    for (const e of graph.edges) {
      if (e.source === selected) out.add(e.target);
      else if (e.target === selected) out.add(e.source);
    }
    return out;
  }, [graph, selected]);

  view.current = { nodesShown, edgesShown, sizes, colours, selected, neighbours };

  // Build the graph and the renderer once per answer from the API.
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    let cancelled = false;
    let renderer: SigmaType | null = null;
    setReady(false);
    if (!webglAvailable()) {
      onUnavailableRef.current('This browser cannot draw WebGL graphics.');
      return;
    }
    void Promise.all([import('graphology'), import('sigma')]).then(
      ([{ MultiDirectedGraph }, { default: Sigma }]) => {
        if (cancelled) return;
        const g: AbstractGraph = new MultiDirectedGraph({ allowSelfLoops: false });
        graph.nodes.forEach((n, i) => {
          g.addNode(n.id, { x: n.x, y: n.y, size: 3, label: n.name, color: EDGE_COLOUR, i });
        });
        graph.edges.forEach((e, i) => {
          if (e.source === e.target || !g.hasNode(e.source) || !g.hasNode(e.target)) return;
          g.addEdgeWithKey(`e${i}`, e.source, e.target, {
            i,
            size: Math.min(4, 0.4 + Math.log1p(e.weight) / 2),
          });
        });
        try {
          renderer = new Sigma(g, element, {
            labelRenderedSizeThreshold: 9,
            labelDensity: 0.5,
            labelGridCellSize: 160,
            hideEdgesOnMove: graph.edges.length > HIDE_EDGES_ON_MOVE_ABOVE,
            hideLabelsOnMove: graph.nodes.length > HIDE_EDGES_ON_MOVE_ABOVE,
            renderEdgeLabels: false,
            enableEdgeEvents: false,
            defaultEdgeColor: EDGE_COLOUR,
            zIndex: true,
            labelFont: 'Arial, sans-serif',
            nodeReducer: (node, data) => {
              const v = view.current!;
              const i = data.i as number;
              if (!v.nodesShown[i]) return { ...data, hidden: true };
              const dimmed = v.selected !== null && node !== v.selected && !v.neighbours.has(node);
              const chosen = node === v.selected;
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
              if (!v.edgesShown[data.i as number]) return { ...data, hidden: true };
              if (v.selected === null) return data;
              const [s, t] = g.extremities(_edge);
              const touches = s === v.selected || t === v.selected;
              return { ...data, color: touches ? '#212b32' : '#eef0f1', zIndex: touches ? 1 : 0 };
            },
          });
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
        renderer.on('clickNode', ({ node }) => onSelectRef.current(node));
        renderer.on('enterNode', () => element.classList.add('app-stakeholder-map--pointing'));
        renderer.on('leaveNode', () => element.classList.remove('app-stakeholder-map--pointing'));
        sigmaRef.current = renderer;
        placeBands();
        setReady(true);
      },
      (error: unknown) => {
        if (!cancelled) onUnavailableRef.current(`The map could not be loaded: ${String(error)}`);
      },
    );
    return () => {
      cancelled = true;
      renderer?.kill();
      sigmaRef.current = null;
    };
  }, [graph, bands]);

  // Filters, sizes, colours or the selection changed: run the reducers again.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the reducers read these through `view`
  useEffect(() => {
    sigmaRef.current?.refresh();
  }, [nodesShown, edgesShown, sizes, colours, selected, neighbours, ready]);

  // Move the camera to a node asked for (search, a table row, a click), once the renderer is ready.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `ready` re-runs a request made before the map was drawn
  useEffect(() => {
    const renderer = sigmaRef.current;
    if (!renderer || !focus) return;
    const d = renderer.getNodeDisplayData(focus.id);
    if (!d) return;
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

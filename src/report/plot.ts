import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** One labeled point of a scatter plot. */
export interface ScatterPoint {
  x: number;
  y: number;
  /** Text drawn next to the point. */
  label: string;
  /** Series the point belongs to; each series gets its own color. */
  group: string;
}

export interface ScatterPlotOptions {
  /** Title lines. */
  title: string | string[];
  xTitle: string;
  yTitle: string;
  /** Legend title of the series colors. */
  groupTitle: string;
  /** Log-scale y axis (the values must be positive). */
  logY?: boolean;
  points: ScatterPoint[];
}

/** Builds the vega-lite spec of a labeled scatter plot: a point layer and a text layer. */
export function scatterPlotSpec(options: ScatterPlotOptions): TopLevelSpec {
  const yScale = options.logY ? { type: 'log' as const, padding: 16 } : { zero: false, padding: 16 };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: options.title },
    width: 520,
    height: 360,
    background: 'white',
    data: { values: options.points.map((point) => ({ ...point })) },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: options.xTitle, scale: { zero: false, padding: 16 } },
      y: { field: 'y', type: 'quantitative', title: options.yTitle, scale: yScale, axis: { format: '.2~e' } },
    },
    layer: [
      {
        mark: { type: 'point', filled: true, size: 70 },
        encoding: {
          color: { field: 'group', type: 'nominal', title: options.groupTitle },
          tooltip: [
            { field: 'label', type: 'nominal' },
            { field: 'group', type: 'nominal' },
            { field: 'x', type: 'quantitative' },
            { field: 'y', type: 'quantitative' },
          ],
        },
      },
      {
        mark: { type: 'text', align: 'left', dx: 6, dy: -6, fontSize: 10 },
        encoding: { text: { field: 'label', type: 'nominal' } },
      },
    ],
  };
}

/**
 * Renders a vega-lite spec to SVG text without a browser or canvas. Text widths are estimated,
 * so labels may sit a little off where a browser would place them.
 */
export async function renderVegaLiteSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

import { describe, expect, it } from 'vitest';
import { renderVegaLiteSvg, scatterPlotSpec } from '../../src/report/plot.js';

describe('scatter plot', () => {
  const spec = scatterPlotSpec({
    title: ['resnet18', 'batch 1'],
    xTitle: 'top-1 accuracy (%)',
    yTitle: 'EDP (J·s)',
    groupTitle: 'technology',
    logY: true,
    points: [
      { x: 69.76, y: 3e-9, label: 'fp32', group: 'sram' },
      { x: 67.1, y: 4e-11, label: 'int4', group: 'reram' },
    ],
  });

  it('uses a log scale for y', () => {
    expect(JSON.stringify(spec)).toContain('"type":"log"');
  });

  it('renders an SVG with the labels', async () => {
    const svg = await renderVegaLiteSvg(spec);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('fp32');
    expect(svg).toContain('int4');
    expect(svg).toContain('technology');
  });
});

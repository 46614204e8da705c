/** Report writers: CSV text, aligned text tables and SVG plots. */
export { formatCsv, formatCsvField, type CsvCell } from './csv.js';
export { CsvSyntaxError, parseCsv } from './csv-parse.js';
export { formatSi, scaleToPrefix, siPrefixFor, type SiPrefix } from './si.js';
export { formatTable, type TableColumn } from './table.js';
export { renderVegaLiteSvg, scatterPlotSpec, type ScatterPlotOptions, type ScatterPoint } from './plot.js';
export { formatRunCsv, formatRunText, runResultJson, type LayerJson } from './run.js';

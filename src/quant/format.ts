import { Document, isMap, isPair, isScalar } from 'yaml';
import type { PrecisionConfig } from './types.js';

/**
 * Writes a precision config as YAML in the bundled-file layout: one flow-style line per layer, in
 * the order of `config.layers`, with `headerLines` as a leading comment. Loading the text with
 * `parsePrecisionConfig` gives back the same config.
 */
export function formatPrecisionConfig(config: PrecisionConfig, headerLines: string[] = []): string {
  const data: Record<string, unknown> = { id: config.id, network: config.network };
  if (config.description !== undefined) data.description = config.description;
  data.defaults = config.defaults;
  data.layers = config.layers;
  data.meta = config.meta;

  const document = new Document(data);
  for (const key of ['defaults', 'layers'] as const) {
    const node = document.get(key, true);
    if (!isMap(node)) continue;
    if (key === 'defaults') node.flow = true;
    for (const item of node.items) {
      if (isPair(item) && isMap(item.value)) item.value.flow = true;
    }
  }
  const meta = document.get('meta', true);
  if (isMap(meta)) {
    for (const item of meta.items) {
      if (isPair(item) && isScalar(item.value) && typeof item.value.value === 'string' && item.value.value.length > 80) {
        item.value.type = 'BLOCK_FOLDED';
      }
    }
  }
  if (headerLines.length > 0) document.commentBefore = headerLines.flatMap((line) => wrapLine(line, 98)).map((line) => ` ${line}`).join('\n');
  return document.toString({ lineWidth: 100 });
}

/** Splits `text` at spaces into lines of at most `width` characters (longer words stay whole). */
function wrapLine(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    if (current !== '' && current.length + 1 + word.length > width) {
      lines.push(current);
      current = word;
    } else {
      current = current === '' ? word : `${current} ${word}`;
    }
  }
  if (current !== '') lines.push(current);
  return lines;
}

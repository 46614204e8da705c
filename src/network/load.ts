/** Reading and writing network files, and access to the networks bundled in `networks/`. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';
import { InputError } from '../util/errors.js';
import { BUNDLED } from '../util/paths.js';
import { parseJsonText, parseNetwork } from './parse.js';
import { resolveNetwork } from './resolve.js';
import { formatNetworkFile } from './serialize.js';
import type { Network, ResolvedNetwork } from './types.js';

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'The file does not exist' : `The file cannot be read (${code ?? String(error)})`;
    throw new InputError({ file: path, expected: `${reason}. Check the path of the network file.` });
  }
}

/** Reads, validates and resolves a network file. Throws `InputError` naming the file on any problem. */
export function loadNetworkFile(path: string): ResolvedNetwork {
  const document = parseJsonText(readText(path), path);
  return resolveNetwork(parseNetwork(document, path), path);
}

/** Ids of the bundled networks (the file names in `networks/` without `.json`), sorted. */
export function listBundledNetworks(): string[] {
  if (!existsSync(BUNDLED.networks)) return [];
  return readdirSync(BUNDLED.networks)
    .filter((name) => extname(name) === '.json')
    .map((name) => basename(name, '.json'))
    .sort();
}

/** Loads a bundled network by id, for example `resnet50`. */
export function loadBundledNetwork(id: string): ResolvedNetwork {
  const known = listBundledNetworks();
  if (!known.includes(id)) {
    throw new InputError({
      field: 'network',
      value: id,
      expected: `No bundled network has this id. Use one of ${known.join(', ') || '(none)'} or the path of a network file.`,
    });
  }
  return loadNetworkFile(join(BUNDLED.networks, `${id}.json`));
}

/**
 * Validates `network` and writes it as a network file, atomically (a reader sees the old or the
 * new file, never half of one). Throws `InputError` instead of writing an invalid network.
 */
export function writeNetworkFile(path: string, network: Network): void {
  const text = formatNetworkFile(network);
  resolveNetwork(parseNetwork(text, path), path);
  writeFileAtomic(path, text);
}

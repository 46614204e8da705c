import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../util/errors.js';
import { readYamlFile } from '../util/read-yaml-file.js';
import { BUNDLED } from '../util/paths.js';
import { parseArchitecture } from './architecture.js';
import { parseTechnology } from './technology.js';
import type { Architecture, Technology } from './types.js';

/** Folder of the bundled technology files, below the bundled architectures. */
const TECH_FOLDER = join(BUNDLED.arch, 'tech');

function yamlIds(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => name.slice(0, -'.yaml'.length))
    .sort();
}

/** Reads and validates an architecture file. */
export function loadArchitecture(path: string): Architecture {
  return parseArchitecture(readYamlFile(path), path);
}

/** Reads and validates a technology file. */
export function loadTechnology(path: string): Technology {
  return parseTechnology(readYamlFile(path), path);
}

/** Ids of the bundled architectures (`arch/<id>.yaml`). */
export function listBundledArchitectures(): string[] {
  return yamlIds(BUNDLED.arch);
}

/** Ids of the bundled technologies (`arch/tech/<id>.yaml`). */
export function listBundledTechnologies(): string[] {
  return yamlIds(TECH_FOLDER);
}

export function loadBundledArchitecture(id = 'bf-imna'): Architecture {
  const known = listBundledArchitectures();
  if (!known.includes(id)) {
    throw new InputError({ field: 'arch', value: id, expected: `No bundled architecture has this id; use one of ${known.join(', ') || '(none)'} or the path of an architecture file.` });
  }
  return loadArchitecture(join(BUNDLED.arch, `${id}.yaml`));
}

export function loadBundledTechnology(id: string): Technology {
  const known = listBundledTechnologies();
  if (!known.includes(id)) {
    throw new InputError({ field: 'tech', value: id, expected: `No bundled technology has this id; use one of ${known.join(', ') || '(none)'} or the path of a technology file.` });
  }
  return loadTechnology(join(TECH_FOLDER, `${id}.yaml`));
}

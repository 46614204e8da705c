import { InputError } from '../util/errors.js';
import { parseArchitecture } from './architecture.js';
import { parseTechnology } from './technology.js';
import type { Architecture, ArchOverrides, Technology } from './types.js';

/**
 * Returns a copy of an architecture or technology with `overrides` applied and validated again,
 * for sweeps: `applyOverrides(arch, { 'cap.rows': 1024 })`,
 * `applyOverrides(tech, { 'energy.writeBit.value': '2 fJ' })`. A path that ends at an entry
 * (`cap.rows`) sets its `value`. The provenance of an overridden entry keeps the file's source or
 * estimate and records the replaced text in `overriddenText`. A path the file does not have is
 * an `InputError` that names the known keys at that level.
 */
export function applyOverrides<T extends Architecture | Technology>(description: T, overrides: ArchOverrides): T {
  const document = structuredClone(description.document) as Record<string, unknown>;
  const replaced = new Map<string, string>();

  for (const [path, value] of Object.entries(overrides)) {
    const parts = path.split('.');
    let parent: Record<string, unknown> = document;
    for (const [index, part] of parts.slice(0, -1).entries()) {
      parent = childObject(parent, part, parts.slice(0, index).join('.'), path, description);
    }
    let key = parts[parts.length - 1];
    checkKey(parent, key, parts.slice(0, -1).join('.'), path, description);

    // The provenance key is the entry's path: `cap.rows` for both `cap.rows` and `cap.rows.value`.
    const target = parent[key];
    let entryPath = path;
    if (isEntry(target) && (typeof value !== 'object' || Array.isArray(value))) {
      parent = target;
      key = 'values' in target ? 'values' : 'value';
    } else if (isEntry(parent)) {
      entryPath = parts.slice(0, -1).join('.');
    }
    replaced.set(entryPath, String(parent[key]));
    parent[key] = value;
  }

  const merged = { ...description.overrides, ...overrides };
  const label = `${description.file ?? description.id} with overrides ${Object.keys(overrides).join(', ')}`;
  const result = (description.kind === 'architecture' ? parseArchitecture(document, label, merged) : parseTechnology(document, label, merged)) as T;
  result.file = description.file;
  for (const [entryPath, previous] of replaced) {
    const provenance = result.provenance[entryPath];
    if (provenance !== undefined) provenance.overriddenText ??= description.provenance[entryPath]?.overriddenText ?? previous;
  }
  return result;
}

function isEntry(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && ('value' in value || 'values' in value);
}

function checkKey(parent: Record<string, unknown>, key: string, parentPath: string, path: string, description: Architecture | Technology): void {
  if (Object.hasOwn(parent, key)) return;
  const known = Object.keys(parent).join(', ');
  throw new InputError({
    file: description.file,
    field: path,
    value: key,
    expected: `Unknown override path: ${parentPath === '' ? 'the top level' : `\`${parentPath}\``} of ${description.kind} "${description.id}" has no key \`${key}\`; the known keys there are ${known}.`,
  });
}

function childObject(parent: Record<string, unknown>, key: string, parentPath: string, path: string, description: Architecture | Technology): Record<string, unknown> {
  checkKey(parent, key, parentPath, path, description);
  const child = parent[key];
  if (child === null || typeof child !== 'object' || Array.isArray(child)) {
    throw new InputError({
      file: description.file,
      field: path,
      value: child,
      expected: `Override path goes through \`${parentPath === '' ? key : `${parentPath}.${key}`}\`, which is a value, not a group; shorten the path.`,
    });
  }
  return child as Record<string, unknown>;
}

/**
 * Splits overrides named from the top (`arch.cap.rows`, `tech.energy.writeBit`), as sweeps and
 * `--set` options write them, into the overrides of the architecture and of the technology.
 */
export function splitOverrides(overrides: Record<string, string | number>): { arch: ArchOverrides; tech: ArchOverrides } {
  const arch: ArchOverrides = {};
  const tech: ArchOverrides = {};
  for (const [path, value] of Object.entries(overrides)) {
    if (path.startsWith('arch.')) arch[path.slice('arch.'.length)] = value;
    else if (path.startsWith('tech.')) tech[path.slice('tech.'.length)] = value;
    else {
      throw new InputError({
        field: 'set',
        value: path,
        expected: 'An override path starts with `arch.` (architecture file, for example arch.cap.rows) or `tech.` (technology file, for example tech.energy.writeBit).',
      });
    }
  }
  return { arch, tech };
}

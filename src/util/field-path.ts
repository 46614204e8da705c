/**
 * Formats a field path the way a user reads it in the file: dotted names, `[i]` for list
 * indices, and `["a.b"]` for keys that contain dots (layer names such as `layer1.0.conv1`).
 */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') {
      text += `[${part}]`;
    } else {
      const key = String(part);
      if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
        text += text === '' ? key : `.${key}`;
      } else {
        text += `[${JSON.stringify(key)}]`;
      }
    }
  }
  return text;
}

/** Returns the value at `path` inside `data`, or undefined when the path does not exist. */
export function valueAtPath(data: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = data;
  for (const part of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[part];
  }
  return current;
}

/** Returns whether `path` names a field that exists in `root` (its value may be anything). */
export function hasPath(root: unknown, path: readonly PropertyKey[]): boolean {
  if (path.length === 0) return true;
  const parent = valueAtPath(root, path.slice(0, -1));
  if (parent === null || typeof parent !== 'object') return false;
  return Object.prototype.hasOwnProperty.call(parent, path[path.length - 1]);
}

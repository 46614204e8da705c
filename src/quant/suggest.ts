/** Levenshtein edit distance between two strings. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * Returns up to `count` candidates closest to `name` by edit distance, ignoring candidates that
 * differ in more than half of the name's characters.
 */
export function closestNames(name: string, candidates: Iterable<string>, count = 3): string[] {
  const limit = Math.max(2, Math.ceil(name.length / 2));
  return [...candidates]
    .map((candidate) => ({ candidate, distance: editDistance(name, candidate) }))
    .filter((entry) => entry.distance <= limit)
    .sort((x, y) => x.distance - y.distance || x.candidate.localeCompare(y.candidate))
    .slice(0, count)
    .map((entry) => entry.candidate);
}

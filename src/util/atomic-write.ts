import { mkdirSync, renameSync, writeFileSync, openSync, fsyncSync, closeSync, rmSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';

/**
 * Writes a file atomically: the content goes to a temporary file in the same directory, is
 * flushed to disk, and is then renamed over the target. A reader never sees a half-written file,
 * and an interrupted write leaves the previous version in place.
 */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  const directory = dirname(path);
  mkdirSync(directory, { recursive: true });
  const temporary = join(directory, `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    writeFileSync(temporary, content);
    const fd = openSync(temporary, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

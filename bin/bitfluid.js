#!/usr/bin/env node
// Entry point of the `bitfluid` command. It runs the compiled CLI in dist/, which `npm ci`
// builds through the `prepare` script.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const entry = join(root, 'dist', 'cli', 'main.js');
if (!existsSync(entry)) {
  process.stderr.write(`bitfluid: ${entry} is missing. Run 'npm run build' in ${root} first.\n`);
  process.exit(2);
}
const { main } = await import(pathToFileURL(entry).href);
process.exitCode = await main(process.argv.slice(2));

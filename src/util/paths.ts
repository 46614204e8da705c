import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

/**
 * Root of the installed package. This file sits at `src/util/paths.ts` in the sources and at
 * `dist/util/paths.js` once built, two levels below the root in both cases.
 */
export const PACKAGE_ROOT = dirname(dirname(dirname(fileURLToPath(import.meta.url))));

/** Folders of the bundled description files. */
export const BUNDLED = {
  arch: join(PACKAGE_ROOT, 'arch'),
  networks: join(PACKAGE_ROOT, 'networks'),
  quantConfigs: join(PACKAGE_ROOT, 'quant-configs'),
  scenarios: join(PACKAGE_ROOT, 'scenarios'),
} as const;

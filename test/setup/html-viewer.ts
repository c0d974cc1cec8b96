import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildViewer } from '../../scripts/build-html-client.js';

/**
 * Vitest global setup: the HTML report inlines the viewer bundle from dist/. `npm ci` builds it (prepare);
 * this rebuilds it when a viewer source is newer, so tests never run against a stale viewer.
 */
export default async function setup(): Promise<void> {
  const bundle = join('dist', 'report-client.js');
  const sources = [
    join('src', 'report', 'html-data.ts'),
    ...readdirSync(join('src', 'report', 'html-client')).map((f) => join('src', 'report', 'html-client', f)),
  ];
  const built = existsSync(bundle) ? statSync(bundle).mtimeMs : 0;
  if (sources.some((s) => statSync(s).mtimeMs > built)) await buildViewer(process.cwd());
}

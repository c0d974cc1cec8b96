/**
 * Bundles the HTML report's viewer (src/report/html-client/) with sigma.js and graphology into one script,
 * dist/report-client.js, that src/report/html.ts inlines into every report. Run by `npm run build`.
 */
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, from dist/scripts/ (built) or scripts/ (run from source). */
export function repositoryRoot(from: string): string {
  const here = dirname(fileURLToPath(from));
  return here.endsWith(join('dist', 'scripts')) ? join(here, '..', '..') : join(here, '..');
}

export async function buildViewer(root: string): Promise<string> {
  const outfile = join(root, 'dist', 'report-client.js');
  await build({
    entryPoints: [join(root, 'src', 'report', 'html-client', 'main.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    charset: 'utf8',
    outfile,
    logLevel: 'warning',
  });
  return outfile;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildViewer(repositoryRoot(import.meta.url));
}

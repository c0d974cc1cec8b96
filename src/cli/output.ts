import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../model/index.js';
import { redact } from '../report/redact.js';

/**
 * Writes a report to a file atomically (temporary file, then rename: a failed run leaves nothing partial), or to
 * stdout. Every output passes through redaction.
 */
export function writeOutput(text: string, file: string | undefined): void {
  const safe = redact(text);
  if (file === undefined || file === '-') {
    process.stdout.write(safe);
    return;
  }
  const temp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(temp, safe);
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new InputError(
      file,
      `cannot be written (${code}); check that the directory exists and is writable`,
    );
  }
}

import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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
  writeFiles([{ file, text }]);
}

/**
 * Writes several reports as one step: every file goes to a temporary name first and is renamed into place only
 * once all were written, so a failure leaves none of them behind. Every text passes through redaction.
 */
export function writeFiles(files: readonly { readonly file: string; readonly text: string }[]): void {
  const temps: { temp: string; file: string }[] = [];
  try {
    for (const { file, text } of files) {
      const temp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
      temps.push({ temp, file });
      writeFileSync(temp, redact(text));
    }
  } catch (error) {
    for (const { temp } of temps) rmSync(temp, { force: true });
    const failed = temps[temps.length - 1]?.file ?? files[0]?.file ?? 'output';
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new InputError(
      failed,
      `cannot be written (${code}); check that the directory exists and is writable`,
    );
  }
  // A rename can still fail (the target is a directory): undo the files this call created, keep nothing half done.
  const created: string[] = [];
  for (const [i, { temp, file }] of temps.entries()) {
    const existed = existsSync(file);
    try {
      renameSync(temp, file);
    } catch (error) {
      for (const t of temps.slice(i)) rmSync(t.temp, { force: true });
      for (const f of created) rmSync(f, { force: true });
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      throw new InputError(
        file,
        `cannot be written (${code}); check that it is not a directory and is writable`,
      );
    }
    if (!existed) created.push(file);
  }
}

/** `--output-dir`: created if missing (with its parents). */
export function outputDir(dir: string): string {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new InputError(dir, `cannot be created (${code}); choose a writable --output-dir`);
  }
  return dir;
}

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanFilesSync } from '../../../src/scan.js';
import { InputError } from '../../../src/model/index.js';
import { CORPUS_DIR, corpusPlans } from '../../helpers/fixtures.js';

const files = corpusPlans();

/** Plans from public projects: each either scans or fails with a one-line error that names the file. */
describe.skipIf(files.length === 0)('real plans from ../shared/corpus/plans', () => {
  it.each(files)('%s scans or fails cleanly', (name) => {
    const path = join(CORPUS_DIR, name);
    try {
      const result = scanFilesSync([path]);
      expect(result.inventory.inputs[0]?.path).toBe(path);
      for (const t of result.threats) expect(t.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      const message = (error as Error).message;
      expect(message.startsWith(`${path}: `)).toBe(true);
      expect(message).not.toContain('\n');
    }
  });

  it('reads the UTF-16 plans', () => {
    const result = scanFilesSync([join(CORPUS_DIR, 'checkov-utf16-win-crlf.json')]);
    expect(result.inventory.assets.map((a) => a.nativeType)).toContain('aws_s3_bucket');
  });

  it('lists resources a plan deletes as coverage notes, not assets', () => {
    const result = scanFilesSync([join(CORPUS_DIR, 'snyk-cli-tf-plan-destroy.json')]);
    expect(result.inventory.notes.filter((n) => n.kind === 'deleted').map((n) => n.address)).toEqual([
      'aws_codebuild_project.terra_ci',
      'aws_iam_role.terra_ci_job',
      'aws_iam_role.terra_ci_runner',
      'aws_iam_role_policy.terra_ci_job',
      'aws_iam_role_policy.terra_ci_runner',
      'aws_iam_role_policy_attachment.terra_ci_job_ecr_access',
      'aws_s3_bucket.terra_ci',
      'aws_sfn_state_machine.terra_ci_runner',
    ]);
    expect(result.inventory.assets).toEqual([]);
    expect(result.threats).toEqual([]);
  });

  it('keeps a replaced resource (create before destroy) in the system', () => {
    const result = scanFilesSync([join(CORPUS_DIR, 'checkov-deleted-resources.json')]);
    expect(result.inventory.notes.filter((n) => n.kind === 'deleted')).toEqual([]);
  });
});

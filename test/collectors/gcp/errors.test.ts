import { afterEach, describe, expect, it } from 'vitest';
import { failureOf } from '../../../collectors/gcp/errors.js';
import { collectGcp } from '../../../collectors/gcp/index.js';
import { InputError } from '../../../src/model/index.js';

/**
 * How failed calls are told apart whichever transport made them: the REST fallback's GaxiosErrors (HTTP status in
 * `code`, the JSON body in the message, as the fake's replies prove end to end in collect.test.ts) and gRPC
 * errors (numeric gRPC code, ErrorInfo reason), shaped here as google-gax builds them; and a missing credential.
 */

const body = (status: string, code: number, reason?: string): string =>
  JSON.stringify({
    error: {
      code,
      message: 'm',
      status,
      details: reason === undefined ? [] : [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason }],
    },
  });

describe('failureOf', () => {
  it.each([
    [
      { code: 7, reason: 'IAM_PERMISSION_DENIED' },
      { status: 'PERMISSION_DENIED', reason: 'IAM_PERMISSION_DENIED', denied: true },
    ],
    [
      { code: 7, reason: 'SERVICE_DISABLED' },
      { status: 'PERMISSION_DENIED', reason: 'SERVICE_DISABLED', denied: true },
    ],
    [{ code: 8 }, { status: 'RESOURCE_EXHAUSTED', denied: false }],
    [{ code: 14 }, { status: 'UNAVAILABLE', denied: false }],
    [
      { code: 403, message: body('PERMISSION_DENIED', 403, 'SERVICE_DISABLED') },
      { status: 'PERMISSION_DENIED', reason: 'SERVICE_DISABLED', denied: true },
    ],
    [
      { code: 403, message: 'Forbidden' },
      { status: 'PERMISSION_DENIED', denied: true },
    ],
    [
      { code: 429, message: 'Too Many Requests' },
      { status: 'RESOURCE_EXHAUSTED', denied: false },
    ],
    [
      { code: 500, message: 'oops' },
      { status: 'Http500', denied: false },
    ],
    [
      {
        code: 4,
        message: `Exceeded maximum number of retries retrying error Error: ${body('UNAVAILABLE', 503)} before any response was received`,
      },
      { status: 'UNAVAILABLE', denied: false, retried: true },
    ],
    [
      {
        code: 4,
        message:
          'Exceeded maximum number of retries retrying error Error: 8 RESOURCE_EXHAUSTED: Quota exceeded. before any response was received',
      },
      { status: 'RESOURCE_EXHAUSTED', denied: false, retried: true },
    ],
    [
      { code: 7, reason: 'bad reason with spaces' },
      { status: 'PERMISSION_DENIED', denied: true },
    ],
    [{ message: body('<script>', 400) }, { status: 'UNKNOWN', denied: false }],
    [undefined, { status: 'UNKNOWN', denied: false }],
  ])('%j → %j', (error, expected) => {
    expect(failureOf(error)).toEqual(expected);
  });
});

describe('credentials', () => {
  const saved = process.env['GOOGLE_APPLICATION_CREDENTIALS'];
  afterEach(() => {
    if (saved === undefined) delete process.env['GOOGLE_APPLICATION_CREDENTIALS'];
    else process.env['GOOGLE_APPLICATION_CREDENTIALS'] = saved;
  });

  it('refuses to send the token over plain http off this machine', async () => {
    await expect(
      collectGcp({ projects: ['acme-ml-test'], apiEndpoint: 'http://aiplatform.example.com' }),
    ).rejects.toThrow('--endpoint-url: must be an https URL, or http on 127.0.0.1 or localhost');
  });

  it('turns a missing Application Default Credential into a usage error before any call', async () => {
    process.env['GOOGLE_APPLICATION_CREDENTIALS'] = '/nonexistent/threatgraph-adc.json';
    const got = collectGcp({ projects: ['acme-ml-test'], apiEndpoint: 'http://127.0.0.1:9' });
    await expect(got).rejects.toBeInstanceOf(InputError);
    await expect(got).rejects.toThrow(
      /^--gcp: cannot get Google credentials \(.*\/nonexistent\/threatgraph-adc\.json.*\); run gcloud auth application-default login or set GOOGLE_APPLICATION_CREDENTIALS$/,
    );
  });
});

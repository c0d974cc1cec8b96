import { describe, expect, it } from 'vitest';

import { collectWithFaults } from '../../fake-gcp/client.js';
import { scannedFake } from '../../fake-gcp/scanned.js';
import { FakeGcp } from '../../fake-gcp/server.js';
import { facts } from '../aws/scan.js';

/** Identity Platform configs read from the fake Identity Toolkit admin v2 API, one GetConfig per project. */

const MANDATORY = 'acme-mfa-on';
const OPTIONAL = 'acme-mfa-opt';
const UNSET = 'acme-mfa-unset';
const BARE = 'acme-no-idp';
const HOST = 'identitytoolkit.googleapis.com';
const config = (p: string): string => `//${HOST}/projects/${p}/config`;
const AT = 'GetConfig.mfa.state';

const scanned = scannedFake(
  () =>
    new FakeGcp({
      [MANDATORY]: {
        vertex: {},
        identityPlatform: {
          signIn: { email: { enabled: true, passwordRequired: true }, allowDuplicateEmails: false },
          authorizedDomains: ['localhost', `${MANDATORY}.firebaseapp.com`],
          mfa: { state: 'MANDATORY', enabledProviders: ['PHONE_SMS'] },
          subtype: 'IDENTITY_PLATFORM',
        },
      },
      [OPTIONAL]: { vertex: {}, identityPlatform: { mfa: { state: 'ENABLED' } } },
      [UNSET]: { vertex: {}, identityPlatform: { signIn: { anonymous: { enabled: true } } } },
      [BARE]: { vertex: {} },
    }),
);

describe('collectGcp: Identity Platform', () => {
  it('makes the config an identity-provider named by its token issuer, as the mapper does', () => {
    expect(scanned.inv.assets.find((a) => a.id === config(MANDATORY))).toMatchObject({
      kind: 'identity-provider',
      provider: 'gcp',
      nativeType: `${HOST}/Config`,
      name: `https://securetoken.google.com/${MANDATORY}`,
      source: { input: `gcp://${MANDATORY}`, address: config(MANDATORY) },
    });
  });

  it('requires MFA only when its state is MANDATORY; an absent state is the DISABLED default', () => {
    expect(facts(scanned.inv, config(MANDATORY))).toEqual({ mfaRequired: ['explicit', true, AT] });
    expect(facts(scanned.inv, config(OPTIONAL))).toEqual({ mfaRequired: ['explicit', false, AT] });
    expect(facts(scanned.inv, config(UNSET))).toEqual({ mfaRequired: ['default', false, AT] });
  });

  it('makes no asset and no note where Identity Platform is not set up (404 CONFIGURATION_NOT_FOUND)', () => {
    expect(scanned.inv.assets.some((a) => a.id === config(BARE))).toBe(false);
    expect(scanned.inv.notes).toEqual([]);
  });

  it('calls GetConfig once per project', async () => {
    const got = await collectWithFaults(scanned.fake, []);
    expect(got.assets.filter((a) => a.kind === 'identity-provider')).toHaveLength(3);
    expect(
      scanned.fake
        .apiCalls()
        .filter((c) => c.includes('/admin/'))
        .sort(),
    ).toEqual([MANDATORY, OPTIONAL, UNSET, BARE].map((p) => `GET /admin/v2/projects/${p}/config`));
  });

  it('notes a disabled Identity Toolkit API as skipped, and a denied call as denied', async () => {
    const got = await collectWithFaults(scanned.fake, [
      { collection: 'config', kind: 'disabled', pathIncludes: MANDATORY },
      { collection: 'config', kind: 'denied', pathIncludes: OPTIONAL },
    ]);
    expect(got.notes.map((n) => [n.kind, n.account, n.api, n.service, n.errorCode, n.message])).toEqual([
      [
        'skipped',
        MANDATORY,
        'GetConfig',
        HOST,
        'SERVICE_DISABLED',
        `GetConfig was skipped: ${HOST} is not enabled in project ${MANDATORY}; what it would have told is unknown`,
      ],
      [
        'denied',
        OPTIONAL,
        'GetConfig',
        HOST,
        'PERMISSION_DENIED',
        `GetConfig was denied in project ${OPTIONAL} (all locations, PERMISSION_DENIED); what it would have told is unknown`,
      ],
    ]);
    expect(got.assets.filter((a) => a.kind === 'identity-provider').map((a) => a.id)).toEqual([
      config(UNSET),
    ]);
  });
});

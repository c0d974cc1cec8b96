import { byDefault, explicit, type Fact } from '../../src/model/index.js';
import { identityPlatformIssuer, MFA_DEFAULT_STATE, mfaStateRequires } from '../terraform/google/identity.js';
import { failureOf } from './errors.js';
import type { GcpInventory } from './inventory.js';
import { resourceId } from './links.js';
import { getJson } from './rest.js';
import type { GcpRuntime } from './runtime.js';

/** The parts of an Identity Toolkit (admin v2) Config read here. */
interface Config {
  readonly name?: string;
  readonly mfa?: { readonly state?: string };
}

const HOST = 'identitytoolkit.googleapis.com';
const OP = 'GetConfig';
const API = { service: HOST, operation: OP } as const;

/**
 * The project's Identity Platform configuration, as google_identity_platform_config gives it: an
 * identity-provider named by its token issuer, and whether MFA is required. A project where Identity Platform
 * was never set up answers 404 (CONFIGURATION_NOT_FOUND): nothing to model, and nothing missed.
 */
export async function collectIdentityPlatform(
  rt: GcpRuntime,
  inv: GcpInventory,
  project: string,
): Promise<void> {
  const path = `/admin/v2/projects/${encodeURIComponent(project)}/config`;
  const got = await rt.list<Config>({ project, location: '-' }, API, async () => {
    try {
      // Identity Toolkit accepts no read-only scope (runtime.ts TokenScope).
      return [[(await getJson(rt, HOST, path, {}, 'full')) as Config], null, undefined];
    } catch (error) {
      if (notSetUp(error)) return [[], null, undefined];
      throw error;
    }
  });
  const config = got.items[0];
  if (config === undefined || typeof config !== 'object') return;
  inv.asset(project, {
    id: resourceId(HOST, `projects/${project}/config`),
    kind: 'identity-provider',
    nativeType: `${HOST}/Config`,
    name: identityPlatformIssuer(project),
    facts: { mfaRequired: mfaRequired(config.mfa?.state) },
  });
}

function mfaRequired(state: unknown): Fact<boolean> {
  const attribute = `${OP}.mfa.state`;
  return typeof state === 'string' && state !== ''
    ? explicit(mfaStateRequires(state), attribute)
    : byDefault(mfaStateRequires(MFA_DEFAULT_STATE), attribute);
}

function notSetUp(error: unknown): boolean {
  const message = (error as { message?: unknown } | null)?.message;
  return (
    failureOf(error).status === 'NOT_FOUND' ||
    (typeof message === 'string' && message.includes('CONFIGURATION_NOT_FOUND'))
  );
}

import { explicit } from '../../src/model/index.js';
import { aiApisOf, apiKeyFacts, usableAnywhere } from '../terraform/google/apikeys.js';
import type { GcpInventory } from './inventory.js';
import { arrayOf, resourceId } from './links.js';
import { jsonPage } from './rest.js';
import type { GcpRuntime } from './runtime.js';

/**
 * The parts of an API Keys (v2) Key read here. The list never returns the key string (a separate GetKeyString
 * call, never made), and nothing else of the reply is carried: a `keyString` a reply held would go nowhere.
 */
interface Key {
  readonly name?: unknown;
  readonly restrictions?: {
    readonly apiTargets?: readonly unknown[];
    readonly serverKeyRestrictions?: { readonly allowedIps?: readonly unknown[] };
  };
}

const HOST = 'apikeys.googleapis.com';
const OP = 'ListKeys';
const API = { service: HOST, operation: OP } as const;
/** A key's relative name: the project by id or number, the global location, a key id (a UUID or one chosen). */
const KEY_NAME = /^projects\/([^/]{1,100})\/locations\/global\/keys\/([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)$/;
const at = (field: string): string => `${OP}.${field}`;

/**
 * The API keys of a project whose API targets name a generative AI API: each is the foundation-model service the
 * key reaches, with the facts mapApiKey gives google_apikeys_key (aiApisOf, usableAnywhere, apiKeyFacts). Keys are
 * global: one listing per project, whatever `--locations` says.
 */
export async function collectApiKeys(rt: GcpRuntime, inv: GcpInventory, project: string): Promise<void> {
  const parent = `projects/${encodeURIComponent(project)}/locations/global`;
  const got = await rt.list<Key>({ project, location: 'global' }, API, (pageToken) =>
    jsonPage<Key>(rt, HOST, `/v2/${parent}/keys`, 'keys', { pageToken }),
  );
  for (const k of got.items) {
    const m = KEY_NAME.exec(typeof k.name === 'string' ? k.name : '');
    const owner = m?.[1] ?? '';
    // Named by the project id, as the other live assets are, whether the API gave the id or the number.
    if (m === null || (owner !== project && !/^\d+$/.test(owner))) continue;
    const ai = aiApisOf(
      arrayOf(k.restrictions?.apiTargets).map((t) => (t as { service?: unknown } | null)?.service),
    );
    if (ai.length === 0) continue;
    const allowedIps = arrayOf(k.restrictions?.serverKeyRestrictions?.allowedIps);
    inv.asset(project, {
      id: resourceId(HOST, `projects/${project}/locations/global/keys/${m[2] ?? ''}`),
      kind: 'foundation-model-service',
      nativeType: `${HOST}/Key`,
      name: ai.join(', '),
      region: 'global',
      facts: apiKeyFacts(
        explicit(usableAnywhere(allowedIps), at('restrictions.serverKeyRestrictions.allowedIps')),
        at('restrictions.apiTargets'),
      ),
    });
  }
}

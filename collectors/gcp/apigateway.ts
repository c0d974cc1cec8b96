import { explicit, type CoverageNote, type Facts } from '../../src/model/index.js';
import { backendOrigin, gatewayFacts, requiresAuth } from '../terraform/google/apigateway.js';
import { identityPlatformIssuer } from '../terraform/google/identity.js';
import { decodeOpenApi, type OpenApiSummary } from '../terraform/google/openapi.js';
import type { GcpInventory, UrlTarget } from './inventory.js';
import { evidence, identityPlatformId, present, resourceId, runsAs, type Link } from './links.js';
import { getJson, jsonPage } from './rest.js';
import { inputOf, type GcpRuntime, type Listing } from './runtime.js';

/** The parts of an API Gateway v1 Gateway read here. */
interface Gateway {
  readonly name?: string;
  readonly displayName?: string;
  readonly labels?: Record<string, string>;
  readonly apiConfig?: string;
  readonly defaultHostname?: string;
}

/** The parts of an ApiConfig (FULL view) read here; `contents` of a File is base64. */
interface ApiConfig {
  readonly name?: string;
  readonly gatewayServiceAccount?: string;
  readonly openapiDocuments?: readonly { readonly document?: { readonly contents?: string } }[];
}

const HOST = 'apigateway.googleapis.com';
const LIST_OP = 'ListGateways';
const GET_OP = 'GetApiConfig';
const LIST_API = { service: HOST, operation: LIST_OP } as const;
const GET_API = { service: HOST, operation: GET_OP } as const;
const DOCUMENT = 'openapiDocuments.document.contents';
const CONTENTS = `${GET_OP}.${DOCUMENT}`;
const GATEWAY_NAME = /^projects\/([^/]+)\/locations\/([a-z0-9-]+)\/gateways\/([a-z0-9-]{1,63})$/;
const CONFIG_NAME =
  /^projects\/[a-z0-9-]{1,30}\/locations\/global\/apis\/[a-z0-9-]{1,63}\/configs\/[a-z0-9-]{1,63}$/;
const EMAIL = /^[^\s/@]+@[^\s/@]+$/;
/** Cloud Run's deterministic URL (`https://{service}-{project number}.{region}.run.app`) names the service. */
const RUN_URL =
  /^https:\/\/([a-z](?:[a-z0-9-]{0,61}[a-z0-9])?)-(\d{1,20})\.([a-z]+-[a-z]+\d{1,2})\.run\.app(?:[/?#]|$)/;

/** What one api_config gives its gateways: the document's reading and the gateway service account. */
interface Served {
  readonly config: string;
  /** The config was read (its service account is known, absent or not). */
  readonly read: boolean;
  readonly spec?: OpenApiSummary;
  readonly reason?: string;
  readonly serviceAccount?: string;
  /** The services its x-google-backend addresses name, resolved at the build. */
  readonly backends: readonly UrlTarget[];
}

/**
 * The API Gateway gateways of a project in the scan's locations, with the facts and flows of
 * google_api_gateway_gateway: each reads the OpenAPI document of the api_config it serves (one GET in the FULL
 * view per config, however many gateways serve it). APIs and configs alone are no asset, as in the mapper.
 * The API lists only the full cloud-platform scope, so its calls ask for it (runtime.ts).
 */
export async function collectApiGateways(
  rt: GcpRuntime,
  inv: GcpInventory,
  project: string,
  locations: readonly string[],
): Promise<void> {
  const configs = new Map<string, Promise<Served>>();
  const served = (config: string): Promise<Served> => {
    let got = configs.get(config);
    if (got === undefined) {
      got = readConfig(rt, project, config);
      configs.set(config, got);
    }
    return got;
  };
  await Promise.all(
    locations.map(async (location) => {
      const path = `/v1/projects/${project}/locations/${location}/gateways`;
      const listed: Listing<Gateway> = await rt.list({ project, location }, LIST_API, (pageToken) =>
        jsonPage<Gateway>(rt, HOST, path, 'gateways', { pageToken }, 'full'),
      );
      await Promise.all(
        listed.items.map(async (g) => {
          const m = GATEWAY_NAME.exec(typeof g.name === 'string' ? g.name : '');
          if (m === null) return;
          const config =
            typeof g.apiConfig === 'string' && CONFIG_NAME.test(g.apiConfig) ? g.apiConfig : undefined;
          addGateway(rt, inv, project, g, m, config === undefined ? undefined : await served(config));
        }),
      );
    }),
  );
}

async function readConfig(rt: GcpRuntime, project: string, config: string): Promise<Served> {
  const got = await rt.list<ApiConfig>(
    { project, location: 'global' },
    GET_API,
    async () => [
      [(await getJson(rt, HOST, `/v1/${config}`, { view: 'FULL' }, 'full')) as ApiConfig],
      null,
      undefined,
    ],
    resourceId(HOST, config),
  );
  const c = got.items[0];
  if (got.incomplete !== undefined || c === undefined)
    return {
      config,
      read: false,
      reason: `the api_config: ${got.incomplete?.message ?? 'no reply'}`,
      backends: [],
    };
  const serviceAccount = typeof c.gatewayServiceAccount === 'string' ? c.gatewayServiceAccount : undefined;
  const docs = c.openapiDocuments instanceof Array ? c.openapiDocuments : [];
  // As the mapper: the first document is the one read (a config made of gRPC services has none).
  const contents = docs[0]?.document?.contents;
  if (typeof contents !== 'string')
    return {
      config,
      read: true,
      serviceAccount,
      reason: 'the api_config has no OpenAPI document',
      backends: [],
    };
  const read = decodeOpenApi(contents);
  if ('spec' in read)
    return {
      config,
      read: true,
      serviceAccount,
      spec: read.spec,
      backends: backendsOf(project, config, read.spec),
    };
  note(
    rt,
    project,
    'unknown-value',
    `${read.error} in ${config}; its gateways' authentication is unknown`,
    config,
  );
  return { config, read: true, serviceAccount, reason: read.error, backends: [] };
}

/**
 * What the document's backend addresses name, as the mapper matches them: the Cloud Run service reporting the
 * address or its origin among its URLs (run.ts), else the one its deterministic URL names; an address that names
 * none is noted at the build.
 */
function backendsOf(project: string, config: string, spec: OpenApiSummary): UrlTarget[] {
  return [...new Set(spec.backends)].sort().map((address) => {
    const origin = backendOrigin(address);
    const fallback = cloudRunService(address);
    return {
      urls: origin === undefined ? [address] : [address, origin],
      ...(fallback === undefined ? {} : { fallback }),
      unresolved: noteOf(
        project,
        'unresolved-link',
        `x-google-backend address ${address.slice(0, 200)} of ${config} names no service the scan reads (no Cloud Run service read serves at it, nor is it a deterministic run.app URL); no invoke flow is drawn`,
        config,
      ),
    };
  });
}

function addGateway(
  rt: GcpRuntime,
  inv: GcpInventory,
  project: string,
  g: Gateway,
  [name, , location, gatewayId]: RegExpExecArray,
  served: Served | undefined,
): void {
  const id = resourceId(HOST, name);
  const facts: Facts = gatewayFacts(
    served?.spec,
    CONTENTS,
    `${LIST_OP}.defaultHostname`,
    served === undefined ? 'the gateway names no API config' : served.reason,
  );
  inv.asset(project, {
    id,
    kind: 'api-gateway',
    nativeType: `${HOST}/Gateway`,
    name: present(g.displayName) ? String(g.displayName) : (gatewayId ?? name),
    ...(location === undefined ? {} : { region: location }),
    facts,
    // A hostile reply may make labels a string, whose spread would give one tag per character.
    tags: typeof g.labels === 'object' && !Array.isArray(g.labels) ? { ...g.labels } : {},
  });
  if (served === undefined)
    note(rt, project, 'unresolved-link', `apiConfig of ${name} names no API config`, name);
  if (served?.read !== true) return;
  const link: Link = { inv, project, from: id, operation: GET_OP };
  const account = served.serviceAccount;
  if (account === undefined || account === '' || EMAIL.test(account))
    runsAs(link, account, 'gatewayServiceAccount', true);
  else
    note(
      rt,
      project,
      'unresolved-link',
      `gatewayServiceAccount of ${served.config} names no service account email`,
      served.config,
    );
  const configId = resourceId(HOST, served.config);
  for (const issuer of served.spec?.issuers ?? [])
    inv.flow(
      'authenticate',
      id,
      identityProvider(rt, inv, project, configId, issuer),
      evidence(configId, GET_OP, DOCUMENT, `securityDefinitions x-google-issuer ${issuer}`),
    );
  const authenticated = requiresAuth(facts);
  for (const backend of served.backends)
    inv.flowToUrl(backend, 'invoke', id, evidence(configId, GET_OP, DOCUMENT, 'x-google-backend address'), {
      authenticated,
      encrypted: explicit(true, 'x-google-backend.address'),
    });
}

/**
 * The Cloud Run service a backend address names, when it is the deterministic URL; the hash URL
 * (`https://{service}-{hash}-{region code}.a.run.app`) names no region, so only the service's own URLs resolve it.
 */
export function cloudRunService(address: string): string | undefined {
  const m = RUN_URL.exec(address);
  if (m === null) return undefined;
  const [, service = '', number = '', region = ''] = m;
  return resourceId('run.googleapis.com', `projects/${number}/locations/${region}/services/${service}`);
}

/**
 * The identity provider behind an issuer: the Identity Platform of a project of the scan when it is that
 * project's token issuer (as the mapper links the plan's google_identity_platform_config), else an asset of
 * the issuer itself.
 */
function identityProvider(
  rt: GcpRuntime,
  inv: GcpInventory,
  project: string,
  configId: string,
  issuer: string,
): string {
  const owner = rt.options.projects.find((p) => identityPlatformIssuer(p) === issuer);
  if (owner !== undefined) return identityPlatformId(owner);
  return inv.asset(project, {
    id: `${configId}#issuer:${issuer}`,
    kind: 'identity-provider',
    nativeType: 'openapi_jwt_issuer',
    name: issuer,
  });
}

function note(
  rt: GcpRuntime,
  project: string,
  kind: 'unknown-value' | 'unresolved-link',
  message: string,
  name: string,
): void {
  rt.notes.push(noteOf(project, kind, message, name));
}

function noteOf(
  project: string,
  kind: 'unknown-value' | 'unresolved-link',
  message: string,
  name: string,
): CoverageNote {
  return {
    kind,
    message,
    input: inputOf(project),
    address: resourceId(HOST, name),
    service: HOST,
    api: name.includes('/gateways/') ? LIST_OP : GET_OP,
    account: project,
  };
}

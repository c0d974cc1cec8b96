import type { FakeGcp, Item, Json, Reply } from './server.js';
import { rpcError } from './server.js';

/**
 * The fake's API Gateway (v1) REST API: the gateways of a location (`GET /v1/projects/{p}/locations/{l}/gateways`,
 * paged as the other lists) and one API config (`GET /v1/projects/{p}/locations/global/apis/{a}/configs/{c}`),
 * whose configuration source files (openapiDocuments, grpcServices, managedServiceConfigs) only the FULL view
 * returns, as the API does.
 */

export type ApiGatewayCollection = 'gateways' | 'apiConfigs';

export interface FakeApiGateway {
  /** Gateways by location (`name` is the gateway id; the fake makes it the full name). */
  readonly gateways?: Readonly<Record<string, readonly Item[]>>;
  /** API configs by `{api}/{config}` id, as the FULL view returns them (without `name`). */
  readonly configs?: Readonly<Record<string, Readonly<Record<string, Json>>>>;
}

export const APIGATEWAY_PATH =
  /^\/v1\/projects\/[^/]+\/locations\/(?:[^/]+\/gateways|global\/apis\/[^/]+\/configs\/[^/]+)$/;
const GATEWAYS = /^\/v1\/projects\/([^/]+)\/locations\/([^/]+)\/gateways$/;
const CONFIG = /^\/v1\/projects\/([^/]+)\/locations\/global\/apis\/([^/]+)\/configs\/([^/]+)$/;
const SERVICE = 'apigateway.googleapis.com';
const SOURCE_FILES = ['openapiDocuments', 'grpcServices', 'managedServiceConfigs'];

/** The base64 `contents` of a configuration source file, as the JSON mapping of `bytes` gives it. */
export const base64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

export function routeApiGateway(fake: FakeGcp, url: URL): Reply {
  const path = url.pathname;
  const gateways = GATEWAYS.exec(path);
  if (gateways !== null) {
    const [, project = '', location = ''] = gateways;
    const fault = fake.fault('gateways', path, project, SERVICE);
    if (fault !== undefined) return fault;
    const items = (fake.projects[project]?.apigateway?.gateways?.[location] ?? []).map((g) => ({
      ...g,
      name: `projects/${project}/locations/${location}/gateways/${g.name}`,
    }));
    return fake.page(url, 'gateways', items);
  }
  const [, project = '', api = '', id = ''] = CONFIG.exec(path) ?? [];
  const config = fake.projects[project]?.apigateway?.configs?.[`${api}/${id}`];
  if (config === undefined) return rpcError(404, 'NOT_FOUND', `Resource '${path.slice(4)}' was not found`);
  const fault = fake.fault('apiConfigs', path, project, SERVICE);
  if (fault !== undefined) return fault;
  const view = url.searchParams.get('view') ?? 'BASIC';
  if (!['BASIC', 'FULL', 'CONFIG_VIEW_UNSPECIFIED'].includes(view))
    return rpcError(400, 'INVALID_ARGUMENT', `Invalid value at 'view' (${view})`);
  const shown = Object.entries(config).filter(([k]) => view === 'FULL' || !SOURCE_FILES.includes(k));
  return {
    status: 200,
    body: { ...Object.fromEntries(shown), name: path.slice(4), state: 'ACTIVE' },
  };
}

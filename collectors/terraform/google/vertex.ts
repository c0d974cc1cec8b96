import { anyFact, byDefault, explicit, unknown, type Fact } from '../../../src/model/index.js';
import {
  AFTER_APPLY,
  attributeName,
  boolFact,
  enumFact,
  hasUnknownBelow,
  isUnknownAt,
  list,
  presenceFact,
  str,
  unknownReason,
} from '../attributes.js';
import type { MapFn, MapperContext } from '../context.js';
import type { TfResource } from '../types.js';
import {
  NETWORK,
  anyPresent,
  cmekFact,
  encryptsWith,
  linkByName,
  plaintextSecretsFact,
  runsAs,
} from './common.js';
import { resourceIamMapper, type ResourceIamSpec } from './iam.js';
import { BUCKET, bucketOfUri } from './storage.js';

export const VERTEX_ENDPOINT = ['google_vertex_ai_endpoint'] as const;
const ENDPOINT_IAM_SPEC: ResourceIamSpec = {
  targetPath: 'endpoint',
  targetTypes: VERTEX_ENDPOINT,
  matchOn: ['name', 'id'],
};

/**
 * Public unless placed on a VPC (`network`) or behind Private Service Connect. `unknown` when either is known
 * only after apply.
 */
function privateEndpoint(r: TfResource, pscPath: string): Fact<boolean> {
  if (isUnknownAt(r, 'network') || isUnknownAt(r, pscPath)) return unknown('network', AFTER_APPLY);
  if (str(r, 'network') !== undefined) return explicit(true, 'network');
  const psc = boolFact(r, pscPath, false);
  if (psc.state === 'explicit' && psc.value) return explicit(true, attributeName(pscPath));
  return explicit(false, 'network');
}

function negate(f: Fact<boolean>): Fact<boolean> {
  return f.state === 'unknown' ? f : { ...f, value: !f.value };
}

/** google_vertex_ai_endpoint: an online prediction endpoint. */
export const mapVertexEndpoint: MapFn = (r, ctx) => {
  const priv = privateEndpoint(r, 'private_service_connect_config.0.enable_private_service_connect');
  const logging = boolFact(r, 'predict_request_response_logging_config.0.enabled', false);
  ctx.asset(r, {
    kind: 'inference-endpoint',
    facts: {
      internetReachable: negate(priv),
      privateNetwork: priv,
      // Vertex prediction always needs IAM, unless roles/aiplatform.user is granted to allUsers (the IAM mapper patches that).
      requiresAuthentication: explicit(true, 'iam_policy'),
      invocationLogging: logging,
      requestBodyLogging: logging,
      dataCapture: logging,
      customerManagedKey: cmekFact(ctx, r, 'encryption_spec.0.kms_key_name'),
    },
  });
  encryptsWith(ctx, r, 'encryption_spec.0.kms_key_name');
  for (const l of linkByName(ctx, r, 'network', NETWORK))
    ctx.flow(r.address, l.resource.address, 'network', ctx.evidence(r, 'network', l.via));
  const out = 'predict_request_response_logging_config.0.bigquery_destination.0.output_uri';
  // Request-response logging writes prompts and predictions into BigQuery tables.
  for (const l of bigQueryDatasetsOf(ctx, r, out)) {
    ctx.flow(r.address, l, 'write', ctx.evidence(r, out, 'predict request-response logging'));
  }
};

/** BigQuery datasets named by a `bq://project.dataset[.table]` URI. */
function bigQueryDatasetsOf(ctx: MapperContext, r: TfResource, path: string): string[] {
  const linked = ctx.linked(r, path, ['google_bigquery_dataset'], ['dataset_id']);
  if (linked.length > 0) return linked.map((l) => l.resource.address);
  const uri = str(r, path);
  const dataset = uri === undefined ? undefined : /^bq:\/\/[^.]+\.([^.]+)/.exec(uri)?.[1];
  return dataset === undefined
    ? []
    : ctx.byValue(['google_bigquery_dataset'], dataset, ['dataset_id']).map((t) => t.address);
}

export const mapVertexEndpointIam: MapFn = resourceIamMapper(ENDPOINT_IAM_SPEC);

export const mapVertexDataset: MapFn = (r, ctx) => {
  ctx.asset(r, {
    kind: 'dataset',
    name: str(r, 'display_name') ?? r.name,
    facts: {
      anonymousRead: byDefault(false, 'iam'),
      anonymousWrite: byDefault(false, 'iam'),
      encryptedAtRest: byDefault(true, 'encryption_spec'),
      customerManagedKey: cmekFact(ctx, r, 'encryption_spec.0.kms_key_name'),
    },
  });
  encryptsWith(ctx, r, 'encryption_spec.0.kms_key_name');
};

export const mapFeaturestore: MapFn = (r, ctx) => {
  ctx.asset(r, {
    kind: 'feature-store',
    facts: { customerManagedKey: cmekFact(ctx, r, 'encryption_spec.0.kms_key_name') },
  });
  encryptsWith(ctx, r, 'encryption_spec.0.kms_key_name');
};

/** A dedicated serving endpoint is public unless Private Service Connect is enabled. */
export const mapFeatureOnlineStore: MapFn = (r, ctx) => {
  const dedicated = 'dedicated_serving_endpoint';
  const psc = `${dedicated}.0.private_service_connect_config.0.enable_private_service_connect`;
  const facts =
    list(r, dedicated).length > 0 || isUnknownAt(r, dedicated)
      ? { internetReachable: boolFact(r, psc, false, true), requiresAuthentication: explicit(true, 'iam') }
      : {};
  ctx.asset(r, {
    kind: 'feature-store',
    facts: { ...facts, customerManagedKey: cmekFact(ctx, r, 'encryption_spec.0.kms_key_name') },
  });
  encryptsWith(ctx, r, 'encryption_spec.0.kms_key_name');
};

/** google_vertex_ai_index: a vector index built from embeddings in GCS (`metadata.contents_delta_uri`). */
export const mapIndex: MapFn = (r, ctx) => {
  ctx.asset(r, {
    kind: 'vector-store',
    name: str(r, 'display_name') ?? r.name,
    facts: { customerManagedKey: cmekFact(ctx, r, 'encryption_spec.0.kms_key_name') },
  });
  encryptsWith(ctx, r, 'encryption_spec.0.kms_key_name');
  const path = 'metadata.0.contents_delta_uri';
  for (const b of bucketsOfUri(ctx, r, path)) ctx.flow(r.address, b, 'retrieve-from', ctx.evidence(r, path));
};

/** Buckets a `gs://` URI attribute points at: references first, then the bucket name in the URI. */
export function bucketsOfUri(ctx: MapperContext, r: TfResource, path: string): string[] {
  const linked = ctx.linked(r, path, BUCKET, ['name']);
  if (linked.length > 0) return linked.map((l) => l.resource.address);
  const v = str(r, path);
  const bucket = v === undefined ? undefined : bucketOfUri(v);
  return bucket === undefined ? [] : ctx.byValue(BUCKET, bucket, ['name']).map((t) => t.address);
}

/** google_vertex_ai_index_endpoint: where vector queries arrive; public when `public_endpoint_enabled`. */
export const mapIndexEndpoint: MapFn = (r, ctx) => {
  const publicEndpoint = boolFact(r, 'public_endpoint_enabled', false);
  ctx.asset(r, {
    kind: 'vector-store',
    name: str(r, 'display_name') ?? r.name,
    facts: {
      internetReachable: publicEndpoint,
      requiresAuthentication: explicit(true, 'iam'),
      customerManagedKey: cmekFact(ctx, r, 'encryption_spec.0.kms_key_name'),
      // Queries are Data Access (DATA_READ) audit events, off unless an audit config enables them.
      accessLogging: byDefault(false, 'google_project_iam_audit_config'),
    },
  });
  encryptsWith(ctx, r, 'encryption_spec.0.kms_key_name');
};

/** google_vertex_ai_index_endpoint_deployed_index: the endpoint serves the index. */
export const mapDeployedIndex: MapFn = (r, ctx) => {
  const endpoints = ctx.linked(r, 'index_endpoint', ['google_vertex_ai_index_endpoint'], ['id', 'name']);
  const indexes = ctx.linked(r, 'index', ['google_vertex_ai_index'], ['id', 'name']);
  if (endpoints.length === 0) ctx.unresolved(r, 'index_endpoint', ['google_vertex_ai_index_endpoint'], []);
  for (const e of endpoints)
    for (const i of indexes)
      ctx.flow(e.resource.address, i.resource.address, 'retrieve-from', ctx.evidence(r, 'index'));
};

/**
 * google_vertex_ai_persistent_resource: a training cluster. Without a VPC (`network`) or a PSC interface the
 * jobs run in Google's network with outbound internet access.
 */
export const mapPersistentResource: MapFn = (r, ctx) => {
  const inVpc = anyPresent(r, ['network', 'psc_interface_config.0.network_attachment']);
  ctx.asset(r, {
    kind: 'ml-compute',
    name: str(r, 'display_name') ?? r.name,
    facts: {
      privateNetwork: inVpc,
      directInternetAccess: negate(inVpc),
      // Peered or PSC-attached jobs reach out only through the customer VPC, which has no internet path unless
      // the customer adds one (NAT, external IPs); without a VPC they use Google's network with internet egress.
      networkIsolated: inVpc,
      customerManagedKey: cmekFact(ctx, r, 'encryption_spec.0.kms_key_name'),
    },
  });
  encryptsWith(ctx, r, 'encryption_spec.0.kms_key_name');
  const spec = 'resource_runtime_spec.0.service_account_spec.0';
  if (str(r, `${spec}.service_account`) !== undefined || isUnknownAt(r, `${spec}.service_account`)) {
    runsAs(ctx, r, `${spec}.service_account`, r.address, false);
  } else {
    ctx.note(
      'unresolved-link',
      'no custom service account: jobs run as the Vertex AI Custom Code Service Agent or the service account each job names',
      r.address,
    );
  }
  for (const l of linkByName(ctx, r, 'network', NETWORK))
    ctx.flow(r.address, l.resource.address, 'network', ctx.evidence(r, 'network', l.via));
};

const VECTOR_SEARCH = ['google_vertex_ai_index_endpoint', 'google_vertex_ai_index'] as const;

/**
 * Vector Search index endpoints (or indexes) the agent's environment references: the agent code queries them
 * (`retrieve-from`). Only references count; a literal id names no resource of the plan.
 */
function agentRetrieval(ctx: MapperContext, r: TfResource): void {
  const env = 'spec.0.deployment_spec.0.env';
  list(r, env).forEach((_, i) => {
    const path = `${env}.${i}.value`;
    for (const l of ctx.linked(r, path, VECTOR_SEARCH, ['id', 'name']))
      ctx.flow(r.address, l.resource.address, 'retrieve-from', ctx.evidence(r, path, l.via));
  });
}

/** Environment variables that name the model an agent calls (`MODEL`, `GEMINI_MODEL`, `MODEL_ID`, `LLM_MODEL_NAME`). */
const MODEL_VARIABLE = /(^|_)MODEL(_NAME|_ID)?$/i;
const GEMINI = /(^|\/)gemini-[a-z0-9.-]+$/;
/**
 * Gemini ids that move to new releases: `-latest` aliases, and the auto-updated aliases of Gemini 1.x and 2.0
 * (the family name without the three-digit stable version, e.g. `gemini-2.0-flash` for `gemini-2.0-flash-001`).
 */
const AUTO_UPDATED =
  /(^|\/)gemini-[a-z0-9.-]*latest$|(^|\/)gemini-(1\.\d|2\.0)-(pro|flash|flash-lite|pro-vision)$/;

/**
 * Whether the Gemini model named in the agent's environment is an auto-updated alias. Absent when no variable
 * names a Gemini model; unknown when a model variable is known only after apply.
 */
function agentModelUpgrade(r: TfResource): Fact<boolean> | undefined {
  const env = 'spec.0.deployment_spec.0.env';
  const found: Fact<boolean>[] = [];
  list(r, env).forEach((_, i) => {
    if (!MODEL_VARIABLE.test(str(r, `${env}.${i}.name`) ?? '')) return;
    const path = `${env}.${i}.value`;
    if (isUnknownAt(r, path)) {
      found.push(unknown(attributeName(path), AFTER_APPLY));
      return;
    }
    const v = str(r, path);
    if (v !== undefined && GEMINI.test(v)) found.push(explicit(AUTO_UPDATED.test(v), attributeName(path)));
  });
  const [first] = found;
  return first === undefined ? undefined : anyFact(found, first);
}

/** google_vertex_ai_reasoning_engine: an agent on Vertex AI Agent Engine. */
export const mapReasoningEngine: MapFn = (r, ctx) => {
  const upgrade = agentModelUpgrade(r);
  ctx.asset(r, {
    kind: 'agent',
    name: str(r, 'display_name') ?? r.name,
    facts: {
      customerManagedKey: cmekFact(ctx, r, 'encryption_spec.0.kms_key_name'),
      memoryEnabled: presenceFact(r, 'context_spec.0.memory_bank_config'),
      plaintextSecrets: plaintextSecretsFact(r, 'spec.0.deployment_spec.0.env', true),
      ...(upgrade === undefined ? {} : { autoModelUpgrade: upgrade }),
    },
  });
  encryptsWith(ctx, r, 'encryption_spec.0.kms_key_name');
  if (str(r, 'spec.0.service_account') !== undefined || isUnknownAt(r, 'spec.0.service_account')) {
    runsAs(ctx, r, 'spec.0.service_account', r.address, false);
  }
  // The pickled agent (code that runs when it is unpickled), its requirements and extra packages are installed
  // from Cloud Storage whenever the engine is deployed or updated.
  for (const part of ['pickle_object_gcs_uri', 'requirements_gcs_uri', 'dependency_files_gcs_uri']) {
    const path = `spec.0.package_spec.0.${part}`;
    for (const b of bucketsOfUri(ctx, r, path)) ctx.flow(r.address, b, 'load-code', ctx.evidence(r, path));
  }
  agentRetrieval(ctx, r);
};

/**
 * Whether a Model Garden deployment pulls a third-party model: any Hugging Face model (`hugging_face_model_id`,
 * or a `publishers/hf-…` name), or a publisher other than Google. Google's own models come from the provider.
 */
function modelGardenSource(r: TfResource): Fact<boolean> {
  const hub = 'hugging_face_model_id';
  if (isUnknownAt(r, hub)) return unknown(hub, unknownReason(r, hub));
  if (str(r, hub) !== undefined) return explicit(true, hub);
  if (isUnknownAt(r, 'publisher_model_name'))
    return unknown('publisher_model_name', unknownReason(r, 'publisher_model_name'));
  const name = str(r, 'publisher_model_name');
  const publisher = name === undefined ? undefined : /^publishers\/([^/]+)\//.exec(name)?.[1];
  if (publisher === undefined) return unknown('publisher_model_name', 'no model named');
  return explicit(publisher !== 'google', 'publisher_model_name');
}

/**
 * google_vertex_ai_endpoint_with_model_garden_deployment: an endpoint serving a Model Garden or Hugging Face model,
 * public unless Private Service Connect is enabled; prediction always needs IAM.
 */
export const mapModelGardenDeployment: MapFn = (r, ctx) => {
  const psc = boolFact(
    r,
    'endpoint_config.0.private_service_connect_config.0.enable_private_service_connect',
    false,
  );
  ctx.asset(r, {
    kind: 'inference-endpoint',
    name: str(r, 'endpoint_config.0.endpoint_display_name') ?? r.name,
    facts: {
      internetReachable: negate(psc),
      privateNetwork: psc,
      requiresAuthentication: explicit(true, 'iam_policy'),
      externalModelSource: modelGardenSource(r),
    },
  });
};

/** The Responsible AI filter types of Model Armor: every one must screen for harmful content to be filtered. */
const RAI_FILTERS = ['DANGEROUS', 'HARASSMENT', 'HATE_SPEECH', 'SEXUALLY_EXPLICIT'];

/** Whether the template's rai_settings name a filter of every harmful-content type. */
function raiFilters(r: TfResource): Fact<boolean> {
  const base = 'filter_config.0.rai_settings.0.rai_filters';
  if (hasUnknownBelow(r, 'filter_config.0.rai_settings')) {
    const types = list(r, base).map((_, i) => `${base}.${i}.filter_type`);
    if (isUnknownAt(r, base) || types.some((t) => isUnknownAt(r, t)))
      return unknown(attributeName('filter_config.0.rai_settings'), AFTER_APPLY);
  }
  if (list(r, 'filter_config.0.rai_settings').length === 0)
    return byDefault(false, attributeName('filter_config.0.rai_settings'));
  const present = new Set(list(r, base).map((_, i) => str(r, `${base}.${i}.filter_type`)));
  const missing = RAI_FILTERS.filter((t) => !present.has(t));
  return missing.length === 0
    ? explicit(true, attributeName(base))
    : explicit(false, `${attributeName(base)} (no filter for ${missing.join(', ')})`);
}

/** google_model_armor_template: a guardrail; filters count when their enforcement is ENABLED. */
export const mapModelArmorTemplate: MapFn = (r, ctx) => {
  const f = 'filter_config.0';
  const sdpBasic = enumFact(
    r,
    `${f}.sdp_settings.0.basic_config.0.filter_enforcement`,
    ['ENABLED'],
    'DISABLED',
  );
  const sdpAdvanced = presenceFact(r, `${f}.sdp_settings.0.advanced_config.0.inspect_template`);
  ctx.asset(r, {
    kind: 'guardrail',
    facts: {
      promptAttackFilter: enumFact(
        r,
        `${f}.pi_and_jailbreak_filter_settings.0.filter_enforcement`,
        ['ENABLED'],
        'DISABLED',
      ),
      harmfulContentFilter: raiFilters(r),
      sensitiveDataFilter:
        sdpAdvanced.state === 'explicit'
          ? sdpAdvanced
          : hasUnknownBelow(r, `${f}.sdp_settings`)
            ? unknown(attributeName(`${f}.sdp_settings`), AFTER_APPLY)
            : sdpBasic,
    },
  });
};

import {
  anyFact,
  byDefault,
  everyFact,
  explicit,
  unknown,
  type Fact,
  type Facts,
} from '../../../src/model/index.js';
import {
  attributeName,
  boolFact,
  enumFact,
  isUnknownAt,
  list,
  presenceFact,
  str,
  unknownReason,
} from '../attributes.js';
import type { MapFn, MapperContext } from '../context.js';
import type { TfResource } from '../types.js';
import {
  assumeRole,
  attachTargets,
  bucketsNamed,
  encryptWith,
  KMS_KEY,
  parseS3Location,
  s3Targets,
  setOrLinked,
  unlessComputed,
} from './common.js';

const IMDS = 'instance_metadata_service_configuration.0.minimum_instance_metadata_service_version';
import { isForeignPrincipal, ownAccounts, readPolicy, type PolicyRead } from './policy.js';

const ENDPOINT_CONFIG = ['aws_sagemaker_endpoint_configuration'] as const;
const MODEL = ['aws_sagemaker_model'] as const;

/**
 * aws_sagemaker_endpoint: the inference endpoint. The runtime API only accepts SigV4-signed calls, so callers
 * always authenticate with IAM; exposure comes from what fronts it (API Gateway, Lambda URL, load balancer).
 */
export const mapEndpoint: MapFn = (r, ctx) => {
  const configs = ctx.linked(r, 'endpoint_config_name', ENDPOINT_CONFIG, ['name', 'id']);
  const config = configs[0]?.resource;
  const facts: Facts = {
    requiresAuthentication: explicit(true, 'sagemaker-runtime InvokeEndpoint (SigV4)'),
    authMethod: explicit('IAM', 'sagemaker-runtime InvokeEndpoint (SigV4)'),
    ...(config === undefined ? unlinkedConfigFacts(r) : configFacts(ctx, config)),
  };
  const id = ctx.asset(r, { kind: 'inference-endpoint', facts });
  if (config === undefined) {
    ctx.note(
      'unresolved-link',
      'endpoint_config_name could not be linked; endpoint facts are unknown',
      r.address,
    );
    return;
  }
  list(config, 'production_variants').forEach((_, i) => {
    for (const m of ctx.linked(config, `production_variants.${i}.model_name`, MODEL, ['name', 'id'])) {
      ctx.flow(
        id,
        m.resource.address,
        'invoke',
        ctx.evidence(config, `production_variants.${i}.model_name`, m.via),
      );
      ctx.patch(id, { privateNetwork: presenceFact(m.resource, 'vpc_config.0.subnets') });
    }
  });
  for (const b of s3Targets(ctx, config, 'data_capture_config.0.destination_s3_uri')) {
    ctx.flow(
      id,
      b.resource.address,
      'write',
      ctx.evidence(config, 'data_capture_config.0.destination_s3_uri', b.via),
    );
  }
  for (const b of s3Targets(ctx, config, 'async_inference_config.0.output_config.0.s3_output_path')) {
    ctx.flow(
      id,
      b.resource.address,
      'write',
      ctx.evidence(config, 'async_inference_config.0.output_config.0.s3_output_path', b.via),
    );
  }
  encryptWith(ctx, config, 'kms_key_arn', id);
  assumeRole(ctx, config, 'execution_role_arn', id);
};

function configFacts(ctx: MapperContext, c: TfResource): Facts {
  const capture =
    list(c, 'data_capture_config').length > 0
      ? boolFact(c, 'data_capture_config.0.enable_capture', false)
      : byDefault(false, 'data_capture_config');
  const ssm = list(c, 'production_variants').map((_, i) =>
    boolFact(c, `production_variants.${i}.enable_ssm_access`, false),
  );
  return {
    dataCapture: capture,
    invocationLogging: capture,
    customerManagedKey: setOrLinked(ctx, c, 'kms_key_arn', KMS_KEY),
    shellAccess:
      ssm.find((f) => f.state === 'explicit' && f.value) ??
      ssm.find((f) => f.state === 'unknown') ??
      byDefault(false, 'production_variants[0].enable_ssm_access'),
    privateNetwork: byDefault(false, 'vpc_config'),
  };
}

function unlinkedConfigFacts(r: TfResource): Facts {
  const reason = `${r.address}.endpoint_config_name could not be linked to an endpoint configuration`;
  const u = unknown('endpoint_config_name', reason);
  return { dataCapture: u, invocationLogging: u, customerManagedKey: u, shellAccess: u, privateNetwork: u };
}

/** Read by the endpoints that use it. */
export const mapEndpointConfiguration: MapFn = () => undefined;

/** aws_sagemaker_model: the model, its execution role and the artifact it loads. */
export const mapModel: MapFn = (r, ctx) => {
  const id = ctx.asset(r, {
    kind: 'model',
    facts: {
      networkIsolated: boolFact(r, 'enable_network_isolation', false),
      privateNetwork: presenceFact(r, 'vpc_config.0.subnets'),
      externalModelSource: externalModel(ctx, r),
    },
  });
  assumeRole(ctx, r, 'execution_role_arn');
  for (const path of artifactPaths(r)) {
    for (const b of s3Targets(ctx, r, path))
      ctx.flow(id, b.resource.address, 'read', ctx.evidence(r, path, b.via));
  }
  for (const path of ['vpc_config.0.subnets']) {
    for (const s of ctx.linked(r, path, ['aws_subnet']))
      ctx.flow(id, s.resource.address, 'network', ctx.evidence(r, path, s.via));
  }
};

const MODEL_PACKAGE_ARN = /^arn:aws[\w-]*:sagemaker:[^:]*:(\d{12}):model-package\//;

/**
 * Whether a container pulls its model from outside the organisation: a model package of another account (AWS
 * Marketplace sellers publish theirs from their own accounts), or a Hugging Face Hub id in HF_MODEL_ID, which the
 * Hugging Face inference containers download when they start (a path such as /opt/ml/model is the artifact
 * SageMaker mounts from model_data_url).
 */
function externalModel(ctx: MapperContext, r: TfResource): Fact<boolean> {
  const found: Fact<boolean>[] = [];
  for (const block of ['primary_container', 'container']) {
    list(r, block).forEach((_, i) => {
      const pkg = modelPackage(ctx, r, `${block}.${i}.model_package_name`);
      const hub = hubModelId(r, `${block}.${i}.environment.HF_MODEL_ID`);
      if (pkg !== undefined) found.push(pkg);
      if (hub !== undefined) found.push(hub);
    });
  }
  return anyFact(found, byDefault(false, 'primary_container[0].model_package_name'));
}

function modelPackage(ctx: MapperContext, r: TfResource, path: string): Fact<boolean> | undefined {
  const attribute = attributeName(path);
  if (isUnknownAt(r, path)) return unknown(attribute, unknownReason(r, path));
  const name = str(r, path);
  if (name === undefined) return undefined;
  const account = MODEL_PACKAGE_ARN.exec(name)?.[1];
  // A bare name or a partial ARN names a package of the model's own account.
  if (account === undefined) return explicit(false, attribute);
  const own = ownAccounts(ctx);
  if (own.size === 0)
    return unknown(attribute, 'the model package account cannot be compared with the account of this plan');
  return explicit(!own.has(account), attribute);
}

function hubModelId(r: TfResource, path: string): Fact<boolean> | undefined {
  const attribute = attributeName(path);
  if (isUnknownAt(r, path)) return unknown(attribute, unknownReason(r, path));
  const id = str(r, path);
  if (id === undefined || id === '') return undefined;
  return explicit(!id.startsWith('/') && !id.startsWith('s3://'), attribute);
}

/** Paths of the model artifact URIs of a model's containers. */
export function artifactPaths(r: TfResource): string[] {
  const out: string[] = [];
  for (const block of ['primary_container', 'container']) {
    list(r, block).forEach((_, i) => {
      out.push(`${block}.${i}.model_data_url`);
      out.push(`${block}.${i}.model_data_source.0.s3_data_source.0.s3_uri`);
    });
  }
  return out.filter((p) => str(r, p) !== undefined || isUnknownAt(r, p));
}

export const mapNotebook: MapFn = (r, ctx) => {
  const id = ctx.asset(r, {
    kind: 'notebook',
    facts: {
      directInternetAccess: enumFact(r, 'direct_internet_access', ['Enabled'], 'Enabled'),
      rootAccess: enumFact(r, 'root_access', ['Enabled'], 'Enabled'),
      // A subnet created in the same plan has an id known only after apply: the reference still places it.
      privateNetwork: setOrLinked(ctx, r, 'subnet_id', ['aws_subnet']),
      customerManagedKey: setOrLinked(ctx, r, 'kms_key_id', KMS_KEY),
      // The notebook accepts IMDSv1 unless the minimum version is raised to 2.
      metadataTokensRequired: unlessComputed(r, IMDS, false, () => enumFact(r, IMDS, ['2'], '1')),
    },
  });
  assumeRole(ctx, r, 'role_arn');
  encryptWith(ctx, r, 'kms_key_id');
  for (const s of ctx.linked(r, 'subnet_id', ['aws_subnet']))
    ctx.flow(id, s.resource.address, 'network', ctx.evidence(r, 'subnet_id', s.via));
};

export const mapDomain: MapFn = (r, ctx) => {
  const access = enumFact(r, 'app_network_access_type', ['PublicInternetOnly'], 'PublicInternetOnly');
  ctx.asset(r, {
    kind: 'ml-workspace',
    facts: {
      internetReachable: access,
      privateNetwork: enumFact(r, 'app_network_access_type', ['VpcOnly'], 'PublicInternetOnly'),
      customerManagedKey: setOrLinked(ctx, r, 'kms_key_id', KMS_KEY),
    },
  });
  assumeRole(ctx, r, 'default_user_settings.0.execution_role');
  assumeRole(ctx, r, 'default_space_settings.0.execution_role');
  encryptWith(ctx, r, 'kms_key_id');
};

/** A user profile lets its user act as its execution role inside the domain. */
export const mapUserProfile: MapFn = (r, ctx) => {
  for (const d of ctx.linked(r, 'domain_id', ['aws_sagemaker_domain'], ['id'])) {
    assumeRole(ctx, r, 'user_settings.0.execution_role', d.resource.address);
  }
};

export const mapFeatureGroup: MapFn = (r, ctx) => {
  const id = ctx.asset(r, { kind: 'feature-store', facts: { customerManagedKey: featureStoreKey(r) } });
  assumeRole(ctx, r, 'role_arn');
  const uri = 'offline_store_config.0.s3_storage_config.0.s3_uri';
  for (const b of s3Targets(ctx, r, uri))
    ctx.flow(id, b.resource.address, 'write', ctx.evidence(r, uri, b.via));
};

/**
 * Whether every store the feature group uses is under a customer-managed key. The online store exists only
 * with enable_online_store = true (default false); the offline store whenever offline_store_config is set.
 */
function featureStoreKey(r: TfResource): Fact<boolean> {
  const online = presenceFact(r, 'online_store_config.0.security_config.0.kms_key_id');
  const offline = presenceFact(r, 'offline_store_config.0.s3_storage_config.0.kms_key_id');
  const onlineOn =
    list(r, 'online_store_config').length > 0
      ? boolFact(r, 'online_store_config.0.enable_online_store', false)
      : byDefault(false, 'online_store_config');
  const parts: Fact<boolean>[] = [];
  if (list(r, 'offline_store_config').length > 0 || isUnknownAt(r, 'offline_store_config'))
    parts.push(offline);
  // An online store that may be on matters unless it has a key anyway.
  if (onlineOn.state === 'unknown' && !(online.state !== 'unknown' && online.value)) parts.push(onlineOn);
  else if (onlineOn.state !== 'unknown' && onlineOn.value) parts.push(online);
  // CreateFeatureGroup needs one of the stores; without a readable one, the online key is the best reading.
  return everyFact(parts, online);
}

export const mapModelPackageGroup: MapFn = (r, ctx) => {
  ctx.asset(r, {
    kind: 'model-registry',
    facts: {
      crossAccountAccess: byDefault(false, 'aws_sagemaker_model_package_group_policy'),
      anonymousRead: byDefault(false, 'aws_sagemaker_model_package_group_policy'),
      anonymousWrite: byDefault(false, 'aws_sagemaker_model_package_group_policy'),
    },
  });
};

export const mapModelPackageGroupPolicy: MapFn = (r, ctx) => {
  const facts: (keyof Facts)[] = ['crossAccountAccess', 'anonymousRead', 'anonymousWrite'];
  const groups = attachTargets(
    ctx,
    r,
    'model_package_group_name',
    ['aws_sagemaker_model_package_group'],
    facts,
    ['model_package_group_name', 'id'],
  );
  const exposure = registryExposure(ctx, r);
  for (const g of groups) ctx.patch(g.resource.address, exposure);
};

/** Anonymous and cross-account access granted by a model package group's resource policy. */
function registryExposure(ctx: MapperContext, r: TfResource): Facts {
  return registryPolicyFacts(readPolicy(ctx, r, 'resource_policy'), ownAccounts(ctx), 'resource_policy');
}

/** The exposure facts of a model package group policy once read; the live collector reads its own with it. */
export function registryPolicyFacts(
  read: Pick<PolicyRead<unknown>, 'statements' | 'gaps'>,
  own: ReadonlySet<string>,
  attribute: string,
): Facts {
  if (read.gaps.length > 0) {
    const u = unknown(attribute, read.gaps.join('; '));
    return { crossAccountAccess: u, anonymousRead: u, anonymousWrite: u };
  }
  const allows = read.statements.filter((s) => s.effect === 'Allow');
  const anonymous = allows.filter((s) => s.principals?.some((p) => p.type === '*') === true);
  const grantsAny = (re: RegExp) => anonymous.some((s) => (s.actions ?? []).some((a) => re.test(a)));
  const foreign = allows.flatMap((s) =>
    (s.principals ?? []).filter((p) => p.type !== '*').map((p) => isForeignPrincipal(p, own)),
  );
  const cross: Fact<boolean> = foreign.includes(true)
    ? explicit(true, attribute)
    : foreign.includes(undefined)
      ? unknown(attribute, 'a principal account cannot be compared with the account of this plan')
      : explicit(false, attribute);
  return {
    crossAccountAccess: cross,
    anonymousRead: explicit(grantsAny(/^(\*|sagemaker:(\*|Describe|List|Get))/i), attribute),
    anonymousWrite: explicit(grantsAny(/^(\*|sagemaker:(\*|Create|Update|Delete|Put))/i), attribute),
  };
}

/**
 * aws_sagemaker_pipeline: the training pipeline. Its definition (JSON, when known) names the S3 data the
 * training steps read (train-on), the artifact location they write (produce-artifact) and, through that
 * location, the models that load what it produces (deploy).
 */
export const mapPipeline: MapFn = (r, ctx) => {
  const def = parseDefinition(r);
  const facts: Facts =
    def === undefined
      ? unknownPipelineFacts(r)
      : {
          networkIsolated:
            def.steps === 0
              ? byDefault(false, 'pipeline_definition')
              : explicit(def.isolated, 'pipeline_definition'),
          privateNetwork: explicit(def.vpc, 'pipeline_definition'),
          customerManagedKey: explicit(def.kms, 'pipeline_definition'),
        };
  const id = ctx.asset(r, { kind: 'ml-pipeline', facts });
  assumeRole(ctx, r, 'role_arn');
  if (def === undefined) return;
  const evidence = (note: string) => ctx.evidence(r, 'pipeline_definition', note);
  for (const uri of def.inputs)
    for (const b of bucketsNamed(ctx, uri)) ctx.flow(id, b.address, 'train-on', evidence(`input ${uri}`));
  for (const uri of def.outputs) {
    for (const b of bucketsNamed(ctx, uri))
      ctx.flow(id, b.address, 'produce-artifact', evidence(`output ${uri}`));
    for (const m of modelsLoading(ctx, uri))
      ctx.flow(id, m.address, 'deploy', evidence(`the model loads its artifact from ${uri}`));
  }
  for (const arn of def.roles) {
    for (const role of ctx.byValue(['aws_iam_role'], arn, ['arn']))
      ctx.flow(id, role.address, 'assume-identity', evidence(`RoleArn ${arn}`));
  }
};

function unknownPipelineFacts(r: TfResource): Facts {
  const reason = isUnknownAt(r, 'pipeline_definition')
    ? 'known only after apply'
    : 'pipeline_definition is not readable JSON';
  const u = unknown(attributeName('pipeline_definition'), reason);
  return { networkIsolated: u, privateNetwork: u, customerManagedKey: u };
}

/** Models whose artifact URI lies under the S3 location `output`. */
function modelsLoading(ctx: MapperContext, output: string): TfResource[] {
  const out = parseS3Location(output);
  if (out === undefined) return [];
  // Models indexed by the bucket of their artifacts, so that each pipeline looks at its own bucket only.
  const byBucket = ctx.memo('aws/sagemaker:models-by-bucket', () => {
    const index = new Map<string, { model: TfResource; key: string }[]>();
    for (const m of ctx.resources('aws_sagemaker_model')) {
      for (const p of artifactPaths(m)) {
        const loc = parseS3Location(str(m, p) ?? '');
        if (loc === undefined) continue;
        const list = index.get(loc.bucket) ?? [];
        list.push({ model: m, key: loc.key });
        index.set(loc.bucket, list);
      }
    }
    return index;
  });
  const prefix = out.key.replace(/\/?$/, out.key === '' ? '' : '/');
  return [
    ...new Set((byBucket.get(out.bucket) ?? []).filter((e) => e.key.startsWith(prefix)).map((e) => e.model)),
  ];
}

export interface Definition {
  readonly inputs: string[];
  readonly outputs: string[];
  readonly roles: string[];
  readonly steps: number;
  readonly isolated: boolean;
  readonly vpc: boolean;
  readonly kms: boolean;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function parseDefinition(r: TfResource): Definition | undefined {
  const text = str(r, 'pipeline_definition');
  if (text === undefined || isUnknownAt(r, 'pipeline_definition')) return undefined;
  return parsePipelineDefinition(text);
}

/**
 * What a pipeline definition (JSON) says: the S3 inputs and outputs of its training, processing, tuning and
 * transform steps, the roles they run as, and whether every step is isolated, in a VPC and under a KMS key.
 * Undefined when the text is not JSON. The live collector reads DescribePipeline's definition with it too.
 */
export function parsePipelineDefinition(text: string): Definition | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return undefined;
  }
  const def = {
    inputs: [] as string[],
    outputs: [] as string[],
    roles: [] as string[],
    steps: 0,
    isolated: true,
    vpc: true,
    kms: true,
  };
  const steps = isObj(doc) && Array.isArray(doc['Steps']) ? doc['Steps'].filter(isObj) : [];
  for (const step of steps) {
    const args = isObj(step['Arguments']) ? step['Arguments'] : undefined;
    if (
      args === undefined ||
      !['Training', 'Processing', 'Tuning', 'Transform'].includes(String(step['Type']))
    )
      continue;
    def.steps++;
    collectUris(args, false, def, 0);
    if (typeof args['RoleArn'] === 'string') def.roles.push(args['RoleArn']);
    const network = isObj(args['NetworkConfig']) ? args['NetworkConfig'] : args;
    def.isolated &&= network['EnableNetworkIsolation'] === true;
    def.vpc &&= isObj(network['VpcConfig']);
    const out = isObj(args['OutputDataConfig'])
      ? args['OutputDataConfig']
      : isObj(args['ProcessingOutputConfig'])
        ? args['ProcessingOutputConfig']
        : {};
    def.kms &&= typeof out['KmsKeyId'] === 'string';
  }
  if (def.steps === 0) Object.assign(def, { isolated: false, vpc: false, kms: false });
  return def;
}

/** S3 URIs under keys naming inputs or outputs (InputDataConfig, ProcessingInputs, OutputDataConfig ...). */
function collectUris(node: unknown, output: boolean | undefined, def: Definition, depth: number): void {
  if (depth > 16) return;
  if (Array.isArray(node)) {
    for (const n of node) collectUris(n, output, def, depth + 1);
    return;
  }
  if (!isObj(node)) return;
  for (const [key, value] of Object.entries(node)) {
    const side = /Output/.test(key) ? true : /Input/.test(key) ? false : output;
    if (typeof value === 'string' && value.startsWith('s3://') && /S3Uri|S3OutputPath|S3Path/.test(key)) {
      (side === true ? def.outputs : def.inputs).push(value);
    } else collectUris(value, side, def, depth + 1);
  }
}

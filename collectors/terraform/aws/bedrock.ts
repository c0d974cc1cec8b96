import { byDefault, everyFact, explicit, unknown, type Fact } from '../../../src/model/index.js';
import {
  AFTER_APPLY,
  attributeName,
  boolFact,
  enumFact,
  isSetUntilApply,
  isUnknownAt,
  list,
  presenceFact,
  str,
  strings,
  unknownReason,
  valueAt,
} from '../attributes.js';
import type { Link, MapFn, MapperContext } from '../context.js';
import type { TfResource } from '../types.js';
import {
  assumeRole,
  computedInPlan,
  encryptWith,
  KMS_KEY,
  LOG_GROUP,
  s3Targets,
  setOrLinked,
} from './common.js';

const LOGGING = 'aws_bedrock_model_invocation_logging_configuration';
const GUARDRAIL = ['aws_bedrock_guardrail'] as const;
const GUARDRAIL_VERSION = ['aws_bedrock_guardrail_version'] as const;
const AGENT = ['aws_bedrockagent_agent'] as const;
const KNOWLEDGE_BASE = ['aws_bedrockagent_knowledge_base'] as const;

/** The foundation model an agent (or another Bedrock user) invokes by id: a provider-managed asset. */
export function foundationModelId(address: string): string {
  return `${address}#foundation-model`;
}

/**
 * Model invocation logging is a regional singleton: without the resource, Bedrock invocations are not logged
 * (`default false`); the logging mapper patches every Bedrock-using asset when it is present.
 */
function invocationLoggingDefault(): Fact<boolean> {
  return byDefault(false, LOGGING);
}

const GUARDRAIL_ID = 'guardrail_configuration.0.guardrail_identifier';
const GUARDRAIL_VERSION_PATH = 'guardrail_configuration.0.guardrail_version';

/**
 * Whether the agent applies the working draft of its guardrail: `DRAFT` says so, and so does the `version` of an
 * aws_bedrock_guardrail, which is always its draft; a numbered version, or the one an aws_bedrock_guardrail_version
 * publishes, is fixed. guardrail_configuration is an attribute, so a plan records its references on the whole
 * list: a version known only after apply is fixed when the list references a guardrail version, else the draft
 * when it references a guardrail. Absent when no guardrail is configured.
 */
function guardrailDraft(r: TfResource, ctx: MapperContext): Fact<boolean> | undefined {
  const attribute = attributeName(GUARDRAIL_VERSION_PATH);
  const referenced = (types: readonly string[]): Link | undefined =>
    [GUARDRAIL_VERSION_PATH, 'guardrail_configuration'].flatMap((p) => ctx.linked(r, p, types, []))[0];
  const published = (): Fact<boolean> | undefined => {
    const v = referenced(GUARDRAIL_VERSION);
    return v === undefined ? undefined : explicit(false, `${attribute} (version of ${v.resource.address})`);
  };
  if (isUnknownAt(r, 'guardrail_configuration')) {
    // From source, a list holding a value known only after apply is unknown as a whole: its version is not
    // visible, so only a referenced guardrail version decides; a literal "DRAFT" beside it cannot be seen.
    const fixed = published();
    if (fixed !== undefined || referenced(GUARDRAIL) === undefined) return fixed;
    return unknown('guardrail_configuration', unknownReason(r, 'guardrail_configuration'));
  }
  if (list(r, 'guardrail_configuration').length === 0) return undefined;
  if (!isUnknownAt(r, GUARDRAIL_VERSION_PATH)) {
    const version = str(r, GUARDRAIL_VERSION_PATH);
    return version === undefined
      ? unknown(attribute, 'not set; the version Bedrock then applies is not documented')
      : explicit(version === 'DRAFT', attribute);
  }
  if (!isSetUntilApply(r, GUARDRAIL_VERSION_PATH))
    return unknown(attribute, unknownReason(r, GUARDRAIL_VERSION_PATH));
  const fixed = published();
  if (fixed !== undefined) return fixed;
  const guardrail = referenced(GUARDRAIL);
  return guardrail === undefined
    ? unknown(attribute, AFTER_APPLY)
    : explicit(true, `${attribute} (${guardrail.resource.address}.version is its working draft)`);
}

export const mapAgent: MapFn = (r, ctx) => {
  // guardrail_configuration is an attribute, not a block: a plan records its references on the whole list.
  const guardrailLinked = [GUARDRAIL_ID, 'guardrail_configuration'].some(
    (p) => ctx.linked(r, p, GUARDRAIL, ['guardrail_id', 'guardrail_arn', 'id']).length > 0,
  );
  const named = presenceFact(r, GUARDRAIL_ID);
  // A guardrail created in the same plan has an id known only after apply: the reference still attaches it.
  const guardrail =
    named.state === 'unknown' && isSetUntilApply(r, GUARDRAIL_ID) && guardrailLinked
      ? explicit(true, attributeName(GUARDRAIL_ID))
      : named;
  const draft = guardrailDraft(r, ctx);
  const id = ctx.asset(r, {
    kind: 'agent',
    facts: {
      guardrailAttached: guardrail,
      ...(draft === undefined ? {} : { guardrailDraft: draft }),
      inputScreening: preProcessing(r),
      memoryEnabled: memory(r),
      customerManagedKey: setOrLinked(ctx, r, 'customer_encryption_key_arn', KMS_KEY),
      invocationLogging: invocationLoggingDefault(),
    },
  });
  const model = str(r, 'foundation_model');
  if (model !== undefined || isUnknownAt(r, 'foundation_model')) {
    const fm = ctx.asset(r, {
      kind: 'foundation-model-service',
      id: foundationModelId(r.address),
      name: model ?? 'foundation model',
      nativeType: 'aws_bedrock_foundation_model',
      facts: {
        providerManaged: explicit(true, 'foundation_model'),
        guardrailAttached: guardrail,
        invocationLogging: invocationLoggingDefault(),
        crossRegionProcessing: crossRegion(model),
      },
    });
    ctx.flow(id, fm, 'invoke', ctx.evidence(r, 'foundation_model'));
  }
  assumeRole(ctx, r, 'agent_resource_role_arn');
  encryptWith(ctx, r, 'customer_encryption_key_arn');
  if (guardrail.state === 'explicit' && guardrail.value && !guardrailLinked) {
    ctx.note('unresolved-link', 'guardrail_configuration names a guardrail outside this plan', r.address);
  }
};

/** Geography prefixes of Bedrock cross-region (system-defined) inference profiles: `eu.anthropic.…`. */
export const CROSS_REGION_PROFILE =
  /^(?:arn:aws[\w-]*:bedrock:[^:]*:[^:]*:inference-profile\/)?(?:us|us-gov|eu|apac|jp|au|ca|global)\./;

/**
 * Whether the agent's model id is a cross-region inference profile, which routes requests to other regions of
 * the geography (or worldwide for `global.`). An application inference profile ARN hides its model: unknown.
 */
function crossRegion(model: string | undefined): Fact<boolean> {
  if (model === undefined) return unknown('foundation_model', 'known only after apply');
  if (model.includes(':application-inference-profile/'))
    return unknown(
      'foundation_model',
      'an application inference profile; its source profile is not in the plan',
    );
  return explicit(CROSS_REGION_PROFILE.test(model), 'foundation_model');
}

/**
 * Input screening is the agent's PRE_PROCESSING step. Without an override the step uses Bedrock's default
 * template, whose state the provider does not document: unknown rather than guessed.
 */
function preProcessing(r: TfResource): Fact<boolean> {
  const base = 'prompt_override_configuration.0.prompt_configurations';
  if (isUnknownAt(r, 'prompt_override_configuration'))
    return unknown('prompt_override_configuration', 'known only after apply');
  const i = list(r, base).findIndex((_, j) => str(r, `${base}.${j}.prompt_type`) === 'PRE_PROCESSING');
  if (i < 0)
    return unknown(
      attributeName(base),
      'pre-processing not overridden; the Bedrock default state is not documented',
    );
  const state = str(r, `${base}.${i}.prompt_state`);
  return state === undefined
    ? unknown(attributeName(`${base}.${i}.prompt_state`), 'not set')
    : explicit(state === 'ENABLED', attributeName(`${base}.${i}.prompt_state`));
}

function memory(r: TfResource): Fact<boolean> {
  const path = 'memory_configuration.0.enabled_memory_types';
  // Left out, Bedrock keeps no memory; a plan shows the unset attribute as computed.
  if (computedInPlan(r, 'memory_configuration')) return byDefault(false, attributeName(path));
  if (isUnknownAt(r, path)) return unknown(attributeName(path), 'known only after apply');
  return strings(r, path).length > 0
    ? explicit(true, attributeName(path))
    : byDefault(false, attributeName(path));
}

export const mapActionGroup: MapFn = (r, ctx) => {
  const id = ctx.asset(r, { kind: 'agent-tool', name: str(r, 'action_group_name') ?? r.name });
  for (const a of ctx.linked(r, 'agent_id', AGENT, ['agent_id', 'id'])) {
    ctx.flow(a.resource.address, id, 'invoke', ctx.evidence(r, 'agent_id', a.via));
  }
  const lambda = 'action_group_executor.0.lambda';
  for (const f of ctx.linked(r, lambda, ['aws_lambda_function'], ['arn', 'qualified_arn'])) {
    ctx.flow(id, f.resource.address, 'invoke', ctx.evidence(r, lambda, f.via));
  }
  // An OpenAPI schema in S3 defines the tool's operations; the agent takes it up when it is next prepared.
  const schema = 'api_schema.0.s3.0.s3_bucket_name';
  for (const b of s3Targets(ctx, r, schema))
    ctx.flow(id, b.resource.address, 'load-code', ctx.evidence(r, schema, b.via));
};

export const mapKnowledgeBase: MapFn = (r, ctx) => {
  ctx.asset(r, {
    kind: 'knowledge-base',
    facts: {
      untrustedSource: byDefault(false, 'aws_bedrockagent_data_source'),
      invocationLogging: invocationLoggingDefault(),
      // Set by an aws_cloudwatch_log_delivery of the knowledge base's APPLICATION_LOGS (see log-delivery.ts).
      accessLogging: byDefault(false, 'aws_cloudwatch_log_delivery_source'),
      customerManagedKey: knowledgeBaseKey(ctx, r),
    },
  });
  assumeRole(ctx, r, 'role_arn');
  const store = 'storage_configuration.0.opensearch_serverless_configuration.0.collection_arn';
  for (const v of ctx.linked(r, store, ['aws_opensearchserverless_collection'], ['arn'])) {
    ctx.flow(r.address, v.resource.address, 'retrieve-from', ctx.evidence(r, store, v.via));
  }
};

export const mapKnowledgeBaseAssociation: MapFn = (r, ctx) => {
  const agents = ctx.linked(r, 'agent_id', AGENT, ['agent_id', 'id']);
  const kbs = ctx.linked(r, 'knowledge_base_id', KNOWLEDGE_BASE, ['id']);
  for (const a of agents) {
    for (const kb of kbs)
      ctx.flow(
        a.resource.address,
        kb.resource.address,
        'retrieve-from',
        ctx.evidence(r, 'knowledge_base_id', kb.via),
      );
  }
};

const DATA_SOURCE = 'aws_bedrockagent_data_source';
const DATA_SOURCE_KEY = 'server_side_encryption_configuration.0.kms_key_arn';

/**
 * A managed knowledge base names its key itself; a vector knowledge base has its content encrypted with the key
 * of each data source (`server_side_encryption_configuration.kms_key_arn`, used for the ingested data): it is
 * customer-managed only when every data source names one (three-valued AND), provider default false without.
 */
function knowledgeBaseKey(ctx: MapperContext, r: TfResource): Fact<boolean> {
  const managed =
    'knowledge_base_configuration.0.managed_knowledge_base_configuration.0.server_side_encryption_configuration.0.kms_key_arn';
  const own = presenceFact(r, managed);
  if (own.state !== 'default') return own;
  const sources = ctx.referrers(r, DATA_SOURCE, 'knowledge_base_id', (d) =>
    ctx.linked(d, 'knowledge_base_id', KNOWLEDGE_BASE, ['id']).map((l) => l.resource),
  );
  if (sources.length === 0) return own;
  const keys = sources.map((d) => {
    const f = setOrLinked(ctx, d, DATA_SOURCE_KEY, KMS_KEY);
    return f.state === 'unknown' ? f : { ...f, attribute: `${d.address}.${f.attribute}` };
  });
  return everyFact(keys, own);
}

/** Connectors that ingest content from outside the organisation's control. */
export const UNTRUSTED = ['WEB', 'CONFLUENCE', 'SALESFORCE', 'SHAREPOINT', 'CUSTOM'];

/**
 * `data_deletion_policy`: DELETE (the API default) removes the chunks ingested from a data source from the vector
 * store when the data source or knowledge base is deleted; RETAIN leaves them there.
 */
function deletionPolicy(r: TfResource): Fact<boolean> {
  const path = 'data_deletion_policy';
  const f = computedInPlan(r, path) ? byDefault(true, path) : enumFact(r, path, ['DELETE'], 'DELETE');
  return { ...f, attribute: `${r.address}.${f.attribute}` };
}

export const mapDataSource: MapFn = (r, ctx) => {
  const type = 'data_source_configuration.0.type';
  const untrusted: Fact<boolean> = isUnknownAt(r, type)
    ? unknown(attributeName(type), 'known only after apply')
    : explicit(UNTRUSTED.includes(str(r, type) ?? ''), attributeName(type));
  const deletion = deletionPolicy(r);
  for (const kb of ctx.linked(r, 'knowledge_base_id', KNOWLEDGE_BASE, ['id'])) {
    const kbId = kb.resource.address;
    ctx.patch(kbId, { untrustedSource: untrusted }, 'or');
    // The knowledge base lets go of deleted content only if every data source does.
    ctx.patch(kbId, { deletionLifecycle: deletion }, 'and');
    const bucket = 'data_source_configuration.0.s3_configuration.0.bucket_arn';
    for (const b of s3Targets(ctx, r, bucket))
      ctx.flow(kbId, b.resource.address, 'retrieve-from', ctx.evidence(r, bucket, b.via));
  }
};

export const mapGuardrail: MapFn = (r, ctx) => {
  ctx.asset(r, {
    kind: 'guardrail',
    facts: {
      promptAttackFilter: contentFilter(r, 'PROMPT_ATTACK'),
      harmfulContentFilter: outputFilters(r),
      sensitiveDataFilter: anyBlock(r, 'sensitive_information_policy_config', [
        'pii_entities_config',
        'regexes_config',
      ]),
      groundingCheck: anyBlock(r, 'contextual_grounding_policy_config', ['filters_config']),
      customerManagedKey: setOrLinked(ctx, r, 'kms_key_arn', KMS_KEY),
    },
  });
  encryptWith(ctx, r, 'kms_key_arn');
};

/** A content filter of `type` whose input strength is not NONE. */
function contentFilter(r: TfResource, type: string): Fact<boolean> {
  const base = 'content_policy_config.0.filters_config';
  if (isUnknownAt(r, 'content_policy_config'))
    return unknown('content_policy_config', 'known only after apply');
  const i = list(r, base).findIndex((_, j) => str(r, `${base}.${j}.type`) === type);
  if (i < 0) return byDefault(false, attributeName(base));
  const strength = `${base}.${i}.input_strength`;
  if (isUnknownAt(r, strength)) return unknown(attributeName(strength), 'known only after apply');
  return explicit((str(r, strength) ?? 'NONE') !== 'NONE', attributeName(strength));
}

/** The harmful-content categories of Bedrock content filters (PROMPT_ATTACK screens input only). */
export const HARMFUL_CONTENT = ['HATE', 'INSULTS', 'SEXUAL', 'VIOLENCE', 'MISCONDUCT'];

/**
 * Whether model output is filtered in every harmful-content category: a filter of each type whose
 * output_strength is not NONE and, where the provider writes them, whose output is neither disabled
 * (`output_enabled = false`) nor only detected (`output_action = "NONE"`).
 */
function outputFilters(r: TfResource): Fact<boolean> {
  const base = 'content_policy_config.0.filters_config';
  if (isUnknownAt(r, 'content_policy_config') || isUnknownAt(r, base))
    return unknown('content_policy_config', AFTER_APPLY);
  if (list(r, 'content_policy_config').length === 0) return byDefault(false, 'content_policy_config');
  const filters = list(r, base);
  // A filter whose type is known only after apply may be the one a category lacks.
  const typeUnknown = filters.some((_, j) => isUnknownAt(r, `${base}.${j}.type`));
  const absent: string[] = [];
  const off: string[] = [];
  let open: string | undefined;
  for (const type of HARMFUL_CONTENT) {
    const i = filters.findIndex((_, j) => str(r, `${base}.${j}.type`) === type);
    if (i < 0) {
      absent.push(type);
      continue;
    }
    const [strength, enabled, action] = ['output_strength', 'output_enabled', 'output_action'].map(
      (k) => `${base}.${i}.${k}`,
    ) as [string, string, string];
    const later = [strength, enabled, action].find((p) => isUnknownAt(r, p));
    if (later !== undefined) open ??= later;
    else if (
      (str(r, strength) ?? 'NONE') === 'NONE' ||
      valueAt(r, enabled) === false ||
      str(r, action) === 'NONE'
    )
      off.push(type);
  }
  const unfiltered = typeUnknown ? off : [...absent, ...off];
  if (unfiltered.length > 0)
    return explicit(false, `${attributeName(base)} (no output filter for ${unfiltered.sort().join(', ')})`);
  if (absent.length > 0 || open !== undefined) return unknown(attributeName(open ?? base), AFTER_APPLY);
  return explicit(true, attributeName(base));
}

function anyBlock(r: TfResource, block: string, subs: readonly string[]): Fact<boolean> {
  if (isUnknownAt(r, block)) return unknown(block, 'known only after apply');
  const present = subs.some((s) => list(r, `${block}.0.${s}`).length > 0);
  return present ? explicit(true, block) : byDefault(false, block);
}

/** aws_bedrock_custom_model: a fine-tuning job that trains on S3 data and writes a custom model. */
export const mapCustomModel: MapFn = (r, ctx) => {
  const id = ctx.asset(r, {
    kind: 'training-job',
    name: str(r, 'custom_model_name') ?? r.name,
    facts: {
      customerManagedKey: setOrLinked(ctx, r, 'custom_model_kms_key_id', KMS_KEY),
      privateNetwork: presenceFact(r, 'vpc_config.0.subnet_ids'),
    },
  });
  assumeRole(ctx, r, 'role_arn');
  encryptWith(ctx, r, 'custom_model_kms_key_id');
  for (const path of ['training_data_config.0.s3_uri', 'validation_data_config.0.validator.0.s3_uri']) {
    for (const b of s3Targets(ctx, r, path))
      ctx.flow(id, b.resource.address, 'train-on', ctx.evidence(r, path, b.via));
  }
  const out = 'output_data_config.0.s3_uri';
  for (const b of s3Targets(ctx, r, out))
    ctx.flow(id, b.resource.address, 'produce-artifact', ctx.evidence(r, out, b.via));
};

/** Invocation logging: sets invocationLogging on every Bedrock-using asset and flows them to the destinations. */
export const mapInvocationLogging: MapFn = (r, ctx) => {
  const base = blockPath(r, 'logging_config');
  const s3 = blockPath(r, `${base}.s3_config`);
  const cloudwatch = blockPath(r, `${base}.cloudwatch_config`);
  const enabled: Fact<boolean> = isUnknownAt(r, 'logging_config')
    ? unknown('logging_config', 'known only after apply')
    : explicit(valueAt(r, s3) !== undefined || valueAt(r, cloudwatch) !== undefined, 'logging_config');
  const bodies = boolFact(r, `${base}.text_data_delivery_enabled`, true);
  const destinations = [
    ...s3Targets(ctx, r, `${s3}.bucket_name`).map((l) => ({
      to: l.resource.address,
      path: `${s3}.bucket_name`,
    })),
    ...ctx
      .linked(r, `${cloudwatch}.log_group_name`, LOG_GROUP, ['name'])
      .map((l) => ({ to: l.resource.address, path: `${cloudwatch}.log_group_name` })),
  ];
  for (const id of bedrockAssets(ctx)) {
    ctx.patch(id, { invocationLogging: enabled, requestBodyLogging: bodies });
    for (const d of destinations) ctx.flow(id, d.to, 'log-to', ctx.evidence(r, d.path));
  }
};

/**
 * The path of a nested block that the provider (plugin framework, `SingleNestedBlock`) writes as one object in
 * plan JSON, and that source and older provider versions give as a list of one: `logging_config` or
 * `logging_config.0`.
 */
function blockPath(r: TfResource, path: string): string {
  return Array.isArray(valueAt(r, path)) ? `${path}.0` : path;
}

function bedrockAssets(ctx: MapperContext): string[] {
  const agents = ctx.resources('aws_bedrockagent_agent');
  return [
    ...agents.map((a) => a.address),
    ...agents
      .filter((a) => str(a, 'foundation_model') !== undefined || isUnknownAt(a, 'foundation_model'))
      .map((a) => foundationModelId(a.address)),
    ...ctx.resources('aws_bedrockagent_knowledge_base').map((k) => k.address),
    ...ctx
      .resources('aws_api_gateway_integration')
      .filter(isBedrockIntegration)
      .map((i) => foundationModelId(i.address)),
  ];
}

export function isBedrockIntegration(r: TfResource): boolean {
  return /:bedrock(-runtime)?:path\//.test(str(r, 'uri') ?? '');
}

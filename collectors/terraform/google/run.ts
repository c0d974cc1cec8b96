import {
  byDefault,
  everyFact,
  explicit,
  unknown,
  type AssetKind,
  type Fact,
  type Facts,
} from '../../../src/model/index.js';
import {
  attributeName,
  bool,
  boolFact,
  enumFact,
  isUnknownAt,
  list,
  object,
  str,
  unknownReason,
} from '../attributes.js';
import type { MapFn, MapperContext } from '../context.js';
import { imagePinnedFact, type ImageRef } from '../image.js';
import type { TfResource } from '../types.js';
import {
  anyPresent,
  cmekFact,
  encryptsWith,
  placedIn,
  plaintextSecretsFact,
  plaintextSecretsOfEach,
  runsAs,
} from './common.js';
import { deployFromTrainingWriters } from './artifacts.js';
import { imageSignatureFact, type PolicyRead, type RunBinauthz } from './binauthz.js';
import { grantsOn, resourceIamMapper, type ResourceIamSpec } from './iam.js';
import { grantsInvoke, invokesAnonymously } from './roles.js';
import { BUCKET, bucketOfUri } from './storage.js';

export const CLOUD_RUN = ['google_cloud_run_v2_service'] as const;
const RUN_IAM = [
  'google_cloud_run_v2_service_iam_member',
  'google_cloud_run_v2_service_iam_binding',
  'google_cloud_run_v2_service_iam_policy',
];
const RUN_IAM_SPEC: ResourceIamSpec = { targetPath: 'name', targetTypes: CLOUD_RUN, matchOn: ['name', 'id'] };
const GUARDRAIL = ['google_model_armor_template'] as const;

const MODEL_SERVER_IMAGE =
  /(vllm|text-generation-inference|tgi|triton|ollama|torchserve|tensorflow[-/]serving|tf-serving|kserve|llama|huggingface|sglang)/i;

/** What tells a Cloud Run service that serves a model, read from Terraform or from the Cloud Run API alike. */
export interface RunServiceShape {
  /** A GPU is requested (`node_selector.accelerator`). */
  readonly accelerator: boolean;
  readonly containers: readonly {
    readonly image?: string;
    /** The container's limits ask for `nvidia.com/gpu`. */
    readonly gpu: boolean;
    readonly env: readonly { readonly name: string; readonly value?: string }[];
  }[];
}

/** A Cloud Run service serving a model: a GPU, a model-server image, or a MODEL_* variable pointing at GCS. */
export function isModelServer(s: RunServiceShape): boolean {
  return (
    s.accelerator ||
    s.containers.some(
      (c) =>
        c.gpu ||
        MODEL_SERVER_IMAGE.test(c.image ?? '') ||
        c.env.some((e) => /^MODEL/i.test(e.name) && (e.value ?? '').startsWith('gs://')),
    )
  );
}

function servesModel(r: TfResource): boolean {
  return isModelServer({
    accelerator: str(r, 'template.0.node_selector.0.accelerator') !== undefined,
    containers: list(r, 'template.0.containers').map((_, i) => {
      const c = `template.0.containers.${i}`;
      const limits = object(r, `${c}.resources.0.limits`);
      const image = str(r, `${c}.image`);
      return {
        ...(image === undefined ? {} : { image }),
        gpu: limits !== undefined && 'nvidia.com/gpu' in limits,
        env: list(r, `${c}.env`).map((_, j) => {
          const value = str(r, `${c}.env.${j}.value`);
          return { name: str(r, `${c}.env.${j}.name`) ?? '', ...(value === undefined ? {} : { value }) };
        }),
      };
    }),
  });
}

/** Ingress values that accept connections from the internet; unset, Cloud Run takes INGRESS_TRAFFIC_ALL. */
export const RUN_PUBLIC_INGRESS: readonly string[] = ['INGRESS_TRAFFIC_ALL'];
export const RUN_DEFAULT_INGRESS = 'INGRESS_TRAFFIC_ALL';

/**
 * Whether calling the service needs IAM: `false` when invoker IAM is disabled or an invoking role is granted to
 * allUsers / allAuthenticatedUsers, `true` when invoking roles are granted to named members only, `undefined`
 * when no grant says (Cloud Run requires roles/run.invoker by default).
 */
export function runRequiresIam(
  invokerIamDisabled: boolean,
  grants: readonly { readonly role: string; readonly members: readonly string[] }[],
): boolean | undefined {
  if (invokerIamDisabled) return false;
  const invokers = grants.filter((g) => grantsInvoke(g.role));
  if (invokers.some((g) => invokesAnonymously(g.role, g.members))) return false;
  return invokers.length > 0 ? true : undefined;
}

/** Cloud Run requires IAM (roles/run.invoker) unless invoker IAM is disabled or roles/run.invoker is granted to allUsers. */
function runAuthentication(ctx: MapperContext, r: TfResource): Fact<boolean> {
  const disabled = boolFact(r, 'invoker_iam_disabled', false);
  if (disabled.state === 'unknown') return disabled;
  if (disabled.value) return explicit(false, disabled.attribute);
  const grants = grantsOn(ctx, r, RUN_IAM, RUN_IAM_SPEC);
  const needsIam = runRequiresIam(false, grants);
  const g = grants.find((x) =>
    needsIam === false ? invokesAnonymously(x.role, x.members) : grantsInvoke(x.role),
  );
  return needsIam === undefined || g === undefined
    ? byDefault(true, 'iam')
    : explicit(needsIam, `${g.source.address}.${g.memberPath}`);
}

/** Every `env` value path of every container. */
function envValuePaths(r: TfResource): string[] {
  const out: string[] = [];
  list(r, 'template.0.containers').forEach((_, i) => {
    list(r, `template.0.containers.${i}.env`).forEach((_, j) =>
      out.push(`template.0.containers.${i}.env.${j}.value`),
    );
  });
  return out;
}

/** Every Cloud Storage volume's bucket path (`volumes.gcs.bucket`, mounted with Cloud Storage FUSE). */
function gcsVolumePaths(r: TfResource): string[] {
  return list(r, 'template.0.volumes').flatMap((_, i) =>
    list(r, `template.0.volumes.${i}.gcs`).length > 0 ? [`template.0.volumes.${i}.gcs.0.bucket`] : [],
  );
}

/** Buckets a value path points at: references first, then a `gs://bucket/...` value (or a bare bucket name). */
function bucketsAt(ctx: MapperContext, r: TfResource, path: string, bare = false): TfResource[] {
  const linked = ctx.linked(r, path, BUCKET, ['name']).map((l) => l.resource);
  if (linked.length > 0) return linked;
  const v = str(r, path);
  const bucket = v === undefined ? undefined : bare ? v : bucketOfUri(v);
  return bucket === undefined ? [] : ctx.byValue(BUCKET, bucket, ['name']);
}

/**
 * The model the service serves comes from GCS, named in its environment or mounted as a volume: read flows to
 * the bucket and deploy flows from its writers.
 */
function modelSources(ctx: MapperContext, r: TfResource): void {
  const paths = [
    ...envValuePaths(r).map((p) => [p, false] as const),
    ...gcsVolumePaths(r).map((p) => [p, true] as const),
  ];
  for (const [path, bare] of paths) {
    for (const bucket of bucketsAt(ctx, r, path, bare)) {
      const load = ctx.evidence(r, path, `the service loads its model from ${bucket.address}`);
      ctx.flow(r.address, bucket.address, 'read', load);
      deployFromTrainingWriters(ctx, bucket, r.address, load);
    }
  }
}

/**
 * A Model Armor template named in the environment screens the service's prompts and responses. When a
 * container's whole `env` is known only after apply (a dynamic block over an unknown collection), it may name one.
 */
function guardrails(ctx: MapperContext, r: TfResource): Fact<boolean> {
  const envUnknown = list(r, 'template.0.containers')
    .map((_, i) => `template.0.containers.${i}.env`)
    .find((path) => isUnknownAt(r, path));
  let attached: Fact<boolean> =
    envUnknown === undefined
      ? byDefault(false, 'template[0].containers[0].env')
      : unknown(attributeName(envUnknown), unknownReason(r, envUnknown));
  for (const path of envValuePaths(r)) {
    for (const l of ctx.linked(r, path, GUARDRAIL, ['id', 'name'])) {
      ctx.flow(r.address, l.resource.address, 'invoke', ctx.evidence(r, path, l.via));
      attached = explicit(true, ctx.evidence(r, path).attribute);
    }
  }
  return attached;
}

/**
 * Whether a model server can open connections to the internet on its own. Without `vpc_access` its egress goes
 * straight to the internet; with `egress = "ALL_TRAFFIC"` every connection leaves through the customer VPC, which
 * has no internet path unless the customer adds one (Cloud NAT, a proxy). `PRIVATE_RANGES_ONLY` (the default
 * egress) still sends traffic to public addresses straight out: that is not isolated, but it is left unmapped for
 * now because the hardened GCP reference architecture uses it (see the rule-case fixtures of TG-INF-004).
 */
function egressIsolation(r: TfResource): Facts {
  const vpc = 'template.0.vpc_access';
  const egress = `${vpc}.0.egress`;
  if (isUnknownAt(r, vpc)) return { networkIsolated: unknown(attributeName(vpc), unknownReason(r, vpc)) };
  const hasVpc = list(r, vpc).length > 0;
  if (hasVpc && isUnknownAt(r, egress))
    return { networkIsolated: unknown(attributeName(egress), unknownReason(r, egress)) };
  const isolated = runEgressIsolated(hasVpc, str(r, egress));
  if (isolated === undefined) return {};
  return {
    networkIsolated: hasVpc
      ? explicit(isolated, attributeName(egress))
      : byDefault(isolated, attributeName(vpc)),
  };
}

/**
 * The judgement of egressIsolation: `false` without VPC access (the default), `true` when every connection goes
 * through the VPC (ALL_TRAFFIC), `undefined` (not mapped) for PRIVATE_RANGES_ONLY.
 */
export function runEgressIsolated(vpcAccess: boolean, egress: string | undefined): boolean | undefined {
  if (!vpcAccess) return false;
  return egress === 'ALL_TRAFFIC' ? true : undefined;
}

const REPOSITORY = ['google_artifact_registry_repository'] as const;
const ARTIFACT_REGISTRY = /^[a-z0-9-]+-docker\.pkg\.dev$/;

/** An Artifact Registry repository of the plan (`<location>-docker.pkg.dev/<project>/<repository>/…`) with immutable tags. */
function immutableTags(ctx: MapperContext, image: ImageRef): Fact<boolean> | undefined {
  if (!ARTIFACT_REGISTRY.test(image.registry)) return undefined;
  const id = image.repository.split('/')[1];
  const location = image.registry.replace(/-docker\.pkg\.dev$/, '');
  const [repo] = (id === undefined ? [] : ctx.byValue(REPOSITORY, id, ['repository_id'])).filter(
    (r) => (str(r, 'location') ?? location) === location,
  );
  if (repo === undefined) return undefined;
  const f = boolFact(repo, 'docker_config.0.immutable_tags', false);
  return f.state === 'unknown' ? f : { ...f, attribute: `${repo.address}.${f.attribute}` };
}

/** Every container of the revision runs a pinned image (three-valued AND); absent without containers. */
function imagesPinned(ctx: MapperContext, r: TfResource): Fact<boolean> | undefined {
  const containers = 'template.0.containers';
  if (isUnknownAt(r, containers)) return unknown(attributeName(containers), unknownReason(r, containers));
  const facts = list(r, containers).flatMap((_, i) => {
    const f = imagePinnedFact(r, `${containers}.${i}.image`, (image) => immutableTags(ctx, image));
    return f === undefined ? [] : [f];
  });
  const [first] = facts;
  return first === undefined ? undefined : everyFact(facts, first);
}

const BINAUTHZ = 'binary_authorization';

/** How the service asks for Binary Authorization (`binary_authorization`: use_default, policy, breakglass). */
function binauthzOf(r: TfResource): RunBinauthz {
  const at = (field: string): string => `${BINAUTHZ}[0].${field}`;
  for (const path of [BINAUTHZ, `${BINAUTHZ}.0.breakglass_justification`, `${BINAUTHZ}.0.policy`]) {
    if (isUnknownAt(r, path))
      return { kind: 'unknown', attribute: attributeName(path), reason: unknownReason(r, path) };
  }
  if (object(r, `${BINAUTHZ}.0`) === undefined)
    return { kind: 'unset', attribute: `${BINAUTHZ} (unset: Binary Authorization off)` };
  if ((str(r, `${BINAUTHZ}.0.breakglass_justification`) ?? '') !== '')
    return { kind: 'breakglass', attribute: at('breakglass_justification') };
  const policy = str(r, `${BINAUTHZ}.0.policy`) ?? '';
  if (policy !== '') return { kind: 'platform', attribute: at('policy'), policy };
  const useDefault = `${BINAUTHZ}.0.use_default`;
  if (isUnknownAt(r, useDefault))
    return { kind: 'unknown', attribute: at('use_default'), reason: unknownReason(r, useDefault) };
  return bool(r, useDefault) === true
    ? { kind: 'project', attribute: at('use_default') }
    : { kind: 'off', attribute: at('use_default') };
}

/** The project's google_binary_authorization_policy in the plan: the one of the service's project, or the only one. */
function projectPolicyOf(ctx: MapperContext, r: TfResource): PolicyRead {
  const project = str(r, 'project');
  const all = ctx.resources('google_binary_authorization_policy');
  const p =
    all.find((x) => project !== undefined && str(x, 'project') === project) ??
    (all.length === 1 ? all[0] : undefined);
  if (p === undefined)
    return {
      missing: "the project's Binary Authorization policy is not in this plan",
      attribute: `${BINAUTHZ}[0].use_default`,
    };
  if (isUnknownAt(p, 'default_admission_rule'))
    return {
      missing: unknownReason(p, 'default_admission_rule'),
      attribute: `${p.address}.default_admission_rule`,
    };
  const evaluationMode = str(p, 'default_admission_rule.0.evaluation_mode');
  const enforcementMode = str(p, 'default_admission_rule.0.enforcement_mode');
  const patterns = 'admission_whitelist_patterns';
  return {
    policy: {
      ...(evaluationMode === undefined ? {} : { evaluationMode }),
      ...(enforcementMode === undefined ? {} : { enforcementMode }),
      exemptions: list(p, patterns).flatMap((_, i) => str(p, `${patterns}.${i}.name_pattern`) ?? []),
      at: {
        evaluation: `${p.address}.default_admission_rule[0].evaluation_mode`,
        enforcement: `${p.address}.default_admission_rule[0].enforcement_mode`,
        exemptions: `${p.address}.${patterns}`,
      },
    },
  };
}

function imageSignature(ctx: MapperContext, r: TfResource): Fact<boolean> {
  const setting = binauthzOf(r);
  const images = list(r, 'template.0.containers').map((_, i) => {
    const image = `template.0.containers.${i}.image`;
    return isUnknownAt(r, image) ? undefined : str(r, image);
  });
  return imageSignatureFact(
    setting,
    setting.kind === 'project' ? projectPolicyOf(ctx, r) : undefined,
    images,
  );
}

/** google_cloud_run_v2_service: a model server (inference-endpoint) or any other service (function). */
export const mapCloudRunService: MapFn = (r, ctx) => {
  const kind: AssetKind = servesModel(r) ? 'inference-endpoint' : 'function';
  const pinned = imagesPinned(ctx, r);
  ctx.asset(r, {
    kind,
    facts: {
      // Ingress defaults to INGRESS_TRAFFIC_ALL: the run.app URL accepts connections from the internet.
      internetReachable: enumFact(r, 'ingress', RUN_PUBLIC_INGRESS, RUN_DEFAULT_INGRESS),
      requiresAuthentication: runAuthentication(ctx, r),
      privateNetwork: anyPresent(r, [
        'template.0.vpc_access.0.connector',
        'template.0.vpc_access.0.network_interfaces',
      ]),
      customerManagedKey: cmekFact(ctx, r, 'template.0.encryption_key'),
      plaintextSecrets: plaintextSecretsOfEach(r, 'template.0.containers', 'env'),
      ...(pinned === undefined ? {} : { imagePinned: pinned }),
      imageSignatureEnforced: imageSignature(ctx, r),
      ...(kind === 'inference-endpoint'
        ? { guardrailAttached: guardrails(ctx, r), ...egressIsolation(r) }
        : {}),
    },
  });
  runsAs(ctx, r, 'template.0.service_account', r.address, !isUnknownAt(r, 'template.0.service_account'));
  encryptsWith(ctx, r, 'template.0.encryption_key');
  placedIn(ctx, r, 'template.0.vpc_access.0.network_interfaces.0.subnetwork');
  modelSources(ctx, r);
};

export const mapCloudRunIam: MapFn = resourceIamMapper(RUN_IAM_SPEC);

/** google_cloudfunctions2_function: ingress ALLOW_ALL by default; invocation needs IAM unless granted to allUsers. */
export const mapCloudFunction2: MapFn = (r, ctx) => {
  const s = 'service_config.0';
  ctx.asset(r, {
    kind: 'function',
    facts: {
      internetReachable: enumFact(r, `${s}.ingress_settings`, ['ALLOW_ALL'], 'ALLOW_ALL'),
      requiresAuthentication: byDefault(true, 'iam'),
      privateNetwork: anyPresent(r, [`${s}.vpc_connector`]),
      plaintextSecrets: plaintextSecretsFact(r, `${s}.environment_variables`, false),
    },
  });
  runsAs(ctx, r, `${s}.service_account_email`, r.address, true);
};

export const mapCloudFunction2Iam: MapFn = resourceIamMapper({
  targetPath: 'cloud_function',
  targetTypes: ['google_cloudfunctions2_function'],
  matchOn: ['name', 'id'],
});

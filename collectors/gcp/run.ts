import { byDefault, everyFact, explicit, unknown, type Fact, type Facts } from '../../src/model/index.js';
import { pinnedReference } from '../terraform/image.js';
import { secretLiteralName } from '../terraform/google/common.js';
import {
  isModelServer,
  RUN_PUBLIC_INGRESS,
  runEgressIsolated,
  runRequiresIam,
  type RunServiceShape,
} from '../terraform/google/run.js';
import { imageSignatureFact, type RunBinauthz } from '../terraform/google/binauthz.js';
import { projectPolicy } from './binauthz.js';
import type { GcpInventory } from './inventory.js';
import {
  bucketId,
  arrayOf,
  cmek,
  encryptsWith,
  evidence,
  placedIn,
  present,
  resourceId,
  RUN_API,
  runsAs,
  toBucket,
  type Link,
} from './links.js';
import { applyBindings, grantsOf, type Binding } from './policy.js';
import { getJson, jsonPage } from './rest.js';
import type { GcpRuntime, Scope } from './runtime.js';

/** The parts of a Cloud Run Admin API v2 Service read here (REST JSON, camelCase). */
interface Service {
  readonly name?: string;
  readonly labels?: Record<string, string>;
  readonly ingress?: string;
  readonly invokerIamDisabled?: boolean;
  readonly binaryAuthorization?: {
    readonly useDefault?: boolean;
    readonly policy?: string;
    readonly breakglassJustification?: string;
  };
  /** The main URL and every URL serving the service (its hash and deterministic run.app URLs). */
  readonly uri?: string;
  readonly urls?: readonly string[];
  readonly template?: {
    readonly serviceAccount?: string;
    readonly encryptionKey?: string;
    readonly vpcAccess?: {
      readonly connector?: string;
      readonly egress?: string;
      readonly networkInterfaces?: readonly { readonly network?: string; readonly subnetwork?: string }[];
    };
    readonly nodeSelector?: { readonly accelerator?: string };
    readonly containers?: readonly Container[];
    readonly volumes?: readonly { readonly name?: string; readonly gcs?: { readonly bucket?: string } }[];
  };
}

interface Container {
  readonly image?: string;
  readonly resources?: { readonly limits?: Record<string, string> };
  /** A literal `value`, or a `valueSource.secretKeyRef` to Secret Manager (no value then). */
  readonly env?: readonly { readonly name?: string; readonly value?: string }[];
}

const OP = 'ListServices';
const IAM_OP = 'GetServiceIamPolicy';
const API = { service: RUN_API, operation: OP } as const;
const IAM_API = { service: RUN_API, operation: IAM_OP } as const;
/** A service's relative name: the project by id or number, the location listed, a service id. */
const SERVICE_NAME = /^projects\/([^/]+)\/locations\/([^/]+)\/services\/([a-z](?:[a-z0-9-]{0,47}[a-z0-9])?)$/;
const BUCKET_NAME = /^[a-z0-9][a-z0-9._-]{1,221}[a-z0-9]$/;
const SUBNETWORK = /^[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const MODEL_ARMOR_TEMPLATE = /^projects\/[^/]+\/locations\/[^/]+\/templates\/[^/]+$/;
/** A URL Cloud Run serves a service at: https on a run.app host, no path. */
const SERVICE_URL = /^https:\/\/[a-z0-9-]{1,120}(?:\.[a-z0-9-]{1,63})*\.run\.app$/;
const at = (field: string): string => `${OP}.${field}`;
/**
 * The Cloud Run services of a region and their IAM policies, with the kinds, facts and flows the google mapper
 * gives google_cloud_run_v2_service and its _iam_member / _binding resources.
 */
export async function collectRunServices(rt: GcpRuntime, inv: GcpInventory, scope: Scope): Promise<void> {
  const parent = `projects/${scope.project}/locations/${scope.location}`;
  const got = await rt.list<Service>(scope, API, (pageToken) =>
    jsonPage<Service>(rt, RUN_API, `/v2/${parent}/services`, 'services', { pageToken }),
  );
  const services = got.items.flatMap((s) => {
    const m = SERVICE_NAME.exec(typeof s.name === 'string' ? s.name : '');
    const project = m?.[1];
    // Named by the project id, as Terraform's `id` names it, whether the API gave the id or the number.
    return m !== null && (project === scope.project || /^\d+$/.test(project ?? '')) && m[2] === scope.location
      ? [{ name: `${parent}/services/${m[3] ?? ''}`, s }]
      : [];
  });
  await Promise.all(
    services.map(async ({ name, s }) => {
      const id = addService(inv, scope, name, s);
      const binauthz = binauthzOf(s);
      // The project's admission policy (read once per project) is asked for beside the service's IAM policy.
      const [policy, admission] = await Promise.all([
        rt.list<Binding>(
          scope,
          IAM_API,
          async () => {
            const p = (await getJson(rt, RUN_API, `/v2/${name}:getIamPolicy`, {})) as {
              bindings?: Binding[];
            };
            return [Array.isArray(p.bindings) ? p.bindings : [], null, undefined];
          },
          id,
        ),
        binauthz.kind === 'project' ? projectPolicy(rt, scope.project) : undefined,
      ]);
      const images = containersOf(s).map((c) => (typeof c.image === 'string' ? c.image : undefined));
      inv.patch(id, {
        requiresAuthentication: authentication(s, policy.items, policy.incomplete?.message),
        imageSignatureEnforced: imageSignatureFact(binauthz, admission, images),
      });
      if (policy.incomplete === undefined) applyBindings(inv, id, IAM_OP, policy.items);
    }),
  );
}

/** How the service asks for Binary Authorization, as binauthzOf in the google mapper reads the plan. */
function binauthzOf(s: Service): RunBinauthz {
  const b = s.binaryAuthorization;
  if (typeof b !== 'object' || b === null)
    return { kind: 'unset', attribute: `${at('binaryAuthorization')} (unset: Binary Authorization off)` };
  if (present(b.breakglassJustification))
    return { kind: 'breakglass', attribute: at('binaryAuthorization.breakglassJustification') };
  if (typeof b.policy === 'string' && b.policy !== '')
    return { kind: 'platform', attribute: at('binaryAuthorization.policy'), policy: b.policy };
  return b.useDefault === true
    ? { kind: 'project', attribute: at('binaryAuthorization.useDefault') }
    : { kind: 'off', attribute: at('binaryAuthorization.useDefault') };
}

/** runRequiresIam over the policy read; unknown when it could not be read (unless invoker IAM is off). */
function authentication(s: Service, bindings: readonly Binding[], failed: string | undefined): Fact<boolean> {
  if (s.invokerIamDisabled === true) return explicit(false, at('invokerIamDisabled'));
  if (failed !== undefined) return unknown(`${IAM_OP}.bindings`, `the service IAM policy: ${failed}`);
  const needsIam = runRequiresIam(false, grantsOf(bindings));
  return needsIam === undefined ? byDefault(true, 'iam') : explicit(needsIam, `${IAM_OP}.bindings`);
}

function shapeOf(s: Service): RunServiceShape {
  return {
    accelerator: present(s.template?.nodeSelector?.accelerator),
    containers: containersOf(s).map((c) => ({
      ...(typeof c.image === 'string' ? { image: c.image } : {}),
      gpu:
        typeof c.resources?.limits === 'object' &&
        c.resources.limits !== null &&
        'nvidia.com/gpu' in c.resources.limits,
      env: envOf(c),
    })),
  };
}

const containersOf = (s: Service): readonly Container[] => arrayOf(s.template?.containers);

/** The literal variables of a container; those from Secret Manager (`valueSource`) have no value. */
function envOf(c: Container): { name: string; value?: string }[] {
  return arrayOf(c.env).map((e) => ({
    name: typeof e.name === 'string' ? e.name : '',
    ...(typeof e.value === 'string' ? { value: e.value } : {}),
  }));
}

function addService(inv: GcpInventory, scope: Scope, name: string, s: Service): string {
  const id = resourceId(RUN_API, name);
  const t = s.template ?? {};
  const model = isModelServer(shapeOf(s));
  inv.asset(scope.project, {
    id,
    kind: model ? 'inference-endpoint' : 'function',
    nativeType: `${RUN_API}/Service`,
    name: name.split('/').pop() ?? name,
    region: scope.location,
    facts: { ...serviceFacts(s), ...(model ? modelServerFacts(s) : {}) },
    tags: { ...(s.labels ?? {}) },
  });
  // API Gateway backends name the service by these (apigateway.ts).
  for (const url of [s.uri, ...arrayOf(s.urls)])
    if (typeof url === 'string' && SERVICE_URL.test(url)) inv.alias(url, id);
  const l: Link = { inv, project: scope.project, from: id, operation: OP };
  runsAs(l, t.serviceAccount, 'template.serviceAccount', true);
  encryptsWith(l, t.encryptionKey, 'template.encryptionKey');
  placedIn(
    l,
    subnetworkOf(scope, t.vpcAccess?.networkInterfaces?.[0]?.subnetwork),
    'template.vpcAccess.networkInterfaces.subnetwork',
  );
  for (const c of containersOf(s)) {
    for (const e of envOf(c)) {
      toBucket(l, 'read', e.value, 'template.containers.env.value');
      if (model && MODEL_ARMOR_TEMPLATE.test(e.value ?? ''))
        inv.flow(
          'invoke',
          id,
          resourceId('modelarmor.googleapis.com', String(e.value)),
          evidence(id, OP, 'template.containers.env.value'),
        );
    }
  }
  for (const v of arrayOf(t.volumes)) {
    const bucket = v.gcs?.bucket;
    if (typeof bucket === 'string' && BUCKET_NAME.test(bucket))
      inv.flow('read', id, bucketId(bucket), evidence(id, OP, 'template.volumes.gcs.bucket'));
  }
  return id;
}

/** A subnetwork named by its short name is in the service's project and region. */
function subnetworkOf(scope: Scope, subnetwork: string | undefined): string | undefined {
  if (typeof subnetwork !== 'string' || subnetwork.includes('/')) return subnetwork;
  return SUBNETWORK.test(subnetwork)
    ? `projects/${scope.project}/regions/${scope.location}/subnetworks/${subnetwork}`
    : undefined;
}

/** The facts every service has, as mapCloudRunService gives them. */
function serviceFacts(s: Service): Facts {
  const t = s.template ?? {};
  const vpc = t.vpcAccess ?? {};
  const ingress =
    present(s.ingress) && s.ingress !== 'INGRESS_TRAFFIC_UNSPECIFIED' ? String(s.ingress) : undefined;
  const images = containersOf(s).flatMap((c) =>
    present(c.image) ? [pinnedReference(String(c.image), at('template.containers.image'))] : [],
  );
  const [firstImage] = images;
  return {
    internetReachable:
      ingress === undefined
        ? byDefault(true, at('ingress'))
        : explicit(RUN_PUBLIC_INGRESS.includes(ingress), at('ingress')),
    privateNetwork: present(vpc.connector)
      ? explicit(true, at('template.vpcAccess.connector'))
      : present(vpc.networkInterfaces)
        ? explicit(true, at('template.vpcAccess.networkInterfaces'))
        : byDefault(false, at('template.vpcAccess.connector')),
    customerManagedKey: cmek(t.encryptionKey, at('template.encryptionKey')),
    plaintextSecrets: plaintextSecrets(containersOf(s)),
    ...(firstImage === undefined ? {} : { imagePinned: everyFact(images, firstImage) }),
  };
}

/** Literal secret-named variables of any container, sidecars included (as the mapper reads every template[0].containers[n].env). */
function plaintextSecrets(containers: readonly Container[]): Fact<boolean> {
  const attribute = at('template.containers.env');
  const envs = containers.map(envOf).filter((env) => env.length > 0);
  if (envs.length === 0) return byDefault(false, attribute);
  for (const env of envs) {
    const hit = secretLiteralName(env.map((e) => [e.name, e.value] as const));
    if (hit !== undefined) return explicit(true, `${attribute}.${hit}`);
  }
  return explicit(false, attribute);
}

/** The facts of a model server: a Model Armor template named in its environment, and its egress. */
function modelServerFacts(s: Service): Facts {
  const vpc = s.template?.vpcAccess;
  const hasVpc = present(vpc?.connector) || present(vpc?.networkInterfaces);
  const isolated = runEgressIsolated(hasVpc, vpc?.egress);
  const guarded = containersOf(s).some((c) => envOf(c).some((e) => MODEL_ARMOR_TEMPLATE.test(e.value ?? '')));
  return {
    guardrailAttached: guarded
      ? explicit(true, at('template.containers.env.value'))
      : byDefault(false, at('template.containers.env')),
    ...(isolated === undefined
      ? {}
      : {
          networkIsolated: hasVpc
            ? explicit(isolated, at('template.vpcAccess.egress'))
            : byDefault(isolated, at('template.vpcAccess')),
        }),
  };
}

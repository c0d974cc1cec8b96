import type { IAMClient } from '@aws-sdk/client-iam';
import { byDefault, explicit, unknown, type Fact } from '../../../src/model/index.js';
import { ADMIN_POLICY, ANY_MODEL_POLICY, anyModelAccess, grantsAdmin } from '../../terraform/aws/iam.js';
import { parseJsonPolicy, trustsOutside, type Statement } from '../../terraform/aws/policy.js';
import { unknownFacts } from '../facts.js';
import type { RoleGrants } from '../grants.js';
import type { LiveInventory } from '../inventory.js';
import { inputOf, type AwsRuntime, type CallResult, type Scope } from '../runtime.js';

/**
 * The IAM roles that collected assets run as, with the facts of the Terraform IAM mapper: externalTrust from the
 * trust policy, adminPrivileges and wildcardModelAccess from the attached and inline policies. A customer policy
 * attached to several roles is read once.
 */

type Sdk = typeof import('@aws-sdk/client-iam');
const ROLE_ARN = /^arn:aws[\w-]*:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/;
const CUSTOMER_POLICY = /^arn:aws[\w-]*:iam::\d{12}:policy\//;

interface Doc {
  readonly statements: Statement<string>[];
  /** Why some of the role's policies could not be read. */
  readonly gaps: string[];
}

export async function collectRoles(
  rt: AwsRuntime,
  inv: LiveInventory,
  scope: Scope,
  roleArns: readonly string[],
): Promise<RoleGrants[]> {
  const sdk = await import('@aws-sdk/client-iam');
  const client = rt.client(scope, 'iam', (c) => new sdk.IAMClient(c));
  const policies = new Map<string, Promise<Doc>>();
  const own = roleArns.filter((a) => ROLE_ARN.exec(a)?.[1] === scope.account.id);
  const read = await Promise.all(own.map((a) => role(rt, inv, scope, client, sdk, a, policies)));
  rt.progress(`${scope.account.id}: ${own.length} IAM roles read`);
  return read.flatMap((statements, i) =>
    statements.length === 0 ? [] : [{ role: own[i] ?? '', account: scope.account.id, statements }],
  );
}

async function role(
  rt: AwsRuntime,
  inv: LiveInventory,
  scope: Scope,
  client: IAMClient,
  sdk: Sdk,
  roleArn: string,
  policies: Map<string, Promise<Doc>>,
): Promise<Statement<string>[]> {
  const RoleName = ROLE_ARN.exec(roleArn)?.[2] ?? roleArn;
  const call = <T>(api: string, send: () => Promise<T>): Promise<CallResult<T>> =>
    rt.call(scope, `iam:${api}`, send, { resource: roleArn });
  const listAll = <P extends { Marker?: string | undefined; IsTruncated?: boolean | undefined }, T>(
    api: string,
    send: (marker: string | undefined) => Promise<P>,
    items: (p: P) => T[] | undefined,
  ) =>
    rt.list(
      scope,
      `iam:${api}`,
      send,
      (p: P) => ({ items: items(p), next: p.IsTruncated === true ? p.Marker : undefined }),
      roleArn,
    );
  // A role that no longer exists (named by an old training job, say) is a dangling link, not a failure.
  const got = await rt.call(scope, 'iam:GetRole', () => client.send(new sdk.GetRoleCommand({ RoleName })), {
    resource: roleArn,
    absent: ['NoSuchEntity'],
  });
  if (!got.ok && got.absent === true) {
    rt.notes.push({
      kind: 'unresolved-link',
      message: `${roleArn} is named by collected assets but does not exist (iam:GetRole NoSuchEntity)`,
      input: inputOf(scope.account.id),
      address: roleArn,
      service: 'iam',
      api: 'GetRole',
      region: scope.region,
      account: scope.account.id,
      errorCode: 'NoSuchEntity',
    });
    return [];
  }
  const [attached, inline] = await Promise.all([
    listAll(
      'ListAttachedRolePolicies',
      (Marker) => client.send(new sdk.ListAttachedRolePoliciesCommand({ RoleName, Marker })),
      (p) => p.AttachedPolicies,
    ),
    listAll(
      'ListRolePolicies',
      (Marker) => client.send(new sdk.ListRolePoliciesCommand({ RoleName, Marker })),
      (p) => p.PolicyNames,
    ),
  ]);
  const docs: Doc[] = [];
  const gaps: string[] = [];
  if (attached.incomplete) gaps.push(`ListAttachedRolePolicies ${attached.incomplete.code}`);
  if (inline.incomplete) gaps.push(`ListRolePolicies ${inline.incomplete.code}`);
  let managedAdmin = false;
  let managedAnyModel = false;
  for (const p of attached.items) {
    const policyArn = p.PolicyArn ?? '';
    if (ADMIN_POLICY.test(policyArn)) managedAdmin = true;
    if (ANY_MODEL_POLICY.test(policyArn)) managedAnyModel = true;
    if (!CUSTOMER_POLICY.test(policyArn)) continue;
    let doc = policies.get(policyArn);
    if (doc === undefined) {
      doc = customerPolicy(rt, scope, client, sdk, policyArn);
      policies.set(policyArn, doc);
    }
    docs.push(await doc);
  }
  for (const PolicyName of inline.items) {
    const read = await call('GetRolePolicy', () =>
      client.send(new sdk.GetRolePolicyCommand({ RoleName, PolicyName })),
    );
    docs.push(
      read.ok
        ? documentOf(`GetRolePolicy ${PolicyName}`, read.value.PolicyDocument)
        : { statements: [], gaps: [read.message] },
    );
  }
  const statements = docs.flatMap((d) => d.statements);
  gaps.push(...docs.flatMap((d) => d.gaps));
  const admin =
    managedAdmin ||
    statements.some((s) => s.effect === 'Allow' && !s.notActions && grantsAdmin(s.actions ?? [], s));
  const anyModel = anyModelAccess(statements);
  const why = gaps.join('; ');
  const facts = {
    adminPrivileges: admin
      ? explicit(true, 'ListAttachedRolePolicies,GetRolePolicy,GetPolicyVersion')
      : gaps.length > 0
        ? unknown('ListAttachedRolePolicies,GetRolePolicy,GetPolicyVersion', why)
        : byDefault(false, 'ListAttachedRolePolicies,ListRolePolicies'),
    wildcardModelAccess: managedAnyModel
      ? explicit(true, 'ListAttachedRolePolicies')
      : (anyModel ??
        (gaps.length > 0
          ? unknown('ListAttachedRolePolicies,GetRolePolicy,GetPolicyVersion', why)
          : byDefault(false, 'ListAttachedRolePolicies,ListRolePolicies'))),
    externalTrust: got.ok
      ? externalTrust(got.value.Role?.AssumeRolePolicyDocument, scope.account.id)
      : unknownFacts(['externalTrust'], 'GetRole', got.message).externalTrust,
  };
  inv.asset(scope, { id: roleArn, kind: 'identity', nativeType: 'AWS::IAM::Role', name: RoleName, facts });
  return statements;
}

async function customerPolicy(
  rt: AwsRuntime,
  scope: Scope,
  client: IAMClient,
  sdk: Sdk,
  PolicyArn: string,
): Promise<Doc> {
  const call = <T>(api: string, send: () => Promise<T>) =>
    rt.call(scope, `iam:${api}`, send, { resource: PolicyArn });
  const policy = await call('GetPolicy', () => client.send(new sdk.GetPolicyCommand({ PolicyArn })));
  if (!policy.ok) return { statements: [], gaps: [policy.message] };
  const VersionId = policy.value.Policy?.DefaultVersionId;
  if (VersionId === undefined) return { statements: [], gaps: [`${PolicyArn} has no default version`] };
  const version = await call('GetPolicyVersion', () =>
    client.send(new sdk.GetPolicyVersionCommand({ PolicyArn, VersionId })),
  );
  if (!version.ok) return { statements: [], gaps: [version.message] };
  return documentOf(`GetPolicyVersion ${PolicyArn}`, version.value.PolicyVersion?.Document);
}

/** IAM returns policy documents URL-encoded. */
function documentOf(source: string, encoded: string | undefined): Doc {
  if (encoded === undefined) return { statements: [], gaps: [`${source} returned no document`] };
  let text: string;
  try {
    text = decodeURIComponent(encoded);
  } catch {
    return { statements: [], gaps: [`${source} returned a document that is not URL-encoded`] };
  }
  const read = parseJsonPolicy(source, source, text);
  return { statements: read.statements, gaps: read.gaps };
}

/** Trusted by principals outside the account without a condition that pins them (as the Terraform mapper reads it). */
function externalTrust(encoded: string | undefined, account: string): Fact<boolean> {
  const read = documentOf('GetRole AssumeRolePolicyDocument', encoded);
  if (read.gaps.length > 0) return unknown('GetRole.AssumeRolePolicyDocument', read.gaps.join('; '));
  const trusts = trustsOutside(read.statements, new Set([account]));
  if (trusts === undefined)
    return unknown('GetRole.AssumeRolePolicyDocument', 'a trusted principal names no account');
  return explicit(trusts, 'GetRole.AssumeRolePolicyDocument');
}

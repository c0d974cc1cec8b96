import { InputError, type Inventory } from '../../src/model/index.js';
import { drawGrantFlows } from './grants.js';
import { LiveInventory } from './inventory.js';
import type { AwsScanOptions } from './options.js';
import { AwsRuntime, type AccountSession, type Scope } from './runtime.js';
import { collectApiGateway } from './services/apigateway.js';
import { collectHttpApis } from './services/apigatewayv2.js';
import { collectBedrock, invocationLogging } from './services/bedrock.js';
import { collectBedrockAgents } from './services/bedrock-agent.js';
import { collectTrails } from './services/cloudtrail.js';
import { collectUserPools } from './services/cognito.js';
import { enabledRegions, collectNetwork } from './services/ec2.js';
import { collectRoles } from './services/iam.js';
import { collectKeys } from './services/kms.js';
import { collectLambda } from './services/lambda.js';
import { collectLogGroups } from './services/logs.js';
import { accountPublicAccessBlock, collectS3 } from './services/s3.js';
import { collectSageMaker } from './services/sagemaker.js';
import { assumeRole, callerAccount } from './services/sts.js';
import { applyWebAcls, collectWebAcls } from './services/wafv2.js';

export type { AwsScanOptions } from './options.js';

const DEFAULT_WINDOW_MS = 30 * 24 * 3600 * 1000;

/**
 * Reads the AI systems of one or more AWS accounts into one inventory. Only List, Describe and Get calls (and
 * STS GetCallerIdentity and AssumeRole) are made; docs/aws-permissions.json is the policy they need.
 */
export async function collectAws(options: AwsScanOptions): Promise<Inventory> {
  const rt = new AwsRuntime(options);
  const inv = new LiveInventory();
  const home = options.regions === 'all' ? 'us-east-1' : (options.regions[0] ?? 'us-east-1');
  const credentials = options.credentials ?? (await defaultCredentials(options.profile));
  const caller = await callerAccount(rt, { account: { id: 'caller', credentials }, region: home });
  if (!caller.ok)
    throw new InputError(
      '--aws',
      `cannot read the identity of the credentials (${caller.code}); check the profile or the environment`,
    );
  const base: AccountSession = { id: caller.value, credentials };
  const sessions: AccountSession[] = [];
  if ((options.assumeRoles ?? []).length === 0) sessions.push(base);
  const assumed = await Promise.all(
    (options.assumeRoles ?? []).map(async (roleArn) => ({
      got: await assumeRole(rt, { account: base, region: home }, roleArn, options.externalId),
      id: /^arn:aws[\w-]*:iam::(\d{12}):role\//.exec(roleArn)?.[1],
    })),
  );
  for (const { got, id } of assumed)
    if (got.ok && id !== undefined) sessions.push({ id, credentials: got.value });
  const since = options.since ?? new Date(Date.now() - DEFAULT_WINDOW_MS);
  const accounts = await Promise.all(
    sessions.map(async (account) => {
      const regions = await regionsOf(rt, { account, region: home }, options.regions);
      const homeScope: Scope = { account, region: home };
      await Promise.all([
        accountPublicAccessBlock(rt, homeScope).then((block) => collectS3(rt, inv, homeScope, block)),
        ...regions.flatMap((region) => [
          collectNetwork(rt, inv, { account, region }),
          collectSageMaker(rt, inv, { account, region }, { since }),
          collectLambda(rt, inv, { account, region }),
          collectAiFrontDoor(rt, inv, { account, region }),
        ]),
      ]);
      return { account, regions };
    }),
  );
  // Log groups and trails are read once the assets that log to them, and the buckets, have been found.
  await Promise.all(
    accounts.flatMap(({ account, regions }) => [
      ...regions.map((region) => collectLogGroups(rt, inv, { account, region })),
      collectTrails(rt, inv, { account, region: home }),
    ]),
  );
  // Roles and keys are read once every asset that names them has been found, and the roles' grants drawn last.
  const pendingRoles = inv.pendingTargets('assume-identity');
  const pendingKeys = inv.pendingTargets('encrypt-with');
  const [grants] = await Promise.all([
    Promise.all(
      accounts.map(({ account }) => collectRoles(rt, inv, { account, region: home }, pendingRoles)),
    ),
    Promise.all(accounts.map(({ account }) => collectKeys(rt, inv, { account, region: home }, pendingKeys))),
  ]);
  drawGrantFlows(inv, grants.flat());
  rt.progress(`${rt.calls.made} calls made`);
  return inv.build(
    accounts.map((a) => ({ id: a.account.id, regions: a.regions })),
    rt.notes,
  );
}

/** Bedrock, API Gateway, Cognito and WAF of a region; the Bedrock logging configuration is read once for all. */
async function collectAiFrontDoor(rt: AwsRuntime, inv: LiveInventory, scope: Scope): Promise<void> {
  const logging = invocationLogging(rt, scope);
  await Promise.all([
    logging,
    collectBedrock(rt, inv, scope, logging),
    collectBedrockAgents(rt, inv, scope, logging),
    collectHttpApis(rt, inv, scope, logging),
    collectUserPools(rt, inv, scope),
    // WAF associations name API stages: they are applied once the APIs are read.
    Promise.all([collectApiGateway(rt, inv, scope, logging), collectWebAcls(rt, inv, scope)]).then(
      ([, acls]) => {
        applyWebAcls(inv, acls);
      },
    ),
  ]);
}

async function regionsOf(rt: AwsRuntime, scope: Scope, wanted: AwsScanOptions['regions']): Promise<string[]> {
  if (wanted !== 'all') return [...new Set(wanted)].sort();
  const got = await enabledRegions(rt, scope);
  // Without DescribeRegions the home region is all that can be read; the note says why.
  return got.ok ? got.value : [scope.region];
}

async function defaultCredentials(profile: string | undefined) {
  const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers');
  return fromNodeProviderChain(profile === undefined ? {} : { profile });
}

import { byDefault, explicit } from '../../../src/model/index.js';
import { arn, fromApi, unknownFacts } from '../facts.js';
import { assumes, describe, encrypts, list, resourceArn, type Ctx } from './sagemaker-common.js';

/** SageMaker notebook instances, domains and their user profiles. */

export async function notebooks(ctx: Ctx): Promise<void> {
  const { client, sdk } = ctx;
  const listed = await list(
    ctx,
    'ListNotebookInstances',
    (NextToken) => client.send(new sdk.ListNotebookInstancesCommand({ NextToken, MaxResults: 100 })),
    (p) => p.NotebookInstances,
  );
  await Promise.all(
    listed.items.map(async (summary) => {
      if (summary.NotebookInstanceName === undefined) return;
      const name = summary.NotebookInstanceName;
      const id = summary.NotebookInstanceArn ?? resourceArn(ctx, 'notebook-instance', name);
      const got = await describe(ctx, 'DescribeNotebookInstance', id, () =>
        client.send(new sdk.DescribeNotebookInstanceCommand({ NotebookInstanceName: name })),
      );
      const names = [
        'directInternetAccess',
        'rootAccess',
        'privateNetwork',
        'customerManagedKey',
        'metadataTokensRequired',
      ] as const;
      if (!got.ok) {
        ctx.inv.asset(ctx.scope, {
          id,
          kind: 'notebook',
          nativeType: 'AWS::SageMaker::NotebookInstance',
          name,
          facts: unknownFacts(names, 'DescribeNotebookInstance', got.message),
        });
        return;
      }
      const n = got.value;
      const imds = n.InstanceMetadataServiceConfiguration?.MinimumInstanceMetadataServiceVersion;
      ctx.inv.asset(ctx.scope, {
        id,
        kind: 'notebook',
        nativeType: 'AWS::SageMaker::NotebookInstance',
        name,
        facts: {
          directInternetAccess: explicit(
            n.DirectInternetAccess !== 'Disabled',
            'DescribeNotebookInstance.DirectInternetAccess',
          ),
          rootAccess: explicit(n.RootAccess !== 'Disabled', 'DescribeNotebookInstance.RootAccess'),
          privateNetwork: explicit((n.SubnetId ?? '') !== '', 'DescribeNotebookInstance.SubnetId'),
          customerManagedKey: explicit((n.KmsKeyId ?? '') !== '', 'DescribeNotebookInstance.KmsKeyId'),
          metadataTokensRequired:
            imds === undefined
              ? byDefault(false, 'DescribeNotebookInstance.InstanceMetadataServiceConfiguration')
              : explicit(
                  imds === '2',
                  'DescribeNotebookInstance.InstanceMetadataServiceConfiguration.MinimumInstanceMetadataServiceVersion',
                ),
        },
      });
      assumes(ctx, id, n.RoleArn, 'DescribeNotebookInstance', 'RoleArn');
      encrypts(ctx, id, n.KmsKeyId, 'DescribeNotebookInstance', 'KmsKeyId');
      if (n.SubnetId !== undefined && n.SubnetId !== '')
        ctx.inv.flow(
          'network',
          id,
          arn('ec2', ctx.scope.region, ctx.scope.account.id, `subnet/${n.SubnetId}`),
          fromApi(id, 'DescribeNotebookInstance', 'SubnetId'),
        );
    }),
  );
}

export async function domains(ctx: Ctx): Promise<void> {
  const { client, sdk } = ctx;
  const listed = await list(
    ctx,
    'ListDomains',
    (NextToken) => client.send(new sdk.ListDomainsCommand({ NextToken, MaxResults: 100 })),
    (p) => p.Domains,
  );
  await Promise.all(
    listed.items.map(async (summary) => {
      if (summary.DomainId === undefined) return;
      const domainId = summary.DomainId;
      const id = summary.DomainArn ?? resourceArn(ctx, 'domain', domainId);
      const name = summary.DomainName ?? domainId;
      const got = await describe(ctx, 'DescribeDomain', id, () =>
        client.send(new sdk.DescribeDomainCommand({ DomainId: domainId })),
      );
      if (!got.ok) {
        ctx.inv.asset(ctx.scope, {
          id,
          kind: 'ml-workspace',
          nativeType: 'AWS::SageMaker::Domain',
          name,
          facts: unknownFacts(
            ['internetReachable', 'privateNetwork', 'customerManagedKey'],
            'DescribeDomain',
            got.message,
          ),
        });
        return;
      }
      const d = got.value;
      const access = d.AppNetworkAccessType;
      ctx.inv.asset(ctx.scope, {
        id,
        kind: 'ml-workspace',
        nativeType: 'AWS::SageMaker::Domain',
        name,
        facts: {
          internetReachable:
            access === undefined
              ? byDefault(true, 'DescribeDomain.AppNetworkAccessType')
              : explicit(access === 'PublicInternetOnly', 'DescribeDomain.AppNetworkAccessType'),
          privateNetwork:
            access === undefined
              ? byDefault(false, 'DescribeDomain.AppNetworkAccessType')
              : explicit(access === 'VpcOnly', 'DescribeDomain.AppNetworkAccessType'),
          customerManagedKey: explicit((d.KmsKeyId ?? '') !== '', 'DescribeDomain.KmsKeyId'),
        },
      });
      assumes(
        ctx,
        id,
        d.DefaultUserSettings?.ExecutionRole,
        'DescribeDomain',
        'DefaultUserSettings.ExecutionRole',
      );
      assumes(
        ctx,
        id,
        d.DefaultSpaceSettings?.ExecutionRole,
        'DescribeDomain',
        'DefaultSpaceSettings.ExecutionRole',
      );
      encrypts(ctx, id, d.KmsKeyId, 'DescribeDomain', 'KmsKeyId');
      await Promise.all([userProfiles(ctx, id, domainId), spaces(ctx, id, domainId, d)]);
    }),
  );
}

/** A user profile lets its user act as its execution role inside the domain: a flow from the domain to it. */
async function userProfiles(ctx: Ctx, domain: string, domainId: string): Promise<void> {
  const { client, sdk } = ctx;
  const listed = await list(
    ctx,
    'ListUserProfiles',
    (NextToken) =>
      client.send(new sdk.ListUserProfilesCommand({ NextToken, MaxResults: 100, DomainIdEquals: domainId })),
    (p) => p.UserProfiles,
  );
  await Promise.all(
    listed.items.map(async (u) => {
      if (u.UserProfileName === undefined) return;
      const name = u.UserProfileName;
      const got = await describe(ctx, 'DescribeUserProfile', `${domain}/user-profile/${name}`, () =>
        client.send(new sdk.DescribeUserProfileCommand({ DomainId: domainId, UserProfileName: name })),
      );
      if (got.ok)
        assumes(
          ctx,
          domain,
          got.value.UserSettings?.ExecutionRole,
          'DescribeUserProfile',
          'UserSettings.ExecutionRole',
        );
    }),
  );
}

/**
 * Studio spaces are where a domain's notebooks run: notebook assets whose network and key are the domain's (a
 * space in a PublicInternetOnly domain reaches the internet directly) and which run as the domain's default
 * space execution role. ListSpaces says all of it; no space is described.
 */
async function spaces(
  ctx: Ctx,
  domain: string,
  domainId: string,
  d: {
    AppNetworkAccessType?: string | undefined;
    KmsKeyId?: string | undefined;
    DefaultSpaceSettings?: { ExecutionRole?: string | undefined } | undefined;
  },
): Promise<void> {
  const { client, sdk } = ctx;
  const listed = await list(
    ctx,
    'ListSpaces',
    (NextToken) =>
      client.send(new sdk.ListSpacesCommand({ NextToken, MaxResults: 100, DomainIdEquals: domainId })),
    (p) => p.Spaces,
  );
  const at = 'DescribeDomain.AppNetworkAccessType';
  const access = d.AppNetworkAccessType;
  for (const s of listed.items) {
    if (s.SpaceName === undefined) continue;
    const id = `${domain}/space/${s.SpaceName}`;
    ctx.inv.asset(ctx.scope, {
      id,
      kind: 'notebook',
      nativeType: 'AWS::SageMaker::Space',
      name: s.SpaceName,
      facts: {
        directInternetAccess:
          access === undefined ? byDefault(true, at) : explicit(access === 'PublicInternetOnly', at),
        privateNetwork: access === undefined ? byDefault(false, at) : explicit(access === 'VpcOnly', at),
        customerManagedKey: explicit((d.KmsKeyId ?? '') !== '', 'DescribeDomain.KmsKeyId'),
      },
    });
    assumes(
      ctx,
      id,
      d.DefaultSpaceSettings?.ExecutionRole,
      'DescribeDomain',
      'DefaultSpaceSettings.ExecutionRole',
    );
  }
}

import { explicit } from '../../../src/model/index.js';
import type { LiveInventory } from '../inventory.js';
import type { AwsRuntime, Scope } from '../runtime.js';

/**
 * WAFv2 web ACLs (REGIONAL in each region, CLOUDFRONT in us-east-1 only, where its API lives) and the API Gateway
 * stages each protects. As the Terraform association mapper does, an ACL makes the API of a stage it protects
 * wafProtected, and throttled when the ACL has a rate-based rule; `applyWebAcls` patches that in once the APIs
 * of the region are read.
 */

export interface WebAclProtection {
  readonly acl: string;
  /** The REST API ARN (`arn:aws:apigateway:<region>::/restapis/<id>`) of each protected stage. */
  readonly apis: readonly string[];
  readonly rateLimited: boolean;
}

const STAGE = /^arn:aws[\w-]*:apigateway:([a-z0-9-]+)::\/restapis\/([^/]+)\/stages\/[^/]+$/;

export async function collectWebAcls(
  rt: AwsRuntime,
  inv: LiveInventory,
  scope: Scope,
): Promise<WebAclProtection[]> {
  const sdk = await import('@aws-sdk/client-wafv2');
  const client = rt.client(scope, 'wafv2', (c) => new sdk.WAFV2Client(c));
  const scopes =
    scope.region === 'us-east-1' ? (['REGIONAL', 'CLOUDFRONT'] as const) : (['REGIONAL'] as const);
  const out: WebAclProtection[] = [];
  for (const Scope of scopes) {
    const listed = await rt.list(
      scope,
      'wafv2:ListWebACLs',
      (NextMarker) => client.send(new sdk.ListWebACLsCommand({ Scope, NextMarker, Limit: 100 })),
      (p) => ({ items: p.WebACLs, next: p.NextMarker }),
    );
    const found = await Promise.all(
      listed.items.map(async (a): Promise<WebAclProtection | undefined> => {
        if (a.ARN === undefined || a.Name === undefined || a.Id === undefined) return undefined;
        const acl = a.ARN;
        inv.asset(scope, { id: acl, kind: 'waf', nativeType: 'AWS::WAFv2::WebACL', name: a.Name });
        const [got, resources] = await Promise.all([
          rt.call(
            scope,
            'wafv2:GetWebACL',
            () => client.send(new sdk.GetWebACLCommand({ Name: a.Name, Id: a.Id, Scope })),
            { resource: acl },
          ),
          // CloudFront distributions are not read; regional ACLs protect API Gateway stages.
          Scope === 'REGIONAL'
            ? rt.call(
                scope,
                'wafv2:ListResourcesForWebACL',
                () =>
                  client.send(
                    new sdk.ListResourcesForWebACLCommand({ WebACLArn: acl, ResourceType: 'API_GATEWAY' }),
                  ),
                { resource: acl },
              )
            : undefined,
        ]);
        const rules = got.ok ? (got.value.WebACL?.Rules ?? []) : [];
        const apis = (resources?.ok === true ? (resources.value.ResourceArns ?? []) : []).flatMap((r) => {
          const m = STAGE.exec(r);
          return m === null ? [] : [`arn:aws:apigateway:${m[1] ?? ''}::/restapis/${m[2] ?? ''}`];
        });
        return { acl, apis, rateLimited: rules.some((r) => r.Statement?.RateBasedStatement !== undefined) };
      }),
    );
    for (const f of found) if (f !== undefined) out.push(f);
  }
  rt.progress(`${scope.account.id} ${scope.region}: WAF read`);
  return out;
}

/** Marks the APIs the web ACLs protect (and throttle, with a rate-based rule). */
export function applyWebAcls(inv: LiveInventory, acls: readonly WebAclProtection[]): void {
  for (const a of acls)
    for (const api of a.apis) {
      if (!inv.has(api)) continue;
      inv.patch(api, { wafProtected: explicit(true, 'wafv2:ListResourcesForWebACL') });
      if (a.rateLimited)
        inv.patch(api, { throttling: explicit(true, 'wafv2:GetWebACL.Rules.Statement.RateBasedStatement') });
    }
}

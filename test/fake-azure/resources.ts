import type { FakeResource, Json } from './server.js';

type Body = { readonly name: string } & Readonly<Record<string, Json>>;

/** The id of a resource of `type` (`Microsoft.X/things`) in a resource group. */
export function resourceId(subscription: string, group: string, type: string, name: string): string {
  return `/subscriptions/${subscription}/resourceGroups/${group}/providers/${type}/${name}`;
}

/**
 * A resource and its children, as the fake ARM holds them: `children` maps a child collection (`deployments`,
 * `blobServices/default/containers`) to the children's bodies.
 */
export function resourceTree(
  id: string,
  body: Readonly<Record<string, Json>>,
  children: Readonly<Record<string, readonly Body[]>> = {},
): FakeResource[] {
  const out: FakeResource[] = [{ id, body: { name: id.split('/').pop() ?? '', ...body } }];
  for (const [collection, items] of Object.entries(children))
    for (const child of items) out.push({ id: `${id}/${collection}/${child.name}`, body: child });
  return out;
}

/** A Cognitive Services account with its model deployments. */
export function cognitiveAccount(
  subscription: string,
  group: string,
  body: Body,
  deployments: readonly Body[],
): FakeResource[] {
  return resourceTree(
    resourceId(subscription, group, 'Microsoft.CognitiveServices/accounts', body.name),
    { type: 'Microsoft.CognitiveServices/accounts', ...body },
    { deployments },
  );
}

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

/**
 * A Cognitive Services account with its model deployments and, for kinds OpenAI and AIServices, the system-managed
 * content filter policies ARM lists among every such account's raiPolicies.
 */
export function cognitiveAccount(
  subscription: string,
  group: string,
  body: Body,
  deployments: readonly Body[],
): FakeResource[] {
  const id = resourceId(subscription, group, 'Microsoft.CognitiveServices/accounts', body.name);
  const generative = /^(openai|aiservices)$/i.test(typeof body['kind'] === 'string' ? body['kind'] : '');
  return [
    ...resourceTree(id, { type: 'Microsoft.CognitiveServices/accounts', ...body }, { deployments }),
    ...(generative ? systemRaiPolicies(id) : []),
  ];
}

const HARMS = ['Hate', 'Sexual', 'Violence', 'Selfharm'];
const filter = (name: string, source: string, severityThreshold?: string): Json => ({
  name,
  ...(severityThreshold === undefined ? {} : { severityThreshold }),
  blocking: true,
  enabled: true,
  source,
});
const harms = HARMS.flatMap((h) => [filter(h, 'Prompt', 'Medium'), filter(h, 'Completion', 'Medium')]);

/**
 * The system-managed content filter policies as `GET .../accounts/{a}/raiPolicies` lists them, `type:
 * SystemManaged`. Microsoft.DefaultV2 holds what the default safety policy is documented to block: the four harm
 * categories at Medium on prompts and completions, Jailbreak on prompts, protected material text and code on
 * completions. Microsoft.Default's filters are not documented beyond the harm categories: here it has only those,
 * so that a test tells a judgement by the listed filters from one by the name.
 */
export function systemRaiPolicies(accountId: string): FakeResource[] {
  const policy = (name: string, contentFilters: Json[]): FakeResource => ({
    id: `${accountId}/raiPolicies/${name}`,
    body: { name, properties: { type: 'SystemManaged', mode: 'Blocking', contentFilters } },
  });
  return [
    policy('Microsoft.Default', harms),
    policy('Microsoft.DefaultV2', [
      ...harms,
      filter('Jailbreak', 'Prompt'),
      filter('Protected Material Text', 'Completion'),
      filter('Protected Material Code', 'Completion'),
    ]),
  ];
}

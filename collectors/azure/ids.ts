/**
 * ARM ids are case-insensitive, and ARM hands them back in whatever case they were written: a resource lists as
 * `resourceGroups/RG-AI/...` while another resource refers to it as `resourcegroups/rg-ai/...`. Every id the live
 * collector keys an asset or flow on goes through `armId`, so that both spellings meet one asset. The
 * subscription and resource group segments are the ones that vary in practice (a group's name keeps the case it
 * was created with, references repeat whatever case their author typed); the provider type and names after them
 * are kept as given.
 */
const GROUP_PREFIX = /^\/subscriptions\/([^/]+)\/resourcegroups\/([^/]+)(?=\/|$)/i;

/** `id` with its subscription id and resource group name lower-cased and the `resourceGroups` segment canonical. */
export function armId(id: string): string {
  const m = GROUP_PREFIX.exec(id);
  if (m === null) return id;
  const [prefix, subscription = '', group = ''] = m;
  return `/subscriptions/${subscription.toLowerCase()}/resourceGroups/${group.toLowerCase()}${id.slice(prefix.length)}`;
}

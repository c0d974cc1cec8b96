export const ZONE_IDS = [
  'internet',
  'dmz',
  'internal-interface',
  'internal-protected',
  'development',
  'provider-managed',
] as const;
export type ZoneId = (typeof ZONE_IDS)[number];

export const ZONE_DESCRIPTIONS: Readonly<Record<ZoneId, string>> = {
  internet: 'External entities: users and systems outside the organisation',
  dmz: 'Reachable from the internet: gateways, load balancers, authentication',
  'internal-interface': 'Private, receives traffic from the DMZ: inference and application logic',
  'internal-protected': 'Data stores, logs, keys and identities',
  development: 'Training data, training and pipelines, notebooks, model registries',
  'provider-managed': 'Managed service plane of the cloud or model provider, outside the customer network',
};

/** Trust level, higher is more trusted; a flow from a lower to a higher level enters a more trusted zone. */
export const ZONE_TRUST: Readonly<Record<ZoneId, number>> = {
  internet: 0,
  dmz: 1,
  'provider-managed': 2,
  'internal-interface': 2,
  development: 3,
  'internal-protected': 4,
};

export interface ZoneAssignment {
  readonly zone: ZoneId;
  /** Why the asset is in this zone, in words a reviewer can check. */
  readonly reason: string;
}

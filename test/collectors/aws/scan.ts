import { collectAws } from '../../../collectors/aws/index.js';
import type { AwsScanOptions } from '../../../collectors/aws/options.js';
import type { Asset, Fact, Inventory } from '../../../src/model/index.js';
import { fakeOptions } from '../../fake-aws/client.js';
import { loadOrg } from '../../fake-aws/fixture.js';
import { FakeAws } from '../../fake-aws/server.js';

export const A = '111111111111';
export const B = '222222222222';
export const KEY = `arn:aws:kms:us-east-1:${A}:key/11111111-2222-3333-4444-555555555555`;

/** Starts a fake for the fixture, runs `body` with it, and stops it. */
export async function withFake<T>(fixture: string, body: (fake: FakeAws) => Promise<T>): Promise<T> {
  const fake = new FakeAws(loadOrg(fixture));
  await fake.start();
  try {
    return await body(fake);
  } finally {
    await fake.stop();
  }
}

export function collect(fake: FakeAws, more: Partial<AwsScanOptions> = {}): Promise<Inventory> {
  return collectAws(fakeOptions(fake, more));
}

/** An asset's facts as `name → [state, value, attribute or reason]`, the shape the assertions compare. */
export function facts(inv: Inventory, id: string): Record<string, [string, unknown, string]> {
  const a: Asset | undefined = inv.assets.find((x) => x.id === id);
  if (a === undefined) throw new Error(`no asset ${id}; have ${inv.assets.map((x) => x.id).join(', ')}`);
  const out: Record<string, [string, unknown, string]> = {};
  for (const [k, f] of Object.entries(a.facts) as [string, Fact][]) {
    out[k] = f.state === 'unknown' ? [f.state, undefined, f.reason] : [f.state, f.value, f.attribute];
  }
  return out;
}

export function flowIds(inv: Inventory): string[] {
  return inv.flows.map((f) => f.id);
}

export const sm = (type: string, name: string, account = A): string =>
  `arn:aws:sagemaker:us-east-1:${account}:${type}/${name}`;
export const ec2 = (type: string, name: string): string => `arn:aws:ec2:us-east-1:${A}:${type}/${name}`;
export const role = (name: string, account = A): string => `arn:aws:iam::${account}:role/${name}`;

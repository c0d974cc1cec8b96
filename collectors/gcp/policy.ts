import { explicit, type Fact } from '../../src/model/index.js';
import {
  ANONYMOUS_MEMBERS,
  anonymousFactsOf,
  invokesAnonymously,
  roleFlows,
} from '../terraform/google/roles.js';
import type { GcpInventory } from './inventory.js';
import { evidence, serviceAccountId } from './links.js';

/** One binding of an IAM policy as the APIs return it (google.iam.v1.Binding). */
export interface Binding {
  readonly role?: string;
  readonly members?: readonly string[];
}

const SERVICE_ACCOUNT_MEMBER = /^serviceAccount:([^\s/@:]+@[^\s/@:]+)$/;

/** The email of a `serviceAccount:` member. */
export function memberAccount(member: string): string | undefined {
  return SERVICE_ACCOUNT_MEMBER.exec(member)?.[1];
}

/** The bindings with a role, their members as strings: what the mappers' grants read from Terraform. */
export function grantsOf(bindings: readonly Binding[]): { role: string; members: string[] }[] {
  return bindings.flatMap((b) =>
    typeof b.role === 'string'
      ? [
          {
            role: b.role,
            members: Array.isArray(b.members) ? b.members.filter((m) => typeof m === 'string') : [],
          },
        ]
      : [],
  );
}

/**
 * A resource's IAM policy, as the google mappers apply grants (iam.ts `applyGrants`): grants to allUsers /
 * allAuthenticatedUsers make it anonymously readable, writable or callable as the role says; grants to service
 * accounts are flows from them. Other members (users, groups, domains) are no asset of the scan.
 */
export function applyBindings(
  inv: GcpInventory,
  id: string,
  operation: string,
  bindings: readonly Binding[],
): void {
  const facts: Record<string, Fact<boolean>> = {};
  const fact = explicit(true, `${operation}.bindings`);
  for (const { role, members } of grantsOf(bindings)) {
    if (members.some((m) => ANONYMOUS_MEMBERS.has(m))) {
      const { read, write } = anonymousFactsOf(role);
      if (read) facts['anonymousRead'] = fact;
      if (write) facts['anonymousWrite'] = fact;
      if (invokesAnonymously(role, members))
        facts['requiresAuthentication'] = explicit(false, fact.attribute);
    }
    for (const m of members) {
      const email = memberAccount(m);
      if (email === undefined) continue;
      for (const kind of roleFlows(role))
        inv.flow(kind, serviceAccountId(email), id, evidence(id, operation, 'bindings', `${role} via ${m}`));
    }
  }
  inv.patch(id, facts);
}

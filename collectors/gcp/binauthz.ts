import type { BinauthzPolicy, PolicyRead } from '../terraform/google/binauthz.js';
import { arrayOf } from './links.js';
import { getJson } from './rest.js';
import type { GcpRuntime } from './runtime.js';

/** The parts of a Binary Authorization v1 Policy read here (REST JSON, camelCase). */
interface Policy {
  readonly defaultAdmissionRule?: { readonly evaluationMode?: unknown; readonly enforcementMode?: unknown };
  readonly admissionWhitelistPatterns?: readonly { readonly namePattern?: unknown }[];
}

export const BINAUTHZ_API = 'binaryauthorization.googleapis.com';
const OP = 'GetPolicy';
const API = { service: BINAUTHZ_API, operation: OP } as const;

const read = new WeakMap<GcpRuntime, Map<string, Promise<PolicyRead>>>();

/**
 * A project's Binary Authorization policy (the API answers a project that never set one with its default, which
 * allows every image), read once per scan whichever region's Cloud Run services ask; a failed read is one coverage
 * note and leaves the services that use it unknown.
 */
export function projectPolicy(rt: GcpRuntime, project: string): Promise<PolicyRead> {
  let byProject = read.get(rt);
  if (byProject === undefined) read.set(rt, (byProject = new Map<string, Promise<PolicyRead>>()));
  let got = byProject.get(project);
  if (got === undefined) {
    got = readPolicy(rt, project);
    byProject.set(project, got);
  }
  return got;
}

async function readPolicy(rt: GcpRuntime, project: string): Promise<PolicyRead> {
  const path = `/v1/projects/${encodeURIComponent(project)}/policy`;
  const got = await rt.list<Policy>({ project, location: '-' }, API, async () => [
    [(await getJson(rt, BINAUTHZ_API, path, {})) as Policy],
    null,
    undefined,
  ]);
  const p = got.items[0];
  if (got.incomplete !== undefined || p === undefined || typeof p !== 'object' || p === null)
    return {
      missing: `the project's Binary Authorization policy: ${got.incomplete?.message ?? `${OP} gave no policy`}`,
      attribute: OP,
    };
  const rule =
    typeof p.defaultAdmissionRule === 'object' && p.defaultAdmissionRule !== null
      ? p.defaultAdmissionRule
      : {};
  const policy: BinauthzPolicy = {
    ...(typeof rule.evaluationMode === 'string' ? { evaluationMode: rule.evaluationMode } : {}),
    ...(typeof rule.enforcementMode === 'string' ? { enforcementMode: rule.enforcementMode } : {}),
    exemptions: arrayOf(p.admissionWhitelistPatterns).flatMap((w) =>
      typeof w === 'object' && w !== null && typeof w.namePattern === 'string' ? [w.namePattern] : [],
    ),
    at: {
      evaluation: `${OP}.defaultAdmissionRule.evaluationMode`,
      enforcement: `${OP}.defaultAdmissionRule.enforcementMode`,
      exemptions: `${OP}.admissionWhitelistPatterns`,
    },
  };
  return { policy };
}

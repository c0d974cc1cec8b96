import { SEED_LIFECYCLE_STAGES, type LifecycleStage } from './lifecycle.js';

/**
 * Shared security responsibility model of the CSA AI Controls Matrix. Default owners per layer are those the
 * seed control (Threat Analysis and Modelling, AICM v1.1.0 TVM-04 / v1.0.3 TVM-12) assigns.
 */
export const SSRM_LAYERS = ['PI', 'Model', 'Orchestrated', 'Application'] as const;
export type SsrmLayer = (typeof SSRM_LAYERS)[number];

export const PARTIES = ['CSP', 'MP', 'OSP', 'AP', 'AIC'] as const;
export type Party = (typeof PARTIES)[number];

export const LAYER_OWNERS: Readonly<Record<SsrmLayer, readonly Party[]>> = {
  PI: ['CSP', 'MP'],
  Model: ['MP'],
  Orchestrated: ['MP', 'OSP'],
  Application: ['AP'],
};

/**
 * The parties of the AICM shared security responsibility model: CSP, MP, OSP and AP as the seed control's
 * SSRM text names them; AIC is AICM's AI Customer.
 */
export const PARTY_NAMES: Readonly<Record<Party, string>> = {
  CSP: 'Cloud Service Provider',
  MP: 'Model Provider',
  OSP: 'Orchestrated Service Provider',
  AP: 'Application Provider',
  AIC: 'AI Customer',
};

export const LAYER_NAMES: Readonly<Record<SsrmLayer, string>> = {
  PI: 'Cloud/AI Processing Infrastructure',
  Model: 'Model',
  Orchestrated: 'Orchestrated Services',
  Application: 'Application',
};

/**
 * Whether the seed control gives the layer a role at the lifecycle stage: the stage is in the control's
 * Lifecycle list and the layer has an owner. The seed gives no finer per-stage, per-layer table, so at every
 * listed stage each of the four layers (all owned: Shared CSP-MP, MP, Shared MP-OSP, AP) has a role.
 */
export function aicmRole(stage: LifecycleStage, layer: SsrmLayer): boolean {
  return SEED_LIFECYCLE_STAGES.includes(stage) && LAYER_OWNERS[layer].length > 0;
}

/** What the user does about a threat, given the parties they play. */
export type UserAction = 'remediate' | 'shared' | 'verify-upstream';

export function ownerLabel(layer: SsrmLayer): string {
  const owners = LAYER_OWNERS[layer];
  return owners.length === 1 ? (owners[0] ?? '') : `Shared ${owners.join('-')}`;
}

export function userAction(layer: SsrmLayer, roles: readonly Party[]): UserAction {
  const owners = LAYER_OWNERS[layer];
  const mine = owners.filter((p) => roles.includes(p)).length;
  if (mine === owners.length) return 'remediate';
  return mine > 0 ? 'shared' : 'verify-upstream';
}

export function parseParties(text: string): Party[] {
  const out: Party[] = [];
  for (const raw of text.split(',')) {
    const p = raw.trim().toUpperCase();
    if (p === '') continue;
    if (!(PARTIES as readonly string[]).includes(p)) {
      throw new Error(`unknown party "${raw.trim()}" in --role; use one or more of ${PARTIES.join(', ')}`);
    }
    out.push(p as Party);
  }
  if (out.length === 0) throw new Error(`--role is empty; use one or more of ${PARTIES.join(', ')}`);
  return out;
}

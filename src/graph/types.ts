import type { Asset, Flow, ZoneAssignment } from '../model/index.js';

export interface AssetNode {
  readonly asset: Asset;
  zone: ZoneAssignment;
}

export interface FlowEdge {
  readonly flow: Flow;
}

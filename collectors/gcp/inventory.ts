import type { Inventory } from '../../src/model/index.js';
import { LiveInventoryCore, type LiveAsset } from '../live/inventory.js';
import { inputOf } from './runtime.js';

export interface LiveGcpAsset extends LiveAsset {
  /** The region or zone the resource is in. */
  readonly region?: string;
}

type FlowArgs = Parameters<LiveInventoryCore['flow']>;
const BY_NUMBER = /^(\/\/(?:compute|run)\.googleapis\.com\/projects\/)(\d+)\//;

/** The inventory of a live GCP scan: assets are keyed by full resource name, in the project that holds them. */
export class GcpInventory extends LiveInventoryCore {
  private readonly flowsFound: FlowArgs[] = [];
  private readonly projectIds = new Map<string, string>();

  constructor() {
    super({ provider: 'gcp', format: 'gcp-live', inputOf });
  }

  asset(project: string, a: LiveGcpAsset): string {
    const { region, ...asset } = a;
    return this.add(project, region, asset);
  }

  /** Flows are kept until the build, when every project's number is known. */
  override flow(...args: FlowArgs): void {
    this.flowsFound.push(args);
  }

  /**
   * A project's number: Vertex AI names a VPC network `projects/{number}/global/networks/n`, Compute Engine by
   * the project id, so such flows are pointed at the id the Compute assets have (and Cloud Run services named by
   * their deterministic URL, which holds the number).
   */
  projectNumber(number: string, project: string): void {
    this.projectIds.set(number, project);
  }

  override build(...args: Parameters<LiveInventoryCore['build']>): Inventory {
    for (const [kind, from, to, evidence, facts] of this.flowsFound.splice(0)) {
      const id = this.projectIds.get(BY_NUMBER.exec(to)?.[2] ?? '');
      super.flow(kind, from, id === undefined ? to : to.replace(BY_NUMBER, `$1${id}/`), evidence, facts);
    }
    return super.build(...args);
  }
}

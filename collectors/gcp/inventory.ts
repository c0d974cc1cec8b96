import type { CoverageNote, Inventory } from '../../src/model/index.js';
import { LiveInventoryCore, type LiveAsset } from '../live/inventory.js';
import { inputOf } from './runtime.js';

export interface LiveGcpAsset extends LiveAsset {
  /** The region or zone the resource is in. */
  readonly region?: string;
}

type FlowArgs = Parameters<LiveInventoryCore['flow']>;
type Kind = FlowArgs[0];
type Evidence = FlowArgs[3];
type FlowFacts = FlowArgs[4];

/** A flow to whatever serves at a URL, resolved at the build. */
export interface UrlTarget {
  /** The URLs that may name the target, the first an alias names winning. */
  readonly urls: readonly string[];
  /** The target when no alias names it (a URL that holds its resource's name). */
  readonly fallback?: string;
  /** Noted when neither does. */
  readonly unresolved: CoverageNote;
}
interface UrlFlow {
  readonly target: UrlTarget;
  readonly args: readonly [Kind, string, Evidence, FlowFacts];
}
const BY_NUMBER = /^(\/\/(?:compute|run)\.googleapis\.com\/projects\/)(\d+)\//;

/** The inventory of a live GCP scan: assets are keyed by full resource name, in the project that holds them. */
export class GcpInventory extends LiveInventoryCore {
  private readonly flowsFound: FlowArgs[] = [];
  private readonly projectIds = new Map<string, string>();
  private readonly urls = new Map<string, string>();
  private readonly urlFlows: UrlFlow[] = [];

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

  /** A URL a resource serves at (a Cloud Run service's `uri` and `urls`), by which other resources name it. */
  alias(url: string, id: string): void {
    this.urls.set(url, id);
  }

  /**
   * A flow to the resource serving at a URL, resolved at the build, once every resource (and so every alias) is
   * in; one per target, however many URLs of it the source names.
   */
  flowToUrl(target: UrlTarget, kind: Kind, from: string, evidence: Evidence, facts?: FlowFacts): void {
    this.urlFlows.push({ target, args: [kind, from, evidence, facts] });
  }

  override build(
    accounts: Parameters<LiveInventoryCore['build']>[0],
    notes: readonly CoverageNote[],
  ): Inventory {
    const named = (to: string): string => {
      const id = this.projectIds.get(BY_NUMBER.exec(to)?.[2] ?? '');
      return id === undefined ? to : to.replace(BY_NUMBER, `$1${id}/`);
    };
    for (const [kind, from, to, evidence, facts] of this.flowsFound.splice(0))
      super.flow(kind, from, named(to), evidence, facts);
    const unresolved: CoverageNote[] = [];
    const drawn = new Set<string>();
    for (const { target, args } of this.urlFlows.splice(0)) {
      const [kind, from, evidence, facts] = args;
      const to = target.urls.map((u) => this.urls.get(u)).find((id) => id !== undefined) ?? target.fallback;
      if (to === undefined) {
        unresolved.push(target.unresolved);
        continue;
      }
      const key = JSON.stringify([kind, from, named(to), evidence]);
      if (drawn.has(key)) continue;
      drawn.add(key);
      super.flow(kind, from, named(to), evidence, facts);
    }
    return super.build(accounts, [...notes, ...unresolved]);
  }
}

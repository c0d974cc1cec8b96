import type { CoverageKind, Severity } from '../model/index.js';

/** What the history store keeps of one scan: plain values, already redacted (src/store/record.ts). */
export interface ScanRecord {
  /** Sortable: later scans have greater ids (src/store/scan-id.ts). */
  readonly id: string;
  /** ISO time of the scan. */
  readonly time: string;
  readonly toolVersion: string;
  /** Hash of every rule's metadata hash: a rule change gives a new rule set. */
  readonly ruleSetHash: string;
  readonly rules: readonly RuleVersion[];
  readonly roles: readonly string[];
  readonly identity: Identity;
  readonly inputs: readonly InputRecord[];
  /** Cloud accounts, subscriptions and projects the scan covered; empty for plans and source. */
  readonly scopes: readonly ScopeRecord[];
  readonly assets: readonly AssetRecord[];
  readonly flows: readonly FlowRecord[];
  readonly threats: readonly ThreatRecord[];
  readonly notes: readonly NoteRecord[];
}

export interface RuleVersion {
  readonly id: string;
  /** SHA-256 of the rule's metadata. */
  readonly hash: string;
  /** The rule's SSRM layer and lifecycle stages; absent in scans recorded before schema version 3. */
  readonly layer?: string;
  readonly lifecycle?: readonly string[];
  /** Set when the rule could not be evaluated in this scan (it threw or yielded a malformed finding). */
  readonly failed?: boolean;
}

/** Who ran the scan: the OS user and, in CI, the system and the actor it names. */
export interface Identity {
  readonly user: string;
  readonly ciSystem?: string;
  readonly ciActor?: string;
}

export interface InputRecord {
  readonly path: string;
  readonly format: string;
  readonly formatVersion: string;
  readonly sha256: string;
}

export type ScopeKind = 'account' | 'subscription' | 'project';

export interface ScopeRecord {
  readonly provider: string;
  readonly kind: ScopeKind;
  readonly id: string;
}

export interface AssetRecord {
  readonly id: string;
  readonly kind: string;
  readonly provider: string;
  readonly nativeType: string;
  readonly zone: string;
  readonly name: string;
}

/** A three-valued flow fact as stored; absent when the flow kind does not carry it. */
export type StoredFact = 'true' | 'false' | 'unknown';

export interface FlowRecord {
  readonly id: string;
  readonly kind: string;
  readonly from: string;
  readonly to: string;
  readonly crossesBoundary: boolean;
  readonly authenticated?: StoredFact;
  readonly encrypted?: StoredFact;
}

export interface ThreatRecord {
  readonly fingerprint: string;
  readonly ruleId: string;
  readonly severity: string;
  readonly confidence: string;
  readonly impact: number;
  readonly likelihood: number;
  readonly title: string;
  readonly message: string;
  readonly assets: readonly string[];
  readonly accepted?: AcceptanceRecord;
  /** new, changed or unchanged against the baseline the scan was given. */
  readonly baseline?: string;
}

export interface AcceptanceRecord {
  readonly justification: string;
  readonly owner?: string;
  readonly ticket?: string;
  readonly expires?: string;
}

export interface NoteRecord {
  readonly kind: CoverageKind;
  readonly message: string;
  readonly input: string;
  readonly address?: string;
  /** Live collectors: the cloud service whose call failed or was cut short. */
  readonly service?: string;
}

/** A scan as `threatgraph history` lists it. */
export interface ScanSummary {
  readonly id: string;
  readonly time: string;
  readonly toolVersion: string;
  readonly ruleSetHash: string;
  readonly identity: Identity;
  readonly inputs: readonly InputRecord[];
  readonly counts: {
    readonly assets: number;
    readonly flows: number;
    readonly threats: number;
    readonly notes: number;
  };
}

/** One threat in one scan, as timelines are computed from. */
export interface ThreatOccurrence {
  readonly scanId: string;
  readonly fingerprint: string;
  readonly ruleId: string;
  readonly title: string;
  readonly severity: string;
  readonly accepted: boolean;
}

export type ThreatStatus = 'open' | 'accepted' | 'resolved' | 'reopened';

export interface ThreatTimeline {
  readonly fingerprint: string;
  readonly ruleId: string;
  /** Title and severity as last seen. */
  readonly title: string;
  readonly severity: string;
  readonly status: ThreatStatus;
  readonly firstSeen: string;
  readonly lastSeen: string;
  /** Time of the first scan without the threat after it was last seen; set when resolved. */
  readonly resolvedAt?: string;
  /** Whole days from first seen to the given day, or to resolution. */
  readonly ageDays: number;
  /** How many scans held it. */
  readonly scans: number;
}

/** A recorded review of the threat model (`threatgraph review --record`). */
export interface ReviewRecord {
  /** A ULID, as scan ids are. */
  readonly id: string;
  /** ISO time of the review. */
  readonly time: string;
  readonly reviewer: string;
  readonly notes: string;
  /** The scan the review looked at: the latest one when it was recorded. */
  readonly scanId: string;
  /** That scan's rule set hash and threatgraph version, so later reviews can tell what changed since. */
  readonly ruleSetHash: string;
  readonly toolVersion: string;
}

/** The threats of one scan that no acceptance covered, by severity: one point of the HTML report's trend. */
export interface OpenCounts {
  readonly scanId: string;
  readonly time: string;
  readonly open: Readonly<Record<Severity, number>>;
}

export interface HistoryStore {
  /** The store as messages name it (a path, or a URL without its password). */
  readonly target: string;
  /** Records a scan in one transaction: all of it or nothing. */
  record(scan: ScanRecord): Promise<void>;
  /** Newest first. */
  list(limit?: number): Promise<ScanSummary[]>;
  /** A scan id, `latest`, `latest~N` or a unique id prefix → the scan id; an InputError when none matches. */
  resolve(ref: string): Promise<string>;
  load(id: string): Promise<ScanRecord>;
  /** Every scan's time, oldest first, and every threat occurrence. */
  occurrences(): Promise<{ scans: { id: string; time: string }[]; threats: ThreatOccurrence[] }>;
  /** The last `limit` scans, oldest first, with their unaccepted threats by severity. */
  openCounts(limit: number): Promise<OpenCounts[]>;
  /** Records a review; an InputError when its scan is not in the store. */
  recordReview(review: ReviewRecord): Promise<void>;
  /** Every recorded review, newest first. */
  reviews(): Promise<ReviewRecord[]>;
  schemaVersion(): Promise<number>;
  close(): Promise<void>;
}

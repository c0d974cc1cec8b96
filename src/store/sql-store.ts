import { InputError, SEVERITIES, type Severity } from '../model/index.js';
import type { Row, SqlDriver, SqlExecutor, SqlValue } from './driver.js';
import { MIGRATIONS, MIGRATIONS_TABLE, type Migration } from './schema.js';
import { SCAN_ID_PATTERN } from './scan-id.js';
import type {
  AssetRecord,
  FlowRecord,
  HistoryStore,
  Identity,
  InputRecord,
  NoteRecord,
  OpenCounts,
  ReviewRecord,
  RuleVersion,
  ScanRecord,
  ScanSummary,
  ScopeKind,
  StoredFact,
  ThreatOccurrence,
  ThreatRecord,
} from './types.js';

export interface StoreOptions {
  /** The migrations this tool knows (tests pass fewer to make an older store). */
  readonly migrations?: readonly Migration[];
  /** Called inside the recording transaction once every row is written, before the commit (tests only). */
  readonly beforeCommit?: () => void | Promise<void>;
}

/** A column value as text: numbers (PostgreSQL INTEGER, SQLite integers) and strings as they are. */
function text(v: unknown): string {
  return typeof v === 'string'
    ? v
    : typeof v === 'number' || typeof v === 'bigint'
      ? v.toString()
      : JSON.stringify(v);
}

function str(row: Row, column: string): string {
  const v = row[column];
  return text(v);
}

function num(row: Row, column: string): number {
  return Number(row[column]);
}

function opt(row: Row, column: string): string | undefined {
  const v = row[column];
  if (v === null || v === undefined) return undefined;
  return text(v);
}

// Sorted here, not by ORDER BY alone: a PostgreSQL database's collation may order text differently.
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const byId = (a: { id: string }, b: { id: string }): number => compare(a.id, b.id);

const nul = (v: string | undefined): SqlValue => v ?? null;

/** Brings the schema up to date; a schema newer than this tool is an error, not something to write into. */
async function migrate(driver: SqlDriver, migrations: readonly Migration[]): Promise<void> {
  const known = migrations.length;
  await driver.transaction(async (tx) => {
    await tx.run(MIGRATIONS_TABLE);
    const applied = new Set(
      (await tx.all('SELECT version FROM schema_migrations')).map((r) => num(r, 'version')),
    );
    const newest = Math.max(0, ...applied);
    if (newest > known)
      throw new InputError(
        driver.target,
        `history schema version ${newest} is newer than this threatgraph supports (${known}); upgrade threatgraph or pass another --store`,
      );
    for (const m of migrations) {
      if (applied.has(m.version)) continue;
      for (const statement of m.statements) await tx.run(statement);
      await tx.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
        m.version,
        m.name,
        new Date().toISOString(),
      ]);
    }
  }, true);
}

export async function openSqlStore(driver: SqlDriver, options: StoreOptions = {}): Promise<HistoryStore> {
  try {
    await migrate(driver, options.migrations ?? MIGRATIONS);
  } catch (error) {
    await driver.close();
    throw error;
  }
  return new SqlHistoryStore(driver, options);
}

const REF = /^latest(?:~(\d{1,6}))?$/;
const PREFIX = /^[0-9A-HJKMNP-TV-Z]{6,26}$/;

class SqlHistoryStore implements HistoryStore {
  readonly target: string;
  constructor(
    private readonly db: SqlDriver,
    private readonly options: StoreOptions,
  ) {
    this.target = db.target;
  }

  async record(scan: ScanRecord): Promise<void> {
    if (!SCAN_ID_PATTERN.test(scan.id)) throw new Error(`scan id ${scan.id} is not a ULID`);
    await this.db.transaction(async (tx) => {
      await writeScan(tx, scan);
      await this.options.beforeCommit?.();
    });
  }

  async list(limit?: number): Promise<ScanSummary[]> {
    const rows = await this.db.all(
      `SELECT * FROM scans ORDER BY id DESC${limit === undefined ? '' : ' LIMIT ?'}`,
      limit === undefined ? [] : [limit],
    );
    if (rows.length === 0) return [];
    const inputs = await this.inputsOf(rows.map((r) => str(r, 'id')));
    return rows.map((r) => summaryOf(r, inputs.get(str(r, 'id')) ?? []));
  }

  async resolve(ref: string): Promise<string> {
    const back = REF.exec(ref);
    if (back !== null) {
      const n = Number(back[1] ?? 0);
      const rows = await this.db.all('SELECT id FROM scans ORDER BY id DESC LIMIT 1 OFFSET ?', [n]);
      const row = rows[0];
      if (row === undefined)
        throw new InputError(
          ref,
          n === 0
            ? `no scan is recorded in ${this.target}; run \`threatgraph scan\` first`
            : `there are fewer than ${n + 1} scans in ${this.target}; run \`threatgraph history\` to list them`,
        );
      return str(row, 'id');
    }
    const id = ref.toUpperCase();
    if (!PREFIX.test(id))
      throw new InputError(
        ref,
        'is not a scan reference; give a scan id (or its first 6+ characters), latest or latest~N',
      );
    const rows = await this.db.all('SELECT id FROM scans WHERE id LIKE ? ORDER BY id LIMIT 2', [`${id}%`]);
    if (rows.length === 0)
      throw new InputError(ref, `is not a scan in ${this.target}; run \`threatgraph history\` to list them`);
    if (rows.length > 1)
      throw new InputError(ref, 'matches more than one scan; give more characters of the id');
    return str(rows[0] as Row, 'id');
  }

  async load(id: string): Promise<ScanRecord> {
    const [scan] = await this.db.all('SELECT * FROM scans WHERE id = ?', [id]);
    if (scan === undefined)
      throw new InputError(id, `is not a scan in ${this.target}; run \`threatgraph history\` to list them`);
    const q = (sql: string): Promise<Row[]> => this.db.all(sql, [id]);
    const [inputs, rules, scopes, assets, flows, threats, notes] = await Promise.all([
      this.inputsOf([id]),
      q('SELECT * FROM scan_rules WHERE scan_id = ? ORDER BY rule_id'),
      q('SELECT * FROM scan_scopes WHERE scan_id = ? ORDER BY provider, scope_kind, scope_id'),
      q('SELECT * FROM assets WHERE scan_id = ? ORDER BY asset_id'),
      q('SELECT * FROM flows WHERE scan_id = ? ORDER BY flow_id'),
      q('SELECT * FROM threats WHERE scan_id = ? ORDER BY fingerprint'),
      q('SELECT * FROM coverage_notes WHERE scan_id = ? ORDER BY seq'),
    ]);
    return {
      id,
      time: str(scan, 'scanned_at'),
      toolVersion: str(scan, 'tool_version'),
      ruleSetHash: str(scan, 'rule_set_hash'),
      rules: rules.map(ruleOf).sort(byId),
      roles: JSON.parse(str(scan, 'roles')) as string[],
      identity: identityOf(scan),
      inputs: inputs.get(id) ?? [],
      scopes: scopes.map((r) => ({
        provider: str(r, 'provider'),
        kind: str(r, 'scope_kind') as ScopeKind,
        id: str(r, 'scope_id'),
      })),
      assets: assets.map(assetOf).sort(byId),
      flows: flows.map(flowOf).sort(byId),
      threats: threats.map(threatOf).sort((a, b) => compare(a.fingerprint, b.fingerprint)),
      notes: notes.map(noteOf),
    };
  }

  async occurrences(): Promise<{ scans: { id: string; time: string }[]; threats: ThreatOccurrence[] }> {
    const scans = await this.db.all('SELECT id, scanned_at FROM scans ORDER BY id');
    const threats = await this.db.all(
      `SELECT scan_id, fingerprint, rule_id, title, severity, accepted_justification FROM threats
       ORDER BY fingerprint, scan_id`,
    );
    return {
      scans: scans.map((r) => ({ id: str(r, 'id'), time: str(r, 'scanned_at') })),
      threats: threats.map((r) => ({
        scanId: str(r, 'scan_id'),
        fingerprint: str(r, 'fingerprint'),
        ruleId: str(r, 'rule_id'),
        title: str(r, 'title'),
        severity: str(r, 'severity'),
        accepted: opt(r, 'accepted_justification') !== undefined,
      })),
    };
  }

  async openCounts(limit: number): Promise<OpenCounts[]> {
    const scans = (await this.db.all('SELECT id, scanned_at FROM scans ORDER BY id DESC LIMIT ?', [limit]))
      .map((r) => ({ id: str(r, 'id'), time: str(r, 'scanned_at') }))
      .sort(byId);
    if (scans.length === 0) return [];
    const rows = await this.db.all(
      `SELECT scan_id, severity, COUNT(*) AS n FROM threats
       WHERE scan_id IN (${scans.map(() => '?').join(', ')}) AND accepted_justification IS NULL
       GROUP BY scan_id, severity`,
      scans.map((s) => s.id),
    );
    const counts = new Map(
      scans.map((s) => [s.id, Object.fromEntries(SEVERITIES.map((v) => [v, 0])) as Record<Severity, number>]),
    );
    for (const r of rows) {
      const of = counts.get(str(r, 'scan_id'));
      const severity = str(r, 'severity') as Severity;
      if (of !== undefined && Object.hasOwn(of, severity)) of[severity] += num(r, 'n');
    }
    return scans.map((s) => ({
      scanId: s.id,
      time: s.time,
      open: counts.get(s.id) ?? ({} as Record<Severity, number>),
    }));
  }

  async recordReview(review: ReviewRecord): Promise<void> {
    if (!SCAN_ID_PATTERN.test(review.id)) throw new Error(`review id ${review.id} is not a ULID`);
    await this.db.transaction(async (tx) => {
      const [scan] = await tx.all('SELECT id FROM scans WHERE id = ?', [review.scanId]);
      if (scan === undefined)
        throw new InputError(
          review.scanId,
          `is not a scan in ${this.target}; run \`threatgraph history\` to list them`,
        );
      await tx.run(
        `INSERT INTO reviews (id, reviewed_at, reviewer, notes, scan_id, rule_set_hash, tool_version)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
        [
          review.id,
          review.time,
          review.reviewer,
          review.notes,
          review.scanId,
          review.ruleSetHash,
          review.toolVersion,
        ],
      );
    });
  }

  async reviews(): Promise<ReviewRecord[]> {
    const rows = await this.db.all('SELECT * FROM reviews');
    return rows
      .map((r) => ({
        id: str(r, 'id'),
        time: str(r, 'reviewed_at'),
        reviewer: str(r, 'reviewer'),
        notes: str(r, 'notes'),
        scanId: str(r, 'scan_id'),
        ruleSetHash: str(r, 'rule_set_hash'),
        toolVersion: str(r, 'tool_version'),
      }))
      .sort((a, b) => compare(b.id, a.id));
  }

  async schemaVersion(): Promise<number> {
    const rows = await this.db.all('SELECT version FROM schema_migrations');
    return Math.max(0, ...rows.map((r) => num(r, 'version')));
  }

  close(): Promise<void> {
    return this.db.close();
  }

  private async inputsOf(ids: readonly string[]): Promise<Map<string, InputRecord[]>> {
    const out = new Map<string, InputRecord[]>();
    const rows = await this.db.all(
      `SELECT * FROM scan_inputs WHERE scan_id IN (${ids.map(() => '?').join(', ')}) ORDER BY scan_id, seq`,
      ids,
    );
    for (const r of rows) {
      const input = {
        path: str(r, 'path'),
        format: str(r, 'format'),
        formatVersion: str(r, 'format_version'),
        sha256: str(r, 'sha256'),
      };
      const list = out.get(str(r, 'scan_id'));
      if (list) list.push(input);
      else out.set(str(r, 'scan_id'), [input]);
    }
    return out;
  }
}

async function writeScan(tx: SqlExecutor, scan: ScanRecord): Promise<void> {
  const id = scan.id;
  await tx.run(
    `INSERT INTO scans (id, scanned_at, tool_version, rule_set_hash, roles, os_user, ci_system, ci_actor,
       asset_count, flow_count, threat_count, note_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      id,
      scan.time,
      scan.toolVersion,
      scan.ruleSetHash,
      JSON.stringify(scan.roles),
      scan.identity.user,
      nul(scan.identity.ciSystem),
      nul(scan.identity.ciActor),
      scan.assets.length,
      scan.flows.length,
      scan.threats.length,
      scan.notes.length,
    ],
  );
  await tx.insertMany(
    'scan_inputs',
    ['scan_id', 'seq', 'path', 'format', 'format_version', 'sha256'],
    scan.inputs.map((i, seq) => [id, seq, i.path, i.format, i.formatVersion, i.sha256]),
  );
  await tx.insertMany(
    'scan_rules',
    ['scan_id', 'rule_id', 'meta_hash', 'ssrm_layer', 'lifecycle', 'failed'],
    scan.rules.map((r) => [
      id,
      r.id,
      r.hash,
      nul(r.layer),
      r.lifecycle === undefined ? null : JSON.stringify(r.lifecycle),
      r.failed === true ? 1 : 0,
    ]),
  );
  await tx.insertMany(
    'scan_scopes',
    ['scan_id', 'provider', 'scope_kind', 'scope_id'],
    scan.scopes.map((s) => [id, s.provider, s.kind, s.id]),
  );
  await tx.insertMany(
    'assets',
    ['scan_id', 'asset_id', 'kind', 'provider', 'native_type', 'zone', 'name'],
    scan.assets.map((a) => [id, a.id, a.kind, a.provider, a.nativeType, a.zone, a.name]),
  );
  await tx.insertMany(
    'flows',
    [
      'scan_id',
      'flow_id',
      'kind',
      'from_asset',
      'to_asset',
      'crosses_boundary',
      'authenticated',
      'encrypted',
    ],
    scan.flows.map((f) => [
      id,
      f.id,
      f.kind,
      f.from,
      f.to,
      f.crossesBoundary ? 1 : 0,
      nul(f.authenticated),
      nul(f.encrypted),
    ]),
  );
  await tx.insertMany(
    'threats',
    [
      'scan_id',
      'fingerprint',
      'rule_id',
      'severity',
      'confidence',
      'impact',
      'likelihood',
      'title',
      'message',
      'assets',
      'accepted_justification',
      'accepted_owner',
      'accepted_ticket',
      'accepted_expires',
      'baseline',
    ],
    scan.threats.map((t) => [
      id,
      t.fingerprint,
      t.ruleId,
      t.severity,
      t.confidence,
      t.impact,
      t.likelihood,
      t.title,
      t.message,
      JSON.stringify(t.assets),
      nul(t.accepted?.justification),
      nul(t.accepted?.owner),
      nul(t.accepted?.ticket),
      nul(t.accepted?.expires),
      nul(t.baseline),
    ]),
  );
  await tx.insertMany(
    'coverage_notes',
    ['scan_id', 'seq', 'kind', 'message', 'input_path', 'address', 'service'],
    scan.notes.map((n, seq) => [id, seq, n.kind, n.message, n.input, nul(n.address), nul(n.service)]),
  );
}

function identityOf(row: Row): Identity {
  const ciSystem = opt(row, 'ci_system');
  const ciActor = opt(row, 'ci_actor');
  return {
    user: str(row, 'os_user'),
    ...(ciSystem === undefined ? {} : { ciSystem }),
    ...(ciActor === undefined ? {} : { ciActor }),
  };
}

function summaryOf(row: Row, inputs: InputRecord[]): ScanSummary {
  return {
    id: str(row, 'id'),
    time: str(row, 'scanned_at'),
    toolVersion: str(row, 'tool_version'),
    ruleSetHash: str(row, 'rule_set_hash'),
    identity: identityOf(row),
    inputs,
    counts: {
      assets: num(row, 'asset_count'),
      flows: num(row, 'flow_count'),
      threats: num(row, 'threat_count'),
      notes: num(row, 'note_count'),
    },
  };
}

function assetOf(r: Row): AssetRecord {
  return {
    id: str(r, 'asset_id'),
    kind: str(r, 'kind'),
    provider: str(r, 'provider'),
    nativeType: str(r, 'native_type'),
    zone: str(r, 'zone'),
    name: str(r, 'name'),
  };
}

function flowOf(r: Row): FlowRecord {
  const authenticated = opt(r, 'authenticated') as StoredFact | undefined;
  const encrypted = opt(r, 'encrypted') as StoredFact | undefined;
  return {
    id: str(r, 'flow_id'),
    kind: str(r, 'kind'),
    from: str(r, 'from_asset'),
    to: str(r, 'to_asset'),
    crossesBoundary: num(r, 'crosses_boundary') === 1,
    ...(authenticated === undefined ? {} : { authenticated }),
    ...(encrypted === undefined ? {} : { encrypted }),
  };
}

function threatOf(r: Row): ThreatRecord {
  const justification = opt(r, 'accepted_justification');
  const owner = opt(r, 'accepted_owner');
  const ticket = opt(r, 'accepted_ticket');
  const expires = opt(r, 'accepted_expires');
  const baseline = opt(r, 'baseline');
  return {
    fingerprint: str(r, 'fingerprint'),
    ruleId: str(r, 'rule_id'),
    severity: str(r, 'severity'),
    confidence: str(r, 'confidence'),
    impact: num(r, 'impact'),
    likelihood: num(r, 'likelihood'),
    title: str(r, 'title'),
    message: str(r, 'message'),
    assets: JSON.parse(str(r, 'assets')) as string[],
    ...(justification === undefined
      ? {}
      : {
          accepted: {
            justification,
            ...(owner === undefined ? {} : { owner }),
            ...(ticket === undefined ? {} : { ticket }),
            ...(expires === undefined ? {} : { expires }),
          },
        }),
    ...(baseline === undefined ? {} : { baseline }),
  };
}

function noteOf(r: Row): NoteRecord {
  const address = opt(r, 'address');
  const service = opt(r, 'service');
  return {
    kind: str(r, 'kind') as NoteRecord['kind'],
    message: str(r, 'message'),
    input: str(r, 'input_path'),
    ...(address === undefined ? {} : { address }),
    ...(service === undefined ? {} : { service }),
  };
}

function ruleOf(r: Row): RuleVersion {
  const layer = opt(r, 'ssrm_layer');
  const lifecycle = opt(r, 'lifecycle');
  return {
    id: str(r, 'rule_id'),
    hash: str(r, 'meta_hash'),
    ...(layer === undefined ? {} : { layer }),
    ...(lifecycle === undefined ? {} : { lifecycle: JSON.parse(lifecycle) as string[] }),
    ...(num(r, 'failed') === 1 ? { failed: true } : {}),
  };
}

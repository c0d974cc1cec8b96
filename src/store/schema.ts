/**
 * The history schema, one numbered migration at a time. The same statements run on SQLite and PostgreSQL, so
 * they keep to the types both have: TEXT, INTEGER (booleans as 0/1, times as ISO text, lists as JSON text).
 * Append new migrations; never edit one that has shipped.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly statements: readonly string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'scans, inputs, assets, flows, threats and coverage notes',
    statements: [
      `CREATE TABLE scans (
        id TEXT PRIMARY KEY,
        scanned_at TEXT NOT NULL,
        tool_version TEXT NOT NULL,
        rule_set_hash TEXT NOT NULL,
        roles TEXT NOT NULL,
        os_user TEXT NOT NULL,
        ci_system TEXT,
        ci_actor TEXT,
        asset_count INTEGER NOT NULL,
        flow_count INTEGER NOT NULL,
        threat_count INTEGER NOT NULL,
        note_count INTEGER NOT NULL
      )`,
      `CREATE TABLE scan_inputs (
        scan_id TEXT NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        path TEXT NOT NULL,
        format TEXT NOT NULL,
        format_version TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        PRIMARY KEY (scan_id, seq)
      )`,
      `CREATE TABLE assets (
        scan_id TEXT NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
        asset_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        provider TEXT NOT NULL,
        native_type TEXT NOT NULL,
        zone TEXT NOT NULL,
        name TEXT NOT NULL,
        PRIMARY KEY (scan_id, asset_id)
      )`,
      `CREATE TABLE flows (
        scan_id TEXT NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
        flow_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        from_asset TEXT NOT NULL,
        to_asset TEXT NOT NULL,
        crosses_boundary INTEGER NOT NULL,
        authenticated TEXT,
        encrypted TEXT,
        PRIMARY KEY (scan_id, flow_id)
      )`,
      `CREATE TABLE threats (
        scan_id TEXT NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
        fingerprint TEXT NOT NULL,
        rule_id TEXT NOT NULL,
        severity TEXT NOT NULL,
        confidence TEXT NOT NULL,
        impact INTEGER NOT NULL,
        likelihood INTEGER NOT NULL,
        title TEXT NOT NULL,
        message TEXT NOT NULL,
        assets TEXT NOT NULL,
        accepted_justification TEXT,
        accepted_owner TEXT,
        accepted_ticket TEXT,
        accepted_expires TEXT,
        baseline TEXT,
        PRIMARY KEY (scan_id, fingerprint)
      )`,
      'CREATE INDEX threats_by_fingerprint ON threats (fingerprint)',
      `CREATE TABLE coverage_notes (
        scan_id TEXT NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        kind TEXT NOT NULL,
        message TEXT NOT NULL,
        input_path TEXT NOT NULL,
        address TEXT,
        PRIMARY KEY (scan_id, seq)
      )`,
    ],
  },
  {
    version: 2,
    name: 'rule versions and cloud scopes (accounts, subscriptions, projects)',
    statements: [
      `CREATE TABLE scan_rules (
        scan_id TEXT NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
        rule_id TEXT NOT NULL,
        meta_hash TEXT NOT NULL,
        PRIMARY KEY (scan_id, rule_id)
      )`,
      `CREATE TABLE scan_scopes (
        scan_id TEXT NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
        provider TEXT NOT NULL,
        scope_kind TEXT NOT NULL,
        scope_id TEXT NOT NULL,
        PRIMARY KEY (scan_id, provider, scope_kind, scope_id)
      )`,
    ],
  },
  {
    version: 3,
    name: 'reviews, the layer and lifecycle of each rule run, and the service of coverage notes',
    statements: [
      `CREATE TABLE reviews (
        id TEXT PRIMARY KEY,
        reviewed_at TEXT NOT NULL,
        reviewer TEXT NOT NULL,
        notes TEXT NOT NULL,
        scan_id TEXT NOT NULL REFERENCES scans (id),
        rule_set_hash TEXT NOT NULL,
        tool_version TEXT NOT NULL
      )`,
      // NULL in scans recorded before this migration: their rules' layer and lifecycle were not kept.
      'ALTER TABLE scan_rules ADD COLUMN ssrm_layer TEXT',
      'ALTER TABLE scan_rules ADD COLUMN lifecycle TEXT',
      'ALTER TABLE scan_rules ADD COLUMN failed INTEGER',
      'ALTER TABLE coverage_notes ADD COLUMN service TEXT',
    ],
  },
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at TEXT NOT NULL
)`;

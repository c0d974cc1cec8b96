import { describe, expect, it } from 'vitest';
import { assetOf, flowOf, inventoryOf, ref } from './plan-builder.js';

const RUN = {
  type: 'google_cloud_run_v2_service',
  name: 'svc',
  action: 'no-op' as const,
  values: { name: 'svc', template: [{ containers: [{ image: 'gcr.io/p/svc:1' }] }] },
};

describe('google_logging_project_sink', () => {
  it('routes the service named in its filter to a log bucket named by value: CMEK and retention from the bucket', () => {
    const inv = inventoryOf([
      RUN,
      {
        type: 'google_logging_project_bucket_config',
        name: 'b',
        action: 'no-op',
        values: {
          id: 'projects/p/locations/global/buckets/llm',
          bucket_id: 'llm',
          retention_days: 365,
          cmek_settings: [{ kms_key_name: 'projects/p/locations/global/keyRings/r/cryptoKeys/k' }],
        },
      },
      {
        type: 'google_logging_project_sink',
        name: 's',
        values: {
          name: 's',
          destination: 'logging.googleapis.com/projects/p/locations/global/buckets/llm',
          filter: 'resource.type="cloud_run_revision" AND resource.labels.service_name="svc"',
        },
      },
    ]);
    const sink = assetOf(inv, 'google_logging_project_sink.s');
    expect(sink.kind).toBe('log-sink');
    expect(sink.facts.customerManagedKey).toMatchObject({ state: 'explicit', value: true });
    expect(sink.facts.deletionLifecycle).toMatchObject({ state: 'explicit', value: true });
    expect(
      flowOf(inv, 'log-to', 'google_cloud_run_v2_service.svc', 'google_logging_project_sink.s')?.evidence[0]
        ?.note,
    ).toContain('service_name="svc"');
    expect(assetOf(inv, 'google_cloud_run_v2_service.svc').facts.invocationLogging).toMatchObject({
      state: 'explicit',
      value: true,
    });
  });

  it('a destination known only after apply that references nothing: facts unknown; a filter naming nothing: no flow', () => {
    const inv = inventoryOf([
      RUN,
      {
        type: 'google_logging_project_sink',
        name: 's',
        values: { name: 's', filter: 'severity>=ERROR' },
        unknown: { destination: true },
      },
    ]);
    expect(assetOf(inv, 'google_logging_project_sink.s').facts.customerManagedKey).toMatchObject({
      state: 'unknown',
      reason: 'known only after apply',
    });
    expect(inv.flows.filter((f) => f.kind === 'log-to')).toEqual([]);
  });

  it('a BigQuery destination by reference: CMK and table expiration from the dataset', () => {
    const inv = inventoryOf([
      {
        type: 'google_bigquery_dataset',
        name: 'd',
        values: { dataset_id: 'logs', default_table_expiration_ms: 86400000 },
        unknown: { id: true },
      },
      {
        type: 'google_logging_project_sink',
        name: 's',
        values: { name: 's' },
        unknown: { destination: true },
        expressions: { destination: ref('google_bigquery_dataset.d.id') },
      },
    ]);
    expect(assetOf(inv, 'google_logging_project_sink.s').facts).toMatchObject({
      customerManagedKey: {
        state: 'default',
        value: false,
        attribute: 'google_bigquery_dataset.d.default_encryption_configuration[0].kms_key_name',
      },
      deletionLifecycle: { state: 'explicit', value: true },
    });
  });
});

describe('google_bigquery_dataset and google_project_iam_audit_config', () => {
  it('a dataset shared with allAuthenticatedUsers is anonymously readable; a private one is not', () => {
    const inv = inventoryOf([
      {
        type: 'google_bigquery_dataset',
        name: 'pub',
        values: { dataset_id: 'pub', access: [{ role: 'READER', special_group: 'allAuthenticatedUsers' }] },
      },
      {
        type: 'google_bigquery_dataset',
        name: 'priv',
        values: { dataset_id: 'priv', access: [{ role: 'OWNER', user_by_email: 'a@example.com' }] },
      },
      {
        type: 'google_bigquery_dataset',
        name: 'open',
        values: { dataset_id: 'open', access: [{ role: 'WRITER', iam_member: 'allUsers' }] },
      },
    ]);
    expect(assetOf(inv, 'google_bigquery_dataset.open').facts.anonymousWrite).toMatchObject({
      state: 'explicit',
      value: true,
    });
    expect(assetOf(inv, 'google_bigquery_dataset.pub').facts.anonymousWrite).toMatchObject({
      state: 'default',
      value: false,
    });
    expect(assetOf(inv, 'google_bigquery_dataset.pub').facts.anonymousRead).toMatchObject({
      state: 'explicit',
      value: true,
    });
    expect(assetOf(inv, 'google_bigquery_dataset.priv').facts.anonymousRead).toMatchObject({
      state: 'default',
      value: false,
    });
  });

  it('DATA_READ and DATA_WRITE audit logs for storage turn on access logging; ADMIN_READ alone does not', () => {
    const bucket = { type: 'google_storage_bucket', name: 'b', values: { name: 'b', project: 'p' } };
    const audit = (types: string[]) => ({
      type: 'google_project_iam_audit_config',
      name: 'a',
      values: {
        project: 'p',
        service: 'storage.googleapis.com',
        audit_log_config: types.map((log_type) => ({ log_type })),
      },
    });
    expect(
      assetOf(inventoryOf([bucket, audit(['DATA_READ', 'DATA_WRITE'])]), 'google_storage_bucket.b').facts
        .accessLogging,
    ).toMatchObject({ state: 'explicit', value: true });
    expect(
      assetOf(inventoryOf([bucket, audit(['ADMIN_READ'])]), 'google_storage_bucket.b').facts.accessLogging,
    ).toMatchObject({
      state: 'explicit',
      value: false,
      attribute: 'google_project_iam_audit_config.a.audit_log_config',
    });
  });

  it('DATA_READ audit logs for Vertex AI log the queries of index endpoints; DATA_WRITE alone does not', () => {
    const endpoint = {
      type: 'google_vertex_ai_index_endpoint',
      name: 'ie',
      values: { display_name: 'corpus', project: 'p' },
    };
    const audit = (service: string, types: string[]) => ({
      type: 'google_project_iam_audit_config',
      name: 'a',
      values: { project: 'p', service, audit_log_config: types.map((log_type) => ({ log_type })) },
    });
    const logging = (...extra: ReturnType<typeof audit>[]) =>
      assetOf(inventoryOf([endpoint, ...extra]), 'google_vertex_ai_index_endpoint.ie').facts.accessLogging;
    expect(logging()).toMatchObject({ state: 'default', value: false });
    expect(logging(audit('aiplatform.googleapis.com', ['DATA_READ']))).toMatchObject({
      state: 'explicit',
      value: true,
    });
    expect(logging(audit('allServices', ['DATA_READ', 'DATA_WRITE']))).toMatchObject({
      state: 'explicit',
      value: true,
    });
    expect(logging(audit('aiplatform.googleapis.com', ['DATA_WRITE']))).toMatchObject({
      state: 'explicit',
      value: false,
    });
    expect(logging(audit('storage.googleapis.com', ['DATA_READ']))).toMatchObject({
      state: 'default',
      value: false,
    });
  });
});

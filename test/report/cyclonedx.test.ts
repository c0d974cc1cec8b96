import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { describe, expect, it } from 'vitest';
import { BOM_PLACES, DEPENDENCY_FLOWS, renderCycloneDx, serialNumberOf } from '../../src/report/cyclonedx.js';
import { scanFilesSync, type ScanResult } from '../../src/scan.js';
import { asset, flow } from '../helpers/inventory.js';
import { REFERENCE_INPUTS } from '../helpers/fixtures.js';
import { scanOf } from '../helpers/scan-of.js';

const FIXTURES = [...REFERENCE_INPUTS, 'fixtures/terraform/hcl/basic'];

interface Property {
  name: string;
  value?: string;
}
interface Element {
  'bom-ref': string;
  name: string;
  type?: string;
  data?: { type: string; name?: string; classification?: string }[];
  modelCard?: {
    modelParameters?: { datasets?: { ref: string }[] };
    properties?: Property[];
  };
  authenticated?: boolean;
  'x-trust-boundary'?: boolean;
  trustZone?: string;
  properties?: Property[];
}
interface Bom {
  specVersion: string;
  serialNumber: string;
  metadata: { timestamp?: string; tools: { components: Element[] }; properties?: Property[] };
  components: Element[];
  services?: Element[];
  dependencies?: { ref: string; dependsOn?: string[] }[];
}

const validator = new Validation.JsonStrictValidator(Spec.Version.v1dot6);

function bomOf(scan: ScanResult, generatedAt?: string): Bom {
  return JSON.parse(renderCycloneDx(generatedAt === undefined ? { scan } : { scan, generatedAt })) as Bom;
}

function elements(bom: Bom): Element[] {
  return [...bom.components, ...(bom.services ?? [])];
}

function byRef(bom: Bom, ref: string): Element {
  const el = elements(bom).find((e) => e['bom-ref'] === ref);
  if (el === undefined) throw new Error(`${ref} is not in the BOM`);
  return el;
}

function prop(el: Element, name: string): string[] {
  return (el.properties ?? []).filter((p) => p.name === name).map((p) => p.value ?? '');
}

describe('CycloneDX output is a valid CycloneDX 1.6 BOM (strict schema)', () => {
  it.each(FIXTURES)('%s', async (input) => {
    const text = renderCycloneDx({ scan: scanFilesSync([input]) });
    expect(await validator.validate(text)).toBeNull();
    expect((JSON.parse(text) as Bom).specVersion).toBe('1.6');
  });

  it('the validator rejects a field CycloneDX 1.6 does not define (so the checks above can fail)', async () => {
    const bom = bomOf(scanFilesSync(['fixtures/reference-architecture/aws/plan.json']));
    const broken = { ...bom, services: bom.services?.map((s) => ({ ...s, trustBoundary: true })) };
    expect(await validator.validate(JSON.stringify(broken))).not.toBeNull();
  });

  it('with a timestamp', async () => {
    const scan = scanFilesSync(['fixtures/reference-architecture/aws/plan.json']);
    const text = renderCycloneDx({ scan, generatedAt: '2026-12-01T00:00:00.000Z' });
    expect(await validator.validate(text)).toBeNull();
  });
});

describe('CycloneDX components and services', () => {
  it.each(FIXTURES)('%s: each asset is where the table puts it, and omitted kinds are left out', (input) => {
    const scan = scanFilesSync([input]);
    const bom = bomOf(scan);
    const components = new Map(bom.components.map((c) => [c['bom-ref'], c]));
    const services = new Set((bom.services ?? []).map((s) => s['bom-ref']));
    scan.graph.forEachNode((id, { asset: a }) => {
      const place = BOM_PLACES[a.kind];
      if (place.as === 'omitted') {
        expect(components.has(id) || services.has(id)).toBe(false);
      } else if (place.as === 'service') {
        expect(services.has(id)).toBe(true);
      } else {
        expect(components.get(id)?.type).toBe(place.type);
        expect(components.get(id)?.name).toBe(a.name);
      }
    });
    expect(bom.components.length + services.size).toBe(
      scan.graph.filterNodes((_id, n) => BOM_PLACES[n.asset.kind].as !== 'omitted').length,
    );
  });

  const scan = scanFilesSync(['fixtures/reference-architecture/aws/plan.json']);
  const bom = bomOf(scan);

  it('gives the model a machine-learning-model component with a model card of what it was trained on', () => {
    const model = byRef(bom, 'aws_sagemaker_model.llm');
    expect(model.type).toBe('machine-learning-model');
    expect(model.modelCard).toEqual({
      modelParameters: { datasets: [{ ref: 'module.data.aws_s3_bucket.training' }] },
      properties: [
        { name: 'threatgraph:trainedBy', value: 'aws_sagemaker_pipeline.training' },
        { name: 'threatgraph:externalModelSource', value: 'false' },
      ],
    });
    expect(model.data).toBeUndefined();
  });

  it('gives stores a data component with a dataset entry for training data, and their role', () => {
    expect(byRef(bom, 'module.data.aws_s3_bucket.training').data).toEqual([
      { type: 'dataset', name: 'acme-llm-training-data', classification: 'training data' },
    ]);
    expect(byRef(bom, 'module.data.aws_s3_bucket.artifacts').data).toEqual([
      { type: 'other', name: 'acme-llm-model-artifacts', classification: 'model artifacts' },
    ]);
    expect(byRef(bom, 'aws_dynamodb_table.sessions').data).toEqual([
      { type: 'other', name: 'llm-chat-sessions' },
    ]);
  });

  it('makes gateways and endpoints services with authentication, trust zone and boundary crossing', () => {
    const gateway = byRef(bom, 'aws_api_gateway_rest_api.llm');
    expect(bom.services?.map((s) => s['bom-ref'])).toEqual([
      'aws_api_gateway_rest_api.llm',
      'aws_cognito_user_pool.users',
      'aws_sagemaker_endpoint.llm',
    ]);
    expect(gateway).toMatchObject({ authenticated: true, 'x-trust-boundary': true, trustZone: 'dmz' });
    expect(byRef(bom, 'aws_sagemaker_endpoint.llm')).toMatchObject({
      authenticated: true,
      'x-trust-boundary': true,
      trustZone: 'internal-interface',
    });
    // The user pool is called by the gateway in its own zone only, and has no authentication fact of its own.
    const pool = byRef(bom, 'aws_cognito_user_pool.users');
    expect(pool['x-trust-boundary']).toBe(false);
    expect(pool.authenticated).toBeUndefined();
  });

  it('keeps zone, provider, facts and the rules that fired as threatgraph properties', () => {
    const gateway = byRef(bom, 'aws_api_gateway_rest_api.llm');
    expect(prop(gateway, 'threatgraph:zone')).toEqual(['dmz']);
    expect(prop(gateway, 'threatgraph:provider')).toEqual(['aws']);
    expect(prop(gateway, 'threatgraph:fact:authMethod')).toEqual(['COGNITO']);
    expect(prop(gateway, 'threatgraph:fact:throttling')).toEqual(['false']);
    expect(prop(gateway, 'threatgraph:threat')).toEqual([
      'TG-INF-002',
      'TG-INF-003',
      'TG-INF-013',
      'TG-LOG-004',
    ]);
    expect(prop(byRef(bom, 'aws_sagemaker_notebook_instance.research'), 'threatgraph:threat')).toEqual(
      [
        ...new Set(
          scan.threats
            .filter((t) => t.assets.includes('aws_sagemaker_notebook_instance.research'))
            .map((t) => t.ruleId),
        ),
      ].sort(),
    );
  });

  it('writes an unknown fact as unknown, never as a value', () => {
    const scan = scanFilesSync(['fixtures/reference-architecture/gcp/plan.json']);
    const notebook = byRef(bomOf(scan), 'google_workbench_instance.research');
    expect(scan.view.asset('google_workbench_instance.research')?.facts.privateNetwork?.state).toBe(
      'unknown',
    );
    expect(prop(notebook, 'threatgraph:fact:privateNetwork')).toEqual(['unknown']);
  });
});

describe('CycloneDX dependencies', () => {
  const scan = scanFilesSync(['fixtures/reference-architecture/aws/plan.json']);
  const bom = bomOf(scan);
  const deps = new Map((bom.dependencies ?? []).map((d) => [d.ref, d.dependsOn ?? []]));

  it('follows what each asset invokes, reads, trains on and deploys', () => {
    expect(deps.get('aws_api_gateway_rest_api.llm')).toEqual([
      'aws_cognito_user_pool.users',
      'aws_sagemaker_endpoint.llm',
    ]);
    expect(deps.get('aws_sagemaker_endpoint.llm')).toEqual(['aws_sagemaker_model.llm']);
    expect(deps.get('aws_sagemaker_pipeline.training')).toEqual([
      'aws_sagemaker_model.llm',
      'module.data.aws_s3_bucket.artifacts',
      'module.data.aws_s3_bucket.training',
    ]);
    // Writing logs is not depending on the log group.
    expect(deps.get('aws_cloudwatch_log_group.endpoint')).toEqual([]);
    expect(deps.get('aws_sagemaker_model.llm')).not.toContain('aws_cloudwatch_log_group.endpoint');
  });

  it.each(FIXTURES)(
    '%s: every dependency is a flow of a dependency kind between two BOM elements',
    (input) => {
      const s = scanFilesSync([input]);
      const b = bomOf(s);
      const refs = new Set(elements(b).map((e) => e['bom-ref']));
      expect(new Set((b.dependencies ?? []).map((d) => d.ref))).toEqual(refs);
      for (const d of b.dependencies ?? [])
        for (const to of d.dependsOn ?? []) {
          expect(refs.has(to)).toBe(true);
          expect(s.view.flowsBetween(d.ref, to, DEPENDENCY_FLOWS).length).toBeGreaterThan(0);
        }
    },
  );
});

describe('CycloneDX determinism', () => {
  it('is byte-identical for the same input, without a timestamp unless one is given', () => {
    const a = renderCycloneDx({ scan: scanFilesSync(['fixtures/reference-architecture/aws/plan.json']) });
    const b = renderCycloneDx({ scan: scanFilesSync(['fixtures/reference-architecture/aws/plan.json']) });
    expect(a).toBe(b);
    expect(a).not.toContain('timestamp');
    const scan = scanFilesSync(['fixtures/reference-architecture/aws/plan.json']);
    expect(bomOf(scan, '2026-12-01T00:00:00.000Z').metadata.timestamp).toBe('2026-12-01T00:00:00.000Z');
  });

  it('derives the serial number from the inputs: same content same serial, other content another', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-cdx-'));
    const copy = join(dir, 'copy.json');
    copyFileSync('fixtures/reference-architecture/aws/plan.json', copy);
    const original = scanFilesSync(['fixtures/reference-architecture/aws/plan.json']);
    const copied = scanFilesSync([copy]);
    expect(serialNumberOf(copied)).toBe(serialNumberOf(original));
    expect(bomOf(original).serialNumber).toMatch(
      /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    const changed = join(dir, 'changed.json');
    writeFileSync(changed, `${readFileSync(copy, 'utf8')}\n`);
    expect(serialNumberOf(scanFilesSync([changed]))).not.toBe(serialNumberOf(original));
  });
});

describe('CycloneDX on hostile names', () => {
  const names = [
    '</script><script>alert(1)</script>',
    'quote " backslash \\ newline \n tab \t',
    'nul \u0000 and bidi \u202e',
    '#/definitions/refType',
  ];
  const assets = [
    asset('ep', 'inference-endpoint', { requiresAuthentication: false }, { name: names[0] }),
    asset('m', 'model', {}, { name: names[1] }),
    asset('urn:cdx:x"y', 'object-store', {}, { name: names[2] }),
    asset('kb', 'knowledge-base', {}, { name: names[3] }),
  ];
  const flows = [
    flow('ep', 'm', 'invoke'),
    flow('m', 'urn:cdx:x"y', 'read'),
    flow('ep', 'kb', 'retrieve-from'),
  ];
  const scan = scanOf(assets, flows);

  it('keeps every name and id exactly, and stays valid', async () => {
    const text = renderCycloneDx({ scan });
    expect(await validator.validate(text)).toBeNull();
    const bom = JSON.parse(text) as Bom;
    expect(
      elements(bom)
        .map((e) => e.name)
        .sort(),
    ).toEqual([...names].sort());
    expect(byRef(bom, 'm').type).toBe('machine-learning-model');
    expect(new Map((bom.dependencies ?? []).map((d) => [d.ref, d.dependsOn])).get('m')).toEqual([
      'urn:cdx:x"y',
    ]);
    expect(byRef(bom, 'ep').authenticated).toBe(false);
  });
});

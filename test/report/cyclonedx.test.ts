import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { describe, expect, it } from 'vitest';
import { BOM_KINDS, renderCycloneDx } from '../../src/report/cyclonedx.js';
import { scanFilesSync } from '../../src/scan.js';
import { REFERENCE_INPUTS } from '../helpers/fixtures.js';

// The library's own strict validator: the CycloneDX 1.6 JSON schema with its SPDX and JSF parts.
const validator = new Validation.JsonStrictValidator(Spec.Version.v1dot6);

interface Bom {
  serialNumber: string;
  metadata: { timestamp?: string; tools: { components: { name: string }[] } };
  components?: {
    'bom-ref': string;
    type: string;
    name: string;
    properties?: { name: string; value: string }[];
  }[];
  services?: { 'bom-ref': string; name: string }[];
  dependencies?: { ref: string; dependsOn?: string[] }[];
}
const bomOf = (text: string): Bom => JSON.parse(text) as Bom;

describe.each(REFERENCE_INPUTS)('CycloneDX AI-BOM of %s', (input) => {
  it('is valid CycloneDX 1.6', async () => {
    expect(await validator.validate(renderCycloneDx({ scan: scanFilesSync([input]) }))).toBeNull();
  });
});

describe('CycloneDX AI-BOM content', () => {
  const scan = scanFilesSync(['fixtures/reference-architecture/aws/plan.json']);
  const bom = bomOf(renderCycloneDx({ scan }));
  const refs = [...(bom.components ?? []), ...(bom.services ?? [])].map((c) => c['bom-ref']);

  it('lists exactly the AI inventory: models and data as components, what is called as services', () => {
    const expected = scan.graph
      .mapNodes((_id, a) => a.asset)
      .filter((a) => BOM_KINDS.includes(a.kind))
      .map((a) => a.id)
      .sort();
    expect([...refs].sort()).toEqual(expected);
    const byRef = new Map((bom.components ?? []).map((c) => [c['bom-ref'], c]));
    expect(byRef.get('aws_sagemaker_model.llm')?.type).toBe('machine-learning-model');
    expect(byRef.get('module.data.aws_s3_bucket.training')?.type).toBe('data');
    expect(bom.services?.map((s) => s['bom-ref']).sort()).toEqual([
      'aws_api_gateway_rest_api.llm',
      'aws_sagemaker_endpoint.llm',
    ]);
    expect(refs).not.toContain('aws_vpc.main');
    expect(byRef.get('aws_sagemaker_model.llm')?.properties).toContainEqual({
      name: 'threatgraph:zone',
      value: 'internal-interface',
    });
  });

  it('has dependencies along the flows: gateway → endpoint → model', () => {
    const deps = new Map((bom.dependencies ?? []).map((d) => [d.ref, d.dependsOn ?? []]));
    expect(deps.get('aws_api_gateway_rest_api.llm')).toEqual(['aws_sagemaker_endpoint.llm']);
    expect(deps.get('aws_sagemaker_endpoint.llm')).toContain('aws_sagemaker_model.llm');
    for (const list of deps.values()) for (const r of list) expect(refs).toContain(r);
  });

  it('is byte-identical for the same input, with a serial number that follows the inputs', () => {
    const again = renderCycloneDx({ scan: scanFilesSync(['fixtures/reference-architecture/aws/plan.json']) });
    expect(again).toBe(renderCycloneDx({ scan }));
    const other = bomOf(
      renderCycloneDx({ scan: scanFilesSync(['fixtures/reference-architecture/aws/hardened.json']) }),
    );
    expect(other.serialNumber).not.toBe(bom.serialNumber);
    expect(bom.serialNumber).toMatch(
      /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(bom.metadata.timestamp).toBeUndefined();
    expect(bomOf(renderCycloneDx({ scan, generatedAt: '2026-12-01T00:00:00.000Z' })).metadata.timestamp).toBe(
      '2026-12-01T00:00:00.000Z',
    );
    expect(bom.metadata.tools.components.map((c) => c.name)).toEqual(['threatgraph']);
  });

  it('keeps a hostile model name as data and stays valid', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-cdx-'));
    const file = join(dir, 'plan.json');
    const name = '</script>"<img src=x> 模型';
    writeFileSync(
      file,
      readFileSync('fixtures/reference-architecture/aws/plan.json', 'utf8').replaceAll(
        '"llm-chat-model"',
        JSON.stringify(name),
      ),
    );
    const text = renderCycloneDx({ scan: scanFilesSync([file]) });
    expect(await validator.validate(text)).toBeNull();
    expect(bomOf(text).components?.some((c) => c.name === name && c.type === 'machine-learning-model')).toBe(
      true,
    );
  });
});

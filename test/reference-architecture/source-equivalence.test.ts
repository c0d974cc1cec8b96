import { describe, expect, it } from 'vitest';
import { scanFilesSync, type ScanResult } from '../../src/scan.js';

/**
 * The Terraform source beside a reference-architecture plan gives the same threat model as the plan: the same
 * assets, zones, flows and threats. Differences a source scan cannot avoid (values known only after apply) are
 * listed per fixture; an empty list means none showed up.
 */
interface Model {
  readonly assets: string[];
  readonly zones: string[];
  readonly flows: string[];
  readonly threats: string[];
}

function model(result: ScanResult): Model {
  const sorted = (xs: string[]): string[] => [...new Set(xs)].sort();
  return {
    assets: sorted(result.inventory.assets.map((a) => `${a.id} ${a.kind}`)),
    zones: sorted(result.view.assets().map((a) => `${a.id} ${result.view.zone(a.id).zone}`)),
    flows: sorted(result.graph.mapEdges((_k, { flow }) => flow.id)),
    threats: sorted(
      result.threats.map((t) => `${t.ruleId} ${t.assets.join(',')} ${t.severity} ${t.confidence}`),
    ),
  };
}

const NONE = { assets: [], zones: [], flows: [], threats: [] };

const FIXTURES: readonly {
  name: string;
  plan: string;
  source: string;
  /** What the plan has that the source cannot (plan-only); the source adds nothing else. */
  expectedDifferences: Record<keyof Model, readonly string[]>;
  sourceOnly?: Partial<Record<keyof Model, readonly string[]>>;
  /** A hardened variant: the plan scans without threats. */
  planIsClean?: true;
}[] = [
  {
    name: 'AWS baseline',
    plan: 'fixtures/reference-architecture/aws/plan.json',
    source: 'fixtures/reference-architecture/aws/source',
    expectedDifferences: NONE,
  },
  {
    // The subnets and the training security group exist in the plan (no-op, ids in prior_state), so the
    // pipeline's pipeline_definition is known, with EnableNetworkIsolation and a VpcConfig naming their ids. From
    // source those ids are known only after apply, so jsonencode() of the definition is unknown: the deploy flow
    // (OutputDataConfig to the model's model_data_url) is missing and the no-isolation threat on the pipeline is
    // possible rather than absent.
    name: 'AWS hardened',
    plan: 'fixtures/reference-architecture/aws/hardened.json',
    source: 'fixtures/reference-architecture/aws/hardened-source',
    expectedDifferences: {
      ...NONE,
      flows: ['deploy:aws_sagemaker_pipeline.training->aws_sagemaker_model.llm'],
    },
    sourceOnly: {
      threats: [
        'TG-MODEL-007 aws_sagemaker_pipeline.training medium possible',
        'TG-TRAIN-001 aws_sagemaker_pipeline.training high possible',
      ],
    },
    planIsClean: true,
  },
  {
    // The plan reports the Log Analytics retention as known only after apply (a possible missing-deletion
    // threat); the source leaves it unset, which is the provider's 30-day default, a control that also lowers
    // the weak-log-sink threat.
    name: 'Azure baseline',
    plan: 'fixtures/reference-architecture/azure/plan.json',
    source: 'fixtures/reference-architecture/azure/source',
    expectedDifferences: {
      ...NONE,
      threats: [
        'TG-DATA-007 azurerm_log_analytics_workspace.main medium possible',
        'TG-LOG-002 azurerm_log_analytics_workspace.main medium confirmed',
      ],
    },
    sourceOnly: {
      threats: ['TG-LOG-002 azurerm_log_analytics_workspace.main low confirmed'],
    },
  },
  {
    name: 'Azure hardened',
    plan: 'fixtures/reference-architecture/azure/hardened.json',
    source: 'fixtures/reference-architecture/azure/hardened-source',
    expectedDifferences: NONE,
  },
  {
    // In the plan the Cloud Run service exists, so its URI, and with it the gateway's OpenAPI document, is
    // known: the gateway authenticates with Identity Platform. From source the URI is known only after apply,
    // so the document is unknown: the authentication flow is missing and the unauthenticated-gateway threat is
    // possible, not confirmed. The Workbench instance names no service account, which from source is the
    // default compute account (the plan leaves it to the provider, unknown): the internet-reachable notebook may
    // run with Editor. The plan reports the Workbench network interfaces as known only after apply, while the
    // source sets no subnet (confirmed outside a customer subnet); the API's authentication method follows the
    // unknown OpenAPI document.
    name: 'GCP baseline',
    plan: 'fixtures/reference-architecture/gcp/plan.json',
    source: 'fixtures/reference-architecture/gcp/source',
    expectedDifferences: {
      assets: [],
      zones: ['google_identity_platform_config.auth dmz'],
      flows: ['authenticate:google_api_gateway_gateway.llm->google_identity_platform_config.auth'],
      threats: [
        'TG-DEV-004 google_workbench_instance.research medium possible',
        'TG-IAM-004 google_identity_platform_config.auth medium confirmed',
        'TG-INF-002 google_api_gateway_gateway.llm medium confirmed',
      ],
    },
    sourceOnly: {
      assets: ['google_workbench_instance.research#default-compute-service-account identity'],
      zones: [
        'google_identity_platform_config.auth internal-protected',
        'google_workbench_instance.research#default-compute-service-account internal-protected',
      ],
      flows: [
        'assume-identity:google_workbench_instance.research->google_workbench_instance.research#default-compute-service-account',
      ],
      threats: [
        'TG-DEV-004 google_workbench_instance.research medium confirmed',
        'TG-IAM-001 google_workbench_instance.research#default-compute-service-account high possible',
        'TG-INF-002 google_api_gateway_gateway.llm high possible',
        'TG-INF-012 google_api_gateway_gateway.llm medium possible',
        'TG-STRIDE-001 google_api_gateway_gateway.llm,internet high possible',
        'TG-STRIDE-004 google_workbench_instance.research,google_workbench_instance.research#default-compute-service-account medium possible',
      ],
    },
  },
  {
    // As in the baseline: the Cloud Run service exists in the plan (update, `uri` known), so the gateway's OpenAPI
    // document (`openapi_documents[0].document[0].contents`) is known and the gateway authenticates with Identity
    // Platform, which is therefore in the dmz. From source the URI, and so the document, is known only after
    // apply: the authentication flow is missing and Identity Platform stays internal-protected. The gateway's
    // throttling comes from Cloud Armor either way, so neither side has threats.
    name: 'GCP hardened',
    plan: 'fixtures/reference-architecture/gcp/hardened.json',
    source: 'fixtures/reference-architecture/gcp/hardened-source',
    expectedDifferences: {
      ...NONE,
      zones: ['google_identity_platform_config.auth dmz'],
      flows: ['authenticate:google_api_gateway_gateway.llm->google_identity_platform_config.auth'],
    },
    // The gateway's OpenAPI document is known only after apply from source, so the API's authentication method,
    // and whether calls from the internet are authenticated, are possible threats there.
    sourceOnly: {
      zones: ['google_identity_platform_config.auth internal-protected'],
      threats: [
        'TG-INF-012 google_api_gateway_gateway.llm medium possible',
        'TG-STRIDE-001 google_api_gateway_gateway.llm,internet high possible',
      ],
    },
    planIsClean: true,
  },
];

describe.each(FIXTURES)(
  '$name: source and plan agree',
  ({ plan, source, expectedDifferences, sourceOnly, planIsClean }) => {
    const planScan = scanFilesSync([plan]);
    const fromPlan = model(planScan);
    const sourceScan = scanFilesSync([source]);
    const fromSource = model(sourceScan);

    it('reads every file and module of the source, and leaves out the same resource types as the plan', () => {
      expect(sourceScan.inventory.inputs[0]?.format).toBe('terraform-source');
      const missed = (notes: typeof planScan.inventory.notes, kinds: readonly string[]) =>
        notes.filter((n) => kinds.includes(n.kind)).map((n) => n.message);
      expect(missed(sourceScan.inventory.notes, ['skipped', 'module-call', 'unknown-value'])).toEqual([]);
      expect(missed(sourceScan.inventory.notes, ['unsupported-type'])).toEqual(
        missed(planScan.inventory.notes, ['unsupported-type']),
      );
    });

    it.each(['assets', 'zones', 'flows', 'threats'] as const)('has the same %s', (part) => {
      const onlyPlan = fromPlan[part].filter((x) => !fromSource[part].includes(x));
      const onlySource = fromSource[part].filter((x) => !fromPlan[part].includes(x));
      expect({ onlyPlan, onlySource }).toEqual({
        onlyPlan: expectedDifferences[part],
        onlySource: sourceOnly?.[part] ?? [],
      });
      if (part === 'threats' && planIsClean === true) expect(fromPlan.threats).toEqual([]);
      else expect(fromPlan[part].length).toBeGreaterThan(0);
    });
  },
);

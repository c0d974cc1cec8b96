import { readFileSync } from 'node:fs';

/** A fake AWS organisation: what each account holds, in the field names of the wire protocols. */
export interface FakeOrg {
  readonly accounts: Record<string, FakeAccount>;
}

export interface FakeAccount {
  /** The access key id whose requests are this account's (static credentials in the tests). */
  readonly accessKeyId?: string;
  /** Roles of this account that others may assume: role name → who and with which external id. */
  readonly assumable?: Record<string, { readonly trusted: string; readonly externalId?: string }>;
  readonly regions?: Record<string, FakeRegion>;
  /** EC2 DescribeRegions items (`regionName`, `optInStatus`). */
  readonly describeRegions?: readonly Record<string, string>[];
  readonly s3?: {
    readonly accountPublicAccessBlock?: Record<string, boolean>;
    readonly buckets: readonly FakeBucket[];
  };
  readonly iam?: {
    /** Role name → GetRole `Role` (policy documents as JSON objects, encoded by the fake). */
    readonly roles: Record<string, FakeRole>;
    /** Customer policy ARN → default version id and document. */
    readonly policies?: Record<string, { readonly versionId: string; readonly document: unknown }>;
  };
  /** Trails (DescribeTrails items) and their GetEventSelectors reply. */
  readonly cloudtrail?: readonly {
    readonly trail: Record<string, unknown>;
    readonly selectors: Record<string, unknown>;
  }[];
  /** Key ARN → DescribeKey `KeyMetadata` and rotation. */
  readonly kms?: Record<string, { readonly metadata: Record<string, unknown>; readonly rotation?: boolean }>;
}

export interface FakeRegion {
  /** DescribeLogGroups items. */
  readonly logGroups?: readonly Record<string, unknown>[];
  /** EC2 Describe* results by list element name: `vpcSet`, `subnetSet`, `routeTableSet`, `securityGroupInfo`, `vpcEndpointSet`. */
  readonly ec2?: Record<string, readonly unknown[]>;
  readonly lambda?: {
    /** ListFunctions `Functions` items. */
    readonly functions?: readonly Record<string, unknown>[];
    /** Function name → GetFunctionUrlConfig reply. */
    readonly urls?: Record<string, Record<string, unknown>>;
  };
  readonly sagemaker?: {
    readonly endpoints?: readonly Record<string, unknown>[];
    readonly endpointConfigs?: readonly Record<string, unknown>[];
    readonly models?: readonly Record<string, unknown>[];
    readonly notebooks?: readonly Record<string, unknown>[];
    readonly trainingJobs?: readonly Record<string, unknown>[];
    readonly domains?: readonly Record<string, unknown>[];
    readonly processingJobs?: readonly Record<string, unknown>[];
    readonly transformJobs?: readonly Record<string, unknown>[];
    /** DescribePipeline replies (PipelineDefinition as the JSON string the API returns). */
    readonly pipelines?: readonly Record<string, unknown>[];
    /** ListModelPackageGroups items; `ResourcePolicy`, when set, is the policy document the fake encodes. */
    readonly modelPackageGroups?: readonly Record<string, unknown>[];
    readonly featureGroups?: readonly Record<string, unknown>[];
    /** ListSpaces items (with DomainId). */
    readonly spaces?: readonly Record<string, unknown>[];
    /** DescribeUserProfile replies (with DomainId). */
    readonly userProfiles?: readonly Record<string, unknown>[];
  };
  readonly bedrock?: {
    /** GetModelInvocationLoggingConfiguration `loggingConfig`; none when not configured. */
    readonly logging?: Record<string, unknown>;
    /** GetGuardrail replies, one per guardrail version (`DRAFT`, `1` ...). */
    readonly guardrails?: readonly Item[];
    /** GetCustomModel replies, and GetModelCustomizationJob replies. */
    readonly customModels?: readonly Item[];
    readonly customizationJobs?: readonly Item[];
    /** ListProvisionedModelThroughputs `provisionedModelSummaries` items. */
    readonly provisioned?: readonly Item[];
  };
  readonly bedrockAgent?: {
    /** GetAgent `agent`, with the DRAFT version's GetAgentActionGroup replies and ListAgentKnowledgeBases items. */
    readonly agents?: readonly {
      agent: Item;
      actionGroups?: readonly Item[];
      knowledgeBases?: readonly Item[];
    }[];
    /** GetKnowledgeBase `knowledgeBase`, with the GetDataSource `dataSource` of each data source. */
    readonly knowledgeBases?: readonly { knowledgeBase: Item; dataSources?: readonly Item[] }[];
  };
  readonly apigateway?: {
    /** A GetRestApis item, with its GetResources (embedded methods), GetAuthorizers, GetRequestValidators, GetStages items. */
    readonly restApis?: readonly {
      api: Item;
      resources?: readonly Item[];
      authorizers?: readonly Item[];
      validators?: readonly Item[];
      stages?: readonly Item[];
    }[];
    readonly usagePlans?: readonly Item[];
  };
  readonly apigatewayv2?: {
    /** A GetApis item, with its GetRoutes, GetIntegrations, GetAuthorizers and GetStages items (wire names). */
    readonly apis?: readonly {
      api: Item;
      routes?: readonly Item[];
      integrations?: readonly Item[];
      authorizers?: readonly Item[];
      stages?: readonly Item[];
    }[];
  };
  /** DescribeUserPool `UserPool` of each pool. */
  readonly cognito?: { readonly userPools?: readonly Item[] };
  readonly wafv2?: {
    /** GetWebACL `WebACL`, its scope, and the resources ListResourcesForWebACL lists by type. */
    readonly webAcls?: readonly {
      scope: 'REGIONAL' | 'CLOUDFRONT';
      acl: Item;
      resources?: readonly { type: string; arn: string }[];
    }[];
  };
}

type Item = Record<string, unknown>;

export interface FakeBucket {
  readonly name: string;
  readonly region: string;
  readonly publicAccessBlock?: Record<string, boolean>;
  readonly policy?: unknown;
  /** `ApplyServerSideEncryptionByDefault` of the first rule. */
  readonly encryption?: Record<string, string>;
  readonly versioning?: string;
  readonly logging?: { readonly TargetBucket: string; readonly TargetPrefix: string };
  /** Lifecycle `Rule` elements (ID, Status, Filter, Expiration ...). */
  readonly lifecycle?: readonly Record<string, unknown>[];
  readonly objectLock?: boolean;
  /** GetBucketPolicyStatus IsPublic; by default, whether the policy allows everyone without a condition. */
  readonly policyPublic?: boolean;
  readonly replication?: { readonly role: string; readonly rules: readonly Record<string, unknown>[] };
}

export interface FakeRole {
  readonly trust: unknown;
  readonly attached?: readonly string[];
  readonly inline?: Record<string, unknown>;
}

export function loadOrg(name: string): FakeOrg {
  return JSON.parse(
    readFileSync(new URL(`../../fixtures/aws-live/${name}.json`, import.meta.url), 'utf8'),
  ) as FakeOrg;
}

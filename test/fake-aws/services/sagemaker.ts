import {
  Failure,
  jsonReply,
  jsonString,
  JSON_11,
  listReply,
  pick,
  targetOperation,
  type FakeService,
} from '../protocol.js';

const NOT_FOUND = new Failure(400, 'ValidationException');

/**
 * List calls: the fixture's list, the reply field, the summary fields a list item has, and whether the list
 * filters on CreationTimeAfter (jobs) or on the request field that names a parent (user profiles of a domain).
 */
const LISTS: Record<
  string,
  { from: string; field: string; keys: string[]; since?: true; parent?: [string, string] }
> = {
  ListEndpoints: {
    from: 'endpoints',
    field: 'Endpoints',
    keys: ['EndpointName', 'EndpointArn', 'CreationTime', 'LastModifiedTime', 'EndpointStatus'],
  },
  ListNotebookInstances: {
    from: 'notebooks',
    field: 'NotebookInstances',
    keys: ['NotebookInstanceName', 'NotebookInstanceArn', 'NotebookInstanceStatus', 'CreationTime'],
  },
  ListDomains: { from: 'domains', field: 'Domains', keys: ['DomainArn', 'DomainId', 'DomainName', 'Status'] },
  ListTrainingJobs: {
    from: 'trainingJobs',
    field: 'TrainingJobSummaries',
    keys: ['TrainingJobName', 'TrainingJobArn', 'CreationTime', 'TrainingJobStatus'],
    since: true,
  },
  ListProcessingJobs: {
    from: 'processingJobs',
    field: 'ProcessingJobSummaries',
    keys: ['ProcessingJobName', 'ProcessingJobArn', 'CreationTime', 'ProcessingJobStatus'],
    since: true,
  },
  ListTransformJobs: {
    from: 'transformJobs',
    field: 'TransformJobSummaries',
    keys: ['TransformJobName', 'TransformJobArn', 'CreationTime', 'TransformJobStatus'],
    since: true,
  },
  ListPipelines: {
    from: 'pipelines',
    field: 'PipelineSummaries',
    keys: ['PipelineArn', 'PipelineName', 'RoleArn', 'CreationTime'],
  },
  ListModelPackageGroups: {
    from: 'modelPackageGroups',
    field: 'ModelPackageGroupSummaryList',
    keys: ['ModelPackageGroupName', 'ModelPackageGroupArn', 'CreationTime', 'ModelPackageGroupStatus'],
  },
  ListFeatureGroups: {
    from: 'featureGroups',
    field: 'FeatureGroupSummaries',
    keys: ['FeatureGroupName', 'FeatureGroupArn', 'CreationTime', 'FeatureGroupStatus'],
  },
  ListSpaces: {
    from: 'spaces',
    field: 'Spaces',
    keys: ['DomainId', 'SpaceName', 'Status', 'CreationTime', 'SpaceSharingSettingsSummary'],
    parent: ['DomainIdEquals', 'DomainId'],
  },
  ListUserProfiles: {
    from: 'userProfiles',
    field: 'UserProfiles',
    keys: ['DomainId', 'UserProfileName', 'Status', 'CreationTime'],
    parent: ['DomainIdEquals', 'DomainId'],
  },
};

/** Describe calls: the fixture's list and the request fields that name the item. */
const DESCRIBES: Record<string, { from: string; keys: string[] }> = {
  DescribeEndpoint: { from: 'endpoints', keys: ['EndpointName'] },
  DescribeEndpointConfig: { from: 'endpointConfigs', keys: ['EndpointConfigName'] },
  DescribeModel: { from: 'models', keys: ['ModelName'] },
  DescribeNotebookInstance: { from: 'notebooks', keys: ['NotebookInstanceName'] },
  DescribeTrainingJob: { from: 'trainingJobs', keys: ['TrainingJobName'] },
  DescribeProcessingJob: { from: 'processingJobs', keys: ['ProcessingJobName'] },
  DescribeTransformJob: { from: 'transformJobs', keys: ['TransformJobName'] },
  DescribePipeline: { from: 'pipelines', keys: ['PipelineName'] },
  DescribeDomain: { from: 'domains', keys: ['DomainId'] },
  DescribeFeatureGroup: { from: 'featureGroups', keys: ['FeatureGroupName'] },
  DescribeUserProfile: { from: 'userProfiles', keys: ['DomainId', 'UserProfileName'] },
};

type Items = readonly Record<string, unknown>[];

export const sagemaker: FakeService = {
  protocol: 'json',
  operation: targetOperation,
  answer(ctx, call) {
    const sm = (ctx.account(call).regions?.[call.region]?.sagemaker ?? {}) as Record<
      string,
      Items | undefined
    >;
    const token = jsonString(call, 'NextToken');
    const list = LISTS[call.operation];
    if (list !== undefined) {
      const after = typeof call.json['CreationTimeAfter'] === 'number' ? call.json['CreationTimeAfter'] : 0;
      const items = (sm[list.from] ?? []).filter(
        (i) =>
          (list.since !== true || Number(i['CreationTime']) >= after) &&
          (list.parent === undefined || i[list.parent[1]] === call.json[list.parent[0]]),
      );
      return listReply(
        ctx.page(call, items, token),
        list.field,
        'NextToken',
        (i) => pick(i, list.keys),
        JSON_11,
      );
    }
    const describe = DESCRIBES[call.operation];
    if (describe !== undefined) {
      const hit = (sm[describe.from] ?? []).find((i) => describe.keys.every((k) => i[k] === call.json[k]));
      if (hit === undefined) throw NOT_FOUND;
      return jsonReply(hit, JSON_11);
    }
    if (call.operation === 'GetModelPackageGroupPolicy') {
      const group = (sm['modelPackageGroups'] ?? []).find(
        (g) => g['ModelPackageGroupName'] === call.json['ModelPackageGroupName'],
      );
      const policy = group?.['ResourcePolicy'];
      if (policy === undefined) throw NOT_FOUND;
      return jsonReply({ ResourcePolicy: JSON.stringify(policy) }, JSON_11);
    }
    throw new Failure(400, 'UnknownOperationException');
  },
};

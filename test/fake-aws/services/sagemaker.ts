import {
  Failure,
  findOr,
  jsonReply,
  jsonString,
  JSON_11,
  listReply,
  pick,
  targetOperation,
  type FakeService,
} from '../protocol.js';

const NOT_FOUND = new Failure(400, 'ValidationException');

/** List calls: the fixture's list, the reply field, and the summary fields a list item has. */
const LISTS: Record<string, { from: string; field: string; keys: string[] }> = {
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
};

/** Describe calls: the fixture's list and the request field that names the item. */
const DESCRIBES: Record<string, { from: string; key: string }> = {
  DescribeEndpoint: { from: 'endpoints', key: 'EndpointName' },
  DescribeEndpointConfig: { from: 'endpointConfigs', key: 'EndpointConfigName' },
  DescribeModel: { from: 'models', key: 'ModelName' },
  DescribeNotebookInstance: { from: 'notebooks', key: 'NotebookInstanceName' },
  DescribeTrainingJob: { from: 'trainingJobs', key: 'TrainingJobName' },
  DescribeDomain: { from: 'domains', key: 'DomainId' },
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
    if (list !== undefined)
      return listReply(
        ctx.page(call, sm[list.from] ?? [], token),
        list.field,
        'NextToken',
        (i) => pick(i, list.keys),
        JSON_11,
      );
    const describe = DESCRIBES[call.operation];
    if (describe !== undefined)
      return jsonReply(findOr(sm[describe.from], describe.key, call.json[describe.key], NOT_FOUND), JSON_11);
    if (call.operation === 'ListTrainingJobs') {
      const after = typeof call.json['CreationTimeAfter'] === 'number' ? call.json['CreationTimeAfter'] : 0;
      const recent = (sm['trainingJobs'] ?? []).filter((j) => Number(j['CreationTime']) >= after);
      return listReply(
        ctx.page(call, recent, token),
        'TrainingJobSummaries',
        'NextToken',
        (i) => pick(i, ['TrainingJobName', 'TrainingJobArn', 'CreationTime', 'TrainingJobStatus']),
        JSON_11,
      );
    }
    throw new Failure(400, 'UnknownOperationException');
  },
};

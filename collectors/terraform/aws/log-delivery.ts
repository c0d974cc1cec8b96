import { explicit, unknown, type Fact } from '../../../src/model/index.js';
import { isUnknownAt, str, unknownReason } from '../attributes.js';
import type { Link, MapFn, MapperContext } from '../context.js';
import type { TfResource } from '../types.js';
import { attachTargets, LOG_GROUP, s3Targets } from './common.js';

const SOURCE = ['aws_cloudwatch_log_delivery_source'] as const;
const DESTINATION = ['aws_cloudwatch_log_delivery_destination'] as const;
const KNOWLEDGE_BASE = ['aws_bedrockagent_knowledge_base'] as const;
/** The only delivery sources read here: Bedrock knowledge bases. */
const KNOWLEDGE_BASE_ARN = /^arn:aws[\w-]*:bedrock:[^:]*:[^:]*:knowledge-base\//;

/**
 * aws_cloudwatch_log_delivery: CloudWatch vended logs of a delivery source (a resource and a log type) go to a
 * delivery destination (log group, bucket or stream). For a Bedrock knowledge base, APPLICATION_LOGS record the
 * ingestion of each document; without a delivery the knowledge base logs nothing. Sources and destinations are
 * read here (their own mappers consume them).
 */
export const mapLogDelivery: MapFn = (r, ctx) => {
  const sources = ctx.linked(r, 'delivery_source_name', SOURCE, ['name']);
  if (sources.length === 0) {
    if (isUnknownAt(r, 'delivery_source_name'))
      ctx.unresolved(r, 'delivery_source_name', KNOWLEDGE_BASE, ['accessLogging']);
    else
      ctx.note(
        'unresolved-link',
        'delivery_source_name names a delivery source outside this plan',
        r.address,
      );
    return;
  }
  const destinations = destinationsOf(ctx, r);
  for (const s of sources) {
    const logs = applicationLogs(s.resource);
    for (const kb of knowledgeBasesOf(ctx, s.resource)) {
      const id = kb.resource.address;
      ctx.patch(id, { accessLogging: logs }, 'or');
      for (const d of destinations)
        ctx.flow(id, d.resource.address, 'log-to', ctx.evidence(r, d.path, d.via));
    }
  }
};

function applicationLogs(s: TfResource): Fact<boolean> {
  const attribute = `${s.address}.log_type`;
  if (isUnknownAt(s, 'log_type')) return unknown(attribute, unknownReason(s, 'log_type'));
  return explicit(str(s, 'log_type') === 'APPLICATION_LOGS', attribute);
}

/** The knowledge bases a delivery source stands for; the ARN of another service's resource names none. */
function knowledgeBasesOf(ctx: MapperContext, s: TfResource): Link[] {
  const arn = isUnknownAt(s, 'resource_arn') ? undefined : str(s, 'resource_arn');
  const linked = ctx.linked(s, 'resource_arn', KNOWLEDGE_BASE, ['arn']);
  if (linked.length > 0 || (arn !== undefined && !KNOWLEDGE_BASE_ARN.test(arn))) return linked;
  return attachTargets(ctx, s, 'resource_arn', KNOWLEDGE_BASE, ['accessLogging'], ['arn']);
}

interface Destination extends Link {
  readonly path: string;
}

/** Log groups and buckets that the delivery's destination writes to. */
function destinationsOf(ctx: MapperContext, r: TfResource): Destination[] {
  const path = 'delivery_destination_configuration.0.destination_resource_arn';
  return ctx.linked(r, 'delivery_destination_arn', DESTINATION, ['arn']).flatMap((d) =>
    [...ctx.linked(d.resource, path, LOG_GROUP, ['arn']), ...s3Targets(ctx, d.resource, path)].map((t) => ({
      resource: t.resource,
      via: `${d.resource.address}: ${t.via}`,
      path: 'delivery_destination_arn',
    })),
  );
}

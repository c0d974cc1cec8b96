import type { Evidence } from '../../src/model/index.js';
import { grantsFor } from '../terraform/aws/iam.js';
import { globMatcher, isWildcard, type Statement } from '../terraform/aws/policy.js';
import type { LiveInventory } from './inventory.js';

/**
 * Flows granted by the identity policies of the roles read: the Terraform IAM mapper's table of what each action
 * grants (grantsFor), matched against the assets the scan found. An asset's id is its ARN, so a Resource pattern
 * matches ids (or, for S3 object ARNs and the like, the resource name the pattern starts with); a wildcard
 * naming several assets is one flow to a resource set, as in a plan.
 */

/** The live asset types of the Terraform types grants name. */
const NATIVE: Readonly<Record<string, string>> = {
  aws_s3_bucket: 'AWS::S3::Bucket',
  aws_lambda_function: 'AWS::Lambda::Function',
  aws_kms_key: 'AWS::KMS::Key',
  aws_cloudwatch_log_group: 'AWS::Logs::LogGroup',
  aws_dynamodb_table: 'AWS::DynamoDB::Table',
  aws_sagemaker_endpoint: 'AWS::SageMaker::Endpoint',
  aws_sagemaker_model: 'AWS::SageMaker::Model',
  aws_sagemaker_model_package_group: 'AWS::SageMaker::ModelPackageGroup',
  aws_sagemaker_feature_group: 'AWS::SageMaker::FeatureGroup',
  aws_bedrockagent_agent: 'AWS::Bedrock::Agent',
  aws_bedrockagent_knowledge_base: 'AWS::Bedrock::KnowledgeBase',
  aws_bedrock_custom_model: 'AWS::Bedrock::CustomModel',
  aws_bedrock_guardrail: 'AWS::Bedrock::Guardrail',
};

export interface RoleGrants {
  readonly role: string;
  readonly account: string;
  readonly statements: readonly Statement<string>[];
}

export function drawGrantFlows(inv: LiveInventory, roles: readonly RoleGrants[]): void {
  const byType = new Map<string, { id: string; name: string }[]>();
  for (const a of inv.all()) {
    const list = byType.get(a.nativeType) ?? [];
    list.push({ id: a.id, name: a.name });
    byType.set(a.nativeType, list);
  }
  for (const { role, account, statements } of roles) {
    for (const s of statements) {
      if (s.effect !== 'Allow' || s.notActions) continue;
      for (const action of s.actions ?? []) {
        const [service, verb] = action === '*' ? ['*', '*'] : action.split(':', 2);
        for (const grant of grantsFor(service ?? '', verb ?? '')) {
          const types = grant.types.flatMap((t) => NATIVE[t] ?? []);
          for (const res of s.resources) {
            if (res.kind !== 'arn') continue;
            const matchId = globMatcher(res.arn);
            const named = grant.svc.name?.re.exec(res.arn)?.[1];
            const matchName = named === undefined ? undefined : globMatcher(named);
            const every = grant.svc.every?.test(res.arn) === true;
            const members = types
              .flatMap((t) => byType.get(t) ?? [])
              .filter((a) => every || matchId(a.id) || matchName?.(a.name) === true)
              .map((a) => a.id);
            const targets = isWildcard(res.arn)
              ? inv.resourceSet(account, {
                  key: `aws:${grant.typesKey}:${res.arn}`,
                  name: `${grant.types.join(', ')} matching ${res.arn}`,
                  members,
                  source: role,
                })
              : members;
            const evidence: Evidence = { assetId: role, attribute: s.source };
            for (const target of targets)
              for (const kind of grant.kinds)
                inv.flow(kind, role, target, { ...evidence, note: `${action} on ${target}` });
          }
        }
      }
    }
  }
}

import type { FakeService } from '../protocol.js';
import { apigateway, apigatewayv2 } from './apigateway.js';
import { bedrock, bedrockAgent } from './bedrock.js';
import { cloudtrail } from './cloudtrail.js';
import { cognito } from './cognito.js';
import { ec2 } from './ec2.js';
import { iam } from './iam.js';
import { kms } from './kms.js';
import { lambda } from './lambda.js';
import { logs } from './logs.js';
import { s3, s3control } from './s3.js';
import { sagemaker } from './sagemaker.js';
import { sts } from './sts.js';
import { wafv2 } from './wafv2.js';

/** The fake's services by the name the fake logs them under. */
export const SERVICES: Record<string, FakeService> = {
  ec2,
  iam,
  kms,
  lambda,
  s3,
  s3control,
  sagemaker,
  sts,
  bedrock,
  'bedrock-agent': bedrockAgent,
  apigateway,
  apigatewayv2,
  'cognito-idp': cognito,
  wafv2,
  logs,
  cloudtrail,
};

/**
 * The service of a request: its SigV4 signing name, except where two clients sign with one name and the path
 * tells them apart.
 */
export function serviceOf(signing: string, path: string): string {
  if (signing === 's3' && path.startsWith('/v20180820/')) return 's3control';
  if (signing === 'bedrock' && /^\/(agents|knowledgebases)\//.test(path)) return 'bedrock-agent';
  if (signing === 'apigateway' && path.startsWith('/v2/')) return 'apigatewayv2';
  return signing;
}

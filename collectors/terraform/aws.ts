import * as api from './aws/apigateway.js';
import * as bedrock from './aws/bedrock.js';
import * as compute from './aws/compute.js';
import * as data from './aws/data.js';
import * as iam from './aws/iam.js';
import * as logDelivery from './aws/log-delivery.js';
import * as network from './aws/network.js';
import * as s3 from './aws/s3.js';
import * as sagemaker from './aws/sagemaker.js';
import type { MapperTable } from './context.js';

/** Terraform AWS provider resource types → mappers (see MAPPING.md). */
export const awsMappers: MapperTable = {
  // SageMaker
  aws_sagemaker_endpoint: sagemaker.mapEndpoint,
  aws_sagemaker_endpoint_configuration: sagemaker.mapEndpointConfiguration,
  aws_sagemaker_model: sagemaker.mapModel,
  aws_sagemaker_notebook_instance: sagemaker.mapNotebook,
  aws_sagemaker_domain: sagemaker.mapDomain,
  aws_sagemaker_user_profile: sagemaker.mapUserProfile,
  aws_sagemaker_feature_group: sagemaker.mapFeatureGroup,
  aws_sagemaker_pipeline: sagemaker.mapPipeline,
  aws_sagemaker_model_package_group: sagemaker.mapModelPackageGroup,
  aws_sagemaker_model_package_group_policy: sagemaker.mapModelPackageGroupPolicy,
  // Bedrock
  aws_bedrock_model_invocation_logging_configuration: bedrock.mapInvocationLogging,
  aws_bedrock_guardrail: bedrock.mapGuardrail,
  aws_bedrock_guardrail_version: iam.consumed,
  aws_bedrock_custom_model: bedrock.mapCustomModel,
  aws_bedrockagent_agent: bedrock.mapAgent,
  aws_bedrockagent_agent_action_group: bedrock.mapActionGroup,
  aws_bedrockagent_knowledge_base: bedrock.mapKnowledgeBase,
  aws_bedrockagent_agent_knowledge_base_association: bedrock.mapKnowledgeBaseAssociation,
  aws_bedrockagent_data_source: bedrock.mapDataSource,
  // S3
  aws_s3_bucket: s3.mapBucket,
  aws_s3_bucket_policy: s3.mapBucketPolicy,
  aws_s3_bucket_public_access_block: s3.mapPublicAccessBlock,
  aws_s3_bucket_server_side_encryption_configuration: s3.mapBucketEncryption,
  aws_s3_bucket_versioning: s3.mapBucketVersioning,
  aws_s3_bucket_lifecycle_configuration: s3.mapBucketLifecycle,
  aws_s3_bucket_logging: s3.mapBucketLogging,
  aws_s3_bucket_acl: s3.mapBucketAcl,
  aws_s3_bucket_object_lock_configuration: s3.mapObjectLock,
  // API Gateway, Cognito, WAF
  aws_api_gateway_rest_api: api.mapRestApi,
  aws_api_gateway_resource: iam.consumed,
  aws_api_gateway_method: iam.consumed,
  aws_api_gateway_request_validator: iam.consumed,
  aws_api_gateway_model: iam.consumed,
  aws_api_gateway_deployment: iam.consumed,
  aws_api_gateway_integration: api.mapRestIntegration,
  aws_api_gateway_authorizer: api.mapRestAuthorizer,
  aws_api_gateway_stage: api.mapRestStage,
  aws_api_gateway_method_settings: api.mapMethodSettings,
  aws_api_gateway_usage_plan: api.mapUsagePlan,
  aws_apigatewayv2_api: api.mapHttpApi,
  aws_apigatewayv2_route: iam.consumed,
  aws_apigatewayv2_integration: api.mapHttpIntegration,
  aws_apigatewayv2_authorizer: api.mapHttpAuthorizer,
  aws_apigatewayv2_stage: api.mapHttpStage,
  aws_cognito_user_pool: api.mapUserPool,
  aws_wafv2_web_acl: api.mapWebAcl,
  aws_wafv2_web_acl_association: api.mapWebAclAssociation,
  // Lambda, EC2, load balancers
  aws_lambda_function: compute.mapFunction,
  aws_lambda_function_url: compute.mapFunctionUrl,
  aws_lambda_permission: compute.mapLambdaPermission,
  aws_instance: compute.mapInstance,
  aws_lb: compute.mapLoadBalancer,
  aws_alb: compute.mapLoadBalancer,
  aws_lb_listener: compute.mapListener,
  aws_alb_listener: compute.mapListener,
  aws_lb_target_group: iam.consumed,
  aws_alb_target_group: iam.consumed,
  aws_lb_target_group_attachment: iam.consumed,
  aws_alb_target_group_attachment: iam.consumed,
  // Network
  aws_vpc: network.mapVpc,
  aws_subnet: network.mapSubnet,
  aws_route_table: network.routing,
  aws_route: network.routing,
  aws_route_table_association: network.routing,
  aws_internet_gateway: network.routing,
  aws_nat_gateway: network.routing,
  aws_security_group: network.mapSecurityGroup,
  aws_security_group_rule: network.mapSecurityGroupRule,
  aws_vpc_security_group_ingress_rule: network.mapIngressRule,
  aws_vpc_security_group_egress_rule: network.routing,
  aws_vpc_endpoint: network.mapVpcEndpoint,
  // IAM, KMS, logs, databases
  aws_iam_role: iam.mapRole,
  aws_iam_role_policy: iam.mapRolePolicy,
  aws_iam_policy: iam.consumed,
  aws_iam_role_policy_attachment: iam.mapPolicyAttachment,
  aws_iam_policy_document: iam.consumed,
  aws_iam_instance_profile: iam.consumed,
  aws_kms_key: data.mapKmsKey,
  aws_cloudwatch_log_group: data.mapLogGroup,
  aws_cloudwatch_log_delivery: logDelivery.mapLogDelivery,
  aws_cloudwatch_log_delivery_source: iam.consumed,
  aws_cloudwatch_log_delivery_destination: iam.consumed,
  aws_dynamodb_table: data.mapDynamoTable,
  aws_db_instance: data.mapDbInstance,
};

import type { MapperTable } from './context.js';
import { mapApi, mapApiConfig, mapGateway } from './google/apigateway.js';
import { mapApiKey } from './google/apikeys.js';
import { mapFirestoreDatabase, mapFirestoreField } from './google/firestore.js';
import { mapProjectIam, mapServiceAccountIam } from './google/iam.js';
import { mapAuditConfig, mapIdentityPlatform, mapServiceAccount } from './google/identity.js';
import { mapCryptoKey, mapCryptoKeyIam } from './google/kms.js';
import {
  mapBigQueryDataset,
  mapBigQueryDatasetIam,
  mapLogBucketConfig,
  mapLogSink,
} from './google/logging.js';
import {
  mapBackendService,
  mapComputeInstance,
  mapFirewall,
  mapForwardingRule,
  mapNetwork,
  mapNetworkEndpointGroup,
  mapSecurityPolicy,
  mapServicePerimeter,
  mapSubnetwork,
} from './google/network.js';
import { mapNotebooksInstance, mapWorkbenchInstance } from './google/notebooks.js';
import { mapCloudFunction2, mapCloudFunction2Iam, mapCloudRunIam, mapCloudRunService } from './google/run.js';
import { mapBucket, mapBucketIam } from './google/storage.js';
import {
  mapDeployedIndex,
  mapFeatureOnlineStore,
  mapFeaturestore,
  mapIndex,
  mapIndexEndpoint,
  mapModelArmorTemplate,
  mapModelGardenDeployment,
  mapPersistentResource,
  mapReasoningEngine,
  mapVertexDataset,
  mapVertexEndpoint,
  mapVertexEndpointIam,
} from './google/vertex.js';

export const googleMappers: MapperTable = {
  // Vertex AI
  google_vertex_ai_endpoint: mapVertexEndpoint,
  google_vertex_ai_endpoint_iam_member: mapVertexEndpointIam,
  google_vertex_ai_endpoint_iam_binding: mapVertexEndpointIam,
  google_vertex_ai_endpoint_iam_policy: mapVertexEndpointIam,
  google_vertex_ai_endpoint_with_model_garden_deployment: mapModelGardenDeployment,
  google_vertex_ai_dataset: mapVertexDataset,
  google_vertex_ai_featurestore: mapFeaturestore,
  google_vertex_ai_feature_online_store: mapFeatureOnlineStore,
  google_vertex_ai_index: mapIndex,
  google_vertex_ai_index_endpoint: mapIndexEndpoint,
  google_vertex_ai_index_endpoint_deployed_index: mapDeployedIndex,
  google_vertex_ai_persistent_resource: mapPersistentResource,
  google_vertex_ai_reasoning_engine: mapReasoningEngine,
  google_model_armor_template: mapModelArmorTemplate,
  // Notebooks
  google_workbench_instance: mapWorkbenchInstance,
  google_notebooks_instance: mapNotebooksInstance,
  // Storage and data
  google_storage_bucket: mapBucket,
  google_storage_bucket_iam_member: mapBucketIam,
  google_storage_bucket_iam_binding: mapBucketIam,
  google_storage_bucket_iam_policy: mapBucketIam,
  google_bigquery_dataset: mapBigQueryDataset,
  google_bigquery_dataset_iam_member: mapBigQueryDatasetIam,
  google_bigquery_dataset_iam_binding: mapBigQueryDatasetIam,
  google_firestore_database: mapFirestoreDatabase,
  google_firestore_field: mapFirestoreField,
  // Network
  google_compute_network: mapNetwork,
  google_compute_subnetwork: mapSubnetwork,
  google_compute_firewall: mapFirewall,
  google_compute_instance: mapComputeInstance,
  google_compute_security_policy: mapSecurityPolicy,
  google_compute_backend_service: mapBackendService,
  google_compute_global_forwarding_rule: mapForwardingRule,
  google_compute_region_network_endpoint_group: mapNetworkEndpointGroup,
  google_access_context_manager_service_perimeter: mapServicePerimeter,
  // Identity and keys
  google_service_account: mapServiceAccount,
  google_project_iam_member: mapProjectIam,
  google_project_iam_binding: mapProjectIam,
  // Read by the IAM members that grant it.
  google_project_iam_custom_role: () => undefined,
  // Read by the Cloud Run service mapper (binauthz.ts): a project setting, not an asset.
  google_binary_authorization_policy: () => undefined,
  google_service_account_iam_member: mapServiceAccountIam,
  google_service_account_iam_binding: mapServiceAccountIam,
  google_service_account_iam_policy: mapServiceAccountIam,
  google_project_iam_audit_config: mapAuditConfig,
  google_identity_platform_config: mapIdentityPlatform,
  google_apikeys_key: mapApiKey,
  google_kms_crypto_key: mapCryptoKey,
  google_kms_crypto_key_iam_member: mapCryptoKeyIam,
  google_kms_crypto_key_iam_binding: mapCryptoKeyIam,
  // API Gateway, serverless
  google_api_gateway_api: mapApi,
  google_api_gateway_api_config: mapApiConfig,
  google_api_gateway_gateway: mapGateway,
  google_cloud_run_v2_service: mapCloudRunService,
  google_cloud_run_v2_service_iam_member: mapCloudRunIam,
  google_cloud_run_v2_service_iam_binding: mapCloudRunIam,
  google_cloud_run_v2_service_iam_policy: mapCloudRunIam,
  google_cloudfunctions2_function: mapCloudFunction2,
  google_cloudfunctions2_function_iam_member: mapCloudFunction2Iam,
  // Logging
  google_logging_project_sink: mapLogSink,
  google_logging_project_bucket_config: mapLogBucketConfig,
};

import type { MapperTable } from './context.js';
import {
  mapApiManagement,
  mapApiManagementApi,
  mapApiManagementApiPolicy,
  mapApiManagementBackend,
  mapApiManagementDiagnostic,
  mapApiManagementPolicy,
  mapApplicationGateway,
  mapOpenIdConnectProvider,
  mapWafPolicy,
} from './azurerm/apim.js';
import {
  mapCognitiveAccount,
  mapCognitiveAccountCustomerManagedKey,
  mapCognitiveDeployment,
  mapRaiPolicy,
} from './azurerm/cognitive.js';
import { mapCosmosSqlContainer, mapCosmosSqlRoleAssignment } from './azurerm/cosmos.js';
import {
  mapFederatedIdentityCredential,
  mapKeyVault,
  mapKeyVaultKey,
  mapRoleAssignment,
  mapUserAssignedIdentity,
} from './azurerm/identity.js';
import {
  mapAiFoundry,
  mapAiFoundryProject,
  mapMlComputeCluster,
  mapMlComputeInstance,
  mapMlDatastore,
  mapMlWorkspace,
} from './azurerm/ml.js';
import {
  mapApplicationInsights,
  mapDiagnosticSetting,
  mapLogAnalyticsLinkedService,
  mapLogAnalyticsWorkspace,
} from './azurerm/monitor.js';
import {
  mapNetworkSecurityGroup,
  mapNetworkSecurityRule,
  mapPrivateEndpoint,
  mapSubnet,
  mapSubnetNsgAssociation,
  mapVirtualNetwork,
} from './azurerm/network.js';
import { mapContainerRegistry, mapLinuxApp, mapSearchService } from './azurerm/services.js';
import { mapMlInferenceCluster } from './azurerm/serving.js';
import {
  mapStorageAccount,
  mapStorageContainer,
  mapStorageCustomerManagedKey,
  mapStorageManagementPolicy,
  mapStorageNetworkRules,
} from './azurerm/storage.js';

/** Resources whose effect is read by another type's mapper (no asset of their own). */
const FOLDED = (): void => undefined;

export const azurermMappers: MapperTable = {
  // Azure OpenAI / AI Services
  azurerm_cognitive_account: mapCognitiveAccount,
  azurerm_cognitive_account_customer_managed_key: mapCognitiveAccountCustomerManagedKey,
  azurerm_cognitive_deployment: mapCognitiveDeployment,
  azurerm_cognitive_account_rai_policy: mapRaiPolicy,
  // Azure Machine Learning / AI Foundry
  azurerm_machine_learning_workspace: mapMlWorkspace,
  azurerm_machine_learning_compute_cluster: mapMlComputeCluster,
  azurerm_machine_learning_compute_instance: mapMlComputeInstance,
  azurerm_machine_learning_inference_cluster: mapMlInferenceCluster,
  azurerm_machine_learning_datastore_blobstorage: mapMlDatastore,
  azurerm_machine_learning_datastore_datalake_gen2: mapMlDatastore,
  azurerm_machine_learning_datastore_fileshare: mapMlDatastore,
  azurerm_ai_foundry: mapAiFoundry,
  azurerm_ai_foundry_project: mapAiFoundryProject,
  azurerm_search_service: mapSearchService,
  // Storage
  azurerm_storage_account: mapStorageAccount,
  azurerm_storage_container: mapStorageContainer,
  azurerm_storage_account_network_rules: mapStorageNetworkRules,
  azurerm_storage_account_customer_managed_key: mapStorageCustomerManagedKey,
  azurerm_storage_management_policy: mapStorageManagementPolicy,
  // Cosmos DB for NoSQL: containers are the data stores; role definitions are read by the assignments
  azurerm_cosmosdb_sql_container: mapCosmosSqlContainer,
  azurerm_cosmosdb_sql_role_assignment: mapCosmosSqlRoleAssignment,
  azurerm_cosmosdb_sql_role_definition: FOLDED,
  // API Management and its edge
  azurerm_api_management: mapApiManagement,
  azurerm_api_management_api: mapApiManagementApi,
  azurerm_api_management_api_policy: mapApiManagementApiPolicy,
  azurerm_api_management_api_operation: FOLDED,
  azurerm_api_management_api_operation_policy: mapApiManagementApiPolicy,
  azurerm_api_management_policy: mapApiManagementPolicy,
  azurerm_api_management_openid_connect_provider: mapOpenIdConnectProvider,
  azurerm_api_management_backend: mapApiManagementBackend,
  azurerm_api_management_diagnostic: mapApiManagementDiagnostic,
  azurerm_api_management_api_diagnostic: mapApiManagementDiagnostic,
  azurerm_application_gateway: mapApplicationGateway,
  azurerm_web_application_firewall_policy: mapWafPolicy,
  // Network
  azurerm_virtual_network: mapVirtualNetwork,
  azurerm_subnet: mapSubnet,
  azurerm_network_security_group: mapNetworkSecurityGroup,
  azurerm_network_security_rule: mapNetworkSecurityRule,
  azurerm_subnet_network_security_group_association: mapSubnetNsgAssociation,
  azurerm_private_endpoint: mapPrivateEndpoint,
  // Identity and keys
  azurerm_user_assigned_identity: mapUserAssignedIdentity,
  azurerm_federated_identity_credential: mapFederatedIdentityCredential,
  azurerm_role_assignment: mapRoleAssignment,
  azurerm_key_vault: mapKeyVault,
  azurerm_key_vault_key: mapKeyVaultKey,
  // Logging
  azurerm_log_analytics_workspace: mapLogAnalyticsWorkspace,
  azurerm_log_analytics_linked_service: mapLogAnalyticsLinkedService,
  azurerm_log_analytics_cluster: FOLDED,
  azurerm_log_analytics_cluster_customer_managed_key: FOLDED,
  azurerm_monitor_diagnostic_setting: mapDiagnosticSetting,
  azurerm_application_insights: mapApplicationInsights,
  // Other workloads
  azurerm_container_registry: mapContainerRegistry,
  azurerm_linux_function_app: mapLinuxApp,
  azurerm_linux_web_app: mapLinuxApp,
};

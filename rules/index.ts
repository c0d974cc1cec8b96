import type { Rule } from '../src/model/index.js';
import { anonymousTrainingInput } from './ai/data/anonymous-training-input.js';
import { conversationsNoExpiry } from './ai/data/conversations-no-expiry.js';
import { featureStoreNoCmk } from './ai/data/feature-store-no-cmk.js';
import { inferenceFeedsTraining } from './ai/data/inference-feeds-training.js';
import { noDeletionLifecycle } from './ai/data/no-deletion-lifecycle.js';
import { trainingDataCrossAccount } from './ai/data/training-data-cross-account.js';
import { trainingDataNoAccessLogging } from './ai/data/training-data-no-access-logging.js';
import { trainingDataNoCmk } from './ai/data/training-data-no-cmk.js';
import { trainingDataNoVersioning } from './ai/data/training-data-no-versioning.js';
import { trainingDataPublicRead } from './ai/data/training-data-public-read.js';
import { trainingDataWritableByApps } from './ai/data/training-data-writable-by-apps.js';
import { trainingDataWritableFromInternet } from './ai/data/training-data-writable-from-internet.js';
import { containerRegistryOpen } from './ai/development/container-registry-open.js';
import { mlStaticKeys } from './ai/development/ml-static-keys.js';
import { notebookImdsV1 } from './ai/development/notebook-imdsv1.js';
import { notebookInternetRoot } from './ai/development/notebook-internet-root.js';
import { notebookNoCmk } from './ai/development/notebook-no-cmk.js';
import { notebookNoPrivateNetwork } from './ai/development/notebook-no-private-network.js';
import { notebookTerminal } from './ai/development/notebook-terminal.js';
import { trainingComputePublicIp } from './ai/development/training-compute-public-ip.js';
import { workspacePublic } from './ai/development/workspace-public.js';
import { aiServicePublicKeys } from './ai/inference/ai-service-public-keys.js';
import { captureStoreWeak } from './ai/inference/capture-store-weak.js';
import { crossRegionProcessing } from './ai/inference/cross-region-processing.js';
import { entryPointNoTls } from './ai/inference/entry-point-no-tls.js';
import { hostingNoCmk } from './ai/inference/hosting-no-cmk.js';
import { inferenceNoIsolation } from './ai/inference/inference-no-isolation.js';
import { modelHostPublicIp } from './ai/inference/model-host-public-ip.js';
import { mutableImage } from './ai/inference/mutable-image.js';
import { noRequestValidation } from './ai/inference/no-request-validation.js';
import { noThrottling } from './ai/inference/no-throttling.js';
import { noWaf } from './ai/inference/no-waf.js';
import { sharedKeyOnly } from './ai/inference/shared-key-only.js';
import { shellAccess } from './ai/inference/shell-access.js';
import { unauthenticatedModelAccess } from './ai/inference/unauthenticated-model-access.js';
import { artifactNoAccessLogging } from './ai/model/artifact-no-access-logging.js';
import { artifactNoCmk } from './ai/model/artifact-no-cmk.js';
import { artifactPublicRead } from './ai/model/artifact-public-read.js';
import { artifactTampering } from './ai/model/artifact-tampering.js';
import { autoModelUpgrade } from './ai/model/auto-model-upgrade.js';
import { deletedDataInArtifacts } from './ai/model/deleted-data-in-artifacts.js';
import { hubModelNoGate } from './ai/model/hub-model-no-gate.js';
import { guardrailHarmfulOutput } from './ai/model/guardrail-harmful-output.js';
import { registryShared } from './ai/model/registry-shared.js';
import { servingReadsTrainingData } from './ai/model/serving-reads-training-data.js';
import { trainingNoIsolation } from './ai/model/training-no-isolation.js';
import { trainingOutputNoCmk } from './ai/model/training-output-no-cmk.js';
import { agentCodeWritable } from './ai/orchestration/agent-code-writable.js';
import { agentMemoryNoCmk } from './ai/orchestration/agent-memory-no-cmk.js';
import { agentNoInputScreening } from './ai/orchestration/agent-no-input-screening.js';
import { agentWritesOwnCorpus } from './ai/orchestration/agent-writes-own-corpus.js';
import { agentsShareIdentity } from './ai/orchestration/agents-share-identity.js';
import { deletedContentRetained } from './ai/orchestration/deleted-content-retained.js';
import { excessiveAgency } from './ai/orchestration/excessive-agency.js';
import { guardrailDraft } from './ai/orchestration/guardrail-draft.js';
import { guardrailNoPii } from './ai/orchestration/guardrail-no-pii.js';
import { guardrailNoPromptAttack } from './ai/orchestration/guardrail-no-prompt-attack.js';
import { knowledgeBaseNoCmk } from './ai/orchestration/knowledge-base-no-cmk.js';
import { memoryPoisoning } from './ai/orchestration/memory-poisoning.js';
import { noGuardrail } from './ai/orchestration/no-guardrail.js';
import { ragNoGrounding } from './ai/orchestration/rag-no-grounding.js';
import { ragSourceUntrusted } from './ai/orchestration/rag-source-untrusted.js';
import { retrievalSourceWritableByApps } from './ai/orchestration/retrieval-source-writable-by-apps.js';
import { vectorStorePublic } from './ai/orchestration/vector-store-public.js';
import { keyNoRotation } from './cloud/encryption/key-no-rotation.js';
import { anyModelInvocation } from './cloud/identity/any-model-invocation.js';
import { appRedeploysModel } from './cloud/identity/app-redeploys-model.js';
import { externalTrust } from './cloud/identity/external-trust.js';
import { guardrailSelfChange } from './cloud/identity/guardrail-self-change.js';
import { noMfa } from './cloud/identity/no-mfa.js';
import { overprivilegedAiIdentity } from './cloud/identity/overprivileged-ai-identity.js';
import { plaintextSecrets } from './cloud/identity/plaintext-secrets.js';
import { sharedRoleAppTraining } from './cloud/identity/shared-role-app-training.js';
import { gatewayNoAccessLogs } from './cloud/logging/gateway-no-access-logs.js';
import { logSinkWeak } from './cloud/logging/log-sink-weak.js';
import { noInvocationLogging } from './cloud/logging/no-invocation-logging.js';
import { requestBodyLogging } from './cloud/logging/request-body-logging.js';
import { retrievalNotLogged } from './cloud/logging/retrieval-not-logged.js';
import { aiWorkloadPublicSubnet } from './cloud/network/ai-workload-public-subnet.js';
import { perimeterMissesAi } from './cloud/network/perimeter-misses-ai.js';
import { secretStorePublic } from './cloud/network/secret-store-public.js';
import { dataLayerUnprotected } from './stride/data-layer-unprotected.js';
import { internetPathToAdmin } from './stride/internet-path-to-admin.js';
import { unauthenticatedBoundaryCrossing } from './stride/unauthenticated-boundary-crossing.js';
import { unloggedModelPath } from './stride/unlogged-model-path.js';

/** Every built-in rule, in id order. A new rule is one file plus one line here. */
export const BUILTIN_RULES: readonly Rule[] = [
  trainingDataPublicRead,
  trainingDataWritableFromInternet,
  trainingDataWritableByApps,
  trainingDataNoVersioning,
  trainingDataNoCmk,
  trainingDataNoAccessLogging,
  noDeletionLifecycle,
  trainingDataCrossAccount,
  featureStoreNoCmk,
  inferenceFeedsTraining,
  anonymousTrainingInput,
  conversationsNoExpiry,
  notebookInternetRoot,
  notebookImdsV1,
  workspacePublic,
  notebookNoPrivateNetwork,
  notebookNoCmk,
  trainingComputePublicIp,
  mlStaticKeys,
  notebookTerminal,
  containerRegistryOpen,
  overprivilegedAiIdentity,
  externalTrust,
  sharedRoleAppTraining,
  noMfa,
  plaintextSecrets,
  guardrailSelfChange,
  appRedeploysModel,
  anyModelInvocation,
  unauthenticatedModelAccess,
  noThrottling,
  noWaf,
  inferenceNoIsolation,
  captureStoreWeak,
  hostingNoCmk,
  shellAccess,
  aiServicePublicKeys,
  crossRegionProcessing,
  entryPointNoTls,
  modelHostPublicIp,
  sharedKeyOnly,
  noRequestValidation,
  mutableImage,
  keyNoRotation,
  noInvocationLogging,
  logSinkWeak,
  requestBodyLogging,
  gatewayNoAccessLogs,
  retrievalNotLogged,
  artifactPublicRead,
  artifactTampering,
  registryShared,
  autoModelUpgrade,
  artifactNoCmk,
  artifactNoAccessLogging,
  trainingOutputNoCmk,
  servingReadsTrainingData,
  hubModelNoGate,
  deletedDataInArtifacts,
  guardrailHarmfulOutput,
  aiWorkloadPublicSubnet,
  perimeterMissesAi,
  secretStorePublic,
  noGuardrail,
  guardrailNoPromptAttack,
  guardrailNoPii,
  excessiveAgency,
  ragSourceUntrusted,
  agentMemoryNoCmk,
  vectorStorePublic,
  agentWritesOwnCorpus,
  retrievalSourceWritableByApps,
  ragNoGrounding,
  agentsShareIdentity,
  knowledgeBaseNoCmk,
  agentNoInputScreening,
  guardrailDraft,
  deletedContentRetained,
  agentCodeWritable,
  memoryPoisoning,
  unauthenticatedBoundaryCrossing,
  dataLayerUnprotected,
  unloggedModelPath,
  internetPathToAdmin,
  trainingNoIsolation,
];

import type { Rule } from '../src/model/index.js';
import { noDeletionLifecycle } from './ai/data/no-deletion-lifecycle.js';
import { trainingDataNoAccessLogging } from './ai/data/training-data-no-access-logging.js';
import { trainingDataNoCmk } from './ai/data/training-data-no-cmk.js';
import { trainingDataNoVersioning } from './ai/data/training-data-no-versioning.js';
import { trainingDataPublicRead } from './ai/data/training-data-public-read.js';
import { trainingDataWritableByApps } from './ai/data/training-data-writable-by-apps.js';
import { trainingDataWritableFromInternet } from './ai/data/training-data-writable-from-internet.js';
import { notebookImdsV1 } from './ai/development/notebook-imdsv1.js';
import { notebookInternetRoot } from './ai/development/notebook-internet-root.js';
import { workspacePublic } from './ai/development/workspace-public.js';
import { aiServicePublicKeys } from './ai/inference/ai-service-public-keys.js';
import { captureStoreWeak } from './ai/inference/capture-store-weak.js';
import { hostingNoCmk } from './ai/inference/hosting-no-cmk.js';
import { inferenceNoIsolation } from './ai/inference/inference-no-isolation.js';
import { noThrottling } from './ai/inference/no-throttling.js';
import { noWaf } from './ai/inference/no-waf.js';
import { shellAccess } from './ai/inference/shell-access.js';
import { unauthenticatedModelAccess } from './ai/inference/unauthenticated-model-access.js';
import { artifactPublicRead } from './ai/model/artifact-public-read.js';
import { artifactTampering } from './ai/model/artifact-tampering.js';
import { autoModelUpgrade } from './ai/model/auto-model-upgrade.js';
import { registryShared } from './ai/model/registry-shared.js';
import { trainingNoIsolation } from './ai/model/training-no-isolation.js';
import { agentMemoryNoCmk } from './ai/orchestration/agent-memory-no-cmk.js';
import { excessiveAgency } from './ai/orchestration/excessive-agency.js';
import { guardrailNoPii } from './ai/orchestration/guardrail-no-pii.js';
import { guardrailNoPromptAttack } from './ai/orchestration/guardrail-no-prompt-attack.js';
import { noGuardrail } from './ai/orchestration/no-guardrail.js';
import { ragSourceUntrusted } from './ai/orchestration/rag-source-untrusted.js';
import { keyNoRotation } from './cloud/encryption/key-no-rotation.js';
import { externalTrust } from './cloud/identity/external-trust.js';
import { noMfa } from './cloud/identity/no-mfa.js';
import { overprivilegedAiIdentity } from './cloud/identity/overprivileged-ai-identity.js';
import { sharedRoleAppTraining } from './cloud/identity/shared-role-app-training.js';
import { gatewayNoAccessLogs } from './cloud/logging/gateway-no-access-logs.js';
import { logSinkWeak } from './cloud/logging/log-sink-weak.js';
import { noInvocationLogging } from './cloud/logging/no-invocation-logging.js';
import { requestBodyLogging } from './cloud/logging/request-body-logging.js';
import { dataLayerUnprotected } from './stride/data-layer-unprotected.js';
import { unauthenticatedBoundaryCrossing } from './stride/unauthenticated-boundary-crossing.js';

/** Every built-in rule, in id order. A new rule is one file plus one line here. */
export const BUILTIN_RULES: readonly Rule[] = [
  trainingDataPublicRead,
  trainingDataWritableFromInternet,
  trainingDataWritableByApps,
  trainingDataNoVersioning,
  trainingDataNoCmk,
  trainingDataNoAccessLogging,
  noDeletionLifecycle,
  notebookInternetRoot,
  notebookImdsV1,
  workspacePublic,
  overprivilegedAiIdentity,
  externalTrust,
  sharedRoleAppTraining,
  noMfa,
  unauthenticatedModelAccess,
  noThrottling,
  noWaf,
  inferenceNoIsolation,
  captureStoreWeak,
  hostingNoCmk,
  shellAccess,
  aiServicePublicKeys,
  keyNoRotation,
  noInvocationLogging,
  logSinkWeak,
  requestBodyLogging,
  gatewayNoAccessLogs,
  artifactPublicRead,
  artifactTampering,
  registryShared,
  autoModelUpgrade,
  noGuardrail,
  guardrailNoPromptAttack,
  guardrailNoPii,
  excessiveAgency,
  ragSourceUntrusted,
  agentMemoryNoCmk,
  unauthenticatedBoundaryCrossing,
  dataLayerUnprotected,
  trainingNoIsolation,
];

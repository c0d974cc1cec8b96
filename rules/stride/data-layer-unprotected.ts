import type { Rule } from '../../src/model/index.js';
import { INFERENCE_KINDS, aicmControls, matchAttributes } from '../lib.js';

export const dataLayerUnprotected: Rule = {
  id: 'TG-STRIDE-002',
  title: 'Data layer written by the AI model lacks a customer-managed key',
  family: 'stride',
  description:
    'The application data store that the model or agent writes to is encrypted only with provider keys. It holds user data produced through the AI application; a reader with broad storage permissions or a stolen backup discloses it, and access cannot be revoked by disabling a key.',
  message: 'Data layer {asset}, written by the AI model, has no customer-managed key',
  stride: ['I'],
  atlas: { techniques: ['AML.T0036'], mitigations: ['AML.M0012'] },
  owasp: { llm: ['LLM02:2025'], ml: [] },
  lifecycle: ['data-storage', 'operations'],
  ssrm: 'Application',
  controls: { aicm: aicmControls('CEK-03', 'DSP-17'), iso27001: ['A.8.24'] },
  impact: 3,
  likelihood: 2,
  likelihoodModifiers: ['Access logging on the store lowers likelihood of undetected misuse.'],
  evidence: { facts: ['accessLogging', 'customerManagedKey'], flows: ['write'] },
  clouds: ['aws', 'azure', 'gcp'],
  remediation: {
    aws: 'Set server_side_encryption { enabled = true, kms_key_arn } on aws_dynamodb_table (kms_key_id + storage_encrypted on aws_db_instance).',
    azure: 'Add customer_managed_key to the storage account or database.',
    gcp: 'Set a CMEK on the bucket or database used as the data layer.',
  },
  match: (view) =>
    matchAttributes(view, {
      kinds: ['database', 'object-store'],
      where: (a, v) =>
        v.zone(a.id).zone === 'internal-protected' && v.hasSource(a.id, ['write'], INFERENCE_KINDS),
      when: [{ fact: 'customerManagedKey', is: false }],
      controls: [{ fact: 'accessLogging', is: true, control: 'access logging' }],
    }),
};

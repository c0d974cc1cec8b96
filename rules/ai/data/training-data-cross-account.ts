import type { Rule } from '../../../src/model/index.js';
import { aicmControls, isTrainingData, matchAttributes, nameList } from '../../lib.js';

export const trainingDataCrossAccount: Rule = {
  id: 'TG-DATA-008',
  title: 'Training data shared with principals of other accounts',
  family: 'ai/data',
  description:
    'A store the training pipeline reads grants access to principals of other accounts (a third party, a partner, a former vendor) through its resource policy. Whoever controls that account can read the training records and, with write access, plant poisoned samples that the next training run consumes; the data supply chain no longer ends at the organisation boundary. Only AWS bucket policies are read for this today: the Azure and Google Cloud mappers do not yet set cross-account grants on storage.',
  message: 'Training data in {asset}, read by {trainers}, is shared with other accounts',
  stride: ['T', 'I'],
  atlas: {
    techniques: ['AML.T0020', 'AML.T0010.002', 'AML.T0025'],
    mitigations: ['AML.M0005', 'AML.M0025'],
  },
  owasp: { llm: ['LLM04:2025', 'LLM03:2025'], ml: ['ML02:2023'] },
  lifecycle: ['data-collection', 'data-storage', 'training'],
  ssrm: 'Model',
  controls: {
    aicm: aicmControls('DSP-21', 'IAM-05', 'STA-14'),
    iso42001: ['A.7.4'],
    iso27001: ['A.5.19', 'A.5.15'],
    euAiAct: ['Article 10(2)'],
  },
  impact: 4,
  likelihood: 3,
  likelihoodModifiers: [
    'Read-only grants to named accounts with aws:PrincipalOrgID or aws:SourceAccount conditions lower likelihood; versioning lets poisoning be rolled back.',
  ],
  evidence: { facts: ['crossAccountAccess', 'versioning'], flows: ['train-on'] },
  clouds: ['aws'],
  remediation: {
    aws: 'Remove foreign-account principals from the aws_s3_bucket_policy of the training bucket, or limit them to s3:GetObject with an aws:PrincipalOrgID condition; copy partner data into an owned bucket through a reviewed ingestion job.',
  },
  match: (view) =>
    matchAttributes(view, {
      kinds: ['object-store', 'dataset'],
      where: isTrainingData,
      when: [{ fact: 'crossAccountAccess', is: true }],
      controls: [{ fact: 'versioning', is: true, control: 'versioning' }],
      params: (a, v) => ({
        trainers: nameList(v.flowsTo(a.id, ['train-on']).flatMap((f) => v.asset(f.from) ?? [])),
      }),
    }),
};

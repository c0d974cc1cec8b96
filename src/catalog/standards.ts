/**
 * What the seed control maps to: CSA AICM "Threat Analysis and Modelling" (v1.1.0 TVM-04, v1.0.3 TVM-12),
 * transcribed by hand from ../shared/seeds/aicm-threat-analysis-and-modelling.txt (the seed is prose, not a
 * table). Its auditing guidelines, standards mappings and AI-CAIQ questions are requirements of this product.
 */

export interface StandardClause {
  readonly id: string;
  readonly title: string;
}

export interface Iso42001Control extends StandardClause {
  /** The implementation guidance for the Annex A control, in Annex B. */
  readonly guidance: string;
}

export interface SeedMappings {
  readonly control: { readonly id: string; readonly v103: string; readonly title: string };
  readonly specification: string;
  /** ISO/IEC 42001:2023 Annex A controls. */
  readonly iso42001: readonly Iso42001Control[];
  /** ISO/IEC 27001:2022 Annex A controls. */
  readonly iso27001: readonly StandardClause[];
  /** Regulation (EU) 2024/1689 provisions. */
  readonly euAiAct: readonly string[];
  /** NIST AI 600-1 suggested action ids. */
  readonly nistAi600: readonly string[];
  /** BSI AI Cloud Service Compliance Criteria Catalogue (AIC4) and C5 criteria. */
  readonly bsi: readonly string[];
  /** What the AICM says each group of standards leaves uncovered ("Addendum"). */
  readonly gaps: {
    readonly iso: string;
    readonly euAiAct: string;
    readonly nistAi600: string;
    readonly bsi: string;
  };
  /** The AI-CAIQ questions for the control. */
  readonly caiqQuestions: readonly string[];
  /** Auditing guidelines 1 to 6, in order. */
  readonly auditingGuidelines: readonly string[];
}

export const SEED_MAPPINGS: SeedMappings = {
  control: { id: 'TVM-04', v103: 'TVM-12', title: 'Threat Analysis and Modelling' },
  specification:
    'Define implement and evaluate threat analysis process and procedures to identify, assess and review the ' +
    'threat landscape for Cloud and AI systems. Build threat models according to industry best practices to ' +
    'inform the risk mitigation strategy.',
  iso42001: [
    { id: 'A.6.2.3', guidance: 'B.6.2.3', title: 'Documentation of AI system design and development' },
    // The seed writes this one "A/6.2.6/B.6.2.6".
    { id: 'A.6.2.6', guidance: 'B.6.2.6', title: 'AI system operation and monitoring' },
    { id: 'A.7.2', guidance: 'B.7.2', title: 'Data for development and enhancement of AI system' },
  ],
  iso27001: [{ id: 'A.5.7', title: 'Threat intelligence' }],
  euAiAct: ['Article 9(1)', 'Article 9(2)', 'Article 15(1)', 'Annex IV(2)(f)'],
  nistAi600: ['MS-2.7-001', 'GV-1.1-001', 'GV-6.1-004'],
  bsi: ['C4 SR-01', 'C4 SR-02', 'C4 SR-03', 'C4 SR-04', 'C4 SR-05', 'C4 SR-06', 'C4 RE-05', 'C5 OPS-18'],
  gaps: {
    iso:
      'Although 42001 and 27001 speaks to performing threat analysis, they do not speak specifically to the ' +
      'TVM-04 topic of establishing process and procedures for threat analysis.',
    euAiAct:
      'Define or require the use of threat modeling frameworks to include cloud-specific risks or shared ' +
      'responsibility models, periodic review or update of threat models based on evolving threats or ' +
      'real-world incidents, and embedding threat modeling during system architecture or lifecycle stages.',
    nistAi600:
      'Needs requirement to use formal threat modeling frameworks. No coverage of cloud-specific threat ' +
      'landscape analysis. No mandate to evaluate the effectiveness of the threat analysis process over time.',
    bsi: 'N/A',
  },
  caiqQuestions: [
    'Are threat analysis processes and procedures defined, implemented, and evaluated to identify, assess, and ' +
      'review the threat landscape for Cloud and AI systems?',
    'Are threat models built according to industry best practices to inform the risk mitigation strategy?',
  ],
  auditingGuidelines: [
    'Verify that the Cloud Service Provider (CSP) has defined processes, procedures, and technical measures to ' +
      'systematically identify threats to which AI systems and models are potentially exposed. Ensure that the ' +
      'processes are documented in detail, covering scope, objectives, roles and responsibilities.',
    'Verify that processes, procedures, and technical measures are in place to systematically assess threats to ' +
      'AI systems and models previously identified.',
    'Inspect whether the above-mentioned processes, procedures, and technical measures of threat analysis are ' +
      'compliant with relevant regulatory requirements and industry best practices.',
    'Verify that countermeasures against identified threats are timely defined, prioritized, accordingly ' +
      'applied, monitored, reviewed and updated by relevant parties.',
    'Inspect whether the above-mentioned processes, procedures, and technical measures of threat analysis are ' +
      'monitored against sets of efficacy and efficiency metrics / indicators.',
    'Inspect whether the above-mentioned processes, procedures, and technical measures of threat analysis are ' +
      'periodically reviewed and updated by responsible parties.',
  ],
};

/** The seed control's mappings as ids only, in the shape of a threat's `controls`. */
export const SEED_CONTROL_MAPPINGS: {
  readonly aicm: readonly { readonly id: string; readonly v103: string }[];
  readonly iso42001: readonly string[];
  readonly iso27001: readonly string[];
  readonly euAiAct: readonly string[];
  readonly nistAi600: readonly string[];
  readonly bsi: readonly string[];
} = {
  aicm: [{ id: SEED_MAPPINGS.control.id, v103: SEED_MAPPINGS.control.v103 }],
  iso42001: SEED_MAPPINGS.iso42001.map((c) => c.id),
  iso27001: SEED_MAPPINGS.iso27001.map((c) => c.id),
  euAiAct: SEED_MAPPINGS.euAiAct,
  nistAi600: SEED_MAPPINGS.nistAi600,
  bsi: SEED_MAPPINGS.bsi,
};

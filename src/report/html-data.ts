import type { RequirementsView } from './requirements-view.js';

/**
 * What the HTML report embeds for its viewer (src/report/html-client/): plain JSON, built by html.ts from the
 * scan. The viewer reads nothing else, so this is the whole contract between the two.
 */
export interface HtmlData {
  readonly title: string;
  readonly generatedAt?: string;
  readonly tool: string;
  readonly inputs: readonly string[];
  readonly counts: Readonly<Record<string, number>>;
  readonly zones: readonly HtmlZone[];
  readonly nodes: readonly HtmlNode[];
  readonly edges: readonly HtmlEdge[];
  readonly threats: readonly HtmlThreat[];
  readonly notes: readonly { readonly kind: string; readonly message: string }[];
  /** The security requirements view (src/report/requirements.ts). */
  readonly requirements: RequirementsView;
  /** The values each filter offers, in display order. */
  readonly filters: {
    readonly severity: readonly string[];
    readonly stride: readonly HtmlOption[];
    readonly layer: readonly HtmlOption[];
    readonly lifecycle: readonly HtmlOption[];
    readonly framework: readonly string[];
  };
}

export interface HtmlOption {
  readonly value: string;
  readonly label: string;
}

export interface HtmlZone {
  readonly id: string;
  readonly description: string;
  readonly color: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface HtmlNode {
  readonly id: string;
  readonly label: string;
  readonly kind: string;
  readonly zone: string;
  readonly color: string;
  readonly x: number;
  readonly y: number;
}

export interface HtmlEdge {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly kind: string;
  /** The flow leaves one zone for another: a trust-boundary crossing. */
  readonly crossing: boolean;
}

export interface HtmlThreat {
  readonly fingerprint: string;
  readonly ruleId: string;
  readonly title: string;
  readonly message: string;
  readonly severity: string;
  readonly confidence: string;
  readonly stride: readonly string[];
  readonly layer: string;
  readonly lifecycle: readonly string[];
  /** ATLAS, OWASP and AICM ids, for the framework filter. */
  readonly frameworks: readonly string[];
  /** The assets to highlight, in path order when the rule found a path. */
  readonly path: readonly string[];
  readonly remediation: readonly string[];
  readonly evidence: readonly string[];
  readonly accepted?: string;
  readonly baseline?: string;
}

import type { ChangeAction } from '../../src/model/index.js';

export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

/** A parsed JSON object (not an array, not null), its fields not yet checked. */
export function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** One Terraform resource instance as read from a plan (or, later, from source), before mapping. */
export interface TfResource {
  /** Instance address, e.g. `module.data.aws_s3_bucket.training["raw"]`. */
  readonly address: string;
  /** Address without instance keys, e.g. `module.data.aws_s3_bucket.training`. */
  readonly configAddress: string;
  /** Module instance path, e.g. `module.data` or `` for the root module. */
  readonly module: string;
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  readonly index?: string | number;
  /** Provider source address, e.g. `registry.terraform.io/hashicorp/aws`. */
  readonly provider: string;
  /** Planned values (after the change), or prior values for no-op and data resources. */
  readonly values: JsonObject;
  /** `after_unknown`: same shape as values, `true` where the value is known only after apply. */
  readonly unknown: Json;
  /** `after_sensitive` / `sensitive_values`: same shape as values, `true` where the value is sensitive. */
  readonly sensitive: Json;
  /**
   * Why a value marked in `unknown` is unknown, by attribute path (source scans: the expression that could not
   * be evaluated). Absent for plans, where the reason is always "known only after apply".
   */
  readonly reasons?: Readonly<Record<string, string>>;
  readonly action: ChangeAction;
  /**
   * Why it is not known whether the resource exists (source scans: its `count` or `for_each` cannot be
   * evaluated, so one instance stands for none or many). What it states about other assets is then unknown.
   */
  readonly existence?: string;
  /** The input file this resource was read from. */
  readonly input: string;
  readonly file?: string;
  readonly line?: number;
  /** Line of each top-level attribute and nested block in `file` (source scans). */
  readonly lines?: Readonly<Record<string, number>>;
}

/**
 * Attribute paths are dot-separated with numeric list indexes: `data_capture_config.0.enable_capture`.
 * References are resolved to config addresses of resources (module-qualified, without instance keys).
 */
export interface ReferenceIndex {
  /** Config addresses of resources referenced by the expression at `path` of the resource's configuration. */
  refs(configAddress: string, path: string): readonly string[];
  /** Every resource config address referenced anywhere in the resource's configuration. */
  allRefs(configAddress: string): readonly string[];
}

export const NO_REFERENCES: ReferenceIndex = {
  refs: () => [],
  allRefs: () => [],
};

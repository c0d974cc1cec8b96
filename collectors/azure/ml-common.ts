import type { Workspace } from '@azure/arm-machinelearning';
import { byDefault, explicit, type Fact } from '../../src/model/index.js';
import type { AzureInventory } from './inventory.js';
import type { AzureRuntime } from './runtime.js';

/** What the Azure Machine Learning modules share: the workspace being read and the raw pages of listings. */

export const SERVICE = 'Microsoft.MachineLearningServices';
export const ARM_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/[^/]+\/[^/]+\/[^/]+$/i;

export type Raw = Readonly<Record<string, unknown>>;

export const at = (api: { readonly operation: string }, field: string): string => `${api.operation}.${field}`;

export interface WorkspaceContext {
  readonly rt: AzureRuntime;
  readonly inv: AzureInventory;
  readonly subscription: string;
  readonly id: string;
  readonly group: string;
  readonly name: string;
  readonly isolation: Fact<boolean>;
  readonly workspace: Workspace;
}

/**
 * The raw items of the pages a list call returned, by id: the response body as the service sent it, for fields
 * the installed client's models drop.
 */
export class RawPages {
  private readonly byId = new Map<string, Raw>();
  readonly options = {
    onResponse: (response: { readonly bodyAsText?: string | null }): void => {
      let body: unknown;
      try {
        body = JSON.parse(response.bodyAsText ?? '');
      } catch {
        return;
      }
      const value = (body as { value?: unknown } | null)?.value;
      if (!Array.isArray(value)) return;
      for (const item of value as unknown[]) {
        const id = (item as { id?: unknown } | null)?.id;
        if (typeof id === 'string') this.byId.set(id.toLowerCase(), item as Raw);
      }
    },
  };

  of(id: string): Raw {
    return this.byId.get(id.toLowerCase()) ?? {};
  }
}

/** The value at a dotted path of a raw body. */
export function valueAt(body: Raw, path: string): unknown {
  let v: unknown = body;
  for (const part of path.split('.')) v = (v as Raw | null | undefined)?.[part];
  return v;
}

export function str(body: Raw, path: string): string | undefined {
  const v = valueAt(body, path);
  return typeof v === 'string' ? v : undefined;
}

export function boolAt(body: Raw, path: string): boolean | undefined {
  const v = valueAt(body, path);
  return typeof v === 'boolean' ? v : undefined;
}

export function boolField(
  value: boolean | undefined,
  attribute: string,
  dflt: boolean,
  invert = false,
): Fact<boolean> {
  if (value === undefined) return byDefault(dflt, attribute);
  return explicit(invert ? !value : value, attribute);
}

import { describe, expect, it } from 'vitest';
import { flowOf, inventoryOf, type TestResource } from './plan-builder.js';

const RG = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg';

describe('Azure ML inference cluster', () => {
  const workspace: TestResource = {
    address: 'azurerm_machine_learning_workspace.w',
    values: { name: 'w' },
    unknown: { id: true },
  };
  const account: TestResource = {
    address: 'azurerm_storage_account.s',
    values: { name: 'st1', id: `${RG}/providers/Microsoft.Storage/storageAccounts/st1` },
  };
  const cluster = (identity: Record<string, string>): TestResource => ({
    address: 'azurerm_machine_learning_inference_cluster.c',
    values: { name: 'c', identity: [identity] },
    unknown: { machine_learning_workspace_id: true, identity: [{ identity_ids: true }] },
    refs: {
      machine_learning_workspace_id: 'azurerm_machine_learning_workspace.w.id',
      ...(identity['type'] === 'UserAssigned'
        ? { identity: [{ identity_ids: 'azurerm_user_assigned_identity.u.id' }] }
        : {}),
    },
  });
  const reader = (principal: string): TestResource => ({
    address: 'azurerm_role_assignment.r',
    values: { role_definition_name: 'Storage Blob Data Reader' },
    unknown: { principal_id: true, scope: true },
    refs: { principal_id: principal, scope: 'azurerm_storage_account.s.id' },
  });

  it('is an inference endpoint whose system-assigned identity holds its role assignments', () => {
    const inv = inventoryOf([
      workspace,
      account,
      cluster({ type: 'SystemAssigned' }),
      reader('azurerm_machine_learning_inference_cluster.c.identity.0.principal_id'),
    ]);
    const asset = inv.assets.find((a) => a.id === 'azurerm_machine_learning_inference_cluster.c');
    expect(asset?.kind).toBe('inference-endpoint');
    expect(
      flowOf(inv, 'read', 'azurerm_machine_learning_inference_cluster.c', 'azurerm_storage_account.s'),
    ).toBeDefined();
    expect(inv.notes.filter((n) => n.kind === 'unresolved-link')).toEqual([]);
  });

  it('assumes its user-assigned identities', () => {
    const inv = inventoryOf([
      workspace,
      { address: 'azurerm_user_assigned_identity.u', values: { name: 'u' }, unknown: { id: true } },
      cluster({ type: 'UserAssigned' }),
    ]);
    expect(
      flowOf(
        inv,
        'assume-identity',
        'azurerm_machine_learning_inference_cluster.c',
        'azurerm_user_assigned_identity.u',
      ),
    ).toBeDefined();
  });
});

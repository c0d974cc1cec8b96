import { describe, expect, it } from 'vitest';
import { armId } from '../../../collectors/azure/ids.js';

const SUB = '3f2a9c1e-5b7d-4e8a-9c21-7d4e6b1a0f35';

describe('armId', () => {
  it.each([
    [
      `/subscriptions/${SUB}/resourceGroups/RG-AI/providers/Microsoft.Storage/storageAccounts/st`,
      `/subscriptions/${SUB}/resourceGroups/rg-ai/providers/Microsoft.Storage/storageAccounts/st`,
    ],
    [
      `/subscriptions/${SUB.toUpperCase()}/resourcegroups/rg-ai/providers/Microsoft.KeyVault/vaults/kv`,
      `/subscriptions/${SUB}/resourceGroups/rg-ai/providers/Microsoft.KeyVault/vaults/kv`,
    ],
    [`/SUBSCRIPTIONS/${SUB}/RESOURCEGROUPS/Rg-Ai`, `/subscriptions/${SUB}/resourceGroups/rg-ai`],
  ])('spells %s as %s', (id, expected) => {
    expect(armId(id)).toBe(expected);
  });

  it.each([
    `/subscriptions/${SUB}`,
    `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7`,
    '/providers/Microsoft.Management/managementGroups/MG-Root',
    'principal:dddddddd-0000-0000-0000-000000000001',
    `/subscriptions/${SUB}/resourceGroupsX/RG`,
    '',
  ])('leaves %j as it is', (id) => {
    expect(armId(id)).toBe(id);
  });
});

import { describe, expect, it } from 'vitest';
import { factOf, flowOf, inventoryOf, show, type TestResource } from './plan-builder.js';

const SUB = '/subscriptions/00000000-0000-0000-0000-000000000001';
const RG = `${SUB}/resourceGroups/rg`;
const system: TestResource[] = [
  {
    address: 'azurerm_user_assigned_identity.app',
    values: { name: 'app' },
    unknown: { id: true, principal_id: true },
  },
  {
    address: 'azurerm_cognitive_account.oai',
    values: { name: 'oai', kind: 'OpenAI' },
    unknown: { id: true },
  },
  {
    address: 'azurerm_cognitive_account_rai_policy.strict',
    values: { name: 'strict', base_policy_name: 'Microsoft.DefaultV2', mode: 'Blocking' },
    unknown: { cognitive_account_id: true },
    refs: { cognitive_account_id: 'azurerm_cognitive_account.oai.id' },
  },
  {
    address: 'azurerm_cognitive_deployment.gpt',
    values: { name: 'gpt-4o', rai_policy_name: 'strict' },
    unknown: { cognitive_account_id: true },
    refs: {
      cognitive_account_id: 'azurerm_cognitive_account.oai.id',
      rai_policy_name: 'azurerm_cognitive_account_rai_policy.strict.name',
    },
  },
];
const onAccount = (role: string): TestResource => ({
  address: 'azurerm_role_assignment.r',
  values: { role_definition_name: role },
  unknown: { principal_id: true, scope: true },
  refs: {
    principal_id: 'azurerm_user_assigned_identity.app.principal_id',
    scope: 'azurerm_cognitive_account.oai.id',
  },
});
const atScope = (role: string, scope: string | undefined): TestResource => ({
  address: 'azurerm_role_assignment.r',
  values: { role_definition_name: role, ...(scope === undefined ? {} : { scope }) },
  unknown: { principal_id: true, ...(scope === undefined ? { scope: true } : {}) },
  refs: { principal_id: 'azurerm_user_assigned_identity.app.principal_id' },
});
const ID = 'azurerm_user_assigned_identity.app';

describe('content filters and deployments of a cognitive account', () => {
  it.each([
    'Cognitive Services Contributor',
    'Cognitive Services OpenAI Contributor',
    'Contributor',
    'Owner',
  ])('%s on the account can change its content filters (write to the RAI policy)', (role) => {
    const inv = inventoryOf([...system, onAccount(role)]);
    expect(flowOf(inv, 'write', ID, 'azurerm_cognitive_account_rai_policy.strict')).toBeDefined();
  });

  it('Cognitive Services OpenAI User can only call the models', () => {
    const inv = inventoryOf([...system, onAccount('Cognitive Services OpenAI User')]);
    expect(flowOf(inv, 'write', ID, 'azurerm_cognitive_account_rai_policy.strict')).toBeUndefined();
    expect(flowOf(inv, 'deploy', ID, 'azurerm_cognitive_deployment.gpt')).toBeUndefined();
    expect(flowOf(inv, 'invoke', ID, 'azurerm_cognitive_account.oai')).toBeDefined();
  });

  it('Owner and Contributor on the account can edit its model deployments', () => {
    for (const role of ['Owner', 'Contributor']) {
      const inv = inventoryOf([...system, onAccount(role)]);
      expect(flowOf(inv, 'deploy', ID, 'azurerm_cognitive_deployment.gpt'), role).toBeDefined();
    }
  });
});

describe('wildcardModelAccess', () => {
  it('is true for a Cognitive Services role at resource-group or subscription scope', () => {
    for (const scope of [RG, SUB]) {
      const inv = inventoryOf([...system, atScope('Cognitive Services OpenAI User', scope)]);
      expect(show(factOf(inv, ID, 'wildcardModelAccess')), scope).toBe('explicit:true');
    }
  });

  it('stays false for a grant on one account, and for Owner at broad scope (adminPrivileges)', () => {
    expect(
      show(
        factOf(
          inventoryOf([...system, onAccount('Cognitive Services OpenAI User')]),
          ID,
          'wildcardModelAccess',
        ),
      ),
    ).toBe('default:false');
    const owner = inventoryOf([...system, atScope('Owner', RG)]);
    expect(show(factOf(owner, ID, 'wildcardModelAccess'))).toBe('default:false');
    expect(show(factOf(owner, ID, 'adminPrivileges'))).toBe('explicit:true');
  });

  it('is unknown when the scope is known only after apply and names no resource of the plan', () => {
    const inv = inventoryOf([...system, atScope('Cognitive Services OpenAI User', undefined)]);
    expect(show(factOf(inv, ID, 'wildcardModelAccess'))).toBe('unknown');
  });
});

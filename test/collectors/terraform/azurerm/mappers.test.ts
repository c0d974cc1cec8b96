import { describe, expect, it } from 'vitest';
import { assetOf, factOf, flowOf, inventoryOf, show, type TestResource } from './plan-builder.js';

const SUB = '/subscriptions/00000000-0000-0000-0000-000000000001';
const RG = `${SUB}/resourceGroups/rg`;
const openai = (
  values: TestResource['values'] = {},
  unknown: TestResource['unknown'] = {},
): TestResource => ({
  address: 'azurerm_cognitive_account.oai',
  values: { name: 'oai', kind: 'OpenAI', custom_subdomain_name: 'oai-test', ...values },
  unknown: { id: true, endpoint: true, ...unknown },
});

/** A model deployment of `azurerm_cognitive_account.oai`. */
const deployment = (
  name: string,
  values: TestResource['values'],
  refs: TestResource['refs'] = {},
): TestResource => ({
  address: `azurerm_cognitive_deployment.${name}`,
  values: { name, sku: [{ name: 'DataZoneStandard' }], ...values },
  unknown: { cognitive_account_id: true },
  refs: { cognitive_account_id: 'azurerm_cognitive_account.oai.id', ...refs },
});

describe('unknown values', () => {
  it('turns an attribute known only after apply into an unknown fact, never false', () => {
    const inv = inventoryOf([openai({}, { public_network_access_enabled: true })]);
    expect(factOf(inv, 'azurerm_cognitive_account.oai', 'internetReachable')).toEqual({
      state: 'unknown',
      attribute: 'public_network_access_enabled',
      reason: 'known only after apply',
    });
  });

  it('uses the provider default when the attribute is absent', () => {
    const inv = inventoryOf([openai()]);
    expect(show(factOf(inv, 'azurerm_cognitive_account.oai', 'internetReachable'))).toBe('default:true');
    expect(show(factOf(inv, 'azurerm_cognitive_account.oai', 'keyAuthEnabled'))).toBe('default:true');
  });
});

describe('attachments that cannot be linked', () => {
  it('make the candidate targets’ default facts unknown', () => {
    const inv = inventoryOf([
      { address: 'azurerm_storage_account.a', values: { name: 'a' }, unknown: { id: true } },
      {
        address: 'azurerm_storage_management_policy.p',
        values: {
          storage_account_id: `${RG}/providers/Microsoft.Storage/storageAccounts/elsewhere`,
          rule: [],
        },
      },
    ]);
    const fact = factOf(inv, 'azurerm_storage_account.a', 'deletionLifecycle');
    expect(fact?.state).toBe('unknown');
    expect(
      inv.notes.some(
        (n) => n.kind === 'unresolved-link' && n.address === 'azurerm_storage_management_policy.p',
      ),
    ).toBe(true);
  });

  it('leave linked targets alone', () => {
    const inv = inventoryOf([
      { address: 'azurerm_storage_account.a', values: { name: 'a' }, unknown: { id: true } },
      {
        address: 'azurerm_storage_management_policy.p',
        values: {
          rule: [
            {
              name: 'r',
              enabled: true,
              actions: [{ base_blob: [{ delete_after_days_since_modification_greater_than: 30 }] }],
            },
          ],
        },
        unknown: { storage_account_id: true },
        refs: { storage_account_id: 'azurerm_storage_account.a.id' },
      },
    ]);
    expect(show(factOf(inv, 'azurerm_storage_account.a', 'deletionLifecycle'))).toBe('explicit:true');
  });
});

describe('cognitive services', () => {
  it('closes the account with public access disabled or a Deny ACL', () => {
    const a = inventoryOf([openai({ public_network_access_enabled: false })]);
    expect(show(factOf(a, 'azurerm_cognitive_account.oai', 'internetReachable'))).toBe('explicit:false');
    const b = inventoryOf([
      openai({ public_network_access_enabled: true, network_acls: [{ default_action: 'Deny' }] }),
    ]);
    expect(show(factOf(b, 'azurerm_cognitive_account.oai', 'internetReachable'))).toBe('explicit:false');
    const c = inventoryOf([
      openai({ public_network_access_enabled: true, network_acls: [{ default_action: 'Allow' }] }),
    ]);
    expect(show(factOf(c, 'azurerm_cognitive_account.oai', 'internetReachable'))).toBe('explicit:true');
  });

  it('gives a deployment without rai_policy_name the default policy, and judges a linked policy by its filters', () => {
    const inv = inventoryOf([
      openai(),
      deployment('bare', {}),
      deployment(
        'guarded',
        { rai_policy_name: 'strict', version_upgrade_option: 'NoAutoUpgrade' },
        { rai_policy_name: 'azurerm_cognitive_account_rai_policy.strict.name' },
      ),
      {
        address: 'azurerm_cognitive_account_rai_policy.strict',
        values: {
          name: 'strict',
          mode: 'Asynchronous_filter',
          content_filter: [
            { name: 'Jailbreak', filter_enabled: true, block_enabled: false, source: 'Prompt' },
            { name: 'Indirect Attack', filter_enabled: true, block_enabled: true, source: 'Prompt' },
          ],
        },
      },
    ]);
    // The built-in default policy screens the prompts of a deployment that names none.
    expect(show(factOf(inv, 'azurerm_cognitive_deployment.bare', 'guardrailAttached'))).toBe('default:true');
    expect(show(factOf(inv, 'azurerm_cognitive_deployment.bare', 'autoModelUpgrade'))).toBe('default:true');
    expect(show(factOf(inv, 'azurerm_cognitive_deployment.bare', 'crossRegionProcessing'))).toBe(
      'explicit:true',
    );
    // The Indirect Attack filter blocks on prompts (the Jailbreak one only annotates).
    expect(factOf(inv, 'azurerm_cognitive_deployment.guarded', 'guardrailAttached')).toEqual({
      state: 'explicit',
      value: true,
      attribute: 'azurerm_cognitive_account_rai_policy.strict.content_filter[1] Indirect Attack (Prompt)',
    });
    expect(show(factOf(inv, 'azurerm_cognitive_deployment.guarded', 'autoModelUpgrade'))).toBe(
      'explicit:false',
    );
    const prompt = factOf(inv, 'azurerm_cognitive_account_rai_policy.strict', 'promptAttackFilter');
    expect(show(prompt)).toBe('explicit:true');
    expect(prompt?.attribute).toContain('Asynchronous_filter');
    expect(show(factOf(inv, 'azurerm_cognitive_account_rai_policy.strict', 'sensitiveDataFilter'))).toBe(
      'explicit:false',
    );
    expect(show(factOf(inv, 'azurerm_cognitive_account.oai', 'guardrailAttached'))).toBe('explicit:true');
    expect(
      flowOf(inv, 'invoke', 'azurerm_cognitive_account.oai', 'azurerm_cognitive_deployment.guarded'),
    ).toBeDefined();
  });

  it('gives a deployment whose policy blocks nothing on prompts no guardrail, and its account neither', () => {
    const inv = inventoryOf([
      openai(),
      deployment(
        'open',
        { rai_policy_name: 'open' },
        { rai_policy_name: 'azurerm_cognitive_account_rai_policy.open.name' },
      ),
      {
        address: 'azurerm_cognitive_account_rai_policy.open',
        values: {
          name: 'open',
          content_filter: [
            { name: 'Jailbreak', filter_enabled: false, block_enabled: false, source: 'Prompt' },
            { name: 'Hate', filter_enabled: true, block_enabled: false, source: 'Prompt' },
            { name: 'Hate', filter_enabled: true, block_enabled: true, source: 'Completion' },
          ],
        },
      },
    ]);
    const none = {
      state: 'explicit',
      value: false,
      attribute:
        'azurerm_cognitive_account_rai_policy.open.content_filter (no enabled, blocking Prompt filter)',
    };
    expect(factOf(inv, 'azurerm_cognitive_deployment.open', 'guardrailAttached')).toEqual(none);
    expect(factOf(inv, 'azurerm_cognitive_account.oai', 'guardrailAttached')).toEqual(none);
  });

  it('leaves a content filter unknown when whether it blocks is known only after apply', () => {
    const inv = inventoryOf([
      {
        address: 'azurerm_cognitive_account_rai_policy.p',
        values: {
          name: 'p',
          content_filter: [
            { name: 'Jailbreak', filter_enabled: true, source: 'Prompt' },
            { name: 'PII', filter_enabled: true, block_enabled: false, source: 'Completion' },
          ],
        },
        unknown: { content_filter: [{ block_enabled: true }, {}] },
      },
    ]);
    expect(factOf(inv, 'azurerm_cognitive_account_rai_policy.p', 'promptAttackFilter')).toEqual({
      state: 'unknown',
      attribute: 'content_filter[0]',
      reason: 'known only after apply',
    });
    expect(show(factOf(inv, 'azurerm_cognitive_account_rai_policy.p', 'sensitiveDataFilter'))).toBe(
      'explicit:false',
    );
  });

  it('judges the built-in policies by name as documented, and a policy defined elsewhere as unknown filters', () => {
    const inv = inventoryOf(
      ['Microsoft.DefaultV2', 'Microsoft.Default', 'elsewhere'].map((name, i) => ({
        address: `azurerm_cognitive_deployment.d${i}`,
        values: { name: `d${i}`, rai_policy_name: name },
      })),
    );
    const facts = (i: number): Record<string, unknown> => {
      const f = assetOf(inv, `azurerm_cognitive_deployment.d${i}`).facts;
      return {
        guardrailAttached: f.guardrailAttached,
        promptAttackFilter: f.promptAttackFilter,
        sensitiveDataFilter: f.sensitiveDataFilter,
        harmfulContentFilter: f.harmfulContentFilter,
      };
    };
    const v2 = 'rai_policy_name (built-in policy Microsoft.DefaultV2)';
    expect(facts(0)).toEqual({
      guardrailAttached: { state: 'explicit', value: true, attribute: v2 },
      promptAttackFilter: {
        state: 'explicit',
        value: true,
        attribute: `${v2}: Jailbreak blocked on prompts; indirect attacks not screened`,
      },
      sensitiveDataFilter: { state: 'explicit', value: false, attribute: `${v2}: no PII filter` },
      harmfulContentFilter: {
        state: 'explicit',
        value: true,
        attribute: `${v2}: harm categories blocked at Medium`,
      },
    });
    const v1 = 'rai_policy_name (built-in policy Microsoft.Default)';
    const undocumented = {
      state: 'unknown',
      attribute: v1,
      reason: 'built-in policy Microsoft.Default is documented for the harm categories only',
    };
    expect(facts(1)).toEqual({
      guardrailAttached: { state: 'explicit', value: true, attribute: v1 },
      promptAttackFilter: undocumented,
      sensitiveDataFilter: undocumented,
      harmfulContentFilter: {
        state: 'explicit',
        value: true,
        attribute: `${v1}: harm categories blocked at Medium`,
      },
    });
    const elsewhere = {
      state: 'unknown',
      attribute: 'rai_policy_name',
      reason: 'RAI policy "elsewhere" is not defined in this plan',
    };
    expect(facts(2)).toEqual({
      guardrailAttached: { state: 'explicit', value: true, attribute: 'rai_policy_name' },
      promptAttackFilter: elsewhere,
      sensitiveDataFilter: elsewhere,
      harmfulContentFilter: elsewhere,
    });
  });

  it('leaves every content filter fact unknown when rai_policy_name is known only after apply', () => {
    const inv = inventoryOf([
      {
        address: 'azurerm_cognitive_deployment.d',
        values: { name: 'd' },
        unknown: { rai_policy_name: true },
      },
    ]);
    for (const name of [
      'guardrailAttached',
      'promptAttackFilter',
      'sensitiveDataFilter',
      'harmfulContentFilter',
    ] as const)
      expect(factOf(inv, 'azurerm_cognitive_deployment.d', name)).toEqual({
        state: 'unknown',
        attribute: 'rai_policy_name',
        reason: 'known only after apply',
      });
  });

  it('sets customerManagedKey from the separate CMK resource', () => {
    const inv = inventoryOf([
      openai(),
      { address: 'azurerm_key_vault_key.k', values: { name: 'k' }, unknown: { id: true } },
      {
        address: 'azurerm_cognitive_account_customer_managed_key.c',
        unknown: { cognitive_account_id: true, key_vault_key_id: true },
        refs: {
          cognitive_account_id: 'azurerm_cognitive_account.oai.id',
          key_vault_key_id: 'azurerm_key_vault_key.k.id',
        },
      },
    ]);
    expect(show(factOf(inv, 'azurerm_cognitive_account.oai', 'customerManagedKey'))).toBe('explicit:true');
    expect(
      flowOf(inv, 'encrypt-with', 'azurerm_cognitive_account.oai', 'azurerm_key_vault_key.k'),
    ).toBeDefined();
  });
});

describe('storage', () => {
  const account = (values: TestResource['values']): TestResource => ({
    address: 'azurerm_storage_account.s',
    values: { name: 'st1', ...values },
    unknown: { id: true },
  });
  const container = (access: string): TestResource => ({
    address: 'azurerm_storage_container.c',
    values: { name: 'c', container_access_type: access },
    unknown: { storage_account_id: true },
    refs: { storage_account_id: 'azurerm_storage_account.s.id' },
  });

  it('is anonymously readable only when nested items may be public and a container is public', () => {
    const open = inventoryOf([account({ allow_nested_items_to_be_public: true }), container('blob')]);
    expect(show(factOf(open, 'azurerm_storage_account.s', 'anonymousRead'))).toBe('explicit:true');
    const oldName = inventoryOf([account({ allow_blob_public_access: true }), container('container')]);
    expect(show(factOf(oldName, 'azurerm_storage_account.s', 'anonymousRead'))).toBe('explicit:true');
    const blocked = inventoryOf([account({}), container('blob')]);
    expect(show(factOf(blocked, 'azurerm_storage_account.s', 'anonymousRead'))).toBe('default:false');
    expect(show(factOf(blocked, 'azurerm_storage_account.s', 'publicAccessBlocked'))).toBe('default:true');
    const privateContainer = inventoryOf([
      account({ allow_nested_items_to_be_public: true }),
      container('private'),
    ]);
    expect(show(factOf(privateContainer, 'azurerm_storage_account.s', 'anonymousRead'))).toBe(
      'explicit:false',
    );
  });

  it('is internet-reachable by default and closed by a separate network rules resource', () => {
    const open = inventoryOf([account({})]);
    expect(show(factOf(open, 'azurerm_storage_account.s', 'internetReachable'))).toBe('default:true');
    const closed = inventoryOf([
      account({}),
      {
        address: 'azurerm_storage_account_network_rules.n',
        values: { default_action: 'Deny' },
        unknown: { storage_account_id: true },
        refs: { storage_account_id: 'azurerm_storage_account.s.id' },
      },
    ]);
    expect(show(factOf(closed, 'azurerm_storage_account.s', 'internetReachable'))).toBe('explicit:false');
  });

  it('reads versioning and an inline customer-managed key', () => {
    const inv = inventoryOf([
      account({
        blob_properties: [{ versioning_enabled: true }],
        customer_managed_key: [{ key_vault_key_id: 'https://kv.vault.azure.net/keys/k' }],
      }),
    ]);
    expect(show(factOf(inv, 'azurerm_storage_account.s', 'versioning'))).toBe('explicit:true');
    expect(show(factOf(inv, 'azurerm_storage_account.s', 'customerManagedKey'))).toBe('explicit:true');
  });

  describe('separate customer-managed key (key_vault_id or key_vault_uri + key_name)', () => {
    const ACCOUNT = 'azurerm_storage_account.s';
    const vault = (name: string, values: TestResource['values'] = {}): TestResource => ({
      address: `azurerm_key_vault.${name}`,
      values: { name, ...values },
      unknown: { id: true, vault_uri: true },
    });
    const key = (name: string, keyName: string, vaultName: string): TestResource => ({
      address: `azurerm_key_vault_key.${name}`,
      values: { name: keyName },
      unknown: { id: true, versionless_id: true, key_vault_id: true },
      refs: { key_vault_id: `azurerm_key_vault.${vaultName}.id` },
    });
    const cmk = (
      values: TestResource['values'],
      unknown: TestResource['unknown'],
      refs: TestResource['refs'],
    ): TestResource => ({
      address: 'azurerm_storage_account_customer_managed_key.c',
      values,
      unknown: { storage_account_id: true, ...unknown },
      refs: { storage_account_id: `${ACCOUNT}.id`, ...refs },
    });
    const encryptFlows = (inv: ReturnType<typeof inventoryOf>) =>
      inv.flows.filter((f) => f.kind === 'encrypt-with').map((f) => `${f.from}->${f.to}`);
    const unresolvedNotes = (inv: ReturnType<typeof inventoryOf>) =>
      inv.notes
        .filter(
          (n) =>
            n.kind === 'unresolved-link' && n.address === 'azurerm_storage_account_customer_managed_key.c',
        )
        .map((n) => n.message);

    it('finds the encrypt-with flow to the key named by key_name in the vault of key_vault_id', () => {
      // Two vaults hold a key named "cmk": only the one in the vault key_vault_id points at is the key.
      const base = [
        account({}),
        vault('kv'),
        vault('other'),
        key('k', 'cmk', 'kv'),
        key('twin', 'cmk', 'other'),
      ];
      const byValue = inventoryOf([
        ...base,
        cmk({ key_name: 'cmk' }, { key_vault_id: true }, { key_vault_id: 'azurerm_key_vault.kv.id' }),
      ]);
      expect(encryptFlows(byValue)).toEqual([`${ACCOUNT}->azurerm_key_vault_key.k`]);
      expect(show(factOf(byValue, ACCOUNT, 'customerManagedKey'))).toBe('explicit:true');
      expect(unresolvedNotes(byValue)).toEqual([]);

      const byReference = inventoryOf([
        ...base,
        cmk(
          { key_name: 'cmk' },
          { key_vault_id: true },
          { key_vault_id: 'azurerm_key_vault.kv.id', key_name: 'azurerm_key_vault_key.k.name' },
        ),
      ]);
      expect(encryptFlows(byReference)).toEqual([`${ACCOUNT}->azurerm_key_vault_key.k`]);
    });

    it('finds it through key_vault_uri too, by the vault URI or by a URI derived from the key id', () => {
      const uriValue = inventoryOf([
        account({}),
        vault('kv', { vault_uri: 'https://kv.vault.azure.net/' }),
        key('k', 'cmk', 'kv'),
        cmk({ key_vault_uri: 'https://kv.vault.azure.net', key_name: 'cmk' }, {}, {}),
      ]);
      expect(encryptFlows(uriValue)).toEqual([`${ACCOUNT}->azurerm_key_vault_key.k`]);

      // regex(..., azurerm_key_vault_key.k.versionless_id): both arguments reference the key.
      const derived = inventoryOf([
        account({}),
        vault('kv'),
        key('k', 'cmk', 'kv'),
        cmk(
          {},
          { key_vault_uri: true, key_name: true },
          {
            key_vault_uri: 'azurerm_key_vault_key.k.versionless_id',
            key_name: 'azurerm_key_vault_key.k.versionless_id',
          },
        ),
      ]);
      expect(encryptFlows(derived)).toEqual([`${ACCOUNT}->azurerm_key_vault_key.k`]);
    });

    it('links nothing when key_name names a different key', () => {
      const inv = inventoryOf([
        account({}),
        vault('kv'),
        key('k', 'cmk', 'kv'),
        cmk(
          { key_name: 'rotated-away' },
          { key_vault_id: true },
          { key_vault_id: 'azurerm_key_vault.kv.id' },
        ),
      ]);
      expect(encryptFlows(inv)).toEqual([]);
      expect(show(factOf(inv, ACCOUNT, 'customerManagedKey'))).toBe('explicit:true');
      expect(unresolvedNotes(inv)).toEqual([
        'key_name could not be linked to a azurerm_key_vault_key; the facts it sets are unknown',
      ]);
    });

    it('leaves an unresolvable key_name or vault unresolved, never guessing a key', () => {
      const unknownName = inventoryOf([
        account({}),
        vault('kv'),
        key('k', 'cmk', 'kv'),
        cmk({}, { key_vault_id: true, key_name: true }, { key_vault_id: 'azurerm_key_vault.kv.id' }),
      ]);
      expect(encryptFlows(unknownName)).toEqual([]);
      expect(show(factOf(unknownName, ACCOUNT, 'customerManagedKey'))).toBe('explicit:true');
      expect(unresolvedNotes(unknownName)).toEqual([
        'key_name could not be linked to a azurerm_key_vault_key; the facts it sets are unknown',
      ]);

      // The only key is named "cmk", but the vault is known only after apply and references nothing.
      const unknownVault = inventoryOf([
        account({}),
        vault('kv'),
        key('k', 'cmk', 'kv'),
        cmk({ key_name: 'cmk' }, { key_vault_id: true }, {}),
      ]);
      expect(encryptFlows(unknownVault)).toEqual([]);
      expect(unresolvedNotes(unknownVault)).toEqual([
        'key_vault_id could not be linked to a azurerm_key_vault; the facts it sets are unknown',
      ]);
    });
  });

  it('does not count a disabled lifecycle rule', () => {
    const inv = inventoryOf([
      account({}),
      {
        address: 'azurerm_storage_management_policy.p',
        values: {
          rule: [
            {
              name: 'r',
              enabled: false,
              actions: [{ base_blob: [{ delete_after_days_since_modification_greater_than: 30 }] }],
            },
          ],
        },
        unknown: { storage_account_id: true },
        refs: { storage_account_id: 'azurerm_storage_account.s.id' },
      },
    ]);
    expect(show(factOf(inv, 'azurerm_storage_account.s', 'deletionLifecycle'))).toBe('explicit:false');
  });
});

describe('identity and role assignments', () => {
  const base: TestResource[] = [
    {
      address: 'azurerm_user_assigned_identity.u',
      values: { name: 'u' },
      unknown: { id: true, principal_id: true },
    },
    {
      address: 'azurerm_storage_account.s',
      values: { name: 'st1', id: `${RG}/providers/Microsoft.Storage/storageAccounts/st1` },
    },
  ];
  const assignment = (role: string, scope: string | undefined, scopeRef?: string): TestResource => ({
    address: 'azurerm_role_assignment.r',
    values: { role_definition_name: role, ...(scope === undefined ? {} : { scope }) },
    unknown: { principal_id: true, ...(scope === undefined ? { scope: true } : {}) },
    refs: {
      principal_id: 'azurerm_user_assigned_identity.u.principal_id',
      ...(scopeRef === undefined ? {} : { scope: scopeRef }),
    },
  });

  it('maps a reader role on a container scope (by value) to a read flow on the account', () => {
    const inv = inventoryOf([
      ...base,
      assignment(
        'Storage Blob Data Reader',
        `${RG}/providers/Microsoft.Storage/storageAccounts/st1/blobServices/default/containers/raw`,
      ),
    ]);
    expect(
      flowOf(inv, 'read', 'azurerm_user_assigned_identity.u', 'azurerm_storage_account.s'),
    ).toBeDefined();
    expect(
      flowOf(inv, 'write', 'azurerm_user_assigned_identity.u', 'azurerm_storage_account.s'),
    ).toBeUndefined();
  });

  it('maps a contributor role to write and read', () => {
    const inv = inventoryOf([
      ...base,
      assignment('Storage Blob Data Contributor', undefined, 'azurerm_storage_account.s.id'),
    ]);
    expect(
      flowOf(inv, 'write', 'azurerm_user_assigned_identity.u', 'azurerm_storage_account.s'),
    ).toBeDefined();
    expect(
      flowOf(inv, 'read', 'azurerm_user_assigned_identity.u', 'azurerm_storage_account.s'),
    ).toBeDefined();
  });

  it('creates no flow for a role without data access', () => {
    const inv = inventoryOf([...base, assignment('Reader', undefined, 'azurerm_storage_account.s.id')]);
    expect(inv.flows).toEqual([]);
    expect(show(factOf(inv, 'azurerm_user_assigned_identity.u', 'adminPrivileges'))).toBe('default:false');
  });

  it('makes Owner at resource-group scope an administrator', () => {
    const inv = inventoryOf([...base, assignment('Owner', RG)]);
    expect(show(factOf(inv, 'azurerm_user_assigned_identity.u', 'adminPrivileges'))).toBe('explicit:true');
  });

  it('makes adminPrivileges unknown when an admin grant’s principal cannot be linked', () => {
    const inv = inventoryOf([
      ...base,
      {
        address: 'azurerm_role_assignment.r',
        values: { role_definition_name: 'Contributor', scope: SUB, principal_id: 'aaaa-bbbb' },
      },
    ]);
    expect(show(factOf(inv, 'azurerm_user_assigned_identity.u', 'adminPrivileges'))).toBe('unknown');
  });

  it('starts the flow from a resource with a system-assigned identity', () => {
    const inv = inventoryOf([
      openai({ identity: [{ type: 'SystemAssigned' }] }),
      ...base,
      {
        address: 'azurerm_role_assignment.r',
        values: { role_definition_name: 'Storage Blob Data Owner' },
        unknown: { principal_id: true, scope: true },
        refs: {
          principal_id: 'azurerm_cognitive_account.oai.identity.0.principal_id',
          scope: 'azurerm_storage_account.s.id',
        },
      },
    ]);
    expect(flowOf(inv, 'write', 'azurerm_cognitive_account.oai', 'azurerm_storage_account.s')).toBeDefined();
  });
});

describe('search indexer data sources', () => {
  const account: TestResource = {
    address: 'azurerm_storage_account.s',
    values: { name: 'st1', id: `${RG}/providers/Microsoft.Storage/storageAccounts/st1` },
  };
  const grant = (role: string, principal: string): TestResource => ({
    address: 'azurerm_role_assignment.r',
    values: { role_definition_name: role },
    unknown: { principal_id: true, scope: true },
    refs: { principal_id: principal, scope: 'azurerm_storage_account.s.id' },
  });

  it('makes a storage account the search service identity can read a retrieval source', () => {
    const inv = inventoryOf([
      { address: 'azurerm_search_service.x', values: { name: 'x', identity: [{ type: 'SystemAssigned' }] } },
      account,
      grant('Storage Blob Data Reader', 'azurerm_search_service.x.identity.0.principal_id'),
    ]);
    expect(flowOf(inv, 'read', 'azurerm_search_service.x', 'azurerm_storage_account.s')).toBeDefined();
    expect(
      flowOf(inv, 'retrieve-from', 'azurerm_search_service.x', 'azurerm_storage_account.s'),
    ).toBeDefined();
  });

  it('follows a user-assigned identity the search service holds, and not other holders', () => {
    const inv = inventoryOf([
      {
        address: 'azurerm_user_assigned_identity.u',
        values: { name: 'u' },
        unknown: { id: true, principal_id: true },
      },
      {
        address: 'azurerm_search_service.x',
        values: { name: 'x', identity: [{ type: 'UserAssigned' }] },
        unknown: { identity: [{ identity_ids: true }] },
        refs: { identity: [{ identity_ids: 'azurerm_user_assigned_identity.u.id' }] },
      },
      {
        address: 'azurerm_linux_web_app.w',
        values: { name: 'w', identity: [{ type: 'UserAssigned' }] },
        unknown: { identity: [{ identity_ids: true }] },
        refs: { identity: [{ identity_ids: 'azurerm_user_assigned_identity.u.id' }] },
      },
      account,
      grant('Storage Blob Data Reader', 'azurerm_user_assigned_identity.u.principal_id'),
    ]);
    expect(
      flowOf(inv, 'retrieve-from', 'azurerm_search_service.x', 'azurerm_storage_account.s'),
    ).toBeDefined();
    expect(inv.flows.filter((f) => f.kind === 'retrieve-from')).toHaveLength(1);
  });

  it('creates no retrieve-from flow for a read grant held by an app', () => {
    const inv = inventoryOf([
      { address: 'azurerm_search_service.x', values: { name: 'x', identity: [{ type: 'SystemAssigned' }] } },
      { address: 'azurerm_linux_web_app.w', values: { name: 'w', identity: [{ type: 'SystemAssigned' }] } },
      account,
      grant('Storage Blob Data Contributor', 'azurerm_linux_web_app.w.identity.0.principal_id'),
    ]);
    expect(inv.flows.filter((f) => f.kind === 'retrieve-from')).toEqual([]);
  });
});

describe('API Management', () => {
  const service = (values: TestResource['values'] = {}): TestResource => ({
    address: 'azurerm_api_management.gw',
    values: { name: 'apim1', ...values },
    unknown: { id: true, gateway_url: true },
  });
  const api = (values: TestResource['values'] = {}, refs: TestResource['refs'] = {}): TestResource => ({
    address: 'azurerm_api_management_api.a',
    values: { name: 'chat', api_management_name: 'apim1', ...values },
    refs,
  });
  const apiPolicy = (xml: string): TestResource => ({
    address: 'azurerm_api_management_api_policy.p',
    values: { api_name: 'chat', api_management_name: 'apim1', xml_content: xml },
  });

  it('does not require authentication when an API needs neither a subscription nor a token', () => {
    const inv = inventoryOf([service(), api({ subscription_required: false })]);
    expect(show(factOf(inv, 'azurerm_api_management.gw', 'requiresAuthentication'))).toBe('explicit:false');
    expect(show(factOf(inv, 'azurerm_api_management.gw', 'throttling'))).toBe('default:false');
  });

  it('requires authentication with validate-azure-ad-token and reads throttling from the policy', () => {
    const inv = inventoryOf([
      service(),
      api({ subscription_required: false }),
      apiPolicy(
        '<policies><inbound><validate-azure-ad-token tenant-id="t" /><llm-token-limit tokens-per-minute="100" /></inbound></policies>',
      ),
    ]);
    expect(show(factOf(inv, 'azurerm_api_management.gw', 'requiresAuthentication'))).toBe('explicit:true');
    expect(show(factOf(inv, 'azurerm_api_management.gw', 'authMethod'))).toBe('explicit:ENTRA_ID');
    expect(show(factOf(inv, 'azurerm_api_management.gw', 'throttling'))).toBe('explicit:true');
    expect(
      flowOf(
        inv,
        'authenticate',
        'azurerm_api_management.gw',
        'azurerm_api_management_api_policy.p#entra-id',
      ),
    ).toBeDefined();
  });

  it('leaves requiresAuthentication unknown when the policy XML is known only after apply', () => {
    const inv = inventoryOf([
      service(),
      api({ subscription_required: false }),
      {
        address: 'azurerm_api_management_api_policy.p',
        values: { api_name: 'chat', api_management_name: 'apim1' },
        unknown: { xml_content: true },
      },
    ]);
    expect(show(factOf(inv, 'azurerm_api_management.gw', 'requiresAuthentication'))).toBe('unknown');
  });

  it('is not internet-reachable in Internal VNet mode', () => {
    const inv = inventoryOf([service({ virtual_network_type: 'Internal' })]);
    expect(show(factOf(inv, 'azurerm_api_management.gw', 'internetReachable'))).toBe('explicit:false');
  });

  it('matches a known service_url to the account by custom subdomain and marks the flow authenticated', () => {
    const inv = inventoryOf([
      service(),
      api({ service_url: 'https://oai-test.openai.azure.com/openai' }),
      openai(),
    ]);
    const flow = flowOf(inv, 'invoke', 'azurerm_api_management.gw', 'azurerm_cognitive_account.oai');
    expect(flow?.evidence[0]?.value).toBe('https://oai-test.openai.azure.com/openai');
    expect(show(flow?.authenticated)).toBe('default:true');
  });

  it('does not link a service_url of another host', () => {
    const inv = inventoryOf([service(), api({ service_url: 'https://other.openai.azure.com/' }), openai()]);
    expect(
      flowOf(inv, 'invoke', 'azurerm_api_management.gw', 'azurerm_cognitive_account.oai'),
    ).toBeUndefined();
  });

  it('links a validate-jwt openid-config URL to the OpenID Connect provider with that metadata endpoint', () => {
    const url = 'https://login.microsoftonline.com/t/v2.0/.well-known/openid-configuration';
    const inv = inventoryOf([
      service(),
      api(),
      apiPolicy(
        `<policies><inbound><validate-jwt header-name="Authorization"><openid-config url="${url}" /></validate-jwt></inbound></policies>`,
      ),
      {
        address: 'azurerm_api_management_openid_connect_provider.o',
        values: { name: 'o', api_management_name: 'apim1', metadata_endpoint: url },
      },
    ]);
    expect(
      flowOf(
        inv,
        'authenticate',
        'azurerm_api_management.gw',
        'azurerm_api_management_openid_connect_provider.o',
      ),
    ).toBeDefined();
  });

  it('is WAF-protected only behind an Application Gateway WAF in Prevention mode', () => {
    const gateway = (mode: string): TestResource[] => [
      service(),
      {
        address: 'azurerm_web_application_firewall_policy.w',
        values: { policy_settings: [{ enabled: true, mode }] },
        unknown: { id: true },
      },
      {
        address: 'azurerm_application_gateway.g',
        values: { backend_address_pool: [{ name: 'apim' }] },
        unknown: { firewall_policy_id: true, backend_address_pool: [{ fqdns: true }] },
        refs: {
          firewall_policy_id: 'azurerm_web_application_firewall_policy.w.id',
          backend_address_pool: [{ fqdns: 'azurerm_api_management.gw.gateway_url' }],
        },
      },
    ];
    expect(
      show(factOf(inventoryOf(gateway('Prevention')), 'azurerm_api_management.gw', 'wafProtected')),
    ).toBe('explicit:true');
    expect(show(factOf(inventoryOf(gateway('Detection')), 'azurerm_api_management.gw', 'wafProtected'))).toBe(
      'explicit:false',
    );
  });
});

describe('machine learning', () => {
  it('reads the compute instance exposure and the cluster identity', () => {
    const inv = inventoryOf([
      {
        address: 'azurerm_machine_learning_workspace.w',
        values: { name: 'w', managed_network: [{ isolation_mode: 'AllowInternetOutbound' }] },
        unknown: { id: true },
      },
      { address: 'azurerm_user_assigned_identity.u', values: { name: 'u' }, unknown: { id: true } },
      {
        address: 'azurerm_machine_learning_compute_instance.ci',
        values: { name: 'ci' },
        unknown: { machine_learning_workspace_id: true },
        refs: { machine_learning_workspace_id: 'azurerm_machine_learning_workspace.w.id' },
      },
      {
        address: 'azurerm_machine_learning_compute_cluster.cc',
        values: { name: 'cc', node_public_ip_enabled: false, identity: [{ type: 'UserAssigned' }] },
        unknown: { identity: [{ identity_ids: true }] },
        refs: { identity: [{ identity_ids: 'azurerm_user_assigned_identity.u.id' }] },
      },
    ]);
    expect(show(factOf(inv, 'azurerm_machine_learning_compute_instance.ci', 'directInternetAccess'))).toBe(
      'default:true',
    );
    expect(show(factOf(inv, 'azurerm_machine_learning_compute_instance.ci', 'networkIsolated'))).toBe(
      'explicit:false',
    );
    expect(show(factOf(inv, 'azurerm_machine_learning_compute_cluster.cc', 'directInternetAccess'))).toBe(
      'explicit:false',
    );
    expect(show(factOf(inv, 'azurerm_machine_learning_workspace.w', 'internetReachable'))).toBe(
      'default:true',
    );
    expect(
      flowOf(
        inv,
        'assume-identity',
        'azurerm_machine_learning_compute_cluster.cc',
        'azurerm_user_assigned_identity.u',
      ),
    ).toBeDefined();
  });

  it('isolates a workspace only with AllowOnlyApprovedOutbound', () => {
    const inv = inventoryOf([
      {
        address: 'azurerm_machine_learning_workspace.w',
        values: {
          name: 'w',
          managed_network: [{ isolation_mode: 'AllowOnlyApprovedOutbound' }],
          public_network_access_enabled: false,
        },
      },
    ]);
    expect(show(factOf(inv, 'azurerm_machine_learning_workspace.w', 'networkIsolated'))).toBe(
      'explicit:true',
    );
    expect(show(factOf(inv, 'azurerm_machine_learning_workspace.w', 'internetReachable'))).toBe(
      'explicit:false',
    );
  });
});

describe('network', () => {
  const nsg = (source: string): TestResource => ({
    address: 'azurerm_network_security_group.n',
    values: {
      name: 'n',
      security_rule: [
        {
          direction: 'Inbound',
          access: 'Allow',
          source_address_prefix: source,
          destination_port_range: '22',
        },
      ],
    },
    unknown: { id: true },
  });

  it('flags an NSG open to the internet and propagates it to the associated subnet', () => {
    const inv = inventoryOf([
      nsg('Internet'),
      { address: 'azurerm_subnet.s', values: { name: 's' }, unknown: { id: true } },
      {
        address: 'azurerm_subnet_network_security_group_association.a',
        unknown: { subnet_id: true, network_security_group_id: true },
        refs: {
          subnet_id: 'azurerm_subnet.s.id',
          network_security_group_id: 'azurerm_network_security_group.n.id',
        },
      },
    ]);
    expect(show(factOf(inv, 'azurerm_network_security_group.n', 'internetReachable'))).toBe('explicit:true');
    expect(show(factOf(inv, 'azurerm_subnet.s', 'internetReachable'))).toBe('explicit:true');
  });

  it('does not flag an NSG that only allows the virtual network', () => {
    const inv = inventoryOf([nsg('VirtualNetwork')]);
    expect(show(factOf(inv, 'azurerm_network_security_group.n', 'internetReachable'))).toBe('explicit:false');
  });

  it('folds a separate open rule into its NSG', () => {
    const inv = inventoryOf([
      nsg('VirtualNetwork'),
      {
        address: 'azurerm_network_security_rule.r',
        values: {
          network_security_group_name: 'n',
          direction: 'Inbound',
          access: 'Allow',
          source_address_prefix: '*',
        },
      },
    ]);
    expect(show(factOf(inv, 'azurerm_network_security_group.n', 'internetReachable'))).toBe('explicit:true');
  });

  it('marks the target of a private endpoint as in a private network, and unknown when unlinked', () => {
    const linked = inventoryOf([
      openai(),
      {
        address: 'azurerm_private_endpoint.pe',
        values: { private_service_connection: [{ subresource_names: ['account'] }] },
        unknown: { private_service_connection: [{ private_connection_resource_id: true }] },
        refs: {
          private_service_connection: [
            { private_connection_resource_id: 'azurerm_cognitive_account.oai.id' },
          ],
        },
      },
    ]);
    expect(show(factOf(linked, 'azurerm_cognitive_account.oai', 'privateNetwork'))).toBe('explicit:true');
    const unlinked = inventoryOf([
      openai(),
      {
        address: 'azurerm_private_endpoint.pe',
        values: {
          private_service_connection: [{ private_connection_resource_id: '/subscriptions/x/other' }],
        },
      },
    ]);
    expect(show(factOf(unlinked, 'azurerm_cognitive_account.oai', 'privateNetwork'))).toBe('unknown');
  });
});

describe('monitoring', () => {
  const law: TestResource = {
    address: 'azurerm_log_analytics_workspace.l',
    values: { name: 'l', retention_in_days: 90 },
    unknown: { id: true },
  };
  const diag = (values: TestResource['values']): TestResource => ({
    address: 'azurerm_monitor_diagnostic_setting.d',
    values,
    unknown: { target_resource_id: true, log_analytics_workspace_id: true },
    refs: {
      target_resource_id: 'azurerm_cognitive_account.oai.id',
      log_analytics_workspace_id: 'azurerm_log_analytics_workspace.l.id',
    },
  });

  it('accepts the old `log` blocks and sets invocationLogging for RequestResponse', () => {
    const inv = inventoryOf([openai(), law, diag({ log: [{ category: 'RequestResponse', enabled: true }] })]);
    expect(show(factOf(inv, 'azurerm_cognitive_account.oai', 'invocationLogging'))).toBe('explicit:true');
    expect(
      flowOf(inv, 'log-to', 'azurerm_cognitive_account.oai', 'azurerm_log_analytics_workspace.l'),
    ).toBeDefined();
  });

  it('does not set invocationLogging for metrics or disabled logs only', () => {
    const inv = inventoryOf([
      openai(),
      law,
      diag({ log: [{ category: 'Audit', enabled: false }], enabled_metric: [{ category: 'AllMetrics' }] }),
    ]);
    expect(show(factOf(inv, 'azurerm_cognitive_account.oai', 'invocationLogging'))).toBe('explicit:false');
  });

  it('counts StorageRead or StorageWrite as blob access logging, not StorageDelete alone', () => {
    const account: TestResource = {
      address: 'azurerm_storage_account.s',
      values: { name: 'st1', id: `${RG}/providers/Microsoft.Storage/storageAccounts/st1` },
    };
    const blobDiag = (category: string): TestResource => ({
      address: 'azurerm_monitor_diagnostic_setting.b',
      values: { enabled_log: [{ category }] },
      unknown: { target_resource_id: true },
      refs: { target_resource_id: 'azurerm_storage_account.s.id' },
    });
    const logged = (category: string): string =>
      show(factOf(inventoryOf([account, blobDiag(category)]), 'azurerm_storage_account.s', 'accessLogging'));
    expect(logged('StorageDelete')).toBe('explicit:false');
    expect(logged('StorageRead')).toBe('explicit:true');
    expect(logged('StorageWrite')).toBe('explicit:true');
  });

  it('counts the OperationLogs of a search service (or the allLogs or audit group) as logging its queries and indexing', () => {
    const search: TestResource = { address: 'azurerm_search_service.s', values: { name: 's' } };
    const searchDiag = (entry: Record<string, string>): TestResource => ({
      address: 'azurerm_monitor_diagnostic_setting.s',
      values: { enabled_log: [entry] },
      unknown: { target_resource_id: true },
      refs: { target_resource_id: 'azurerm_search_service.s.id' },
    });
    const logged = (entry?: Record<string, string>): string =>
      show(
        factOf(
          inventoryOf(entry === undefined ? [search] : [search, searchDiag(entry)]),
          'azurerm_search_service.s',
          'accessLogging',
        ),
      );
    expect(logged()).toBe('default:false');
    expect(logged({ category: 'OperationLogs' })).toBe('explicit:true');
    expect(logged({ category_group: 'allLogs' })).toBe('explicit:true');
    expect(logged({ category_group: 'audit' })).toBe('explicit:true');
  });

  it('makes logging facts unknown when the target cannot be linked', () => {
    const inv = inventoryOf([
      openai(),
      law,
      {
        address: 'azurerm_monitor_diagnostic_setting.d',
        values: {
          target_resource_id: '/subscriptions/x/elsewhere',
          enabled_log: [{ category_group: 'allLogs' }],
        },
      },
    ]);
    expect(show(factOf(inv, 'azurerm_cognitive_account.oai', 'invocationLogging'))).toBe('unknown');
  });
});

describe('other services', () => {
  it('maps search, registry and apps with their defaults', () => {
    const inv = inventoryOf([
      { address: 'azurerm_search_service.s', values: { name: 's', local_authentication_enabled: false } },
      { address: 'azurerm_container_registry.r', values: { name: 'r', anonymous_pull_enabled: true } },
      {
        address: 'azurerm_linux_function_app.f',
        values: { name: 'f', app_settings: { OPENAI_API_KEY: 'sk-literal', PLAIN: 'x' } },
      },
      {
        address: 'azurerm_linux_web_app.w',
        values: {
          name: 'w',
          app_settings: { OPENAI_API_KEY: '@Microsoft.KeyVault(SecretUri=https://kv/secrets/k)' },
        },
      },
    ]);
    expect(show(factOf(inv, 'azurerm_search_service.s', 'keyAuthEnabled'))).toBe('explicit:false');
    expect(show(factOf(inv, 'azurerm_search_service.s', 'internetReachable'))).toBe('default:true');
    expect(show(factOf(inv, 'azurerm_container_registry.r', 'anonymousRead'))).toBe('explicit:true');
    expect(show(factOf(inv, 'azurerm_linux_function_app.f', 'plaintextSecrets'))).toBe('explicit:true');
    expect(show(factOf(inv, 'azurerm_linux_web_app.w', 'plaintextSecrets'))).toBe('default:false');
  });
});

describe('API Management backends from policies', () => {
  it('links set-backend-service base-url to the account and ignores unrelated hosts', () => {
    const inv = inventoryOf([
      { address: 'azurerm_api_management.gw', values: { name: 'apim1' } },
      { address: 'azurerm_api_management_api.a', values: { name: 'chat', api_management_name: 'apim1' } },
      {
        address: 'azurerm_api_management_api_policy.p',
        values: {
          api_name: 'chat',
          api_management_name: 'apim1',
          xml_content:
            '<policies><inbound><set-backend-service base-url="https://oai-test.cognitiveservices.azure.com/" /></inbound></policies>',
        },
      },
      openai(),
      {
        address: 'azurerm_cognitive_account.other',
        values: { name: 'other', kind: 'OpenAI', custom_subdomain_name: 'other' },
      },
    ]);
    expect(
      flowOf(inv, 'invoke', 'azurerm_api_management.gw', 'azurerm_cognitive_account.oai')?.evidence[0]
        ?.attribute,
    ).toBe('xml_content');
    expect(
      flowOf(inv, 'invoke', 'azurerm_api_management.gw', 'azurerm_cognitive_account.other'),
    ).toBeUndefined();
  });
});

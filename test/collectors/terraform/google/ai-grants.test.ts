import { describe, expect, it } from 'vitest';
import { assetOf, flowLines, inventoryOf, ref, type TestResource } from './plan-builder.js';

const sa: TestResource = {
  type: 'google_service_account',
  name: 'app',
  action: 'no-op',
  values: {
    account_id: 'app',
    project: 'p',
    email: 'app@p.iam.gserviceaccount.com',
    member: 'serviceAccount:app@p.iam.gserviceaccount.com',
  },
};
const template: TestResource = {
  type: 'google_model_armor_template',
  name: 'guard',
  values: { location: 'europe-west4', template_id: 'guard', project: 'p' },
  unknown: { id: true, name: true },
};
const engine: TestResource = {
  type: 'google_vertex_ai_reasoning_engine',
  name: 'agent',
  values: { display_name: 'agent', project: 'p' },
  unknown: { id: true, name: true },
};
const endpoint: TestResource = {
  type: 'google_vertex_ai_endpoint',
  name: 'llm',
  values: { name: '1234', display_name: 'llm', project: 'p' },
};
const projectRole = (role: string, extra: Partial<TestResource> = {}): TestResource => ({
  type: 'google_project_iam_member',
  name: 'app',
  values: { project: 'p', role, member: 'serviceAccount:app@p.iam.gserviceaccount.com' },
  ...extra,
});
const SA = 'google_service_account.app';

describe('Model Armor roles on the project', () => {
  it.each(['roles/modelarmor.admin', 'roles/modelarmor.editor'])(
    '%s writes the Model Armor templates',
    (role) => {
      const inv = inventoryOf([sa, template, projectRole(role)]);
      expect(flowLines(inv)).toContain(`write ${SA} -> google_model_armor_template.guard`);
    },
  );

  it('a viewer role does not', () => {
    const inv = inventoryOf([sa, template, projectRole('roles/modelarmor.viewer')]);
    expect(flowLines(inv)).toEqual([]);
  });
});

describe('wildcardModelAccess', () => {
  it('is true for roles/aiplatform.user on the project, false by default', () => {
    expect(assetOf(inventoryOf([sa]), SA).facts.wildcardModelAccess).toMatchObject({
      state: 'default',
      value: false,
    });
    expect(
      assetOf(inventoryOf([sa, projectRole('roles/aiplatform.user')]), SA).facts.wildcardModelAccess,
    ).toMatchObject({
      state: 'explicit',
      value: true,
      attribute: 'google_project_iam_member.app.role',
    });
  });

  it('is unknown for a conditional grant, or when the member is known only after apply', () => {
    const conditional = projectRole('roles/aiplatform.user', {
      values: {
        project: 'p',
        role: 'roles/aiplatform.user',
        member: 'serviceAccount:app@p.iam.gserviceaccount.com',
        condition: [{ title: 'office hours', expression: 'request.time.getHours("Europe/Berlin") < 18' }],
      },
    });
    expect(assetOf(inventoryOf([sa, conditional]), SA).facts.wildcardModelAccess?.state).toBe('unknown');
    const open = projectRole('roles/aiplatform.user', {
      values: { project: 'p', role: 'roles/aiplatform.user' },
      unknown: { member: true },
      expressions: { member: ref('var.member') },
    });
    expect(assetOf(inventoryOf([sa, open]), SA).facts.wildcardModelAccess?.state).toBe('unknown');
  });

  it('stays false for roles/editor, an administrator role (adminPrivileges)', () => {
    const inv = inventoryOf([sa, projectRole('roles/editor')]);
    expect(assetOf(inv, SA).facts.wildcardModelAccess).toMatchObject({ state: 'default', value: false });
    expect(assetOf(inv, SA).facts.adminPrivileges).toMatchObject({ state: 'explicit', value: true });
  });
});

describe('custom roles on the project', () => {
  const custom = (permissions: string[]): TestResource => ({
    type: 'google_project_iam_custom_role',
    name: 'query',
    values: { project: 'p', role_id: 'agent_query', title: 'Query', permissions },
    unknown: { id: true, name: true },
  });
  const grant = projectRole('x', {
    values: { project: 'p', member: 'serviceAccount:app@p.iam.gserviceaccount.com' },
    unknown: { role: true },
    expressions: { role: ref('google_project_iam_custom_role.query.id') },
  });

  it('a role with aiplatform.reasoningEngines.query invokes the agents only, not every model', () => {
    const inv = inventoryOf([sa, engine, endpoint, custom(['aiplatform.reasoningEngines.query']), grant]);
    expect(flowLines(inv)).toEqual([`invoke ${SA} -> google_vertex_ai_reasoning_engine.agent`]);
    expect(assetOf(inv, SA).facts.wildcardModelAccess).toMatchObject({ state: 'default', value: false });
  });

  it('a role with aiplatform.endpoints.predict may call every model of the project', () => {
    const inv = inventoryOf([sa, engine, endpoint, custom(['aiplatform.endpoints.predict']), grant]);
    expect(flowLines(inv)).toEqual([`invoke ${SA} -> google_vertex_ai_endpoint.llm`]);
    expect(assetOf(inv, SA).facts.wildcardModelAccess).toMatchObject({ state: 'explicit', value: true });
  });
});

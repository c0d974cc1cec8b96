import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectGcp } from '../../../collectors/gcp/index.js';
import { requestedProjects, visibleProjects } from '../../../collectors/gcp/projects.js';
import { GcpRuntime } from '../../../collectors/gcp/runtime.js';
import { InputError } from '../../../src/model/index.js';
import { fakeGcpOptions } from '../../fake-gcp/client.js';
import { FakeGcp, type Fault } from '../../fake-gcp/server.js';

/**
 * `--project all`: the ACTIVE projects SearchProjects gives (three pages of two), a project being deleted and an
 * id that is not one noted and never read, and a listing that fails refused as a usage error.
 */

let fake: FakeGcp;

beforeAll(async () => {
  fake = new FakeGcp({
    'acme-ml-prod': { vertex: {} },
    'acme-ml-dev': { vertex: {}, number: '222' },
    'acme-ml-old': { vertex: {}, state: 'DELETE_REQUESTED' },
    '../../evil': { vertex: {} },
    'acme-ml-new': { vertex: {}, state: 'ACTIVE' },
  });
  await fake.start();
});

afterAll(async () => {
  await fake.stop();
});

async function visible(faults: Fault[] = []): Promise<{ ids: string[]; rt: GcpRuntime; calls: string[] }> {
  fake.log.length = 0;
  fake.faults.splice(0, fake.faults.length, ...faults);
  const rt = new GcpRuntime(fakeGcpOptions(fake));
  try {
    return { ids: await visibleProjects(rt), rt, calls: fake.apiCalls() };
  } finally {
    fake.faults.length = 0;
    await rt.close();
  }
}

const note = (message: string, errorCode: string, account?: string): object => ({
  kind: 'skipped',
  message,
  input: `gcp://${account ?? 'all'}`,
  service: 'cloudresourcemanager.googleapis.com',
  api: 'Projects.SearchProjects',
  ...(account === undefined ? {} : { account }),
  errorCode,
});

describe('visibleProjects', () => {
  it('pages through SearchProjects once and keeps the ACTIVE projects, sorted', async () => {
    const { ids, rt, calls } = await visible();
    expect(ids).toEqual(['acme-ml-dev', 'acme-ml-new', 'acme-ml-prod']);
    expect(calls).toEqual([
      'GET /v3/projects:search',
      'GET /v3/projects:search?2',
      'GET /v3/projects:search?4',
    ]);
    expect(rt.notes).toEqual([
      note(
        'project acme-ml-old is DELETE_REQUESTED, not ACTIVE; it was not read',
        'DELETE_REQUESTED',
        'acme-ml-old',
      ),
      note(
        'SearchProjects gave "../../evil", which is not a project id; it was not read',
        'InvalidProjectId',
      ),
    ]);
  });

  it.each([
    ['denied', 'PERMISSION_DENIED'],
    ['exhausted', 'RESOURCE_EXHAUSTED'],
    ['disabled', 'SERVICE_DISABLED'],
  ] as const)('refuses a %s listing with a one-line usage error', async (kind, code) => {
    const failed = visible([{ collection: 'projects', kind, pathIncludes: ':search' }]);
    await expect(failed).rejects.toThrow(InputError);
    await expect(failed).rejects.toThrow(
      `--project: all: cannot list the projects the credential sees (${code}); name them with --project <id>`,
    );
  });

  it('refuses a listing that stops short (a repeated page token): part of all is not all', async () => {
    fake.loopPages = true;
    try {
      await expect(visible()).rejects.toThrow(
        '--project: all: cannot list the projects the credential sees (RepeatedPageToken); name them with --project <id>',
      );
    } finally {
      fake.loopPages = false;
    }
  });
});

describe('requestedProjects', () => {
  it('sorts and deduplicates ids, and passes all on its own', () => {
    expect(requestedProjects(['p-two22', 'p-one11', 'p-two22'])).toEqual(['p-one11', 'p-two22']);
    expect(requestedProjects(['all', 'all'])).toBe('all');
  });

  it.each([
    [[], '--gcp: no project to read; name one with --project'],
    [
      ['all', 'acme-ml-prod'],
      '--project: all cannot go with project ids; give either --project all or each --project <id>',
    ],
    [['Bad_Project'], '--project: "Bad_Project" is not a project id or number'],
  ])('refuses %j', (projects, message) => {
    expect(() => requestedProjects(projects)).toThrow(message);
  });
});

describe('collectGcp --project all', () => {
  it('reads every ACTIVE project and notes the others', async () => {
    fake.log.length = 0;
    const inv = await collectGcp(fakeGcpOptions(fake, { projects: ['all'] }));
    expect(inv.inputs.map((i) => i.path)).toEqual([
      'gcp://acme-ml-dev',
      'gcp://acme-ml-new',
      'gcp://acme-ml-prod',
    ]);
    expect(fake.apiCalls().filter((c) => c.includes('acme-ml-old') || c.includes('evil'))).toEqual([]);
    expect(inv.notes.map((n) => n.errorCode)).toEqual(['InvalidProjectId', 'DELETE_REQUESTED']);
  });

  it('refuses when the credential sees no ACTIVE project', async () => {
    const empty = new FakeGcp({ 'acme-ml-old': { vertex: {}, state: 'DELETE_REQUESTED' } });
    await empty.start();
    try {
      await expect(collectGcp(fakeGcpOptions(empty, { projects: ['all'] }))).rejects.toThrow(
        '--project: all: the credential sees no active project; grant it roles/browser on them or name them with --project <id>',
      );
    } finally {
      await empty.stop();
    }
  });
});

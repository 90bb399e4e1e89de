/**
 * HostApi is the only door from the renderer into main, and what comes
 * through it is untrusted: a compromised or buggy renderer, or any page that
 * reaches the browser host's socket. These tests call the real HostService
 * through the real dispatcher and check that every malformed call is
 * answered with a typed error that names the field at fault, that a failure
 * inside a service never takes the host down, and that no bad call leaves
 * anything behind in the database.
 */
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createHostDispatch, type HostDispatch } from '../../../src-main/host/host-dispatch.ts';
import { DATABASE_FILE_NAME } from '../../../src-main/host/host-service.ts';
import { DocStore } from '../../../src-node/storage/doc-store.ts';
import { HOST_METHODS } from '../../../shared/host-api/host-api.ts';
import type { LoadedPlan, PlanSummary } from '../../../shared/host-api/host-api.ts';
import { MAX_TITLE_LENGTH, MAX_UPDATE_BYTES } from '../../../shared/host-api/host-api-schema.ts';
import type { HostResponse } from '../../../shared/host-api/host-error.ts';
import { decodeWire } from '../../../shared/host-api/wire.ts';
import { manifestDocName } from '../../../shared/plan/doc-names.ts';
import { noiseBytes } from '../../support/noise-bytes.ts';
import { chapterAt, docFrom, editChapter, paragraphs } from './chapter-doc.ts';
import { useDataDir } from './data-dir.ts';

/** What a bad call may refer to: a plan and chapter that really exist. */
interface Existing {
  readonly planId: string;
  readonly chapterDoc: string;
}

interface BadCall {
  readonly what: string;
  readonly method: string;
  readonly args: (existing: Existing) => unknown[];
  /** Text the error message must contain to point the developer at the fault. */
  readonly names: string;
}

const OTHER_UUID = '0f8fad5b-d9cb-469f-a165-70867728950e';

/** A title object with an own `__proto__` key, exactly as JSON.parse builds it off the socket. */
function protoPollutingArgs(): unknown[] {
  const call = decodeWire('{"id":1,"method":"createPlan","args":[{"title":"Plan","__proto__":{"polluted":true}}]}');
  return (call as { args: unknown[] }).args;
}

const BAD_CALLS: readonly BadCall[] = [
  // Wrong arity: every method takes exactly the arguments it declares.
  { what: 'getStoreStatus with an argument', method: 'getStoreStatus', args: () => [1], names: '(arguments)' },
  { what: 'moveStoreAside with an argument', method: 'moveStoreAside', args: () => [{ force: true }], names: '(arguments)' },
  { what: 'getPreferences with an argument', method: 'getPreferences', args: () => [null], names: '(arguments)' },
  { what: 'listPlans with an argument', method: 'listPlans', args: () => [{}], names: '(arguments)' },
  { what: 'openSamplePlan with an argument', method: 'openSamplePlan', args: () => ['sample'], names: '(arguments)' },
  { what: 'createPlan without its argument', method: 'createPlan', args: () => [], names: '(arguments)' },
  { what: 'createPlan with two arguments', method: 'createPlan', args: () => [{ title: 'A' }, { title: 'B' }], names: '(arguments)' },
  { what: 'loadPlan without its argument', method: 'loadPlan', args: () => [], names: '(arguments)' },
  { what: 'deletePlan without its argument', method: 'deletePlan', args: () => [], names: '(arguments)' },
  { what: 'deletePlan with a plan id that is no UUID', method: 'deletePlan', args: () => [{ planId: '*' }], names: 'planId' },
  { what: 'saveUpdate without its argument', method: 'saveUpdate', args: () => [], names: '(arguments)' },
  { what: 'exportPlan to an unknown kind of file', method: 'exportPlan', args: (e) => [{ planId: e.planId, kind: 'html' }], names: 'kind' },
  { what: 'openExportedFile with a path that is not text', method: 'openExportedFile', args: () => [{ path: 42 }], names: 'path' },
  { what: 'listExportKinds with an argument', method: 'listExportKinds', args: () => [{ kind: 'pdf' }], names: '(arguments)' },
  { what: 'importDocx with text instead of the file’s bytes', method: 'importDocx', args: () => [{ upload: { fileName: 'utkast.docx', data: 'UEsDBA==' } }], names: 'upload.data' },
  { what: 'getTaskProgress with a progress id that is a path', method: 'getTaskProgress', args: () => [{ progressId: '../../etc' }], names: 'progressId' },
  { what: 'readSourceFile with text instead of bytes', method: 'readSourceFile', args: () => [{ fileName: 'samrad.pdf', data: 'JVBERi0=' }], names: 'data' },
  { what: 'submitPlan signed by an unknown agency', method: 'submitPlan', args: (e) => [{ planId: e.planId, by: { memberId: 'm', name: 'Anna', agency: 'xx' } }], names: 'by.agency' },
  { what: 'listSubmissions without a plan id', method: 'listSubmissions', args: () => [{}], names: 'planId' },
  { what: 'loadSubmission with an id that is no UUID', method: 'loadSubmission', args: (e) => [{ planId: e.planId, submissionId: '../x' }], names: 'submissionId' },
  { what: 'setPreferences without its argument', method: 'setPreferences', args: () => [], names: '(arguments)' },
  { what: 'createPlan with a bare string', method: 'createPlan', args: () => ['Plan'], names: 'expected object' },
  { what: 'setPreferences with null', method: 'setPreferences', args: () => [null], names: 'expected object' },

  // Unknown keys are refused, not silently dropped.
  { what: 'createPlan with an extra key', method: 'createPlan', args: () => [{ title: 'Plan', owner: 'af' }], names: '"owner"' },
  { what: 'createPlan with an own __proto__ key from JSON', method: 'createPlan', args: protoPollutingArgs, names: '__proto__' },
  { what: 'loadPlan with an extra key', method: 'loadPlan', args: (e) => [{ planId: e.planId, chapter: 1 }], names: '"chapter"' },
  {
    what: 'saveUpdate with an extra key',
    method: 'saveUpdate',
    args: (e) => [{ docName: e.chapterDoc, update: new Uint8Array([0, 0]), seq: 7 }],
    names: '"seq"',
  },
  { what: 'setPreferences with an unknown setting', method: 'setPreferences', args: () => [{ theme: 'dark' }], names: '"theme"' },

  // Titles.
  { what: 'an empty title', method: 'createPlan', args: () => [{ title: '' }], names: 'title' },
  { what: 'a title of only whitespace', method: 'createPlan', args: () => [{ title: ' \t\n\u00a0 ' }], names: 'title' },
  {
    what: 'a title one character too long',
    method: 'createPlan',
    args: () => [{ title: 'x'.repeat(MAX_TITLE_LENGTH + 1) }],
    names: 'title',
  },
  { what: 'a numeric title', method: 'createPlan', args: () => [{ title: 42 }], names: 'title' },
  { what: 'a null title', method: 'createPlan', args: () => [{ title: null }], names: 'title' },
  { what: 'a missing title', method: 'createPlan', args: () => [{}], names: 'title' },

  // Plan ids.
  { what: 'a planId that is no UUID', method: 'loadPlan', args: () => [{ planId: 'my-plan' }], names: 'planId' },
  { what: 'an upper-case planId', method: 'loadPlan', args: (e) => [{ planId: e.planId.toUpperCase() }], names: 'planId' },
  { what: 'a document name as planId', method: 'loadPlan', args: (e) => [{ planId: manifestDocName(e.planId) }], names: 'planId' },
  { what: 'a numeric planId', method: 'loadPlan', args: () => [{ planId: 42 }], names: 'planId' },
  { what: 'a planId with a trailing newline', method: 'loadPlan', args: (e) => [{ planId: `${e.planId}\n` }], names: 'planId' },

  // Document names.
  ...[
    'plan/../x',
    '../plan/{plan}',
    'plan/{plan}/chapter/',
    'plan/{plan}/chapter/../../{other}',
    'plan/{PLAN}',
    'plan/{plan}/',
    'plan/{plan}/chapters/{other}',
    '',
  ].map(
    (pattern): BadCall => ({
      what: `the docName "${pattern}"`,
      method: 'saveUpdate',
      args: (e) => [
        {
          docName: pattern.replace('{plan}', e.planId).replace('{PLAN}', e.planId.toUpperCase()).replace('{other}', OTHER_UUID),
          update: new Uint8Array([0, 0]),
        },
      ],
      names: 'docName',
    }),
  ),
  { what: 'a missing docName', method: 'saveUpdate', args: () => [{ update: new Uint8Array([0, 0]) }], names: 'docName' },

  // Updates.
  { what: 'a missing update', method: 'saveUpdate', args: (e) => [{ docName: e.chapterDoc }], names: 'update' },
  { what: 'an update as an array of numbers', method: 'saveUpdate', args: (e) => [{ docName: e.chapterDoc, update: [0, 0] }], names: 'update' },
  {
    what: 'an update as a bare ArrayBuffer',
    method: 'saveUpdate',
    args: (e) => [{ docName: e.chapterDoc, update: new ArrayBuffer(2) }],
    names: 'update',
  },
  { what: 'an update as a string', method: 'saveUpdate', args: (e) => [{ docName: e.chapterDoc, update: 'AAA=' }], names: 'update' },
  { what: 'an empty update', method: 'saveUpdate', args: (e) => [{ docName: e.chapterDoc, update: new Uint8Array(0) }], names: 'update' },
  {
    what: 'an update one byte over the limit',
    method: 'saveUpdate',
    args: (e) => [{ docName: e.chapterDoc, update: new Uint8Array(MAX_UPDATE_BYTES + 1) }],
    names: 'update',
  },
  {
    what: 'random bytes as the update',
    method: 'saveUpdate',
    args: (e) => [{ docName: e.chapterDoc, update: noiseBytes(64, 20_251_123) }],
    names: 'update',
  },
  {
    what: 'text bytes as the update',
    method: 'saveUpdate',
    args: (e) => [{ docName: e.chapterDoc, update: new TextEncoder().encode('this is not a Yjs update') }],
    names: 'update',
  },

  // Preferences.
  { what: "the language 'de'", method: 'setPreferences', args: () => [{ language: 'de' }], names: 'language' },
  { what: 'an unknown agency', method: 'setPreferences', args: () => [{ agency: 'xyz' }], names: 'agency' },
  { what: 'an agency in upper case', method: 'setPreferences', args: () => [{ agency: 'AF' }], names: 'agency' },
  { what: 'an empty name', method: 'setPreferences', args: () => [{ name: '   ' }], names: 'name' },
  { what: 'a name of 101 characters', method: 'setPreferences', args: () => [{ name: 'x'.repeat(101) }], names: 'name' },
  { what: 'a member id, which only the host makes', method: 'setPreferences', args: () => [{ memberId: '79516c87-77f3-4eea-8de0-7ea58e736fd0' }], names: '"memberId"' },
  { what: 'a lastPlanId that is no UUID', method: 'setPreferences', args: () => [{ lastPlanId: 'latest' }], names: 'lastPlanId' },

  // Sync servers: checked before anything is sent over the network.
  { what: 'joinPlan without its argument', method: 'joinPlan', args: () => [], names: '(arguments)' },
  { what: 'a server URL without http(s)', method: 'joinPlan', args: () => [{ serverUrl: 'ftp://example.se', code: 'AAAA' }], names: 'serverUrl' },
  { what: 'a server URL that is no URL', method: 'joinPlan', args: () => [{ serverUrl: 'samskriv', code: 'AAAA' }], names: 'serverUrl' },
  { what: 'an invitation code with other characters', method: 'joinPlan', args: () => [{ serverUrl: 'https://example.se', code: 'AAAA;DROP' }], names: 'code' },
  { what: 'an empty invitation code', method: 'joinPlan', args: () => [{ serverUrl: 'https://example.se', code: '  ' }], names: 'code' },
  { what: 'publishPlan with a plan id that is no UUID', method: 'publishPlan', args: () => [{ planId: 'x', serverUrl: 'https://example.se', code: 'AAAA' }], names: 'planId' },
  { what: 'getSyncCredentials with an extra key', method: 'getSyncCredentials', args: (e) => [{ planId: e.planId, token: 't' }], names: '"token"' },
  { what: 'an invitation for an unknown role', method: 'createInvitation', args: (e) => [{ planId: e.planId, name: 'Omar', agency: 'migr', role: 'admin' }], names: 'role' },
  { what: 'an invitation without a name', method: 'createInvitation', args: (e) => [{ planId: e.planId, name: ' ', agency: 'migr', role: 'drafter' }], names: 'name' },
  { what: 'listMembers without its argument', method: 'listMembers', args: () => [], names: '(arguments)' },
  { what: 'removeMember with a member id that is no UUID', method: 'removeMember', args: (e) => [{ planId: e.planId, memberId: 'all' }], names: 'memberId' },
  { what: 'listInvitations with a plan id that is no UUID', method: 'listInvitations', args: () => [{ planId: 'x' }], names: 'planId' },
  { what: 'revokeInvitation with an id that is no code hash', method: 'revokeInvitation', args: (e) => [{ planId: e.planId, invitationId: 'all' }], names: 'invitationId' },
  { what: 'exportChanges for a recipient who is no member id', method: 'exportChanges', args: (e) => [{ planId: e.planId, recipientId: 'everyone' }], names: 'recipientId' },
  { what: 'exportPlanFile with a plan id that is no UUID', method: 'exportPlanFile', args: () => [{ planId: 'x' }], names: 'planId' },
  { what: 'listExchangeRecipients without its argument', method: 'listExchangeRecipients', args: () => [], names: '(arguments)' },
  { what: 'inspectExchangeFile with a file that is text, not bytes', method: 'inspectExchangeFile', args: (e) => [{ planId: e.planId, data: 'SAMSKRIV' }], names: 'data' },
  { what: 'inspectExchangeFile over the size limit', method: 'inspectExchangeFile', args: () => [{ planId: null, data: new Uint8Array(16 * 1024 * 1024 + 1) }], names: 'data' },
  { what: 'importExchangeFile with a file id that is no UUID', method: 'importExchangeFile', args: () => [{ fileId: '../../etc/passwd' }], names: 'fileId' },
  { what: 'setAsideRefusedChange with a rule the server has not', method: 'setAsideRefusedChange', args: (e) => [{ planId: e.planId, docKind: 'chapter', docId: e.planId, docTitle: 'K', rule: 'anything', detail: '', by: { memberId: 'm', name: 'N', agency: 'fk' }, update: new Uint8Array([0, 0]) }], names: 'rule' },
  { what: 'setAsideRefusedChange without the doc', method: 'setAsideRefusedChange', args: (e) => [{ planId: e.planId, docKind: 'chapter', docId: 'x', docTitle: 'K', rule: null, detail: '', by: { memberId: 'm', name: 'N', agency: 'fk' }, update: new Uint8Array([0, 0]) }], names: 'docId' },
  { what: 'setAsideRefusedChange of a kind of doc there is not', method: 'setAsideRefusedChange', args: (e) => [{ planId: e.planId, docKind: 'thread', docId: e.planId, docTitle: 'K', rule: null, detail: '', by: { memberId: 'm', name: 'N', agency: 'fk' }, update: new Uint8Array([0, 0]) }], names: 'docKind' },
  { what: 'listRefusedChanges with a plan id that is no UUID', method: 'listRefusedChanges', args: () => [{ planId: '../x' }], names: 'planId' },
  { what: 'discardRefusedChange with an id that is a path', method: 'discardRefusedChange', args: (e) => [{ planId: e.planId, changeId: '../chapter' }], names: 'changeId' },
  { what: 'exportRefusedChange without a change id', method: 'exportRefusedChange', args: (e) => [{ planId: e.planId }], names: 'changeId' },
];

function expectError(response: HostResponse<unknown>, code: string): { code: string; message: string } {
  expect(response).toMatchObject({ ok: false, error: { code } });
  if (response.ok) throw new Error('unreachable');
  return response.error;
}

function expectValue<T>(response: HostResponse<unknown>): T {
  if (!response.ok) throw new Error(`expected success, got ${response.error.code}: ${response.error.message}`);
  return response.value as T;
}

describe('HostApi validation', () => {
  const dataDir = useDataDir();
  let dispatch: HostDispatch;
  let existing: Existing;

  beforeEach(async () => {
    dispatch = createHostDispatch(dataDir.open());
    const plan = expectValue<PlanSummary>(await dispatch('createPlan', [{ title: 'Handlingsplan' }]));
    const loaded = expectValue<LoadedPlan>(await dispatch('loadPlan', [{ planId: plan.id }]));
    existing = { planId: plan.id, chapterDoc: chapterAt(loaded, 0).name };
  });

  it('has a malformed call for every HostApi method', () => {
    const covered = new Set(BAD_CALLS.map((call) => call.method));
    expect([...covered].sort()).toEqual([...HOST_METHODS].sort());
  });

  it.each(BAD_CALLS.map((call) => [call.what, call] as const))('answers %s with invalid-argument naming the field', async (_what, call) => {
    const error = expectError(await dispatch(call.method, call.args(existing)), 'invalid-argument');
    expect(error.message).toContain(call.method);
    expect(error.message).toContain(call.names);
  });

  it('accepts the same calls when they are well formed, trimming the title', async () => {
    const created = expectValue<PlanSummary>(await dispatch('createPlan', [{ title: '  Regional plan \n' }]));
    expect(created.title).toBe('Regional plan');
    const loaded = expectValue<LoadedPlan>(await dispatch('loadPlan', [{ planId: existing.planId }]));
    const update = editChapter(docFrom(chapterAt(loaded, 0).update), paragraphs('Första meningen.'));
    expect(expectValue<{ seq: number }>(await dispatch('saveUpdate', [{ docName: existing.chapterDoc, update }])).seq).toBeGreaterThan(0);
    expect(expectValue(await dispatch('setPreferences', [{ language: 'en', agency: null, name: '  Amina  ', lastPlanId: existing.planId }]))).toMatchObject({
      language: 'en',
      agency: null,
      name: 'Amina',
      lastPlanId: existing.planId,
    });
  });

  it.each(['deleteAllPlans', 'constructor', '__proto__', 'toString', 'hasOwnProperty', '', 'saveupdate'])(
    'answers the unknown method "%s" with unknown-method',
    async (method) => {
      expectError(await dispatch(method, []), 'unknown-method');
    },
  );

  it('stores nothing and changes no setting when every bad call has been made', async () => {
    await dispatch('setPreferences', [{ language: 'en', agency: 'fk', lastPlanId: existing.planId }]);
    const before = {
      plans: await dispatch('listPlans', []),
      preferences: await dispatch('getPreferences', []),
      plan: await dispatch('loadPlan', [{ planId: existing.planId }]),
      status: await dispatch('getStoreStatus', []),
    };
    expect(before.plans.ok && before.plan.ok && before.preferences.ok).toBe(true);

    for (const call of BAD_CALLS) {
      expect((await dispatch(call.method, call.args(existing))).ok, call.what).toBe(false);
    }

    expect(await dispatch('listPlans', [])).toEqual(before.plans);
    expect(await dispatch('getPreferences', [])).toEqual(before.preferences);
    expect(await dispatch('loadPlan', [{ planId: existing.planId }])).toEqual(before.plan);
    expect(await dispatch('getStoreStatus', [])).toEqual(before.status);
  });

  it('refuses a well-formed update for a plan that does not exist, and stores nothing for it', async () => {
    const before = await dispatch('listPlans', []);
    const loaded = expectValue<LoadedPlan>(await dispatch('loadPlan', [{ planId: existing.planId }]));
    const update = editChapter(docFrom(chapterAt(loaded, 0).update), paragraphs('Text.'));
    const error = expectError(await dispatch('saveUpdate', [{ docName: `plan/${OTHER_UUID}/chapter/${OTHER_UUID}`, update }]), 'not-found');
    expect(error.message).toContain(OTHER_UUID);
    expect(await dispatch('listPlans', [])).toEqual(before);
    expectError(await dispatch('loadPlan', [{ planId: OTHER_UUID }]), 'not-found');
  });
});

describe('a failure inside a service', () => {
  const dataDir = useDataDir();

  it('becomes an internal error that is logged, and the host keeps answering', async () => {
    const logged: string[] = [];
    const service = dataDir.open();
    const damaged = await service.createPlan({ title: 'Trasig plan' });
    // A bug or an I/O failure: not a HostError, thrown from inside the service.
    const failing = new Proxy(service, {
      get: (target, key) =>
        key === 'loadPlan'
          ? async (input: { planId: string }) => {
              if (input.planId === damaged.id) throw new Error('EIO: i/o error, read');
              return target.loadPlan(input);
            }
          : (Reflect.get(target, key) as (...args: unknown[]) => unknown).bind(target),
    });
    const dispatch = createHostDispatch(failing, (message) => logged.push(message));

    const error = expectError(await dispatch('loadPlan', [{ planId: damaged.id }]), 'internal');
    expect(error.message).toContain('loadPlan');
    expect(logged).toEqual(['HostApi loadPlan failed']);

    expect(await dispatch('getStoreStatus', [])).toMatchObject({ ok: true, value: { state: 'ok' } });
    const healthy = expectValue<PlanSummary>(await dispatch('createPlan', [{ title: 'Frisk plan' }]));
    expect(expectValue<LoadedPlan>(await dispatch('loadPlan', [{ planId: healthy.id }])).chapters).toHaveLength(1);
  });

  it('a damaged stored document is reported as store-damaged, and the other plans still open', async () => {
    const logged: string[] = [];
    const dispatch = createHostDispatch(dataDir.open(), (message) => logged.push(message));
    const damaged = expectValue<PlanSummary>(await dispatch('createPlan', [{ title: 'Skadad plan' }]));

    // A log row that cannot be decoded, as a disk fault or an older bug might
    // leave it: the store refuses to load the doc with a StoreDataError, which
    // the host turns into a code the renderer translates.
    const store = DocStore.open(join(dataDir.path, DATABASE_FILE_NAME));
    store.appendUpdate(manifestDocName(damaged.id), noiseBytes(32, 7));
    store.close();

    const error = expectError(await dispatch('loadPlan', [{ planId: damaged.id }]), 'store-damaged');
    expect(error.message).toContain(manifestDocName(damaged.id));
    expect(error).toMatchObject({ reason: 'undecodable' });
    expect(logged).toEqual([]);

    expect(await dispatch('getStoreStatus', [])).toMatchObject({ ok: true, value: { state: 'ok' } });
    const healthy = expectValue<PlanSummary>(await dispatch('createPlan', [{ title: 'Frisk plan' }]));
    expect(expectValue<LoadedPlan>(await dispatch('loadPlan', [{ planId: healthy.id }])).chapters).toHaveLength(1);
  });
});

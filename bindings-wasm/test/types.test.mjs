// The generated TypeScript, checked by the TypeScript compiler (the package's pinned `typescript`,
// in process: one program for every sample, so the 1 MB of generated types is read once):
// a sample using the typed API compiles; samples with a wrong body field, a wrong parameter, a
// missing required body field, a read-only field in a request, a parameter given by both its
// names or `wait` on an operation the spec gives no watcher are rejected for that reason; and
// the first release's method names, which still compile, are reported as deprecated where
// editors show it (the language service's suggestions).
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { before, test } from 'node:test';
import ts from 'typescript';

const pkg = fileURLToPath(new URL('..', import.meta.url));
const options = {
  noEmit: true,
  strict: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  types: [],
};
const samples = ['ok', 'wrong-field', 'wrong-param', 'missing-field', 'read-only-field', 'both-aliases', 'wait-no-watcher', 'wait-call-no-watcher'];
const fileOf = (name) => `${pkg}test/types/${name}.ts`;

let service;
before(() => {
  const host = {
    getScriptFileNames: () => samples.map(fileOf),
    getScriptVersion: () => '1',
    getScriptSnapshot: (file) => {
      const text = ts.sys.readFile(file);
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => pkg,
    getCompilationSettings: () => options,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: ts.sys.fileExists,
    readFile: ts.sys.readFile,
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  };
  service = ts.createLanguageService(host, ts.createDocumentRegistry());
});

/** `test/types/x.ts(7,41): error TS2345: …` lines, as tsc prints them. */
function errors(name) {
  const file = fileOf(name);
  const diagnostics = [...service.getSyntacticDiagnostics(file), ...service.getSemanticDiagnostics(file)];
  return ts.formatDiagnostics(diagnostics, {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => pkg,
    getNewLine: () => '\n',
  });
}

function rejects(name, pattern) {
  const output = errors(name);
  assert.notEqual(output, '', `tsc accepted ${name}.ts`);
  assert.match(output, pattern);
  assert.equal(output.match(/error TS/g).length, 1, output);
}

test('a sample using the typed API compiles', { timeout: 300_000 }, () => {
  assert.equal(errors('ok'), '');
  // The whole package's own declarations too.
  assert.deepEqual(
    ts.formatDiagnostics(ts.getPreEmitDiagnostics(service.getProgram()), {
      getCanonicalFileName: (f) => f,
      getCurrentDirectory: () => pkg,
      getNewLine: () => '\n',
    }).match(/js\/(index|generated\/api)\.d\.ts.*/g) ?? [],
    [],
  );
});

test('a wrong body field is a type error', () => {
  rejects('wrong-field', /wrong-field\.ts\(7,\d+\): error TS(2353|2561): Object literal may only specify known properties.*'clusterTyp'/);
});

test('a wrong parameter name is a type error', () => {
  rejects('wrong-param', /wrong-param\.ts\(7,\d+\): error TS(2353|2561): Object literal may only specify known properties.*'groupID'/);
});

test('a body without a field the spec requires is a type error', () => {
  rejects('missing-field', /missing-field\.ts\(7,\d+\): error TS2345: .*\n\s*Property 'orgId' is missing in type '\{ name: string; \}' but required in type 'GroupInput'/);
});

test('a read-only field in a request body is a type error', () => {
  rejects('read-only-field', /read-only-field\.ts\(7,\d+\): error TS2353: .*'clusterCount' does not exist in type 'GroupInput'/);
});

test('a parameter given by both its names is a type error', () => {
  rejects('both-aliases', /both-aliases\.ts\(7,\d+\): error TS2345: [\s\S]*Types of property 'projectId' are incompatible/);
});

test('`wait` on a typed method without a watcher is a type error', () => {
  rejects('wait-no-watcher', /wait-no-watcher\.ts\(7,\d+\): error TS2353: .*'wait' does not exist in type 'CallOptions'/);
});

test('call(…, { wait }) on an operation without a watcher is a type error', () => {
  rejects('wait-call-no-watcher', /wait-call-no-watcher\.ts\(7,\d+\): error TS\d+: /);
});

test('the first release\'s names compile and are marked deprecated; current names are not', () => {
  const deprecated = service
    .getSuggestionDiagnostics(fileOf('ok'))
    .filter((d) => d.reportsDeprecated)
    .map((d) => d.file.text.slice(d.start, d.start + d.length))
    .sort();
  // listClusters is the current short name (not deprecated); createProject, getProject and
  // listProjects are the 2025 ids of createGroup, getGroup and listGroups.
  assert.deepEqual(deprecated, ['createProject', 'getProject', 'listProjects']);
  const info = service.getQuickInfoAtPosition(fileOf('ok'), service.getProgram().getSourceFile(fileOf('ok')).text.indexOf('createProject('));
  const tag = info.tags.find((t) => t.name === 'deprecated');
  assert.match(ts.displayPartsToString(tag.text), /^use `createGroup` \(the same operation; `createProject` is its name in the API of 2025-06-05\)$/);
});

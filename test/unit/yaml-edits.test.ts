import { describe, expect, it } from 'vitest';
import { isMap, isSeq, parseDocument, type Document, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { applyFixes } from '../../src/edit/apply.js';
import { reparses } from '../../src/edit/reparse.js';
import type { TextEdit } from '../../src/edit/text-edit.js';
import { cfnRef, insertMapEntry, insertPath, removeMapEntry, renameKey, replaceScalar, setEmptyValue, type EditSource } from '../../src/edit/yaml-edits.js';

/** `!Ref X` read back as the framework's loader reads it. */
const refTag = { tag: '!Ref', resolve: (name: string) => ({ Ref: name }) };

type Build = (doc: Document.Parsed, source: EditSource) => TextEdit[] | null;

/** Parses, builds the edits, applies them; checks that the result re-parses and returns it. */
function edit(text: string, build: Build, path = 'serverless.yml'): string {
  const doc = parseDocument(text, { keepSourceTokens: true });
  expect(doc.errors).toEqual([]);
  const edits = build(doc, { path, text });
  expect(edits, 'edits').not.toBeNull();
  const out = applyFixes(text, [{ description: 'test', edits: edits! }]);
  expect(out.skipped).toEqual([]);
  expect(reparses(path, out.text, [refTag])).toBeUndefined();
  return out.text;
}

/** The plain value at `keys` in the edited text. */
function readBack(text: string, keys: string[], path = 'serverless.yml'): unknown {
  const root = path.endsWith('.json') ? JSON.parse(text.replace(/^\uFEFF/, '')) : parseDocument(text, { customTags: [refTag] }).toJS();
  return keys.reduce<any>((v, k) => v?.[k], root);
}

const map = (doc: Document.Parsed, ...keys: string[]): YAMLMap => {
  const node = keys.length ? doc.getIn(keys, true) : doc.contents;
  if (!isMap(node)) throw new Error(`no map at ${keys.join('.')}`);
  return node;
};

const gatewayResponse = {
  Type: 'AWS::ApiGateway::GatewayResponse',
  Properties: {
    ResponseParameters: { 'gatewayresponse.header.Access-Control-Allow-Origin': "'*'" },
    ResponseType: 'DEFAULT_4XX',
    RestApiId: cfnRef('ApiGatewayRestApi'),
  },
};
const gatewayResponseJs = {
  Type: 'AWS::ApiGateway::GatewayResponse',
  Properties: {
    ResponseParameters: { 'gatewayresponse.header.Access-Control-Allow-Origin': "'*'" },
    ResponseType: 'DEFAULT_4XX',
    RestApiId: { Ref: 'ApiGatewayRestApi' },
  },
};
const gatewayResponseYaml = (indent: string) =>
  [
    `GatewayResponseDefault4XX:`,
    `  Type: AWS::ApiGateway::GatewayResponse`,
    `  Properties:`,
    `    ResponseParameters:`,
    `      gatewayresponse.header.Access-Control-Allow-Origin: "'*'"`,
    `    ResponseType: DEFAULT_4XX`,
    `    RestApiId: !Ref ApiGatewayRestApi`,
  ]
    .map((l) => indent + l + '\n')
    .join('');

describe('insertMapEntry in block maps', () => {
  it('goes after the last entry and its inline comment, before blank lines and comments of the next sibling', () => {
    const text = [
      '# top comment',
      'service: demo # inline',
      'provider:',
      '  # about name',
      '  name: aws   # the cloud',
      '',
      '  runtime: nodejs20.x # rt',
      '',
      '',
      '# before functions',
      'functions:',
      '  hello:',
      '    handler: h.hello',
      '',
    ].join('\n');
    const out = edit(text, (doc, src) => insertMapEntry(src, map(doc, 'provider'), 'region', 'eu-west-1'));
    expect(out).toBe(text.replace('# rt\n', '# rt\n  region: eu-west-1\n'));
    expect(readBack(out, ['provider', 'region'])).toBe('eu-west-1');
  });

  it('goes after a nested block map, including comments indented under it', () => {
    const text = [
      'resources:',
      '  Resources:',
      '    Bucket:',
      '      Type: AWS::S3::Bucket',
      '      # end of Bucket',
      '  # Outputs come next',
      '  Outputs: {}',
      '',
    ].join('\n');
    const out = edit(text, (doc, src) => insertMapEntry(src, map(doc, 'resources', 'Resources'), 'GatewayResponseDefault4XX', gatewayResponse));
    expect(out).toBe(text.replace('# end of Bucket\n', '# end of Bucket\n' + gatewayResponseYaml('    ')));
    expect(readBack(out, ['resources', 'Resources', 'GatewayResponseDefault4XX'])).toEqual(gatewayResponseJs);
  });

  it("keeps a commented-out entry at the keys' indentation after the new entry", () => {
    const text = 'provider:\n  name: aws\n  # stage: dev\nfunctions: {}\n';
    const out = edit(text, (doc, src) => insertMapEntry(src, map(doc, 'provider'), 'region', 'x'));
    expect(out).toBe('provider:\n  name: aws\n  region: x\n  # stage: dev\nfunctions: {}\n');
  });

  it('counts deeper comments after blank lines as part of the last entry', () => {
    const text = 'Resources:\n  Bucket:\n    Type: X\n\n    # Policy: later\n\nOutputs: 1\n';
    const out = edit(text, (doc, src) => insertMapEntry(src, map(doc, 'Resources'), 'Topic', { Type: 'AWS::SNS::Topic' }));
    expect(out).toBe('Resources:\n  Bucket:\n    Type: X\n\n    # Policy: later\n  Topic:\n    Type: AWS::SNS::Topic\n\nOutputs: 1\n');
    expect(readBack(out, ['Resources', 'Topic'])).toEqual({ Type: 'AWS::SNS::Topic' });
  });

  it('goes after a block sequence, indented or not', () => {
    const text = 'custom:\n  origins:\n    - https://a.example.com\n    - https://b.example.com\n  methods:\n  - GET\n  - POST\nother: 1\n';
    const out = edit(text, (doc, src) => insertMapEntry(src, map(doc, 'custom'), 'maxAge', 600));
    expect(out).toBe(text.replace('  - POST\n', '  - POST\n  maxAge: 600\n'));
    expect(readBack(out, ['custom', 'methods'])).toEqual(['GET', 'POST']);
    expect(readBack(out, ['custom', 'maxAge'])).toBe(600);
  });

  it('goes after a literal block scalar without changing its content', () => {
    const text = 'a:\n  script: |\n    echo 1\n    echo 2\n\n  # trailing\nz: 1\n';
    const out = edit(text, (doc, src) => insertMapEntry(src, map(doc, 'a'), 'next', true));
    expect(out).toBe('a:\n  script: |\n    echo 1\n    echo 2\n  next: true\n\n  # trailing\nz: 1\n');
    expect(readBack(out, ['a', 'script'])).toBe('echo 1\necho 2\n');

    const keep = 'a:\n  script: |+\n    echo 1\n\n\nz: 1\n';
    const kept = edit(keep, (doc, src) => insertMapEntry(src, map(doc, 'a'), 'next', true));
    expect(kept).toBe('a:\n  script: |+\n    echo 1\n\n\n  next: true\nz: 1\n');
    expect(readBack(kept, ['a', 'script'])).toBe('echo 1\n\n\n');
  });

  it('uses the file indentation step of 4 spaces for nested values', () => {
    const text = 'provider:\n    name: aws\n    httpApi:\n        cors: true\n';
    const out = edit(text, (doc, src) =>
      insertMapEntry(src, map(doc, 'provider'), 'apiGateway', { minimumCompressionSize: 1024, binaryMediaTypes: ['image/png'] }),
    );
    expect(out).toBe(text + '    apiGateway:\n        minimumCompressionSize: 1024\n        binaryMediaTypes:\n            - image/png\n');
    expect(readBack(out, ['provider', 'apiGateway'])).toEqual({ minimumCompressionSize: 1024, binaryMediaTypes: ['image/png'] });
  });

  it('follows an alias value and leaves anchors alone', () => {
    const text = 'base: &x 1\nm:\n  a: 1\n  b: *x\n';
    const out = edit(text, (doc, src) => insertMapEntry(src, map(doc, 'm'), 'c', 2));
    expect(out).toBe(text + '  c: 2\n');
    expect(readBack(out, ['m'])).toEqual({ a: 1, b: 1, c: 2 });
  });

  it('indents like a map that starts on a sequence item line', () => {
    const text = 'events:\n  - http:\n      path: /\n    extra: 1\n';
    const out = edit(text, (doc, src) => insertMapEntry(src, map(doc, 'events', '0'), 'more', 'x'));
    expect(out).toBe(text + '    more: x\n');
  });

  it('keeps CRLF line ends', () => {
    const text = 'provider:\r\n  name: aws # c\r\n\r\nfunctions: {}\r\n';
    const out = edit(text, (doc, src) => insertMapEntry(src, map(doc, 'provider'), 'stage', { dev: 1 }));
    expect(out).toBe('provider:\r\n  name: aws # c\r\n  stage:\r\n    dev: 1\r\n\r\nfunctions: {}\r\n');
    expect(readBack(out, ['provider', 'stage'])).toEqual({ dev: 1 });
  });

  it('keeps a BOM and a missing final line break', () => {
    const text = '\uFEFFa: 1\nb: 2 # last';
    const out = edit(text, (doc, src) => insertMapEntry(src, map(doc), 'c', 'three'));
    expect(out).toBe('\uFEFFa: 1\nb: 2 # last\nc: three');
    expect(readBack(out, ['c'])).toBe('three');
  });

  it('quotes keys and values as yaml does', () => {
    const text = 'h:\n  x: 1\n';
    const values = { star: "'*'", yes: 'yes', num: '200', multi: 'a\nb', colon: 'a: b', empty: {}, list: [] };
    const out = edit(text, (doc, src) => insertMapEntry(src, map(doc, 'h'), 'v', values));
    expect(out).toBe(
      text +
        '  v:\n    star: "\'*\'"\n    "yes": "yes"\n    "n": "200"\n    multi: |-\n      a\n      b\n    colon: "a: b"\n    empty: {}\n    list: []\n'.replace(
          '"n": "200"',
          'num: "200"',
        ),
    );
    expect(readBack(out, ['h', 'v'])).toEqual(values);
  });

  it('refuses a key that already exists', () => {
    const doc = parseDocument('a: 1\n', { keepSourceTokens: true });
    expect(insertMapEntry({ path: 'x.yml', text: 'a: 1\n' }, map(doc), 'a', 2)).toBeNull();
  });
});

describe('insertMapEntry in flow maps', () => {
  it('appends to a one-line flow map', () => {
    const text = "cors: {origin: '*', maxAge: 60}  # c\n";
    const out = edit(text, (doc, src) => insertMapEntry(src, map(doc, 'cors'), 'headers', ['Content-Type', 'X-Api-Key']));
    expect(out).toBe("cors: {origin: '*', maxAge: 60, headers: [Content-Type, X-Api-Key]}  # c\n");
    expect(readBack(out, ['cors', 'headers'])).toEqual(['Content-Type', 'X-Api-Key']);
  });

  it('fills an empty flow map', () => {
    const text = 'Resources: {}\n';
    const out = edit(text, (doc, src) => insertMapEntry(src, map(doc, 'Resources'), 'X', { Type: 'T', Ref: cfnRef('Api') }));
    expect(out).toBe('Resources: {X: {Type: T, Ref: !Ref Api}}\n');
    expect(readBack(out, ['Resources', 'X'])).toEqual({ Type: 'T', Ref: { Ref: 'Api' } });
  });

  it('puts the entry on its own line in a multi-line flow map, after a comment', () => {
    const text = 'cors: {\n  origin: a, # first\n  maxAge: 60 # last\n}\n';
    const out = edit(text, (doc, src) => insertMapEntry(src, map(doc, 'cors'), 'headers', 'X'));
    expect(out).toBe('cors: {\n  origin: a, # first\n  maxAge: 60, # last\n  headers: X\n}\n');
  });
});

describe('setEmptyValue', () => {
  it('gives a null key a block map', () => {
    const text = 'resources:\nother: 1\n';
    const out = edit(text, (doc, src) => setEmptyValue(src, map(doc), 'resources', { Resources: { A: 1 } }));
    expect(out).toBe('resources:\n  Resources:\n    A: 1\nother: 1\n');
  });

  it('turns `{}` into a block map and keeps the comment', () => {
    const text = 'a:\n  Resources: {} # none yet\n';
    const out = edit(text, (doc, src) => setEmptyValue(src, map(doc, 'a'), 'Resources', { A: [1] }));
    expect(out).toBe('a:\n  Resources: # none yet\n    A:\n      - 1\n');
  });

  it('writes a scalar on the key line, after the colon', () => {
    const text = 'a:   # note\nb: ~\n';
    const out = edit(text, (doc, src) => [...setEmptyValue(src, map(doc), 'a', 'x')!, ...setEmptyValue(src, map(doc), 'b', cfnRef('R'))!]);
    expect(out).toBe('a: x   # note\nb: !Ref R\n');
  });

  it('refuses values that are not empty, anchored or tagged', () => {
    for (const text of ['a: 1\n', 'a: {b: 1}\n', 'a: &x\nb: *x\n', 'a: !!map {}\n']) {
      const doc = parseDocument(text, { keepSourceTokens: true });
      expect(setEmptyValue({ path: 'x.yml', text }, map(doc), 'a', { c: 1 }), text).toBeNull();
    }
  });
});

describe('insertPath', () => {
  it('creates two levels when `resources` is absent', () => {
    const text = 'service: demo\n\nprovider:\n  name: aws\n';
    const out = edit(text, (doc, src) => insertPath(src, map(doc), ['resources', 'Resources', 'GatewayResponseDefault4XX'], gatewayResponse));
    expect(out).toBe(text + 'resources:\n  Resources:\n' + gatewayResponseYaml('    '));
    expect(readBack(out, ['resources', 'Resources', 'GatewayResponseDefault4XX'])).toEqual(gatewayResponseJs);
  });

  it('creates `Resources` when `resources` has only `Outputs`', () => {
    const text = 'resources:\n  Outputs:\n    Url:\n      Value: x\n\nplugins:\n  - a\n';
    const out = edit(text, (doc, src) => insertPath(src, map(doc), ['resources', 'Resources', 'GatewayResponseDefault4XX'], gatewayResponse));
    expect(out).toBe(text.replace('Value: x\n', 'Value: x\n  Resources:\n' + gatewayResponseYaml('    ')));
  });

  it('adds to an existing `Resources` map', () => {
    const text = 'resources:\n  Resources:\n    Bucket:\n      Type: AWS::S3::Bucket\n';
    const out = edit(text, (doc, src) => insertPath(src, map(doc), ['resources', 'Resources', 'GatewayResponseDefault4XX'], gatewayResponse));
    expect(out).toBe(text + gatewayResponseYaml('    '));
  });

  it('fills `resources:` (null) and `Resources: {}`', () => {
    const nullText = 'resources:\n';
    expect(edit(nullText, (doc, src) => insertPath(src, map(doc), ['resources', 'Resources', 'X'], 1))).toBe('resources:\n  Resources:\n    X: 1\n');
    const emptyText = 'resources:\n  Resources: {}\n';
    expect(edit(emptyText, (doc, src) => insertPath(src, map(doc), ['resources', 'Resources', 'X'], 1))).toBe('resources:\n  Resources:\n    X: 1\n');
  });

  it('leaves anchors and aliases elsewhere untouched', () => {
    const text = 'custom:\n  cors: &cors\n    origin: https://a.example.com\nfunctions:\n  hello:\n    events:\n      - http:\n          cors: *cors\n';
    const out = edit(text, (doc, src) => insertPath(src, map(doc), ['resources', 'Resources', 'X'], { Type: 'T' }));
    expect(out).toBe(text + 'resources:\n  Resources:\n    X:\n      Type: T\n');
    expect(readBack(out, ['functions', 'hello', 'events', '0', 'http', 'cors'])).toEqual({ origin: 'https://a.example.com' });
  });

  it('refuses when the path exists or runs through a non-map', () => {
    for (const text of ['resources:\n  Resources:\n    X: 1\n', 'resources: ${file(r.yml)}\n', 'resources:\n  - a\n', 'r: &r {A: 1}\nresources: *r\n']) {
      const doc = parseDocument(text, { keepSourceTokens: true });
      expect(insertPath({ path: 'x.yml', text }, map(doc), ['resources', 'Resources', 'X'], 1), text).toBeNull();
    }
  });
});

describe('JSON files', () => {
  const path = 'serverless.json';

  it('appends an entry with the file indentation and a comma', () => {
    const text = '{\n    "service": "demo",\n    "provider": {\n        "name": "aws"\n    }\n}\n';
    const out = edit(text, (doc, src) => insertMapEntry(src, map(doc), 'custom', { a: [1, cfnRef('R')] }), path);
    expect(out).toBe(
      '{\n    "service": "demo",\n    "provider": {\n        "name": "aws"\n    },\n    "custom": {\n        "a": [\n            1,\n            {\n                "Ref": "R"\n            }\n        ]\n    }\n}\n',
    );
    expect(readBack(out, ['custom', 'a'], path)).toEqual([1, { Ref: 'R' }]);
  });

  it('expands an empty object', () => {
    const text = '{\n  "resources": {}\n}\n';
    const out = edit(text, (doc, src) => insertMapEntry(src, map(doc, 'resources'), 'Resources', {}), path);
    expect(out).toBe('{\n  "resources": {\n    "Resources": {}\n  }\n}\n');
    expect(readBack(out, ['resources', 'Resources'], path)).toEqual({});
  });

  it('creates a nested path, keeping tabs and CRLF', () => {
    const text = '{\r\n\t"service": "demo"\r\n}';
    const out = edit(text, (doc, src) => insertPath(src, map(doc), ['resources', 'Resources', 'X'], { Type: 'T' }), path);
    expect(out).toBe(
      '{\r\n\t"service": "demo",\r\n\t"resources": {\r\n\t\t"Resources": {\r\n\t\t\t"X": {\r\n\t\t\t\t"Type": "T"\r\n\t\t\t}\r\n\t\t}\r\n\t}\r\n}',
    );
    expect(readBack(out, ['resources', 'Resources', 'X'], path)).toEqual({ Type: 'T' });
  });

  it('fills a null value and writes one-line JSON on one line', () => {
    const text = '{"resources": null, "a": {}}';
    const out = edit(text, (doc, src) => [...setEmptyValue(src, map(doc), 'resources', { R: 1 })!, ...insertMapEntry(src, map(doc, 'a'), 'b', [true])!], path);
    expect(out).toBe('{"resources": {"R":1}, "a": {"b": [true]}}');
  });
});

describe('replaceScalar', () => {
  const scalar = (doc: Document.Parsed, ...keys: string[]) => doc.getIn(keys, true) as Scalar;

  it('keeps the anchor, tag and comment, and the quoting style when it fits', () => {
    const text = 'a: &x \'old\' # c\nb: !Sub plain\nc: "q"\n';
    const out = edit(text, (doc, src) => [
      ...replaceScalar(src, scalar(doc, 'a'), 'new')!,
      ...replaceScalar(src, scalar(doc, 'b'), 'with: colon')!,
      ...replaceScalar(src, scalar(doc, 'c'), 'x')!,
    ]);
    expect(out).toBe('a: &x \'new\' # c\nb: !Sub "with: colon"\nc: "x"\n');
  });

  it('re-emits a static gateway value as "\'*\'"', () => {
    const text = "h:\n  gatewayresponse.header.Access-Control-Allow-Origin: '*'\n";
    const out = edit(text, (doc, src) => replaceScalar(src, scalar(doc, 'h', 'gatewayresponse.header.Access-Control-Allow-Origin'), "'*'"));
    expect(out).toBe('h:\n  gatewayresponse.header.Access-Control-Allow-Origin: "\'*\'"\n');
  });

  it('replaces a block scalar with a one-line scalar, and a JSON value with JSON', () => {
    expect(edit('a: |\n  x\n  y\nb: 1\n', (doc, src) => replaceScalar(src, scalar(doc, 'a'), true))).toBe('a: true\nb: 1\n');
    expect(edit('{"a": "x"}', (doc, src) => replaceScalar(src, scalar(doc, 'a'), "it's"), 'c.json')).toBe('{"a": "it\'s"}');
  });
});

describe('removeMapEntry', () => {
  it('removes whole lines of a block entry, keeping its neighbours', () => {
    const text = 'cors:\n  origin: a # o\n  headers:\n    - X\n  maxAge: 1\n';
    expect(edit(text, (doc, src) => removeMapEntry(src, map(doc, 'cors'), 'headers'))).toBe('cors:\n  origin: a # o\n  maxAge: 1\n');
    expect(edit(text, (doc, src) => removeMapEntry(src, map(doc, 'cors'), 'maxAge'))).toBe('cors:\n  origin: a # o\n  headers:\n    - X\n');
  });

  it('removes the comments indented under an entry, not those before the next one', () => {
    const text = 'm:\n  a:\n    b: 1\n    # about b\n  # about c\n  c: 2\n';
    expect(edit(text, (doc, src) => removeMapEntry(src, map(doc, 'm'), 'a'))).toBe('m:\n  # about c\n  c: 2\n');
  });

  it('removes the first entry of a map on a sequence item line', () => {
    const text = '- cors: true\n  path: /\n';
    expect(edit(text, (doc, src) => removeMapEntry(src, map(doc, '0'), 'cors'))).toBe('- path: /\n');
  });

  it('leaves `{}` for the only entry of a block map', () => {
    expect(edit('a:\n  b: 1 # c\nz: 1\n', (doc, src) => removeMapEntry(src, map(doc, 'a'), 'b'))).toBe('a:\n  {} # c\nz: 1\n');
    expect(edit('a:\n  b:\n    - 1\nz: 1\n', (doc, src) => removeMapEntry(src, map(doc, 'a'), 'b'))).toBe('a:\n  {}\nz: 1\n');
    expect(edit('a:\n  b:   # c\n', (doc, src) => removeMapEntry(src, map(doc, 'a'), 'b'))).toBe('a:\n  {}   # c\n');
  });

  it('handles commas in flow maps and JSON', () => {
    const text = '{a: 1, b: 2, c: 3}\n';
    expect(edit(text, (doc, src) => removeMapEntry(src, map(doc), 'a'))).toBe('{b: 2, c: 3}\n');
    expect(edit(text, (doc, src) => removeMapEntry(src, map(doc), 'c'))).toBe('{a: 1, b: 2}\n');
    expect(edit('x: {a: 1}\n', (doc, src) => removeMapEntry(src, map(doc, 'x'), 'a'))).toBe('x: {}\n');
    const json = '{\n  "a": 1,\n  "b": {\n    "c": 2\n  }\n}\n';
    expect(edit(json, (doc, src) => removeMapEntry(src, map(doc), 'a'), 'x.json')).toBe('{\n  "b": {\n    "c": 2\n  }\n}\n');
    expect(edit(json, (doc, src) => removeMapEntry(src, map(doc), 'b'), 'x.json')).toBe('{\n  "a": 1\n}\n');
    expect(edit(json, (doc, src) => removeMapEntry(src, map(doc, 'b'), 'c'), 'x.json')).toBe('{\n  "a": 1,\n  "b": {}\n}\n');
  });
});

describe('renameKey', () => {
  const pair = (doc: Document.Parsed, key: string, ...keys: string[]) => map(doc, ...keys).items.find((p) => (p.key as Scalar).value === key) as Pair;

  it('renames in place, keeping value and comment', () => {
    const text = 'cors:\n  allowOrigins: [a] # c\n  "maxage": 1\n';
    const out = edit(text, (doc, src) => [
      ...renameKey(src, pair(doc, 'allowOrigins', 'cors'), 'allowedOrigins')!,
      ...renameKey(src, pair(doc, 'maxage', 'cors'), 'maxAge')!,
    ]);
    expect(out).toBe('cors:\n  allowedOrigins: [a] # c\n  "maxAge": 1\n');
  });

  it('renames a JSON key', () => {
    expect(edit('{"heanders": []}', (doc, src) => renameKey(src, pair(doc, 'heanders'), 'headers'), 'a.json')).toBe('{"headers": []}');
  });
});

describe('every map of varied documents', () => {
  const samples = [
    'a: 1 # c\nb:\n  x: 1\n  y: [1,2]  # after\n\n# next\nc: 2\n',
    'a:\n  b: |\n    text\n    more\n\n  # trailing\nz: 1',
    'a:\n  b:\n    - x: 1\n      # deep\n  # mid\nz: 1\n',
    '- a: 1\n  b: 2\n- c:\n    d: {e: 1}\n',
    'k: &anchor\n  v: 1\nref: *anchor\nm: {p: {q: []}}\n',
    '\uFEFFx:\r\n  y: 1\r\n  z:\r\n  - 1\r\n',
    'a: >\n  folded\n  text\nb: "q" # end',
    'root:\n    nested:\n        deep: true\n    other: ~\n',
    'f: {a: 1,\n  b: 2}\n',
    'g: {\n  a: 1,\n}\nh: [{i: 1}]\n',
    '? complex\n: value\nplain: x\n',
  ];
  const value = { 'new-key': { list: ['a', "'*'"], ref: cfnRef('Api'), n: null } };
  const expected = { 'new-key': { list: ['a', "'*'"], ref: { Ref: 'Api' }, n: null } };

  /** Every map of the document with its path. */
  const mapsOf = (doc: Document.Parsed) => {
    const maps: { map: YAMLMap; path: (string | number)[] }[] = [];
    const walk = (node: unknown, path: (string | number)[]) => {
      if (isMap(node)) {
        maps.push({ map: node, path });
        for (const p of node.items) walk(p.value, [...path, String((p.key as Scalar).value)]);
      } else if (isSeq(node)) {
        node.items.forEach((item, i) => walk(item, [...path, i]));
      }
    };
    walk(doc.contents, []);
    return maps;
  };

  const jsonSample = '{\n  "a": 1,\n  "b": {"c": [1, {"d": 2}], "e": {}},\n  "f": "g"\n}\n';
  const files = [...samples.map((t) => [t, 'x.yml']), [jsonSample, 'x.json']];

  it('adds an entry to each map without changing anything else', () => {
    for (const [text, file] of files) {
      const doc = parseDocument(text, { keepSourceTokens: true });
      const before = doc.toJS();
      for (const { map: target, path } of mapsOf(doc)) {
        const edits = insertMapEntry({ path: file, text }, target, 'new-key', value['new-key']);
        expect(edits, `${JSON.stringify(text)} at ${path.join('.')}`).not.toBeNull();
        const out = applyFixes(text, [{ description: 't', edits: edits! }]).text;
        expect(reparses(file, out), out).toBeUndefined();
        expect(out.startsWith('\uFEFF')).toBe(text.startsWith('\uFEFF'));
        const after = file.endsWith('.json') ? JSON.parse(out) : parseDocument(out, { customTags: [refTag] }).toJS();
        const want = structuredClone(before);
        const holder = path.reduce((v: any, k) => v[k], want);
        Object.assign(holder, expected);
        expect(after, out).toEqual(want);
      }
    }
  });

  it('removes each entry of each map without changing anything else', () => {
    for (const [text, path] of files) {
      const doc = parseDocument(text, { keepSourceTokens: true });
      for (const { map: target, path: at } of mapsOf(doc)) {
        for (const pair of target.items) {
          const key = String((pair.key as Scalar).value);
          const edits = removeMapEntry({ path, text }, target, key);
          expect(edits, `${JSON.stringify(text)} at ${at.join('.')}.${key}`).not.toBeNull();
          const out = applyFixes(text, [{ description: 't', edits: edits! }]).text;
          if ((pair.value as { anchor?: string } | null)?.anchor) {
            // Removing an anchor that an alias uses breaks the file: the re-parse guard catches it.
            expect(reparses(path, out), out).toMatch(/alias/i);
            continue;
          }
          expect(reparses(path, out), out).toBeUndefined();
          const want = parseDocument(text).toJS();
          delete at.reduce((v: any, k) => v[k], want)[key];
          expect(parseDocument(out).toJS(), out).toEqual(want);
        }
      }
    }
  });
});

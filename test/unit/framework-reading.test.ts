import jsYaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/config/framework-reading.js';
import { parseConfig } from '../../src/config/load.js';
import { getPath, type CfgValue } from '../../src/config/tree.js';

/**
 * Differential test: every shape goes through cors-lint's reading and through js-yaml with the
 * framework's schema (js-yaml's default schema plus the CloudFormation short tags, as
 * @serverless/utils 6 cloudformation-schema.js builds it). Whatever the framework's loader
 * accepts, cors-lint reads without a problem and to the same values; whatever it rejects is one
 * problem, where the loader stops.
 */
const frameworkSchema = schema();

/** The tree as the framework's loader would give it (short tags are long-form maps either way). */
function values(v: CfgValue): unknown {
  if (v.kind === 'map') return Object.fromEntries(v.entries.map((e) => [e.key, values(e.value)]));
  if (v.kind === 'seq') return v.items.map(values);
  if (v.kind === 'unknown') return { unknown: v.reason };
  return v.value;
}

const SHAPES: Record<string, string> = {
  'multi-line single-quoted JSON policy closing at the key column': `custom:
  policy: '{
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow", "Action": "s3:*" }]
  }'
functions:
  hello:
    handler: handler.hello
`,
  'multi-line double-quoted scalar continued at the key column': `custom:
  text: "first
  second"
  next: 1
`,
  'flow sequence continued at the key column': `custom:
  list: [a,
  b]
  other: x
`,
  'flow mapping continued at the key column': `custom:
  map: {a: 1,
  b: 2}
`,
  'JSON object closing at the key column': `custom:
  cfg: {
    "a": 1,
    "b": [1, 2]
  }
provider:
  name: aws
`,
  'CloudFormation short tags in every form': `resources:
  Resources:
    R:
      Properties:
        A: !Ref Thing
        B: !GetAtt Api.RootResourceId
        C: !Sub ['x-\${A}', { A: !Ref B }]
        D: !If [Cond, !Ref X, !Ref 'AWS::NoValue']
        E: !Join
          - ''
          - - a
            - !Ref B
`,
  'anchors, aliases and merge keys': `base: &base
  runtime: nodejs20.x
  memorySize: 256
functions:
  a:
    <<: *base
    handler: a.h
    memorySize: 512
  b:
    <<: [*base]
    handler: b.h
`,
  'block scalars, comments and an explicit document': `---
# leading comment
service: s # trailing
custom:
  script: |
    line one
    # not a comment
  folded: >-
    a
    b
...
`,
  'quoted keys, empty values and numbers': `"quoted key": 1
'single': 2
empty:
list:
  - 
  - 0x1F
  - 1e3
  - -12
`,
  'tabs after the colon and CRLF line ends': 'service:\ts\r\nprovider:\r\n  name: aws\r\n',
};

const BROKEN: Record<string, string> = {
  'a mis-indented key': `functions:
  hello:
    handler: handler.hello
    events:
      - http:
          path: hello
         method: get
`,
  'an unclosed quote': `service: 's
provider:
  name: aws
functions:
  a:
    handler: a.h
`,
  'an unclosed flow sequence': `custom:
  list: [a, b
functions:
  a: { handler: a.h }
`,
  'a duplicate key': `service: a
service: b
`,
  'tab indentation': 'provider:\n\tname: aws\n',
};

describe('framework reading: a differential test against js-yaml with the framework schema', () => {
  for (const [name, text] of Object.entries(SHAPES)) {
    it(`reads what the framework reads: ${name}`, () => {
      const expected = JSON.parse(JSON.stringify(jsYaml.load(text, { schema: frameworkSchema })));
      const config = parseConfig('/repo/serverless.yml', text);
      expect(config.errors).toEqual([]);
      expect(values(config.value)).toEqual(expected);
    });
  }

  for (const [name, text] of Object.entries(BROKEN)) {
    it(`reports one problem where the framework's loader stops: ${name}`, () => {
      let mark: number | undefined;
      try {
        jsYaml.load(text, { schema: frameworkSchema });
      } catch (e) {
        mark = (e as { mark: { position: number } }).mark.position;
      }
      expect(mark).toBeDefined();
      const config = parseConfig('/repo/serverless.yml', text);
      expect(config.errors).toHaveLength(1);
      expect(config.errors[0].span.start).toBe(mark);
    });
  }
});

describe('framework reading: positions and notes', () => {
  const text = SHAPES['multi-line single-quoted JSON policy closing at the key column'];
  const config = parseConfig('/repo/serverless.yml', text);
  const textOf = (v: CfgValue | undefined) => v && text.slice(v.span.start, v.span.end);

  it('keeps the text of each value where the shapes agree', () => {
    expect(textOf(getPath(config.value, 'functions', 'hello', 'handler'))).toBe('handler.hello');
    const fn = getPath(config.value, 'functions');
    expect(fn?.kind === 'map' && text.slice(fn.entries[0].keySpan.start, fn.entries[0].keySpan.end)).toBe('hello');
  });

  it('has no yaml nodes, so nothing in the file is editable, and says so in a note', () => {
    expect(getPath(config.value, 'functions', 'hello')?.yaml).toBeUndefined();
    expect(config.notes).toHaveLength(1);
    expect(config.notes[0].kind).toBe('note');
    expect(config.notes[0].message).toMatch(/framework's loader accepts the file.*fixes to it are not offered/);
  });

  it('keeps the positional reading when the yaml package accepts the file', () => {
    const ok = parseConfig('/repo/serverless.yml', 'service: s\n');
    expect(ok.notes).toEqual([]);
    expect(getPath(ok.value, 'service')?.yaml).toBeDefined();
  });
});

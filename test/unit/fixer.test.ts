import { describe, expect, it } from 'vitest';
import { applyFixes } from '../../src/edit/apply.js';
import { createFixer, type Edits, type Fixer } from '../../src/edit/fixer.js';
import { memoryFileSystem } from '../../src/fs.js';
import type { HttpEvent, Project } from '../../src/model/types.js';
import { loadService } from '../../src/service.js';
import type { Span } from '../../src/source.js';

/**
 * The fixer decides, once, what text a fix may edit: text written where the model value was read,
 * not text shared through a variable (except by suggestions that declare it harmless), not a
 * value whose text mixes in variables, not a handler in node_modules or outside the repository.
 */
const CONFIG = '/r/serverless.yml';
const config = `service: shop
custom:
  cors:
    origin: https://shop.example.com
    headers: [Content-Type]
  host: shop.example.com
provider:
  name: aws
functions:
  own:
    handler: handler.main
    events:
      - http:
          path: own
          method: get
          cors:
            origin: https://\${self:custom.host}
            headers: [Content-Type]
  shared:
    handler: handler.main
    events:
      - http:
          path: shared
          method: get
          cors: \${self:custom.cors}
resources:
  Resources:
    Existing:
      Type: AWS::ApiGateway::GatewayResponse
      Properties:
        ResponseType: DEFAULT_4XX
`;
const handler = "exports.main = async () => ({ statusCode: 200, headers: { 'Access-Control-Allow-Origin': '*' } });\n";

function setup(files: Record<string, string> = {}) {
  const service = loadService(CONFIG, { fs: memoryFileSystem({ [CONFIG]: config, '/r/handler.js': handler, ...files }), repoRoot: '/r' });
  const fixer = (sharedText = false): Fixer => createFixer({ project: service.project, source: service.source, sharedText });
  const apply = (edits: Edits, file = CONFIG) => (edits ? applyFixes(service.source(file)!.text, [{ description: 'test', edits }]).text : null);
  return { project: service.project, fixer, apply };
}

const cors = (project: Project, fn: string) => (project.functions.find((f) => f.name === fn)!.events[0] as HttpEvent).cors!;

describe('config edits', () => {
  it('edit text written in place', () => {
    const { project, fixer, apply } = setup();
    const own = cors(project, 'own');
    expect(apply(fixer().addKey(own.node, 'allowCredentials', false))).toContain('            headers: [Content-Type]\n            allowCredentials: false\n');
    expect(apply(fixer().appendItems(own.headersList!.node, ['Authorization']))).toContain('headers: [Content-Type, Authorization]');
  });

  it('never edit text reached through a variable in a fix; a suggestion that declares it harmless may', () => {
    const { project, fixer, apply } = setup();
    const shared = cors(project, 'shared');
    expect(fixer().appendItems(shared.headersList!.node, ['Authorization'])).toBeNull();
    expect(fixer().addKey(shared.node, 'allowCredentials', false)).toBeNull();
    expect(apply(fixer(true).appendItems(shared.headersList!.node, ['Authorization']))).toContain(
      '  cors:\n    origin: https://shop.example.com\n    headers: [Content-Type, Authorization]\n',
    );
  });

  it('never replace a value whose text mixes in a variable, but may rewrite its text as written', () => {
    const { project, fixer, apply } = setup();
    const origin = cors(project, 'own').originNode!;
    expect(fixer().replaceValue(origin, 'https://other.example.com')).toBeNull();
    expect(apply(fixer().rewriteText(origin, (written) => written.toUpperCase()))).toContain('origin: "HTTPS://${SELF:CUSTOM.HOST}"');
    expect(fixer().rewriteText(origin, () => null)).toBeNull();
  });

  it('rename a key by where it is written, and add resources and their properties', () => {
    const { project, fixer, apply } = setup();
    const own = cors(project, 'own');
    const start = config.lastIndexOf('headers:', config.indexOf('  shared:'));
    expect(apply(fixer().renameKey(own.node, { file: CONFIG, start, end: start + 'headers'.length }, 'methods'))).toContain(
      '            methods: [Content-Type]\n  shared:',
    );
    // A key not written in that map (here: the config's first key) is not renamed.
    expect(fixer().renameKey(own.node, { file: CONFIG, start: 0, end: 7 }, 'x')).toBeNull();
    const added = apply(
      fixer().addResource('GatewayResponseDefault5XX', {
        Type: 'AWS::ApiGateway::GatewayResponse',
        Properties: { RestApiId: fixer().ref('ApiGatewayRestApi') },
      }),
    );
    expect(added).toContain(
      '    GatewayResponseDefault5XX:\n      Type: AWS::ApiGateway::GatewayResponse\n      Properties:\n        RestApiId: !Ref ApiGatewayRestApi\n',
    );
    expect(fixer().addResource('Existing', {})).toBeNull();
    const existing = project.gatewayResponses[0];
    expect(apply(fixer().addResponseParameters(existing, { 'gatewayresponse.header.Access-Control-Allow-Origin': "'*'" }))).toContain(
      '        ResponseType: DEFAULT_4XX\n        ResponseParameters:\n          gatewayresponse.header.Access-Control-Allow-Origin: "\'*\'"\n',
    );
  });
});

describe('handler edits', () => {
  const at = (text: string, part: string, file: string): Span => ({ file, start: text.indexOf(part), end: text.indexOf(part) + part.length });

  it('edit the repository’s own sources', () => {
    const { fixer, apply } = setup();
    const property = at(handler, "'Access-Control-Allow-Origin': '*'", '/r/handler.js');
    expect(fixer().property(property)?.key).toBe('Access-Control-Allow-Origin');
    expect(apply(fixer().insertAfterProperty(property, "Vary: 'Origin'"), '/r/handler.js')).toContain("'Access-Control-Allow-Origin': '*', Vary: 'Origin'");
    expect(fixer().stringLiteral('Origin', { file: '/r/handler.js' })).toBe("'Origin'");
  });

  it('never edit an installed package', () => {
    const file = '/r/node_modules/lib/index.js';
    const { fixer } = setup({ [file]: handler });
    const property = at(handler, "'Access-Control-Allow-Origin': '*'", file);
    expect(fixer().property(property)).toBeUndefined();
    expect(fixer().insertAfterProperty(property, "Vary: 'Origin'")).toBeNull();
    expect(fixer().replaceString(at(handler, "'*'", file), 'https://a.example.com')).toBeNull();
  });
});

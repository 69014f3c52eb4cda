import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Span } from '../../source.js';
import type { ModuleRecord } from './values.js';

/** Facts read off the syntax tree alone, without evaluating anything. */

export function spanOf(module: ModuleRecord, node: TSESTree.Node): Span {
  return { file: module.file.path, start: node.range[0], end: node.range[1] };
}

/** Statement types an `export default` may hold that are declarations, not expressions. */
export const DECLARATIONS = new Set<string>([
  'FunctionDeclaration',
  'ClassDeclaration',
  'TSDeclareFunction',
  'TSEnumDeclaration',
  'TSInterfaceDeclaration',
  'TSModuleDeclaration',
  'TSTypeAliasDeclaration',
  'VariableDeclaration',
]);

/** The `var` names declared in a function body (they are function-scoped), nested functions excluded. */
export function varNames(stmts: TSESTree.Node[]): string[] {
  const names: string[] = [];
  const visit = (n: TSESTree.Node | null | undefined): void => {
    if (!n) return;
    switch (n.type) {
      case 'VariableDeclaration':
        if (n.kind === 'var') for (const d of n.declarations) names.push(...patternNames(d.id));
        return;
      case 'BlockStatement':
        n.body.forEach(visit);
        return;
      case 'IfStatement':
        visit(n.consequent);
        visit(n.alternate);
        return;
      case 'ForStatement':
        visit(n.init);
        visit(n.body);
        return;
      case 'ForInStatement':
      case 'ForOfStatement':
        visit(n.left);
        visit(n.body);
        return;
      case 'WhileStatement':
      case 'DoWhileStatement':
      case 'LabeledStatement':
        visit(n.body);
        return;
      case 'TryStatement':
        visit(n.block);
        visit(n.handler?.body);
        visit(n.finalizer);
        return;
      case 'SwitchStatement':
        n.cases.forEach((c) => c.consequent.forEach(visit));
        return;
      case 'ExportNamedDeclaration':
        visit(n.declaration);
        return;
      default:
        return;
    }
  };
  stmts.forEach(visit);
  return names;
}

/** How messages name a call: `respond`, `new Response`. */
export function callName(node: TSESTree.CallExpression | TSESTree.NewExpression): string {
  return node.type === 'NewExpression' ? `new ${calleeName(node)}` : calleeName(node);
}

/**
 * The name shown for an unknown call: the innermost call of a chain, so
 * `middy(fn).use(cors())` is `middy`, and `require('serverless-http')(app)` is the package.
 */
export function calleeName(node: TSESTree.CallExpression | TSESTree.NewExpression): string {
  let call: TSESTree.CallExpression | TSESTree.NewExpression = node;
  for (;;) {
    let base: TSESTree.Node = call.callee;
    while (base.type === 'MemberExpression') base = base.object;
    if (base.type !== 'CallExpression') break;
    const [spec] = base.arguments;
    if (base.callee.type === 'Identifier' && base.callee.name === 'require' && spec?.type === 'Literal' && typeof spec.value === 'string') return spec.value;
    call = base;
  }
  return dotted(call.callee) ?? 'a function';
}

function dotted(n: TSESTree.Node): string | undefined {
  if (n.type === 'Identifier') return n.name;
  if (n.type === 'ThisExpression') return 'this';
  if (n.type === 'MemberExpression' && !n.computed && n.property.type === 'Identifier') {
    const obj = dotted(n.object);
    return obj && `${obj}.${n.property.name}`;
  }
  return undefined;
}

/** The names a binding pattern declares. */
export function patternNames(p: TSESTree.Node): string[] {
  switch (p.type) {
    case 'Identifier':
      return [p.name];
    case 'AssignmentPattern':
      return patternNames(p.left);
    case 'RestElement':
      return patternNames(p.argument);
    case 'ObjectPattern':
      return p.properties.flatMap((q) => patternNames(q.type === 'RestElement' ? q : q.value));
    case 'ArrayPattern':
      return p.elements.flatMap((e) => (e ? patternNames(e) : []));
    default:
      return [];
  }
}

export function nameOf(n: TSESTree.Identifier | TSESTree.StringLiteral): string {
  return n.type === 'Identifier' ? n.name : n.value;
}

/** A class member's name as written: `x`, `'x'`, `#x` (private names keep their `#`); undefined when computed. */
export function classMemberName(m: TSESTree.MethodDefinition | TSESTree.PropertyDefinition | TSESTree.AccessorProperty): string | undefined {
  if (m.key.type === 'PrivateIdentifier') return `#${m.key.name}`;
  if (m.computed) return undefined;
  if (m.key.type === 'Identifier') return m.key.name;
  return m.key.type === 'Literal' ? String(m.key.value) : undefined;
}

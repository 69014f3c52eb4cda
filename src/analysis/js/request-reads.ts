import type { TSESTree } from '@typescript-eslint/typescript-estree';

/**
 * Whether a read of a request field already copes with the other form the field takes
 * (docs/cors-semantics.md#event-headers), judged from the syntax around the read: its full
 * expression — everything up to the statement, declarator, function or object-literal property
 * that holds it. So
 * `headers.origin || headers.Origin`, `const { origin, Origin } = event.headers` and
 * `event.httpMethod || event.requestContext.http.method` are covered, while two separate
 * statements reading one spelling each are two reads of their own.
 */

/** A read of `origin` is covered by a read of a capitalised spelling in the same expression, and the other way round. */
export function originReadGuarded(program: TSESTree.Program, read: TSESTree.Node, spelling: string): boolean {
  const lower = spelling === 'origin';
  return someKey(fullExpression(program, read), (k) => k.toLowerCase() === 'origin' && (k === 'origin') !== lower);
}

/** A read of `event.httpMethod` is covered when the same expression looks at `requestContext` (where payload 2.0 keeps the method). */
export function methodReadGuarded(program: TSESTree.Program, read: TSESTree.Node): boolean {
  return someKey(fullExpression(program, read), (k) => k === 'requestContext');
}

const tops = new WeakMap<TSESTree.Node, TSESTree.Node>();

function fullExpression(program: TSESTree.Program, read: TSESTree.Node): TSESTree.Node {
  let top = tops.get(read);
  if (top) return top;
  const path = pathTo(program, read);
  top = read;
  for (let i = path.length - 2; i >= 0; i--) {
    const node = path[i];
    if (isBoundary(node, path[i - 1])) break;
    top = node;
  }
  tops.set(read, top);
  return top;
}

function isBoundary(node: TSESTree.Node, parent: TSESTree.Node | undefined): boolean {
  if (/(Statement|Declaration|Declarator)$/.test(node.type) || node.type === 'Program') return true;
  if (node.type === 'ArrowFunctionExpression' || node.type === 'FunctionExpression') return true;
  return node.type === 'Property' && parent?.type === 'ObjectExpression';
}

/** The nodes from `root` down to `target` (both included); just `[target]` when it is not found. */
function pathTo(root: TSESTree.Node, target: TSESTree.Node): TSESTree.Node[] {
  const path: TSESTree.Node[] = [];
  let node: TSESTree.Node | undefined = root;
  while (node) {
    path.push(node);
    if (node === target) return path;
    node = children(node).find((c) => c.range[0] <= target.range[0] && c.range[1] >= target.range[1]);
  }
  return [target];
}

/** Whether a member access or pattern property in the subtree has a static name accepted by `test`. */
function someKey(root: TSESTree.Node, test: (key: string) => boolean): boolean {
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const key = staticName(node);
    if (key !== undefined && test(key)) return true;
    stack.push(...children(node));
  }
  return false;
}

function staticName(node: TSESTree.Node): string | undefined {
  if (node.type !== 'MemberExpression' && node.type !== 'Property') return undefined;
  const key = node.type === 'MemberExpression' ? node.property : node.key;
  if (!node.computed && key.type === 'Identifier') return key.name;
  return key.type === 'Literal' && typeof key.value === 'string' ? key.value : undefined;
}

function children(node: TSESTree.Node): TSESTree.Node[] {
  const out: TSESTree.Node[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'parent') continue;
    for (const child of Array.isArray(value) ? value : [value]) {
      if (child && typeof child === 'object' && typeof (child as { type?: unknown }).type === 'string' && Array.isArray((child as { range?: unknown }).range)) {
        out.push(child as TSESTree.Node);
      }
    }
  }
  return out;
}

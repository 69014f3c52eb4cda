import type { HeaderValue } from '../facts.js';
import type { Span } from '../../source.js';
import { children, spanOf, textOf, type ParsedPython, type PyNode } from './parse.js';
import { decodeString } from './strings.js';

/**
 * Where a Flask or FastAPI module may set a response header, read from its syntax: routes answer
 * with framework objects (`make_response`, `(body, status, headers)` tuples, `resp.headers[k] = v`)
 * that the dict-based evaluator does not model. Every such place is listed; one whose header name is
 * not a literal (`name` undefined) means any header may be set. Only CORS headers and `Vary` are kept
 * by name: the others change nothing the rules read.
 */
export interface HeaderWrite {
  /** Lower-cased; undefined when the name (or the whole header map) is not static. */
  name?: string;
  value: HeaderValue;
  span: Span;
  valueSpan: Span;
  /** The statement that writes it, to tell whether it runs on every call of a hook. */
  statement: PyNode;
}

/** Receivers whose `.headers` are the request's: reads, never writes of the response. */
const REQUEST = /^(?:request|req|flask\.request|self\.request|.*\.request)$/;
const READ_METHODS = new Set(['get', 'getlist', 'get_all', 'items', 'keys', 'values', 'to_wsgi_list', 'copy', '__contains__', '__getitem__']);
const SET_METHODS = new Set(['add', 'set', 'setdefault', 'add_header', 'append', '__setitem__']);
const MERGE_METHODS = new Set(['update', 'extend']);
/** Outgoing HTTP calls take `headers=` too: those are request headers of another service. */
const HTTP_CLIENT =
  /^(?:requests|httpx|urllib\d?|aiohttp|http|session|client|self\.session|self\.client)\.|\.(?:get|post|put|patch|delete|head|options|request|fetch|urlopen|stream|send)$/;
/** Calls whose third positional argument (or `headers=`) is a response's headers. */
const RESPONSE_CALL = /(?:^|\.)(?:make_response|\w*Response)$/;
const HEADERS_NAME = /header/i;

export function scanHeaderWrites(parsed: ParsedPython): HeaderWrite[] {
  const out: HeaderWrite[] = [];
  const text = (n: PyNode) => textOf(parsed, n);
  const statementOf = (n: PyNode): PyNode => {
    let s = n;
    while (s.parent && s.parent.name !== 'Body' && s.parent.name !== 'Script') s = s.parent;
    return s;
  };
  const add = (name: string | undefined, value: PyNode | undefined, at: PyNode) => {
    const lower = name?.toLowerCase();
    if (lower !== undefined && !lower.startsWith('access-control-') && lower !== 'vary') return;
    const statement = statementOf(at);
    out.push({
      name: lower,
      value: value ? headerValue(parsed, value, statement) : { kind: 'unknown' },
      span: spanOf(parsed, at),
      valueSpan: spanOf(parsed, value ?? at),
      statement,
    });
  };
  const literalKey = (n: PyNode | undefined): string | undefined => (n?.name === 'String' ? decodeString(text(n)) : undefined);
  /** A header map: a dict literal's keys, a variable assigned only dict literals, `None`; else any header. */
  const headerMap = (n: PyNode | undefined, at: PyNode): void => {
    if (!n || text(n) === 'None') return;
    if (n.name === 'DictionaryExpression') return dictEntries(n, at);
    if (n.name === 'VariableName') {
      const dicts = assignmentsOf(parsed, text(n));
      if (dicts.length > 0 && dicts.every((d) => d.name === 'DictionaryExpression')) return dicts.forEach((d) => dictEntries(d, d));
    }
    add(undefined, undefined, at);
  };
  const dictEntries = (dict: PyNode, at: PyNode): void => {
    const items = children(dict).filter((c) => !['{', '}', ',', ':'].includes(c.name));
    if (children(dict).some((c) => c.name === '**' || c.name === 'for')) return add(undefined, undefined, at);
    for (let i = 0; i + 1 < items.length; i += 2) {
      const key = literalKey(items[i]);
      add(key, items[i + 1], key === undefined ? at : items[i]);
    }
  };

  parsed.tree.iterate({
    enter(ref) {
      const node = ref.node;
      switch (node.name) {
        case 'PropertyName':
          if (text(node) === 'headers' && node.parent?.name === 'MemberExpression') responseHeaders(node.parent);
          return;
        case 'ArgList':
          argList(node);
          return;
        case 'ReturnStatement':
          returned(node);
          return;
        case 'AssignStatement': {
          // `headers = {...}`, `headers['Access-Control-Allow-Origin'] = x`
          const [target, op, value] = children(node);
          if (op?.name !== 'AssignOp') return;
          if (target.name === 'VariableName' && HEADERS_NAME.test(text(target)) && value?.name === 'DictionaryExpression') dictEntries(value, value);
          const [object, bracket, key] = children(target);
          if (target.name === 'MemberExpression' && bracket?.name === '[' && object.name === 'VariableName' && HEADERS_NAME.test(text(object))) {
            add(literalKey(key), value, target);
          }
          return;
        }
        default:
          return;
      }
    },
  });

  /** `x.headers` used to change a response: subscript assignment, a setter, a merge, a reassignment, or handed to a function. */
  function responseHeaders(member: PyNode): void {
    const receiver = member.firstChild;
    if (!receiver || REQUEST.test(text(receiver))) return;
    const parent = member.parent;
    if (!parent) return;
    const siblings = children(parent);
    if (parent.name === 'MemberExpression' && same(siblings[0], member) && siblings[1]?.name === '[') {
      const assign = parent.parent;
      const [target, op, value] = assign ? children(assign) : [];
      if (assign?.name === 'AssignStatement' && same(target, parent) && op?.name === 'AssignOp') add(literalKey(siblings[2]), value, parent);
      return;
    }
    if (parent.name === 'MemberExpression' && same(siblings[0], member)) {
      const method = siblings.find((s) => s.name === 'PropertyName');
      const call = parent.parent;
      if (!method || call?.name !== 'CallExpression' || !same(call.firstChild, parent) || READ_METHODS.has(text(method))) return;
      const args = positionalArgs(call.getChild('ArgList'));
      if (SET_METHODS.has(text(method))) add(literalKey(args[0]), args[1], call);
      else if (MERGE_METHODS.has(text(method))) headerMap(args[0], call);
      else add(undefined, undefined, call);
      return;
    }
    if (parent.name === 'AssignStatement' && same(siblings[0], member) && siblings[1]?.name === 'AssignOp') return headerMap(siblings[2], parent);
    if (parent.name === 'ArgList') add(undefined, undefined, member);
  }

  /** `headers=` of a response-making call, or the third positional argument of `Response(body, status, headers)`. */
  function argList(list: PyNode): void {
    const call = list.parent;
    if (call?.name !== 'CallExpression' || !call.firstChild) return;
    const callee = text(call.firstChild).replace(/\s+/g, '');
    if (HTTP_CLIENT.test(callee) && !RESPONSE_CALL.test(callee)) return;
    const items = children(list);
    for (let i = 0; i < items.length; i++) {
      if (items[i].name === 'VariableName' && items[i + 1]?.name === 'AssignOp' && text(items[i]) === 'headers') headerMap(items[i + 2], items[i]);
    }
    if (!RESPONSE_CALL.test(callee)) return;
    if (items.some((c) => c.name === '**')) add(undefined, undefined, call);
    const positional = positionalArgs(list);
    if (positional.length >= 3) headerMap(positional[2], positional[2]);
  }

  /** Flask's `(body, status, headers)` and `(body, headers)` tuples. */
  function returned(ret: PyNode): void {
    const kids = children(ret).filter((c) => c.name !== 'return');
    const items =
      kids.length === 1 && kids[0].name === 'TupleExpression'
        ? children(kids[0]).filter((c) => !['(', ')', ','].includes(c.name))
        : kids.filter((c) => c.name !== ',');
    if (items.length === 3 && (items[2].name === 'DictionaryExpression' || HEADERS_NAME.test(text(items[2])))) headerMap(items[2], items[2]);
    if (items.length !== 2) return;
    const second = items[1];
    if (second.name === 'DictionaryExpression' || second.name === 'ListExpression') headerMap(second.name === 'ListExpression' ? undefined : second, second);
    else if (second.name === 'VariableName' && HEADERS_NAME.test(text(second))) headerMap(second, second);
  }

  function positionalArgs(list: PyNode | null): PyNode[] {
    if (!list) return [];
    const items = children(list).filter((c) => !['(', ')', ','].includes(c.name));
    const out: PyNode[] = [];
    for (let i = 0; i < items.length; i++) {
      if (items[i + 1]?.name === 'AssignOp') i += 2;
      else if (items[i].name === '*' || items[i].name === '**') i += 1;
      else out.push(items[i]);
    }
    return out;
  }
  return out;
}

/** Lezer hands out a new node object on each access: nodes are the same when they cover the same text and type. */
function same(a: PyNode | null | undefined, b: PyNode): boolean {
  return !!a && a.from === b.from && a.to === b.to && a.name === b.name;
}

/** The values assigned to a plain name anywhere in the module. */
function assignmentsOf(parsed: ParsedPython, name: string): PyNode[] {
  const out: PyNode[] = [];
  parsed.tree.iterate({
    enter(ref) {
      if (ref.name !== 'AssignStatement') return;
      const [target, op, value] = children(ref.node);
      if (target?.name === 'VariableName' && op?.name === 'AssignOp' && value && textOf(parsed, target) === name) out.push(value);
      return false;
    },
  });
  return out;
}

/** A literal; the request's Origin echoed on every path through the statement; else unknown. */
function headerValue(parsed: ParsedPython, value: PyNode, statement: PyNode): HeaderValue {
  const text = textOf(parsed, value);
  if (value.name === 'String') {
    const s = decodeString(text);
    return s === undefined ? { kind: 'unknown' } : { kind: 'literal', value: s };
  }
  if (/^request\.headers(?:\.get\(\s*|\[\s*)['"]origin['"]/i.test(text) && !conditional(statement)) return { kind: 'request-origin', allowlisted: false };
  return { kind: 'unknown' };
}

/** Inside an `if`, a loop, a `try` or a `match`: the statement does not run on every call. */
function conditional(statement: PyNode): boolean {
  for (let n = statement.parent; n; n = n.parent) {
    if (n.name === 'FunctionDefinition' || n.name === 'Script') return false;
    if (/^(?:If|For|While|Try|Match)Statement$/.test(n.name)) return true;
  }
  return false;
}

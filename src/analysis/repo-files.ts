import * as path from 'node:path';
import { isInside, type FileSystem } from '../fs.js';

/** `dir` and each directory above it up to `root`, nearest first; empty when `dir` is outside `root`. */
export function ancestors(dir: string, root: string): string[] {
  const out: string[] = [];
  for (let d = dir; isInside(root, d); d = path.dirname(d)) {
    out.push(d);
    if (d === path.dirname(d)) break;
  }
  return out;
}

export type JsonObject = Record<string, unknown>;

export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A package.json's top-level object; undefined when missing or not strict JSON (npm's own rule). */
export function readPackageJson(fs: FileSystem, dir: string): JsonObject | undefined {
  const text = fs.read(path.join(dir, 'package.json'));
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return isJsonObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The string items of a JSON array (anything else gives none). */
export function stringItems(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
}

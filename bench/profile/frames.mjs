// Profile frames: a key per function, our compiled code mapped back to its sources, and a short name.
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ROOT } from '../support/servers.mjs';

export const isUserland = (frame) => Boolean(frame.url) && !frame.url.startsWith('node:');

/** The file path of a frame's URL. */
export const pathOf = (url) => (url.startsWith('file://') ? fileURLToPath(url) : url);

/** Where our compiled code runs from: the bench app (tsc output, or the bundle) and the framework's build. */
const OUR_BUILDS = ['/bench/dist/', '/packages/nest-mcp/dist/'];

const SEP = '\u0001';
export const keyOf = (frame) =>
  [frame.functionName || '(anonymous)', frame.url, frame.lineNumber, frame.columnNumber].join(SEP);
export const frameOf = (key) => {
  const [functionName, url, lineNumber, columnNumber] = key.split(SEP);
  return { functionName, url, lineNumber: Number(lineNumber), columnNumber: Number(columnNumber) };
};

const maps = new Map();
function sourceMapOf(path) {
  let map = maps.get(path);
  if (map === undefined) {
    try {
      map = new SourceMap(JSON.parse(readFileSync(`${path}.map`, 'utf8')));
    } catch {
      map = null;
    }
    maps.set(path, map);
  }
  return map;
}

const originals = new Map();
/**
 * A frame of our compiled code (tsc output or the bundle) mapped back to its source: packages/nest-mcp/src/**.ts,
 * bench/app/*.ts, or the package file.
 */
export function original(frame) {
  if (!frame.url || frame.url.startsWith('node:')) return frame;
  const path = pathOf(frame.url);
  if (!OUR_BUILDS.some((build) => path.includes(build))) return frame;
  const key = keyOf(frame);
  let mapped = originals.get(key);
  if (!mapped) {
    const entry = sourceMapOf(path)?.findEntry(frame.lineNumber, frame.columnNumber);
    mapped = frame;
    if (entry?.originalSource) {
      const source = entry.originalSource.startsWith('file://')
        ? fileURLToPath(entry.originalSource)
        : resolve(dirname(path), entry.originalSource);
      mapped = {
        ...frame,
        url: pathToFileURL(source).href,
        lineNumber: entry.originalLine,
        columnNumber: entry.originalColumn,
      };
    }
    originals.set(key, mapped);
  }
  return mapped;
}

/** `name (packages/nest-mcp/src/file.ts:line)` for our code, `name (package/file.js:line)` for dependencies. */
export function describe(key) {
  const frame = frameOf(key);
  const name = frame.functionName;
  if (!frame.url) return name;
  if (frame.url.startsWith('node:')) return `${name} (${frame.url}:${frame.lineNumber + 1})`;
  const path = pathOf(frame.url);
  const short = path.includes('node_modules/')
    ? path.slice(path.lastIndexOf('node_modules/') + 13)
    : relative(ROOT, path);
  return `${name} (${short}:${frame.lineNumber + 1})`;
}

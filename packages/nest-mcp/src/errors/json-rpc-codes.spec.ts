import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ProtocolErrorCode } from '@modelcontextprotocol/server';
import { describe, expect, it } from 'vitest';
import { JsonRpcCode } from './json-rpc-codes.js';

const SRC = fileURLToPath(new URL('..', import.meta.url));
const CODES_FILE = 'errors/json-rpc-codes.ts';

function* sourceFiles(dir: string): Iterable<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (entry.name.endsWith('.ts')) yield path;
  }
}

/** JSON-RPC 2.0's own codes (section 5.1). */
const JSON_RPC_STANDARD = new Set<number>([-32700, -32600, -32601, -32602, -32603]);
/** Legacy sub-range codes kept on purpose (see json-rpc-codes.ts): the SDK's transport sends the same. */
const GRANDFATHERED = new Set<number>([JsonRpcCode.SessionNotFound]);
/** Codes the 2026-07-28 spec itself defines (schema.ts, "MCP error codes"). */
const SPEC_DEFINED = new Map<number, string>([[-32020, 'HEADER_MISMATCH']]);

describe('JSON-RPC codes', () => {
  // Specs may pin the wire values; code that sends a code names it.
  it('are written as numbers in json-rpc-codes.ts only (specs aside)', () => {
    const literals = [...sourceFiles(SRC)]
      .map((path) => relative(SRC, path).split('\\').join('/'))
      .filter((file) => file !== CODES_FILE && !file.endsWith('.spec.ts'))
      .flatMap((file) =>
        readFileSync(join(SRC, file), 'utf8')
          .split('\n')
          .flatMap((line, index) => (/-32\d{3}/.test(line) ? [`${file}:${index + 1}: ${line.trim()}`] : [])),
      );
    expect(literals).toEqual([]);
  });

  it('keep the values JSON-RPC 2.0 and the SDK give its standard codes', () => {
    expect(JsonRpcCode.ParseError).toBe(ProtocolErrorCode.ParseError);
    expect(JsonRpcCode.InvalidRequest).toBe(ProtocolErrorCode.InvalidRequest);
    expect(JsonRpcCode.MethodNotFound).toBe(ProtocolErrorCode.MethodNotFound);
    expect(JsonRpcCode.InvalidParams).toBe(ProtocolErrorCode.InvalidParams);
    expect(JsonRpcCode.InternalError).toBe(ProtocolErrorCode.InternalError);
  });

  it('of our own lie outside the ranges JSON-RPC and the 2026-07-28 spec reserve (-32768..-32000)', () => {
    const ours = Object.values(JsonRpcCode).filter(
      (code) => !JSON_RPC_STANDARD.has(code) && !GRANDFATHERED.has(code) && !SPEC_DEFINED.has(code),
    );
    expect(ours.length).toBeGreaterThan(0);
    for (const code of ours) expect(code < -32768 || code > -32000, `${code}`).toBe(true);
    // Never the range the spec keeps for itself (-32020..-32099) but for a code it defines, nor -32002 / -32042, which it retired.
    for (const code of Object.values(JsonRpcCode)) {
      expect(code <= -32100 || code > -32020 || SPEC_DEFINED.has(code), `${code}`).toBe(true);
    }
    expect(JsonRpcCode.HeaderMismatch).toBe(-32020);
  });

  it('name each a different code', () => {
    const codes = Object.values(JsonRpcCode);
    expect(new Set(codes).size).toBe(codes.length);
  });
});

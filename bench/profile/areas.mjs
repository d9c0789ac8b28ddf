// Which code a profile frame belongs to (ours, Nest, Express, the SDK, JWT, Node, GC, ...).
import { relative } from 'node:path';
import { ROOT } from '../support/servers.mjs';
import { pathOf } from './frames.mjs';

export function areaOf({ url, functionName }) {
  if (!url) {
    if (functionName === '(garbage collector)') return 'GC';
    if (functionName === '(program)') return 'V8/native (program)';
    return 'V8 builtins / native';
  }
  if (url.startsWith('node:')) return 'Node internals (http, streams, async_hooks, ...)';
  const path = pathOf(url);
  const local = relative(ROOT, path);
  if (/^packages\/nest-mcp\/(src|dist)\/(env|service|cli)\//.test(local)) {
    return 'ours: nest-mcp env + service (config, bootstrap, logging)';
  }
  if (local.startsWith('packages/nest-mcp/')) return 'ours: nest-mcp (the framework)';
  if (local.startsWith('src/')) return 'ours: src (the example app)';
  if (local.startsWith('bench/app/') || local.startsWith('bench/shared/')) return 'ours: bench app';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1];
  if (!pkg) return `other: ${relative(ROOT, path)}`;
  if (pkg.startsWith('@modelcontextprotocol/')) return `MCP SDK (${pkg})`;
  if (pkg === '@nestjs/core' || pkg === '@nestjs/common' || pkg === '@nestjs/platform-express') return `Nest (${pkg})`;
  if (
    [
      'express',
      'router',
      'body-parser',
      'finalhandler',
      'send',
      'serve-static',
      'on-finished',
      'path-to-regexp',
      'qs',
      'type-is',
      'accepts',
      'content-type',
      'mime-types',
      'negotiator',
      'fresh',
      'etag',
      'depd',
      'statuses',
      'setprototypeof',
      'forwarded',
      'proxy-addr',
      'parseurl',
      'encodeurl',
      'escape-html',
      'cookie',
      'vary',
      'merge-descriptors',
      'methods',
      'range-parser',
      'media-typer',
      'ipaddr.js',
    ].includes(pkg)
  ) {
    return 'Express 5 + its helpers';
  }
  if (
    [
      'jsonwebtoken',
      'jws',
      'jwa',
      '@nestjs/jwt',
      'safe-buffer',
      'buffer-equal-constant-time',
      'ecdsa-sig-formatter',
      'lodash.includes',
      'lodash.isstring',
      'lodash.once',
      'semver',
      'ms',
    ].includes(pkg)
  ) {
    return `JWT verification (${pkg})`;
  }
  return `dependency: ${pkg}`;
}

#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { SignJWT } from 'jose';
import { loadDotEnvFile } from '../env/dot-env.js';
import { loadEnv } from '../env/load-env.js';
import { resourceUrlOf } from '../env/mcp-options.factory.js';

/**
 * Mints a development token signed with MCP_JWT_SECRET, for the configured
 * audience and issuer:  npx nest-mcp-token --sub alice --scope "notes:read notes:write"
 * (in this repository: npm run token -- ...). Reads `.env` and the environment as the server does.
 */
const { values } = parseArgs({
  options: {
    sub: { type: 'string', default: 'dev-user' },
    scope: { type: 'string', default: '' },
    roles: { type: 'string', default: '' },
    ttl: { type: 'string', default: '1h' },
  },
});

loadDotEnvFile();
const env = loadEnv();
if (!env.MCP_JWT_SECRET) {
  console.error('MCP_JWT_SECRET is not set: dev tokens are signed with the HS256 secret the server verifies with.');
  process.exit(1);
}
const claims: Record<string, unknown> = { sub: values.sub, aud: env.MCP_JWT_AUDIENCE ?? resourceUrlOf(env) };
if (values.scope) claims.scope = values.scope;
if (values.roles) claims.roles = values.roles.split(',').filter(Boolean);
let token = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime(values.ttl);
if (env.MCP_JWT_ISSUER) token = token.setIssuer(env.MCP_JWT_ISSUER);
console.log(await token.sign(new TextEncoder().encode(env.MCP_JWT_SECRET)));

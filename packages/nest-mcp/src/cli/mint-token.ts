#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { loadDotEnvFile } from '../env/dot-env.js';
import { loadEnv } from '../env/load-env.js';
import { resourceUrlOf } from '../env/mcp-options.factory.js';
import { signDevToken } from '../auth/dev-token.js';

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
const audience = env.MCP_JWT_AUDIENCE ?? resourceUrlOf(env);
const token = await signDevToken(
  { secret: env.MCP_JWT_SECRET, audience, issuer: env.MCP_JWT_ISSUER, type: env.MCP_JWT_TYPE },
  {
    sub: values.sub,
    scopes: values.scope.split(' ').filter(Boolean),
    roles: values.roles.split(',').filter(Boolean),
    ttl: values.ttl,
  },
);
console.log(token);

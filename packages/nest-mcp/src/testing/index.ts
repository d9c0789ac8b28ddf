// What a test of an MCP app needs: start it, connect clients of both SDK lines and eras to it.
export { startMcpApp, type RunningMcpApp } from './start-app.js';
export { mintTestToken, bearer } from './test-token.js';
export type { DevTokenClaims } from '../auth/dev-token.js';
export { connectMcpClient, type ClientEra, type ConnectOptions } from './connect.js';
export {
  connectTestClient,
  textOf,
  CLIENT_KINDS,
  type ClientKind,
  type ClientHandlers,
  type CallOptions,
  type TestClient,
} from './clients.js';
export { connectV1Client } from './v1-client.js';
export { AppProcess, runScript } from './app-process.js';
export { freePort } from './free-port.js';

import type { Server, ServerContext } from '@modelcontextprotocol/server';
import { principalOf } from '../auth/principal-of.js';
import { McpContext, type McpEra } from './mcp-context.js';
import { expressRequestOf } from './request-scope.js';
import type { TaskBinding } from '../tasks/task-binding.js';
import type { InputRound } from './input-rounds.js';

/** Where a request is being served: the SDK's context for it, its era, and its server. */
export interface CallSite {
  sdk: ServerContext;
  era: McpEra;
  server: Server;
  /** Aborted when a shutdown's grace period runs out. */
  shutdown?: AbortSignal;
}

/** The scopes that filter this caller's lists; undefined when auth is off. */
export const grantedScopes = (site: Pick<CallSite, 'sdk'>): string[] | undefined =>
  principalOf(site.sdk.http?.authInfo)?.scopes;

/** The handler's context, with the input round's answers (see `InputRounds.open`). */
export function createContext(site: CallSite, round: Omit<InputRound, 'ask'>, task?: TaskBinding): McpContext {
  return new McpContext(site.sdk, {
    era: site.era,
    request: requestOf(site),
    answers: round.answers,
    unasked: round.unasked,
    shutdown: site.shutdown,
    task,
    // The SDK backfills this per request from the 2026-07-28 envelope too.
    clientCapabilities: () => site.server.getClientCapabilities(),
  });
}

/** The Express request behind a call (for handlers' guards, and the exchange log). */
export const requestOf = (site: Pick<CallSite, 'sdk'>) => expressRequestOf(site.sdk.http?.req);

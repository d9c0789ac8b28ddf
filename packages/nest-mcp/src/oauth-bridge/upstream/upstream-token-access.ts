import { Injectable } from '@nestjs/common';

/** Where a request signed in through the bridge keeps the way to its user's upstream access token. */
const UPSTREAM_ACCESS_TOKEN = Symbol('upstreamAccessToken');

type UpstreamAware = { [UPSTREAM_ACCESS_TOKEN]?: () => Promise<string> };

/** Refused when no upstream token can be had: the message names why, never a token. */
export class UpstreamTokenUnavailableError extends Error {
  override name = 'UpstreamTokenUnavailableError';
}

/**
 * Hands handlers their user's upstream access token (`ctx.upstreamAccessToken()`)
 * without the auth layer depending on the bridge: the bridge attaches its
 * source here when it is on, and authentication marks each bridged request.
 */
@Injectable()
export class UpstreamTokenAccess {
  private source?: (accountId: string) => Promise<string>;

  /** Called by the bridge: how to get an account's token. */
  attach(source: (accountId: string) => Promise<string>): void {
    this.source = source;
  }

  /** Marks a request authenticated with a bridge token of `accountId`. */
  mark(request: object, accountId: string): void {
    const source = this.source;
    if (source) (request as UpstreamAware)[UPSTREAM_ACCESS_TOKEN] = () => source(accountId);
  }
}

/** The upstream access token of the user behind `request`; throws when there is none. */
export async function upstreamAccessTokenOf(request: object | undefined): Promise<string> {
  const source = (request as UpstreamAware | undefined)?.[UPSTREAM_ACCESS_TOKEN];
  if (!source) {
    throw new UpstreamTokenUnavailableError(
      'no upstream sign-in: the OAuth bridge is off, or this caller did not sign in through it',
    );
  }
  try {
    return await source();
  } catch (error) {
    throw new UpstreamTokenUnavailableError(`the upstream access token is unavailable: ${(error as Error).message}`);
  }
}

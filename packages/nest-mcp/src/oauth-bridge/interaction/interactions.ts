import { Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import type Provider from 'oidc-provider';
import { BRIDGE_ROUTES } from '../bridge-routes.js';
import { escapeHtml, page } from '../html.js';
import type { UpstreamIdentities } from '../upstream/upstream-identities.js';
import { consentPage } from './consent-page.js';
import { readFormBody } from './form-body.js';

type Interaction = Awaited<ReturnType<Provider['interactionDetails']>>;

const SIGN_IN_FAILED = {
  error: 'access_denied',
  error_description: 'the sign-in at the identity provider did not succeed',
};
const DENIED = { error: 'access_denied', error_description: 'the user denied access' };

/**
 * The steps of a sign-in that oidc-provider leaves to the application:
 * login (at the upstream IdP, through `/oauth/callback`) and consent (the
 * bridge's own page, per client). Each step ends in `interactionFinished`,
 * which oidc-provider turns into the next step or the code for the client.
 */
export class Interactions {
  private readonly logger = new Logger('McpOAuthBridge');

  constructor(
    private readonly provider: Provider,
    private readonly identities: UpstreamIdentities,
    /** The bridge's origin: the callback URL the IdP redirected to is rebuilt on it. */
    private readonly issuer: string,
  ) {}

  /** GET /oauth/interaction/:uid: to the IdP to sign in, or the consent page. */
  async show(req: Request, res: Response): Promise<void> {
    const interaction = await this.provider.interactionDetails(req, res);
    if (interaction.prompt.name === 'login') {
      res.redirect(303, (await this.identities.begin(interaction.uid)).href);
      return;
    }
    const param = (name: string): string => {
      const value = interaction.params[name];
      return typeof value === 'string' ? value : '';
    };
    const client = await this.provider.Client.find(param('client_id'));
    res
      .type('html')
      .set('Cache-Control', 'no-store')
      .send(
        consentPage({
          action: `${BRIDGE_ROUTES.interaction(interaction.uid)}/consent`,
          clientName: client?.clientName ?? param('client_id'),
          clientId: param('client_id'),
          redirectUri: param('redirect_uri'),
          scopes: param('scope').split(' ').filter(Boolean),
          resource: param('resource'),
        }),
      );
  }

  /**
   * GET /oauth/callback: the IdP's answer. The code is redeemed here (this is
   * the redirect URI), then the browser goes on to its interaction, whose
   * cookie is scoped to the interaction's path.
   */
  async callback(req: Request, res: Response): Promise<void> {
    const url = new URL(req.originalUrl, this.issuer);
    let next: { interactionUid: string };
    try {
      next = await this.identities.complete(url);
    } catch (error) {
      // No secret in the log: the reason only (a refused code, a state that matches no sign-in).
      this.logger.warn(`upstream sign-in refused: ${(error as Error).message}`);
      const pending = await this.identities.pendingOf(url.searchParams.get('state') ?? '');
      if (!pending) {
        res
          .status(400)
          .type('html')
          .send(failurePage('This sign-in is unknown or over; start again from your application.'));
        return;
      }
      next = pending;
    }
    const state = encodeURIComponent(url.searchParams.get('state') ?? '');
    res.redirect(303, `${BRIDGE_ROUTES.interaction(next.interactionUid)}/login?state=${state}`);
  }

  /** GET /oauth/interaction/:uid/login: the login step ends with the account the IdP signed in. */
  async finishLogin(req: Request, res: Response): Promise<void> {
    const interaction = await this.provider.interactionDetails(req, res);
    const state = typeof req.query.state === 'string' ? req.query.state : '';
    const accountId = await this.identities.takeSignedIn(state, interaction.uid);
    const result = accountId ? { login: { accountId } } : SIGN_IN_FAILED;
    await this.provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
  }

  /** POST /oauth/interaction/:uid/consent: the user's answer on the consent page. */
  async consent(req: Request, res: Response): Promise<void> {
    const interaction = await this.provider.interactionDetails(req, res);
    const form = await readFormBody(req);
    if (interaction.prompt.name !== 'consent' || form.get('decision') !== 'approve') {
      await this.provider.interactionFinished(req, res, DENIED, { mergeWithLastSubmission: false });
      return;
    }
    const grantId = await this.grantFor(interaction);
    await this.provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }

  /** The grant of this client for this account, with what the consent page showed added to it. */
  private async grantFor(interaction: Interaction): Promise<string> {
    const { prompt, params, session, grantId } = interaction;
    const grant =
      (grantId ? await this.provider.Grant.find(grantId) : undefined) ??
      new this.provider.Grant({ accountId: session!.accountId, clientId: String(params.client_id) });
    const details = prompt.details as {
      missingOIDCScope?: string[];
      missingOIDCClaims?: string[];
      missingResourceScopes?: Record<string, string[]>;
    };
    if (details.missingOIDCScope) grant.addOIDCScope(details.missingOIDCScope.join(' '));
    if (details.missingOIDCClaims) grant.addOIDCClaims(details.missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(details.missingResourceScopes ?? {})) {
      grant.addResourceScope(indicator, scopes.join(' '));
    }
    return grant.save();
  }
}

/** A page for a request the bridge cannot serve (an expired interaction, say): what happened, no detail. */
export const failurePage = (message: string): string =>
  page('Sign-in failed', `<h1>Sign-in failed</h1><p>${escapeHtml(message)}</p>`);

import { escapeHtml, page } from '../html.js';

/** What the user is asked to approve. */
export interface ConsentRequest {
  action: string;
  clientName: string;
  clientId: string;
  /** Where the code will go: the user sees which application asks. */
  redirectUri: string;
  scopes: string[];
  resource: string;
}

/**
 * The bridge's consent page: one form, one approve button and one deny
 * button (`decision`), posted to the interaction it belongs to. Every
 * client (every registration) is asked on its own.
 */
export function consentPage(request: ConsentRequest): string {
  const scopes = request.scopes.length
    ? `<ul>${request.scopes.map((scope) => `<li><code>${escapeHtml(scope)}</code></li>`).join('')}</ul>`
    : '<p>No scopes.</p>';
  return page(
    'Allow access?',
    `<h1>Allow access?</h1>
<p><strong>${escapeHtml(request.clientName)}</strong> (<code>${escapeHtml(request.clientId)}</code>) asks to use
<code>${escapeHtml(request.resource)}</code> as you, and will get its answer at <code>${escapeHtml(request.redirectUri)}</code>.</p>
${scopes}
<form method="post" action="${escapeHtml(request.action)}">
<button type="submit" name="decision" value="approve">Allow</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form>`,
  );
}

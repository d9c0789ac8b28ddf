/** The libraries of the bridge: optional peers, loaded only when the bridge is configured. */
export type OidcProviderModule = typeof import('oidc-provider');
export type OpenidClientModule = typeof import('openid-client');

async function load<T>(name: string, importer: () => Promise<T>): Promise<T> {
  try {
    return await importer();
  } catch (error) {
    throw new Error(
      `McpModule: the option \`oauthBridge\` is set but the package "${name}" cannot be loaded (${(error as Error).message}); ` +
        `install it (npm install ${name}), or leave \`oauthBridge\` unset`,
    );
  }
}

export const loadOidcProvider = (): Promise<OidcProviderModule> => load('oidc-provider', () => import('oidc-provider'));
export const loadOpenidClient = (): Promise<OpenidClientModule> => load('openid-client', () => import('openid-client'));

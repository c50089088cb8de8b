import { FicError } from '@fastintercom/core/read';

/**
 * The issuer's JWKS URL from its metadata: RFC 8414 (`/.well-known/oauth-authorization-server`) first,
 * then OpenID Connect discovery, as the MCP authorization spec has clients look them up.
 */
export async function discoverJwksUrl(issuer: string, fetchImpl: typeof fetch = fetch): Promise<string> {
  const base = new URL(issuer);
  const path = base.pathname.replace(/\/$/, '');
  const candidates = [
    new URL(`/.well-known/oauth-authorization-server${path}`, base),
    new URL(`${path}/.well-known/openid-configuration`, base),
  ];
  for (const url of candidates) {
    try {
      const response = await fetchImpl(url, { headers: { accept: 'application/json' } });
      if (!response.ok) continue;
      const metadata = (await response.json()) as { jwks_uri?: unknown };
      if (typeof metadata.jwks_uri === 'string') return metadata.jwks_uri;
    } catch {
      // the next candidate, then the error below
    }
  }
  throw new FicError(
    'config',
    `Could not read the signing keys' address from ${issuer}'s metadata: give it with --oauth-jwks-url.`,
  );
}

import { checkPersonalToken } from '@fastintercom/core';
import { InvalidTokenError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import type { OAuthTokenVerifier } from '@modelcontextprotocol/sdk/server/auth/provider.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify } from 'jose';
import type { JWTPayload } from 'jose';
import type { DatabaseHandle } from '../database-handle.js';

/** The scopes `fic serve` knows: reading (every read tool and resource) and starting syncs. */
export const READ_SCOPE = 'fic:read';
export const SYNC_SCOPE = 'fic:sync';

/** The company identity provider whose access tokens (JWTs) the server accepts. */
export interface OAuthResourceOptions {
  /** The `iss` every token must carry (the authorization server's issuer identifier). */
  issuer: string;
  /** Where the issuer publishes its signing keys (JWKS). */
  jwksUrl: string;
}

export interface AccessTokenVerifierOptions {
  database: DatabaseHandle;
  /** This server's canonical URL (RFC 8707): a JWT's `aud` must name it. */
  resource: URL;
  oauth?: OAuthResourceOptions;
  /** Milliseconds clock. Default Date.now. */
  now?: () => number;
}

/** Personal tokens never expire unless created with --expires; requireBearerAuth wants a number. */
const NEVER = Number.MAX_SAFE_INTEGER;

/**
 * Verifies a bearer token for requireBearerAuth: a personal token (`fic_...`, looked up by its hash in
 * the database on every request, so a revocation takes effect at once) or, with OAuth configured, a JWT
 * from the identity provider, checked against its JWKS (signature, issuer, expiry, audience equal to this
 * server's canonical URL). Nothing else is accepted; no token is ever forwarded anywhere. Messages never
 * contain the token, nor quotes (they go into the WWW-Authenticate header).
 */
export class AccessTokenVerifier implements OAuthTokenVerifier {
  readonly #options: AccessTokenVerifierOptions;
  readonly #jwks: ReturnType<typeof createRemoteJWKSet> | undefined;

  constructor(options: AccessTokenVerifierOptions) {
    this.#options = options;
    this.#jwks = options.oauth === undefined ? undefined : createRemoteJWKSet(new URL(options.oauth.jwksUrl));
  }

  async verifyAccessToken(token: string): Promise<AuthInfo> {
    if (token.startsWith('fic_')) return this.#personal(token);
    if (this.#jwks !== undefined && token.split('.').length === 3) return this.#jwt(token);
    throw new InvalidTokenError(
      this.#jwks === undefined
        ? 'Unknown token: use a personal token from fic token create'
        : 'Unknown token: use a personal token or an access token from the identity provider',
    );
  }

  async #personal(token: string): Promise<AuthInfo> {
    let database;
    try {
      database = await this.#options.database.get();
    } catch {
      throw new InvalidTokenError('Unknown token: this server holds no tokens yet (run fic token create)');
    }
    const check = checkPersonalToken(database, token, this.#nowSeconds());
    if (!check.valid) {
      throw new InvalidTokenError(
        check.reason === 'unknown'
          ? 'Unknown token'
          : `The token was ${check.reason === 'revoked' ? 'revoked' : 'expired'}`,
      );
    }
    return {
      token,
      clientId: `token:${check.name}`,
      scopes: check.scope === 'sync' ? [READ_SCOPE, SYNC_SCOPE] : [READ_SCOPE],
      expiresAt: check.expiresAt ?? NEVER,
      resource: this.#options.resource,
      extra: { kind: 'personal' },
    };
  }

  async #jwt(token: string): Promise<AuthInfo> {
    const oauth = this.#options.oauth!;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.#jwks!, {
        issuer: oauth.issuer,
        audience: this.#options.resource.href,
        currentDate: new Date(this.#options.now?.() ?? Date.now()),
        requiredClaims: ['exp'],
      }));
    } catch (error) {
      throw new InvalidTokenError(jwtFailure(error));
    }
    const subject = typeof payload.sub === 'string' ? payload.sub : 'unknown';
    const client =
      typeof payload.client_id === 'string'
        ? payload.client_id
        : typeof payload.azp === 'string'
          ? payload.azp
          : undefined;
    return {
      token,
      clientId: `oauth:${subject}`,
      scopes: scopesOf(payload),
      expiresAt: payload.exp,
      resource: this.#options.resource,
      extra: { kind: 'oauth', ...(client === undefined ? {} : { client }) },
    };
  }

  #nowSeconds(): number {
    return Math.floor((this.#options.now?.() ?? Date.now()) / 1000);
  }
}

/** `scope` (RFC 9068: space-separated) or `scp` (an array, as some providers send). */
function scopesOf(payload: JWTPayload): string[] {
  if (typeof payload.scope === 'string') return payload.scope.split(' ').filter((scope) => scope !== '');
  if (Array.isArray(payload.scp))
    return payload.scp.filter((scope): scope is string => typeof scope === 'string');
  return [];
}

function jwtFailure(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'The token has expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return 'The token was not issued for this server (audience)';
    if (error.claim === 'iss') return 'The token was not issued by the configured issuer';
    return `The token claim ${error.claim} is not acceptable`;
  }
  if (error instanceof joseErrors.JWSSignatureVerificationFailed)
    return 'The token signature does not verify';
  if (error instanceof joseErrors.JWKSNoMatchingKey)
    return 'The token was signed with a key the issuer does not publish';
  if (error instanceof joseErrors.JWKSTimeout || error instanceof joseErrors.JWKSInvalid)
    return 'The identity provider keys are unavailable';
  if (error instanceof joseErrors.JOSEError) return 'The token is not a valid JWT';
  return 'The token could not be verified (the identity provider keys are unavailable)';
}

/**
 * Where the token of a command came from, and what to do when Intercom rejects it (401). Core's message
 * assumes INTERCOM_ACCESS_TOKEN and says to run fic init, which is no help when the variable holds the
 * bad token (it overrides whatever fic init stores) and wrong when the stored token or the one just
 * typed into fic init was rejected.
 */
export type TokenOrigin =
  /** `storedTokenPath`: the config file, when it holds a token too (the variable overrides it). */
  { from: 'env'; storedTokenPath?: string } | { from: 'file'; configPath: string } | { from: 'prompt' };

const NEW_TOKEN = "create an access token in Intercom's Developer Hub (Your apps > Authentication)";

/** True for Intercom's 401, however the error reached the command. */
export function isRejectedToken(error: {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}): boolean {
  return error.code === 'auth' && (error.details?.status === 401 || /\(401\)/.test(error.message));
}

/** The sentence for a rejected token from `origin`. */
export function rejectedTokenAdvice(origin: TokenOrigin): string {
  switch (origin.from) {
    case 'env':
      return origin.storedTokenPath !== undefined
        ? `Intercom rejected the token in INTERCOM_ACCESS_TOKEN (401): fix the variable, or unset it to use the token stored in ${origin.storedTokenPath}.`
        : `Intercom rejected the token in INTERCOM_ACCESS_TOKEN (401): fix the variable or unset it; to get a new token, ${NEW_TOKEN}.`;
    case 'file':
      return `Intercom rejected the token stored in ${origin.configPath} (401): ${NEW_TOKEN} and run fic init again.`;
    case 'prompt':
      return `Intercom rejected the token you entered (401): ${NEW_TOKEN}, copy it and run fic init again.`;
  }
}

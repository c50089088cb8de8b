import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * Refuses (403) a request whose `Origin` is not one of the allowed ones: a web page in someone's browser
 * must not reach the server (DNS rebinding, cross-site requests). Requests without an Origin (MCP
 * clients outside a browser, Intercom's webhooks) pass; their bearer token or signature decides.
 */
export function originCheck(allowedOrigins: readonly string[]): RequestHandler {
  const allowed = new Set(allowedOrigins.map((origin) => normalise(origin)));
  return (req: Request, res: Response, next: NextFunction): void => {
    const origin = req.headers.origin;
    if (origin === undefined || allowed.has(normalise(origin))) {
      next();
      return;
    }
    res.status(403).json({
      error: 'forbidden_origin',
      error_description:
        'This Origin may not use the server: start fic serve with --allowed-origin to allow it.',
    });
  };
}

function normalise(origin: string): string {
  try {
    return new URL(origin).origin;
  } catch {
    return origin.toLowerCase();
  }
}

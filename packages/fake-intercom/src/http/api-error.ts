import { randomUUID } from 'node:crypto';

/** An error answered in Intercom's `error.list` envelope. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export interface ErrorList {
  type: 'error.list';
  request_id: string;
  errors: { code: string; message: string }[];
}

export function errorList(code: string, message: string): ErrorList {
  return { type: 'error.list', request_id: randomUUID(), errors: [{ code, message }] };
}

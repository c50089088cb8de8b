import { errorList } from './http/api-error.js';
import { Random, hashSeed } from './workspace/random.js';

/** Injected failures, each with its own probability per request. */
export type FaultKind = '500' | '502' | '503' | 'reset' | 'malformed' | 'hang';
export type FaultRates = Partial<Record<FaultKind, number>>;

export const FAULT_KINDS: readonly FaultKind[] = ['500', '502', '503', 'reset', 'malformed', 'hang'];

/** Parses `500=0.01,503=0.01,reset=0.005` (or passes a FaultRates object through, validated). */
export function parseFaults(spec: string | FaultRates | undefined): FaultRates {
  if (spec === undefined) return {};
  const entries =
    typeof spec === 'string'
      ? spec
          .split(',')
          .map((item) => item.trim())
          .filter((item) => item.length > 0)
          .map((item) => {
            const [kind = '', rate = ''] = item.split('=');
            return [kind.trim(), Number(rate)] as const;
          })
      : Object.entries(spec);
  const rates: FaultRates = {};
  for (const [kind, rate] of entries) {
    if (!FAULT_KINDS.includes(kind as FaultKind)) {
      throw new Error(`Unknown fault kind "${kind}": use ${FAULT_KINDS.join(', ')}.`);
    }
    if (typeof rate !== 'number' || !Number.isFinite(rate) || rate < 0 || rate > 1) {
      throw new Error(`Fault rate for ${kind} must be a number between 0 and 1.`);
    }
    rates[kind as FaultKind] = rate;
  }
  const total = Object.values(rates).reduce((sum, rate) => sum + rate, 0);
  if (total > 1) throw new Error('Fault rates add up to more than 1.');
  return rates;
}

/** Decides per request, from (seed, request number): the same seed gives the same faults in the same order. */
export class FaultInjector {
  #rates: FaultRates;
  readonly #seed: number;
  #counter = 0;

  constructor(seed: number, rates: FaultRates) {
    this.#seed = seed;
    this.#rates = rates;
  }

  set rates(rates: FaultRates) {
    this.#rates = rates;
  }

  next(): FaultKind | undefined {
    const draw = new Random(hashSeed(this.#seed, 0xfa, this.#counter++)).next();
    let cumulative = 0;
    for (const kind of FAULT_KINDS) {
      cumulative += this.#rates[kind] ?? 0;
      if (draw < cumulative) return kind;
    }
    return undefined;
  }
}

/** What the status faults answer: status, content type and body. */
export const FAULT_RESPONSES: Record<'500' | '502' | '503', { status: number; type: string; body: string }> =
  {
    '500': {
      status: 500,
      type: 'application/json',
      body: JSON.stringify(errorList('server_error', 'Internal Server Error')),
    },
    '502': {
      status: 502,
      type: 'text/html',
      body: '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>',
    },
    '503': {
      status: 503,
      type: 'application/json',
      body: JSON.stringify(
        errorList('service_unavailable', 'Sorry, the API service is temporarily unavailable'),
      ),
    },
  };

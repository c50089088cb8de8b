import { parseArgs } from 'node:util';
import { startFakeIntercom } from './fake-intercom-server.js';
import { PERMISSION_NAMES, parsePermissionNames } from './realism/permissions.js';

const USAGE = `Usage: fake-intercom [--port 0] [--conversations 200] [--seed 1] [--token fake-token]
                     [--latency-ms 0] [--rate-limit-per-minute 10000] [--faults SPEC] [--now UNIX_SECONDS]
                     [--realistic] [--search-index-lag SECONDS] [--missing-permissions NAMES]
                     [--message-bytes BYTES] [--tickets N] [--companies N]
                     [--webhook-url URL --webhook-secret SECRET]

Serves a generated Intercom workspace over the 2.16 REST API on 127.0.0.1.
--faults takes rates per kind, e.g. 500=0.01,503=0.01,reset=0.005,malformed=0.005,hang=0.001
--realistic turns on every real-API behaviour (see the package README); --search-index-lag sets the
conversation search lag in seconds (30 with --realistic, else 0); --missing-permissions takes a
comma-separated list of ${PERMISSION_NAMES.join(', ')}. --message-bytes pads every opening message to
that size (huge conversations, for memory tests). --tickets and --companies set those counts (default:
a ticket for every 8 conversations, a company for every 8 contacts). --webhook-url subscribes a receiver
(fic serve's /webhooks/intercom): POST /_fake/advance and the deletions send it notifications signed
with --webhook-secret (X-Hub-Signature).`;

function integer(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`--${name} must be a non-negative integer, got "${text}".`);
  return value;
}

/** Runs the fake until SIGINT/SIGTERM. The first stdout line holds the base URL. */
export async function main(argv: string[]): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        conversations: { type: 'string' },
        seed: { type: 'string' },
        token: { type: 'string' },
        'latency-ms': { type: 'string' },
        'rate-limit-per-minute': { type: 'string' },
        faults: { type: 'string' },
        now: { type: 'string' },
        realistic: { type: 'boolean' },
        'search-index-lag': { type: 'string' },
        'missing-permissions': { type: 'string' },
        'message-bytes': { type: 'string' },
        tickets: { type: 'string' },
        companies: { type: 'string' },
        'webhook-url': { type: 'string' },
        'webhook-secret': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (values.help === true) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  let fake;
  try {
    const now = values.now === undefined ? undefined : integer('now', values.now, 0);
    const lag = values['search-index-lag'];
    const permissions = values['missing-permissions'];
    fake = await startFakeIntercom({
      port: integer('port', values.port, 0),
      conversations: integer('conversations', values.conversations, 200),
      seed: integer('seed', values.seed, 1),
      token: values.token ?? 'fake-token',
      latencyMs: integer('latency-ms', values['latency-ms'], 0),
      rateLimitPerMinute: integer('rate-limit-per-minute', values['rate-limit-per-minute'], 10_000),
      faults: values.faults ?? {},
      ...(now === undefined ? {} : { now }),
      messageBytes: integer('message-bytes', values['message-bytes'], 0),
      ...(values.tickets === undefined ? {} : { tickets: integer('tickets', values.tickets, 0) }),
      ...(values.companies === undefined ? {} : { companies: integer('companies', values.companies, 0) }),
      ...(values['webhook-url'] === undefined
        ? {}
        : { webhook: { url: values['webhook-url'], secret: values['webhook-secret'] ?? '' } }),
      realistic: values.realistic === true,
      realism: lag === undefined ? {} : { searchIndexLagSeconds: integer('search-index-lag', lag, 0) },
      missingPermissions:
        permissions === undefined
          ? []
          : parsePermissionNames(
              permissions
                .split(',')
                .map((name) => name.trim())
                .filter((name) => name !== ''),
            ),
    });
  } catch (error) {
    process.stderr.write(`fake-intercom: ${(error as Error).message}\n`);
    process.exitCode = 1;
    return;
  }
  const started = fake;
  process.stdout.write(`Fake Intercom listening on ${started.url}\n`);
  process.stdout.write(`Token: ${started.token} (send Authorization: Bearer <token>)\n`);
  process.stdout.write(`Realism: ${JSON.stringify(started.realism)}\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      started.close().then(resolve, resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

import type { z } from 'zod';
import { companyJson } from './company.js';
import { configJson } from './config.js';
import { conversationJson } from './conversation.js';
import { customerJson } from './customer.js';
import { initJson } from './init.js';
import { jsonErrorJson } from './json-error.js';
import { mcpInstallJson } from './mcp-install.js';
import { rebuildJson } from './rebuild.js';
import { recentJson } from './recent.js';
import { scheduleJson } from './schedule.js';
import { searchJson } from './search.js';
import { statusJson } from './status.js';
import { syncJson } from './sync.js';
import { teamJson } from './team.js';
import { ticketJson } from './ticket.js';
import { ticketsJson } from './tickets.js';
import { tokenCreateJson } from './token-create.js';
import { tokenListJson } from './token-list.js';
import { tokenRevokeJson } from './token-revoke.js';
import { verifyJson } from './verify.js';

/**
 * The --json contract, command by command: docs/json.md is generated from these (npm run docs:json) and
 * the contract test runs each command with --json and parses its output with the schema (strict
 * objects: a field added to a result fails the test until the schema and the docs say it).
 */
export const commandJsonSchemas: readonly { command: string; schema: z.ZodType }[] = [
  { command: 'sync', schema: syncJson },
  { command: 'status', schema: statusJson },
  { command: 'verify', schema: verifyJson },
  { command: 'rebuild', schema: rebuildJson },
  { command: 'recent', schema: recentJson },
  { command: 'search', schema: searchJson },
  { command: 'conversation', schema: conversationJson },
  { command: 'customer', schema: customerJson },
  { command: 'company', schema: companyJson },
  { command: 'team', schema: teamJson },
  { command: 'tickets', schema: ticketsJson },
  { command: 'ticket', schema: ticketJson },
  { command: 'config', schema: configJson },
  { command: 'init', schema: initJson },
  { command: 'schedule', schema: scheduleJson },
  { command: 'mcp install', schema: mcpInstallJson },
  { command: 'token create', schema: tokenCreateJson },
  { command: 'token list', schema: tokenListJson },
  { command: 'token revoke', schema: tokenRevokeJson },
];

export { jsonErrorJson };

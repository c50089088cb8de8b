import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { toJsonSchemaCompat } from '@modelcontextprotocol/sdk/server/zod-json-schema-compat.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import type {
  CallToolResult,
  ListToolsResult,
  ResourceLink,
  ServerNotification,
  ServerRequest,
  ToolAnnotations,
} from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { Logger } from './logger.js';
import { describeFailure, describeIssues, errorResult, toolResult } from './tool-results.js';

export type ToolExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/** What a tool answers: its structured result (the text content is the same JSON) and any links. */
export interface ToolReply<Structured> {
  structured: Structured;
  links?: ResourceLink[];
}

export interface ToolDefinition<Input extends z.ZodObject, Output extends z.ZodObject> {
  name: string;
  title: string;
  /** What it does and when to use it, for the model choosing a tool. */
  description: string;
  input: Input;
  output: Output;
  annotations: ToolAnnotations;
  run(args: z.output<Input>, extra: ToolExtra): Promise<ToolReply<z.input<Output>>>;
}

/** Annotations of every tool that only reads the local database. */
export const readOnlyAnnotations: ToolAnnotations = { readOnlyHint: true, openWorldHint: false };

/** How fresh the copy is: stamped on every successful answer (see freshnessFields). */
export interface ToolFreshness {
  data_age_seconds: number | null;
  last_sync_status: string | null;
}

/** Fields the registry adds to every tool's output, so a model always knows how old the answer is. */
export const freshnessFields = {
  data_age_seconds: z
    .number()
    .nullable()
    .describe(
      'Seconds since the last successful sync ended (how old this answer may be); null before the first',
    ),
  last_sync_status: z
    .string()
    .nullable()
    .describe(
      "The newest sync's status: running, succeeded, partial, failed or interrupted (null before the first); if failed or old, see get_sync_status",
    ),
};

/**
 * The most array elements and object members one tools/call's arguments may hold (the SDK's
 * `maxToolInputElements`, which our own tools/call handler applies in its place). The largest real call
 * (10 attribute filters) holds under 100.
 */
export const maxToolInputElements = 1000;

type ToolCall = (args: unknown, extra: ToolExtra) => Promise<CallToolResult>;

/**
 * Registers tools with the SDK and answers tools/list and tools/call itself:
 * - tools/list is built once (the SDK converts every zod schema to JSON Schema on every request), with
 *   the SDK's own converter and options, so the answer is the same;
 * - tools/call validates arguments with zod and reports issues on one line (the SDK joins them with
 *   newlines), bounds the arguments' size as the SDK's `maxToolInputElements` does, turns errors into
 *   one-line `isError` results, and parses answers through the output schema (so clients get exactly
 *   the declared fields). test/tool-registry-sdk.test.ts pins the SDK handlers this replaces: an SDK
 *   upgrade that changes them fails it, to be reviewed here.
 */
export class ToolRegistry {
  readonly #server: McpServer;
  readonly #logger: Logger;
  readonly #freshness: () => Promise<ToolFreshness>;
  readonly #calls = new Map<string, ToolCall>();
  readonly #definitions: { definition: ToolDefinition<z.ZodObject, z.ZodObject>; output: z.ZodObject }[] = [];
  #list: ListToolsResult | undefined;

  constructor(server: McpServer, logger: Logger, freshness: () => Promise<ToolFreshness>) {
    this.#server = server;
    this.#logger = logger;
    this.#freshness = freshness;
  }

  get names(): string[] {
    return [...this.#calls.keys()];
  }

  register<Input extends z.ZodObject, Output extends z.ZodObject>(
    definition: ToolDefinition<Input, Output>,
  ): void {
    const output = definition.output.extend(freshnessFields);
    const call: ToolCall = async (args, extra) => {
      const parsed = definition.input.safeParse(args ?? {});
      if (!parsed.success) {
        return errorResult(`Invalid arguments for ${definition.name}: ${describeIssues(parsed.error)}`);
      }
      try {
        const reply = await definition.run(parsed.data, extra);
        const structured = output.parse({
          ...reply.structured,
          ...(await this.#freshness()),
        });
        return toolResult(structured, reply.links);
      } catch (error) {
        return errorResult(describeFailure(error, this.#logger));
      }
    };
    // Concrete schema types: the SDK's callback type does not resolve against generic ones.
    this.#server.registerTool<z.ZodObject, z.ZodObject>(
      definition.name,
      {
        title: definition.title,
        description: definition.description,
        inputSchema: definition.input,
        outputSchema: output,
        annotations: definition.annotations,
      },
      (args, extra) => call(args, extra),
    );
    this.#definitions.push({
      definition,
      output,
    });
    this.#calls.set(definition.name, call);
    this.#list = undefined;
  }

  /** tools/list as the SDK builds it (same converter, same options), once: converting takes milliseconds a tool. */
  #buildList(): ListToolsResult {
    type Listed = ListToolsResult['tools'][number];
    return {
      tools: this.#definitions.map(({ definition, output }) => ({
        name: definition.name,
        title: definition.title,
        description: definition.description,
        inputSchema: toJsonSchemaCompat(definition.input, {
          strictUnions: true,
          pipeStrategy: 'input',
        }) as Listed['inputSchema'],
        annotations: definition.annotations,
        // What registerTool gives every tool: none of ours runs as a task.
        execution: { taskSupport: 'forbidden' },
        outputSchema: toJsonSchemaCompat(output, {
          strictUnions: true,
          pipeStrategy: 'output',
        }) as Listed['outputSchema'],
      })),
    };
  }

  /** Answers tools/list and tools/call here instead of in the SDK (see the class). Call after the last `register`. */
  takeOverCalls(): void {
    const server = this.#server.server;
    server.removeRequestHandler('tools/list');
    server.setRequestHandler(ListToolsRequestSchema, () => (this.#list ??= this.#buildList()));
    server.removeRequestHandler('tools/call');
    server.setRequestHandler(CallToolRequestSchema, (request, extra) => {
      const call = this.#calls.get(request.params.name);
      if (call === undefined) {
        return errorResult(`Unknown tool '${request.params.name}': the tools are ${this.names.join(', ')}.`);
      }
      if (elementCount(request.params.arguments, maxToolInputElements) > maxToolInputElements) {
        return errorResult(
          `Invalid arguments for ${request.params.name}: more than ${maxToolInputElements} values; send fewer filters or shorter lists.`,
        );
      }
      return call(request.params.arguments, extra);
    });
  }
}

/** Array elements and object members in `value`, counting stops once past `max` (a bounded walk). */
function elementCount(value: unknown, max: number): number {
  let count = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && count <= max) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      count += 1;
      if (child !== null && typeof child === 'object') stack.push(child);
    }
  }
  return count;
}

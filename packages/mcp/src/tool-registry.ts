import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { CallToolRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import type {
  CallToolResult,
  ResourceLink,
  ServerNotification,
  ServerRequest,
  ToolAnnotations,
} from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
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

type ToolCall = (args: unknown, extra: ToolExtra) => Promise<CallToolResult>;

/**
 * Registers tools with the SDK (which lists them, with JSON schemas from the zod ones) and answers
 * their calls: arguments validated by zod, errors turned into one-line `isError` results, answers
 * parsed through the output schema (so clients get exactly the declared fields).
 */
export class ToolRegistry {
  readonly #server: McpServer;
  readonly #logger: Logger;
  readonly #calls = new Map<string, ToolCall>();

  constructor(server: McpServer, logger: Logger) {
    this.#server = server;
    this.#logger = logger;
  }

  get names(): string[] {
    return [...this.#calls.keys()];
  }

  register<Input extends z.ZodObject, Output extends z.ZodObject>(
    definition: ToolDefinition<Input, Output>,
  ): void {
    const call: ToolCall = async (args, extra) => {
      const parsed = definition.input.safeParse(args ?? {});
      if (!parsed.success) {
        return errorResult(`Invalid arguments for ${definition.name}: ${describeIssues(parsed.error)}`);
      }
      try {
        const reply = await definition.run(parsed.data, extra);
        const structured = definition.output.parse(reply.structured) as Record<string, unknown>;
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
        outputSchema: definition.output,
        annotations: definition.annotations,
      },
      (args, extra) => call(args, extra),
    );
    this.#calls.set(definition.name, call);
  }

  /**
   * Answers tools/call here instead of in the SDK, whose validation joins zod issues with newlines:
   * a model should get one line. Call once, after the last `register`.
   */
  takeOverCalls(): void {
    const server = this.#server.server;
    server.removeRequestHandler('tools/call');
    server.setRequestHandler(CallToolRequestSchema, (request, extra) => {
      const call = this.#calls.get(request.params.name);
      if (call === undefined) {
        return errorResult(`Unknown tool '${request.params.name}': the tools are ${this.names.join(', ')}.`);
      }
      return call(request.params.arguments, extra);
    });
  }
}

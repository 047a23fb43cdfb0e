/**
 * The local runtime's `console/config.json`: the same keys the stack writes beside the console
 * on AWS (see console/src/runtime-config.ts), with local values. The API is the gateway itself.
 */
export interface LocalConsoleConfigInput {
  /** The local live-updates WebSocket URL, when it runs. */
  liveUrl?: string | undefined;
  /** An Amazon Connect instance to embed in the screen pop (`ONETHREAD_CONNECT_INSTANCE_URL`). */
  connectInstanceUrl?: string | undefined;
}

export function localConsoleConfig(input: LocalConsoleConfigInput): Record<string, string> {
  return {
    apiUrl: '',
    ...(input.liveUrl ? { liveUrl: input.liveUrl } : {}),
    ...(input.connectInstanceUrl ? { connectInstanceUrl: input.connectInstanceUrl } : {}),
  };
}

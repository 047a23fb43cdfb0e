/**
 * Where the console finds the platform. On AWS the stack writes `config.json` next to the
 * console; the local runtime serves one of its own. Every field is optional: a console with no
 * config talks to its own origin and signs in with the local dev token.
 */
export interface RuntimeConfig {
  /** Base URL of the HTTP API, without a trailing slash; empty means the console's own origin. */
  apiUrl: string;
  /** WebSocket URL for live updates; absent means the console polls. */
  liveUrl?: string;
  /** AWS region of the deployment. */
  region?: string;
  /** Cognito Hosted UI sign-in; absent means the local dev-token sign-in. */
  auth?: CognitoConfig;
  /** Amazon Connect: the instance whose Contact Control Panel the screen pop embeds. */
  connect?: ConnectConsoleConfig;
}

export interface CognitoConfig {
  userPoolId: string;
  clientId: string;
  /** Hosted UI base URL, e.g. `https://onethread-example.auth.eu-west-1.amazoncognito.com`. */
  domainUrl: string;
}

export interface ConnectConsoleConfig {
  /** e.g. `https://example.my.connect.aws`; the CCP is at `${instanceUrl}/ccp-v2/`. */
  instanceUrl: string;
}

const EMPTY: RuntimeConfig = { apiUrl: '' };

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/** Reads a config object leniently: unknown or malformed fields are dropped, not fatal. */
export function parseRuntimeConfig(raw: unknown): RuntimeConfig {
  if (!raw || typeof raw !== 'object') return EMPTY;
  const source = raw as Record<string, unknown>;
  const config: RuntimeConfig = { apiUrl: (text(source.apiUrl) ?? '').replace(/\/+$/, '') };
  const liveUrl = text(source.liveUrl);
  if (liveUrl) config.liveUrl = liveUrl;
  const region = text(source.region);
  if (region) config.region = region;
  const userPoolId = text(source.userPoolId);
  const clientId = text(source.userPoolClientId);
  const domainUrl = text(source.authDomainUrl);
  if (userPoolId && clientId && domainUrl) {
    config.auth = { userPoolId, clientId, domainUrl: domainUrl.replace(/\/+$/, '') };
  }
  const instanceUrl = text(source.connectInstanceUrl);
  if (instanceUrl) config.connect = { instanceUrl: instanceUrl.replace(/\/+$/, '') };
  return config;
}

/** Fetches `config.json` beside the console; a missing or unreadable file means no config. */
export async function loadRuntimeConfig(base = import.meta.env.BASE_URL): Promise<RuntimeConfig> {
  try {
    const response = await fetch(`${base}config.json`, { cache: 'no-store' });
    if (!response.ok) return EMPTY;
    return parseRuntimeConfig(await response.json());
  } catch {
    return EMPTY;
  }
}

import type { Session } from '../api.ts';
import type { CognitoConfig } from '../runtime-config.ts';
import {
  type AuthStorage,
  type Fetch,
  logoutUrl,
  refreshTokens,
  revokeRefreshToken,
  SessionEndedError,
} from './cognito.ts';
import { jwtClaims, parseTokenResponse, type SignedInUser, signedInUser, type Tokens } from './tokens.ts';

/** The tokens of this tab's sign-in; sessionStorage, so they end with the tab. */
const TOKENS_KEY = 'onethread.console.tokens';
/** Refreshed this long before the ID token expires, so no request carries a token about to lapse. */
export const REFRESH_BEFORE_MS = 5 * 60_000;

export interface SessionDeps {
  storage: AuthStorage;
  fetch: Fetch;
  now: () => number;
  /** The session is over (the refresh token was refused); the console shows the sign-in again. */
  onEnded: (reason: string) => void;
}

/** The console's Cognito session: a current ID token for the API, and sign-out. */
export class CognitoSession implements Session {
  readonly agentId: string;
  readonly user: SignedInUser;
  private refreshing: Promise<Tokens> | undefined;

  private constructor(
    private readonly auth: CognitoConfig,
    private tokens: Tokens,
    private readonly deps: SessionDeps,
  ) {
    this.user = signedInUser(jwtClaims(tokens.idToken));
    this.agentId = this.user.agentId;
  }

  /** A new session from the tokens of a completed sign-in. */
  static start(auth: CognitoConfig, tokens: Tokens, deps: SessionDeps): CognitoSession {
    const session = new CognitoSession(auth, tokens, deps);
    session.save();
    return session;
  }

  /** This tab's session after a reload, if it has one the console can still use. */
  static restore(auth: CognitoConfig, deps: SessionDeps): CognitoSession | undefined {
    try {
      const stored = JSON.parse(deps.storage.getItem(TOKENS_KEY) ?? 'null') as Tokens | null;
      if (!stored) return undefined;
      // Re-read as a token answer, so a damaged entry fails here rather than on the first call.
      const tokens = parseTokenResponse(
        { id_token: stored.idToken, access_token: stored.accessToken },
        stored.refreshToken,
      );
      if (!tokens.refreshToken && tokens.expiresAt <= deps.now()) throw new Error('expired');
      return new CognitoSession(auth, tokens, deps);
    } catch {
      deps.storage.removeItem(TOKENS_KEY);
      return undefined;
    }
  }

  /** The ID token to send, refreshed first when it expires within {@link REFRESH_BEFORE_MS}. */
  readonly token = async (): Promise<string> => {
    if (this.tokens.expiresAt - this.deps.now() > REFRESH_BEFORE_MS) return this.tokens.idToken;
    // Requests made while a refresh is under way wait for the same one.
    this.refreshing ??= this.refresh().finally(() => {
      this.refreshing = undefined;
    });
    return (await this.refreshing).idToken;
  };

  /** Forgets the tokens, revokes the refresh token and answers the Hosted UI's sign-out URL. */
  signOut(redirectUri: string): string {
    this.deps.storage.removeItem(TOKENS_KEY);
    if (this.tokens.refreshToken) revokeRefreshToken(this.auth, this.tokens.refreshToken, this.deps.fetch);
    return logoutUrl(this.auth, redirectUri);
  }

  private async refresh(): Promise<Tokens> {
    const { refreshToken, expiresAt } = this.tokens;
    const stillValid = expiresAt > this.deps.now();
    try {
      if (!refreshToken) {
        if (stillValid) return this.tokens;
        throw new SessionEndedError('the ID token expired and there is no refresh token');
      }
      this.tokens = await refreshTokens(this.auth, refreshToken, this.deps.fetch);
      this.save();
      return this.tokens;
    } catch (caught) {
      if (!(caught instanceof SessionEndedError)) {
        // A passing failure (offline, throttled): the ID token serves while it lasts, and the
        // next request tries again.
        if (stillValid) return this.tokens;
        throw caught;
      }
      this.deps.storage.removeItem(TOKENS_KEY);
      this.deps.onEnded('Your session has ended. Sign in again to go on.');
      throw caught;
    }
  }

  private save(): void {
    this.deps.storage.setItem(TOKENS_KEY, JSON.stringify(this.tokens));
  }
}

/** What a {@link TokenProvider} is asked for. */
export interface TokenProviderRequest {
  appId: string;
  /** Set when a WeChat call just refused this token (40001, 40014, 42001): return another one. */
  invalidToken?: string;
}

/**
 * A token from a provider: the bare string (kept until a call reports it invalid), or the token
 * with its expiry in epoch milliseconds (renewed early, like a fetched one).
 */
export type TokenProviderResult = string | { accessToken: string; expiresAt?: number };

/**
 * For teams that already run their own token server: the SDK then asks this function for tokens
 * and never calls `/cgi-bin/token` itself.
 */
export type TokenProvider = (request: TokenProviderRequest) => Promise<TokenProviderResult>;

/** A token as the store keeps it (JSON), shared by every process of the app. */
export interface StoredToken {
  access_token: string;
  /** Epoch milliseconds. */
  expires_at: number;
  /** Epoch milliseconds from which the token is renewed (expiry minus the margin). */
  refresh_at: number;
}

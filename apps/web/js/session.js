// The logged-in user's token: kept in sessionStorage so a reload stays
// logged in (and a closed tab does not), refreshed over the socket while it
// is open so that reconnects and file transfers always have a valid one.

import { fetchToken } from "./http-api.js";

const STORAGE_KEY = "troupe.session";
// Refresh when this share of the token's lifetime has passed.
const REFRESH_AT = 0.5;

export class Session {
  constructor() {
    const saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) || "null");
    this.username = saved?.username ?? null;
    this.token = saved?.token ?? null;
    this.expiresAt = saved?.expiresAt ?? 0;
    this.ttlMs = saved?.ttlMs ?? 0;
    this.refreshTimer = null;
  }

  /** A token that has not expired yet, or null. */
  validToken() {
    return this.token && Date.now() < this.expiresAt ? this.token : null;
  }

  async logIn(username, password) {
    const { token, expires_in } = await fetchToken(username, password);
    this.username = username;
    this.store(token, expires_in);
  }

  store(token, expiresInSeconds) {
    this.token = token;
    this.ttlMs = expiresInSeconds * 1000;
    // A little margin: a token that is about to expire counts as expired.
    this.expiresAt = Date.now() + expiresInSeconds * 1000 - 2000;
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify({
      username: this.username, token: this.token,
      expiresAt: this.expiresAt, ttlMs: this.ttlMs,
    }));
  }

  /**
   * Keeps the token fresh with the `token` command while `connection` is
   * online; a failed refresh is retried at the next tick.
   */
  keepFresh(connection) {
    clearInterval(this.refreshTimer);
    const tick = async () => {
      const lifetime = this.expiresAt - Date.now();
      if (connection.status !== "online" || lifetime > this.ttlMs * (1 - REFRESH_AT)) return;
      try {
        const { token, expires_in } = await connection.request("token");
        this.store(token, expires_in);
      } catch {
        // Offline or busy: the next tick tries again.
      }
    };
    // Often enough to catch the refresh window of even a short-lived token.
    this.refreshTimer = setInterval(tick, Math.max(1000, Math.min(5000, this.ttlMs / 4)));
    tick();
  }

  clear() {
    clearInterval(this.refreshTimer);
    this.username = null;
    this.token = null;
    this.expiresAt = 0;
    sessionStorage.removeItem(STORAGE_KEY);
  }
}

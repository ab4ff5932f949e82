// One WebSocket to the node, speaking protocol v1: requests with ids and
// their replies, pushes acknowledged as they arrive, and reconnection with
// backoff after a drop. Knows nothing about friends, groups or the page.

const MIN_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 10000;
const REQUEST_TIMEOUT_MS = 15000;
// The node closes sessions idle for 120 s; a ping well inside that keeps a
// quiet tab connected.
const KEEPALIVE_MS = 30000;

/** An error reply from the node (or "offline" when no socket was open). */
export class RequestError extends Error {
  constructor(code, message) {
    super(message || code);
    this.code = code;
  }
}

let requestCounter = 0;

/**
 * Returns a fresh request id: time plus randomness, unique per user across
 * tabs and reloads, as the protocol needs for `send` and `group_send`.
 */
export function newRequestId() {
  requestCounter += 1;
  const random = Math.random().toString(36).slice(2, 8);
  return `w-${Date.now().toString(36)}-${random}-${requestCounter}`;
}

/**
 * Events (an EventTarget):
 *  - "welcome"  {detail: {user_id, username}}: authenticated (also after a reconnect)
 *  - "push"     {detail: frame}: every push but welcome/closing, already acked
 *  - "status"   {detail: "connecting" | "online" | "offline"}
 *  - "ended"    {detail: reason}: the node ended the session for good
 *    ("logout", "replaced", "expired"); no reconnect follows
 */
export class Connection extends EventTarget {
  /** `getToken()` returns the token to open /ws?token= with, or null. */
  constructor(getToken) {
    super();
    this.getToken = getToken;
    this.socket = null;
    this.pending = new Map(); // request id → {resolve, reject, timer}
    this.backoff = MIN_BACKOFF_MS;
    this.reconnectTimer = null;
    this.keepaliveTimer = null;
    this.stopped = true;
    this.status = "offline";
    this.watchNetwork();
  }

  start() {
    this.stopped = false;
    this.open();
  }

  /**
   * Follows the browser's idea of the network: a socket may hang on for
   * minutes after the network went away, so drop it at once; and when the
   * network is back, reconnect now rather than when the backoff says.
   */
  watchNetwork() {
    window.addEventListener("offline", () => this.socket?.close());
    window.addEventListener("online", () => {
      if (this.stopped || this.socket) return;
      clearTimeout(this.reconnectTimer);
      this.backoff = MIN_BACKOFF_MS;
      this.open();
    });
  }

  /** Closes the socket and stays closed. */
  stop() {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    if (this.socket) this.socket.close(1000);
    this.socket = null;
    this.failPending("offline");
    this.setStatus("offline");
  }

  /** Sends a request; resolves with the reply's data, rejects with RequestError. */
  request(type, params = {}, id = newRequestId()) {
    return new Promise((resolve, reject) => {
      if (this.status !== "online") {
        reject(new RequestError("offline", "not connected"));
        return;
      }
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new RequestError("timeout", "no answer from the node"));
      }, REQUEST_TIMEOUT_MS);
      this.pending.set(id, { resolve, reject, timer });
      this.socket.send(JSON.stringify({ id, type, ...params }));
    });
  }

  open() {
    const token = this.getToken();
    if (!token) {
      this.end("expired");
      return;
    }
    this.setStatus("connecting");
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const url = `${scheme}://${location.host}/ws?token=${encodeURIComponent(token)}`;
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.onmessage = (event) => this.receive(JSON.parse(event.data));
    socket.onclose = () => {
      if (this.socket !== socket) return; // an older socket, already replaced
      this.socket = null;
      clearInterval(this.keepaliveTimer);
      this.failPending("offline");
      if (this.stopped) return;
      this.setStatus("offline");
      this.scheduleReconnect();
    };
  }

  scheduleReconnect() {
    clearTimeout(this.reconnectTimer);
    // Jitter spreads the reconnects of many tabs after a node restart.
    const delay = this.backoff * (0.75 + Math.random() * 0.5);
    this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF_MS);
    this.reconnectTimer = setTimeout(() => this.open(), delay);
  }

  receive(frame) {
    if (frame.type === "ok" || frame.type === "error") {
      const waiting = this.pending.get(frame.id);
      if (!waiting) return;
      this.pending.delete(frame.id);
      clearTimeout(waiting.timer);
      if (frame.type === "ok") waiting.resolve(frame.data || {});
      else waiting.reject(new RequestError(frame.code, frame.message));
      return;
    }
    if (frame.type === "welcome") {
      this.backoff = MIN_BACKOFF_MS;
      this.setStatus("online");
      clearInterval(this.keepaliveTimer);
      this.keepaliveTimer = setInterval(
        () => this.request("ping").catch(() => {}), KEEPALIVE_MS);
      this.dispatchEvent(new CustomEvent("welcome", { detail: frame }));
      return;
    }
    if (frame.type === "closing") {
      // A replaced or logged-out session must not come back by itself;
      // the others (shutdown, idle) reconnect.
      if (frame.reason === "replaced" || frame.reason === "logout") this.end(frame.reason);
      return;
    }
    // Acknowledge first: the node resends until it hears the ack, and the
    // page deduplicates, so an ack is never wrong.
    if (frame.id !== undefined && frame.id !== null) {
      this.socket?.send(JSON.stringify({ type: "ack", id: frame.id }));
    }
    this.dispatchEvent(new CustomEvent("push", { detail: frame }));
  }

  end(reason) {
    if (this.stopped) return; // ended already (a logout's reply and its closing push)
    this.stop();
    this.dispatchEvent(new CustomEvent("ended", { detail: reason }));
  }

  failPending(code) {
    for (const [, waiting] of this.pending) {
      clearTimeout(waiting.timer);
      waiting.reject(new RequestError(code, "connection lost"));
    }
    this.pending.clear();
  }

  setStatus(status) {
    if (this.status === status) return;
    this.status = status;
    this.dispatchEvent(new CustomEvent("status", { detail: status }));
  }
}

// One participant this page holds, as a chat client holds it: its calls to the Participant Service
// over REST and its websocket (subscribe, heartbeat, reconnect, renewing its ConnectionToken). Its
// tokens live in this object only.

const HEARTBEAT_EVERY = 10000;
// Every wait is bounded: a call (a delay fault applies to the console too), a websocket handshake.
export const CALL_TIMEOUT = 15000;
const OPEN_TIMEOUT = 15000;

export function uuid() {
  // crypto.randomUUID needs a secure context; a console opened over a LAN address is not one.
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export class CallError extends Error {
  constructor(message, status = null) {
    super(message);
    this.status = status;  // the HTTP status, when there was an answer
  }
}

// One HTTP call to the emulator; failures become a CallError naming the code, status and message.
export async function call(method, path, body, bearer, what) {
  const headers = {};
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (bearer) headers["X-Amz-Bearer"] = bearer;
  let response;
  let text;
  try {
    response = await fetch(path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(CALL_TIMEOUT),
    });
    text = await response.text();
  } catch (error) {
    const why = error.name === "TimeoutError" ? `no answer in ${CALL_TIMEOUT / 1000} s` : `no answer (${error.message})`;
    throw new CallError(`${what}: ${why}`);
  }
  let data = {};
  try { data = text ? JSON.parse(text) : {}; } catch { data = { message: text.slice(0, 200) }; }
  if (!response.ok) {
    const code = (response.headers.get("x-amzn-ErrorType") || data.code || "").split(":")[0];
    throw new CallError(`${what}: ${code || "error"} (HTTP ${response.status}) ${data.message || ""}`.trim(), response.status);
  }
  return data;
}

// Retrying as chat clients do: a capped exponential backoff with jitter, and a bound on tries, past
// which the participant stops and says so (Reconnect starts over).
export const MAX_TRIES = 8;
const FIRST_WAIT = 500;
const LONGEST_WAIT = 5000;
const backoff = (tries) => Math.min(FIRST_WAIT * 2 ** (tries - 1), LONGEST_WAIT) * (0.5 + Math.random() / 2);
// chatjs asks for a new ConnectionToken a minute before its Expiry; one that lives less than two minutes
// (an emulator's short Limits) is renewed at half its life.
const RENEW_AHEAD = 60000;
const SUBSCRIBE = JSON.stringify({ topic: "aws/subscribe", content: { topics: ["aws/chat"] } });

export class Identity {
  // hooks: chat() is the feed's state of this chat (or undefined), changed() redraws what shows the status.
  constructor(contactId, participantId, role, name, participantToken, hooks) {
    this.hooks = hooks;
    this.contactId = contactId;
    this.participantId = participantId;
    this.role = role;
    this.name = name;
    this.participantToken = participantToken;
    this.connectionToken = null;
    this.tokenExpiry = null;
    this.renewal = null;        // the timer of the next renewal
    this.renewing = null;       // the renewal under way (a promise), shared by every call waiting on it
    this.socket = null;
    this.status = "connecting";
    this.left = false;
    this.stopped = null;        // {why, canRetry} once it stopped trying
    this.tries = 0;             // tries to reconnect since it was last live
    this.subscribeTries = 0;    // subscribes refused on the current socket
    this.waiting = null;        // the timer of the next try
  }

  // A websocket URL and a new ConnectionToken each time, as chatjs asks on every (re)connect.
  async connect() {
    const answer = await this.createConnection(["WEBSOCKET", "CONNECTION_CREDENTIALS"]);
    this.open(answer.Websocket.Url);
  }

  async createConnection(types) {
    let answer;
    try {
      answer = await call("POST", "/participant/connection", { Type: types, ConnectParticipant: true },
        this.participantToken, "CreateParticipantConnection");
    } catch (error) {
      // The ParticipantToken itself is refused: nothing more this participant can do.
      if (error.status === 403) this.stop(`its ParticipantToken was refused (${error.message})`, false);
      throw error;
    }
    const credentials = answer.ConnectionCredentials;
    if (credentials) {
      this.connectionToken = credentials.ConnectionToken;
      this.tokenExpiry = Date.parse(credentials.Expiry);
      this.scheduleRenewal();
    }
    return answer;
  }

  scheduleRenewal() {
    clearTimeout(this.renewal);
    const left = this.tokenExpiry - Date.now();
    if (!(left > 0) || this.left || this.stopped) return;
    const wait = Math.max(left - Math.min(RENEW_AHEAD, left / 2), 1000);
    this.renewal = setTimeout(() => this.renew().catch(() => {}), wait);
  }

  // A new ConnectionToken for the same participant (its socket stays). A failure other than a refused
  // ParticipantToken tries again at half the time left; once expired, the next call's 403 renews.
  renew() {
    if (!this.renewing) {
      this.renewing = this.createConnection(["CONNECTION_CREDENTIALS"])
        .catch((error) => {
          if (error.status !== 403) this.scheduleRenewal();
          throw error;
        })
        .finally(() => { this.renewing = null; });
    }
    return this.renewing;
  }

  open(url) {
    const socket = new WebSocket(url);
    this.socket = socket;
    const opening = setTimeout(() => socket.readyState === WebSocket.CONNECTING && socket.close(), OPEN_TIMEOUT);
    socket.addEventListener("open", () => clearTimeout(opening));
    let answered = true;
    let beating = null;  // this socket's own heartbeat timer: an old socket's close must not stop a new one's
    const beat = () => {
      if (!answered) { socket.close(4000, "heartbeat unanswered"); return; }
      answered = false;
      socket.send(JSON.stringify({ topic: "aws/heartbeat" }));
    };
    socket.onopen = () => {
      this.subscribeTries = 0;
      socket.send(SUBSCRIBE);
      socket.send(JSON.stringify({ topic: "aws/ping" }));
      beat();
      beating = setInterval(beat, HEARTBEAT_EVERY);
    };
    socket.onmessage = (message) => {
      let frame;
      try { frame = JSON.parse(message.data); } catch { return; }
      if (frame.topic === "aws/heartbeat") answered = true;
      else if (frame.topic === "aws/subscribe" && this.socket === socket) {
        if (frame.content && frame.content.status === "success") {
          this.tries = 0;
          this.subscribeTries = 0;
          this.setStatus("live");
        } else this.subscribeRefused(socket);
      }
    };
    socket.onclose = () => {
      clearInterval(beating);
      if (this.socket !== socket) return;
      this.socket = null;
      if (this.left || this.stopped) return;
      const chat = this.hooks.chat();
      if (chat && !chat.Active) {
        clearTimeout(this.renewal);
        this.setStatus("ended");
        return;
      }
      this.reconnect();
    };
  }

  subscribeRefused(socket) {
    this.subscribeTries += 1;
    if (this.subscribeTries >= MAX_TRIES) {
      this.stop(`subscribe refused ${MAX_TRIES} times`, true);
      return;
    }
    this.setStatus(`subscribing, try ${this.subscribeTries + 1}`);
    this.later(this.subscribeTries, () => this.socket === socket && socket.readyState === WebSocket.OPEN && socket.send(SUBSCRIBE));
  }

  reconnect() {
    this.tries += 1;
    if (this.tries > MAX_TRIES) {
      this.stop(`gave up reconnecting after ${MAX_TRIES} tries`, true);
      return;
    }
    this.setStatus(`reconnecting, try ${this.tries}`);
    this.later(this.tries, () => this.connect().catch(() => this.stopped || this.reconnect()));
  }

  // The next try after a wait, unless the participant left or stopped meanwhile.
  later(tries, action) {
    clearTimeout(this.waiting);
    this.waiting = setTimeout(() => {
      this.waiting = null;
      if (!this.left && !this.stopped) action();
    }, backoff(tries));
  }

  // No more tries; its socket, if any, is closed. `canRetry`: a person may start over (resume).
  stop(why, canRetry) {
    clearTimeout(this.waiting);
    if (!canRetry) clearTimeout(this.renewal);
    this.stopped = { why, canRetry };
    const socket = this.socket;
    this.socket = null;
    if (socket) socket.close(1000, "stopped");
    this.setStatus(`stopped: ${why}`);
  }

  resume() {
    if (!this.stopped || !this.stopped.canRetry) return;
    this.stopped = null;
    this.tries = 0;
    this.reconnect();
  }

  setStatus(status) { this.status = status; this.hooks.changed(); }

  // A call with the ConnectionToken; refused (403), the token is renewed and the call made once more.
  async send(path, body, what) {
    try {
      return await call("POST", path, body, this.connectionToken, what);
    } catch (error) {
      if (error.status !== 403 || (this.stopped && !this.stopped.canRetry)) throw error;
      try {
        await this.renew();
      } catch (renewal) {
        throw new CallError(`${error.message}; ${renewal.message}`, error.status);
      }
      return call("POST", path, body, this.connectionToken, what);
    }
  }

  async leave() {
    this.left = true;
    clearTimeout(this.waiting);
    clearTimeout(this.renewal);
    await this.send("/participant/disconnect", { ClientToken: uuid() }, "DisconnectParticipant");
    if (this.socket) this.socket.close(1000);
    this.setStatus("left");
  }
}

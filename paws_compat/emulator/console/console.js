// The emulator's console: one more client of its public interfaces.
// Watches through GET /_emulator/feed (server-sent events); acts through the control API
// (/_emulator/...) and, for the participants it holds, the Participant Service over REST and the
// websocket, exactly as a chat client does. Tokens stay in this page's memory, never in the DOM,
// storage or the URL bar, and are gone on reload.

import { CallError, Identity, call, uuid } from "./participant.js";

const EVENT = "application/vnd.amazonaws.connect.event.";
const TYPING = EVENT + "typing";
const TYPING_SHOWN = 12000;
const MAX_LOG_ROWS = 300;
const UPLOAD_TIMEOUT = 60000;  // bounded like every wait of the page (participant.js has the others)
const MAX_ITEMS = 1000;  // items the transcript holds, as the feed's first look (the oldest go first)

const $ = (id) => document.getElementById(id);

function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}


const clock = (iso) => (iso ? new Date(iso).toLocaleTimeString([], { hour12: false }) : "");
const clockMs = (iso) => (iso ? clock(iso) + "." + iso.slice(20, 23) : "");
const short = (id) => (id ? id.slice(0, 8) : "");
const roleName = (role) => ({ CUSTOM_BOT: "BOT" })[role] || role || "SYSTEM";

function toast(text, bad = false) {
  const node = h("div", { class: bad ? "toast bad" : "toast", role: "status" }, text);
  $("toasts").append(node);
  setTimeout(() => node.remove(), bad ? 7000 : 3500);
}


const control = (method, path, body) => call(method, "/_emulator" + path, body, null, path);

function report(promise) {
  return promise.catch((error) => { toast(error.message, true); throw error; });
}

// -- state --------------------------------------------------------------------------------------------

const app = {
  hello: null,
  chats: new Map(),            // ContactId -> chat state from the feed
  order: [],                   // ContactIds, newest first
  chatCount: 0,
  selected: null,
  items: new Map(),            // Id -> item, for the selected chat
  nodes: new Map(),            // Id -> {node, time}: what the transcript shows of each item
  newest: "",                  // AbsoluteTime of the newest item shown
  earlier: 0,                  // items of the chat left out (before the first shown)
  typing: new Map(),           // ParticipantId -> {name, until}
  identities: new Map(),       // ParticipantId -> Identity
  customers: new Map(),        // ContactId -> {ParticipantId, ParticipantToken, DisplayName}, chats started here
  feed: null,
  logRows: 0,
};

const identityLabel = (identity) => `${identity.name} (${roleName(identity.role).toLowerCase()})`;
const identitiesOf = (contactId) => [...app.identities.values()].filter((i) => i.contactId === contactId && !i.left);

// -- the feed -------------------------------------------------------------------------------------------

function openFeed() {
  if (app.feed) app.feed.close();
  const url = "/_emulator/feed" + (app.selected ? "?ContactId=" + encodeURIComponent(app.selected) : "");
  const feed = new EventSource(url);
  app.feed = feed;
  const on = (name, handler) => feed.addEventListener(name, (event) => {
    if (app.feed === feed) handler(JSON.parse(event.data));
  });
  on("hello", onHello);
  on("state", onState);
  on("requests", onRequests);
  on("transcript", onTranscript);
  on("item", onItem);
  on("resync", () => openFeed());
  feed.onopen = () => setFeedStatus(true);
  feed.onerror = () => setFeedStatus(false);
}

function setFeedStatus(live) {
  const pill = $("feed-status");
  pill.textContent = live ? "live" : "reconnecting";
  pill.className = "pill " + (live ? "live" : "wait");
}

function onHello(hello) {
  const first = app.hello === null;
  app.hello = hello;
  $("endpoint").textContent = location.origin;
  const banner = $("exposed");
  banner.hidden = !hello.Warning;
  banner.textContent = hello.Warning || "";  // the command's own text, from the feed
  if (!first) return;
  const operations = document.querySelector("#rest-fault [name=operation]");
  for (const name of hello.Operations) operations.append(h("option", { value: name }, name));
  const kinds = document.querySelector("#socket-fault [name=kind]");
  const labels = {
    drop: "drop all sockets now", silent_heartbeat: "silent heartbeats", ping_500: "ping answers 500",
    subscribe_failure: "subscribe fails", refuse_handshake: "refuse handshakes",
  };
  for (const kind of hello.WebsocketFaultKinds) kinds.append(h("option", { value: kind }, labels[kind] || kind));
}

function onState(state) {
  app.chats = new Map(state.Chats.map((chat) => [chat.ContactId, chat]));
  app.order = state.Chats.map((chat) => chat.ContactId);
  app.chatCount = state.ChatCount;
  renderChats();
  renderFaults(state.Faults, state.WebsocketFaults);
  if (app.selected) renderChat();
}

function onTranscript(transcript) {
  if (transcript.ContactId !== app.selected) return;
  app.items = new Map();
  app.typing = new Map();
  for (const item of transcript.Items) app.items.set(item.Id, item);
  renderTranscript(transcript.Earlier);
}

function onItem(item) {
  if (item.ContactId !== app.selected) return;
  if (item.Type === "MESSAGEMETADATA") {
    const message = app.items.get(item.MessageMetadata && item.MessageMetadata.MessageId);
    if (message) {
      mergeReceipts(message, item.MessageMetadata.Receipts || []);
      showItem(message);
    }
  } else if (item.ContentType === TYPING) {
    // The line under the transcript is for others typing; this page's own typing stays a row.
    if (!app.identities.has(item.ParticipantId)) {
      app.typing.set(item.ParticipantId, { name: item.DisplayName, until: Date.now() + TYPING_SHOWN });
    }
    const row = { ...item, Id: "typing:" + item.ParticipantId };
    app.items.set(row.Id, row);
    showItem(row);
  } else {
    app.typing.delete(item.ParticipantId);
    forget("typing:" + item.ParticipantId);
    app.items.set(item.Id, item);
    showItem(item);
  }
}

function mergeReceipts(message, receipts) {
  const metadata = message.MessageMetadata || (message.MessageMetadata = { MessageId: message.Id, Receipts: [] });
  metadata.Receipts = metadata.Receipts || [];
  for (const receipt of receipts) {
    const known = metadata.Receipts.find((r) => r.RecipientParticipantId === receipt.RecipientParticipantId);
    if (known) Object.assign(known, receipt); else metadata.Receipts.push({ ...receipt });
  }
}

function onRequests(batch) {
  const body = $("request-log");
  if (batch.Reset) { body.replaceChildren(); app.logRows = 0; }
  for (const entry of batch.Requests) {
    const status = entry.status;
    const row = h("tr", { class: (batch.Reset ? "" : "fresh ") + (status >= 400 ? "failed" : ""), title: `${entry.method} ${entry.path}  request ${entry.request_id || "-"}`,
      "data-contact-id": entry.contact_id || "" },
      h("td", { class: "time" }, clockMs(entry.time)),
      h("td", { class: "op" }, entry.operation),
      h("td", { class: `status s${String(status)[0]}` }, status),
      h("td", { class: "mono" }, entry.bearer || "-"));
    row.hidden = !logShows(row);
    body.prepend(row);
    app.logRows += 1;
  }
  while (app.logRows > MAX_LOG_ROWS) { body.lastChild.remove(); app.logRows -= 1; }
}

// With "this chat" ticked, the log shows the selected chat's calls only (each entry names its chat).
function logShows(row) {
  return !$("log-this-chat").checked || !app.selected || row.dataset.contactId === app.selected;
}

function filterLog() {
  for (const row of $("request-log").children) row.hidden = !logShows(row);
}

// -- rendering ------------------------------------------------------------------------------------------

function customerOf(chat) {
  const customer = chat.Participants.find((p) => p.ParticipantRole === "CUSTOMER");
  return customer ? customer.DisplayName : "chat";
}

function renderChats() {
  const showEnded = $("show-ended").checked;
  const list = $("chat-list");
  const shown = app.order.map((id) => app.chats.get(id)).filter((chat) => showEnded || chat.Active || chat.ContactId === app.selected);
  $("chat-count").textContent = String(app.chatCount);
  list.replaceChildren(...shown.map((chat) => {
    const sockets = chat.Participants.reduce((n, p) => n + p.Sockets, 0);
    const live = chat.Participants.filter((p) => p.Active && p.Subscribed > 0).length;
    const active = chat.Participants.filter((p) => p.Active).length;
    return h("li", {
      class: [chat.Active ? "" : "ended", chat.ContactId === app.selected ? "selected" : ""].join(" "),
      "data-contact-id": chat.ContactId, onclick: () => select(chat.ContactId),
    },
    h("div", { class: "who" }, h("span", { class: "dot " + (!chat.Active ? "" : live === active && live ? "on" : live ? "half" : "") }),
      customerOf(chat), h("code", { class: "hint" }, short(chat.ContactId))),
    h("div", { class: "meta" },
      h("span", {}, clock(chat.Started)),
      h("span", {}, `${active} ${active === 1 ? "person" : "people"}`),
      h("span", {}, `${sockets} socket${sockets === 1 ? "" : "s"}`),
      h("span", {}, `${chat.ItemCount} items`),
      chat.Active ? null : h("span", {}, "ended")));
  }));
}

function renderChat() {
  const chat = app.chats.get(app.selected);
  $("no-chat").hidden = true;
  $("chat-view").hidden = false;
  if (!chat) {
    $("chat-title").textContent = "chat not found";
    $("chat-id").textContent = app.selected;
    $("participants").replaceChildren();
    return;
  }
  $("chat-title").textContent = customerOf(chat);
  $("chat-id").textContent = chat.ContactId;
  const badge = $("chat-state");
  badge.textContent = chat.Active ? "active" : `ended · ${chat.DisconnectReason || ""}`;
  badge.className = "badge " + (chat.Active ? "active" : "ended");
  $("end-chat").disabled = !chat.Active;
  $("drop-chat-sockets").disabled = !chat.Active;
  $("join").hidden = !chat.Active;
  const mark = (on) => h("span", { class: "dot " + (on ? "on" : "") });
  $("participants").replaceChildren(...chat.Participants.map((p) => h("tr", { "data-participant-id": p.ParticipantId },
    h("td", {}, h("span", { class: "role " + p.ParticipantRole }, roleName(p.ParticipantRole))),
    h("td", {}, p.DisplayName, app.identities.has(p.ParticipantId) ? h("span", { class: "you" }, "this console") : null,
      p.Active ? null : h("span", { class: "hint" }, " · left")),
    h("td", {}, mark(p.Connected), p.Connected ? " yes" : " no"),
    h("td", { class: "num" }, p.Sockets),
    h("td", { class: "num" }, p.Subscribed),
    h("td", {}, p.Sockets ? h("button", {
      class: "small", title: "cut this participant's websockets now",
      onclick: () => report(control("POST", "/sockets/drop", { ContactId: chat.ContactId, ParticipantId: p.ParticipantId }))
        .then((a) => toast(`dropped ${a.Dropped} socket(s) of ${p.DisplayName}`)).catch(() => {}),
    }, "drop") : null))));
  renderJoinRoles(chat);
  renderSpeak();
}

function renderJoinRoles(chat) {
  const select = document.querySelector("#join [name=role]");
  const started = app.customers.get(chat.ContactId);
  const heldCustomer = started && app.identities.has(started.ParticipantId);
  const existing = select.querySelector("option[value=CUSTOMER]");
  if (started && !heldCustomer && !existing) {
    select.append(h("option", { value: "CUSTOMER" }, `customer (${started.DisplayName}, started here)`));
  } else if ((!started || heldCustomer) && existing) existing.remove();
}

// A participant that stopped for good says why, from what the feed shows now of its chat (the feed
// may tell the chat ended or the participant left a moment after the 403 that stopped it).
function statusOf(identity) {
  const stopped = identity.stopped;
  if (!stopped || stopped.canRetry) return identity.status;
  const chat = app.chats.get(identity.contactId);
  const seen = chat && chat.Participants.find((p) => p.ParticipantId === identity.participantId);
  if (chat && !chat.Active) return `stopped: the chat ended${chat.DisconnectReason ? ` (${chat.DisconnectReason})` : ""}`;
  if (seen && !seen.Active) return `stopped: ${identity.name} was disconnected, not by this console`;
  return `stopped: ${stopped.why}`;
}

function renderSpeak() {
  const mine = app.selected ? identitiesOf(app.selected) : [];
  const chat = app.chats.get(app.selected);
  $("speak").hidden = mine.length === 0 || Boolean(chat && !chat.Active);  // an ended chat takes nothing more
  const select = $("identity");
  const chosen = select.value;
  select.replaceChildren(...mine.map((i) => h("option", { value: i.participantId }, `${identityLabel(i)} · ${statusOf(i)}`)));
  if (mine.some((i) => i.participantId === chosen)) select.value = chosen;
  const shown = app.identities.get(select.value);
  $("reconnect").hidden = !(shown && shown.stopped && shown.stopped.canRetry);
}

function fileSize(bytes) {
  if (bytes === undefined) return "";
  return bytes < 1024 ? `${bytes} B` : bytes < 1048576 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1048576).toFixed(1)} MiB`;
}

function describeEvent(item) {
  const who = item.DisplayName || "";
  const kind = (item.ContentType || "").startsWith(EVENT) ? item.ContentType.slice(EVENT.length) : item.ContentType;
  const words = {
    "participant.joined": `${who} joined`, "participant.left": `${who} left`, "chat.ended": "chat ended",
    "participant.idle": `${who} is idle`, "participant.returned": `${who} returned`,
    "transfer.succeeded": "transfer succeeded", "transfer.failed": "transfer failed", typing: `${who} typing`,
  };
  return words[kind] || `${who} ${kind}`.trim();
}

function renderReceipts(item) {
  const receipts = (item.MessageMetadata && item.MessageMetadata.Receipts) || [];
  if (!receipts.length) return null;
  const name = (pid) => {
    const chat = app.chats.get(app.selected);
    const p = chat && chat.Participants.find((x) => x.ParticipantId === pid);
    return p ? p.DisplayName : short(pid);
  };
  return h("div", { class: "receipts" }, ...receipts.map((r, index) => h("span", { class: r.ReadTimestamp ? "read" : "" },
    index ? " · " : "", r.ReadTimestamp ? "\u2713\u2713 read by " : "\u2713 delivered to ", name(r.RecipientParticipantId))));
}

// Drawn, not an emoji: a machine without an emoji font (headless, a bare Linux) shows a box instead.
function paperclip() {
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", "0 0 16 16");
  svg.setAttribute("class", "clip");
  svg.setAttribute("aria-hidden", "true");
  const path = document.createElementNS("http://www.w3.org/2000/svg", "path");
  path.setAttribute("d", "M10.5 4.5v6a2.5 2.5 0 0 1-5 0V4a1.75 1.75 0 0 1 3.5 0v6a1 1 0 0 1-2 0V5");
  svg.append(path);
  return svg;
}

function renderItem(item) {
  const role = item.ParticipantRole || "SYSTEM";
  if (item.Type === "EVENT") {
    const kind = item.ContentType === TYPING ? "typing-row" : item.ContentType === EVENT + "chat.ended" ? "ended" : "";
    return h("div", { class: "event " + kind, title: `${item.ContentType} · ${item.AbsoluteTime}` },
      describeEvent(item), " · ", clock(item.AbsoluteTime));
  }
  const mine = app.identities.has(item.ParticipantId);
  const head = h("div", { class: "head" }, h("span", { class: "role " + role }, roleName(role)),
    item.DisplayName || "", h("span", {}, clock(item.AbsoluteTime)));
  let body;
  if (item.Type === "ATTACHMENT") {
    body = (item.Attachments || []).map((a) => h("div", { class: "attachment" }, paperclip(),
      h("a", { href: "#", "data-attachment-id": a.AttachmentId, onclick: (event) => { event.preventDefault(); download(a); } }, a.AttachmentName),
      h("span", { class: "size" }, `${a.ContentType} · ${a.Status || ""}`)));
  } else if (item.ContentType === "application/json" || (item.ContentType || "").includes("interactive")) {
    let text = item.Content;
    try { text = JSON.stringify(JSON.parse(item.Content), null, 2); } catch { /* shown as sent */ }
    body = h("pre", {}, text);
  } else {
    body = item.Content;
  }
  return h("div", { class: `msg ${role}${mine ? " mine" : ""}`, "data-item-id": item.Id, title: `${item.ContentType} · ${item.Id}` },
    head, h("div", { class: "bubble" }, body), renderReceipts(item));
}

const byTime = (a, b) => (a.AbsoluteTime < b.AbsoluteTime ? -1 : a.AbsoluteTime > b.AbsoluteTime ? 1 : 0);
const nearBottom = (box) => box.scrollHeight - box.scrollTop - box.clientHeight < 80;

// The whole transcript again: on a first look, and when an item lands out of order.
function renderTranscript(earlier) {
  if (earlier !== undefined) app.earlier = earlier;
  const box = $("transcript");
  const follow = nearBottom(box) || earlier !== undefined;
  const items = [...app.items.values()].sort(byTime);
  app.nodes = new Map();
  const rows = items.map((item) => {
    const node = renderItem(item);
    app.nodes.set(item.Id, { node, time: item.AbsoluteTime });
    return node;
  });
  app.newest = items.length ? items[items.length - 1].AbsoluteTime : "";
  if (app.earlier) rows.unshift(h("div", { class: "event earlier" }, `${app.earlier} earlier items not shown`));
  box.replaceChildren(...rows);
  if (follow) box.scrollTop = box.scrollHeight;
  renderTyping();
}

// One item new or changed, as it arrives: redrawn in its place, or added at the end when it is the
// newest (the usual case), so a long chat costs one node per item, not the whole list.
function showItem(item) {
  const box = $("transcript");
  const follow = nearBottom(box);
  const known = app.nodes.get(item.Id);
  if (known && known.time !== item.AbsoluteTime) forget(item.Id, true);  // a typing row moves on
  const shown = app.nodes.get(item.Id);
  const node = renderItem(item);
  if (shown) shown.node.replaceWith(node);
  else if ((item.AbsoluteTime || "") >= app.newest) {
    box.append(node);
    app.newest = item.AbsoluteTime || app.newest;
  } else {
    trim();
    renderTranscript();
    return;
  }
  app.nodes.set(item.Id, { node, time: item.AbsoluteTime });
  if (trim()) renderTranscript();
  else if (follow) scrollDown(box);
  renderTyping();
}

// Once per frame however many items came: reading the height lays the whole transcript out.
let scrolling = false;
function scrollDown(box) {
  if (scrolling) return;
  scrolling = true;
  requestAnimationFrame(() => {
    scrolling = false;
    box.scrollTop = box.scrollHeight;
  });
}

function forget(id, keepItem = false) {
  if (!keepItem) app.items.delete(id);
  const shown = app.nodes.get(id);
  if (shown) {
    shown.node.remove();
    app.nodes.delete(id);
  }
}

// Past MAX_ITEMS the oldest tenth goes (counted as earlier items); true when something went.
function trim() {
  if (app.items.size <= MAX_ITEMS) return false;
  const oldest = [...app.items.values()].sort(byTime).slice(0, app.items.size - MAX_ITEMS + MAX_ITEMS / 10);
  for (const item of oldest) app.items.delete(item.Id);
  app.earlier += oldest.filter((item) => !String(item.Id).startsWith("typing:")).length;
  return true;
}

function renderTyping() {
  const now = Date.now();
  const names = [...app.typing.values()].filter((t) => t.until > now).map((t) => t.name);
  $("typing").textContent = names.length ? `${names.join(", ")} ${names.length === 1 ? "is" : "are"} typing\u2026` : "";
}
setInterval(renderTyping, 1000);

function renderFaults(rules, sockets) {
  const list = $("fault-list");
  const clear = (path, what) => h("button", {
    class: "small", type: "button", title: `clear this fault alone (${what})`,
    onclick: () => report(control("DELETE", path)).catch(() => {}),
  }, "clear");
  const rows = rules.map((f) => {
    const what = f.drop ? "drop connection" : f.rate ? `throttle > ${f.rate}/s` : f.status === null ? `delay ${f.delay}s`
      : `${f.status}${f.non_json ? " html page" : ""}${f.error_type ? " " + f.error_type : ""}${f.delay ? ` after ${f.delay}s` : ""}`;
    return h("li", { "data-fault-id": f.id }, h("span", {}, h("b", {}, f.operation || "any operation"), " \u2192 ", what),
      h("span", { class: "left" }, `${f.count === null ? "until cleared" : f.count + " left"} · fired ${f.fired}`,
        clear(`/faults/${f.id}`, what)));
  });
  for (const [kind, left] of Object.entries(sockets)) {
    rows.push(h("li", { "data-socket-fault": kind }, h("span", {}, h("b", {}, "websocket"), " \u2192 ", kind.replace(/_/g, " ")),
      h("span", { class: "left" }, left < 0 ? "until cleared" : `${left} left`,
        clear(`/faults/websocket/${encodeURIComponent(kind)}`, kind))));
  }
  if (!rows.length) rows.push(h("li", { class: "none" }, "No faults armed: every call answers normally."));
  list.replaceChildren(...rows);
}

// -- actions --------------------------------------------------------------------------------------------

function select(contactId) {
  if (app.selected === contactId) return;
  app.selected = contactId;
  app.items = new Map();
  app.typing = new Map();
  app.earlier = 0;
  renderChats();
  renderChat();
  renderTranscript();
  filterLog();
  openFeed();
}

function chosenIdentity() {
  const identity = app.identities.get($("identity").value);
  if (!identity) throw new CallError("join the chat first");
  if (identity.stopped && !identity.stopped.canRetry) throw new CallError(`${identityLabel(identity)} ${statusOf(identity)}`);
  return identity;
}

function newestFromOthers(identity) {
  const items = [...app.items.values()].filter((i) => i.Type === "MESSAGE" && i.ParticipantId !== identity.participantId);
  items.sort((a, b) => (a.AbsoluteTime < b.AbsoluteTime ? -1 : 1));
  return items[items.length - 1];
}

async function join(role, name) {
  const contactId = app.selected;
  const hooks = { chat: () => app.chats.get(contactId), changed: renderSpeak };
  let identity;
  if (role === "CUSTOMER") {
    const started = app.customers.get(contactId);
    identity = new Identity(contactId, started.ParticipantId, "CUSTOMER", started.DisplayName, started.ParticipantToken, hooks);
  } else {
    const added = await control("POST", `/chats/${encodeURIComponent(contactId)}/participants`, { ParticipantRole: role, DisplayName: name });
    identity = new Identity(contactId, added.ParticipantId, role, name, added.ParticipantToken, hooks);
  }
  app.identities.set(identity.participantId, identity);
  await identity.connect();
  renderChat();
  $("identity").value = identity.participantId;
  $("message").focus();
}

async function upload(file) {
  const identity = chosenIdentity();
  const clientToken = uuid();
  const started = await identity.send("/participant/start-attachment-upload", {
    ContentType: file.type || "application/octet-stream", AttachmentName: file.name,
    AttachmentSizeInBytes: file.size, ClientToken: clientToken,
  }, "StartAttachmentUpload");
  let put;
  try {
    put = await fetch(started.UploadMetadata.Url, {
      method: "PUT", headers: started.UploadMetadata.HeadersToInclude, body: file, signal: AbortSignal.timeout(UPLOAD_TIMEOUT),
    });
  } catch (error) {
    throw new CallError(`upload of ${file.name}: ${error.name === "TimeoutError" ? `no answer in ${UPLOAD_TIMEOUT / 1000} s` : error.message}`);
  }
  if (!put.ok) throw new CallError(`upload of ${file.name}: HTTP ${put.status}`);
  await identity.send("/participant/complete-attachment-upload", { AttachmentIds: [started.AttachmentId], ClientToken: uuid() },
    "CompleteAttachmentUpload");
  toast(`${file.name} sent`);
}

async function download(attachment) {
  const identity = identitiesOf(app.selected)[0];
  if (!identity) { toast("Join the chat to download: GetAttachment needs a participant's ConnectionToken", true); return; }
  const chosen = app.identities.get($("identity").value) || identity;
  const answer = await report(chosen.send("/participant/attachment", { AttachmentId: attachment.AttachmentId, UrlExpiryInSeconds: 60 }, "GetAttachment"));
  const link = h("a", { href: answer.Url, download: attachment.AttachmentName });
  document.body.append(link);
  link.click();
  link.remove();
}

function restFault(form) {
  const value = (name) => form.elements[name].value.trim();
  const kind = value("kind");
  const body = { operation: value("operation") || null };
  const count = value("count") === "" ? null : Number(value("count"));
  if (kind === "status") {
    Object.assign(body, { status: Number(value("status")), count });
    if (value("error_type")) body.error_type = value("error_type");
    if (value("message")) body.message = value("message");
    if (Number(value("delay"))) body.delay = Number(value("delay"));
  } else if (kind === "delay") Object.assign(body, { status: null, delay: Number(value("delay")), count });
  else if (kind === "drop") Object.assign(body, { drop: true, count });
  else if (kind === "non_json") Object.assign(body, { status: Number(value("status")), non_json: true, count });
  else if (kind === "rate") Object.assign(body, { rate: Number(value("rate")), count: null });
  return body;
}

function showFaultFields() {
  const form = $("rest-fault");
  const kind = form.elements.kind.value;
  for (const label of form.querySelectorAll("label[data-for]")) label.hidden = !label.dataset.for.split(" ").includes(kind);
}

function wire() {
  $("start-chat").addEventListener("submit", (event) => {
    event.preventDefault();
    const name = event.target.elements.DisplayName.value.trim() || "Customer";
    report(control("POST", "/chats", { DisplayName: name })).then((answer) => {
      app.customers.set(answer.ContactId, { ParticipantId: answer.ParticipantId, ParticipantToken: answer.ParticipantToken, DisplayName: name });
      select(answer.ContactId);
      toast(`chat started for ${name}: join as the customer, an agent or a bot`);
    }).catch(() => {});
  });
  $("show-ended").addEventListener("change", renderChats);
  $("log-this-chat").addEventListener("change", filterLog);
  $("join").addEventListener("submit", (event) => {
    event.preventDefault();
    const form = event.target;
    report(join(form.elements.role.value, form.elements.name.value.trim() || "Console agent")).catch(() => {});
  });
  $("send").addEventListener("submit", (event) => {
    event.preventDefault();
    const input = $("message");
    const content = input.value;
    if (!content.trim()) return;
    const send = async () => {
      const identity = chosenIdentity();
      await identity.send("/participant/message", { ContentType: $("content-type").value, Content: content, ClientToken: uuid() }, "SendMessage");
      if (input.value === content) input.value = "";
    };
    report(send()).catch(() => {});
  });
  $("send-typing").addEventListener("click", () =>
    report(Promise.resolve().then(() => chosenIdentity().send("/participant/event", { ContentType: TYPING, ClientToken: uuid() }, "SendEvent"))).catch(() => {}));
  for (const [id, kind] of [["send-delivered", "delivered"], ["send-read", "read"]]) {
    $(id).addEventListener("click", () => report(Promise.resolve().then(() => {
      const identity = chosenIdentity();
      const message = newestFromOthers(identity);
      if (!message) throw new CallError(`no message from anyone else to mark ${kind}`);
      return identity.send("/participant/event", { ContentType: `${EVENT}message.${kind}`, Content: JSON.stringify({ messageId: message.Id }), ClientToken: uuid() }, "SendEvent");
    })).catch(() => {}));
  }
  $("upload").addEventListener("change", (event) => {
    const file = event.target.files[0];
    event.target.value = "";
    if (file) report(upload(file)).catch(() => {});
  });
  $("identity").addEventListener("change", renderSpeak);
  $("reconnect").addEventListener("click", () => report(Promise.resolve().then(() => chosenIdentity().resume())).catch(() => {}));
  $("leave").addEventListener("click", () => report(Promise.resolve().then(() => chosenIdentity().leave())).catch(() => {}));
  $("end-chat").addEventListener("click", () =>
    report(control("POST", `/chats/${encodeURIComponent(app.selected)}/stop`, { Reason: "API" })).catch(() => {}));
  $("drop-chat-sockets").addEventListener("click", () =>
    report(control("POST", "/sockets/drop", { ContactId: app.selected })).then((a) => toast(`dropped ${a.Dropped} socket(s)`)).catch(() => {}));
  $("rest-fault").addEventListener("change", (event) => { if (event.target.name === "kind") showFaultFields(); });
  $("rest-fault").addEventListener("submit", (event) => {
    event.preventDefault();
    report(control("POST", "/faults", restFault(event.target))).catch(() => {});
  });
  $("socket-fault").addEventListener("submit", (event) => {
    event.preventDefault();
    const form = event.target;
    const count = form.elements.count.value.trim() === "" ? -1 : Number(form.elements.count.value);
    report(control("POST", "/faults/websocket", { kind: form.elements.kind.value, count }))
      .then(() => form.elements.kind.value === "drop" && toast("dropped every websocket")).catch(() => {});
  });
  $("clear-faults").addEventListener("click", () => report(control("DELETE", "/faults")).catch(() => {}));
  $("clear-requests").addEventListener("click", () => report(control("DELETE", "/requests")).then(() => {
    $("request-log").replaceChildren();
    app.logRows = 0;
  }).catch(() => {}));
  showFaultFields();
}

wire();
openFeed();

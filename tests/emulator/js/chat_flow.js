// One customer's whole chat through the official amazon-connect-chatjs, against the emulator.
// Runs in Node (required after the bundle) and in a page (a script tag after the bundle); the
// Python test plays the agent and checks what the emulator saw. Every wait is bounded.
(function (root) {
  "use strict";
  const EVENT = "application/vnd.amazonaws.connect.event.";
  const WAIT_MS = 10000;

  function waitFor(what, test, seen) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error("timed out waiting for " + what + "; seen " + JSON.stringify(seen()))),
        WAIT_MS,
      );
      test((value) => { clearTimeout(timer); resolve(value); });
    });
  }

  async function runChatFlow(connect, args) {
    const steps = [];
    connect.ChatSession.setGlobalConfig({
      region: "us-east-1",
      endpoint: args.endpoint,
      loggerConfig: { level: connect.LogLevel ? connect.LogLevel.ERROR : undefined },
    });
    const session = connect.ChatSession.create({
      chatDetails: {
        ContactId: args.contactId,
        ParticipantId: args.participantId,
        ParticipantToken: args.participantToken,
      },
      options: { region: "us-east-1", endpoint: args.endpoint },
      type: connect.ChatSession.SessionTypes.CUSTOMER,
      disableCSM: true, // client-side metrics load a script from AWS
    });
    const messages = [];
    const sentIds = [];
    const typing = [];
    let ended = null;
    const waiters = [];
    const wake = () => waiters.splice(0).forEach((w) => w());
    session.onMessage((event) => { messages.push(event.data); wake(); });
    session.onTyping((event) => { typing.push(event.data); wake(); });
    session.onEnded((event) => { ended = event.data || {}; wake(); });
    let established = false;
    session.onConnectionEstablished(() => { established = true; wake(); });
    const until = (what, condition) =>
      waitFor(what, (done) => {
        const check = () => (condition() ? done(condition()) : waiters.push(check));
        check();
      }, () => messages.map((m) => [m.Type, m.ContentType, m.Content, m.Id]).concat([["sent", sentIds]]));

    const connected = await session.connect();
    // connect() resolves with the REST grant; items flow once the socket is subscribed.
    await until("the websocket subscribed", () => established);
    steps.push(["connect", Boolean(connected && connected.connectCalled !== false)]);

    // The agent (the Python test) starts typing once this socket is subscribed: items reach only
    // subscribed sockets, and onConnectionEstablished may come before the subscription's ack.
    await until("the agent typing on the socket", () => typing.length > 0);
    steps.push(["typing", [typing[0].ContentType, typing[0].ParticipantRole]]);
    await session.sendEvent({ contentType: EVENT + "typing" });

    const sent = await session.sendMessage({ contentType: "text/plain", message: args.text });
    const sentId = sent.data.Id;
    sentIds.push(sentId);
    const echoed = await until("own message on the socket", () =>
      messages.find((m) => m.Id === sentId));
    steps.push(["message", echoed.Content]);

    const page = await session.getTranscript({ scanDirection: "BACKWARD", sortOrder: "ASCENDING", maxResults: 50 });
    const transcript = page.data.Transcript;
    const agent = transcript.find((item) => item.Type === "MESSAGE" && item.ParticipantRole === "AGENT");
    steps.push(["transcript", transcript.filter((i) => i.Type === "MESSAGE").map((i) => i.Content)]);

    try {
      await session.getTranscript({ scanDirection: "FORWARD", sortOrder: "ASCENDING", maxResults: 50 });
      steps.push(["forward-without-start", "accepted"]);
    } catch (error) {
      steps.push(["forward-without-start", (error && (error.type || error.name)) || String(error)]);
    }

    await session.sendEvent({
      contentType: EVENT + "message.read",
      content: JSON.stringify({ messageId: agent.Id }),
    });
    steps.push(["receipt", agent.Id]);

    const file = new File([args.attachment], "note.txt", { type: "text/plain" });
    await session.sendAttachment({ attachment: file });
    const attached = await until("attachment item", () => messages.find((m) => m.Type === "ATTACHMENT"));
    const attachmentId = attached.Attachments[0].AttachmentId;
    const blob = await session.downloadAttachment({ attachmentId });
    steps.push(["attachment", await blob.text()]);

    await session.disconnectParticipant();
    await until("chat ended", () => ended);
    // The service's own chat.ended reaches onMessage with its Id before onEnded fires; chatjs's
    // stand-in (made when the socket closes first) has an empty Id.
    const endedItem = messages.find((m) => m.ContentType === EVENT + "chat.ended");
    steps.push(["ended", endedItem && endedItem.Id ? endedItem.ContentType : "stand-in"]);
    return steps;
  }

  if (typeof module !== "undefined" && module.exports) {
    module.exports = { runChatFlow };
  } else {
    root.runChatFlow = runChatFlow;
  }
})(typeof globalThis !== "undefined" ? globalThis : this);

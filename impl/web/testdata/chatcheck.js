// Drives the chat page's script (chat.js, argv[2]) through a minimal fake DOM against a real
// server (argv[3], with the world token argv[4]), as a user would: the account lists fill, user
// 10002 sends bot 10001 a message, and the bot's answer must appear in the log; first, without
// a required token, nothing is called. Prints "SENT" once the message is sent (the Go test then
// makes the bot answer) and "GOT <log>" when the answer is shown; exits 1 with a reason otherwise.
"use strict";
const { createChat, mount } = require(process.argv[2]);
const [base, token] = [process.argv[3], process.argv[4] || ""];

class El {
  constructor(tag) { this.tag = tag; this.children = []; this.listeners = {}; this.value = ""; this.own = ""; this.className = ""; }
  appendChild(c) {
    this.children.push(c);
    if (this.tag === "select" && this.value === "" && c.tag === "option") this.value = c.value; // as a browser selects the first option
    return c;
  }
  addEventListener(type, f) { (this.listeners[type] = this.listeners[type] || []).push(f); }
  async dispatch(type) { for (const f of this.listeners[type] || []) await f({ preventDefault() {} }); }
  get textContent() { return this.own + this.children.map((c) => c.textContent).join(""); }
  set textContent(v) { this.own = v; this.children = []; if (this.tag === "select") this.value = ""; }
}
function fakePage() {
  const els = {};
  for (const [id, tag] of Object.entries({ as: "select", bot: "select", group: "input", log: "div", text: "input", form: "form", status: "p", token: "input" })) {
    els[id] = new El(tag);
  }
  const doc = {
    getElementById: (id) => els[id],
    createElement: (tag) => new El(tag),
    createTextNode: (text) => ({ tag: "#text", textContent: text }),
  };
  return { els, doc };
}
const { els, doc } = fakePage();
const fail = (why) => { console.log("FAIL " + why); process.exit(1); };

(async () => {
  // While a required token is missing the page asks for it and calls nothing (no 401).
  {
    const blank = fakePage();
    const calls = [];
    const chat = createChat({ base: base + "/_world/", fetch: (url) => { calls.push(url); return fetch(url); }, token: () => "" });
    await mount(blank.doc, chat, { ready: () => false }).load();
    if (calls.length || !blank.els.status.textContent.includes("world token")) fail(`without the token: calls ${calls}, status ${blank.els.status.textContent}`);
  }
  const chat = createChat({ base: base + "/_world/", fetch, token: () => token });
  const page = mount(doc, chat, { waitMillis: 2000 });
  await page.load();
  if (els.status.textContent !== "") fail("status after load: " + els.status.textContent);
  const users = els.as.children.map((o) => o.value), bots = els.bot.children.map((o) => o.value);
  if (!users.includes("10002") || !bots.includes("10001") || users.includes("10001")) fail(`accounts: users ${users}, bots ${bots}`);
  els.as.value = "10002";
  els.bot.value = "10001";
  await els.as.dispatch("change");
  els.text.value = "ping from the chat page";
  await els.form.dispatch("submit");
  if (els.status.textContent !== "" || !els.log.textContent.includes("10002: ping from the chat page") || els.text.value !== "") {
    fail(`after sending: status ${els.status.textContent}, log ${els.log.textContent}`);
  }
  console.log("SENT");
  for (let i = 0; i < 200; i++) {
    if (els.log.textContent.includes("bot 10001: pong")) {
      console.log("GOT " + els.log.textContent);
      process.exit(0);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  fail(`no answer in the log: ${els.log.textContent} (status ${els.status.textContent})`);
})().catch((e) => fail(e.stack || e));

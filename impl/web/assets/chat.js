// The chat page of the onespec reference server: talk to a bot of the world as one of its
// simulated users, through the world control API (send_message, then wait_sent for the bot's
// answers). Plain script, no library; it calls only this server. In Node it exports createChat
// and mount, which impl/chat_test.go drives against a real server.
"use strict";
(function (global) {
  // createChat returns the calls the page makes. opts: base (the world control API's URL,
  // ending in "/"), fetch, token (a function returning the world token, "" for none).
  function createChat(opts) {
    async function call(op, params) {
      const headers = { "Content-Type": "application/json" };
      const token = opts.token ? opts.token() : "";
      if (token) headers.Authorization = "Bearer " + token;
      const res = await opts.fetch(opts.base + op, { method: "POST", headers: headers, body: JSON.stringify(params) });
      let reply;
      try {
        reply = await res.json();
      } catch (e) {
        throw new Error(op + ": HTTP " + res.status);
      }
      if (reply.status !== "ok") {
        throw new Error(op + ": retcode " + reply.retcode + " " + (reply.message || reply.wording || ""));
      }
      return reply.data;
    }
    return {
      call: call,
      accounts: function () { return call("list_accounts", {}); },
      // c is a conversation: {user, bot, group}; group 0 is a private chat with the bot.
      send: function (c, text) {
        const p = { user_id: c.user, message: text };
        if (c.group) p.group_id = c.group; else p.target_id = c.bot;
        return call("send_message", p);
      },
      replies: function (c, afterID, timeout) {
        const p = { self_id: c.bot, after_id: afterID, timeout: timeout };
        if (c.group) p.group_id = c.group; else p.user_id = c.user;
        return call("wait_sent", p);
      },
    };
  }

  // mount wires the page's elements (by id: as, bot, group, log, text, form, status) to chat,
  // once, and returns load, which fills the account lists (again after the token changes). The
  // bot's answers are shown from the first message sent in a conversation on; changing the
  // conversation starts over.
  function mount(doc, chat, opts) {
    opts = opts || {};
    const el = function (id) { return doc.getElementById(id); };
    const wait = opts.waitMillis || 25000;
    let generation = 0;
    let lastID = null;

    function line(who, text, kind) {
      const p = doc.createElement("p");
      p.className = kind;
      const b = doc.createElement("b");
      b.textContent = who + ": ";
      p.appendChild(b);
      p.appendChild(doc.createTextNode(text));
      el("log").appendChild(p);
    }
    function status(text) { el("status").textContent = text; }
    function conversation() {
      return { user: Number(el("as").value), bot: Number(el("bot").value), group: Number(el("group").value || 0) };
    }
    function restart() {
      generation++;
      lastID = null;
      el("log").textContent = "";
    }
    async function poll(gen) {
      while (gen === generation) {
        const c = conversation();
        try {
          const msgs = await chat.replies(c, lastID, wait);
          if (gen !== generation) return;
          for (const m of msgs || []) {
            lastID = Math.max(lastID, m.message_id);
            line("bot " + m.self_id, m.raw_message, "bot");
          }
        } catch (e) {
          status(String(e.message || e));
          await new Promise(function (r) { setTimeout(r, 3000); });
        }
      }
    }

    async function load() {
      el("as").textContent = "";
      el("bot").textContent = "";
      restart();
      try {
        const accounts = await chat.accounts();
        for (const a of accounts) {
          const o = doc.createElement("option");
          o.value = String(a.user_id);
          o.textContent = a.user_id + " " + a.nickname;
          el(a.bot ? "bot" : "as").appendChild(o);
        }
        status("");
      } catch (e) {
        status(String(e.message || e) + " (world token? 需要 world token？)");
      }
    }

    ["as", "bot", "group"].forEach(function (id) { el(id).addEventListener("change", restart); });
    el("form").addEventListener("submit", async function (ev) {
      ev.preventDefault();
      const text = el("text").value;
      if (!text) return;
      const c = conversation();
      try {
        const sent = await chat.send(c, text);
        el("text").value = "";
        line(String(c.user), text, "me");
        status("");
        if (lastID === null) {
          lastID = sent.message_id;
          poll(generation);
        } else {
          lastID = Math.max(lastID, sent.message_id);
        }
      } catch (e) {
        status(String(e.message || e));
      }
    });
    return { load: load };
  }

  if (typeof module !== "undefined" && module.exports) {
    module.exports = { createChat: createChat, mount: mount };
  } else {
    global.addEventListener("DOMContentLoaded", function () {
      const doc = global.document;
      const chat = createChat({
        base: doc.body.getAttribute("data-world"),
        fetch: global.fetch.bind(global),
        token: function () { return doc.getElementById("token").value; },
      });
      const page = mount(doc, chat);
      doc.getElementById("token").addEventListener("change", page.load);
      page.load();
    });
  }
})(typeof window !== "undefined" ? window : globalThis);

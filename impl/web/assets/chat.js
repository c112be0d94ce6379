// The chat page of the onespec reference server: talk to a bot of the world as one of its
// simulated users, through the world control API (send_message, poke, recall_message,
// mute_member, remove_member, then wait_sent for the bot's answers), and watch the world as the
// bot sees it (its OneBot API: get_group_member_list, get_friend_list). Plain script, no
// library; it calls only this server. In Node it exports createChat and mount, which
// impl/chat_test.go drives against a real server.
"use strict";
(function (global) {
  // maxImageBytes bounds an image sent from the page: it travels base64-encoded in one request.
  const maxImageBytes = 5 << 20;

  // createChat returns the calls the page makes. opts: base (the world control API's URL,
  // ending in "/"), botBase (a function of a bot's id returning its OneBot API's URL, ending in
  // "/"; absent: no world panel), fetch, token and accessToken (functions returning the world
  // token and the OneBot access token, "" for none).
  function createChat(opts) {
    async function post(url, token, op, params) {
      const headers = { "Content-Type": "application/json" };
      if (token) headers.Authorization = "Bearer " + token;
      const res = await opts.fetch(url, { method: "POST", headers: headers, body: JSON.stringify(params) });
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
    function call(op, params) { return post(opts.base + op, opts.token ? opts.token() : "", op, params); }
    function botCall(bot, op, params) {
      return post(opts.botBase(bot) + op, opts.accessToken ? opts.accessToken() : "", op, params);
    }
    // where adds a conversation's target to p: the group, or the bot in private.
    function where(c, p) {
      if (c.group) p.group_id = c.group; else p.target_id = c.bot;
      return p;
    }
    return {
      call: call,
      hasWorldPanel: !!opts.botBase,
      accounts: function () { return call("list_accounts", {}); },
      // c is a conversation: {user, bot, group}; group 0 is a private chat with the bot.
      // message is a string (CQ codes allowed) or an array of segments.
      send: function (c, message) { return call("send_message", where(c, { user_id: c.user, message: message })); },
      poke: function (c) {
        const p = { user_id: c.user, target_id: c.bot };
        if (c.group) p.group_id = c.group;
        return call("poke", p);
      },
      recall: function (c, id) { return call("recall_message", { message_id: id, by: c.user }); },
      mute: function (c, member, seconds) {
        return call("mute_member", { group_id: c.group, user_id: member, by: c.user, duration: seconds });
      },
      kick: function (c, member) { return call("remove_member", { group_id: c.group, user_id: member, by: c.user }); },
      replies: function (c, afterID, timeout) {
        const p = { self_id: c.bot, after_id: afterID, timeout: timeout };
        if (c.group) p.group_id = c.group; else p.user_id = c.user;
        return call("wait_sent", p);
      },
      // members and friends are the world as the bot sees it, through its OneBot API.
      members: function (c) { return botCall(c.bot, "get_group_member_list", { group_id: c.group }); },
      friends: function (c) { return botCall(c.bot, "get_friend_list", {}); },
    };
  }

  // mount wires the page's elements (by id: as, bot, group, log, text, form, status; optional:
  // image, poke, world) to chat, once, and returns load, which fills the account lists (again
  // after a token changes), and refresh, which redraws the world panel. The bot's answers are
  // shown from the first message sent in a conversation on; changing the conversation starts
  // over. opts: waitMillis (wait_sent's timeout), ready (a function saying whether the API may
  // be called: false while a required token is missing), panelReady (the same for the bot's
  // OneBot API), origin (this page's origin: bot images served from it are shown).
  function mount(doc, chat, opts) {
    opts = opts || {};
    const el = function (id) { return doc.getElementById(id); };
    const wait = opts.waitMillis || 25000;
    const ready = opts.ready || function () { return true; };
    let generation = 0;
    let lastID = null;

    function add(parent, tag, text, className) {
      const e = doc.createElement(tag);
      if (text) e.textContent = text;
      if (className) e.className = className;
      parent.appendChild(e);
      return e;
    }
    function button(parent, text, title, onClick) {
      const b = add(parent, "button", text);
      b.type = "button";
      b.title = title;
      b.addEventListener("click", onClick);
      return b;
    }
    // image shows an image segment: as an image when the page may load it (a data: URL, or a
    // URL of this server), else by its file name.
    function image(p, data) {
      const url = data.url || "";
      const local = url.startsWith("data:") || (opts.origin && (url.startsWith(opts.origin + "/") || (url.startsWith("/") && !url.startsWith("//"))));
      if (local) {
        const img = add(p, "img");
        img.src = url;
        img.alt = data.file || "image";
      } else {
        add(p, "span", "[image " + (data.file || url || "?") + "]", "muted");
      }
    }
    // line adds a message to the log; message is a string or an array of segments.
    function line(who, message, kind) {
      const p = add(el("log"), "p", "", kind);
      add(p, "b", who + ": ");
      if (typeof message === "string") {
        add(p, "span", message);
      } else {
        for (const s of message) {
          if (s.type === "text") add(p, "span", s.data.text);
          else if (s.type === "image") image(p, s.data || {});
          else add(p, "span", "[" + s.type + "]", "muted");
        }
      }
      return p;
    }
    function status(text) { el("status").textContent = text; }
    function failed(e) { status(String(e.message || e)); }
    function conversation() {
      return { user: Number(el("as").value), bot: Number(el("bot").value), group: Number(el("group").value || 0) };
    }
    function restart() {
      generation++;
      lastID = null;
      el("log").textContent = "";
      refresh();
    }
    async function poll(gen) {
      while (gen === generation) {
        const c = conversation();
        try {
          const msgs = await chat.replies(c, lastID, wait);
          if (gen !== generation) return;
          for (const m of msgs || []) {
            lastID = Math.max(lastID, m.message_id);
            line("bot " + m.self_id, Array.isArray(m.message) ? m.message : m.raw_message, "bot");
          }
        } catch (e) {
          failed(e);
          await new Promise(function (r) { setTimeout(r, 3000); });
        }
      }
    }

    // sent shows what the user sent, with a button to recall it, and follows the bot's answers.
    function sent(c, id, message) {
      const p = line(String(c.user), message, "me");
      const b = button(p, "recall 撤回", "recall this message 撤回这条消息", async function () {
        try {
          await chat.recall(c, id);
          p.className = "me recalled";
          b.textContent = "recalled 已撤回";
          b.disabled = true;
          status("");
        } catch (e) {
          failed(e);
        }
      });
      b.className = "recall";
      status("");
      if (lastID === null) {
        lastID = id;
        poll(generation);
      } else {
        lastID = Math.max(lastID, id);
      }
      refresh();
    }
    async function send(message, shown) {
      const c = conversation();
      try {
        const r = await chat.send(c, message);
        sent(c, r.message_id, shown || message);
        return true;
      } catch (e) {
        failed(e);
        return false;
      }
    }

    // refresh redraws the world panel: the group's members with their roles, cards and mutes,
    // and what the user may do to them; in private, the bot's friends.
    let drawing = 0;
    async function refresh() {
      const panel = el("world");
      if (!panel || !chat.hasWorldPanel || !ready() || !el("bot").value) return;
      if (opts.panelReady && !opts.panelReady()) {
        panel.textContent = "";
        add(panel, "p", "Enter the access token above to see the world as the bot sees it. 输入 access token 以查看群成员与好友。", "muted");
        return;
      }
      const c = conversation();
      const n = ++drawing;
      let rows, err = "";
      try {
        rows = c.group ? await chat.members(c) : await chat.friends(c);
      } catch (e) {
        err = String(e.message || e);
      }
      if (n !== drawing) return; // a newer refresh started
      panel.textContent = "";
      add(panel, "h2", c.group ? "Group " + c.group + " members 群成员" : "Bot " + c.bot + "'s friends 好友");
      if (err) {
        add(panel, "p", err, "muted");
        return;
      }
      const list = add(panel, "ul", "", "members");
      const now = Date.now() / 1000;
      // Mute and kick are offered on members the user outranks (QQ's rule); the control API
      // still decides, and its refusal is shown.
      const rank = { owner: 2, admin: 1 };
      const self = (rows || []).find(function (m) { return m.user_id === c.user; });
      const mine = self ? rank[self.role] || 0 : 0;
      for (const m of rows || []) {
        const li = add(list, "li");
        li.setAttribute && li.setAttribute("data-user", String(m.user_id));
        add(li, "code", String(m.user_id));
        add(li, "span", " " + (m.card || m.nickname || "") + (m.remark ? " (" + m.remark + ")" : ""));
        if (!c.group) continue;
        add(li, "span", " " + m.role, "role role-" + m.role);
        if (m.title) add(li, "span", " 「" + m.title + "」", "muted");
        const until = m.shut_up_timestamp || 0;
        if (until > now) add(li, "span", " muted 禁言中 " + Math.ceil((until - now) / 60) + " min", "muted-badge");
        if (m.user_id === c.user || mine <= (rank[m.role] || 0)) continue;
        const act = function (f, done) {
          return async function () {
            try {
              await f();
              status(done);
            } catch (e) {
              failed(e);
            }
            refresh();
          };
        };
        const who = m.user_id;
        if (until > now) button(li, "unmute", "lift the mute 解除禁言", act(function () { return chat.mute(c, who, 0); }, ""));
        else button(li, "mute 10 min", "mute for ten minutes 禁言十分钟", act(function () { return chat.mute(c, who, 600); }, ""));
        button(li, "kick 踢", "kick out of the group 踢出群", act(function () { return chat.kick(c, who); }, ""));
      }
    }

    async function load() {
      el("as").textContent = "";
      el("bot").textContent = "";
      restart();
      if (!ready()) {
        status("This server needs the world token: enter it above. 需要 world token，请在上方输入。");
        return;
      }
      try {
        const accounts = await chat.accounts();
        for (const a of accounts) {
          const o = doc.createElement("option");
          o.value = String(a.user_id);
          o.textContent = a.user_id + " " + a.nickname;
          el(a.bot ? "bot" : "as").appendChild(o);
        }
        status("");
        refresh();
      } catch (e) {
        status(String(e.message || e) + " (world token? 需要 world token？)");
      }
    }

    ["as", "bot", "group"].forEach(function (id) { el(id).addEventListener("change", restart); });
    el("form").addEventListener("submit", async function (ev) {
      ev.preventDefault();
      const text = el("text").value;
      if (!text) return;
      if (await send(text)) el("text").value = "";
    });
    if (el("poke")) {
      el("poke").addEventListener("click", async function () {
        const c = conversation();
        try {
          await chat.poke(c);
          line(String(c.user), "poked bot " + c.bot + " 戳了戳机器人", "me poke");
          status("");
        } catch (e) {
          failed(e);
        }
      });
    }
    if (el("image")) {
      el("image").addEventListener("change", function () {
        const input = el("image");
        const file = input.files && input.files[0];
        if (!file) return;
        input.value = "";
        if (file.size > maxImageBytes) {
          status("The image is " + (file.size / 1048576).toFixed(1) + " MB; the page sends at most 5 MB. 图片超过 5 MB。");
          return;
        }
        const reader = new global.FileReader();
        reader.onerror = function () { status("The image could not be read. 无法读取图片。"); };
        reader.onload = function () {
          const url = String(reader.result);
          const b64 = url.slice(url.indexOf(",") + 1);
          send([{ type: "image", data: { file: "base64://" + b64 } }], [{ type: "image", data: { file: file.name, url: url } }]);
        };
        reader.readAsDataURL(file);
      });
    }
    return { load: load, refresh: refresh };
  }

  if (typeof module !== "undefined" && module.exports) {
    module.exports = { createChat: createChat, mount: mount };
  } else {
    global.addEventListener("DOMContentLoaded", function () {
      const doc = global.document;
      const body = doc.body;
      const worldToken = body.getAttribute("data-world-token") === "required";
      const accessToken = body.getAttribute("data-token") === "required";
      if (worldToken) doc.getElementById("token-row").hidden = false;
      if (accessToken) doc.getElementById("access-row").hidden = false;
      const value = function (id) { return function () { return doc.getElementById(id).value; }; };
      const chat = createChat({
        base: body.getAttribute("data-world"),
        botBase: function (bot) { return body.getAttribute("data-bots") + bot + "/"; },
        fetch: global.fetch.bind(global),
        token: value("token"),
        accessToken: value("access"),
      });
      const page = mount(doc, chat, {
        origin: global.location.origin,
        // Without the required token every call would answer 401: ask for it first.
        ready: function () { return !worldToken || doc.getElementById("token").value !== ""; },
        panelReady: function () { return !accessToken || doc.getElementById("access").value !== ""; },
      });
      doc.getElementById("token").addEventListener("change", page.load);
      doc.getElementById("access").addEventListener("change", page.refresh);
      // The world changes under the page (the bot acts too): redraw the panel now and then.
      global.setInterval(page.refresh, 5000);
      page.load();
    });
  }
})(typeof window !== "undefined" ? window : globalThis);

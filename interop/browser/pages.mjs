// The server's web pages in headless Chromium, run by ../browser_test.go against a fresh
// `onespec serve` whose HTTP POST events go to the gobot example (it answers "ping" with "pong").
//
// Each page must render its meaningful part (not a blank page), log no console error and no
// uncaught exception, and ask for nothing off loopback: every request to another host is
// aborted and reported, so a page that would fetch a font or a script from a CDN fails here
// exactly as it would fail for a user without internet. On /chat the script talks to the bot
// as a simulated user: it sends "ping" and waits for the bot's "pong", pokes the bot, sends an
// image, recalls it, and uses the world panel (the bot's role, a mute).
//
// Arguments: the paths to visit, each one of the pages below.
// Environment: ONESPEC_URL (the server, http://127.0.0.1:port, without a world token),
// PROXY_URL (`onespec proxy` in front of it, for /_proxy),
// CHROMIUM (the browser), SHOTS (a directory for screenshots of failing pages), SHOTS_ALL
// (non-empty: a screenshot of every page, to look at them).
// Output: one JSON line per page, {path, ok, problems, millis, text, screenshot}; exit 1 if
// any failed.
import { chromium } from "playwright-core";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deflateSync } from "node:zlib";

const base = process.env.ONESPEC_URL;
const shots = process.env.SHOTS || "";
const shotAll = !!process.env.SHOTS_ALL;
// Bounds on failure only: Scalar takes seconds to lay out a large document on a busy machine.
const renderTimeout = 60000;

// scalarOperation opens a tag of Scalar's sidebar and waits for an operation in it.
async function scalarOperation(page, tag, operation) {
  await page.getByRole("button", { name: `Open Group - ${tag}`, exact: true }).click({ timeout: renderTimeout });
  await page.locator("li[data-sidebar-id]").getByText(operation).first().waitFor({ timeout: renderTimeout });
}

// swaggerOperation opens a tag of Swagger UI's operation list and waits for an operation in it.
async function swaggerOperation(page, tag, path) {
  await page.locator(`.opblock-tag[data-tag="${tag}"]`).click({ timeout: renderTimeout });
  await page.locator(".opblock", { hasText: path }).first().waitFor({ timeout: renderTimeout });
}

// Each page: its path and how to tell it rendered (and, for /chat, that it works).
const pages = [
  {
    path: "/",
    // The landing page lists the world's bots with their endpoints, and links to the docs.
    async check(page) {
      await page.locator("table td code", { hasText: "10001" }).first().waitFor({ timeout: renderTimeout });
      await page.getByRole("link", { name: "Scalar" }).first().waitFor({ timeout: renderTimeout });
    },
  },
  { path: "/docs", check: (page) => scalarOperation(page, "message", "send_group_msg") },
  { path: "/swagger", check: (page) => swaggerOperation(page, "message", "/send_group_msg") },
  { path: "/_world/docs", check: (page) => scalarOperation(page, "observe", "wait_sent") },
  { path: "/_world/swagger", check: (page) => swaggerOperation(page, "observe", "/wait_sent") },
  {
    path: "/_proxy",
    // The validating proxy's live report (the conformance report's HTML) on `onespec proxy`
    // in front of the server, after a call went through it: the call's answer has its row.
    base: process.env.PROXY_URL,
    async check(page) {
      await page.getByText("answer/get_login_info").first().waitFor({ timeout: renderTimeout });
    },
  },
  {
    path: "/compat",
    // The compatibility matrix has a row per action.
    async check(page) {
      await page.locator("table tr", { hasText: "send_group_msg" }).first().waitFor({ timeout: renderTimeout });
    },
  },
  {
    path: "/chat",
    busy: true, // it long-polls wait_sent: the network is never idle
    // As user 10002 with bot 10001 in private: say "ping" and see its "pong", poke it, send an
    // image and see it, recall the image and see it marked recalled; then in group 20001 the
    // world panel lists the bot as its owner, and 10002 (an admin) mutes member 10003.
    async check(page) {
      const wait = (selector, opts) => page.locator(selector, opts).first().waitFor({ timeout: renderTimeout });
      const noStatus = async (after) => {
        const text = (await page.locator("#status").innerText()).trim();
        if (text) throw new Error(`after ${after}, the page says: ${text}`);
      };
      await page.locator("#bot option[value='10001']").waitFor({ state: "attached", timeout: renderTimeout });
      await page.locator("#as option[value='10002']").waitFor({ state: "attached", timeout: renderTimeout });
      await page.selectOption("#as", "10002");
      await page.selectOption("#bot", "10001");
      await page.fill("#text", "ping");
      await page.click("#form button:has-text('Send')");
      await wait("#log p.me", { hasText: "ping" });
      await wait("#log p.bot", { hasText: "pong" });
      await page.click("#poke");
      await wait("#log p.poke");
      await noStatus("the poke");
      await page.setInputFiles("#image", { name: "dot.png", mimeType: "image/png", buffer: tinyPNG() });
      await wait("#log p.me img[alt='dot.png']");
      await noStatus("the image");
      await page.locator("#log p.me", { has: page.locator("img") }).locator("button.recall").click({ timeout: renderTimeout });
      await wait("#log p.me.recalled img");
      await noStatus("the recall");
      await wait("#world li[data-user='10002']"); // the bot's friends, in private
      await page.fill("#group", "20001");
      await page.dispatchEvent("#group", "change");
      await wait("#world li[data-user='10001']", { hasText: "owner" });
      await page.locator("#world li[data-user='10003'] button", { hasText: "mute" }).click({ timeout: renderTimeout });
      await wait("#world li[data-user='10003'] .muted-badge");
      await noStatus("the mute");
    },
  },
];

// tinyPNG makes a 1×1 PNG (one red pixel): signature, IHDR, IDAT (zlib), IEND, with their CRCs.
function tinyPNG() {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), body.length + 4);
    return out;
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]); // 1×1, 8-bit RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(Buffer.from([0, 255, 0, 0]))), // filter 0, then R G B
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

function loopback(url) {
  let u;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol === "data:" || u.protocol === "blob:" || u.protocol === "about:") return true;
  return ["127.0.0.1", "localhost", "[::1]"].includes(u.hostname);
}

async function visit(context, spec) {
  const problems = [];
  const page = await context.newPage();
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console error: ${m.text()} (${m.location().url || "?"})`);
  });
  page.on("pageerror", (e) => problems.push(`uncaught exception: ${e.message}`));
  await page.routeWebSocket((url) => !loopback(url.href), (ws) => {
    problems.push(`WebSocket off loopback (blocked): ${ws.url()}`);
    ws.close();
  });
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (loopback(url)) return route.continue();
    problems.push(`request off loopback (blocked): ${route.request().method()} ${url}`);
    return route.abort("blockedbyclient");
  });
  const result = { path: spec.path, ok: false, problems, millis: 0, text: "", screenshot: "" };
  const start = Date.now();
  try {
    const res = await page.goto((spec.base || base) + spec.path, { waitUntil: "load", timeout: renderTimeout });
    if (!res || !res.ok()) problems.push(`GET ${spec.path}: HTTP ${res ? res.status() : "no response"}`);
    await spec.check(page);
    // Late console errors and requests (a lazily loaded font, a deferred script) count too.
    if (!spec.busy) await page.waitForLoadState("networkidle", { timeout: renderTimeout });
    result.text = (await page.locator("body").innerText()).replace(/\s+/g, " ").trim();
    if (result.text.length < 40) problems.push(`blank page: the body's text is ${JSON.stringify(result.text)}`);
  } catch (e) {
    problems.push(`did not render: ${String(e.message || e).split("\n")[0]}`);
  }
  result.millis = Date.now() - start;
  result.ok = problems.length === 0;
  if (shots && (shotAll || !result.ok)) {
    result.screenshot = join(shots, (spec.path.replace(/[^a-z]+/g, "_").replace(/^_|_$/g, "") || "home") + ".png");
    await page.screenshot({ path: result.screenshot, fullPage: false }).catch((e) => problems.push(`screenshot: ${e.message}`));
  }
  result.text = result.text.slice(0, 300);
  await page.close();
  return result;
}

const profile = await mkdtemp(join(tmpdir(), "onespec-chromium-"));
let failed = false;
try {
  // A fresh profile and no background traffic: this Chromium only ever talks to the server.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
  try {
    for (const path of process.argv.slice(2)) {
      const spec = pages.find((p) => p.path === path);
      const r = spec ? await visit(context, spec) : { path, ok: false, problems: [`pages.mjs has no check for ${path}`] };
      failed ||= !r.ok;
      console.log(JSON.stringify(r));
    }
  } finally {
    await context.close();
  }
} finally {
  await rm(profile, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);

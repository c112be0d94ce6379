// The server's web pages in headless Chromium, run by ../browser_test.go against a fresh
// `onespec serve` whose HTTP POST events go to the gobot example (it answers "ping" with "pong").
//
// Each page must render its meaningful part (not a blank page), log no console error and no
// uncaught exception, and ask for nothing off loopback: every request to another host is
// aborted and reported, so a page that would fetch a font or a script from a CDN fails here
// exactly as it would fail for a user without internet. On /chat the script talks to the bot
// as a simulated user: it sends "ping" and waits for the bot's "pong".
//
// Arguments: the paths to visit, each one of the pages below.
// Environment: ONESPEC_URL (the server, http://127.0.0.1:port, without a world token),
// CHROMIUM (the browser), SHOTS (a directory for screenshots of failing pages), SHOTS_ALL
// (non-empty: a screenshot of every page, to look at them).
// Output: one JSON line per page, {path, ok, problems, millis, text, screenshot}; exit 1 if
// any failed.
import { chromium } from "playwright-core";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

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
    path: "/compat",
    // The compatibility matrix has a row per action.
    async check(page) {
      await page.locator("table tr", { hasText: "send_group_msg" }).first().waitFor({ timeout: renderTimeout });
    },
  },
  {
    path: "/chat",
    busy: true, // it long-polls wait_sent: the network is never idle
    // Say "ping" as the first simulated user to bot 10001 in private, and see its "pong".
    async check(page) {
      await page.locator("#bot option[value='10001']").waitFor({ state: "attached", timeout: renderTimeout });
      await page.locator("#as option").first().waitFor({ state: "attached", timeout: renderTimeout });
      await page.selectOption("#bot", "10001");
      await page.fill("#text", "ping");
      await page.click("#form button");
      await page.locator("#log p.me", { hasText: "ping" }).waitFor({ timeout: renderTimeout });
      await page.locator("#log p.bot", { hasText: "pong" }).waitFor({ timeout: renderTimeout });
    },
  },
];

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
    const res = await page.goto(base + spec.path, { waitUntil: "load", timeout: renderTimeout });
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

// A Koishi app with koishi-plugin-adapter-onebot against onespec serve, run by ../node_test.go.
//
// ONESPEC_PROTOCOL is the adapter's protocol: "ws" (Koishi connects to ONESPEC_ENDPOINT, a
// WebSocket URL, with Authorization: Bearer), "http" (Koishi calls ONESPEC_ENDPOINT with
// Authorization: Token and takes events POSTed to http://127.0.0.1:KOISHI_PORT/onebot, signed
// with ONESPEC_SECRET) or "ws-reverse" (onespec connects to ws://127.0.0.1:KOISHI_PORT/onebot).
// ONESPEC_TOKEN is the access token.
//
// At start the adapter calls get_login_info and get_guild_service_profile (onespec's guild
// service: the adapter adds its QQ guild bot); the bot must come online. The script then makes a few calls through the
// bot, prints READY, answers the first "ping" with "pong", prints ANSWERED and exits 0. Any
// failed check exits 1 with the reason on stderr.
//
// CommonJS, as the adapter requires koishi: an ES module would load a second copy of Koishi
// (and koishi 4.18's ES entry does not load on Node 20).
const assert = require('node:assert/strict')
const { Context } = require('koishi')
const { HTTP } = require('@koishijs/plugin-http')
const Server = require('@koishijs/plugin-server').default
const OneBot = require('koishi-plugin-adapter-onebot').default

const protocol = process.env.ONESPEC_PROTOCOL
const token = process.env.ONESPEC_TOKEN
const endpoint = process.env.ONESPEC_ENDPOINT
const port = Number(process.env.KOISHI_PORT || 0)
assert.ok(protocol && token, 'ONESPEC_PROTOCOL and ONESPEC_TOKEN must be set')

const fail = (err) => { console.error('FAIL', err?.stack || err); process.exit(1) }
process.on('unhandledRejection', fail)
setTimeout(() => fail(new Error('not done within 45 s')), 45000)

const ctx = new Context()
ctx.plugin(HTTP)
if (protocol !== 'ws') ctx.plugin(Server, { host: '127.0.0.1', port })
if (protocol === 'http') {
  // The adapter's HTTP POST route reads the event from ctx.body, which in Koa is the response
  // body: @koishijs/plugin-server (koa-body) puts the request's in ctx.request.body, so
  // unaided the route throws on every event. This route, registered first, hands it over;
  // the adapter then checks X-Signature over JSON.stringify of it and X-Self-ID as it would.
  ctx.inject(['server'], (ctx) => {
    ctx.server.post('/onebot', (c, next) => { c.body = c.request.body; return next() })
  })
}
const config = { selfId: '10001', token, protocol, responseTimeout: 10000 }
if (protocol === 'ws') Object.assign(config, { endpoint, retryTimes: 0 })
if (protocol === 'http') Object.assign(config, { endpoint, secret: process.env.ONESPEC_SECRET })
ctx.plugin(OneBot, config)

// The text of the message before ping, which the Go test makes "a&b <c>": over HTTP POST it
// arrives only when its signature matches what the adapter recomputes.
let before
ctx.middleware(async (session, next) => {
  const text = session.elements.filter((e) => e.type === 'text').map((e) => e.attrs.content).join('')
  if (text !== 'ping') { before = text; return next() }
  // Koishi would catch a failure here and log it as a warning: exit instead.
  if (before !== 'a&b <c>') fail(new Error(`the message before ping was ${JSON.stringify(before)}, not "a&b <c>": refused?`))
  if (session.platform !== 'onebot' || session.guildId !== '20001') fail(new Error(`ping on ${session.platform} in ${session.guildId}`))
  await session.send('pong')
  console.log(`ANSWERED pong to ${session.messageId} from ${session.userId} in ${session.guildId}`)
  process.exit(0)
})

// The bot is online once get_login_info and get_guild_service_profile answered.
let checked = false
ctx.on('login-updated', ({ bot }) => {
  // Universal.Status: OFFLINE 0, ONLINE 1; a start that failed (a refused token) is OFFLINE
  // with the error.
  if (bot.status === 0 && bot.error) fail(bot.error)
  if (bot.status !== 1 || checked) return
  checked = true
  checks(bot).catch(fail)
})

async function checks(bot) {
  assert.equal(bot.user.id, '10001')
  assert.equal(bot.user.name, 'onespec 机器人')
  console.log(`online over ${protocol} as ${bot.user.id} (${bot.user.name})`)

  // An action onespec does not serve fails as a call, and the connection stays up.
  const failed = await bot.internal._get('no_such_action_anywhere').then(
    (data) => assert.fail(`no_such_action_anywhere succeeded: ${JSON.stringify(data)}`),
    (err) => err,
  )
  // Over WebSocket the adapter reads the envelope (SenderError with its retcode); over HTTP
  // its HTTP client rejects the 404 before the envelope is read.
  if (protocol === 'http') assert.equal(failed.response?.status, 404, String(failed))
  else assert.equal(failed.code, 1404, String(failed))
  console.log('no_such_action_anywhere:', failed.message)

  // The guild service answered at start: the adapter made its QQ guild bot of the bot's tiny_id.
  assert.equal(bot.guildBot?.selfId, '144115218676010001', 'the adapter made no guild bot')

  const invalid = await bot.internal.getGroupMemberList('not a number').then(
    (data) => assert.fail(`get_group_member_list succeeded: ${JSON.stringify(data)}`),
    (err) => err,
  )
  assert.equal(invalid.code, 1400, String(invalid))
  console.log('get_group_member_list with a bad group_id:', invalid.message)

  const login = await bot.internal.getLoginInfo()
  assert.equal(login.user_id, 10001)

  const { data: members } = await bot.getGuildMemberList('20001')
  assert.ok(members.some((m) => m.user.id === '10001'), 'the bot is a member of 20001')
  console.log('getGuildMemberList:', members.length, 'members')

  // Koishi sends segment arrays: text, a face and an at.
  const ids = await bot.sendMessage('20001', ['hello from koishi ', '<face id="14"/>', '<at id="10002"/>'].join(''))
  assert.equal(ids.length, 1)
  console.log('sendMessage:', ids)
  console.log('READY')
}

ctx.start().catch(fail)

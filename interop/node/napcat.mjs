// node-napcat-ts against onespec serve over forward WebSocket, run by ../node_test.go.
//
// ONESPEC_WS is the server's universal WebSocket URL, ONESPEC_TOKEN its access token, which
// node-napcat-ts always sends as ?access_token=. The script makes a few calls and checks
// each answer, then prints READY and answers the first group message "ping" with "pong"
// through the event's quick_action (.handle_quick_operation), prints ANSWERED and exits 0.
// Any failed check throws: the exit code is not 0 and the reason is on stderr.
import assert from 'node:assert/strict'
import { NCWebsocket } from 'node-napcat-ts'

const url = process.env.ONESPEC_WS
const token = process.env.ONESPEC_TOKEN
assert.ok(url && token, 'ONESPEC_WS and ONESPEC_TOKEN must be set')

setTimeout(() => { console.error('not done within 45 s'); process.exit(1) }, 45000)

const bot = new NCWebsocket({ baseUrl: url, accessToken: token, reconnection: { enable: false } })

// node-napcat-ts takes a reply without echo whose status is failed, or any socket error, as
// the connection failing: none may happen while the calls below fail one by one.
const socketErrors = []
bot.on('socket.error', (e) => socketErrors.push(e))
let closed = false
bot.on('socket.close', () => { closed = true })

let connected
const lifecycle = new Promise((resolve) => { connected = resolve })
bot.on('meta_event.lifecycle.connect', (e) => connected(e))

// The message before ping, which the Go test makes "a&b <c>".
let before
bot.on('message.group', async (e) => {
  if (e.raw_message !== 'ping') { before = e.message; return }
  assert.deepEqual(before, [{ type: 'text', data: { text: 'a&b <c>' } }], 'the message before ping')
  // Events come as segment arrays; quick_action sends the whole event back as the context.
  assert.deepEqual(e.message, [{ type: 'text', data: { text: 'ping' } }])
  await e.quick_action([{ type: 'text', data: { text: 'pong' } }], false)
  console.log(`ANSWERED pong to message ${e.message_id} from ${e.user_id} in ${e.group_id}`)
  await bot.disconnect()
  process.exit(0)
})

await timeout(bot.connect(), 5000, 'connection')
const hello = await timeout(lifecycle, 5000, 'the lifecycle connect event')
assert.equal(hello.self_id, 10001)
console.log('connected; lifecycle connect for', hello.self_id)

const login = await bot.get_login_info()
assert.equal(login.user_id, 10001)
assert.equal(typeof login.nickname, 'string')
console.log('get_login_info:', JSON.stringify(login))

const sent = await bot.send_group_msg({
  group_id: 20001,
  message: [{ type: 'text', data: { text: 'hello from node-napcat-ts ' } }, { type: 'face', data: { id: '14' } }],
})
assert.equal(typeof sent.message_id, 'number')
console.log('send_group_msg:', JSON.stringify(sent))

const members = await bot.get_group_member_list({ group_id: 20001 })
assert.ok(Array.isArray(members) && members.length > 1, 'get_group_member_list: a list of members')
assert.ok(members.some((m) => m.user_id === 10001 && m.group_id === 20001), 'the bot is a member of 20001')
console.log('get_group_member_list:', members.length, 'members')

// Failures: each is the rejection of its own call (matched by its string echo), and the
// connection stays up.
const failures = [
  ['invalid parameters', 'send_group_msg', { group_id: 'not a number', message: 'x' }, 1400],
  ['a missing parameter', 'get_group_member_list', {}, 1400],
  ['a group the bot is not in', 'send_group_msg', { group_id: 99999, message: 'x' }, 102],
  ['an unknown action', 'no_such_action', {}, 1404],
]
for (const [what, action, params, retcode] of failures) {
  let answer
  await bot.send(action, params).then(
    (data) => assert.fail(`${what} (${action}) succeeded: ${JSON.stringify(data)}`),
    (reason) => { answer = reason },
  )
  assert.equal(answer.status, 'failed', `${what}: status`)
  assert.equal(answer.retcode, retcode, `${what}: retcode (${answer.message})`)
  assert.equal(typeof answer.echo, 'string', `${what}: echo`)
  assert.notEqual(answer.message, 'api response timeout', `${what}: answered`)
  console.log(`${what}: rejected with ${answer.retcode} (${answer.message}), echo ${answer.echo}`)
}
assert.deepEqual(socketErrors, [], 'no connection-level error')
assert.equal(closed, false, 'the connection is still open')
assert.equal((await bot.get_login_info()).user_id, 10001)

// A wrong token is refused at the handshake: the client sees a connection error, never an
// open socket.
const wrong = new NCWebsocket({ baseUrl: url, accessToken: token + 'x', reconnection: { enable: false } })
const refused = new Promise((resolve) => wrong.on('socket.error', resolve))
let opened = false
wrong.on('socket.open', () => { opened = true })
wrong.connect()
const refusal = await timeout(refused, 5000, 'the refusal of a wrong token')
assert.equal(refusal.error_type, 'connect_error')
assert.equal(opened, false, 'a wrong token opened a socket')
await wrong.disconnect()
console.log('wrong token: refused at the handshake')

console.log('READY')

function timeout(promise, ms, what) {
  return Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms))])
}

// Answers that are JSON but not the shape JD Cloud promises must not be taken at face value:
// a stand-in server (the emulator never answers like this) replies `{"result": {}}` to everything.
import { createServer } from 'node:http'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { PodClient } from '../../src/jdcloud/client.js'
import { JdcloudError } from '../../src/jdcloud/errors.js'
import { VirtualClock } from '../../__fixtures__/virtual-clock.js'

let server: Server
let client: PodClient
let requests = 0

beforeAll(async () => {
  server = createServer((_req, res) => {
    requests++
    res.writeHead(200, { 'content-type': 'application/json', 'x-jdcloud-request-id': 'header-id' })
    res.end('{"result":{"pods":"not a list","secrets":"nope"}}')
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  client = new PodClient({
    endpoint: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    region: 'cn-north-1',
    credentials: { accessKey: 'a', secretKey: 's' },
    clock: new VirtualClock(),
    retry: { maxAttempts: 2 }
  })
})
afterAll(async () => {
  await client.close()
  await new Promise(resolve => server.close(resolve))
})

test.each<[string, () => Promise<unknown>, RegExp]>([
  ['describePod', () => client.describePod('pod-a'), /the answer has no pod/],
  ['describePods', () => client.describePods(), /pods is not a list/],
  ['describeSecrets', () => client.describeSecrets(), /secrets is not a list/],
  ['describeSecret', () => client.describeSecret('s'), /the answer has no secret/],
  ['describeQuota', () => client.describeQuota('secret'), /the answer has no quota/]
])('%s: MALFORMED_RESPONSE with the request id from the header', async (_api, call, message) => {
  requests = 0
  const error = (await call().catch(e => e)) as JdcloudError
  expect(error).toBeInstanceOf(JdcloudError)
  expect(error.status).toBe('MALFORMED_RESPONSE')
  expect(error.message).toMatch(message)
  expect(error.requestId).toBe('header-id')
  expect(requests).toBe(1) // a well-formed JSON answer of the wrong shape is not retried
})

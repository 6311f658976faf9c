// Hardening II, 5: hangs past `timeout`. One deadline per attempt for headers and body together (a
// server dripping a byte every few seconds never trips undici's idle timeouts), a call deadline
// that backoff and Retry-After respect, a cap on the body read, signals on the watcher's sweeps,
// and a bounded close, so that a stuck request can never keep the outputs from being written.
import { createServer } from 'node:http'
import type { Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getEventListeners } from 'node:events'
import { podSeed } from '../../emulator/index.js'
import { JdcloudError } from '../../src/jdcloud/errors.js'
import { PodClient } from '../../src/jdcloud/pod-client.js'
import { PodWatcher } from '../../src/rollout/watcher.js'
import { startEmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import type { EmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import { VirtualClock } from '../../__fixtures__/virtual-clock.js'

let server: Server | undefined
let cloud: EmulatedCloud | undefined
const open: ServerResponse[] = []
afterEach(async () => {
  for (const res of open.splice(0)) res.destroy()
  await cloud?.close()
  cloud = undefined
  if (server) {
    server.closeAllConnections()
    await new Promise(resolve => server?.close(resolve))
  }
  server = undefined
})

async function serve(answer: (res: ServerResponse) => void): Promise<URL> {
  server = createServer((_req, res) => {
    open.push(res)
    answer(res)
  })
  await new Promise<void>(resolve => server?.listen(0, '127.0.0.1', resolve))
  return new URL(`http://127.0.0.1:${(server?.address() as AddressInfo).port}`)
}

const client = (endpoint: URL, options: Partial<ConstructorParameters<typeof PodClient>[0]> = {}) =>
  new PodClient({
    endpoint,
    region: 'cn-north-1',
    credentials: { accessKey: 'a', secretKey: 's' },
    clock: new VirtualClock(),
    retry: { maxAttempts: 1 },
    ...options
  })

test('a server that sends headers, then a byte every 50 ms: the attempt ends at its deadline', async () => {
  const endpoint = await serve(res => {
    res.writeHead(200, { 'content-type': 'application/json' })
    const drip = setInterval(() => res.write(' '), 50)
    res.on('close', () => clearInterval(drip))
  })
  const pods = client(endpoint, { requestTimeoutMs: 300 })
  const started = Date.now()
  const error = (await pods.describePod('pod-a').catch(e => e)) as JdcloudError
  expect(error).toBeInstanceOf(JdcloudError)
  expect(error.status).toBe('TIMEOUT')
  expect(Date.now() - started).toBeLessThan(2000)
  await pods.close(100)
})

test('an answer larger than the cap is refused without reading it into memory, and not retried', async () => {
  let requests = 0
  const chunk = Buffer.alloc(64 * 1024, 0x20)
  const endpoint = await serve(res => {
    requests++
    res.writeHead(200, { 'content-type': 'application/json' })
    const pump = (): void => {
      while (res.write(chunk)) if (res.writableLength > 1e7) break
    }
    res.on('drain', pump)
    pump()
  })
  const pods = client(endpoint, { maxBodyBytes: 1024 * 1024, retry: { maxAttempts: 5 } })
  const error = (await pods.describePod('pod-a').catch(e => e)) as JdcloudError
  expect(error.status).toBe('RESPONSE_TOO_LARGE')
  expect(requests).toBe(1)
  await pods.close(100)
})

test('close() with a request still stuck returns within its bound', async () => {
  const endpoint = await serve(() => undefined) // never answers
  const pods = client(endpoint, { requestTimeoutMs: 60_000 })
  const pending = pods.describePod('pod-a').catch(error => error as JdcloudError)
  await new Promise(resolve => setTimeout(resolve, 50))
  const started = Date.now()
  await pods.close(200)
  expect(Date.now() - started).toBeLessThan(1500)
  expect(await pending).toBeInstanceOf(Error)
})

test('a 429 with Retry-After: 119 is not waited out past the run’s timeout', async () => {
  cloud = await startEmulatedCloud({ pods: [podSeed({ podId: 'pod-h1' })] })
  cloud.emulator.inject({
    api: 'describePods',
    kind: 'status',
    status: 429,
    retryAfter: '119',
    times: Infinity
  })
  const began = cloud.clock.now()
  const { report } = await cloud.run({ operation: 'status', pods: 'pod-h1', timeout: '60s' })
  expect(report.result).toBe('failed')
  expect(report.error).toMatch(/no retry: waiting 119 s would pass the deadline/)
  expect(cloud.clock.now() - began).toBeLessThan(60_000)
})

test('the watcher’s sweeps stop at its signal, and every wait leaves no abort listener behind', async () => {
  const endpoint = await serve(() => undefined) // sweeps hang
  const pods = client(endpoint, { requestTimeoutMs: 60_000 })
  const clock = new VirtualClock()
  const stop = new AbortController()
  const watcher = new PodWatcher(pods, clock, { signal: stop.signal })
  const waitSignal = new AbortController()
  const wait = watcher
    .watch({
      podId: 'pod-a',
      judge: () => undefined,
      deadline: clock.now() + 600_000,
      onTimeout: () => new Error('timeout'),
      signal: waitSignal.signal
    })
    .catch(error => error as Error)
  await new Promise(resolve => setTimeout(resolve, 50))
  stop.abort(new Error('the run is over'))
  expect(await wait).toBeInstanceOf(Error)
  expect(getEventListeners(waitSignal.signal, 'abort')).toHaveLength(0)
  await pods.close(100)
})

test('many waits on one signal: none leaves its abort listener behind', async () => {
  cloud = await startEmulatedCloud({ pods: [podSeed({ podId: 'pod-h2' })] })
  const pods = new PodClient({
    endpoint: new URL(cloud.emulator.url),
    region: cloud.emulator.region,
    credentials: cloud.emulator.credentials,
    clock: cloud.clock
  })
  const watcher = new PodWatcher(pods, cloud.clock)
  const signal = new AbortController().signal
  for (let i = 0; i < 20; i++)
    await watcher.watch({
      podId: 'pod-h2',
      judge: pod => (pod ? { done: pod } : undefined),
      deadline: cloud.clock.now() + 60_000,
      onTimeout: () => new Error('timeout'),
      signal
    })
  expect(getEventListeners(signal, 'abort')).toHaveLength(0)
  await pods.close()
})

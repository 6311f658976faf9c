// Issue 18, 6–8 in whole runs: the action against the emulator (and a scripted service on loopback
// for the smoke check). 6: a secret the API or a probed service echoes, in any form, is readable in
// none of the log, the summary or the outputs, a cut through it included. 8: a 400 kB message is
// capped before anything reads it, and the run ends at once.
import { podSeed } from '../../emulator/index.js'
import { startEmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import type { EmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import { ScriptedServer } from '../verify/scripted-server.js'

const ACCESS_KEY = 'JDC_AK_0A1B2C3D4E5F'
const SECRET_KEY = 'sk_7Yt2/p9+Lm&q<r>"s'
const PASSWORD = "Rg-pa55/Zq81!x+y'&z"
const REGISTRY = 'registry.example.com'

/** Each form a server may echo a secret in; none may be readable anywhere. */
const echoes = (secret: string): string[] => [
  secret,
  JSON.stringify(secret).slice(1, -1),
  encodeURIComponent(secret),
  secret.replace(/[^A-Za-z0-9]/g, char => `&#${char.charCodeAt(0)};`),
  secret.replace(/[&<>"']/g, char => `&#${char.charCodeAt(0)};`)
]

/** Everything a person could read (the runner consumes `::add-mask::` lines, never shows them). */
const readable = (run: { log: string; summary: string; outputs: Record<string, string> }): string =>
  [run.log.replace(/^::add-mask::.*$/gm, ''), run.summary, JSON.stringify(run.outputs)].join('\n')

/** The distinctive middle of a secret: what must not survive even half of. */
const parts = (secret: string): string[] => [secret.slice(0, 8), secret.slice(-8)]

let cloud: EmulatedCloud | undefined
afterEach(async () => {
  await cloud?.close()
  cloud = undefined
})

test('6: an API message echoing the key pair raw, JSON-, URL- and HTML-escaped shows none of them', async () => {
  cloud = await startEmulatedCloud(
    { pods: [podSeed({ podId: 'pod-t1', name: 'web-1' })] },
    { accessKey: ACCESS_KEY, secretKey: SECRET_KEY }
  )
  const forms = [...echoes(ACCESS_KEY), ...echoes(SECRET_KEY)]
  cloud.emulator.inject({
    api: 'describePods',
    kind: 'status',
    status: 400,
    errorStatus: 'INVALID_ARGUMENT',
    message: `AccessKey ${forms.join(' / ')} is disabled`
  })
  const run = await cloud.run({ operation: 'status', pods: 'web-1' })
  expect(run.report.result).toBe('failed')
  expect(run.report.error).toContain('AccessKey *** / *** / ')
  const text = readable(run)
  for (const secret of [ACCESS_KEY, SECRET_KEY])
    for (const part of [...echoes(secret), ...parts(secret)]) expect(text).not.toContain(part)
  expect(run.summary).toContain('is disabled')
})

test('6: a createSecret 400 that echoes the registry password shows it nowhere', async () => {
  cloud = await startEmulatedCloud({
    registries: { [REGISTRY]: { username: 'deployer', password: PASSWORD } }
  })
  cloud.emulator.inject({
    api: 'createSecret',
    kind: 'status',
    status: 400,
    message: `invalid secret data {"password":${JSON.stringify(PASSWORD)},"b64":"${Buffer.from(PASSWORD).toString('base64')}","form":"${encodeURIComponent(PASSWORD)}"}`
  })
  const run = await cloud.run({
    operation: 'rotate-secret',
    'secret-name': 'regcred',
    'registry-server': REGISTRY,
    'registry-username': 'deployer',
    'registry-password': PASSWORD
  })
  expect(run.report.result).toBe('failed')
  expect(run.report.error).toContain('invalid secret data')
  const text = readable(run)
  for (const part of [
    ...echoes(PASSWORD),
    ...parts(PASSWORD),
    Buffer.from(PASSWORD).toString('base64')
  ])
    expect(text).not.toContain(part)
})

test('6: a probed service echoing the bare credential of a verify-header, across the 500-byte cut, shows none of it', async () => {
  const server = await ScriptedServer.start()
  try {
    cloud = await startEmulatedCloud({ pods: [podSeed({ podId: 'pod-t2', name: 'web-2' })] })
    const credential = 'tok-3f9a8b7c6d5e4f3a2b1c'
    // The credential starts at byte 490: the old order (cut at 500, then hide the whole
    // `Bearer …` value) showed its first ten characters.
    server.script('web-2', [{ status: 500, body: `${'x'.repeat(490)}${credential} refused` }])
    const run = await cloud.run({
      pods: 'web-2',
      image: 'registry.example.com/shop/web:1.1',
      'verify-url': `http://127.0.0.1:${server.port}/script/{podName}`,
      'verify-header': `Authorization: Bearer ${credential}`,
      'verify-for': '0'
    })
    expect(run.report.result).toBe('rolled-back')
    expect(run.summary).toContain(`${'x'.repeat(490)}***`)
    const text = readable(run)
    for (const part of [credential.slice(0, 6), credential.slice(-8)])
      expect(text).not.toContain(part)
    // The runner is told the credential too, not only the whole header value.
    expect(run.log).toContain(`::add-mask::${credential}`)
  } finally {
    await server.close()
  }
})

test('8: a 400 kB message of white space is capped first: the run ends at once, every text short', async () => {
  cloud = await startEmulatedCloud({ pods: [podSeed({ podId: 'pod-t3', name: 'web-3' })] })
  cloud.emulator.inject({
    api: 'describePods',
    kind: 'status',
    status: 400,
    message: `# not a heading${' \t'.repeat(200_000)}\n end`
  })
  const started = performance.now()
  const run = await cloud.run({ operation: 'status', pods: 'web-3' })
  expect(performance.now() - started).toBeLessThan(5000)
  expect(run.report.result).toBe('failed')
  expect(run.report.error?.length).toBeLessThan(3000)
  expect(run.report.error).toContain('# not a heading')
  expect(run.report.error).toContain('…')
  expect(run.summary.length).toBeLessThan(10_000)
  expect(run.log.length).toBeLessThan(20_000)
  expect(run.summary).toMatch(/^> describePods: .*# not a heading \t/m)
})

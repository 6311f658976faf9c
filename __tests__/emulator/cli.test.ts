import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { DEFAULT_CREDENTIALS, IMAGE_BEHAVIOURS } from '../../emulator/index.js'
import { signed } from '../../__fixtures__/signed-request.js'

let child: ChildProcess | undefined

afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL')
})

/** Resolves with the first `count` stdout lines (or rejects with what stderr said). */
function firstLines(process: ChildProcess, count: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    let stderr = ''
    const lines: string[] = []
    process.stderr?.on('data', chunk => (stderr += String(chunk)))
    createInterface({ input: process.stdout! }).on('line', line => {
      lines.push(line)
      if (lines.length === count) resolve(lines)
    })
    process.once('exit', code => reject(new Error(`exited with ${code}: ${stderr}`)))
  })
}

test('serves the demo seed, prints where both APIs listen, exits 0 on SIGTERM', async () => {
  child = spawn(
    'node_modules/.bin/tsx',
    ['emulator/cli.ts', '--port', '0', '--seed', 'emulator/seeds/demo.json', '--timings', 'fast'],
    { env: { ...process.env, JDCLOUD_ACCESS_KEY: '', JDCLOUD_SECRET_KEY: '', JDCLOUD_REGION: '' } }
  )
  const [line, lbLine, ...images] = await firstLines(child, 7)
  // What each failing image of the seed does, so a person trying it by hand knows what to deploy.
  expect(images).toEqual([
    'image registry.example.com/shop/web:broken: never-pulls',
    'image registry.example.com/shop/web:crash: crash-loop',
    'image registry.example.com/shop/web:never-ready: never-ready',
    'image registry.example.com/shop/web:bad-config: config-error',
    'image registry.example.com/shop/web:pod-error: pod-error'
  ])
  const match = /^listening on (http:\/\/127\.0\.0\.1:(\d+))$/.exec(line ?? '')
  expect(match).not.toBeNull()
  const lbMatch = /^lb API listening on (http:\/\/127\.0\.0\.1:(\d+))$/.exec(lbLine ?? '')
  expect(lbMatch).not.toBeNull()

  const reply = await signed(
    { url: match?.[1] ?? '', region: 'cn-north-1', credentials: DEFAULT_CREDENTIALS },
    'GET',
    '/pods'
  )
  expect(reply.status).toBe(200)
  expect(reply.json.result.pods.map((p: { name: string }) => p.name)).toEqual(['web-1', 'web-2'])
  const health = await signed(
    { url: lbMatch?.[1] ?? '', region: 'cn-north-1', credentials: DEFAULT_CREDENTIALS },
    'GET',
    '/backends/backend-shopweb/health',
    { service: 'lb' }
  )
  expect(health.status).toBe(200)
  expect(health.json.result.targetHealths.map((h: { status: string }) => h.status)).toEqual([
    'healthy',
    'healthy'
  ])

  const exited = new Promise<number | null>(resolve => child?.once('exit', resolve))
  child.kill('SIGTERM')
  expect(await exited).toBe(0)
}, 30_000)

test('--help names every failing behaviour, the demo images and how to stop it', async () => {
  child = spawn('node_modules/.bin/tsx', ['emulator/cli.ts', '--help'])
  let stdout = ''
  child.stdout?.on('data', chunk => (stdout += String(chunk)))
  const code = await new Promise<number | null>(resolve => child?.once('exit', resolve))
  expect(code).toBe(0)
  for (const behaviour of IMAGE_BEHAVIOURS.filter(name => name !== 'ok'))
    expect(stdout).toMatch(new RegExp(`^  ${behaviour} `, 'm'))
  expect(stdout).toContain('registry.example.com/shop/web:broken, :crash, :never-ready')
  expect(stdout).toContain('stop it with `kill %1`')
}, 30_000)

test('a bad option exits 2 with the usage', async () => {
  child = spawn('node_modules/.bin/tsx', ['emulator/cli.ts', '--timings', 'warp'])
  let stderr = ''
  child.stderr?.on('data', chunk => (stderr += String(chunk)))
  const code = await new Promise<number | null>(resolve => child?.once('exit', resolve))
  expect(code).toBe(2)
  expect(stderr).toMatch(/--timings must be fast or realistic/)
  expect(stderr).toMatch(/usage:/)
}, 30_000)

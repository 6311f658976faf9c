import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One scripted answer: a status with a body, or no answer at all. */
export type Answer = { status: number; body?: string; headers?: Record<string, string> } | 'hang'

/**
 * A local HTTP server on 127.0.0.1 that answers as the test says. Fixed routes:
 *   /ok                 200 "status: UP"
 *   /fail               500 with a body that has control characters in it
 *   /wrong-body         200 "status: DOWN"
 *   /slow               200 "status: UP" after 100 ms
 *   /hang               never answers
 *   /hang-body          200, half a body, then nothing
 *   /redirect/<n>       a chain of n redirects (302) ending at /ok
 *   /loop               302 to /loop, for ever
 *   /to-other-host      302 to the same server under the name localhost (another host)
 *   /huge               200, a body that never ends (megabytes a second while read)
 *   /echo               500 echoing the request line's URL and the headers as JSON
 *   /basic              200 with the right Basic credentials (deploy:pa$$w0rd), else 401
 *   /script/<name>      the next answer of the script set with script(name, answers)
 * Routes ignore the query. Every request is recorded (path without query, and headers).
 */
export class ScriptedServer {
  readonly requests: Array<{ path: string; headers: IncomingMessage['headers'] }> = []
  /** Bytes /huge managed to write before the client went away. */
  hugeBytesWritten = 0
  /** Resolves when the client of /huge has gone away. */
  readonly hugeClosed: Promise<void>
  private hugeClosedNow: () => void = () => undefined
  private readonly scripts = new Map<string, Answer[]>()
  private readonly server: Server

  private constructor() {
    this.server = createServer((req, res) => this.answer(req, res))
    this.hugeClosed = new Promise(resolve => (this.hugeClosedNow = resolve))
  }

  static async start(): Promise<ScriptedServer> {
    const scripted = new ScriptedServer()
    await new Promise<void>(resolve => scripted.server.listen(0, '127.0.0.1', resolve))
    return scripted
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port
  }

  url(path: string): URL {
    return new URL(`http://127.0.0.1:${this.port}${path}`)
  }

  /** The answers /script/<name> gives, in order; the last one repeats. */
  script(name: string, answers: Answer[]): void {
    this.scripts.set(name, [...answers])
  }

  async close(): Promise<void> {
    this.server.closeAllConnections()
    await new Promise<void>(resolve => this.server.close(() => resolve()))
  }

  private answer(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '/').replace(/\?.*$/s, '')
    this.requests.push({ path, headers: req.headers })
    const send = (status: number, body = '', headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers })
      res.end(body)
    }
    const redirect = (location: string): void => send(302, 'moved', { location })
    const chain = /^\/redirect\/(\d+)$/.exec(path)
    const scripted = /^\/script\/([\w-]+)$/.exec(path)
    if (path === '/ok') return send(200, 'status: UP')
    if (path === '/fail') return send(500, 'boom\n\u001b[31mred\u0000 ::error::x')
    if (path === '/wrong-body') return send(200, 'status: DOWN')
    if (path === '/slow') {
      setTimeout(() => send(200, 'status: UP'), 100)
      return
    }
    if (path === '/hang') return
    if (path === '/hang-body') {
      res.writeHead(200, { 'content-type': 'text/plain' })
      res.write('status: U')
      return
    }
    if (chain) {
      const left = Number(chain[1])
      return redirect(left <= 1 ? '/ok' : `/redirect/${left - 1}`)
    }
    if (path === '/loop') return redirect('/loop')
    if (path === '/to-other-host') return redirect(`http://localhost:${this.port}/ok`)
    if (path === '/huge') return this.endless(res)
    if (path === '/echo') return send(500, JSON.stringify({ url: req.url, ...req.headers }))
    if (path === '/basic') {
      const expected = `Basic ${Buffer.from('deploy:pa$$w0rd').toString('base64')}`
      return req.headers.authorization === expected ? send(200, 'status: UP') : send(401, 'who?')
    }
    if (scripted) {
      const answers = this.scripts.get(scripted[1] as string) ?? []
      const next = answers.length > 1 ? answers.shift() : answers[0]
      if (next === undefined || next === 'hang') return
      return send(next.status, next.body ?? '', next.headers)
    }
    send(404, 'no such route')
  }

  private endless(res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/plain' })
    const chunk = Buffer.alloc(16 * 1024, 'x')
    const pump = (): void => {
      while (!res.destroyed) {
        this.hugeBytesWritten += chunk.length
        if (!res.write(chunk)) {
          res.once('drain', pump)
          return
        }
      }
    }
    res.on('close', () => {
      res.removeAllListeners('drain')
      this.hugeClosedNow()
    })
    pump()
  }
}

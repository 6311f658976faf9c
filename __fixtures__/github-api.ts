// A stand-in for the GitHub REST endpoints the action calls for deployments, on 127.0.0.1 and a
// port of its own: it records each request and answers as GitHub does (201 with an id), or with
// the status a test asks for. Point the action at it with GITHUB_API_URL.
import { createServer } from 'node:http'
import type { IncomingMessage, Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface GithubRequest {
  method: string
  path: string
  authorization?: string
  body: Record<string, unknown>
}

export interface GithubStandIn {
  /** The base URL, for GITHUB_API_URL. */
  url: string
  requests: GithubRequest[]
  /** The deployments created, in order. */
  deployments(): GithubRequest[]
  /** The statuses posted, in order. */
  statuses(): GithubRequest[]
  /**
   * Every request after the first `granted` ones (default: all of them) is answered with this
   * status and a GitHub error body.
   */
  refuseWith(status: number, message: string, granted?: number): void
  close(): Promise<void>
}

const DEPLOYMENTS = /^\/repos\/([^/]+)\/([^/]+)\/deployments$/
const STATUSES = /^\/repos\/([^/]+)\/([^/]+)\/deployments\/(\d+)\/statuses$/

export async function startGithubStandIn(): Promise<GithubStandIn> {
  const requests: GithubRequest[] = []
  let refusal: { status: number; message: string; granted: number } | undefined
  let nextId = 1000
  const server = createServer((req, res) => {
    void readBody(req).then(text => {
      const path = new URL(req.url ?? '/', 'http://stand-in').pathname
      const body = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>)
      requests.push({
        method: req.method ?? '',
        path,
        authorization: req.headers.authorization,
        body
      })
      const answer = (status: number, payload: unknown): void => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
        res.end(JSON.stringify(payload))
      }
      if (refusal && requests.length > refusal.granted)
        return answer(refusal.status, {
          message: refusal.message,
          documentation_url: 'https://docs.github.com/rest'
        })
      if (req.method === 'POST' && DEPLOYMENTS.test(path)) {
        const id = nextId++
        return answer(201, { id, ref: body.ref, environment: body.environment })
      }
      const status = STATUSES.exec(path)
      if (req.method === 'POST' && status)
        return answer(201, { id: nextId++, state: body.state, deployment_id: Number(status[3]) })
      answer(404, { message: 'Not Found' })
    })
  })
  await listen(server)
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    deployments: () => requests.filter(r => r.method === 'POST' && DEPLOYMENTS.test(r.path)),
    statuses: () => requests.filter(r => r.method === 'POST' && STATUSES.test(r.path)),
    refuseWith: (status, message, granted = 0) => {
      refusal = { status, message, granted }
    },
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

/** A URL on 127.0.0.1 where nothing listens: a port that was just free, closed again. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer()
  await listen(server)
  const { port } = server.address() as AddressInfo
  await new Promise<void>(resolve => server.close(() => resolve()))
  return `http://127.0.0.1:${port}`
}

function listen(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

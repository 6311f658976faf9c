import type { Clock } from '../src/clock.js'

interface Timer {
  at: number
  seq: number
  resolve: () => void
}

/**
 * A clock whose sleeps end at once, in wake-up order, moving virtual time forward to each
 * wake-up. Shared by the action and the emulator in a test, it turns minutes of waiting into
 * milliseconds while the order of events (and every elapsed-time figure) stays as in real time.
 */
export class VirtualClock implements Clock {
  private current: number
  private seq = 0
  private readonly timers: Timer[] = []
  private draining = false

  constructor(start: number | Date = Date.UTC(2026, 10, 22, 10, 0, 0)) {
    this.current = typeof start === 'number' ? start : start.getTime()
  }

  now(): number {
    return this.current
  }

  /** Moves time forward without anyone sleeping (e.g. "the pod has been stopped for 5 minutes"). */
  advance(ms: number): void {
    this.current += ms
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason)
      const timer: Timer = {
        at: this.current + Math.max(0, ms),
        seq: this.seq++,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort)
          resolve()
        }
      }
      const onAbort = (): void => {
        const index = this.timers.indexOf(timer)
        if (index !== -1) this.timers.splice(index, 1)
        reject(signal?.reason)
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      this.timers.push(timer)
      this.scheduleDrain()
    })
  }

  // Wakes one sleeper per macrotask so that I/O started by the previous one (a request to the
  // emulator, say) gets a turn before time moves on again.
  private scheduleDrain(): void {
    if (this.draining) return
    this.draining = true
    setTimeout(() => {
      this.draining = false
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq)
      const next = this.timers.shift()
      if (!next) return
      this.current = Math.max(this.current, next.at)
      next.resolve()
      if (this.timers.length > 0) this.scheduleDrain()
    }, 1)
  }
}

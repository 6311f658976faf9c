import type { Container, Pod } from '../../src/jdcloud/types.js'
import { assessPod, progressLine } from '../../src/rollout/health.js'

function pod(
  phase: string,
  containers: Array<Partial<Container> & { status?: Container['containerStatus'] }>
): Pod {
  return {
    podId: 'pod-a',
    podStatus: { phase },
    containers: containers.map((c, i) => ({
      name: c.name ?? `c${i}`,
      image: c.image ?? 'app:2',
      containerStatus: c.status
    }))
  }
}

describe('assessPod', () => {
  test('ready: running, every container ready, on the expected specs', () => {
    const health = assessPod(
      pod('Running', [{ status: { ready: true, restartCount: 0, state: { running: {} } } }]),
      {
        specs: new Map([['c0', { name: 'c0', image: 'app:2' }]])
      }
    )
    expect(health).toMatchObject({ phase: 'running', ready: true, readyCount: 1, total: 1 })
  })

  test('running and ready on other images: not ready, and a failing sign (fail-fast lets a stale read clear)', () => {
    const health = assessPod(pod('running', [{ image: 'app:1', status: { ready: true } }]), {
      specs: new Map([['c0', { name: 'c0', image: 'app:2' }]])
    })
    expect(health.ready).toBe(false)
    expect(health.failing).toBe(
      'container c0 runs app:1, not app:2: the change did not land, or someone else changed the pod meanwhile'
    )
    const starting = assessPod(pod('running', [{ image: 'app:1', status: { ready: false } }]), {
      specs: new Map([['c0', { name: 'c0', image: 'app:2' }]])
    })
    expect(starting.failing).toBeUndefined()
  })

  test('not ready in any other phase or with a container not ready', () => {
    expect(assessPod(pod('starting', [{ status: { ready: true } }])).ready).toBe(false)
    expect(
      assessPod(pod('running', [{ status: { ready: true } }, { status: { ready: false } }])).ready
    ).toBe(false)
    expect(assessPod(pod('running', [])).ready).toBe(false)
  })

  test.each([
    'ErrImagePull',
    'ImagePullBackOff',
    'InvalidImageName',
    'CrashLoopBackOff',
    'CreateContainerConfigError'
  ])('%s is failing', reason => {
    const health = assessPod(
      pod('running', [
        { name: 'web', status: { ready: false, state: { waiting: { reason, message: 'why' } } } }
      ])
    )
    expect(health.failing).toBe(`container web: ${reason} (why)`)
  })

  test('ContainerCreating is progress, not failure', () => {
    expect(
      assessPod(
        pod('running', [{ status: { state: { waiting: { reason: 'ContainerCreating' } } } }])
      ).failing
    ).toBeUndefined()
  })

  test('phase error is failing, with the reason', () => {
    const failing = {
      ...pod('error', []),
      podStatus: { phase: 'error', reason: 'OutOfQuota', message: 'no capacity' }
    }
    expect(assessPod(failing).failing).toBe('pod phase is error (OutOfQuota: no capacity)')
  })

  test('restarts since the wait began, while not ready, are a crash loop', () => {
    const restarting = pod('running', [
      {
        name: 'web',
        status: {
          ready: false,
          restartCount: 2,
          state: { running: {} },
          lastState: { terminated: { reason: 'Error', exitCode: 1 } }
        }
      }
    ])
    expect(assessPod(restarting, { restartBaseline: new Map([['web', 0]]) }).failing).toBe(
      'container web keeps restarting (2 restarts, last: Error (exit code 1))'
    )
    expect(
      assessPod(restarting, { restartBaseline: new Map([['web', 2]]) }).failing
    ).toBeUndefined()
  })

  test('progressLine names what changes: phase, ready count, restarts, waiting reasons', () => {
    const health = assessPod(
      pod('running', [
        {
          name: 'web',
          status: {
            ready: false,
            restartCount: 1,
            state: { waiting: { reason: 'ImagePullBackOff' } }
          }
        }
      ])
    )
    expect(progressLine(health)).toBe(
      'phase running, 0/1 containers ready, 1 restarts (web: ImagePullBackOff)'
    )
  })
})

// Container states as a Go server marshals them. jdcloud-sdk-go declares ContainerState's parts
// and ContainerStatus's state and lastState as non-pointer structs with no omitempty
// (services/pod/models/ContainerState.go, ContainerStatus.go, ContainerStateWaiting.go,
// ContainerStateRunning.go, ContainerStateTerminated.go): every part is sent, the unset ones with
// their zero values. The `goShapedStates` option answers that way, so a client that takes the
// presence of `waiting` for a waiting container is caught.
import type { ContainerState, Pod } from './wire.js'

const EMPTY = {
  waiting: { reason: '', message: '' },
  running: { startedAt: '' },
  terminated: { signal: 0, exitCode: 0, reason: '', message: '', finishedAt: '', startedAt: '' }
}

export function goShapedState(state: ContainerState | null | undefined): ContainerState {
  return {
    waiting: { ...EMPTY.waiting, ...state?.waiting },
    running: { ...EMPTY.running, ...state?.running },
    terminated: { ...EMPTY.terminated, ...state?.terminated }
  }
}

/** The pod with every container's state and lastState in the Go shape. */
export function goShapedPod(pod: Pod): Pod {
  return {
    ...pod,
    containers: (pod.containers ?? []).map(container =>
      container.containerStatus
        ? {
            ...container,
            containerStatus: {
              ...container.containerStatus,
              state: goShapedState(container.containerStatus.state),
              lastState: goShapedState(container.containerStatus.lastState)
            }
          }
        : container
    )
  }
}

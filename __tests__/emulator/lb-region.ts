// A small region with load balancers for the emulator's lb tests: an alb with an Http backend in
// front of two pods, an nlb with a Tcp backend in front of a third, a dnlb group, and an alb
// backend with no target group.
import { podSeed } from '../../emulator/index.js'
import type { Seed } from '../../emulator/index.js'

export function lbRegion(): Seed {
  return {
    pods: ['pod-a', 'pod-b', 'pod-c', 'pod-d'].map(podId => podSeed({ podId })),
    loadBalancing: {
      targetGroups: [
        {
          targetGroupId: 'tg-web',
          targetGroupName: 'web',
          loadBalancerId: 'alb-shop',
          loadBalancerType: 'alb'
        },
        {
          targetGroupId: 'tg-tcp',
          targetGroupName: 'tcp',
          loadBalancerId: 'nlb-shop',
          loadBalancerType: 'nlb'
        },
        {
          targetGroupId: 'tg-dist',
          targetGroupName: 'dist',
          loadBalancerId: 'dnlb-shop',
          loadBalancerType: 'dnlb'
        }
      ],
      backends: [
        { backendId: 'be-http', backendName: 'http', port: 80, targetGroupIds: ['tg-web'] },
        {
          backendId: 'be-tcp',
          backendName: 'tcp',
          port: 443,
          targetGroupIds: ['tg-tcp'],
          connectionDrainingSeconds: 30
        },
        {
          backendId: 'be-idle',
          backendName: 'idle',
          port: 8080,
          targetGroupIds: [],
          loadBalancerId: 'alb-shop',
          loadBalancerType: 'alb'
        }
      ],
      targets: [
        {
          targetGroupId: 'tg-web',
          type: 'container',
          instanceId: 'pod-a',
          port: 80,
          targetId: 'target-a'
        },
        {
          targetGroupId: 'tg-web',
          type: 'container',
          instanceId: 'pod-b',
          port: 80,
          targetId: 'target-b'
        },
        {
          targetGroupId: 'tg-tcp',
          type: 'container',
          instanceId: 'pod-c',
          weight: 20,
          targetId: 'target-c'
        }
      ]
    }
  }
}

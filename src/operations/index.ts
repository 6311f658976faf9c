import type { OperationContext, OperationOutcome } from './context.js'
import { deploy } from './deploy.js'
import { maintain } from './maintenance.js'
import { rotateSecret } from './rotate-secret.js'
import type { OperationSettings } from './settings.js'
import { status } from './status.js'

export async function runOperation(
  ctx: OperationContext,
  settings: OperationSettings
): Promise<OperationOutcome> {
  switch (settings.operation) {
    case 'deploy':
      return deploy(ctx, settings)
    case 'rotate-secret':
      return rotateSecret(ctx, settings)
    case 'status':
      return status(ctx, settings)
    case 'start':
    case 'stop':
    case 'restart':
      return maintain(ctx, settings)
  }
}

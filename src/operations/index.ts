import type { OperationContext, OperationOutcome } from './context.js'
import { deploy } from './deploy.js'
import { maintain } from './maintenance.js'
import { rotateSecret } from './rotate-secret.js'
import { status } from './status.js'

export async function runOperation(ctx: OperationContext): Promise<OperationOutcome> {
  const operation = ctx.settings.operation
  switch (operation) {
    case 'deploy':
      return deploy(ctx)
    case 'rotate-secret':
      return rotateSecret(ctx)
    case 'status':
      return status(ctx)
    case 'start':
    case 'stop':
    case 'restart':
      return maintain(ctx, operation)
  }
}

/**
 * Retiring secret versions, the only deletions this action makes: a version goes only when a
 * whole view of the region's pods (see pod-view.ts) shows no pod using it, read again right before
 * the deletion. When no whole view can be had, nothing is deleted and the log says why.
 */
import type { Rotation } from './settings.js'
import type { SecretReport, SecretVersionReport } from '../report/model.js'
import { planPrune, oldestDeletable } from '../secrets/prune.js'
import { secretReferences } from '../secrets/references.js'
import { familyVersions } from '../secrets/versions.js'
import type { SecretVersion } from '../secrets/versions.js'
import type { OperationContext } from './context.js'
import { wholePodView } from './pod-view.js'

type Verdict = { free: true } | { free: false; why: string; usedBy?: string[] }

/** Whether `name` is used by no pod, on a whole view read now. */
async function unused(ctx: OperationContext, name: string, signal: AbortSignal): Promise<Verdict> {
  const view = await wholePodView(ctx.pods, { signal })
  if (!view.whole) return { free: false, why: view.why }
  const usedBy = secretReferences(view.pods).get(name)
  return usedBy && usedBy.length > 0 ? { free: false, why: 'in use by', usedBy } : { free: true }
}

/** The family's versions, and which pods use each, on a whole view; undefined when none can be had. */
export async function familyAndReferences(
  ctx: OperationContext,
  base: string,
  signal: AbortSignal
): Promise<{ versions: SecretVersion[]; references: Map<string, string[]> } | { why: string }> {
  const [{ secrets }, view] = await Promise.all([
    ctx.secrets.describeAllSecrets([{ name: 'name', values: [base] }], { signal }),
    wholePodView(ctx.pods, { signal })
  ])
  if (!view.whole) return { why: view.why }
  return { versions: familyVersions(base, secrets), references: secretReferences(view.pods) }
}

/** On the secret quota: the family's oldest version that keep-secrets and every pod let go. */
export async function makeRoom(
  ctx: OperationContext,
  rotation: Rotation,
  signal: AbortSignal
): Promise<SecretVersion | { why: string }> {
  const family = await familyAndReferences(ctx, rotation.baseName, signal)
  if ('why' in family) return family
  const deletable = oldestDeletable(family.versions, family.references, rotation.keep)
  if (!deletable)
    return {
      why: `no version of ${rotation.baseName} can go (each is kept by keep-secrets or used by a pod)`
    }
  const verdict = await unused(ctx, deletable.name, signal)
  if (!verdict.free)
    return {
      why: `${deletable.name} cannot go: ${verdict.why}${verdict.usedBy ? ` ${verdict.usedBy.join(', ')}` : ''}`
    }
  ctx.log.warning(
    `The secret quota is full: deleting ${deletable.name}, an old version of ${rotation.baseName} that no pod uses`
  )
  await ctx.secrets.deleteSecret(deletable.name, { signal })
  return deletable
}

/** After a failed move: the new version goes only if no pod ended up using it. */
export async function retireUnusedNewVersion(
  ctx: OperationContext,
  name: string,
  secret: SecretReport
): Promise<void> {
  const { log, cancellation } = ctx
  const created = secret.versions[0] as SecretVersionReport
  try {
    const verdict = await unused(ctx, name, cancellation.restoreSignal)
    if (!verdict.free) {
      Object.assign(
        created,
        verdict.usedBy
          ? {
              outcome: 'in-use',
              reason: 'created; kept because it is in use by',
              usedBy: verdict.usedBy
            }
          : { outcome: 'kept', reason: `created; kept: ${verdict.why}` }
      )
      if (!verdict.usedBy) log.warning(`Kept ${name}: ${verdict.why}`)
      return
    }
    await ctx.secrets.deleteSecret(name, { signal: cancellation.restoreSignal })
    Object.assign(created, {
      outcome: 'deleted',
      reason: 'created, then deleted: no pod could use it'
    })
    secret.deleted.push(name)
  } catch (error) {
    log.warning(`Could not tidy up ${name}: ${(error as Error).message}`)
    Object.assign(created, {
      outcome: 'delete-failed',
      reason: `could not check or delete it: ${(error as Error).message}`
    })
  }
}

/** After a successful move: the older versions beyond keep-secrets that no pod uses. */
export async function pruneOlderVersions(
  ctx: OperationContext,
  rotation: Rotation,
  newName: string,
  secret: SecretReport
): Promise<void> {
  const { log, cancellation } = ctx
  const family = await familyAndReferences(ctx, rotation.baseName, cancellation.signal)
  if ('why' in family) {
    log.warning(`No old version of ${rotation.baseName} was deleted: ${family.why}`)
    return
  }
  const decisions = planPrune(
    family.versions.filter(version => version.name !== newName),
    family.references,
    rotation.keep
  )
  for (const decision of decisions) {
    if (decision.outcome !== 'deleted') {
      log.info(
        `Kept ${decision.name}: ${decision.reason}${decision.usedBy ? ` ${decision.usedBy.join(', ')}` : ''}`
      )
      secret.versions.push(decision)
      continue
    }
    try {
      cancellation.guard()
      // Read again right before deleting: a pod may have moved onto it since the plan.
      const verdict = await unused(ctx, decision.name, cancellation.signal)
      if (!verdict.free) {
        const kept: SecretVersionReport = verdict.usedBy
          ? { ...decision, outcome: 'in-use', reason: 'still in use by', usedBy: verdict.usedBy }
          : { ...decision, outcome: 'kept', reason: `not deleted: ${verdict.why}` }
        log.info(
          `Kept ${decision.name}: ${kept.reason}${kept.usedBy ? ` ${kept.usedBy.join(', ')}` : ''}`
        )
        secret.versions.push(kept)
        continue
      }
      await ctx.secrets.deleteSecret(decision.name, { signal: cancellation.signal })
      secret.deleted.push(decision.name)
      log.info(`Deleted ${decision.name}: ${decision.reason}`)
      secret.versions.push(decision)
    } catch (error) {
      log.warning(`Could not delete ${decision.name}: ${(error as Error).message}`)
      secret.versions.push({
        ...decision,
        outcome: 'delete-failed',
        reason: (error as Error).message
      })
    }
  }
}

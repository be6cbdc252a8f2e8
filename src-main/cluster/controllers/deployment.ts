// deployment-controller: one ReplicaSet per pod template (`<deploy>-<pod-template-hash>`), revisions in the
// `deployment.kubernetes.io/revision` annotation (an old template reused by `rollout undo` gets the next number),
// RollingUpdate bounded by maxSurge/maxUnavailable, Recreate, pause, proportional scaling mid-rollout,
// revisionHistoryLimit, and the Available/Progressing conditions `kubectl rollout status` reads.
// The rollout arithmetic lives in deployment-util.ts; this file reads the store and writes the results.
import type { KObject, OwnerReference } from '../api-types'
import type { Clock, TimerHandle } from '../clock'
import { isStatusError } from '../store/errors'
import { rfc3339 } from '../store/ids'
import { GVRS } from '../store/registry'
import { watchRefs } from '../store/store'
import { matchLabelSelector } from '../store/selectors'
import type { Store } from '../store/types'
import { stableJSON } from '../stable-json'
import * as u from './deployment-util'
import type { Recorder } from './events'
import { createQueue, nsKey, splitKey } from './queue'
import type { Controller } from './scheduler'

const SOURCE = { component: 'deployment-controller' }

const controllerRef = (o: KObject): OwnerReference | undefined => o.metadata.ownerReferences?.find((r) => r.controller)

export function startDeploymentController(deps: { store: Store; clock: Clock; recorder: Recorder }): Controller {
  const { store, clock, recorder } = deps
  const q = createQueue(clock, 'deployment', reconcile)
  const enqueueOwnerOf = (rs: KObject) => {
    const ref = controllerRef(rs)
    if (ref?.kind === 'Deployment') q.add(nsKey(rs.metadata.namespace, ref.name))
    else if (!ref) {
      // An orphaned ReplicaSet may be adopted by a Deployment whose selector matches it.
      for (const d of store.list(GVRS.deployments, { namespace: rs.metadata.namespace }).items) {
        if (matchLabelSelector(d.spec?.selector, rs.metadata.labels)) q.add(nsKey(d.metadata.namespace, d.metadata.name!))
      }
    }
  }
  const unwatch = [
    watchRefs(store, GVRS.deployments, {}, (e) => q.add(nsKey(e.object.metadata.namespace, e.object.metadata.name!))),
    watchRefs(store, GVRS.replicasets, { resourceVersion: store.resourceVersion() }, (e) => enqueueOwnerOf(e.object)),
    // Recreate waits until the old pods are really gone, which no ReplicaSet status shows.
    watchRefs(store, GVRS.pods, { resourceVersion: store.resourceVersion() }, (e) => {
      if (e.type !== 'DELETED') return
      const ref = controllerRef(e.object)
      if (ref?.kind !== 'ReplicaSet') return
      try {
        enqueueOwnerOf(store.get(GVRS.replicasets, e.object.metadata.namespace, ref.name))
      } catch {
        // the ReplicaSet is gone too
      }
    }),
  ]

  const now = () => rfc3339(clock.now())
  // Progress-deadline wake-ups, cancelled as soon as the rollout completes so a settled cluster has no pending
  // timers (instant speed would otherwise run the sim clock ahead towards them).
  const deadlines = new Map<string, TimerHandle>()
  function wakeAt(key: string, at: number | undefined): void {
    deadlines.get(key)?.cancel()
    deadlines.delete(key)
    if (at === undefined) return
    deadlines.set(
      key,
      clock.schedule(
        Math.max(0, at - clock.now()),
        () => {
          deadlines.delete(key)
          q.add(key)
        },
        `deployment deadline ${key}`,
      ),
    )
  }

  function reconcile(key: string): void {
    const { namespace, name } = splitKey(key)
    let d: KObject
    try {
      d = store.get(GVRS.deployments, namespace, name)
    } catch (e) {
      if (isStatusError(e) && e.code === 404) return wakeAt(key, undefined)
      throw e
    }
    new Sync(d).run()
  }

  /** One reconcile pass over one Deployment; keeps its own fresh copies of the objects it writes. */
  class Sync {
    d: KObject
    ns: string
    rss: KObject[] = []
    constructor(d: KObject) {
      this.d = d
      this.ns = d.metadata.namespace!
    }

    run(): void {
      this.rss = this.claimReplicaSets()
      if (this.d.metadata.deletionTimestamp) return this.syncStatusOnly()
      this.checkPausedConditions()
      if (this.d.spec.paused) return this.syncScaleOnly()
      if (this.isScalingEvent()) return this.syncScaleOnly()
      if (u.isRolling(this.d)) this.rolloutRolling()
      else this.rolloutRecreate()
    }

    /** Owned ReplicaSets, adopting orphans the selector matches (e.g. after `delete --cascade=orphan`). */
    claimReplicaSets(): KObject[] {
      const uid = this.d.metadata.uid!
      const out: KObject[] = []
      for (const rs of store.list(GVRS.replicasets, { namespace: this.ns }).items) {
        const ref = controllerRef(rs)
        if (ref?.uid === uid) out.push(rs)
        else if (!ref && !rs.metadata.deletionTimestamp && !this.d.metadata.deletionTimestamp && matchLabelSelector(this.d.spec?.selector, rs.metadata.labels)) {
          const own: OwnerReference = { apiVersion: 'apps/v1', kind: 'Deployment', name: this.d.metadata.name!, uid, controller: true, blockOwnerDeletion: true }
          out.push(store.update(GVRS.replicasets, this.ns, rs.metadata.name!, { ...rs, metadata: { ...rs.metadata, ownerReferences: [...(rs.metadata.ownerReferences ?? []), own] } }))
        }
      }
      return out
    }

    replace(rs: KObject): KObject {
      this.rss = this.rss.map((x) => (x.metadata.name === rs.metadata.name ? rs : x))
      return rs
    }

    split(create: boolean): { newRS?: KObject; old: KObject[] } {
      let newRS = u.findNewReplicaSet(this.d, this.rss)
      const old = () => this.rss.filter((rs) => rs.metadata.name !== newRS?.metadata.name)
      const newRevision = old().reduce((m, rs) => Math.max(m, u.revisionOf(rs)), 0) + 1
      if (newRS) {
        const anns = u.newRSAnnotations(this.d, newRS, newRevision)
        const minReady = this.d.spec.minReadySeconds ?? 0
        if (anns || (newRS.spec.minReadySeconds ?? 0) !== minReady) {
          newRS = this.replace(
            store.update(GVRS.replicasets, this.ns, newRS.metadata.name!, {
              ...newRS,
              metadata: { ...newRS.metadata, annotations: anns ?? newRS.metadata.annotations },
              spec: { ...newRS.spec, minReadySeconds: minReady },
            }),
          )
        }
        this.setRevision(u.revisionOf(newRS))
        if (!u.getCondition(this.d, 'Progressing') && u.hasProgressDeadline(this.d)) {
          this.writeConditions(u.condition('Progressing', 'True', 'FoundNewReplicaSet', `Found new replica set "${newRS.metadata.name}"`, now()))
        }
        return { newRS, old: old() }
      }
      if (!create) return { old: old() }
      newRS = this.createNewRS(newRevision, old())
      return { newRS, old: old() }
    }

    createNewRS(revision: number, old: KObject[]): KObject {
      const d = this.d
      const collisions = d.status?.collisionCount ?? 0
      const hash = u.templateHash(d.spec.template, collisions)
      const rsName = `${d.metadata.name}-${hash}`
      const template = structuredClone(d.spec.template)
      template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), [u.HASH_LABEL]: hash } }
      const replicas = u.newRSReplicas(d, old, undefined)
      const skeleton: KObject = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: {} }
      const annotations = { ...(u.newRSAnnotations(d, skeleton, revision) ?? {}) }
      Object.assign(annotations, u.replicasAnnotations(d, annotations))
      let created: KObject
      try {
        created = store.create(GVRS.replicasets, this.ns, {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          metadata: {
            name: rsName,
            labels: { ...(d.spec.template?.metadata?.labels ?? {}), [u.HASH_LABEL]: hash },
            annotations,
            ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata.name!, uid: d.metadata.uid!, controller: true, blockOwnerDeletion: true }],
          },
          spec: {
            replicas,
            minReadySeconds: d.spec.minReadySeconds ?? 0,
            selector: { ...d.spec.selector, matchLabels: { ...(d.spec.selector?.matchLabels ?? {}), [u.HASH_LABEL]: hash } },
            template,
          },
        })
      } catch (e) {
        if (!(isStatusError(e) && e.code === 409 && e.status.reason === 'AlreadyExists')) throw e
        const other = store.get(GVRS.replicasets, this.ns, rsName)
        if (controllerRef(other)?.uid === d.metadata.uid && u.equalIgnoreHash(other.spec.template, d.spec.template)) return other
        // A hash collision with someone else's ReplicaSet: bump collisionCount so the next pass picks a new name.
        this.writeStatus({ ...(this.d.status ?? {}), collisionCount: collisions + 1 })
        throw e
      }
      this.rss.push(created)
      if (replicas > 0) recorder.event(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${rsName} from 0 to ${replicas}`, SOURCE)
      this.setRevision(revision)
      if (u.hasProgressDeadline(d)) this.writeConditions(u.condition('Progressing', 'True', 'NewReplicaSetCreated', `Created new replica set "${rsName}"`, now()))
      return created
    }

    setRevision(revision: number): void {
      const cur = this.d.metadata.annotations?.[u.REVISION]
      if (cur !== undefined && Number(cur) >= revision) return
      this.d = store.update(GVRS.deployments, this.ns, this.d.metadata.name!, {
        ...this.d,
        metadata: { ...this.d.metadata, annotations: { ...(this.d.metadata.annotations ?? {}), [u.REVISION]: String(revision) } },
      })
    }

    writeConditions(c: u.Condition): void {
      const conditions = u.setCondition(this.d.status?.conditions ?? [], c)
      if (conditions !== (this.d.status?.conditions ?? [])) this.writeStatus({ ...(this.d.status ?? {}), conditions })
    }

    writeStatus(status: any): void {
      if (stableJSON(status) === stableJSON(this.d.status ?? {})) return
      this.d = store.update(GVRS.deployments, this.ns, this.d.metadata.name!, { ...this.d, status }, { subresource: 'status' })
    }

    /** Resize one ReplicaSet (and restamp its desired/max annotations); an event only when the size changes. */
    scaleRS(rs: KObject, to: number): KObject {
      const from = u.specReplicas(rs)
      const anns = u.replicasAnnotations(this.d, rs.metadata.annotations)
      if (from === to && !anns) return rs
      const updated = this.replace(
        store.update(GVRS.replicasets, this.ns, rs.metadata.name!, { ...rs, metadata: { ...rs.metadata, annotations: anns ?? rs.metadata.annotations }, spec: { ...rs.spec, replicas: to } }),
      )
      if (from !== to) recorder.event(this.d, 'Normal', 'ScalingReplicaSet', `Scaled ${to > from ? 'up' : 'down'} replica set ${rs.metadata.name} from ${from} to ${to}`, SOURCE)
      return updated
    }

    checkPausedConditions(): void {
      if (!u.hasProgressDeadline(this.d)) return
      const cond = u.getCondition(this.d, 'Progressing')
      if (cond?.reason === 'ProgressDeadlineExceeded') return
      const pausedNow = cond?.reason === 'DeploymentPaused'
      if (this.d.spec.paused && !pausedNow) this.writeConditions(u.condition('Progressing', 'Unknown', 'DeploymentPaused', 'Deployment is paused', now()))
      else if (!this.d.spec.paused && pausedNow) this.writeConditions(u.condition('Progressing', 'Unknown', 'DeploymentResumed', 'Deployment is resumed', now()))
    }

    isScalingEvent(): boolean {
      const { newRS, old } = this.split(false)
      const want = String(this.d.spec.replicas ?? 1)
      return [...old, ...(newRS ? [newRS] : [])].some((rs) => u.specReplicas(rs) > 0 && rs.metadata.annotations?.[u.DESIRED_REPLICAS] !== undefined && rs.metadata.annotations[u.DESIRED_REPLICAS] !== want)
    }

    /** Paused or resized: adjust sizes only, no new template rollout. */
    syncScaleOnly(): void {
      const { newRS, old } = this.split(false)
      this.scale(newRS, old)
      if (this.d.spec.paused) this.cleanup(old)
      this.writeStatus(this.calculateStatus(this.current(newRS)))
    }

    syncStatusOnly(): void {
      const { newRS } = this.split(false)
      this.writeStatus(this.calculateStatus(newRS))
    }

    current(rs: KObject | undefined): KObject | undefined {
      return rs && this.rss.find((x) => x.metadata.name === rs.metadata.name)
    }

    scale(newRS: KObject | undefined, old: KObject[]): void {
      const replicas = this.d.spec.replicas ?? 1
      const active = [...old, ...(newRS ? [newRS] : [])].filter((rs) => u.specReplicas(rs) > 0)
      if (active.length <= 1) {
        const target = active[0] ?? newRS ?? [...old].sort(u.byCreation).at(-1)
        if (target) this.scaleRS(target, replicas)
        return
      }
      if (newRS && u.specReplicas(newRS) === replicas && newRS.metadata.annotations?.[u.DESIRED_REPLICAS] === String(replicas) && (newRS.status?.availableReplicas ?? 0) === replicas) {
        for (const rs of old) if (u.specReplicas(rs) > 0) this.scaleRS(rs, 0)
        return
      }
      if (!u.isRolling(this.d)) return
      const sizes = u.proportionalSizes(this.d, active)
      for (const rs of active) this.scaleRS(this.current(rs)!, sizes.get(rs.metadata.name!)!)
    }

    rolloutRolling(): void {
      const { newRS: created, old } = this.split(true)
      let newRS = created!
      // Scale up, if we can.
      const want = u.newRSReplicas(this.d, this.rss, newRS)
      const replicas = this.d.spec.replicas ?? 1
      const target = u.specReplicas(newRS) > replicas ? replicas : want
      if (u.specReplicas(newRS) !== replicas && target !== u.specReplicas(newRS)) {
        newRS = this.scaleRS(newRS, target)
        return this.syncRolloutStatus(newRS)
      }
      if (this.reconcileOld(newRS, old)) return this.syncRolloutStatus(this.current(newRS))
      if (this.complete(this.d.status)) this.cleanup(old)
      this.syncRolloutStatus(this.current(newRS))
    }

    /** Scale old ReplicaSets down as far as maxUnavailable allows, unhealthy replicas first. */
    reconcileOld(newRS: KObject, oldIn: KObject[]): boolean {
      const old = () => oldIn.map((rs) => this.current(rs)!).filter((rs) => u.specReplicas(rs) > 0)
      if (!u.sumSpec(old())) return false
      const replicas = this.d.spec.replicas ?? 1
      const minAvailable = replicas - u.maxUnavailable(this.d)
      const newUnavailable = u.specReplicas(newRS) - (newRS.status?.availableReplicas ?? 0)
      const maxScaledDown = u.sumSpec(this.rss) - minAvailable - newUnavailable
      if (maxScaledDown <= 0) return false
      let total = 0
      for (const rs of [...old()].sort(u.byCreation)) {
        if (total >= maxScaledDown) break
        const unhealthy = u.specReplicas(rs) - (rs.status?.availableReplicas ?? 0)
        if (unhealthy <= 0) continue
        const n = Math.min(maxScaledDown - total, unhealthy)
        this.scaleRS(rs, u.specReplicas(rs) - n)
        total += n
      }
      const available = u.sumStatus(this.rss, 'availableReplicas')
      if (available > minAvailable) {
        const budget = available - minAvailable
        let done = 0
        for (const rs of [...old()].sort(u.byCreation)) {
          if (done >= budget) break
          const n = Math.min(u.specReplicas(rs), budget - done)
          this.scaleRS(rs, u.specReplicas(rs) - n)
          done += n
        }
        total += done
      }
      return total > 0
    }

    rolloutRecreate(): void {
      let { newRS, old } = this.split(false)
      let scaledDown = false
      for (const rs of old) if (u.specReplicas(rs) > 0) (this.scaleRS(rs, 0), (scaledDown = true))
      if (scaledDown) return this.syncRolloutStatus(this.current(newRS))
      if (this.oldPodsRunning(newRS)) return this.syncRolloutStatus(this.current(newRS))
      if (!newRS) ({ newRS, old } = this.split(true))
      const replicas = this.d.spec.replicas ?? 1
      if (u.specReplicas(newRS) !== replicas) newRS = this.scaleRS(newRS!, replicas)
      if (this.complete(this.d.status)) this.cleanup(old)
      this.syncRolloutStatus(this.current(newRS))
    }

    oldPodsRunning(newRS: KObject | undefined): boolean {
      const olds = new Set(this.rss.filter((rs) => rs.metadata.name !== newRS?.metadata.name).map((rs) => rs.metadata.uid))
      if (this.rss.some((rs) => olds.has(rs.metadata.uid) && (rs.status?.replicas ?? 0) > 0)) return true
      return store
        .list(GVRS.pods, { namespace: this.ns })
        .items.some((p) => olds.has(controllerRef(p)?.uid) && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed')
    }

    /** Delete the oldest empty ReplicaSets beyond revisionHistoryLimit. */
    cleanup(old: KObject[]): void {
      const limit = this.d.spec.revisionHistoryLimit
      if (limit === undefined || limit === null) return
      const alive = old.map((rs) => this.current(rs)!).filter((rs) => rs && !rs.metadata.deletionTimestamp)
      const diff = alive.length - limit
      if (diff <= 0) return
      alive.sort((a, b) => u.revisionOf(a) - u.revisionOf(b) || u.byCreation(a, b))
      for (const rs of alive.slice(0, diff)) {
        if ((rs.status?.replicas ?? 0) !== 0 || u.specReplicas(rs) !== 0 || (rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0)) continue
        try {
          store.delete(GVRS.replicasets, this.ns, rs.metadata.name!)
        } catch (e) {
          if (!(isStatusError(e) && e.code === 404)) throw e
        }
        this.rss = this.rss.filter((x) => x.metadata.name !== rs.metadata.name)
      }
    }

    complete(status: any): boolean {
      const replicas = this.d.spec.replicas ?? 1
      return (
        (status?.updatedReplicas ?? 0) === replicas &&
        (status?.replicas ?? 0) === replicas &&
        (status?.availableReplicas ?? 0) === replicas &&
        (status?.observedGeneration ?? 0) >= (this.d.metadata.generation ?? 1)
      )
    }

    calculateStatus(newRS: KObject | undefined): any {
      const d = this.d
      const available = u.sumStatus(this.rss, 'availableReplicas')
      const total = u.sumSpec(this.rss)
      const status: any = {
        observedGeneration: d.metadata.generation,
        replicas: u.sumStatus(this.rss, 'replicas'),
        updatedReplicas: newRS ? (this.current(newRS)?.status?.replicas ?? 0) : 0,
        readyReplicas: u.sumStatus(this.rss, 'readyReplicas'),
        availableReplicas: available,
        unavailableReplicas: Math.max(0, total - available),
      }
      if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount
      let conditions: u.Condition[] = d.status?.conditions ?? []
      const replicas = d.spec.replicas ?? 1
      conditions =
        available >= replicas - u.maxUnavailable(d)
          ? u.setCondition(conditions, u.condition('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.', now()))
          : u.setCondition(conditions, u.condition('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.', now()))
      status.conditions = conditions
      // Zero counts are omitted from the JSON, as the Go structs' omitempty does.
      for (const k of ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas']) if (!status[k]) delete status[k]
      return status
    }

    syncRolloutStatus(newRS: KObject | undefined): void {
      const d = this.d
      const status = this.calculateStatus(newRS)
      const rsName = newRS?.metadata.name
      let conditions: u.Condition[] = status.conditions
      if (!u.hasProgressDeadline(d)) conditions = conditions.filter((c) => c.type !== 'Progressing')
      const cur = u.getCondition(d, 'Progressing')
      const isComplete = (status.replicas ?? 0) === (status.updatedReplicas ?? 0) && cur?.reason === 'NewReplicaSetAvailable'
      if (u.hasProgressDeadline(d) && !isComplete) {
        const old = d.status ?? {}
        const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0)
        const newOld = (status.replicas ?? 0) - (status.updatedReplicas ?? 0)
        if (this.complete(status)) {
          const msg = rsName ? `ReplicaSet "${rsName}" has successfully progressed.` : `Deployment "${d.metadata.name}" has successfully progressed.`
          conditions = u.setCondition(conditions, u.condition('Progressing', 'True', 'NewReplicaSetAvailable', msg, now()))
        } else if (
          (status.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
          newOld < oldOld ||
          (status.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
          (status.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
        ) {
          // Progress refreshes lastUpdateTime even when the reason stays the same: that is what the deadline measures.
          const msg = rsName ? `ReplicaSet "${rsName}" is progressing.` : `Deployment "${d.metadata.name}" is progressing.`
          const c = u.condition('Progressing', 'True', 'ReplicaSetUpdated', msg, now())
          if (cur?.status === 'True') c.lastTransitionTime = cur.lastTransitionTime
          conditions = [...conditions.filter((x) => x.type !== 'Progressing'), c]
        } else if (cur && cur.reason !== 'ProgressDeadlineExceeded' && this.timedOut(cur)) {
          const msg = rsName ? `ReplicaSet "${rsName}" has timed out progressing.` : `Deployment "${d.metadata.name}" has timed out progressing.`
          conditions = u.setCondition(conditions, u.condition('Progressing', 'False', 'ProgressDeadlineExceeded', msg, now()))
        }
      }
      status.conditions = conditions
      this.writeStatus(status)
      this.requeueIfStuck()
    }

    timedOut(c: u.Condition): boolean {
      return Date.parse(c.lastUpdateTime) + (this.d.spec.progressDeadlineSeconds ?? 600) * 1000 < clock.now()
    }

    /** Come back when the progress deadline would pass, so a stuck rollout is reported without any other event. */
    requeueIfStuck(): void {
      const key = nsKey(this.ns, this.d.metadata.name!)
      const c = u.getCondition(this.d, 'Progressing')
      const waiting = c && c.reason !== 'ProgressDeadlineExceeded' && c.reason !== 'NewReplicaSetAvailable' && c.status !== 'Unknown' && u.hasProgressDeadline(this.d) && !this.complete(this.d.status)
      wakeAt(key, waiting ? Date.parse(c.lastUpdateTime) + (this.d.spec.progressDeadlineSeconds ?? 600) * 1000 + 1000 : undefined)
    }
  }

  return {
    dispose() {
      for (const t of deadlines.values()) t.cancel()
      for (const un of unwatch) un()
      q.dispose()
    },
  }
}

// The object store's public interface: etcd + apiserver-registry semantics (resourceVersion, watch, selectors,
// defaulting, validation, graceful deletion). Everything that reads or writes cluster state goes through this.
import type { GVR, KObject } from '../api-types'

/** One served resource, as discovery and the store both need it. */
export interface ResourceInfo {
  group: string // '' for core
  version: string // 'v1'
  resource: string // plural: 'statefulsets'
  kind: string // 'StatefulSet'
  singular: string // 'statefulset'
  namespaced: boolean
  shortNames: string[] // ['sts']
  verbs: string[] // ['create','delete','deletecollection','get','list','patch','update','watch']
  subresources: string[] // ['status','scale'] / pods: ['status','exec','attach','log','binding','eviction']
  categories?: string[] // ['all']
}

export interface ListOptions {
  namespace?: string // undefined or '' = all namespaces (for namespaced resources)
  labelSelector?: string // 'app=nginx,tier in (a,b),!x'
  fieldSelector?: string // 'metadata.name=web-0'
  limit?: number
  continue?: string
}

export interface WatchOptions extends ListOptions {
  /** undefined or '' or '0': synthetic ADDED for every current object, then live events.
   *  'N': replay events after N from the event log; 410 Expired (StatusError) if N is older than the log. */
  resourceVersion?: string
  allowWatchBookmarks?: boolean
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR'
export interface WatchEvent {
  type: WatchEventType
  object: KObject
}

export interface WriteOptions {
  dryRun?: boolean
  fieldManager?: string
  /** 'status' for the /status subresource: only status changes are kept. Otherwise status changes are ignored
   *  on resources that have a status subresource. */
  subresource?: string
}

export interface DeleteOptions {
  dryRun?: boolean
  gracePeriodSeconds?: number
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan'
  preconditions?: { uid?: string; resourceVersion?: string }
}

/** A committed change, in resourceVersion order. The db layer persists these; views and lessons observe them. */
export interface Change {
  type: 'ADDED' | 'MODIFIED' | 'DELETED'
  gvr: GVR
  object: KObject // after the change (for DELETED: the last state)
  resourceVersion: number
}

export interface Store {
  /** Every served resource (discovery is generated from this). */
  resources(): ResourceInfo[]
  /** Find by group + plural resource name. */
  resource(group: string, resource: string): ResourceInfo | undefined
  /** Find by kind (apiVersion may be 'apps/v1' or 'v1'). */
  resourceForKind(apiVersion: string, kind: string): ResourceInfo | undefined

  get(gvr: GVR, namespace: string | undefined, name: string): KObject // throws StatusError NotFound
  list(gvr: GVR, opts?: ListOptions): { items: KObject[]; resourceVersion: string; continue?: string }
  create(gvr: GVR, namespace: string | undefined, obj: KObject, opts?: WriteOptions): KObject
  /** PUT semantics: metadata.resourceVersion, if set, must match (else 409 Conflict). */
  update(gvr: GVR, namespace: string | undefined, name: string, obj: KObject, opts?: WriteOptions): KObject
  /** Returns the object after the call: gone (the last state, with deletionTimestamp) or still there (graceful / finalizers). */
  delete(gvr: GVR, namespace: string | undefined, name: string, opts?: DeleteOptions): { object: KObject; deleted: boolean }
  /** Live events in order. Returns an unsubscribe function. Throws StatusError 410 for a too-old resourceVersion. */
  watch(gvr: GVR, opts: WatchOptions, listener: (ev: WatchEvent) => void): () => void

  /** Current resourceVersion (as a decimal string). */
  resourceVersion(): string
  /** All committed changes, for persistence and views. Returns an unsubscribe function. */
  onChange(listener: (c: Change) => void): () => void
}

// Field validation with the API server's exact wording (apimachinery validation + core/apps validation.go).
// Each function returns StatusCauses; the store turns a non-empty list into a 422 Invalid and writes nothing.
import type { KObject, StatusCause } from './api-types'
import { omitted, plainData, sameStable, stableJSON } from './stable-json'

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/

export const MSG = {
  subdomain:
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
  label:
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
  dns1035:
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
  labelValue:
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
  qualifiedName:
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
  stsForbidden:
    "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
}

/** Render a value the way Go's field errors do (`%q` for strings, `%#v`-like for maps). */
export function goValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v)
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  if (v === null || v === undefined) return 'null'
  if (Array.isArray(v)) {
    if (v.every((x) => typeof x === 'string')) return `[]string{${v.map((x) => JSON.stringify(x)).join(', ')}}`
    return `[]interface {}{${v.map(goValue).join(', ')}}`
  }
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1))
    if (entries.every(([, x]) => typeof x === 'string')) return `map[string]string{${entries.map(([k, x]) => `${JSON.stringify(k)}:${JSON.stringify(x)}`).join(', ')}}`
    return `map[string]interface {}{${entries.map(([k, x]) => `${JSON.stringify(k)}:${goValue(x)}`).join(', ')}}`
  }
  return String(v)
}

type Causes = StatusCause[]
const invalid = (field: string, value: unknown, detail: string): StatusCause => ({ reason: 'FieldValueInvalid', field, message: `Invalid value: ${goValue(value)}: ${detail}` })
const invalidRaw = (field: string, rendered: string, detail: string): StatusCause => ({ reason: 'FieldValueInvalid', field, message: `Invalid value: ${rendered}: ${detail}` })
const required = (field: string, detail = ''): StatusCause => ({ reason: 'FieldValueRequired', field, message: detail ? `Required value: ${detail}` : 'Required value' })
const forbidden = (field: string, detail: string): StatusCause => ({ reason: 'FieldValueForbidden', field, message: `Forbidden: ${detail}` })
const duplicate = (field: string, value: unknown): StatusCause => ({ reason: 'FieldValueDuplicate', field, message: `Duplicate value: ${goValue(value)}` })
const unsupported = (field: string, value: unknown, supported: string[]): StatusCause => ({
  reason: 'FieldValueNotSupported',
  field,
  message: `Unsupported value: ${goValue(value)}: supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`,
})

function nameChecks(field: string, name: string, kind: 'subdomain' | 'label' | 'dns1035'): Causes {
  const max = kind === 'subdomain' ? 253 : 63
  const out: Causes = []
  if (name.length > max) out.push(invalid(field, name, `must be no more than ${max} characters`))
  const re = kind === 'subdomain' ? DNS1123_SUBDOMAIN : kind === 'label' ? DNS1123_LABEL : DNS1035_LABEL
  if (!re.test(name)) out.push(invalid(field, name, MSG[kind]))
  return out
}

function validateLabels(field: string, labels: unknown): Causes {
  if (labels === undefined || labels === null) return []
  if (typeof labels !== 'object') return [invalid(field, labels, 'must be a map')]
  const out: Causes = []
  for (const [k, v] of Object.entries(labels as Record<string, unknown>)) {
    const slash = k.lastIndexOf('/')
    const namePart = slash >= 0 ? k.slice(slash + 1) : k
    const prefix = slash >= 0 ? k.slice(0, slash) : ''
    if (!QUALIFIED_NAME.test(namePart) || namePart.length > 63) out.push(invalid(field, k, MSG.qualifiedName))
    else if (prefix && !DNS1123_SUBDOMAIN.test(prefix)) out.push(invalid(field, k, 'prefix part ' + MSG.subdomain))
    if (typeof v !== 'string') out.push(invalid(`${field}`, v, 'must be a string'))
    else {
      if (v.length > 63) out.push(invalid(field, v, 'must be no more than 63 characters'))
      if (!LABEL_VALUE.test(v)) out.push(invalid(field, v, MSG.labelValue))
    }
  }
  return out
}

/** metadata checks every kind gets. `nameKind` is the naming rule of the resource. */
export function validateMeta(obj: KObject, nameKind: 'subdomain' | 'label' | 'dns1035' | 'none'): Causes {
  const out: Causes = []
  const name = obj.metadata?.name ?? ''
  if (nameKind !== 'none') out.push(...nameChecks('metadata.name', name, nameKind))
  out.push(...validateLabels('metadata.labels', obj.metadata?.labels))
  return out
}

function validatePorts(field: string, ports: unknown): Causes {
  if (ports === undefined) return []
  if (!Array.isArray(ports)) return [invalid(field, ports, 'must be a list')]
  const out: Causes = []
  ports.forEach((p: any, i) => {
    const f = `${field}[${i}]`
    if (typeof p?.containerPort !== 'number' || p.containerPort < 1 || p.containerPort > 65535) {
      out.push(invalid(`${f}.containerPort`, p?.containerPort ?? 0, 'must be between 1 and 65535, inclusive'))
    }
    if (p?.protocol !== undefined && !['TCP', 'UDP', 'SCTP'].includes(p.protocol)) out.push(unsupported(`${f}.protocol`, p.protocol, ['SCTP', 'TCP', 'UDP']))
    if (p?.name !== undefined && (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(p.name) || p.name.length > 15 || !/[a-z]/.test(p.name))) {
      out.push(invalid(`${f}.name`, p.name, 'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)'))
    }
  })
  return out
}

function validateContainers(field: string, containers: unknown, volumeNames: Set<string>, requireNonEmpty: boolean): Causes {
  const out: Causes = []
  if (!Array.isArray(containers) || containers.length === 0) {
    if (requireNonEmpty) out.push(required(field))
    return out
  }
  const seen = new Set<string>()
  containers.forEach((c: any, i) => {
    const f = `${field}[${i}]`
    if (!c?.name) out.push(required(`${f}.name`))
    else {
      if (!DNS1123_LABEL.test(c.name) || c.name.length > 63) out.push(invalid(`${f}.name`, c.name, MSG.label))
      if (seen.has(c.name)) out.push(duplicate(`${f}.name`, c.name))
      seen.add(c.name)
    }
    if (!c?.image || typeof c.image !== 'string' || !c.image.trim()) out.push(required(`${f}.image`))
    if (c?.imagePullPolicy !== undefined && !['Always', 'IfNotPresent', 'Never'].includes(c.imagePullPolicy)) {
      out.push(unsupported(`${f}.imagePullPolicy`, c.imagePullPolicy, ['Always', 'IfNotPresent', 'Never']))
    }
    out.push(...validatePorts(`${f}.ports`, c?.ports))
    const mounts = Array.isArray(c?.volumeMounts) ? c.volumeMounts : []
    mounts.forEach((m: any, j: number) => {
      const mf = `${f}.volumeMounts[${j}]`
      if (!m?.name) out.push(required(`${mf}.name`))
      else if (!volumeNames.has(m.name)) out.push({ reason: 'FieldValueNotFound', field: `${mf}.name`, message: `Not found: ${goValue(m.name)}` })
      if (!m?.mountPath) out.push(required(`${mf}.mountPath`))
    })
  })
  return out
}

/** Pod spec at `field` ('spec' for pods, 'spec.template.spec' for templates). `extraVolumes`: claim templates. */
export function validatePodSpec(field: string, spec: any, extraVolumes: string[] = []): Causes {
  if (!spec || typeof spec !== 'object') return [required(field)]
  const out: Causes = []
  const volumeNames = new Set<string>(extraVolumes)
  const vols = Array.isArray(spec.volumes) ? spec.volumes : []
  vols.forEach((v: any, i: number) => {
    if (!v?.name) out.push(required(`${field}.volumes[${i}].name`))
    else {
      if (volumeNames.has(v.name) && !extraVolumes.includes(v.name)) out.push(duplicate(`${field}.volumes[${i}].name`, v.name))
      volumeNames.add(v.name)
    }
  })
  out.push(...validateContainers(`${field}.containers`, spec.containers, volumeNames, true))
  out.push(...validateContainers(`${field}.initContainers`, spec.initContainers, volumeNames, false))
  if (spec.restartPolicy !== undefined && !['Always', 'OnFailure', 'Never'].includes(spec.restartPolicy)) {
    out.push(unsupported(`${field}.restartPolicy`, spec.restartPolicy, ['Always', 'OnFailure', 'Never']))
  }
  if (spec.terminationGracePeriodSeconds !== undefined && (typeof spec.terminationGracePeriodSeconds !== 'number' || spec.terminationGracePeriodSeconds < 0)) {
    out.push(invalid(`${field}.terminationGracePeriodSeconds`, spec.terminationGracePeriodSeconds, 'must be greater than or equal to 0'))
  }
  if (spec.hostname !== undefined && spec.hostname !== '' && !DNS1123_LABEL.test(spec.hostname)) out.push(invalid(`${field}.hostname`, spec.hostname, MSG.label))
  if (spec.subdomain !== undefined && spec.subdomain !== '' && !DNS1123_LABEL.test(spec.subdomain)) out.push(invalid(`${field}.subdomain`, spec.subdomain, MSG.label))
  return out
}

export function validatePod(pod: KObject): Causes {
  return [...validateMeta(pod, 'subdomain'), ...validatePodSpec('spec', pod.spec)]
}

const POD_UPDATE_FORBIDDEN =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)'

export function validatePodUpdate(next: KObject, old: KObject): Causes {
  const out = validatePod(next)
  const strip = (s: any) => {
    const c = structuredClone(s ?? {})
    for (const k of ['containers', 'initContainers']) for (const x of c[k] ?? []) delete x.image
    delete c.activeDeadlineSeconds
    delete c.tolerations
    return JSON.stringify(c)
  }
  if (strip(next.spec) !== strip(old.spec)) out.push(forbidden('spec', POD_UPDATE_FORBIDDEN))
  return out
}

function validateSelectorAndTemplate(spec: any, kindWord: string): Causes {
  const out: Causes = []
  const sel = spec?.selector
  if (!sel) out.push(required('spec.selector'))
  else if (!Object.keys(sel.matchLabels ?? {}).length && !(sel.matchExpressions ?? []).length) {
    out.push(invalidRaw('spec.selector', 'v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}', `empty selector is invalid for ${kindWord}`))
  }
  const tmplLabels = spec?.template?.metadata?.labels ?? {}
  if (sel && (Object.keys(sel.matchLabels ?? {}).length || (sel.matchExpressions ?? []).length)) {
    const ok =
      Object.entries(sel.matchLabels ?? {}).every(([k, v]) => tmplLabels[k] === v) &&
      (sel.matchExpressions ?? []).every((e: any) => {
        const has = k(e.key)
        function k(key: string) {
          return Object.prototype.hasOwnProperty.call(tmplLabels, key)
        }
        if (e.operator === 'In') return has && (e.values ?? []).includes(tmplLabels[e.key])
        if (e.operator === 'NotIn') return !has || !(e.values ?? []).includes(tmplLabels[e.key])
        if (e.operator === 'Exists') return has
        if (e.operator === 'DoesNotExist') return !has
        return false
      })
    if (!ok) out.push(invalid('spec.template.metadata.labels', tmplLabels, '`selector` does not match template `labels`'))
  }
  if (spec?.replicas !== undefined && (typeof spec.replicas !== 'number' || spec.replicas < 0)) {
    out.push(invalid('spec.replicas', spec.replicas, 'must be greater than or equal to 0'))
  }
  out.push(...validateLabels('spec.template.metadata.labels', spec?.template?.metadata?.labels))
  return out
}

export function validateStatefulSet(sts: KObject): Causes {
  const spec = sts.spec ?? {}
  const out = validateMeta(sts, 'label') // apps validation: StatefulSet names are DNS-1123 labels (they become pod hostnames)
  out.push(...validateSelectorAndTemplate(spec, 'statefulset'))
  if (spec.podManagementPolicy !== undefined && !['OrderedReady', 'Parallel'].includes(spec.podManagementPolicy)) {
    out.push(invalid('spec.podManagementPolicy', spec.podManagementPolicy, "must be 'OrderedReady' or 'Parallel'"))
  }
  const us = spec.updateStrategy ?? {}
  const usGo = () =>
    `apps.StatefulSetUpdateStrategy{Type:${JSON.stringify(us.type ?? '')}, RollingUpdate:${us.rollingUpdate ? '(*apps.RollingUpdateStatefulSetStrategy)(0xc000010000)' : '(*apps.RollingUpdateStatefulSetStrategy)(nil)'}}`
  if (us.type !== 'RollingUpdate' && us.type !== 'OnDelete') out.push(invalidRaw('spec.updateStrategy', usGo(), "must be 'RollingUpdate' or 'OnDelete'"))
  else if (us.type === 'OnDelete' && us.rollingUpdate) {
    out.push(invalidRaw('spec.updateStrategy.rollingUpdate', usGo(), "only allowed for updateStrategy 'RollingUpdate'"))
  } else if (us.rollingUpdate?.partition !== undefined && (typeof us.rollingUpdate.partition !== 'number' || us.rollingUpdate.partition < 0)) {
    out.push(invalid('spec.updateStrategy.rollingUpdate.partition', us.rollingUpdate.partition, 'must be greater than or equal to 0'))
  }
  const rp = spec.persistentVolumeClaimRetentionPolicy ?? {}
  for (const k of ['whenDeleted', 'whenScaled']) {
    if (rp[k] !== undefined && !['Retain', 'Delete'].includes(rp[k])) out.push(unsupported(`persistentVolumeClaimRetentionPolicy.${k}`, rp[k], ['Retain', 'Delete']))
  }
  if (spec.ordinals?.start !== undefined && (typeof spec.ordinals.start !== 'number' || spec.ordinals.start < 0)) {
    out.push(invalid('spec.ordinals.start', spec.ordinals.start, 'must be greater than or equal to 0'))
  }
  if (spec.minReadySeconds !== undefined && (typeof spec.minReadySeconds !== 'number' || spec.minReadySeconds < 0)) {
    out.push(invalid('spec.minReadySeconds', spec.minReadySeconds, 'must be greater than or equal to 0'))
  }
  const claimNames: string[] = []
  ;(Array.isArray(spec.volumeClaimTemplates) ? spec.volumeClaimTemplates : []).forEach((t: any, i: number) => {
    const name = t?.metadata?.name
    if (!name) out.push(required(`spec.volumeClaimTemplates[${i}].metadata.name`))
    else claimNames.push(name)
    out.push(...validateClaimSpec(`spec.volumeClaimTemplates[${i}].spec`, t?.spec))
  })
  const tspec = spec.template?.spec
  out.push(...validatePodSpec('spec.template.spec', tspec, claimNames))
  if (tspec?.restartPolicy !== undefined && tspec.restartPolicy !== 'Always') {
    out.push(unsupported('spec.template.spec.restartPolicy', tspec.restartPolicy, ['Always']))
  }
  return out
}

export function validateStatefulSetUpdate(next: KObject, old: KObject): Causes {
  const out = validateStatefulSet(next)
  const strip = (s: any) => {
    const c = structuredClone(s ?? {})
    for (const k of ['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds']) delete c[k]
    return stableJSON(c)
  }
  if (strip(next.spec) !== strip(old.spec)) out.push(forbidden('spec', MSG.stsForbidden))
  return out
}

export function validateDeployment(d: KObject): Causes {
  const spec = d.spec ?? {}
  const out = validateMeta(d, 'subdomain')
  out.push(...validateSelectorAndTemplate(spec, 'deployment'))
  out.push(...validatePodSpec('spec.template.spec', spec.template?.spec))
  if (spec.template?.spec?.restartPolicy !== undefined && spec.template.spec.restartPolicy !== 'Always') {
    out.push(unsupported('spec.template.spec.restartPolicy', spec.template.spec.restartPolicy, ['Always']))
  }
  if (spec.strategy?.type !== undefined && !['RollingUpdate', 'Recreate'].includes(spec.strategy.type)) {
    out.push(unsupported('spec.strategy.type', spec.strategy.type, ['Recreate', 'RollingUpdate']))
  }
  return out
}

export function validateSelectorImmutable(next: KObject, old: KObject): Causes {
  if (stableJSON(next.spec?.selector) !== stableJSON(old.spec?.selector)) {
    return [invalidRaw('spec.selector', `v1.LabelSelector{MatchLabels:${goValue(next.spec?.selector?.matchLabels ?? {})}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}`, 'field is immutable')]
  }
  return []
}

export function validateReplicaSet(rs: KObject): Causes {
  const spec = rs.spec ?? {}
  return [...validateMeta(rs, 'subdomain'), ...validateSelectorAndTemplate(spec, 'replicaset'), ...validatePodSpec('spec.template.spec', spec.template?.spec)]
}

export function validateService(svc: KObject): Causes {
  const spec = svc.spec ?? {}
  const out = validateMeta(svc, 'dns1035')
  const types = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort']
  if (spec.type !== undefined && !types.includes(spec.type)) out.push(unsupported('spec.type', spec.type, types))
  const headless = spec.clusterIP === 'None'
  const ports = Array.isArray(spec.ports) ? spec.ports : []
  if (!ports.length && !headless && spec.type !== 'ExternalName') out.push(required('spec.ports'))
  const names = new Set<string>()
  ports.forEach((p: any, i: number) => {
    const f = `spec.ports[${i}]`
    if (ports.length > 1 && !p?.name) out.push(required(`${f}.name`))
    if (p?.name) {
      if (names.has(p.name)) out.push(duplicate(`${f}.name`, p.name))
      names.add(p.name)
      if (!DNS1123_LABEL.test(p.name)) out.push(invalid(`${f}.name`, p.name, MSG.label))
    }
    if (typeof p?.port !== 'number' || p.port < 1 || p.port > 65535) out.push(invalid(`${f}.port`, p?.port ?? 0, 'must be between 1 and 65535, inclusive'))
    if (p?.protocol !== undefined && !['TCP', 'UDP', 'SCTP'].includes(p.protocol)) out.push(unsupported(`${f}.protocol`, p.protocol, ['SCTP', 'TCP', 'UDP']))
    if (typeof p?.targetPort === 'number' && (p.targetPort < 1 || p.targetPort > 65535)) {
      out.push(invalid(`${f}.targetPort`, p.targetPort, 'must be between 1 and 65535, inclusive'))
    }
  })
  if (spec.clusterIP && spec.clusterIP !== 'None' && !/^\d{1,3}(\.\d{1,3}){3}$/.test(spec.clusterIP)) {
    out.push(invalid('spec.clusterIPs[0]', spec.clusterIP, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'))
  }
  if (spec.selector !== undefined && spec.selector !== null) out.push(...validateLabels('spec.selector', spec.selector))
  return out
}

export function validateServiceUpdate(next: KObject, old: KObject): Causes {
  const out = validateService(next)
  const a = old.spec?.clusterIPs ?? [old.spec?.clusterIP]
  const b = next.spec?.clusterIPs ?? [next.spec?.clusterIP]
  if (a[0] && b[0] !== a[0]) out.push(invalid('spec.clusterIPs[0]', b, 'may not change once set'))
  return out
}

function validateClaimSpec(field: string, spec: any): Causes {
  const out: Causes = []
  const modes = spec?.accessModes
  if (!Array.isArray(modes) || !modes.length) out.push(required(`${field}.accessModes`, 'at least 1 access mode is required'))
  else {
    const ok = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod']
    modes.forEach((m: unknown) => {
      if (typeof m !== 'string' || !ok.includes(m)) out.push(unsupported(`${field}.accessModes`, m, ok))
    })
  }
  const storage = spec?.resources?.requests?.storage
  if (storage === undefined) out.push(required(`${field}.resources[storage]`))
  else if (parseQuantity(storage) === undefined) out.push(invalid(`${field}.resources[storage]`, storage, 'must be a valid quantity'))
  else if ((parseQuantity(storage) ?? 0) <= 0) out.push(invalid(`${field}.resources[storage]`, storage, 'must be greater than zero'))
  if (spec?.volumeMode !== undefined && !['Block', 'Filesystem'].includes(spec.volumeMode)) out.push(unsupported(`${field}.volumeMode`, spec.volumeMode, ['Block', 'Filesystem']))
  return out
}

export function validatePVC(pvc: KObject): Causes {
  return [...validateMeta(pvc, 'subdomain'), ...validateClaimSpec('spec', pvc.spec)]
}

export function validatePVCUpdate(next: KObject, old: KObject): Causes {
  const out = validatePVC(next)
  // The binder fills volumeName once.
  if (!sameClaimSpec(next.spec, old.spec, !old.spec?.volumeName)) out.push(forbidden('spec', 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims'))
  return out
}

/** Whether two claim specs are the same apart from the fields a claim update may change (resources,
 *  volumeAttributesClassName, and volumeName while unset): sameStable over the specs with those keys left out,
 *  without building the stripped copies (every claim is updated several times by the binder and scheduler). */
function sameClaimSpec(a: unknown, b: unknown, volumeNameFree: boolean): boolean {
  const x = a ?? {}
  const y = b ?? {}
  if (typeof x !== 'object' || typeof y !== 'object' || Array.isArray(x) || Array.isArray(y) || !plainData(x) || !plainData(y)) {
    const strip = (s: unknown) => {
      const c: Record<string, unknown> = { ...(s ?? {}) }
      delete c.resources
      delete c.volumeAttributesClassName
      if (volumeNameFree) delete c.volumeName
      return c
    }
    return sameStable(strip(a), strip(b))
  }
  const xo = x as Record<string, unknown>
  const yo = y as Record<string, unknown>
  let n = 0
  for (const k in xo) {
    if (k === 'resources' || k === 'volumeAttributesClassName' || (volumeNameFree && k === 'volumeName') || omitted(xo[k])) continue
    n++
    if (!Object.prototype.hasOwnProperty.call(yo, k) || omitted(yo[k]) || !sameStable(xo[k], yo[k])) return false
  }
  for (const k in yo) if (!(k === 'resources' || k === 'volumeAttributesClassName' || (volumeNameFree && k === 'volumeName')) && !omitted(yo[k])) n--
  return n === 0
}

export function validatePV(pv: KObject): Causes {
  const out = validateMeta(pv, 'subdomain')
  const spec = pv.spec ?? {}
  if (spec.capacity?.storage === undefined) out.push(required('spec.capacity'))
  if (!Array.isArray(spec.accessModes) || !spec.accessModes.length) out.push(required('spec.accessModes'))
  const rp = spec.persistentVolumeReclaimPolicy
  if (rp !== undefined && !['Delete', 'Recycle', 'Retain'].includes(rp)) out.push(unsupported('spec.persistentVolumeReclaimPolicy', rp, ['Delete', 'Recycle', 'Retain']))
  return out
}

export function validateStorageClass(sc: KObject): Causes {
  const out = validateMeta(sc, 'subdomain')
  if (!sc.provisioner) out.push(required('provisioner'))
  if (sc.reclaimPolicy !== undefined && !['Delete', 'Retain'].includes(sc.reclaimPolicy)) out.push(unsupported('reclaimPolicy', sc.reclaimPolicy, ['Delete', 'Retain']))
  if (sc.volumeBindingMode !== undefined && !['Immediate', 'WaitForFirstConsumer'].includes(sc.volumeBindingMode)) {
    out.push(unsupported('volumeBindingMode', sc.volumeBindingMode, ['Immediate', 'WaitForFirstConsumer']))
  }
  return out
}

export function validateStorageClassUpdate(next: KObject, old: KObject): Causes {
  const out = validateStorageClass(next)
  for (const f of ['provisioner', 'reclaimPolicy', 'volumeBindingMode']) {
    if (stableJSON(next[f]) !== stableJSON(old[f])) out.push(forbidden(f, 'updates to ' + f + ' are forbidden.'))
  }
  if (stableJSON(next.parameters) !== stableJSON(old.parameters)) out.push(forbidden('parameters', 'updates to parameters are forbidden.'))
  return out
}

/** Kubernetes quantity → bytes/units (Ki, Mi, Gi, Ti, k, M, G, T, m). undefined if malformed. */
export function parseQuantity(q: unknown): number | undefined {
  if (typeof q === 'number') return q
  if (typeof q !== 'string') return undefined
  const m = /^([+-]?\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E|m)?$/.exec(q.trim())
  if (!m) return undefined
  const mult: Record<string, number> = { Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, Pi: 1024 ** 5, Ei: 1024 ** 6, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18, m: 1e-3 }
  return Number(m[1]) * (m[2] ? mult[m[2]] : 1)
}

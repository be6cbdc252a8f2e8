// The REAL kubectl 1.32 against Ordinal for server-side apply (create, update, conflicts, --force-conflicts),
// --dry-run=server, and bad input (invalid names, stale updates, forbidden deletes) with the server's wording.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GVRS } from '../../src-main/cluster/store/registry'
import { startTestCluster, type TestCluster } from '../helpers/cluster-harness'
import { kubectl, requireKubectl } from './kubectl-runner'

let tc: TestCluster
const k = (...args: string[]) => kubectl(tc.env, args, { cwd: tc.env.HOME, timeoutMs: 30_000 })
const deployment = (replicas: number, image: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: ${image}
`
const HINT = `Please review the fields above--they currently have other managers. Here
are the ways you can resolve this warning:
* If you intend to manage all of these fields, please re-run the apply
  command with the \`--force-conflicts\` flag.
* If you do not intend to manage all of the fields, please edit your
  manifest to remove references to the fields that should keep their
  current managers.
* You may co-own fields by updating your manifest to match the existing
  value; in this case, you'll become the manager if the other manager(s)
  stop managing the field (remove it from their configuration).
See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts
`

beforeAll(async () => {
  requireKubectl()
  tc = await startTestCluster({ speed: 'instant' })
  const dir = tc.env.HOME!
  writeFileSync(join(dir, 'd2.yaml'), deployment(2, 'nginx:1.25'))
  writeFileSync(join(dir, 'd3.yaml'), deployment(3, 'nginx:1.25'))
  writeFileSync(join(dir, 'd4.yaml'), deployment(4, 'nginx:1.26'))
  writeFileSync(join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  a: "1"\n')
  writeFileSync(join(dir, 'cm2.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  a: "2"\n  b: "3"\n')
  writeFileSync(join(dir, 'bad-pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: Web_0\nspec:\n  containers:\n  - name: c\n    image: nginx\n')
})
afterAll(async () => {
  await tc?.close()
})

const replicas = () => tc.cluster.store.get(GVRS.deployments, 'default', 'web').spec.replicas

describe('kubectl apply --server-side', () => {
  it('creates, then updates, a ConfigMap; managedFields name the kubectl manager', async () => {
    expect(await k('apply', '--server-side', '-f', 'cm.yaml')).toEqual({ code: 0, stdout: 'configmap/ssa serverside-applied\n', stderr: '' })
    expect(await k('apply', '--server-side', '-f', 'cm2.yaml')).toEqual({ code: 0, stdout: 'configmap/ssa serverside-applied\n', stderr: '' })
    const o = tc.cluster.store.get(GVRS.configmaps, 'default', 'ssa')
    expect(o.data).toEqual({ a: '2', b: '3' })
    expect(o.metadata.managedFields).toEqual([expect.objectContaining({ manager: 'kubectl', operation: 'Apply', fieldsV1: { 'f:data': { 'f:a': {}, 'f:b': {} } } })])
    const y = await k('get', 'cm', 'ssa', '-o', 'yaml')
    expect(y.stdout).not.toContain('managedFields')
    expect((await k('get', 'cm', 'ssa', '-o', 'yaml', '--show-managed-fields')).stdout).toContain('manager: kubectl\n')
  })

  it('after a client-side apply: same values co-own, a changed field conflicts with "kubectl-client-side-apply"', async () => {
    expect((await k('apply', '-f', 'd2.yaml')).stdout).toBe('deployment.apps/web created\n')
    expect((await k('apply', '--server-side', '-f', 'd2.yaml')).stdout).toBe('deployment.apps/web serverside-applied\n')
    const one = await k('apply', '--server-side', '-f', 'd3.yaml')
    expect(one).toEqual({ code: 1, stdout: '', stderr: `error: Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas\n${HINT}` })
    const two = await k('apply', '--server-side', '-f', 'd4.yaml')
    expect(two.stderr).toBe(
      `error: Apply failed with 2 conflicts: conflicts with "kubectl-client-side-apply" using apps/v1:\n- .spec.replicas\n- .spec.template.spec.containers[name="nginx"].image\n${HINT}`,
    )
    expect(replicas()).toBe(2)
  })

  it('--dry-run=server changes nothing; --force-conflicts takes over', async () => {
    expect((await k('apply', '--server-side', '--force-conflicts', '--dry-run=server', '-f', 'd4.yaml')).stdout).toBe('deployment.apps/web serverside-applied (server dry run)\n')
    expect(replicas()).toBe(2)
    expect((await k('apply', '--server-side', '--force-conflicts', '-f', 'd4.yaml')).stdout).toBe('deployment.apps/web serverside-applied\n')
    expect(replicas()).toBe(4)
    expect(tc.cluster.store.get(GVRS.deployments, 'default', 'web').spec.template.spec.containers[0].image).toBe('nginx:1.26')
  })
})

describe('--dry-run=server on create, patch, delete', () => {
  it('reports "(server dry run)" and leaves the store as it was', async () => {
    expect((await k('create', 'configmap', 'dry', '--from-literal=a=b', '--dry-run=server')).stdout).toBe('configmap/dry created (server dry run)\n')
    expect((await k('get', 'configmap', 'dry')).stderr).toBe('Error from server (NotFound): configmaps "dry" not found\n')
    const cmRv = tc.cluster.store.get(GVRS.configmaps, 'default', 'ssa').metadata.resourceVersion
    expect((await k('label', 'configmap', 'ssa', 'x=y', '--dry-run=server')).stdout).toBe('configmap/ssa labeled (server dry run)\n')
    expect((await k('scale', 'deployment', 'web', '--replicas=1', '--dry-run=server')).stdout).toBe('deployment.apps/web scaled (server dry run)\n')
    expect((await k('delete', 'configmap', 'ssa', '--dry-run=server')).stdout).toBe('configmap "ssa" deleted (server dry run)\n')
    expect(tc.cluster.store.get(GVRS.configmaps, 'default', 'ssa').metadata.labels).toBeUndefined()
    expect(replicas()).toBe(4)
    expect(tc.cluster.store.get(GVRS.configmaps, 'default', 'ssa').metadata.resourceVersion).toBe(cmRv)
  })
})

describe('bad input through the real kubectl', () => {
  it('an invalid pod name (kubectl create -f) and service name (create service generator)', async () => {
    const r = await k('create', '-f', 'bad-pod.yaml')
    expect(r.code).toBe(1)
    expect(r.stderr).toBe(
      `The Pod "Web_0" is invalid: metadata.name: Invalid value: "Web_0": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')\n`,
    )
    const s = await k('create', 'service', 'clusterip', '1web', '--tcp=80')
    expect(s.code).toBe(1)
    expect(s.stderr).toBe(
      `error: failed to create ClusterIP service: Service "1web" is invalid: metadata.name: Invalid value: "1web": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')\n`,
    )
  })

  it('kubectl replace with a stale resourceVersion → Conflict; deleting the default namespace → Forbidden', async () => {
    expect((await k('run', 'x', '--image=nginx')).code).toBe(0)
    writeFileSync(join(tc.env.HOME!, 'stale.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  resourceVersion: "1"\nspec:\n  containers:\n  - name: c\n    image: nginx\n')
    const r = await k('replace', '-f', 'stale.yaml')
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Error from server (Conflict): error when replacing "stale.yaml": Operation cannot be fulfilled on pods "x": the object has been modified; please apply your changes to the latest version and try again\n',
    })
    expect(await k('delete', 'namespace', 'default')).toEqual({ code: 1, stdout: '', stderr: 'Error from server (Forbidden): namespaces "default" is forbidden: this namespace may not be deleted\n' })
  })
})

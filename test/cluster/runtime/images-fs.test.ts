import { describe, expect, it } from 'vitest'
import { SimClock } from '../../../src-main/cluster/clock'
import { catalogueRefs, lookupImage, normalizeImageRef, pullImage } from '../../../src-main/cluster/runtime/index'
import { OverlayFs, volumeBackend } from '../../../src-main/cluster/runtime/overlay-fs'
import { createVolumeStore } from '../../../src-main/cluster/volumes'
import { FsError } from '../../../src-main/shell/io'

describe('image catalogue', () => {
  it('normalizes references and rejects unknown repos/tags', () => {
    expect(normalizeImageRef('nginx')).toBe('docker.io/library/nginx:latest')
    expect(normalizeImageRef('busybox:1.28')).toBe('docker.io/library/busybox:1.28')
    expect(normalizeImageRef('docker.io/library/busybox:1.28.4')).toBe('docker.io/library/busybox:1.28.4')
    expect(normalizeImageRef('registry.k8s.io/nginx-slim:0.21')).toBe('registry.k8s.io/nginx-slim:0.21')
    expect(normalizeImageRef('alpine')).toBe('docker.io/library/alpine:latest')
    expect(lookupImage('busybox:9.9')).toBeNull()
    expect(lookupImage('nosuchimage')).toBeNull()
    expect(lookupImage('Bad:Ref')).toBeNull()
    expect(lookupImage('busybox:1.28')!.nslookup).toBe('libc')
    expect(lookupImage('busybox:1.36')!.nslookup).toBe('big')
    expect(lookupImage('busybox')!.digest).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(lookupImage('nginx')!.files.get('/usr/share/nginx/html/index.html')!.data).toContain('<h1>Welcome to nginx!</h1>')
  })
})

describe('overlay filesystem', () => {
  const clock = new SimClock(0)
  it('image files are visible, deletes are whiteouts, mounts shadow the image', () => {
    const vols = createVolumeStore()
    const img = lookupImage('nginx')!
    const fs = new OverlayFs(img.files, new Map(), [{ path: '/usr/share/nginx/html', source: 'x', fstype: 'ext4', backend: volumeBackend(vols, 'pv', false, () => clock.now()) }], () => clock.now())
    expect(fs.readdir('/usr/share/nginx/html')).toEqual([])
    expect(fs.readFile('/etc/nginx/conf.d/default.conf')).toContain('listen       80;')
    fs.rm('/etc/nginx', { recursive: true })
    expect(fs.stat('/etc/nginx/nginx.conf')).toBeNull()
    fs.mkdir('/etc/nginx')
    expect(fs.readdir('/etc/nginx')).toEqual([])
    fs.writeFile('/usr/share/nginx/html/a.txt', 'A')
    expect(vols.read('pv', '/a.txt')!.data).toBe('A')
    expect(() => fs.writeFile('/nope/x', '1')).toThrow(FsError)
    expect(() => fs.mkdir('/tmp')).toThrow(/EEXIST/)
    expect(fs.readdir('/usr/share/nginx')).toContain('html')
  })
})

describe('image pulls (what the kubelet reports)', () => {
  it('known references pull with their digest and size', () => {
    const p = pullImage('nginx')
    expect(p.ok && p.image.sizeBytes).toBe(72099410)
    expect(p.ok && p.image.ref).toBe('docker.io/library/nginx:latest')
    for (const ref of ['nginx:1.27', 'registry.k8s.io/nginx-slim:0.8', 'registry.k8s.io/nginx-slim:0.21', 'busybox:1.28.4', 'busybox:1.28', 'busybox', 'busybox:latest', 'busybox:1.36', 'alpine', 'mysql:5.7', 'mysql:8.0', 'mysql:8']) {
      expect(pullImage(ref).ok, ref).toBe(true)
    }
    expect(lookupImage('registry.k8s.io/nginx-slim:0.21')!.sizeBytes).toBe(41286624)
    expect(catalogueRefs()).toContain('docker.io/library/mysql:8.0')
  })
  it('an unknown tag of a known repository: NotFound', () => {
    expect(pullImage('busybox:9.9')).toEqual({
      ok: false,
      reason: 'ErrImagePull',
      message:
        'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/busybox:9.9": failed to resolve reference "docker.io/library/busybox:9.9": docker.io/library/busybox:9.9: not found',
    })
  })
  it('an unknown Docker Hub repository: the registry answers with an authorization error', () => {
    const p = pullImage('nginxx')
    expect(p.ok).toBe(false)
    expect(!p.ok && p.message).toBe(
      'rpc error: code = Unknown desc = failed to pull and unpack image "docker.io/library/nginxx:latest": failed to resolve reference "docker.io/library/nginxx:latest": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed',
    )
  })
  it('a malformed reference never reaches a registry: InvalidImageName', () => {
    expect(pullImage('Nginx:latest')).toEqual({
      ok: false,
      reason: 'InvalidImageName',
      message: 'Failed to apply default image tag "Nginx:latest": couldn\'t parse image name "Nginx:latest": invalid reference format',
    })
  })
})

// The image catalogue: which references "exist", their digests and sizes, and how a container from them behaves
// (base files, default command, shell flavour, command set). Everything not listed here fails to pull, as an
// unknown repository or tag does on a real node.
import { ALPINE_DIRS, alpineFiles, BUSYBOX_DIRS, BUSYBOX_FILES, buildTree, type BaseTree, MYSQL_DIRS, mysqlFiles, NGINX_DIRS, nginxFiles } from './base-files'

export type ImageFlavour = 'busybox' | 'alpine' | 'nginx' | 'mysql' | 'coredns'

export interface ImageDef {
  ref: string // docker.io/library/busybox:1.28.4 style
  repository: string // docker.io/library/busybox
  tag: string
  digest: string
  sizeBytes: number
  flavour: ImageFlavour
  /** libc: busybox ≤1.28 nslookup through the libc resolver (search path + reverse lookups); big: ≥1.29's own client. */
  nslookup?: 'libc' | 'big'
  busyboxVersion?: string
  nginxVersion?: string
  /** curl ≥7.82 words connection failures differently from older builds. */
  curl?: 'modern' | 'legacy'
  /** The distribution's curl (its User-Agent in nginx access logs): Debian 8 7.38.0, 11 7.74.0, 12 7.88.1. */
  curlVersion?: string
  /** mysqld version ('5.7.44', '8.0.41') and the package release its entrypoint prints ('5.7.44-1.el7'). */
  mysqlVersion?: string
  mysqlRelease?: string
  /** nginx:latest runs /docker-entrypoint.sh (with its chatty startup lines); nginx-slim starts nginx directly. */
  entrypointLogs?: boolean
  entrypoint: string[]
  cmd: string[]
  env: Record<string, string>
  /** `sh` is busybox ash (prompt `/ # `), Debian dash, or bash itself (Oracle Linux based mysql). Meaningless for a
   *  distroless image (coredns), whose `commands` has no shell at all. */
  sh: 'ash' | 'dash' | 'bash'
  bash: boolean
  /** command name → absolute path of its binary inside the image. */
  commands: Record<string, string>
  files: BaseTree
}

const BUSYBOX_APPLETS = ['sh', 'ash', 'nslookup', 'ping', 'wget', 'hostname', 'cat', 'echo', 'ls', 'mkdir', 'rm', 'env', 'sleep',
  'date', 'ps', 'df', 'mount', 'true', 'false', 'touch', 'pwd', 'uname', 'whoami', 'id', 'rmdir', 'cp', 'mv',
  'grep', 'head', 'tail', 'wc', 'sort', 'uniq', 'cut', 'tr', 'sed', 'seq', 'base64', 'yes', 'stty', 'which']
/** Text filters every image has (coreutils, grep, sed), shared with the workstation's implementations. */
const TEXT_TOOLS = ['grep', 'head', 'tail', 'wc', 'sort', 'uniq', 'cut', 'tr', 'sed', 'seq', 'base64', 'yes', 'stty']
const DEBIAN_TOOLS = ['bash', 'sh', 'curl', 'hostname', 'cat', 'echo', 'ls', 'df', 'mount', 'mkdir', 'rm', 'env', 'sleep', 'date',
  'true', 'false', 'touch', 'pwd', 'uname', 'whoami', 'id', 'rmdir', 'cp', 'mv', 'nginx', 'which', ...TEXT_TOOLS]

const BUSYBOX_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'

function busybox(tag: string, version: string, digest: string, sizeBytes: number): ImageDef {
  const commands: Record<string, string> = {}
  for (const c of BUSYBOX_APPLETS) commands[c] = `/bin/${c}`
  return {
    ref: `docker.io/library/busybox:${tag}`,
    repository: 'docker.io/library/busybox',
    tag,
    digest,
    sizeBytes,
    flavour: 'busybox',
    nslookup: versionAtMost(version, '1.28.4') ? 'libc' : 'big',
    busyboxVersion: version,
    entrypoint: [],
    cmd: ['sh'],
    env: { PATH: BUSYBOX_PATH },
    sh: 'ash',
    bash: false,
    commands,
    files: buildTree(BUSYBOX_DIRS, BUSYBOX_FILES, ['/bin/busybox', ...Object.values(commands)]),
  }
}

function alpine(tag: string, version: string, digest: string, sizeBytes: number): ImageDef {
  const commands: Record<string, string> = {}
  for (const c of BUSYBOX_APPLETS) commands[c] = ['env', 'wget', 'nslookup', 'head', 'tail', 'wc', 'sort', 'uniq', 'cut', 'tr', 'seq', 'base64', 'yes', 'which'].includes(c) ? `/usr/bin/${c}` : `/bin/${c}`
  return {
    ref: `docker.io/library/alpine:${tag}`,
    repository: 'docker.io/library/alpine',
    tag,
    digest,
    sizeBytes,
    flavour: 'alpine',
    nslookup: 'big',
    busyboxVersion: '1.37.0',
    entrypoint: [],
    cmd: ['/bin/sh'],
    env: { PATH: BUSYBOX_PATH },
    sh: 'ash',
    bash: false,
    commands,
    files: buildTree(ALPINE_DIRS, alpineFiles(version), ['/bin/busybox', ...Object.values(commands)]),
  }
}

function nginx(repository: string, tag: string, o: { digest: string; sizeBytes: number; nginxVersion: string; modern: boolean; debian: string; curlVersion: string }): ImageDef {
  const commands: Record<string, string> = {}
  for (const c of DEBIAN_TOOLS) commands[c] = c === 'nginx' ? '/usr/sbin/nginx' : ['curl', 'head', 'tail', 'wc', 'sort', 'uniq', 'cut', 'tr', 'seq', 'base64', 'yes', 'which'].includes(c) ? `/usr/bin/${c}` : `/bin/${c}`
  return {
    ref: `${repository}:${tag}`,
    repository,
    tag,
    digest: o.digest,
    sizeBytes: o.sizeBytes,
    flavour: 'nginx',
    nginxVersion: o.nginxVersion,
    curl: o.modern ? 'modern' : 'legacy',
    curlVersion: o.curlVersion,
    entrypointLogs: o.modern,
    entrypoint: o.modern ? ['/docker-entrypoint.sh'] : [],
    cmd: ['nginx', '-g', 'daemon off;'],
    env: o.modern
      ? { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', NGINX_VERSION: o.nginxVersion, NJS_VERSION: '0.8.9', PKG_RELEASE: '1~bookworm' }
      : { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' },
    sh: 'dash',
    bash: true,
    commands,
    files: buildTree(NGINX_DIRS, nginxFiles(o), [...Object.values(commands), ...(o.modern ? ['/docker-entrypoint.sh'] : [])]),
  }
}

const MYSQL_TOOLS = ['bash', 'sh', 'mysql', 'mysqld', 'hostname', 'cat', 'echo', 'ls', 'df', 'mount', 'mkdir', 'rm', 'env', 'sleep', 'date',
  'true', 'false', 'touch', 'pwd', 'uname', 'whoami', 'id', 'rmdir', 'cp', 'mv', ...TEXT_TOOLS]

function mysql(tag: string, o: { version: string; release: string; digest: string; sizeBytes: number }): ImageDef {
  const commands: Record<string, string> = {}
  for (const c of MYSQL_TOOLS) commands[c] = c === 'mysqld' ? '/usr/sbin/mysqld' : `/usr/bin/${c}`
  commands.sh = '/bin/sh'
  commands.bash = '/bin/bash'
  const v8 = !o.version.startsWith('5.')
  return {
    ref: `docker.io/library/mysql:${tag}`,
    repository: 'docker.io/library/mysql',
    tag,
    digest: o.digest,
    sizeBytes: o.sizeBytes,
    flavour: 'mysql',
    mysqlVersion: o.version,
    mysqlRelease: o.release,
    entrypoint: ['docker-entrypoint.sh'],
    cmd: ['mysqld'],
    env: {
      PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      GOSU_VERSION: v8 ? '1.17' : '1.16',
      MYSQL_MAJOR: o.version.split('.').slice(0, 2).join('.'),
      MYSQL_VERSION: o.release,
      ...(v8 ? { MYSQL_SHELL_VERSION: o.release } : {}),
    },
    sh: 'bash',
    bash: true,
    commands,
    files: buildTree(MYSQL_DIRS, mysqlFiles(v8 ? 'Oracle Linux Server 9.5' : 'Oracle Linux Server 7.9'), [...Object.values(commands), '/usr/local/bin/docker-entrypoint.sh']),
  }
}

/** CoreDNS as kubeadm/kind run it: a static Go binary on a distroless base. No shell, no coreutils: `kubectl exec`
 *  of anything fails the way runc reports a missing executable. */
function coredns(tag: string, digest: string, sizeBytes: number): ImageDef {
  return {
    ref: `registry.k8s.io/coredns/coredns:${tag}`,
    repository: 'registry.k8s.io/coredns/coredns',
    tag,
    digest,
    sizeBytes,
    flavour: 'coredns',
    entrypoint: ['/coredns'],
    cmd: [],
    env: { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', SSL_CERT_FILE: '/etc/ssl/certs/ca-certificates.crt' },
    sh: 'ash',
    bash: false,
    commands: {},
    files: buildTree(['/etc/ssl/certs', '/home/nonroot', '/tmp', '/var/lib/dpkg/status.d'], {
      '/etc/passwd': 'root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n',
      '/etc/group': 'root:x:0:\nnobody:x:65534:\ntty:x:5:\nstaff:x:50:\nnonroot:x:65532:\n',
      '/etc/nsswitch.conf': 'hosts: files dns\n',
      '/etc/os-release': 'PRETTY_NAME="Distroless"\nNAME="Debian GNU/Linux"\nID="debian"\nVERSION_ID="12"\nVERSION="Debian GNU/Linux 12 (bookworm)"\nHOME_URL="https://github.com/GoogleContainerTools/distroless"\n',
      '/etc/ssl/certs/ca-certificates.crt': '-----BEGIN CERTIFICATE-----\n(simulated)\n-----END CERTIFICATE-----\n',
    }, ['/coredns']),
  }
}

function versionAtMost(v: string, max: string): boolean {
  const a = v.split('.').map(Number)
  const b = max.split('.').map(Number)
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0
    const y = b[i] ?? 0
    if (x !== y) return x < y
  }
  return true
}

// Digests are fixed so `kubectl describe` and `imageID` stay stable between runs; sizes are the compressed sizes a
// node reports after a pull ("Image size: N bytes").
const BB_128 = busybox('1.28', '1.28.4', 'sha256:141c253bc4c3fd0a201d32dc1f493bcf3fff003b6df416dea4f41046e0f37d47', 727869)
const BB_136 = busybox('1.36', '1.36.1', 'sha256:9c1028dc6e6e1ad0deda490e9d2ce51ccfa3a490c8ebf0c73f8cb4fdffc224a7', 2160406)
const BB_LATEST = busybox('latest', '1.37.0', 'sha256:be9e8d593afd2799385c53d90af6c86998f169a52e6019e427ed769457277ef1', 2156519)
const ALPINE_LATEST = alpine('latest', '3.21.3', 'sha256:6ecf3367981b75b6c94b5a474c6733277a060943a45f613fec3e6b0a431cdf12', 3653068)
const NGINX_LATEST = nginx('docker.io/library/nginx', 'latest', {
  digest: 'sha256:e4ff88050d00ddf1cb6e79c5aed28888d8f157f5e4f64c0775e25b5bb52dbabf', sizeBytes: 72099410, nginxVersion: '1.27.4', modern: true, debian: '12.9', curlVersion: '7.88.1',
})
const SLIM_08 = nginx('registry.k8s.io/nginx-slim', '0.8', {
  digest: 'sha256:bfab7788947e93ec3ff9e1039a2e35ef053a511971b1e45badbdb2b739d6e960', sizeBytes: 51187405, nginxVersion: '1.11.1', modern: false, debian: '8.5', curlVersion: '7.38.0',
})
const SLIM_021 = nginx('registry.k8s.io/nginx-slim', '0.21', {
  digest: 'sha256:36d286c1170bb1661e7e3cc403ca2ef4da2ec3746432bf78474024754faf3ff9', sizeBytes: 41286624, nginxVersion: '1.21.6', modern: false, debian: '11.3', curlVersion: '7.74.0',
})
const MYSQL_57 = mysql('5.7', { version: '5.7.44', release: '5.7.44-1.el7', digest: 'sha256:4bc6bc963e6d8443453676cae56536f4b8156d78bae03c0145cbe47c2aad73bb', sizeBytes: 150593596 })
const MYSQL_80 = mysql('8.0', { version: '8.0.41', release: '8.0.41-1.el9', digest: 'sha256:5d25ec39a7a8e9e4b8e2c1a3f0d6b7c9a8e1f2d3c4b5a6978877665544332211', sizeBytes: 234011577 })
const MYSQL_LATEST = mysql('latest', { version: '9.2.0', release: '9.2.0-1.el9', digest: 'sha256:0a1e2f3d4c5b6a79889776655443322110ffeeddccbbaa998877665544332211', sizeBytes: 250830744 })
// The digest kubeadm's corefile-migration table pins for v1.11.3; the size is what a kind node reports for it.
const COREDNS_1113 = coredns('v1.11.3', 'sha256:9caabbf6238b189a65d0d6e6ac138de60d6a1c419e5a341fbbb7c78382559c6e', 18562039)
const tagged = (d: ImageDef, tag: string): ImageDef => ({ ...d, tag, ref: `${d.repository}:${tag}` })

/** normalized repository → tag → image. Several tags may share one image (busybox:1.28 is 1.28.4). */
const CATALOGUE: Record<string, Record<string, ImageDef>> = {
  'docker.io/library/busybox': {
    latest: BB_LATEST,
    '1.37': { ...BB_LATEST, tag: '1.37', ref: 'docker.io/library/busybox:1.37' },
    '1.37.0': { ...BB_LATEST, tag: '1.37.0', ref: 'docker.io/library/busybox:1.37.0' },
    '1.36': BB_136,
    '1.36.1': { ...BB_136, tag: '1.36.1', ref: 'docker.io/library/busybox:1.36.1' },
    '1.28': BB_128,
    '1.28.4': { ...BB_128, tag: '1.28.4', ref: 'docker.io/library/busybox:1.28.4' },
  },
  'docker.io/library/alpine': {
    latest: ALPINE_LATEST,
    '3.21': { ...ALPINE_LATEST, tag: '3.21', ref: 'docker.io/library/alpine:3.21' },
  },
  'docker.io/library/nginx': {
    latest: NGINX_LATEST,
    '1.27': tagged(NGINX_LATEST, '1.27'),
    '1.27.4': tagged(NGINX_LATEST, '1.27.4'),
    stable: tagged(NGINX_LATEST, 'stable'),
    mainline: tagged(NGINX_LATEST, 'mainline'),
  },
  'registry.k8s.io/nginx-slim': { '0.8': SLIM_08, '0.21': SLIM_021 },
  'docker.io/library/mysql': {
    latest: MYSQL_LATEST,
    '9': tagged(MYSQL_LATEST, '9'),
    '9.2': tagged(MYSQL_LATEST, '9.2'),
    '8.0': MYSQL_80,
    '8': tagged(MYSQL_80, '8'),
    '8.0.41': tagged(MYSQL_80, '8.0.41'),
    '5.7': MYSQL_57,
    '5.7.44': tagged(MYSQL_57, '5.7.44'),
  },
  // The cluster DNS add-on (kube-system/coredns), the version kubeadm 1.32 installs.
  'registry.k8s.io/coredns/coredns': { 'v1.11.3': COREDNS_1113 },
  // The old tutorial registry still resolves in docs transcripts; it serves the same bits.
  'k8s.gcr.io/nginx-slim': {
    '0.8': { ...SLIM_08, repository: 'k8s.gcr.io/nginx-slim', ref: 'k8s.gcr.io/nginx-slim:0.8' },
  },
}

/** Images a kind node image ships preloaded (the add-ons' images): their pods start without a pull
 *  (`Container image "…" already present on machine`). */
export const NODE_PRELOADED_IMAGES: readonly string[] = [COREDNS_1113.ref]

export interface ParsedRef {
  repository: string
  tag: string
  digest?: string
}

/** Parse an image reference the way containerd does: `nginx` → docker.io/library/nginx:latest. null = malformed. */
export function parseImageRef(image: string): ParsedRef | null {
  let rest = image.trim()
  if (!rest || /\s/.test(rest)) return null
  let digest: string | undefined
  const at = rest.indexOf('@')
  if (at >= 0) {
    digest = rest.slice(at + 1)
    rest = rest.slice(0, at)
    if (!/^sha256:[0-9a-f]{64}$/.test(digest)) return null
  }
  let tag: string | undefined
  const colon = rest.lastIndexOf(':')
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1)
    rest = rest.slice(0, colon)
    if (!/^[\w][\w.-]{0,127}$/.test(tag)) return null
  }
  const parts = rest.split('/')
  let domain = 'docker.io'
  if (parts.length > 1 && (parts[0].includes('.') || parts[0].includes(':') || parts[0] === 'localhost')) domain = parts.shift()!
  if (!parts.length || parts.some((p) => !/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/.test(p))) return null
  if (domain === 'docker.io' && parts.length === 1) parts.unshift('library')
  return { repository: `${domain}/${parts.join('/')}`, tag: tag ?? (digest ? '' : 'latest'), digest }
}

// lookupImage and pullImage are pure functions of the reference string over the constant CATALOGUE, and the kubelet
// and runtime ask about the same few references for every container (four parses per pod start). Memoize them;
// the memo is cleared when it grows large so arbitrary learner input cannot make it grow without bound.
const MEMO_LIMIT = 256
const lookupMemo = new Map<string, ImageDef | null>()
const pullMemo = new Map<string, ImagePull>()
function remember<T>(memo: Map<string, T>, key: string, value: T): T {
  if (memo.size >= MEMO_LIMIT) memo.clear()
  memo.set(key, value)
  return value
}

/** The image for a pod's `image:` field, or null when no such repository/tag exists (→ ErrImagePull). */
export function lookupImage(image: string): ImageDef | null {
  const known = lookupMemo.get(image)
  return known !== undefined ? known : remember(lookupMemo, image, findImage(image))
}

function findImage(image: string): ImageDef | null {
  const parsed = parseImageRef(image)
  if (!parsed) return null
  const tags = CATALOGUE[parsed.repository]
  if (!tags) return null
  if (parsed.digest) {
    const byDigest = Object.values(tags).find((d) => d.digest === parsed.digest)
    if (!byDigest || (parsed.tag && tags[parsed.tag]?.digest !== parsed.digest)) return null
    return byDigest
  }
  return tags[parsed.tag] ?? null
}

/** How a pull of `image` goes on a node of this (offline) cluster: the image, or why it fails, worded as the kubelet
 *  reports it. `InvalidImageName` never reaches the registry; `ErrImagePull` is what containerd says back. */
export type ImagePull =
  | { ok: true; image: ImageDef }
  | { ok: false; reason: 'InvalidImageName' | 'ErrImagePull'; message: string }

export function pullImage(image: string): ImagePull {
  return pullMemo.get(image) ?? remember(pullMemo, image, Object.freeze(tryPull(image)))
}

function tryPull(image: string): ImagePull {
  const parsed = parseImageRef(image)
  if (!parsed) return { ok: false, reason: 'InvalidImageName', message: `Failed to apply default image tag "${image}": couldn't parse image name "${image}": invalid reference format` }
  const found = lookupImage(image)
  if (found) return { ok: true, image: found }
  const ref = `${parsed.repository}${parsed.tag ? ':' + parsed.tag : ''}${parsed.digest ? '@' + parsed.digest : ''}`
  const head = `failed to pull and unpack image "${ref}": failed to resolve reference "${ref}"`
  // A repository the registry has, with a tag it lacks, is a plain NotFound; an unknown Docker Hub repository is
  // indistinguishable from a private one, so the registry answers with an authorization error.
  if (CATALOGUE[parsed.repository]) return { ok: false, reason: 'ErrImagePull', message: `rpc error: code = NotFound desc = ${head}: ${ref}: not found` }
  if (parsed.repository.startsWith('docker.io/')) {
    return { ok: false, reason: 'ErrImagePull', message: `rpc error: code = Unknown desc = ${head}: pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed` }
  }
  return { ok: false, reason: 'ErrImagePull', message: `rpc error: code = NotFound desc = ${head}: ${ref}: not found` }
}

/** Every reference the catalogue knows (for completion and docs). */
export function catalogueRefs(): string[] {
  return Object.values(CATALOGUE).flatMap((tags) => Object.values(tags).map((d) => d.ref))
}

/** Normalized reference (`docker.io/library/nginx:latest`) or null. */
export function normalizeImageRef(image: string): string | null {
  return lookupImage(image)?.ref ?? null
}

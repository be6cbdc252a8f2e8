// Base filesystems of the simulated images: just enough of a real root tree that `ls /`, `cat /etc/passwd`,
// `ls /usr/share/nginx/html` and `cat /etc/nginx/conf.d/default.conf` look like the real images.

export interface BaseEntry {
  type: 'file' | 'dir'
  data: string
  mode: number
}

export type BaseTree = ReadonlyMap<string, BaseEntry>

/** Build a tree from dirs + files; parents are added automatically. */
export function buildTree(dirs: string[], files: Record<string, string>, executables: string[] = []): BaseTree {
  const t = new Map<string, BaseEntry>()
  const addDir = (p: string) => {
    for (let d = p; d !== '/' && d !== ''; d = d.slice(0, d.lastIndexOf('/')) || '/') {
      if (!t.has(d)) t.set(d, { type: 'dir', data: '', mode: 0o755 })
    }
  }
  t.set('/', { type: 'dir', data: '', mode: 0o755 })
  for (const d of dirs) addDir(d)
  for (const [p, data] of Object.entries(files)) {
    addDir(p.slice(0, p.lastIndexOf('/')) || '/')
    t.set(p, { type: 'file', data, mode: 0o644 })
  }
  for (const p of executables) {
    addDir(p.slice(0, p.lastIndexOf('/')) || '/')
    // Binaries are opaque placeholders: reading one shows the ELF magic like `head -c4` would.
    if (!t.has(p)) t.set(p, { type: 'file', data: '\x7fELF', mode: 0o755 })
  }
  return t
}

export const BUSYBOX_DIRS = ['/bin', '/dev', '/etc', '/home', '/lib', '/proc', '/root', '/sys', '/tmp', '/usr/sbin', '/var/spool/mail', '/var/www']

export const BUSYBOX_FILES: Record<string, string> = {
  '/etc/passwd': [
    'root:x:0:0:root:/root:/bin/sh',
    'daemon:x:1:1:daemon:/usr/sbin:/bin/false',
    'bin:x:2:2:bin:/bin:/bin/false',
    'sys:x:3:3:sys:/dev:/bin/false',
    'sync:x:4:100:sync:/bin:/bin/sync',
    'mail:x:8:8:mail:/var/spool/mail:/bin/false',
    'www-data:x:33:33:www-data:/var/www:/bin/false',
    'operator:x:37:37:Operator:/var:/bin/false',
    'nobody:x:65534:65534:nobody:/home:/bin/false',
    '',
  ].join('\n'),
  '/etc/group': ['root:x:0:', 'daemon:x:1:', 'bin:x:2:', 'sys:x:3:', 'tty:x:5:', 'mail:x:8:', 'www-data:x:33:', 'nogroup:x:65534:', ''].join('\n'),
  '/etc/shadow': 'root:*:10933:0:99999:7:::\n',
}

export const ALPINE_DIRS = ['/bin', '/dev', '/etc/apk', '/home', '/lib', '/media', '/mnt', '/opt', '/proc', '/root', '/run', '/sbin', '/srv', '/sys', '/tmp', '/usr/bin', '/usr/sbin', '/usr/local', '/var']

export function alpineFiles(version: string): Record<string, string> {
  return {
    '/etc/alpine-release': `${version}\n`,
    '/etc/os-release': [
      'NAME="Alpine Linux"',
      'ID=alpine',
      `VERSION_ID=${version}`,
      `PRETTY_NAME="Alpine Linux v${version.split('.').slice(0, 2).join('.')}"`,
      'HOME_URL="https://alpinelinux.org/"',
      'BUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"',
      '',
    ].join('\n'),
    '/etc/passwd': 'root:x:0:0:root:/root:/bin/sh\nbin:x:1:1:bin:/bin:/sbin/nologin\ndaemon:x:2:2:daemon:/sbin:/sbin/nologin\nnobody:x:65534:65534:nobody:/:/sbin/nologin\n',
    '/etc/group': 'root:x:0:root\nbin:x:1:root,bin,daemon\ndaemon:x:2:root,bin,daemon\nnogroup:x:65533:\nnobody:x:65534:\n',
  }
}

export const NGINX_DIRS = [
  '/bin', '/boot', '/dev', '/docker-entrypoint.d', '/etc/nginx/conf.d', '/home', '/lib', '/lib64', '/media', '/mnt', '/opt',
  '/proc', '/root', '/run', '/sbin', '/srv', '/sys', '/tmp', '/usr/bin', '/usr/sbin', '/usr/local', '/usr/share/nginx/html',
  '/var/cache/nginx', '/var/log/nginx', '/var/run',
]

/** The stock welcome page nginx ships; the tutorial's first `curl` shows it before anything is written to the volume. */
export function welcomePage(modern: boolean): string {
  const style = modern
    ? ['html { color-scheme: light dark; }', 'body { width: 35em; margin: 0 auto;', 'font-family: Tahoma, Verdana, Arial, sans-serif; }']
    : ['    body {', '        width: 35em;', '        margin: 0 auto;', '        font-family: Tahoma, Verdana, Arial, sans-serif;', '    }']
  return [
    '<!DOCTYPE html>',
    '<html>',
    '<head>',
    '<title>Welcome to nginx!</title>',
    '<style>',
    ...style,
    '</style>',
    '</head>',
    '<body>',
    '<h1>Welcome to nginx!</h1>',
    '<p>If you see this page, the nginx web server is successfully installed and',
    'working. Further configuration is required.</p>',
    '',
    '<p>For online documentation and support please refer to',
    '<a href="http://nginx.org/">nginx.org</a>.<br/>',
    'Commercial support is available at',
    '<a href="http://nginx.com/">nginx.com</a>.</p>',
    '',
    '<p><em>Thank you for using nginx.</em></p>',
    '</body>',
    '</html>',
    '',
  ].join('\n')
}

export function nginxFiles(opts: { nginxVersion: string; modern: boolean; debian: string }): Record<string, string> {
  return {
    '/usr/share/nginx/html/index.html': welcomePage(opts.modern),
    '/usr/share/nginx/html/50x.html': [
      '<!DOCTYPE html>',
      '<html>',
      '<head>',
      '<title>Error</title>',
      '</head>',
      '<body>',
      '<h1>An error occurred.</h1>',
      '<p>Sorry, the page you are looking for is currently unavailable.<br/>',
      'Please try again later.</p>',
      '</body>',
      '</html>',
      '',
    ].join('\n'),
    '/etc/nginx/nginx.conf': [
      '',
      'user  nginx;',
      'worker_processes  auto;',
      '',
      'error_log  /var/log/nginx/error.log notice;',
      'pid        /var/run/nginx.pid;',
      '',
      '',
      'events {',
      '    worker_connections  1024;',
      '}',
      '',
      '',
      'http {',
      '    include       /etc/nginx/mime.types;',
      '    default_type  application/octet-stream;',
      '',
      `    log_format  main  '$remote_addr - $remote_user [$time_local] "$request" '`,
      `                      '$status $body_bytes_sent "$http_referer" '`,
      `                      '"$http_user_agent" "$http_x_forwarded_for"';`,
      '',
      '    access_log  /var/log/nginx/access.log  main;',
      '',
      '    sendfile        on;',
      '    keepalive_timeout  65;',
      '',
      '    include /etc/nginx/conf.d/*.conf;',
      '}',
      '',
    ].join('\n'),
    '/etc/nginx/conf.d/default.conf': [
      'server {',
      '    listen       80;',
      '    listen  [::]:80;',
      '    server_name  localhost;',
      '',
      '    location / {',
      '        root   /usr/share/nginx/html;',
      '        index  index.html index.htm;',
      '    }',
      '',
      '    error_page   500 502 503 504  /50x.html;',
      '    location = /50x.html {',
      '        root   /usr/share/nginx/html;',
      '    }',
      '}',
      '',
    ].join('\n'),
    '/etc/nginx/mime.types': 'types {\n    text/html  html htm shtml;\n    text/css   css;\n    text/plain txt;\n    application/json json;\n}\n',
    '/etc/debian_version': `${opts.debian}\n`,
    '/etc/os-release': `PRETTY_NAME="Debian GNU/Linux ${opts.debian.split('.')[0]}"\nNAME="Debian GNU/Linux"\nID=debian\n`,
    '/etc/passwd': [
      'root:x:0:0:root:/root:/bin/bash',
      'daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin',
      'bin:x:2:2:bin:/bin:/usr/sbin/nologin',
      'www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin',
      'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin',
      'nginx:x:101:101:nginx user:/nonexistent:/bin/false',
      '',
    ].join('\n'),
    '/etc/group': 'root:x:0:\ndaemon:x:1:\nbin:x:2:\nwww-data:x:33:\nnogroup:x:65534:\nnginx:x:101:\n',
    '/var/log/nginx/access.log': '',
    '/var/log/nginx/error.log': '',
    '/root/.bashrc': '# ~/.bashrc: executed by bash(1) for non-login shells.\n',
  }
}

export const MYSQL_DIRS = ['/bin', '/dev', '/docker-entrypoint-initdb.d', '/etc/mysql/conf.d', '/home', '/lib', '/lib64', '/proc', '/root',
  '/run', '/sbin', '/sys', '/tmp', '/usr/bin', '/usr/sbin', '/usr/local/bin', '/var/lib/mysql', '/var/lib/mysql-files', '/var/run/mysqld']

export function mysqlFiles(os: string): Record<string, string> {
  return {
    '/etc/os-release': `NAME="Oracle Linux Server"\nVERSION="${os.replace(/^Oracle Linux Server /, '')}"\nID="ol"\nPRETTY_NAME="${os}"\n`,
    '/etc/my.cnf': [
      '# For advice on how to change settings please see',
      '# http://dev.mysql.com/doc/refman/8.0/en/server-configuration-defaults.html',
      '',
      '[mysqld]',
      'skip-host-cache',
      'skip-name-resolve',
      'datadir=/var/lib/mysql',
      'socket=/var/run/mysqld/mysqld.sock',
      'secure-file-priv=/var/lib/mysql-files',
      'user=mysql',
      '',
      'pid-file=/var/run/mysqld/mysqld.pid',
      '[client]',
      'socket=/var/run/mysqld/mysqld.sock',
      '',
      '!includedir /etc/mysql/conf.d/',
      '',
    ].join('\n'),
    '/etc/passwd': 'root:x:0:0:root:/root:/bin/bash\nbin:x:1:1:bin:/bin:/sbin/nologin\nmysql:x:999:999::/var/lib/mysql:/bin/bash\nnobody:x:65534:65534:Kernel Overflow User:/:/sbin/nologin\n',
    '/etc/group': 'root:x:0:\nbin:x:1:\nmysql:x:999:\nnobody:x:65534:\n',
  }
}

// mysql images: the entrypoint's password rule (and its real error), init once per data directory, `ready for
// connections`, the `mysql` client's batch / table / error output, and databases that live in the volume mounted at
// /var/lib/mysql so they survive the pod being deleted and recreated on the same claim.
import { describe, expect, it } from 'vitest'
import type { Pod } from '../../../src-main/cluster/api-types'
import { drive, execIn, G, makeCluster, startPod, type TestCluster } from './fixture'

function mysqlPod(c: TestCluster, opts: { image?: string; env?: { name: string; value: string }[]; ip?: string; claim?: boolean } = {}): Pod {
  return c.createPod(
    'db-0',
    {
      hostname: 'db-0',
      containers: [
        {
          name: 'mysql',
          image: opts.image ?? 'mysql:8.0',
          env: opts.env ?? [{ name: 'MYSQL_ROOT_PASSWORD', value: 's3cret' }],
          ports: [{ name: 'mysql', containerPort: 3306 }],
          volumeMounts: opts.claim === false ? [] : [{ name: 'data', mountPath: '/var/lib/mysql' }],
        },
      ],
      volumes: opts.claim === false ? [] : [{ name: 'data', persistentVolumeClaim: { claimName: 'data-db-0' } }],
    },
    opts.ip ?? '10.244.1.20',
    'ordinal-worker',
    { app: 'db' },
  )
}

const logs = (c: TestCluster) => c.runtime.logs('default', 'db-0', {}).initial

async function ready(c: TestCluster): Promise<void> {
  await drive(c, () => logs(c).includes('ready for connections'), 2000)
}

describe('mysql:8.0', () => {
  it('refuses to initialize without a password option: the entrypoint error, exit 1', async () => {
    const c = makeCluster()
    c.claim('data-db-0', 'pvc-db0')
    const exits = startPod(c, mysqlPod(c, { env: [] }))
    await drive(c, () => exits.mysql.length > 0)
    expect(exits.mysql).toEqual([1])
    const text = logs(c)
    expect(text).toMatch(/^2026-01-01 09:00:00\+00:00 \[Note\] \[Entrypoint\]: Entrypoint script for MySQL Server 8\.0\.41-1\.el9 started\.\n/)
    expect(text).toContain(
      '[ERROR] [Entrypoint]: Database is uninitialized and password option is not specified\n' +
        '    You need to specify one of the following as an environment variable:\n' +
        '    - MYSQL_ROOT_PASSWORD\n    - MYSQL_ALLOW_EMPTY_PASSWORD\n    - MYSQL_RANDOM_ROOT_PASSWORD\n',
    )
  })

  it('initializes, gets ready, and runs mysql -e in batch format; databases persist in the claim', async () => {
    const c = makeCluster()
    c.claim('data-db-0', 'pvc-db0')
    const pod = mysqlPod(c)
    startPod(c, pod)
    // Before the server is up, the socket is not there yet.
    let r = await execIn(c, 'db-0', ['mysql', '-uroot', '-ps3cret', '-e', 'SHOW DATABASES'])
    expect(r.stderr).toBe(
      "mysql: [Warning] Using a password on the command line interface can be insecure.\nERROR 2002 (HY000): Can't connect to local MySQL server through socket '/var/run/mysqld/mysqld.sock' (2)\n",
    )
    expect(r.code).toBe(1)
    await ready(c)
    expect(logs(c)).toContain('[Note] [Entrypoint]: MySQL init process done. Ready for start up.\n')
    expect(logs(c)).toMatch(/\[System\] \[MY-010931\] \[Server\] \/usr\/sbin\/mysqld: ready for connections\. Version: '8\.0\.41'  socket: '\/var\/run\/mysqld\/mysqld\.sock'  port: 3306  MySQL Community Server - GPL\.\n/)

    r = await execIn(c, 'db-0', ['mysql', '-uroot', '-ps3cret', '-e', 'CREATE DATABASE shop; SHOW DATABASES;'])
    expect(r.stdout).toBe('Database\ninformation_schema\nmysql\nperformance_schema\nshop\nsys\n')
    expect(r.code).toBe(0)
    r = await execIn(c, 'db-0', [
      'mysql', '-uroot', '-ps3cret', 'shop', '-e',
      "CREATE TABLE items (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(20), qty INT); INSERT INTO items (name, qty) VALUES ('apple', 3), ('pear', 10); SELECT * FROM items WHERE qty > 5;",
    ])
    expect(r.stdout).toBe('id\tname\tqty\n2\tpear\t10\n')
    // The data directory is the volume: databases are directories, tables files.
    expect(c.volumes.read('pvc-db0', '/shop')?.type).toBe('dir')
    expect(c.volumes.read('pvc-db0', '/shop/items.ibd')?.type).toBe('file')

    // The pod is deleted and recreated on the same claim: no init, no password needed, the data is there.
    c.runtime.removePod(pod.metadata.uid!)
    c.store.delete(G.pods, 'default', 'db-0', { gracePeriodSeconds: 0 })
    startPod(c, mysqlPod(c, { env: [], ip: '10.244.1.21' }))
    await ready(c)
    expect(logs(c)).not.toContain('Initializing database files')
    r = await execIn(c, 'db-0', ['mysql', '-uroot', '-ps3cret', '-N', '-e', 'SELECT name, qty FROM shop.items ORDER BY qty DESC'])
    expect(r.stdout).toBe('pear\t10\napple\t3\n')
  })

  it('client errors: wrong password, unknown database, SQL errors with line numbers, table format on a tty', async () => {
    const c = makeCluster()
    c.claim('data-db-0', 'pvc-db0')
    startPod(c, mysqlPod(c))
    await ready(c)
    let r = await execIn(c, 'db-0', ['mysql', '-uroot', '-pwrong', '-e', 'SELECT 1'])
    expect(r.stderr).toBe("mysql: [Warning] Using a password on the command line interface can be insecure.\nERROR 1045 (28000): Access denied for user 'root'@'localhost' (using password: YES)\n")
    expect(r.code).toBe(1)
    r = await execIn(c, 'db-0', ['mysql', '-e', 'SELECT 1'])
    expect(r.stderr).toBe("ERROR 1045 (28000): Access denied for user 'root'@'localhost' (using password: NO)\n")
    r = await execIn(c, 'db-0', ['mysql', '-uroot', '-ps3cret', 'nope', '-e', 'SELECT 1'])
    expect(r.stderr).toContain("ERROR 1049 (42000): Unknown database 'nope'\n")
    r = await execIn(c, 'db-0', ['mysql', '-uroot', '-ps3cret', '-e', 'CREATE DATABASE a;\nCREATE DATABASE a;\nSHOW DATABASES'])
    expect(r.stderr).toContain("ERROR 1007 (HY000) at line 2: Can't create database 'a'; database exists\n")
    expect(r.stdout).toBe('')
    r = await execIn(c, 'db-0', ['mysql', '-uroot', '-ps3cret', '-e', 'SELECT * FROM t'])
    expect(r.stderr).toContain('ERROR 1046 (3D000) at line 1: No database selected\n')
    r = await execIn(c, 'db-0', ['mysql', '-uroot', '-ps3cret', 'a', '-e', 'SELEC 1'])
    expect(r.stderr).toContain("ERROR 1064 (42000) at line 1: You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near 'SELEC 1' at line 1\n")
    r = await execIn(c, 'db-0', ['mysql', '-uroot', '-ps3cret', 'a', '-e', 'SELECT * FROM missing'])
    expect(r.stderr).toContain("ERROR 1146 (42S02) at line 1: Table 'a.missing' doesn't exist\n")
    r = await execIn(c, 'db-0', ['mysql', '-uroot', '-ps3cret', '-e', 'SHOW DATABASES'], { tty: true })
    expect(r.stdout).toContain('+--------------------+\r\n| Database           |\r\n+--------------------+\r\n| a                  |\r\n')
    // A script on stdin (kubectl exec -i db-0 -- mysql … < schema.sql).
    r = await execIn(c, 'db-0', ['mysql', '-uroot', '-ps3cret'], { stdin: 'USE a;\nCREATE TABLE t (x INT);\nINSERT INTO t VALUES (1),(2);\nSELECT COUNT(*) FROM t;\n' })
    expect(r.stdout).toBe('COUNT(*)\n2\n')
  })

  it('the interactive monitor on a TTY', async () => {
    const c = makeCluster()
    c.claim('data-db-0', 'pvc-db0')
    startPod(c, mysqlPod(c))
    await ready(c)
    const s = c.runtime.exec({ namespace: 'default', pod: 'db-0', command: ['mysql', '-uroot', '-p'], stdin: true, stdout: true, stderr: true, tty: true })
    let out = ''
    s.onStdout((d) => (out += d))
    await drive(c, () => out.includes('Enter password: '))
    s.write('s3cret\r')
    await drive(c, () => out.includes('mysql> '))
    expect(out).toContain('Server version: 8.0.41 MySQL Community Server - GPL')
    s.write('CREATE DATABASE x;\r')
    await drive(c, () => out.includes('Query OK, 1 row affected'))
    s.write('SHOW\r')
    await drive(c, () => out.includes('    -> '))
    s.write('DATABASES;\r')
    await drive(c, () => out.includes('5 rows in set (0.00 sec)'))
    s.write('exit\r')
    expect(await s.exited).toBe(0)
    expect(out).toContain('Bye\r\n')
  })

  it('over the pod network to port 3306, and SIGTERM shuts mysqld down cleanly (exit 0)', async () => {
    const c = makeCluster()
    c.claim('data-db-0', 'pvc-db0')
    const pod = mysqlPod(c)
    const exits = startPod(c, pod)
    await ready(c)
    const client = c.createPod('client', { containers: [{ name: 'c', image: 'mysql:8.0', command: ['sleep', '3600'] }] }, '10.244.2.30')
    startPod(c, client)
    let r = await execIn(c, 'client', ['mysql', '-h', '10.244.1.20', '-uroot', '-ps3cret', '-N', '-e', 'SELECT @@hostname'])
    expect(r.stdout).toBe('db-0\n')
    r = await execIn(c, 'client', ['mysql', '-h', '10.244.1.20', '-uroot', '-pnope', '-e', 'SELECT 1'])
    expect(r.stderr).toContain("ERROR 1045 (28000): Access denied for user 'root'@'10.244.2.30' (using password: YES)\n")
    r = await execIn(c, 'client', ['mysql', '-h', 'nosuchhost', '-e', 'SELECT 1'])
    expect(r.stderr).toBe("ERROR 2005 (HY000): Unknown MySQL server host 'nosuchhost' (-2)\n")
    r = await execIn(c, 'client', ['mysql', '-h', '10.244.2.30', '-e', 'SELECT 1'])
    expect(r.stderr).toBe("ERROR 2003 (HY000): Can't connect to MySQL server on '10.244.2.30:3306' (111)\n")
    c.runtime.stopContainer(pod.metadata.uid!, 'mysql', 'TERM')
    await drive(c, () => exits.mysql.length > 0)
    expect(exits.mysql).toEqual([0])
    expect(logs(c)).toContain('/usr/sbin/mysqld: Shutdown complete (mysqld 8.0.41)  MySQL Community Server - GPL.')
  })
})

describe('mysql:5.7', () => {
  it('5.7 wording: ready for connections on two lines', async () => {
    const c = makeCluster()
    startPod(c, mysqlPod(c, { image: 'mysql:5.7', claim: false, env: [{ name: 'MYSQL_ALLOW_EMPTY_PASSWORD', value: 'yes' }, { name: 'MYSQL_DATABASE', value: 'app' }] }))
    await ready(c)
    expect(logs(c)).toContain('Entrypoint script for MySQL Server 5.7.44-1.el7 started.')
    expect(logs(c)).toMatch(/Z 0 \[Note\] mysqld: ready for connections\.\nVersion: '5\.7\.44'  socket: '\/var\/run\/mysqld\/mysqld\.sock'  port: 3306  MySQL Community Server \(GPL\)\n/)
    const r = await execIn(c, 'db-0', ['mysql', '-e', 'SHOW DATABASES'])
    expect(r.stdout).toContain('\napp\n')
    expect((await execIn(c, 'db-0', ['mysql', '--version'])).stdout).toBe('mysql  Ver 14.14 Distrib 5.7.44, for Linux (x86_64) using  EditLine wrapper\n')
  })
})

describe('the mysql image shell', () => {
  it('/bin/sh is bash and says so as sh; GNU tools', async () => {
    const c = makeCluster()
    startPod(c, mysqlPod(c, { claim: false }))
    let r = await execIn(c, 'db-0', ['sh', '-c', 'nosuch'])
    expect(r.stderr).toBe('sh: line 1: nosuch: command not found\n')
    r = await execIn(c, 'db-0', ['bash', '-c', 'nosuch; ls /nope'])
    expect(r.stderr).toBe("bash: line 1: nosuch: command not found\nls: cannot access '/nope': No such file or directory\n")
    r = await execIn(c, 'db-0', ['ls', '/var/lib/mysql'])
    expect(r.stdout).toBe('')
  })
})

import { measureRawCatThroughput, measureShellEcho } from './measures-terminal'
const raw = await measureRawCatThroughput(4)
console.log('raw cat MB/s', raw.toFixed(2))
const sh = await measureShellEcho(3)
console.log('shell cat MB/s', sh.throughputMBs.toFixed(2), 'echo', sh.echo.map((x) => x.toFixed(1)).join(','))
process.exit(0)

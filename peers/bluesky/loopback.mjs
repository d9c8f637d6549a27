// Imported before anything else: every server dev-env starts listens on 127.0.0.1 only.
// dev-env binds all interfaces by default, which would expose test accounts to the network.
import net from 'node:net'

const LOOPBACK = '127.0.0.1'
const WIDE = new Set([undefined, null, '', '0.0.0.0', '::', '::0'])
const originalListen = net.Server.prototype.listen

net.Server.prototype.listen = function listen(...args) {
  const [first] = args
  if (first !== null && typeof first === 'object' && !Array.isArray(first)) {
    if ('port' in first && WIDE.has(first.host)) args[0] = { ...first, host: LOOPBACK }
  } else if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    if (typeof args[1] !== 'string' || WIDE.has(args[1])) {
      if (typeof args[1] === 'string') args[1] = LOOPBACK
      else args.splice(1, 0, LOOPBACK)
    }
  } else if (first === undefined || typeof first === 'function') {
    args.unshift(0, LOOPBACK)
  }
  return originalListen.apply(this, args)
}

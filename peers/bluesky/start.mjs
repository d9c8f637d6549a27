// Starts a local AT Protocol network for carepost's Bluesky connector tests.
//
//   node start.mjs [--no-appview]
//
// Every server listens on 127.0.0.1 only (loopback.mjs). The full network (PLC, PDS, AppView,
// Bsync, Ozone) needs PostgreSQL: DB_POSTGRES_URL (postgresql://...) and DB_POSTGRES_SCHEMA
// (letters and underscores only). When ready it prints one JSON line on stdout:
//   {"pds": URL, "appview": URL or null, "plc": URL, "control": URL}
// POST {control}/process-all waits until the AppView has indexed everything (instead of
// sleeping). SIGTERM or SIGINT closes the network. State lives in $TMPDIR.
import './loopback.mjs'
import http from 'node:http'
import { TestNetwork, TestNetworkNoAppView } from '@atproto/dev-env'

const noAppView = process.argv.includes('--no-appview')
const loopbackUrl = (url) => url.replace('//localhost:', '//127.0.0.1:')

async function main() {
  let network
  if (noAppView) {
    network = await TestNetworkNoAppView.create({})
  } else {
    const schema = process.env.DB_POSTGRES_SCHEMA || ''
    if (!/^[A-Za-z_]+$/.test(schema)) {
      throw new Error('DB_POSTGRES_SCHEMA must be letters and underscores only')
    }
    // Asserted by dev-env but unused by the services started here.
    process.env.REDIS_HOST = process.env.REDIS_HOST || '127.0.0.1:6379'
    network = await TestNetwork.create({
      dbPostgresUrl: process.env.DB_POSTGRES_URL,
      dbPostgresSchema: schema,
    })
  }

  const control = http.createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/process-all') {
      network.processAll().then(
        () => { res.writeHead(200).end('ok') },
        (err) => { res.writeHead(500).end(String(err && err.message)) },
      )
      return
    }
    res.writeHead(404).end()
  })
  await new Promise((resolve) => control.listen(0, '127.0.0.1', resolve))

  let closing = false
  const shutdown = async () => {
    if (closing) return
    closing = true
    control.close()
    try {
      await network.close()
    } finally {
      process.exit(0)
    }
  }
  process.on('SIGTERM', shutdown)
  process.on('SIGINT', shutdown)

  process.stdout.write(
    JSON.stringify({
      pds: loopbackUrl(network.pds.url),
      appview: network.bsky ? loopbackUrl(network.bsky.url) : null,
      plc: loopbackUrl(network.plc.url),
      control: `http://127.0.0.1:${control.address().port}`,
    }) + '\n',
  )
}

main().catch((err) => {
  process.stderr.write(`bluesky peer failed to start: ${err && err.stack ? err.stack : err}\n`)
  process.exit(1)
})

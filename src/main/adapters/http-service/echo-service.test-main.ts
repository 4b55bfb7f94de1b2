/**
 * The echo service as its own process, for tests that must limit the server's file descriptors
 * (`ulimit -n`) apart from the test's: prints `{"port":N,"launchUrl":"…"}` once listening.
 */
import { startEchoService } from './echo-service.test-helper'

void startEchoService().then((server) => {
  process.stdout.write(`${JSON.stringify({ port: server.port, launchUrl: server.launchUrl })}\n`)
  process.on('SIGTERM', () => void server.close().then(() => process.exit(0)))
})

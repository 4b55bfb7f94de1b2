#!/usr/bin/env node
/**
 * Makes the desk's Ed25519 update key pair, once per project (README "Releasing"):
 *
 *   node scripts/release/new-update-key.mjs
 *
 * Store the private key as the repository secret UPDATE_SIGNING_KEY (and nowhere else); the
 * release workflow derives the public key from it and bakes it into every build. Copies built
 * with one key refuse updates signed with another, so rotating the key means a manual reinstall.
 */
import { generateKeyPairSync } from 'node:crypto'

const { privateKey, publicKey } = generateKeyPairSync('ed25519')
process.stderr.write('Private key: store it as the repository secret UPDATE_SIGNING_KEY, then forget it.\n\n')
process.stdout.write(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString())
process.stderr.write(
  `\nIts public key (the builds carry it; nothing to do with it):\n${publicKey.export({ type: 'spki', format: 'pem' })}`,
)

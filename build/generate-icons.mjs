#!/usr/bin/env node
/**
 * Draws the app icon procedurally and writes the PNGs electron-builder and the tray use:
 *   build/icon.png (512), build/icons/512x512.png, build/icons/256x256.png, build/tray.png (32).
 *
 * Only node:zlib and node:fs: no image tooling is installed on the build machines, and a drawn icon
 * keeps the repository free of opaque binaries nobody can regenerate.
 *
 *   node build/generate-icons.mjs
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { deflateSync } from 'node:zlib'

const CRC_TABLE = (() => {
  const table = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    table[n] = c >>> 0
  }
  return table
})()

/** CRC-32 as PNG chunks need it. */
export function crc32(bytes) {
  let c = 0xffffffff
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function chunk(type, data) {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

/** Encodes RGBA pixels (row-major, 4 bytes each) as a PNG. */
export function encodePng(width, height, rgba) {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header[8] = 8 // bit depth
  header[9] = 6 // colour type RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height)
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0 // filter: none
    rgba.copy(raw, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4)
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

const clamp01 = (v) => Math.min(1, Math.max(0, v))

/** Signed distance to a rounded square centred at 0 with half-size `h` and corner radius `r`. */
function roundedSquare(x, y, h, r) {
  const qx = Math.abs(x) - h + r
  const qy = Math.abs(y) - h + r
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r
}

/** Distance to the segment a-b. */
function segment(px, py, ax, ay, bx, by) {
  const dx = bx - ax
  const dy = by - ay
  const t = clamp01(((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy))
  return Math.hypot(px - ax - t * dx, py - ay - t * dy)
}

/** Renders the icon at `size` pixels: a blue tile, a white ring (the desk) and a check mark (in sync). */
export function renderIcon(size) {
  const rgba = Buffer.alloc(size * size * 4)
  const px = 2 / size // one pixel in unit coordinates, for anti-aliasing
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const u = ((x + 0.5) / size) * 2 - 1
      const v = ((y + 0.5) / size) * 2 - 1
      const tile = clamp01(0.5 - roundedSquare(u, v, 0.94, 0.22) / px)
      const ring = clamp01(0.5 - (Math.abs(Math.hypot(u, v) - 0.55) - 0.075) / px)
      const tick = Math.min(segment(u, v, -0.26, 0.02, -0.07, 0.22), segment(u, v, -0.07, 0.22, 0.3, -0.2))
      const check = clamp01(0.5 - (tick - 0.07) / px)
      const white = Math.max(ring, check)
      // Vertical gradient from Umbrella blue to a lighter blue.
      const t = (v + 1) / 2
      const r = 0x1d + (0x3a - 0x1d) * t
      const g = 0x4e + (0x86 - 0x4e) * t
      const b = 0x89 + (0xd6 - 0x89) * t
      const i = (y * size + x) * 4
      rgba[i] = Math.round(r + (255 - r) * white)
      rgba[i + 1] = Math.round(g + (255 - g) * white)
      rgba[i + 2] = Math.round(b + (255 - b) * white)
      rgba[i + 3] = Math.round(255 * tile)
    }
  }
  return encodePng(size, size, rgba)
}

/** The files this script writes, relative to build/. */
export const ICON_FILES = [
  ['icon.png', 512],
  ['icons/512x512.png', 512],
  ['icons/256x256.png', 256],
  ['tray.png', 32],
]

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const here = dirname(fileURLToPath(import.meta.url))
  for (const [name, size] of ICON_FILES) {
    const file = join(here, name)
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, renderIcon(size))
    process.stdout.write(`wrote ${file} (${size}x${size})\n`)
  }
}

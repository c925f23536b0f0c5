// Draws the app's PNG icons (192 and 512 px, and a 512 px maskable one with
// its artwork inside the safe zone) from the same shapes as public/icon.svg:
// a blue tile, three white signal arcs and a yellow dot. Run by hand when the
// icon changes (node scripts/make-icons.mjs); the PNGs are committed.
import { writeFileSync } from 'node:fs';
import { deflateSync, crc32 } from 'node:zlib';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const PUBLIC = join(dirname(fileURLToPath(import.meta.url)), '..', 'public');
const BLUE = [0x15, 0x65, 0xc0];
const WHITE = [0xff, 0xff, 0xff];
const YELLOW = [0xff, 0xca, 0x28];

/** The colour at (x, y) in the 512-unit artwork, or null outside the tile. */
function shade(x, y, { maskable }) {
    // Maskable icons are cropped to a circle of 80 % of the size: the tile fills the square, the art shrinks.
    const scale = maskable ? 0.72 : 1;
    const ax = (x - 256) / scale + 256;
    const ay = (y - 256) / scale + 256;
    if (!maskable) {
        const r = 96;
        const cx = Math.min(Math.max(x, r), 512 - r);
        const cy = Math.min(Math.max(y, r), 512 - r);
        if ((x - cx) ** 2 + (y - cy) ** 2 > r * r) return null;
    }
    if ((ax - 400) ** 2 + (ay - 136) ** 2 <= 40 * 40) return YELLOW;
    // Quarter arcs centred on (88, 376) with radii 48, 144, 240, 36 wide with round caps.
    const dx = ax - 88;
    const dy = 376 - ay;
    const distance = Math.hypot(dx, dy);
    for (const radius of [48, 144, 240]) {
        if (dx >= 0 && dy >= 0 && Math.abs(distance - radius) <= 18) return WHITE;
        for (const [ex, ey] of [[88 + radius, 376], [88, 376 - radius]]) {
            if ((ax - ex) ** 2 + (ay - ey) ** 2 <= 18 * 18) return WHITE;
        }
    }
    return BLUE;
}

function png(size, options) {
    const samples = 4;
    const rows = [];
    for (let y = 0; y < size; y++) {
        const row = Buffer.alloc(1 + size * 4);
        for (let x = 0; x < size; x++) {
            const sum = [0, 0, 0, 0];
            for (let sy = 0; sy < samples; sy++) {
                for (let sx = 0; sx < samples; sx++) {
                    const colour = shade(((x + (sx + 0.5) / samples) * 512) / size, ((y + (sy + 0.5) / samples) * 512) / size, options);
                    if (colour) { sum[0] += colour[0]; sum[1] += colour[1]; sum[2] += colour[2]; sum[3] += 255; }
                }
            }
            const n = samples * samples;
            const alpha = sum[3] / n;
            const base = 1 + x * 4;
            for (let channel = 0; channel < 3; channel++) row[base + channel] = alpha ? Math.round(sum[channel] / (sum[3] / 255)) : 0;
            row[base + 3] = Math.round(alpha);
        }
        rows.push(row);
    }
    const chunk = (type, data) => {
        const length = Buffer.alloc(4); length.writeUInt32BE(data.length);
        const body = Buffer.concat([Buffer.from(type), data]);
        const check = Buffer.alloc(4); check.writeUInt32BE(crc32(body));
        return Buffer.concat([length, body, check]);
    };
    const header = Buffer.alloc(13);
    header.writeUInt32BE(size, 0); header.writeUInt32BE(size, 4);
    header[8] = 8; header[9] = 6; // 8-bit RGBA
    return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
        chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

for (const [name, size, maskable] of [['icon-192.png', 192, false], ['icon-512.png', 512, false], ['icon-maskable-512.png', 512, true]]) {
    writeFileSync(join(PUBLIC, name), png(size, { maskable }));
    console.log(`wrote public/${name}`);
}

import sharp from 'sharp';

/** Where the drawn face's centre is in `facePng()`'s 640×480 picture. */
export const FACE_CENTRE = { x: 320, y: 250 } as const;

/** A drawn face (hair, skin, brows, eyes, nose, mouth) that @vladmandic/face-api's tiny detector finds, as a PNG. */
export function facePng(): Promise<Buffer> {
  const s = 130;
  const { x: cx, y: cy } = FACE_CENTRE;
  return sharp(
    Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480"><rect width="640" height="480" fill="#8aa0b0"/>
      <radialGradient id="sk" cx="50%" cy="45%" r="60%"><stop offset="0%" stop-color="#f1c7a5"/><stop offset="100%" stop-color="#c98f6b"/></radialGradient>
      <ellipse cx="${cx}" cy="${cy - 0.55 * s}" rx="${0.82 * s}" ry="${0.6 * s}" fill="#3b2415"/>
      <ellipse cx="${cx}" cy="${cy}" rx="${0.7 * s}" ry="${0.92 * s}" fill="url(#sk)"/>
      <path d="M${cx - 0.45 * s},${cy - 0.3 * s} q${0.15 * s},-${0.1 * s} ${0.3 * s},0 M${cx + 0.15 * s},${cy - 0.3 * s} q${0.15 * s},-${0.1 * s} ${0.3 * s},0" stroke="#3b2415" stroke-width="${0.06 * s}" fill="none"/>
      <ellipse cx="${cx - 0.3 * s}" cy="${cy - 0.15 * s}" rx="${0.14 * s}" ry="${0.07 * s}" fill="#fff"/><ellipse cx="${cx + 0.3 * s}" cy="${cy - 0.15 * s}" rx="${0.14 * s}" ry="${0.07 * s}" fill="#fff"/>
      <circle cx="${cx - 0.3 * s}" cy="${cy - 0.15 * s}" r="${0.06 * s}" fill="#2a1a10"/><circle cx="${cx + 0.3 * s}" cy="${cy - 0.15 * s}" r="${0.06 * s}" fill="#2a1a10"/>
      <path d="M${cx},${cy - 0.1 * s} l-${0.08 * s},${0.3 * s} q${0.08 * s},${0.06 * s} ${0.16 * s},0" stroke="#a0684a" stroke-width="${0.03 * s}" fill="none"/>
      <path d="M${cx - 0.25 * s},${cy + 0.45 * s} q${0.25 * s},${0.15 * s} ${0.5 * s},0 q-${0.25 * s},${0.02 * s} -${0.5 * s},0" fill="#b5544a"/></svg>`),
  )
    .png()
    .toBuffer();
}

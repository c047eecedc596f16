"""Block-DCT codec with closed-loop temporal prediction.

Frames go to YCbCr (BT.601, full range), chroma is optionally halved in each direction, and every plane
is cut into 8x8 blocks. An intra frame codes the DCT of the blocks; a predicted frame codes the DCT of
the difference to the previous *reconstructed* frame, so encoder and decoder stay in step. Coefficients
are quantised with a step that grows with frequency, grouped by frequency across all blocks (similar
values side by side compress better) and packed with lzma or zlib.
"""
import lzma
import struct
import zlib

import numpy as np

# --- tunables: the offline proposer edits the values in this block (name = value  # tune: type min max) ---
BASE_STEP = 14.0  # tune: float 4.0 40.0
STEP_RATIO = 1.45  # tune: float 1.15 1.9
FREQ_TILT = 0.12  # tune: float 0.0 0.4
CHROMA_STEP_SCALE = 1.6  # tune: float 0.8 3.0
INTER_STEP_SCALE = 1.3  # tune: float 0.8 2.5
ROUNDING = 0.42  # tune: float 0.2 0.5
GOP = 12  # tune: int 1 48
CHROMA_HALF = 1  # tune: int 0 1
LZMA = 1  # tune: int 0 1
# --- end tunables ---

MAGIC = b"BDC1"
B = 8


def _dct_matrix(n=B):
    m = np.zeros((n, n))
    for k in range(n):
        for i in range(n):
            m[k, i] = np.cos(np.pi * (2 * i + 1) * k / (2 * n)) * (np.sqrt(1.0 / n) if k == 0 else np.sqrt(2.0 / n))
    return m


D = _dct_matrix()


def _weights(tilt):
    u = np.arange(B)
    return 1.0 + tilt * (u[:, None] + u[None, :])


def _rgb_to_ycc(rgb):
    rgb = rgb.astype(np.float64)
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    y = 0.299 * r + 0.587 * g + 0.114 * b
    cb = -0.168736 * r - 0.331264 * g + 0.5 * b
    cr = 0.5 * r - 0.418688 * g - 0.081312 * b
    return y - 128.0, cb, cr


def _ycc_to_rgb(y, cb, cr):
    y = y + 128.0
    r = y + 1.402 * cr
    g = y - 0.344136 * cb - 0.714136 * cr
    b = y + 1.772 * cb
    return np.clip(np.rint(np.stack([r, g, b], axis=-1)), 0, 255).astype(np.uint8)


def _pad(plane, mult):
    h, w = plane.shape
    ph, pw = (-h) % mult, (-w) % mult
    return np.pad(plane, ((0, ph), (0, pw)), mode="edge") if ph or pw else plane


def _half(plane):
    return 0.25 * (plane[0::2, 0::2] + plane[1::2, 0::2] + plane[0::2, 1::2] + plane[1::2, 1::2])


def _double(plane):
    return np.repeat(np.repeat(plane, 2, axis=0), 2, axis=1)


def _blocks(plane):
    h, w = plane.shape
    return plane.reshape(h // B, B, w // B, B).transpose(0, 2, 1, 3)


def _unblocks(blocks):
    bh, bw = blocks.shape[:2]
    return blocks.transpose(0, 2, 1, 3).reshape(bh * B, bw * B)


def _steps(quality, chroma, inter, p):
    step = p["base"] * p["ratio"] ** (5 - quality)
    if chroma:
        step *= p["chroma"]
    if inter:
        step *= p["inter"]
    return step * _weights(p["tilt"])


def _code_plane(plane, pred, steps, rounding):
    """Quantises plane - pred; returns (levels, reconstruction)."""
    coeffs = D @ _blocks(plane - pred) @ D.T
    levels = np.sign(coeffs) * np.floor(np.abs(coeffs) / steps + rounding)
    recon = pred + _unblocks(D.T @ (levels * steps) @ D)
    return levels.astype(np.int16), recon


def _decode_plane(levels, pred, steps):
    return pred + _unblocks(D.T @ (levels.astype(np.float64) * steps) @ D)


def _params():
    return {"base": BASE_STEP, "ratio": STEP_RATIO, "tilt": FREQ_TILT, "chroma": CHROMA_STEP_SCALE,
            "inter": INTER_STEP_SCALE}


def _plane_shapes(h, w, half):
    mult = 2 * B if half else B
    ph, pw = h + (-h) % mult, w + (-w) % mult
    ch, cw = (ph // 2, pw // 2) if half else (ph, pw)
    return (ph, pw), (ch, cw)


def encode(frames: np.ndarray, quality: int) -> bytes:
    n, h, w, _ = frames.shape
    p = _params()
    half = bool(CHROMA_HALF)
    mult = 2 * B if half else B
    prev = None
    streams = []
    for i in range(n):
        y, cb, cr = _rgb_to_ycc(frames[i])
        planes = [_pad(y, mult), _pad(cb, mult), _pad(cr, mult)]
        if half:
            planes[1], planes[2] = _half(planes[1]), _half(planes[2])
        inter = prev is not None and i % max(1, GOP) != 0
        recon = []
        for k, plane in enumerate(planes):
            pred = prev[k] if inter else np.zeros_like(plane)
            levels, rec = _code_plane(plane, pred, _steps(quality, k > 0, inter, p), ROUNDING)
            streams.append(levels.reshape(-1, B * B).T.copy())
            recon.append(rec)
        prev = recon
    payload = np.concatenate([s.reshape(-1) for s in streams]).astype("<i2").tobytes()
    packed = lzma.compress(payload, preset=9 | lzma.PRESET_EXTREME) if LZMA else zlib.compress(payload, 9)
    header = MAGIC + struct.pack("<IIIBBBH6f", n, h, w, quality, 1 if half else 0, 1 if LZMA else 0, max(1, GOP),
                                 p["base"], p["ratio"], p["tilt"], p["chroma"], p["inter"], 0.0)
    return header + packed


def decode(data: bytes) -> np.ndarray:
    if data[:4] != MAGIC:
        raise ValueError("not a BDC1 bitstream")
    fmt = "<IIIBBBH6f"
    n, h, w, quality, half, use_lzma, gop, base, ratio, tilt, chroma, inter_scale, _ = struct.unpack_from(fmt, data, 4)
    p = {"base": base, "ratio": ratio, "tilt": tilt, "chroma": chroma, "inter": inter_scale}
    body = data[4 + struct.calcsize(fmt):]
    payload = lzma.decompress(body) if use_lzma else zlib.decompress(body)
    levels_all = np.frombuffer(payload, dtype="<i2")
    (lh, lw), (ch, cw) = _plane_shapes(h, w, bool(half))
    shapes = [(lh, lw), (ch, cw), (ch, cw)]
    out = np.empty((n, h, w, 3), dtype=np.uint8)
    pos = 0
    prev = None
    for i in range(n):
        inter = prev is not None and i % max(1, gop) != 0
        recon = []
        for k, (ph, pw) in enumerate(shapes):
            count = ph * pw
            levels = levels_all[pos:pos + count].reshape(B * B, -1).T.reshape(ph // B, pw // B, B, B)
            pos += count
            pred = prev[k] if inter else np.zeros((ph, pw))
            recon.append(_decode_plane(levels, pred, _steps(quality, k > 0, inter, p)))
        prev = recon
        y, cb, cr = recon
        if half:
            cb, cr = _double(cb), _double(cr)
        out[i] = _ycc_to_rgb(y[:h, :w], cb[:h, :w], cr[:h, :w])
    return out

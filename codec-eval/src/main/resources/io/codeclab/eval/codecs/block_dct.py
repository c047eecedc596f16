"""Block-DCT codec with motion-compensated temporal prediction.

Frames go to YCbCr (BT.601, full range), chroma is optionally halved in each direction, and every plane
is cut into 8x8 blocks. Intra frames code the DCT of the blocks. In predicted frames each 16x16
macroblock either copies a displaced block of the previous *reconstructed* frame (motion search within
+-SEARCH pixels; the residual is coded) or is coded on its own when no displacement predicts it well,
so encoder and decoder stay in step. Coefficients are quantised with a step that grows with frequency,
grouped by frequency across all blocks (similar values side by side compress better), mapped to bytes
where they fit, and packed with lzma or zlib.
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
INTER_STEP_SCALE = 1.15  # tune: float 0.8 2.5
ROUNDING = 0.42  # tune: float 0.2 0.5
GOP = 12  # tune: int 1 48
SEARCH = 4  # tune: int 0 8
INTRA_BIAS = 1.0  # tune: float 0.5 2.0
CHROMA_HALF = 1  # tune: int 0 1
LZMA = 1  # tune: int 0 1
# --- end tunables ---

MAGIC = b"BDC2"
HEADER = "<IIIBBBHB6f"
B = 8
MB = 16
INTRA = -128


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


def _shift(ref, dy, dx, r):
    """ref displaced by (dy, dx), edges repeated."""
    padded = np.pad(ref, r, mode="edge")
    h, w = ref.shape
    return padded[r + dy:r + dy + h, r + dx:r + dx + w]


def _mb_sum(a, size):
    h, w = a.shape
    return a.reshape(h // size, size, w // size, size).sum(axis=(1, 3))


def _motion_search(cur, ref, radius, bias):
    """Per 16x16 macroblock: (dy, dx) of the best displacement, or INTRA when coding alone is cheaper."""
    mbh, mbw = cur.shape[0] // MB, cur.shape[1] // MB
    best = np.full((mbh, mbw), np.inf)
    vec = np.zeros((mbh, mbw, 2), dtype=np.int8)
    for dy in range(-radius, radius + 1):
        for dx in range(-radius, radius + 1):
            sad = _mb_sum(np.abs(cur - _shift(ref, dy, dx, max(radius, 1))), MB) + 0.5 * (abs(dy) + abs(dx))
            better = sad < best
            best[better] = sad[better]
            vec[better] = (dy, dx)
    mean = _mb_sum(cur, MB) / (MB * MB)
    intra_cost = _mb_sum(np.abs(cur - np.kron(mean, np.ones((MB, MB)))), MB) * bias
    vec[intra_cost < best] = (INTRA, INTRA)
    return vec


def _prediction(ref, vec, size, scale, radius):
    """The predicted plane for macroblocks of `size` pixels, vectors divided by `scale`; intra blocks predict 0."""
    pred = np.zeros_like(ref)
    r = max(radius, 1)
    padded = np.pad(ref, r, mode="edge")
    for i in range(vec.shape[0]):
        for j in range(vec.shape[1]):
            dy, dx = int(vec[i, j, 0]), int(vec[i, j, 1])
            if dy == INTRA:
                continue
            dy, dx = int(round(dy / scale)), int(round(dx / scale))
            y0, x0 = i * size + r + dy, j * size + r + dx
            pred[i * size:(i + 1) * size, j * size:(j + 1) * size] = padded[y0:y0 + size, x0:x0 + size]
    return pred


def _block_steps(shape, vec, size, base_step, inter_scale, tilt):
    """Quantiser step per 8x8 block: intra macroblocks use the plain step, predicted ones a scaled step."""
    bh, bw = shape[0] // B, shape[1] // B
    per_mb = size // B
    scale = np.ones((bh, bw))
    if vec is not None:
        inter = (vec[..., 0] != INTRA).astype(np.float64)
        scale = np.kron(1.0 + inter * (inter_scale - 1.0), np.ones((per_mb, per_mb)))
    return base_step * scale[:, :, None, None] * _weights(tilt)[None, None]


def _frame_step(quality, chroma, p):
    step = p["base"] * p["ratio"] ** (5 - quality)
    return step * p["chroma"] if chroma else step


def _params():
    return {"base": BASE_STEP, "ratio": STEP_RATIO, "tilt": FREQ_TILT, "chroma": CHROMA_STEP_SCALE,
            "inter": INTER_STEP_SCALE}


def _shapes(h, w, half):
    ph, pw = h + (-h) % MB, w + (-w) % MB
    return [(ph, pw)] + [(ph // 2, pw // 2) if half else (ph, pw)] * 2


def _pack(levels):
    """int16 levels as bytes: one byte each while all fit in int8 (the usual case), else two."""
    if levels.size and levels.min() >= -127 and levels.max() <= 127:
        return b"\x01" + levels.astype(np.int8).tobytes()
    return b"\x02" + levels.astype("<i2").tobytes()


def _unpack(data):
    return np.frombuffer(data[1:], dtype=np.int8 if data[0] == 1 else "<i2").astype(np.int16)


def encode(frames: np.ndarray, quality: int) -> bytes:
    n, h, w, _ = frames.shape
    p = _params()
    half = bool(CHROMA_HALF)
    shapes = _shapes(h, w, half)
    prev = None
    level_streams, vector_streams = [], []
    for i in range(n):
        y, cb, cr = _rgb_to_ycc(frames[i])
        planes = [_pad(y, MB), _pad(cb, MB), _pad(cr, MB)]
        if half:
            planes[1], planes[2] = _half(planes[1]), _half(planes[2])
        vec = None
        if prev is not None and i % max(1, GOP) != 0:
            vec = _motion_search(planes[0], prev[0], SEARCH, INTRA_BIAS)
            vector_streams.append(vec.reshape(-1))
        recon = []
        for k, plane in enumerate(planes):
            size, scale = (MB, 1) if k == 0 or not half else (MB // 2, 2)
            pred = np.zeros_like(plane) if vec is None else _prediction(prev[k], vec, size, scale, SEARCH)
            steps = _block_steps(shapes[k], vec, size, _frame_step(quality, k > 0, p), p["inter"], p["tilt"])
            coeffs = D @ _blocks(plane - pred) @ D.T
            levels = np.sign(coeffs) * np.floor(np.abs(coeffs) / steps + ROUNDING)
            recon.append(pred + _unblocks(D.T @ (levels * steps) @ D))
            level_streams.append(levels.astype(np.int16).reshape(-1, B * B).T.reshape(-1))
        prev = recon
    vectors = np.concatenate(vector_streams).astype(np.int8).tobytes() if vector_streams else b""
    body = struct.pack("<I", len(vectors)) + vectors + _pack(np.concatenate(level_streams))
    packed = lzma.compress(body, preset=9 | lzma.PRESET_EXTREME) if LZMA else zlib.compress(body, 9)
    header = MAGIC + struct.pack(HEADER, n, h, w, quality, 1 if half else 0, 1 if LZMA else 0, max(1, GOP),
                                 SEARCH, p["base"], p["ratio"], p["tilt"], p["chroma"], p["inter"], 0.0)
    return header + packed


def decode(data: bytes) -> np.ndarray:
    if data[:4] != MAGIC:
        raise ValueError("not a BDC2 bitstream")
    (n, h, w, quality, half, use_lzma, gop, search,
     base, ratio, tilt, chroma, inter_scale, _) = struct.unpack_from(HEADER, data, 4)
    p = {"base": base, "ratio": ratio, "tilt": tilt, "chroma": chroma, "inter": inter_scale}
    body = data[4 + struct.calcsize(HEADER):]
    body = lzma.decompress(body) if use_lzma else zlib.decompress(body)
    (vlen,) = struct.unpack_from("<I", body, 0)
    vectors = np.frombuffer(body, dtype=np.int8, count=vlen, offset=4)
    levels_all = _unpack(body[4 + vlen:])
    shapes = _shapes(h, w, bool(half))
    mbh, mbw = shapes[0][0] // MB, shapes[0][1] // MB
    out = np.empty((n, h, w, 3), dtype=np.uint8)
    pos, vpos = 0, 0
    prev = None
    for i in range(n):
        vec = None
        if prev is not None and i % max(1, gop) != 0:
            vec = vectors[vpos:vpos + mbh * mbw * 2].reshape(mbh, mbw, 2)
            vpos += mbh * mbw * 2
        recon = []
        for k, (ph, pw) in enumerate(shapes):
            size, scale = (MB, 1) if k == 0 or not half else (MB // 2, 2)
            count = ph * pw
            levels = levels_all[pos:pos + count].reshape(B * B, -1).T.reshape(ph // B, pw // B, B, B)
            pos += count
            pred = np.zeros((ph, pw)) if vec is None else _prediction(prev[k], vec, size, scale, search)
            steps = _block_steps((ph, pw), vec, size, _frame_step(quality, k > 0, p), p["inter"], p["tilt"])
            recon.append(pred + _unblocks(D.T @ (levels.astype(np.float64) * steps) @ D))
        prev = recon
        y, cb, cr = recon
        if half:
            cb, cr = _double(cb), _double(cr)
        out[i] = _ycc_to_rgb(y[:h, :w], cb[:h, :w], cr[:h, :w])
    return out

"""codec-lab harness: runs one side of a codec program inside the sandbox.

Trusted only as far as the sandbox goes: the candidate shares this process, so nothing this script
reports is believed by the orchestrator. Java counts the bitstream's bytes and measures the decoded
frames itself; this script only moves data between files and the candidate's two functions.

  harness.py encode QUALITY   reads /input/frames.rgb + /input/frames.json, writes /output/bitstream.bin
  harness.py decode           reads /input/bitstream.bin, writes /output/decoded.rgb + /output/decoded.json

The candidate module (/code/codec.py) is imported once per process, so state may carry across frames.
Exit codes: 0 ok; 3 the candidate broke the contract (message on stderr, kind in the JSON); anything
else is an exception of the candidate (traceback on stderr).
"""
import json
import sys
import traceback

import numpy as np

CONTRACT_BROKEN = 3


def _fail(kind, message, report_path):
    with open(report_path, "w") as f:
        json.dump({"ok": False, "kind": kind, "message": message}, f)
    print(f"{kind}: {message}", file=sys.stderr)
    sys.exit(CONTRACT_BROKEN)


def _encode(quality):
    with open("/input/frames.json") as f:
        meta = json.load(f)
    shape = (meta["frames"], meta["height"], meta["width"], 3)
    frames = np.fromfile("/input/frames.rgb", dtype=np.uint8).reshape(shape)
    frames.setflags(write=False)
    import codec  # noqa: E402  (imported after the frames are read: the candidate never sees the paths)

    data = codec.encode(frames, quality)
    report = "/output/encode.json"
    if isinstance(data, (bytearray, memoryview)):
        data = bytes(data)
    if not isinstance(data, bytes):
        _fail("WRONG_TYPE", f"encode must return bytes, returned {type(data).__name__}", report)
    with open("/output/bitstream.bin", "wb") as f:
        f.write(data)
    with open(report, "w") as f:
        json.dump({"ok": True}, f)


def _decode():
    with open("/input/bitstream.bin", "rb") as f:
        data = f.read()
    import codec  # noqa: E402

    frames = codec.decode(data)
    report = "/output/decoded.json"
    if not isinstance(frames, np.ndarray):
        _fail("WRONG_TYPE", f"decode must return a numpy array, returned {type(frames).__name__}", report)
    shape = [int(s) for s in frames.shape]
    dtype = str(frames.dtype)
    if dtype != "uint8":
        has_nan = bool(np.issubdtype(frames.dtype, np.floating) and np.isnan(frames).any())
        _fail("WRONG_DTYPE", f"decode must return uint8, returned {dtype}" + (" containing NaN" if has_nan else ""),
              report)
    if frames.ndim != 4 or shape[3] != 3:
        _fail("WRONG_SHAPE", f"decode must return shape (N, H, W, 3), returned {tuple(shape)}", report)
    with open("/output/decoded.rgb", "wb") as f:
        f.write(np.ascontiguousarray(frames).tobytes())
    with open(report, "w") as f:
        json.dump({"ok": True, "shape": shape, "dtype": dtype}, f)


def main():
    sys.path.insert(0, "/code")
    if len(sys.argv) == 3 and sys.argv[1] == "encode":
        _encode(int(sys.argv[2]))
    elif len(sys.argv) == 2 and sys.argv[1] == "decode":
        _decode()
    else:
        print("usage: harness.py encode QUALITY | harness.py decode", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    try:
        main()
    except SystemExit:
        raise
    except BaseException:
        traceback.print_exc()
        sys.exit(1)

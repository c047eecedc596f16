"""codec-lab playground runner: runs one playground script on one image inside the sandbox.

Reads /input/image (PNG or JPEG, checked by the server), imports the script (/code/playground.py, which
passed the policy check), calls its process(image) with the image as an H x W x 3 uint8 array (BGR, as
OpenCV uses) and writes what it returns to /output/result.png. Exit 3: the script broke this contract
(message on stderr); any other failure is the script's own exception (traceback on stderr).
"""
import sys

import cv2
import numpy as np

CONTRACT_BROKEN = 3


def _fail(message):
    print(message, file=sys.stderr)
    sys.exit(CONTRACT_BROKEN)


def main():
    data = np.fromfile("/input/image", dtype=np.uint8)
    image = cv2.imdecode(data, cv2.IMREAD_COLOR)
    if image is None:
        _fail("the image could not be decoded")
    sys.path.insert(0, "/code")
    import playground  # noqa: E402  (imported after the image is read: the script never sees the paths)

    if not callable(getattr(playground, "process", None)):
        _fail("the script must define process(image) and return the picture to show")
    result = playground.process(image)
    if not isinstance(result, np.ndarray) or result.ndim not in (2, 3) or result.size == 0:
        _fail("process(image) must return a non-empty H x W (x 3) numpy array, got " + type(result).__name__)
    if result.dtype != np.uint8:
        result = np.clip(result, 0, 255).astype(np.uint8)
    ok, encoded = cv2.imencode(".png", result)
    if not ok:
        _fail("the returned array could not be encoded as PNG")
    with open("/output/result.png", "wb") as f:
        f.write(encoded.tobytes())


if __name__ == "__main__":
    main()

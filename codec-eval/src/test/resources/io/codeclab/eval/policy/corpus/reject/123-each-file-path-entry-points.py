# expect-each: denied-api|denied-attribute
# General rule: library entry points that take a file path (or open a camera, a model file or a URL) are denied,
# whatever the spelling: qualified, from-imported, aliased, or on an object the checker cannot resolve.
import cv2
import numpy as np
import torch
import torchvision
import torchvision.io as tio
from numpy import genfromtxt  # !
from torchvision.io import read_image  # !

capture = cv2.VideoCapture("/input/frames.rgb")  # !
storage = cv2.FileStorage("/tmp/x.yml", 0)  # !
raw = np.fromfile("/input/frames.rgb", dtype=np.uint8)  # !
mapped = np.memmap("/input/frames.rgb", dtype=np.uint8)  # !
table = np.loadtxt("/etc/passwd", dtype=str)  # !
rows = np.genfromtxt("/etc/passwd")  # !
mod = np
text = mod.loadtxt("/etc/hostname", dtype=str)  # !
tensor = torch.from_file("/input/frames.rgb", size=16)  # !
storage2 = torch.UntypedStorage.from_file("/input/frames.rgb", False, 16)  # !
data = torchvision.io.read_file("/input/frames.rgb")  # !
img = tio.read_image("/tmp/a.png")  # !
tio.write_png(torch.zeros(3, 2, 2, dtype=torch.uint8), "/tmp/b.png")  # !
video = torchvision.io.read_video("/tmp/a.mp4")  # !
hub = torch.hub.load("pytorch/vision", "resnet18")  # !
lib = torch.hub  # !
model = lib.load_state_dict_from_url("https://example.invalid/w.pth")  # !
net = cv2.dnn.readNetFromONNX("/tmp/m.onnx")  # !
edges = cv2.ximgproc.createStructuredEdgeDetection("/tmp/model.yml.gz")  # !
flat = torch.jit.jit_module_from_flatbuffer("/tmp/m.ff")  # !
face = cv2.FaceDetectorYN_create("/tmp/m.onnx", "", (320, 320))  # !
buf = cv2.imencode(".png", np.zeros((2, 2, 3), np.uint8))[1]
back = cv2.imdecode(buf, cv2.IMREAD_COLOR)
encoded = torchvision.io.encode_png(torch.zeros(3, 2, 2, dtype=torch.uint8))

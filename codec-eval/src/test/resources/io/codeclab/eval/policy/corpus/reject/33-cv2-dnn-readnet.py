# expect: denied-api
import cv2
net = cv2.dnn.readNetFromONNX("/tmp/model.onnx")

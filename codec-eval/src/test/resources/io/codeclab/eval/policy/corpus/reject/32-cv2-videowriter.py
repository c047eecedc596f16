# expect: denied-api
import cv2
from cv2 import VideoWriter
w = VideoWriter("/tmp/out.avi", cv2.VideoWriter_fourcc(*"MJPG"), 25, (4, 4))
